// Who is calling, from the request: a seat device's access key (`Authorization: Bearer …`), or a
// person's session cookie. State-changing requests that ride on the cookie must also carry the
// session's CSRF token (`x-csrf-token`), and no state-changing request may come from another
// origin: SameSite=Strict already keeps the cookie off cross-site requests, these two checks hold
// even where a browser or a proxy gets that wrong (OWASP CSRF cheat sheet, defence in depth).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { type AccessKeys, type Principal, PUBLIC } from './access.ts';
import type { MeetingAccess, People, RouteConfigAccess } from './app-types.ts';
import type { AccessContext } from './permissions.ts';

export const SESSION_COOKIE = 'room_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type Identified =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403; code: string; message: string };

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The origin the request came from is this appliance (or the request says nothing of it). */
export function sameOrigin(req: Pick<FastifyRequest, 'headers'>): boolean {
  const origin = req.headers.origin;
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function identify(
  req: Pick<FastifyRequest, 'method' | 'headers' | 'cookies'>,
  deps: { keys: AccessKeys; people: People },
): Identified {
  const unsafe = !SAFE_METHODS.has(req.method);
  if (unsafe && !sameOrigin(req)) {
    return {
      ok: false,
      status: 403,
      code: 'E_CROSS_ORIGIN',
      message: 'requests must come from this appliance',
    };
  }
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer (\S+)$/.exec(header);
    const p = m ? deps.keys.verify(m[1]) : null;
    if (!p)
      return {
        ok: false,
        status: 401,
        code: 'E_BAD_KEY',
        message: 'this access key is not valid for this room',
      };
    return { ok: true, principal: p };
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) return { ok: true, principal: PUBLIC };
  const session = deps.people.sessions.resolve(token);
  // An ended session is no error: the caller is simply nobody now, and the page shows the login.
  if (!session) return { ok: true, principal: PUBLIC };
  const person = deps.people.directory.person(session.personId);
  if (!person?.active) {
    deps.people.sessions.destroy(session.id);
    return { ok: true, principal: PUBLIC };
  }
  if (unsafe) {
    const csrf = req.headers[CSRF_HEADER];
    if (typeof csrf !== 'string' || !same(csrf, session.csrf)) {
      return { ok: false, status: 403, code: 'E_CSRF', message: `send the session's ${CSRF_HEADER} header` };
    }
  }
  return {
    ok: true,
    principal: {
      role: 'person',
      person: { id: person.id, unitId: person.unitId, name: person.fullName, roles: person.roles, session },
    },
  };
}

/** What the permission check needs to know about this request. */
export function accessContext(
  req: FastifyRequest,
  access: RouteConfigAccess,
  meetings: MeetingAccess,
): AccessContext {
  const ctx: AccessContext = {};
  const params = (req.params ?? {}) as { seat?: string | number; meetingId?: string };
  if (params.seat !== undefined) ctx.seat = Number(params.seat);
  if (access.unit) ctx.unitId = access.unit(req) ?? null;
  const p = req.principal;
  if (p.role === 'person') {
    const current = meetings.currentId();
    const meetingId = params.meetingId ?? current;
    if (meetingId) {
      const roles = meetings.rolesOf(meetingId, p.person.id);
      if (roles) ctx.meetingRoles = roles;
    }
    if (current) {
      const seat = meetings.seatOf(current, p.person.id);
      if (seat !== undefined) ctx.personSeat = seat;
    }
  }
  return ctx;
}

/** The principal as the caller may see it (no session secrets). */
export function principalView(p: Principal) {
  if (p.role !== 'person') return p;
  const { session, ...person } = p.person;
  return {
    role: 'person' as const,
    person: { ...person, restricted: session.restricted, via: session.via, expiresAt: session.expiresAt },
  };
}
