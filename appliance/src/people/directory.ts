// Units, steering committees and persons (R-ROLE-5): the directory, in SQLite. A person belongs to
// one unit (BP Điều 4.2). Nothing is deleted: people who leave are deactivated (R-ACC-1), so the
// meetings, votes and logs that name them keep a name. Callers audit each change in the event log.
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.ts';
import type { GlobalRole } from './roles.ts';

export interface Unit {
  id: string;
  name: string;
  shortName: string | null;
  parentId: string | null;
  /** Days a password of this unit's people lives, when shorter than the deployment's (R-ACC-2). */
  passwordExpiryDays: number | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Person {
  id: string;
  unitId: string;
  fullName: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  ssoSubject: string | null;
  roles: GlobalRole[];
  active: boolean;
  /** The local account's username, if the person has one (SSO-only persons have none). */
  username: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Committee {
  id: string;
  name: string;
  unitId: string | null;
  active: boolean;
  members: string[];
  createdAt: number;
  updatedAt: number;
}

export type DirectoryErrorCode = 'E_NOT_FOUND' | 'E_CONFLICT' | 'E_BAD_REFERENCE';

/** `statusCode` in the http-errors convention: the app's error handler answers it as it is. */
export const REFUSAL_STATUS = { E_NOT_FOUND: 404, E_CONFLICT: 409, E_BAD_REFERENCE: 400 } as const;

export class DirectoryError extends Error {
  readonly code: DirectoryErrorCode;
  readonly statusCode: number;
  constructor(code: DirectoryErrorCode, message: string) {
    super(message);
    this.code = code;
    this.statusCode = REFUSAL_STATUS[code];
  }
}

export interface UnitInput {
  name: string;
  shortName?: string | null;
  parentId?: string | null;
  passwordExpiryDays?: number | null;
}

export interface PersonInput {
  unitId: string;
  fullName: string;
  title?: string | null;
  email?: string | null;
  phone?: string | null;
  ssoSubject?: string | null;
}

export interface PersonFilter {
  unitId?: string;
  /** Matches name, title, e-mail or username (case- and accent-sensitive substring). */
  q?: string;
  active?: boolean;
  role?: GlobalRole;
}

type Row = Record<string, unknown>;

const unitOf = (r: Row): Unit => ({
  id: r.id as string,
  name: r.name as string,
  shortName: (r.short_name as string | null) ?? null,
  parentId: (r.parent_id as string | null) ?? null,
  passwordExpiryDays: (r.password_expiry_days as number | null) ?? null,
  active: r.active === 1,
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});

const personOf = (r: Row): Person => ({
  id: r.id as string,
  unitId: r.unit_id as string,
  fullName: r.full_name as string,
  title: (r.title as string | null) ?? null,
  email: (r.email as string | null) ?? null,
  phone: (r.phone as string | null) ?? null,
  ssoSubject: (r.sso_subject as string | null) ?? null,
  roles: JSON.parse(r.roles as string) as GlobalRole[],
  active: r.active === 1,
  username: (r.username as string | null) ?? null,
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});

const PERSON_SELECT =
  'SELECT p.*, a.username AS username FROM persons p LEFT JOIN accounts a ON a.person_id = p.id';

export class Directory {
  #db: Db;
  #now: () => number;
  #newId: () => string;

  constructor(db: Db, opts: { now?: () => number; newId?: () => string } = {}) {
    this.#db = db;
    this.#now = opts.now ?? Date.now;
    this.#newId = opts.newId ?? (() => randomUUID());
  }

  // --- units ---

  units(): Unit[] {
    return (this.#db.prepare('SELECT * FROM units ORDER BY name').all() as Row[]).map(unitOf);
  }

  unit(id: string): Unit | null {
    const r = this.#db.prepare('SELECT * FROM units WHERE id = ?').get(id) as Row | undefined;
    return r ? unitOf(r) : null;
  }

  createUnit(input: UnitInput): Unit {
    if (input.parentId && !this.unit(input.parentId))
      throw new DirectoryError('E_BAD_REFERENCE', `no unit ${input.parentId}`);
    const id = this.#newId();
    const now = this.#now();
    this.#db
      .prepare(
        'INSERT INTO units (id, name, short_name, parent_id, password_expiry_days, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)',
      )
      .run(
        id,
        input.name,
        input.shortName ?? null,
        input.parentId ?? null,
        input.passwordExpiryDays ?? null,
        now,
        now,
      );
    return this.unit(id)!;
  }

  updateUnit(id: string, patch: Partial<UnitInput> & { active?: boolean }): Unit {
    const before = this.unit(id);
    if (!before) throw new DirectoryError('E_NOT_FOUND', `no unit ${id}`);
    if (patch.parentId) {
      // A unit under itself (or under its own child) would make the tree a loop.
      for (let p: string | null = patch.parentId; p; p = this.unit(p)?.parentId ?? null) {
        if (p === id) throw new DirectoryError('E_BAD_REFERENCE', 'a unit cannot be placed under itself');
        if (!this.unit(p)) throw new DirectoryError('E_BAD_REFERENCE', `no unit ${p}`);
      }
    }
    const next = { ...before, ...patch };
    this.#db
      .prepare(
        'UPDATE units SET name = ?, short_name = ?, parent_id = ?, password_expiry_days = ?, active = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        next.name,
        next.shortName ?? null,
        next.parentId ?? null,
        next.passwordExpiryDays ?? null,
        next.active ? 1 : 0,
        this.#now(),
        id,
      );
    return this.unit(id)!;
  }

  // --- persons ---

  persons(filter: PersonFilter = {}): Person[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.unitId !== undefined) {
      where.push('p.unit_id = ?');
      args.push(filter.unitId);
    }
    if (filter.active !== undefined) {
      where.push('p.active = ?');
      args.push(filter.active ? 1 : 0);
    }
    if (filter.q) {
      where.push(
        "(instr(lower(p.full_name), lower(?)) > 0 OR instr(lower(coalesce(p.title, '')), lower(?)) > 0 OR instr(lower(coalesce(p.email, '')), lower(?)) > 0 OR instr(lower(coalesce(a.username, '')), lower(?)) > 0)",
      );
      args.push(filter.q, filter.q, filter.q, filter.q);
    }
    const sql = `${PERSON_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY p.full_name`;
    let rows = (this.#db.prepare(sql).all(...args) as Row[]).map(personOf);
    if (filter.role) rows = rows.filter((p) => p.roles.includes(filter.role!));
    return rows;
  }

  person(id: string): Person | null {
    const r = this.#db.prepare(`${PERSON_SELECT} WHERE p.id = ?`).get(id) as Row | undefined;
    return r ? personOf(r) : null;
  }

  personBySsoSubject(subject: string): Person | null {
    const r = this.#db.prepare(`${PERSON_SELECT} WHERE p.sso_subject = ?`).get(subject) as Row | undefined;
    return r ? personOf(r) : null;
  }

  createPerson(input: PersonInput, roles: readonly GlobalRole[] = []): Person {
    if (!this.unit(input.unitId)) throw new DirectoryError('E_BAD_REFERENCE', `no unit ${input.unitId}`);
    this.#ssoFree(input.ssoSubject ?? null, null);
    const id = this.#newId();
    const now = this.#now();
    this.#db
      .prepare(
        `INSERT INTO persons (id, unit_id, full_name, title, email, phone, sso_subject, roles, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(
        id,
        input.unitId,
        input.fullName,
        input.title ?? null,
        input.email ?? null,
        input.phone ?? null,
        input.ssoSubject ?? null,
        JSON.stringify([...new Set(roles)].sort()),
        now,
        now,
      );
    return this.person(id)!;
  }

  updatePerson(id: string, patch: Partial<PersonInput>): Person {
    const before = this.person(id);
    if (!before) throw new DirectoryError('E_NOT_FOUND', `no person ${id}`);
    if (patch.unitId && !this.unit(patch.unitId))
      throw new DirectoryError('E_BAD_REFERENCE', `no unit ${patch.unitId}`);
    if (patch.ssoSubject !== undefined) this.#ssoFree(patch.ssoSubject, id);
    const next = { ...before, ...patch };
    this.#db
      .prepare(
        'UPDATE persons SET unit_id = ?, full_name = ?, title = ?, email = ?, phone = ?, sso_subject = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        next.unitId,
        next.fullName,
        next.title ?? null,
        next.email ?? null,
        next.phone ?? null,
        next.ssoSubject ?? null,
        this.#now(),
        id,
      );
    return this.person(id)!;
  }

  setRoles(id: string, roles: readonly GlobalRole[]): Person {
    if (!this.person(id)) throw new DirectoryError('E_NOT_FOUND', `no person ${id}`);
    this.#db
      .prepare('UPDATE persons SET roles = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify([...new Set(roles)].sort()), this.#now(), id);
    return this.person(id)!;
  }

  /** Leaving or returning (R-ACC-1). Deactivating also ends the person's sessions (accounts.ts). */
  setActive(id: string, active: boolean): Person {
    if (!this.person(id)) throw new DirectoryError('E_NOT_FOUND', `no person ${id}`);
    this.#db
      .prepare('UPDATE persons SET active = ?, updated_at = ? WHERE id = ?')
      .run(active ? 1 : 0, this.#now(), id);
    return this.person(id)!;
  }

  /** The unit a person administers: theirs, when they are an active unit administrator. */
  unitAdministeredBy(personId: string): string | null {
    const p = this.person(personId);
    return p?.active && p.roles.includes('unit_admin') ? p.unitId : null;
  }

  /** How many active persons hold a role (the last system administrator cannot be removed). */
  countWithRole(role: GlobalRole): number {
    return this.persons({ active: true, role }).length;
  }

  #ssoFree(subject: string | null, self: string | null): void {
    if (!subject) return;
    const other = this.personBySsoSubject(subject);
    if (other && other.id !== self)
      throw new DirectoryError('E_CONFLICT', `SSO subject ${subject} already belongs to ${other.fullName}`);
  }

  // --- steering committees (Ban Chỉ đạo) ---

  committees(): Committee[] {
    const rows = this.#db.prepare('SELECT * FROM committees ORDER BY name').all() as Row[];
    return rows.map((r) => this.#committeeOf(r));
  }

  committee(id: string): Committee | null {
    const r = this.#db.prepare('SELECT * FROM committees WHERE id = ?').get(id) as Row | undefined;
    return r ? this.#committeeOf(r) : null;
  }

  createCommittee(input: { name: string; unitId?: string | null; members?: readonly string[] }): Committee {
    if (input.unitId && !this.unit(input.unitId))
      throw new DirectoryError('E_BAD_REFERENCE', `no unit ${input.unitId}`);
    const id = this.#newId();
    const now = this.#now();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          'INSERT INTO committees (id, name, unit_id, active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
        )
        .run(id, input.name, input.unitId ?? null, now, now);
      this.#setMembers(id, input.members ?? []);
    })();
    return this.committee(id)!;
  }

  updateCommittee(
    id: string,
    patch: { name?: string; unitId?: string | null; members?: readonly string[]; active?: boolean },
  ): Committee {
    const before = this.committee(id);
    if (!before) throw new DirectoryError('E_NOT_FOUND', `no committee ${id}`);
    if (patch.unitId && !this.unit(patch.unitId))
      throw new DirectoryError('E_BAD_REFERENCE', `no unit ${patch.unitId}`);
    const next = { ...before, ...patch };
    this.#db.transaction(() => {
      this.#db
        .prepare('UPDATE committees SET name = ?, unit_id = ?, active = ?, updated_at = ? WHERE id = ?')
        .run(next.name, next.unitId ?? null, next.active ? 1 : 0, this.#now(), id);
      if (patch.members) this.#setMembers(id, patch.members);
    })();
    return this.committee(id)!;
  }

  #setMembers(id: string, members: readonly string[]): void {
    for (const m of members)
      if (!this.person(m)) throw new DirectoryError('E_BAD_REFERENCE', `no person ${m}`);
    this.#db.prepare('DELETE FROM committee_members WHERE committee_id = ?').run(id);
    const ins = this.#db.prepare('INSERT INTO committee_members (committee_id, person_id) VALUES (?, ?)');
    for (const m of new Set(members)) ins.run(id, m);
  }

  #committeeOf(r: Row): Committee {
    const members = (
      this.#db.prepare('SELECT person_id FROM committee_members WHERE committee_id = ?').all(r.id) as Row[]
    ).map((m) => m.person_id as string);
    return {
      id: r.id as string,
      name: r.name as string,
      unitId: (r.unit_id as string | null) ?? null,
      active: r.active === 1,
      members,
      createdAt: r.created_at as number,
      updatedAt: r.updated_at as number,
    };
  }
}
