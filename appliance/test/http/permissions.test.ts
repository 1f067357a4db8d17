// The permission table, one test per cell (R-ROLE-*, R-ACC-6): every route of the OpenAPI document
// × every kind of caller. What each caller is (their roles, units, meeting roles and seat) is
// written out here, and so is the action of each route (helpers/route-table.ts); the answer
// expected is what PERMISSIONS gives that action. The test also checks that each route declares
// the action written here, so the table here and the routes cannot drift apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MeetingRole, PERMISSIONS, type RouteAccess } from '../../src/http/permissions.ts';
import { type FixtureCaller, type RoomFixture, roomFixture } from '../helpers/room-fixture.ts';
import {
  fill,
  type MeetingRef,
  meetingOf,
  ROUTES,
  routeKey,
  type Sample,
  seatOf,
  type UnitRef,
} from '../helpers/route-table.ts';

/** Who a caller is, as this test understands them. */
interface Persona {
  name: string;
  kind: 'public' | 'delegateKey' | 'chairKey' | 'restricted' | 'person';
  global?: string[];
  unit?: 'U' | 'O';
  unitAdmin?: boolean;
  /** Their roles in each meeting (M1 is in progress, M2 published with the same people). */
  meetings?: Partial<Record<MeetingRef, MeetingRole[]>>;
  /** The seat they act for: a key's, or a person's seat in the meeting in progress. */
  seat?: number;
}

const both = (roles: MeetingRole[]) => ({ M1: roles, M2: roles });

const PERSONAS: Record<FixtureCaller, Persona> = {
  public: { name: 'public', kind: 'public' },
  seatDelegate: { name: 'seat delegate key (seat 5)', kind: 'delegateKey', seat: 5 },
  seatChair: { name: 'seat chair key (seat 1)', kind: 'chairKey', seat: 1 },
  restricted: { name: 'restricted (a sysadmin with an unchanged one-time password)', kind: 'restricted' },
  person: { name: 'plain person', kind: 'person', unit: 'U' },
  sysadmin: { name: 'sysadmin', kind: 'person', unit: 'U', global: ['sysadmin'] },
  // U is an invited unit of M1 and M2: its administrator sees them (R-ATT-1: names who comes).
  unitAdmin: {
    name: 'unit admin of U',
    kind: 'person',
    unit: 'U',
    unitAdmin: true,
    meetings: both(['unit_admin']),
  },
  otherUnitAdmin: { name: 'unit admin of O', kind: 'person', unit: 'O', unitAdmin: true },
  organiser: {
    name: 'organiser',
    kind: 'person',
    unit: 'U',
    global: ['organiser'],
    meetings: { M3: ['organiser'] },
  },
  technician: { name: 'technician', kind: 'person', unit: 'U', global: ['technician'] },
  meetingOrganiser: {
    name: "the meeting's organiser",
    kind: 'person',
    unit: 'U',
    global: ['organiser'],
    meetings: both(['organiser']),
  },
  meetingChair: {
    name: "the meeting's chair (seat 1)",
    kind: 'person',
    unit: 'U',
    meetings: both(['chair']),
    seat: 1,
  },
  meetingSecretary: {
    name: "the meeting's secretary",
    kind: 'person',
    unit: 'U',
    meetings: both(['secretary']),
  },
  meetingApprover: {
    name: "the meeting's approver",
    kind: 'person',
    unit: 'U',
    meetings: both(['approver']),
  },
  meetingInvitee: {
    name: 'an invitee, attending (seat 5)',
    kind: 'person',
    unit: 'U',
    meetings: both(['invitee', 'delegate']),
    seat: 5,
  },
  meetingSupport: { name: 'support staff', kind: 'person', unit: 'U', meetings: both(['support']) },
  unrelated: { name: 'an unrelated person (unit O)', kind: 'person', unit: 'O' },
};

const DENIALS = ['E_UNAUTHENTICATED', 'E_FORBIDDEN', 'E_PASSWORD_CHANGE_REQUIRED', 'E_NOT_YOUR_SEAT'];

/** The roles a persona holds for one request. */
function held(p: Persona, s: Sample): Set<string> {
  const roles = new Set(['public']);
  if (p.kind === 'delegateKey') roles.add('seat.delegate');
  if (p.kind === 'chairKey') roles.add('seat.chair');
  if (p.kind === 'restricted') roles.add('restricted');
  if (p.kind !== 'person') return roles;
  roles.add('person');
  for (const g of p.global ?? []) roles.add(g);
  const unit: UnitRef | undefined = s.unit;
  if (p.unitAdmin && (unit === 'own' || unit === p.unit)) roles.add('unit_admin');
  for (const m of p.meetings?.[meetingOf(s)] ?? []) roles.add(`meeting.${m}`);
  return roles;
}

type Expected = { allowed: true } | { allowed: false; status: number; code: string };

function expected(
  p: Persona,
  route: { action: keyof typeof PERMISSIONS; ownSeat?: boolean },
  s: Sample,
): Expected {
  const roles = held(p, s);
  const granted: readonly string[] = PERMISSIONS[route.action];
  if (!granted.some((r) => roles.has(r))) {
    if (p.kind === 'public') return { allowed: false, status: 401, code: 'E_UNAUTHENTICATED' };
    return {
      allowed: false,
      status: 403,
      code: p.kind === 'restricted' ? 'E_PASSWORD_CHANGE_REQUIRED' : 'E_FORBIDDEN',
    };
  }
  if (route.ownSeat && p.seat !== seatOf(s)) return { allowed: false, status: 403, code: 'E_NOT_YOUR_SEAT' };
  return { allowed: true };
}

describe('permission table', () => {
  let f: RoomFixture;
  /** What each route declares (`config.access`), seen on its requests. */
  const declared = new Map<string, RouteAccess>();

  beforeAll(async () => {
    f = await roomFixture({
      // Added before the app is ready, so it applies to every route (fastify sets hooks at ready).
      beforeReady: (app) =>
        app.addHook('onResponse', async (req) => {
          const access = req.routeOptions.config?.access;
          if (access && req.routeOptions.url) {
            declared.set(`${req.routeOptions.method} ${req.routeOptions.url}`, {
              action: access.action,
              ...(access.ownSeat ? { ownSeat: true } : {}),
            });
          }
        }),
    });
  }, 120_000);
  afterAll(() => f?.close());

  const send = (who: FixtureCaller, method: string, s: Sample, headers = f.callers[who].headers) => {
    const body = s.body === undefined ? undefined : fill(s.body, f.ids);
    return f.room.app.inject({
      method: method as 'GET',
      url: fill(s.url, f.ids),
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  };

  it('covers exactly the /api routes of the OpenAPI document', async () => {
    const doc = (await f.room.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => routeKey(m, path)))
      .filter((r) => r.includes(' /api/'))
      .sort();
    expect(served.length).toBeGreaterThan(60);
    expect(Object.keys(ROUTES).sort()).toEqual(served);
  });

  it('each route declares the action (and seat rule) this table names', async () => {
    for (const [key, route] of Object.entries(ROUTES)) {
      await send('public', key.split(' ')[0]!, route.samples[0]!);
    }
    const want = Object.fromEntries(
      Object.entries(ROUTES).map(([k, r]) => [
        k,
        { action: r.action, ...(r.ownSeat ? { ownSeat: true } : {}) },
      ]),
    );
    expect(Object.fromEntries([...declared].filter(([k]) => k in ROUTES))).toEqual(want);
  });

  it('a forged or foreign seat key is refused everywhere, even where the public may go', async () => {
    const forged = { authorization: `Bearer chair-1.${'A'.repeat(43)}` };
    for (const url of ['/api/room', '/api/auth/options', '/api/seats/1']) {
      const r = await f.room.app.inject({ method: 'GET', url, headers: forged });
      expect(r.statusCode, url).toBe(401);
      expect(r.json().error.code).toBe('E_BAD_KEY');
    }
  });

  for (const [key, route] of Object.entries(ROUTES)) {
    const method = key.split(' ')[0]!;
    for (const sample of route.samples) {
      describe(`${key}${sample.label ? ` (${sample.label})` : ''}`, () => {
        for (const [who, persona] of Object.entries(PERSONAS) as [FixtureCaller, Persona][]) {
          const want = expected(persona, route, sample);
          it(`${persona.name}: ${want.allowed ? 'allowed' : `denied ${want.status} ${want.code}`}`, async () => {
            let headers = f.callers[who].headers;
            // Logging out ends the session it is sent with: use a second one.
            const fresh = f.callers[who].freshSession;
            if (key === 'POST /api/auth/logout' && fresh) headers = (await fresh()).headers;
            const r = await send(who, method, sample, headers);
            const code = r.headers['content-type']?.includes('json') ? r.json()?.error?.code : undefined;
            if (want.allowed) {
              expect(r.statusCode, r.body).toBeLessThan(500);
              if (r.statusCode === 401 || r.statusCode === 403) expect(DENIALS, r.body).not.toContain(code);
            } else {
              expect({ status: r.statusCode, code }, r.body).toEqual({
                status: want.status,
                code: want.code,
              });
            }
          });
        }
      });
    }
  }
});
