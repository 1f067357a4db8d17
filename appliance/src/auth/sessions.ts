// Login sessions: a random 256-bit token in the cookie, its SHA-256 in SQLite (so a copied
// database file opens nothing), a CSRF token per session, an idle timeout and an absolute one.
// A session is `restricted` while the person must change their password (one-time password,
// expired password, R-ACC-2/3): then it may do nothing but change it or log out.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/database.ts';

export interface Session {
  /** SHA-256 of the token, hex: names the session in logs and lists without revealing it. */
  id: string;
  personId: string;
  csrf: string;
  via: 'password' | 'sso';
  restricted: false | 'must_change' | 'expired';
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

// Writing last_seen on every request would be an fsync per request (synchronous=FULL); once a
// minute is exact enough for an idle timeout counted in minutes.
const TOUCH_EVERY_MS = 60_000;

const digest = (token: string) => createHash('sha256').update(token).digest();

type Row = Record<string, unknown>;

export class Sessions {
  #db: Db;
  #limits: SessionLimits;
  #now: () => number;

  constructor(db: Db, limits: SessionLimits, now: () => number = Date.now) {
    this.#db = db;
    this.#limits = limits;
    this.#now = now;
  }

  create(
    personId: string,
    o: { via: Session['via']; restricted: Session['restricted']; ip?: string; userAgent?: string },
  ): { token: string; session: Session } {
    const token = randomBytes(32).toString('base64url');
    const now = this.#now();
    const csrf = randomBytes(24).toString('base64url');
    this.#db
      .prepare(
        `INSERT INTO sessions (id, person_id, csrf, via, restricted, created_at, last_seen_at, expires_at, ip, user_agent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        digest(token),
        personId,
        csrf,
        o.via,
        o.restricted === false ? 0 : o.restricted === 'must_change' ? 1 : 2,
        now,
        now,
        now + this.#limits.maxHours * 3_600_000,
        o.ip?.slice(0, 100) ?? null,
        o.userAgent?.slice(0, 300) ?? null,
      );
    return { token, session: this.#byDigest(digest(token))! };
  }

  /** The live session a token names, or null (unknown, idle too long, or past its end). */
  resolve(token: string | undefined): Session | null {
    if (token?.length !== 43) return null;
    const d = digest(token);
    const s = this.#byDigest(d);
    if (!s) return null;
    const now = this.#now();
    if (now >= s.expiresAt || now - s.lastSeenAt >= this.#limits.idleMinutes * 60_000) {
      this.#db.prepare('DELETE FROM sessions WHERE id = ?').run(d);
      return null;
    }
    if (now - s.lastSeenAt >= TOUCH_EVERY_MS) {
      this.#db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now, d);
      s.lastSeenAt = now;
    }
    return s;
  }

  destroy(id: string): void {
    this.#db.prepare('DELETE FROM sessions WHERE id = ?').run(Buffer.from(id, 'hex'));
  }

  /** Ends every session of a person (password changed or reset, person left), but `keep`. */
  destroyFor(personId: string, keep?: string): number {
    return this.#db
      .prepare('DELETE FROM sessions WHERE person_id = ? AND id != ?')
      .run(personId, keep ? Buffer.from(keep, 'hex') : Buffer.alloc(0)).changes;
  }

  unrestrict(id: string): void {
    this.#db.prepare('UPDATE sessions SET restricted = 0 WHERE id = ?').run(Buffer.from(id, 'hex'));
  }

  /** Live sessions of a person, newest first (the account page lists them). */
  of(personId: string): Session[] {
    const rows = this.#db
      .prepare('SELECT * FROM sessions WHERE person_id = ? ORDER BY created_at DESC')
      .all(personId) as Row[];
    return rows.map(sessionOf);
  }

  /** Drops expired rows; called now and then so the table does not grow with abandoned logins. */
  sweep(): number {
    const now = this.#now();
    return this.#db
      .prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?')
      .run(now, now - this.#limits.idleMinutes * 60_000).changes;
  }

  #byDigest(d: Buffer): Session | null {
    const r = this.#db.prepare('SELECT * FROM sessions WHERE id = ?').get(d) as Row | undefined;
    return r ? sessionOf(r) : null;
  }
}

function sessionOf(r: Row): Session {
  return {
    id: (r.id as Buffer).toString('hex'),
    personId: r.person_id as string,
    csrf: r.csrf as string,
    via: r.via as Session['via'],
    restricted: r.restricted === 0 ? false : r.restricted === 1 ? 'must_change' : 'expired',
    createdAt: r.created_at as number,
    lastSeenAt: r.last_seen_at as number,
    expiresAt: r.expires_at as number,
    ip: (r.ip as string | null) ?? null,
    userAgent: (r.user_agent as string | null) ?? null,
  };
}
