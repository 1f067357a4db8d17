// One append-only, hash-chained log of everything that happened (ARCHITECTURE.md "One log").
// Appends are group-committed: everything appended during one turn of the event loop goes into one
// transaction (one fsync), and each caller's promise resolves once its events are durable. A burst
// of 500 ballots is then a handful of commits, not 500 fsyncs (shared/notes/runtime.md).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './database.ts';

export interface LoggedEvent {
  seq: number;
  at: number;
  meetingId: string | null;
  type: string;
  actor: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface NewEvent {
  at: number;
  meetingId?: string | null;
  type: string;
  actor: string;
  payload: Record<string, unknown>;
}

/** A secret ballot: stored apart from the log, with no seat, no time, no sequence. */
export interface SecretBallot {
  voteId: string;
  choice: string;
}

export interface AuditFilter {
  types?: readonly string[];
  actors?: readonly string[];
  meetingId?: string;
  from?: number;
  to?: number;
  beforeSeq?: number;
  text?: string;
  limit: number;
}

/** `type` starts with one of the prefixes, as SQL and its arguments. */
function typePrefixes(prefixes: readonly string[]): { sql: string; args: string[] } {
  return {
    sql: `(${prefixes.map(() => 'substr(type, 1, length(?)) = ?').join(' OR ')})`,
    args: prefixes.flatMap((p) => [p, p]),
  };
}

function rowToEvent(r: Record<string, unknown>): LoggedEvent {
  return {
    seq: r.seq as number,
    at: r.at as number,
    meetingId: (r.meeting_id as string | null) ?? null,
    type: r.type as string,
    actor: r.actor as string,
    payload: JSON.parse(r.payload as string) as Record<string, unknown>,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

export const GENESIS_HASH = '0'.repeat(64);

export function hashEvent(
  prevHash: string,
  e: Omit<LoggedEvent, 'hash' | 'prevHash' | 'payload'> & { payloadJson: string },
): string {
  return createHash('sha256')
    .update(`${prevHash}\n${e.seq}\n${e.at}\n${e.meetingId ?? ''}\n${e.type}\n${e.actor}\n${e.payloadJson}`)
    .digest('hex');
}

export type ChainCheck = { ok: true; count: number } | { ok: false; seq: number; reason: string };

interface Pending {
  rows: LoggedEvent[];
  payloads: string[];
  ballots: SecretBallot[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class EventLog {
  #db: Db;
  #lastSeq: number;
  #lastHash: string;
  #pending: Pending[] = [];
  #scheduled = false;
  #insert;
  #insertBallot;
  #commits = 0;

  constructor(db: Db) {
    this.#db = db;
    const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string }
      | undefined;
    this.#lastSeq = last?.seq ?? 0;
    this.#lastHash = last?.hash ?? GENESIS_HASH;
    this.#insert = db.prepare(
      'INSERT INTO events (seq, at, meeting_id, type, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#insertBallot = db.prepare('INSERT INTO secret_ballots (id, vote_id, choice) VALUES (?, ?, ?)');
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Number of transactions committed so far (for benchmarks: how well bursts group). */
  get commits(): number {
    return this.#commits;
  }

  /**
   * Assigns sequence numbers and hashes now (so the order is fixed by the caller's order) and
   * resolves when the events and ballots are on disk.
   */
  append(events: readonly NewEvent[], ballots: readonly SecretBallot[] = []): Promise<LoggedEvent[]> {
    if (events.length === 0 && ballots.length === 0) return Promise.resolve([]);
    // Checked before anything is assigned: a bad event fails its caller here, instead of failing
    // the commit of every event that shares its batch.
    for (const e of events) {
      if (!Number.isSafeInteger(e.at))
        throw new TypeError(`event ${e.type}: at must be an integer ms, got ${e.at}`);
    }
    const rows: LoggedEvent[] = [];
    const payloads: string[] = [];
    for (const e of events) {
      const payloadJson = JSON.stringify(e.payload);
      const base = {
        seq: this.#lastSeq + 1,
        at: e.at,
        meetingId: e.meetingId ?? null,
        type: e.type,
        actor: e.actor,
      };
      const hash = hashEvent(this.#lastHash, { ...base, payloadJson });
      rows.push({ ...base, payload: e.payload, prevHash: this.#lastHash, hash });
      payloads.push(payloadJson);
      this.#lastSeq = base.seq;
      this.#lastHash = hash;
    }
    return new Promise<LoggedEvent[]>((resolve, reject) => {
      this.#pending.push({ rows, payloads, ballots: [...ballots], resolve: () => resolve(rows), reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything pending in one transaction. Called by the scheduler; tests may call it. */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    try {
      this.#db.transaction(() => {
        for (const p of batch) {
          p.rows.forEach((r, i) => {
            this.#insert.run(r.seq, r.at, r.meetingId, r.type, r.actor, p.payloads[i]!, r.prevHash, r.hash);
          });
          for (const b of p.ballots) this.#insertBallot.run(randomBytes(16), b.voteId, b.choice);
        }
      })();
      this.#commits++;
    } catch (err) {
      // A failed commit (disk full, I/O error) must not leave the in-memory chain ahead of the file:
      // the next append would link to a hash that is not stored. Re-read the tail from disk.
      const last = this.#db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
        | { seq: number; hash: string }
        | undefined;
      this.#lastSeq = last?.seq ?? 0;
      this.#lastHash = last?.hash ?? GENESIS_HASH;
      for (const p of batch) p.reject(err);
      return;
    }
    for (const p of batch) p.resolve();
  }

  /** Every event after `afterSeq`, in order. */
  *read(afterSeq = 0): Generator<LoggedEvent> {
    const stmt = this.#db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq');
    for (const r of stmt.iterate(afterSeq) as Iterable<Record<string, unknown>>) {
      yield rowToEvent(r);
    }
  }

  /**
   * Every event whose type starts with one of `prefixes`, in order: what one part rebuilds its state
   * from at start, without parsing every other part's events (the types index serves it).
   */
  *readTypes(prefixes: readonly string[]): Generator<LoggedEvent> {
    if (prefixes.length === 0) return;
    const t = typePrefixes(prefixes);
    const stmt = this.#db.prepare(`SELECT * FROM events WHERE ${t.sql} ORDER BY seq`);
    for (const r of stmt.iterate(...t.args) as Iterable<Record<string, unknown>>) {
      yield rowToEvent(r);
    }
  }

  /**
   * Events matching a filter, newest first: the audit search (R-ACC-4). `type` matches a prefix
   * (`auth.` is the login diary), `text` a substring of the payload, `actors` any of the names.
   */
  search(f: AuditFilter): LoggedEvent[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.types?.length) {
      const t = typePrefixes(f.types);
      where.push(t.sql);
      args.push(...t.args);
    }
    if (f.actors) {
      if (f.actors.length === 0) return [];
      where.push(`actor IN (${f.actors.map(() => '?').join(', ')})`);
      args.push(...f.actors);
    }
    if (f.meetingId !== undefined) {
      where.push('meeting_id = ?');
      args.push(f.meetingId);
    }
    if (f.from !== undefined) {
      where.push('at >= ?');
      args.push(f.from);
    }
    if (f.to !== undefined) {
      where.push('at < ?');
      args.push(f.to);
    }
    if (f.beforeSeq !== undefined) {
      where.push('seq < ?');
      args.push(f.beforeSeq);
    }
    if (f.text) {
      where.push('instr(lower(payload), lower(?)) > 0');
      args.push(f.text);
    }
    const sql = `SELECT * FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...args, f.limit) as Record<string, unknown>[];
    return rows.map(rowToEvent);
  }

  /** Anonymous ballots of one secret vote: choices only. */
  secretBallots(voteId: string): string[] {
    const rows = this.#db.prepare('SELECT choice FROM secret_ballots WHERE vote_id = ?').all(voteId) as {
      choice: string;
    }[];
    return rows.map((r) => r.choice);
  }

  /** Recomputes every hash from the stored rows; any edit, deletion or reordering is found. */
  verify(): ChainCheck {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    const stmt = this.#db.prepare('SELECT * FROM events ORDER BY seq');
    for (const r of stmt.iterate() as Iterable<Record<string, unknown>>) {
      const seq = r.seq as number;
      if (seq !== expectedSeq) return { ok: false, seq, reason: `expected seq ${expectedSeq}` };
      if (r.prev_hash !== prev)
        return { ok: false, seq, reason: 'prev_hash does not match the previous event' };
      const h = hashEvent(prev, {
        seq,
        at: r.at as number,
        meetingId: (r.meeting_id as string | null) ?? null,
        type: r.type as string,
        actor: r.actor as string,
        payloadJson: r.payload as string,
      });
      if (h !== r.hash) return { ok: false, seq, reason: 'hash does not match the content' };
      prev = h;
      expectedSeq++;
      count++;
    }
    return { ok: true, count };
  }
}
