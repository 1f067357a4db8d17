// Local accounts (R-ACC-1..3): one per person, never shared; Argon2id hashes; no default
// password anywhere: creating an account or resetting it issues a one-time password, shown once to
// the administrator, that expires and must be changed at the first login; passwords expire after a
// configurable period (90 days by default, R-ACC-2); repeated failures lock the account for a while.
import { randomInt } from 'node:crypto';
import { type Directory, type Person, type PersonInput, REFUSAL_STATUS } from '../people/directory.ts';
import type { GlobalRole } from '../people/roles.ts';
import type { Db } from '../store/database.ts';
import { burnVerify, hashPassword, needsRehash, verifyPassword } from './password-hash.ts';
import { PASSWORD_HISTORY, type PasswordProblem, passwordProblems } from './password-policy.ts';
import type { Session, Sessions } from './sessions.ts';

export interface AccountSettings {
  /** Days a password lives; an expired one forces a change at the next login (R-ACC-2). */
  passwordExpiryDays: number;
  /** Failed logins in a row that lock the account. */
  maxFailedLogins: number;
  lockoutMinutes: number;
  /** How long a one-time password (new account, reset) can be used. */
  oneTimePasswordHours: number;
  /** Login attempts per minute from one address (the login route's rate limit). */
  loginPerMinutePerIp: number;
}

export type LoginFailure =
  | {
      ok: false;
      code: 'E_LOGIN_FAILED';
      reason: 'unknown_user' | 'bad_password' | 'disabled';
      personId?: string;
    }
  | { ok: false; code: 'E_LOCKED'; reason: 'locked'; personId: string; retryAfterSeconds: number }
  | { ok: false; code: 'E_ONE_TIME_EXPIRED'; reason: 'one_time_expired'; personId: string };

export type LoginResult = { ok: true; person: Person; token: string; session: Session } | LoginFailure;

export type PasswordChangeResult =
  | { ok: true }
  | { ok: false; code: 'E_BAD_PASSWORD'; message: string }
  | { ok: false; code: 'E_WEAK_PASSWORD'; problems: PasswordProblem[] };

export class AccountError extends Error {
  readonly code: 'E_NOT_FOUND' | 'E_CONFLICT';
  readonly statusCode: number;
  constructor(code: AccountError['code'], message: string) {
    super(message);
    this.code = code;
    this.statusCode = REFUSAL_STATUS[code];
  }
}

type Row = Record<string, unknown>;

// No 0/O, 1/l/I: it is read off a screen and typed on a tablet.
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 4 groups of 4 from 55 symbols: 92 bits. Satisfies the policy's classes almost always; enforced. */
export function oneTimePassword(): string {
  for (;;) {
    const groups = Array.from({ length: 4 }, () =>
      Array.from({ length: 4 }, () => OTP_ALPHABET[randomInt(OTP_ALPHABET.length)]).join(''),
    );
    const p = groups.join('-');
    if (/[a-z]/.test(p) && /[A-Z]/.test(p) && /\d/.test(p)) return p;
  }
}

export class Accounts {
  #db: Db;
  #directory: Directory;
  #sessions: Sessions;
  #settings: AccountSettings;
  #now: () => number;

  constructor(db: Db, directory: Directory, sessions: Sessions, settings: AccountSettings, now = Date.now) {
    this.#db = db;
    this.#directory = directory;
    this.#sessions = sessions;
    this.#settings = settings;
    this.#now = now;
    // The dummy hash an unknown username is checked against, made now: made at the first unknown
    // username, that one login would take twice as long as a wrong password.
    void burnVerify('');
  }

  get settings(): AccountSettings {
    return this.#settings;
  }

  #row(personId: string): Row | undefined {
    return this.#db.prepare('SELECT * FROM accounts WHERE person_id = ?').get(personId) as Row | undefined;
  }

  /** The deployment's expiry, or the person's unit's when that one is shorter (R-ACC-2). */
  #expiryDays(personId: string): number {
    const person = this.#directory.person(personId);
    const unitDays = person ? this.#directory.unit(person.unitId)?.passwordExpiryDays : null;
    return unitDays
      ? Math.min(unitDays, this.#settings.passwordExpiryDays)
      : this.#settings.passwordExpiryDays;
  }

  has(personId: string): boolean {
    return this.#row(personId) !== undefined;
  }

  /** Gives a person a local account; returns the one-time password (shown once, never stored). */
  async create(personId: string, username: string): Promise<string> {
    const otp = oneTimePassword();
    const hash = await hashPassword(otp);
    // Checked after the hash, in one synchronous step with the insert: nothing can take the
    // username in between.
    this.#db.transaction(() => this.#insert(personId, username, hash))();
    return otp;
  }

  /**
   * A new person and their account in one transaction, so a taken username creates nobody (the
   * administrator would otherwise find a person without the account they asked for).
   */
  async createWithPerson(
    input: PersonInput,
    roles: readonly GlobalRole[],
    username: string,
  ): Promise<{ person: Person; oneTimePassword: string }> {
    const otp = oneTimePassword();
    const hash = await hashPassword(otp);
    const person = this.#db.transaction(() => {
      this.#usernameFree(username);
      const p = this.#directory.createPerson(input, roles);
      this.#insert(p.id, username, hash);
      return p;
    })();
    return { person: this.#directory.person(person.id)!, oneTimePassword: otp };
  }

  #usernameFree(username: string): void {
    const taken = this.#db.prepare('SELECT 1 FROM accounts WHERE username = ?').get(username);
    if (taken) throw new AccountError('E_CONFLICT', `username ${username} is taken`);
  }

  #insert(personId: string, username: string, hash: string): void {
    if (!this.#directory.person(personId)) throw new AccountError('E_NOT_FOUND', `no person ${personId}`);
    if (this.#row(personId)) throw new AccountError('E_CONFLICT', 'this person already has an account');
    this.#usernameFree(username);
    const now = this.#now();
    this.#db
      .prepare(
        `INSERT INTO accounts (person_id, username, password_hash, password_changed_at, must_change, one_time_expires_at)
         VALUES (?, ?, ?, ?, 1, ?)`,
      )
      .run(personId, username, hash, now, now + this.#settings.oneTimePasswordHours * 3_600_000);
  }

  /** Administrator reset (R-ACC-3): a new one-time password; every session of the person ends. */
  async reset(personId: string): Promise<string> {
    if (!this.#row(personId)) throw new AccountError('E_NOT_FOUND', 'this person has no local account');
    const otp = oneTimePassword();
    const hash = await hashPassword(otp);
    const now = this.#now();
    this.#db
      .prepare(
        'UPDATE accounts SET password_hash = ?, password_changed_at = ?, must_change = 1, one_time_expires_at = ?, failed_count = 0, locked_until = NULL WHERE person_id = ?',
      )
      .run(hash, now, now + this.#settings.oneTimePasswordHours * 3_600_000, personId);
    this.#sessions.destroyFor(personId);
    return otp;
  }

  /** The account as an administrator sees it: never the hash. */
  status(personId: string) {
    const r = this.#row(personId);
    if (!r) return null;
    const now = this.#now();
    return {
      username: r.username as string,
      mustChange: r.must_change === 1,
      passwordChangedAt: r.password_changed_at as number,
      passwordExpiresAt: (r.password_changed_at as number) + this.#expiryDays(personId) * 86_400_000,
      lockedUntil:
        (r.locked_until as number | null) && (r.locked_until as number) > now
          ? (r.locked_until as number)
          : null,
      failedCount: r.failed_count as number,
      lastLoginAt: (r.last_login_at as number | null) ?? null,
      /** While the password is one-time: until when it can be used. */
      oneTimeExpiresAt: r.must_change === 1 ? ((r.one_time_expires_at as number | null) ?? null) : null,
    };
  }

  async login(
    username: string,
    password: string,
    meta: { ip?: string; userAgent?: string } = {},
  ): Promise<LoginResult> {
    const r = this.#db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as Row | undefined;
    if (!r) {
      await burnVerify(password);
      return { ok: false, code: 'E_LOGIN_FAILED', reason: 'unknown_user' };
    }
    const personId = r.person_id as string;
    const now = this.#now();
    const locked = r.locked_until as number | null;
    if (locked && locked > now) {
      return {
        ok: false,
        code: 'E_LOCKED',
        reason: 'locked',
        personId,
        retryAfterSeconds: Math.ceil((locked - now) / 1000),
      };
    }
    const good = await verifyPassword(r.password_hash as string, password);
    const person = this.#directory.person(personId);
    if (!good) {
      const failed = (r.failed_count as number) + 1;
      const lock = failed >= this.#settings.maxFailedLogins;
      this.#db
        .prepare('UPDATE accounts SET failed_count = ?, locked_until = ? WHERE person_id = ?')
        .run(lock ? 0 : failed, lock ? now + this.#settings.lockoutMinutes * 60_000 : null, personId);
      if (lock) {
        return {
          ok: false,
          code: 'E_LOCKED',
          reason: 'locked',
          personId,
          retryAfterSeconds: this.#settings.lockoutMinutes * 60,
        };
      }
      return { ok: false, code: 'E_LOGIN_FAILED', reason: 'bad_password', personId };
    }
    // The right password of a person who left still opens nothing (R-ACC-1).
    if (!person?.active) return { ok: false, code: 'E_LOGIN_FAILED', reason: 'disabled', personId };
    const mustChange = r.must_change === 1;
    const otpEnd = r.one_time_expires_at as number | null;
    if (mustChange && otpEnd !== null && otpEnd <= now) {
      return { ok: false, code: 'E_ONE_TIME_EXPIRED', reason: 'one_time_expired', personId };
    }
    const expired = now >= (r.password_changed_at as number) + this.#expiryDays(personId) * 86_400_000;
    this.#db
      .prepare(
        'UPDATE accounts SET failed_count = 0, locked_until = NULL, last_login_at = ? WHERE person_id = ?',
      )
      .run(now, personId);
    if (needsRehash(r.password_hash as string)) {
      this.#db
        .prepare('UPDATE accounts SET password_hash = ? WHERE person_id = ?')
        .run(await hashPassword(password), personId);
    }
    const { token, session } = this.#sessions.create(personId, {
      via: 'password',
      restricted: mustChange ? 'must_change' : expired ? 'expired' : false,
      ...meta,
    });
    return { ok: true, person, token, session };
  }

  /**
   * The person changes their own password: the current one is asked again (a session left open
   * on a tablet must not be enough), the new one meets the policy and none of the last five.
   * Every other session of the person ends; `session` (the one asking) becomes unrestricted.
   */
  async changePassword(
    personId: string,
    current: string,
    next: string,
    session?: Session,
  ): Promise<PasswordChangeResult> {
    const r = this.#row(personId);
    if (!r || !(await verifyPassword(r.password_hash as string, current))) {
      return { ok: false, code: 'E_BAD_PASSWORD', message: 'the current password is not right' };
    }
    const person = this.#directory.person(personId);
    const problems = passwordProblems(next, [
      r.username as string,
      person?.fullName ?? '',
      person?.email ?? '',
    ]);
    const history = this.#db
      .prepare('SELECT hash FROM password_history WHERE person_id = ? ORDER BY at DESC LIMIT ?')
      .all(personId, PASSWORD_HISTORY - 1) as Row[];
    const earlier = [r.password_hash as string, ...history.map((h) => h.hash as string)];
    for (const h of earlier) {
      if (await verifyPassword(h, next)) {
        problems.push({ code: 'reused', last: PASSWORD_HISTORY });
        break;
      }
    }
    if (problems.length) return { ok: false, code: 'E_WEAK_PASSWORD', problems };
    const hash = await hashPassword(next);
    const now = this.#now();
    this.#db.transaction(() => {
      // A one-time password is not worth remembering as history.
      if (r.must_change !== 1) {
        this.#db
          .prepare('INSERT INTO password_history (person_id, hash, at) VALUES (?, ?, ?)')
          .run(personId, r.password_hash, r.password_changed_at);
      }
      this.#db
        .prepare(
          'UPDATE accounts SET password_hash = ?, password_changed_at = ?, must_change = 0, one_time_expires_at = NULL WHERE person_id = ?',
        )
        .run(hash, now, personId);
      this.#db
        .prepare(
          `DELETE FROM password_history WHERE person_id = ? AND rowid NOT IN
             (SELECT rowid FROM password_history WHERE person_id = ? ORDER BY at DESC LIMIT ?)`,
        )
        .run(personId, personId, PASSWORD_HISTORY - 1);
    })();
    this.#sessions.destroyFor(personId, session?.id);
    if (session) this.#sessions.unrestrict(session.id);
    return { ok: true };
  }

  /**
   * Sets a password without the one-time step. Only for the test harness and the demo's seed:
   * nothing reachable over HTTP calls it.
   */
  async setPasswordForSetup(personId: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    this.#db
      .prepare(
        'UPDATE accounts SET password_hash = ?, password_changed_at = ?, must_change = 0, one_time_expires_at = NULL WHERE person_id = ?',
      )
      .run(hash, this.#now(), personId);
  }
}
