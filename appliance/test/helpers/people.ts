// People for tests: a unit, persons with roles and local accounts, and logged-in sessions.
// Passwords are set through the setup path (no one-time step) so each test starts where it wants;
// tests of the one-time path itself go through the HTTP routes.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { People } from '../../src/http/app-types.ts';
import type { GlobalRole } from '../../src/people/roles.ts';

export const TEST_PASSWORD = 'Phong-hop-2026!';

export interface TestPerson {
  id: string;
  username: string;
  unitId: string;
}

export async function addPerson(
  people: People,
  username: string,
  o: { unitId: string; roles?: GlobalRole[]; fullName?: string; password?: string },
): Promise<TestPerson> {
  const p = people.directory.createPerson(
    { unitId: o.unitId, fullName: o.fullName ?? `Người ${username}` },
    o.roles ?? [],
  );
  await people.accounts.create(p.id, username);
  await people.accounts.setPasswordForSetup(p.id, o.password ?? TEST_PASSWORD);
  return { id: p.id, username, unitId: o.unitId };
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  /** Headers for a state-changing request with this session. */
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export function sessionOf(res: LightMyRequestResponse | Response, body: Record<string, unknown>): LoggedIn {
  const raw =
    'cookies' in res && Array.isArray((res as LightMyRequestResponse).cookies)
      ? (res as LightMyRequestResponse).cookies.map((c) => `${c.name}=${c.value}`)
      : [String((res as Response).headers.get('set-cookie') ?? '').split(';')[0]!];
  const cookie = raw.find((c) => c.startsWith('room_session='));
  if (!cookie) throw new Error(`no session cookie: ${JSON.stringify(body)}`);
  const csrf = body.csrfToken as string;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf }, body };
}

/** Logs in over the app's own route (fastify inject). */
export async function login(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<LoggedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return sessionOf(res, res.json());
}

/** A unit with one person per global role (and a plain delegate), each logged in. */
export async function staff(app: FastifyInstance, people: People) {
  const unit = people.directory.createUnit({ name: 'Văn phòng UBND tỉnh' });
  const other = people.directory.createUnit({ name: 'Sở Nội vụ' });
  const make = async (username: string, roles: GlobalRole[], unitId = unit.id) => {
    const p = await addPerson(people, username, { unitId, roles });
    return { ...p, session: await login(app, username) };
  };
  return {
    unit,
    other,
    admin: await make('admin', ['sysadmin']),
    unitAdmin: await make('unitadmin', ['unit_admin']),
    otherUnitAdmin: await make('otheradmin', ['unit_admin'], other.id),
    organiser: await make('organiser', ['organiser']),
    technician: await make('technician', ['technician']),
    person: await make('person', []),
  };
}
