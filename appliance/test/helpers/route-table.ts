// Every /api route with the action it should name in the permission table, and sample requests
// that pass validation, so a caller the table allows reaches the handler (tests for permissions and
// for bad input share it). Written out by hand on purpose: permissions.test.ts checks that each
// route really declares this action, and that the list matches the OpenAPI document.
//
// Samples name the things of the fixture (room-fixture.ts) by placeholder: {M1} the meeting in
// progress, {M2} a published one with the same people, {M3} a draft of the global organiser, {T} /
// {TO} a person of unit U / O, {CU} / {CO} a committee of U / O, {U} / {O} the units, {P} / {PO} an
// active person of U / O (a unit's attendee), {DEV} a disabled device, {NOBODY} a valid id of
// nothing. Samples are chosen so an allowed caller changes nothing the other cells depend on: most
// meeting steps meet a meeting in a state where the domain refuses them (409), after the check.
import type { Action } from '../../src/http/permissions.ts';

export type UnitRef = 'U' | 'O' | 'own';
export type MeetingRef = 'M1' | 'M2' | 'M3' | 'NOBODY';

export interface Sample {
  /** What is special about this sample (for test names). */
  label?: string;
  url: string;
  body?: unknown;
  /**
   * The unit the route's `access.unit` names for this request ('own': the caller's own). Absent:
   * the route names no unit, so `unit_admin` never applies.
   */
  unit?: UnitRef;
}

export interface RouteEntry {
  action: Action;
  /** The route acts for the seat in its `:seat`. */
  ownSeat?: boolean;
  samples: Sample[];
}

const dcs = { id: '{DEV}', driver: 'shure-dcs', transport: 'tcp://127.0.0.1:9', disabled: true };
const soon = Date.parse('2030-01-15T08:00:00Z');

/** `METHOD /fastify/:path` → action and samples. */
export const ROUTES: Record<string, RouteEntry> = {
  // --- the room ---
  'GET /api/room': { action: 'room.read', samples: [{ url: '/api/room' }] },
  'GET /api/seats/:seat': {
    action: 'seat.read',
    ownSeat: true,
    samples: [
      { url: '/api/seats/5', label: 'seat 5' },
      { url: '/api/seats/1', label: 'seat 1' },
    ],
  },
  'POST /api/seats/:seat/speak': {
    action: 'seat.speak',
    ownSeat: true,
    samples: [
      { url: '/api/seats/5/speak', body: {}, label: 'seat 5' },
      { url: '/api/seats/1/speak', body: { action: 'release' }, label: 'seat 1' },
    ],
  },
  'POST /api/seats/:seat/ballot': {
    action: 'seat.vote',
    ownSeat: true,
    samples: [{ url: '/api/seats/5/ballot', body: { choice: 'yes' } }],
  },
  'POST /api/seats/:seat/present': {
    action: 'seat.present',
    ownSeat: true,
    samples: [{ url: '/api/seats/5/present', body: {} }],
  },
  'POST /api/floor/grant': {
    action: 'floor.control',
    samples: [{ url: '/api/floor/grant', body: { seat: 5 } }],
  },
  'POST /api/floor/deny': {
    action: 'floor.control',
    samples: [{ url: '/api/floor/deny', body: { seat: 5 } }],
  },
  'POST /api/floor/end': { action: 'floor.control', samples: [{ url: '/api/floor/end', body: { seat: 5 } }] },
  'POST /api/floor/next': { action: 'floor.control', samples: [{ url: '/api/floor/next', body: {} }] },
  'POST /api/floor/clear': { action: 'floor.control', samples: [{ url: '/api/floor/clear', body: {} }] },
  'POST /api/floor/all-off': { action: 'floor.control', samples: [{ url: '/api/floor/all-off', body: {} }] },
  'POST /api/floor/priority': {
    action: 'floor.control',
    samples: [{ url: '/api/floor/priority', body: { on: false } }],
  },
  'PUT /api/floor/settings': {
    action: 'floor.control',
    samples: [{ url: '/api/floor/settings', body: { mode: 'request', maxOpen: 2 } }],
  },
  'POST /api/votes': {
    action: 'vote.control',
    samples: [{ url: '/api/votes', body: { title: 'Biểu quyết' } }],
  },
  'POST /api/votes/close': { action: 'vote.control', samples: [{ url: '/api/votes/close', body: {} }] },
  'PUT /api/attendance/:seat': {
    action: 'attendance.manage',
    samples: [{ url: '/api/attendance/5', body: { present: true } }],
  },
  'POST /api/attendance/reset': {
    action: 'attendance.manage',
    samples: [{ url: '/api/attendance/reset', body: {} }],
  },

  // --- devices ---
  'GET /api/devices': { action: 'device.read', samples: [{ url: '/api/devices' }] },
  'GET /api/devices/drivers': { action: 'device.read', samples: [{ url: '/api/devices/drivers' }] },
  'POST /api/devices': {
    action: 'device.manage',
    samples: [{ url: '/api/devices', body: { ...dcs, id: 'dcs-new' } }],
  },
  'GET /api/devices/:id': { action: 'device.read', samples: [{ url: '/api/devices/{DEV}' }] },
  'GET /api/devices/:id/traffic': {
    action: 'device.read',
    samples: [{ url: '/api/devices/{DEV}/traffic?limit=10' }],
  },
  'PUT /api/devices/:id': { action: 'device.manage', samples: [{ url: '/api/devices/{DEV}', body: dcs }] },
  'POST /api/devices/:id/disable': {
    action: 'device.manage',
    samples: [{ url: '/api/devices/{DEV}/disable', body: {} }],
  },
  'POST /api/devices/:id/enable': {
    action: 'device.manage',
    samples: [{ url: '/api/devices/nope/enable', body: {} }],
  },
  'POST /api/devices/:id/restart': {
    action: 'device.manage',
    samples: [{ url: '/api/devices/nope/restart', body: {} }],
  },
  'POST /api/devices/:id/commands': {
    action: 'device.manage',
    samples: [{ url: '/api/devices/{DEV}/commands', body: { type: 'refresh' } }],
  },
  'DELETE /api/devices/:id': { action: 'device.manage', samples: [{ url: '/api/devices/nope' }] },

  // --- one's own session ---
  'GET /api/auth/options': { action: 'auth.login', samples: [{ url: '/api/auth/options' }] },
  'POST /api/auth/login': {
    action: 'auth.login',
    samples: [{ url: '/api/auth/login', body: { username: 'dang.nhap', password: 'Phong-hop-2026!' } }],
  },
  'GET /api/auth/sso/start': {
    action: 'auth.login',
    samples: [{ url: '/api/auth/sso/start?returnTo=/chair' }],
  },
  'GET /api/auth/sso/callback': {
    action: 'auth.login',
    samples: [{ url: '/api/auth/sso/callback?code=abc&state=xyz&iss=http%3A%2F%2F127.0.0.1' }],
  },
  'GET /api/auth/session': { action: 'session.read', samples: [{ url: '/api/auth/session' }] },
  // The test sends this one with a session of its own (logging out ends the session it rides on).
  'POST /api/auth/logout': { action: 'session.manage', samples: [{ url: '/api/auth/logout', body: {} }] },
  'POST /api/auth/password': {
    action: 'session.manage',
    samples: [
      { url: '/api/auth/password', body: { current: 'not-the-password', next: 'Mot-mat-khau-khac-2026' } },
    ],
  },

  // --- the directory ---
  'GET /api/units': { action: 'directory.read', samples: [{ url: '/api/units' }] },
  'POST /api/units': { action: 'unit.manage', samples: [{ url: '/api/units', body: { name: 'Sở Y tế' } }] },
  'PATCH /api/units/:unitId': {
    action: 'unit.manage',
    samples: [{ url: '/api/units/{O}', body: { shortName: 'SNV' } }],
  },
  'GET /api/committees': { action: 'directory.read', samples: [{ url: '/api/committees' }] },
  'POST /api/committees': {
    action: 'committee.manage',
    samples: [
      { url: '/api/committees', body: { name: 'Ban Chỉ đạo A', unitId: '{U}' }, unit: 'U', label: 'of U' },
      { url: '/api/committees', body: { name: 'Ban Chỉ đạo B', unitId: '{O}' }, unit: 'O', label: 'of O' },
    ],
  },
  'PATCH /api/committees/:committeeId': {
    action: 'committee.manage',
    samples: [
      { url: '/api/committees/{CU}', body: { name: 'Ban Chỉ đạo U' }, unit: 'U', label: 'of U' },
      { url: '/api/committees/{CO}', body: { name: 'Ban Chỉ đạo O' }, unit: 'O', label: 'of O' },
    ],
  },
  'GET /api/persons': { action: 'directory.read', samples: [{ url: '/api/persons?active=true' }] },
  'POST /api/persons': {
    action: 'person.manage',
    samples: [
      { url: '/api/persons', body: { unitId: '{U}', fullName: 'Người mới U' }, unit: 'U', label: 'into U' },
      { url: '/api/persons', body: { unitId: '{O}', fullName: 'Người mới O' }, unit: 'O', label: 'into O' },
    ],
  },
  'GET /api/persons/:personId': { action: 'directory.read', samples: [{ url: '/api/persons/{T}' }] },
  'PATCH /api/persons/:personId': {
    action: 'person.manage',
    samples: [
      { url: '/api/persons/{T}', body: { title: 'Chuyên viên' }, unit: 'U', label: 'a person of U' },
      { url: '/api/persons/{TO}', body: { title: 'Chuyên viên' }, unit: 'O', label: 'a person of O' },
    ],
  },
  'PUT /api/persons/:personId/roles': {
    action: 'person.roles',
    samples: [
      { url: '/api/persons/{T}/roles', body: { roles: [] }, unit: 'U', label: 'a person of U' },
      { url: '/api/persons/{TO}/roles', body: { roles: [] }, unit: 'O', label: 'a person of O' },
    ],
  },
  'POST /api/persons/:personId/deactivate': {
    action: 'person.manage',
    samples: [
      { url: '/api/persons/{T}/deactivate', body: {}, unit: 'U', label: 'a person of U' },
      { url: '/api/persons/{TO}/deactivate', body: {}, unit: 'O', label: 'a person of O' },
    ],
  },
  'POST /api/persons/:personId/activate': {
    action: 'person.manage',
    samples: [
      { url: '/api/persons/{T}/activate', body: {}, unit: 'U', label: 'a person of U' },
      { url: '/api/persons/{TO}/activate', body: {}, unit: 'O', label: 'a person of O' },
    ],
  },
  'GET /api/persons/:personId/account': {
    action: 'person.manage',
    samples: [
      { url: '/api/persons/{T}/account', unit: 'U', label: 'a person of U' },
      { url: '/api/persons/{TO}/account', unit: 'O', label: 'a person of O' },
    ],
  },
  'POST /api/persons/:personId/account': {
    action: 'person.manage',
    samples: [
      {
        url: '/api/persons/{T}/account',
        body: { username: 'tai.khoan.u' },
        unit: 'U',
        label: 'a person of U',
      },
      {
        url: '/api/persons/{TO}/account',
        body: { username: 'tai.khoan.o' },
        unit: 'O',
        label: 'a person of O',
      },
    ],
  },
  'POST /api/persons/:personId/password-reset': {
    action: 'person.manage',
    samples: [
      { url: '/api/persons/{T}/password-reset', body: {}, unit: 'U', label: 'a person of U' },
      { url: '/api/persons/{TO}/password-reset', body: {}, unit: 'O', label: 'a person of O' },
    ],
  },

  // --- audit: a unit administrator reads their own unit's ---
  'GET /api/audit': {
    action: 'audit.read',
    samples: [{ url: '/api/audit?type=auth.&limit=5', unit: 'own' }],
  },
  'GET /api/audit/export': {
    action: 'audit.read',
    samples: [{ url: '/api/audit/export?type=auth.', unit: 'own' }],
  },

  // --- meetings ---
  'GET /api/meetings': { action: 'meeting.list', samples: [{ url: '/api/meetings?status=published' }] },
  'POST /api/meetings': {
    action: 'meeting.create',
    samples: [
      {
        url: '/api/meetings',
        body: { title: 'Họp giao ban', kind: 'regular', startsAt: soon, endsAt: soon + 3_600_000 },
      },
    ],
  },
  'GET /api/meetings/:meetingId': {
    action: 'meeting.read',
    samples: [
      { url: '/api/meetings/{M1}', label: 'M1' },
      { url: '/api/meetings/{M3}', label: 'M3 (a draft)' },
      { url: '/api/meetings/{NOBODY}', label: 'no such meeting' },
    ],
  },
  'PATCH /api/meetings/:meetingId': {
    action: 'meeting.prepare',
    samples: [
      { url: '/api/meetings/{M1}', body: { location: 'Phòng họp số 1' }, label: 'M1' },
      { url: '/api/meetings/{M3}', body: { location: 'Phòng họp số 2' }, label: 'M3 (a draft)' },
    ],
  },
  'POST /api/meetings/:meetingId/submit': {
    action: 'meeting.prepare',
    samples: [
      { url: '/api/meetings/{M1}/submit', body: {}, label: 'M1' },
      { url: '/api/meetings/{M3}/submit', body: {}, label: 'M3 (a draft)' },
    ],
  },
  'POST /api/meetings/:meetingId/approve': {
    action: 'meeting.approve',
    samples: [{ url: '/api/meetings/{M1}/approve', body: {} }],
  },
  'POST /api/meetings/:meetingId/publish': {
    action: 'meeting.prepare',
    samples: [{ url: '/api/meetings/{M1}/publish', body: {} }],
  },
  // M2 is published while M1 runs: start is refused (room busy), the others by its state.
  'POST /api/meetings/:meetingId/start': {
    action: 'meeting.run',
    samples: [{ url: '/api/meetings/{M2}/start', body: {} }],
  },
  'POST /api/meetings/:meetingId/pause': {
    action: 'meeting.run',
    samples: [{ url: '/api/meetings/{M2}/pause', body: {} }],
  },
  'POST /api/meetings/:meetingId/resume': {
    action: 'meeting.run',
    samples: [{ url: '/api/meetings/{M2}/resume', body: {} }],
  },
  'POST /api/meetings/:meetingId/end': {
    action: 'meeting.run',
    samples: [{ url: '/api/meetings/{M2}/end', body: {} }],
  },
  'POST /api/meetings/:meetingId/archive': {
    action: 'meeting.archive',
    samples: [{ url: '/api/meetings/{M1}/archive', body: {} }],
  },
  'POST /api/meetings/:meetingId/return': {
    action: 'meeting.approve',
    samples: [{ url: '/api/meetings/{M1}/return', body: { reason: 'Thiếu tài liệu' } }],
  },
  'POST /api/meetings/:meetingId/cancel': {
    action: 'meeting.cancel',
    samples: [{ url: '/api/meetings/{M1}/cancel', body: { reason: 'Hoãn họp' } }],
  },
  'GET /api/meetings/:meetingId/transcript': {
    action: 'transcript.read',
    samples: [{ url: '/api/meetings/{M1}/transcript?after=0' }],
  },
  'GET /api/audio': { action: 'device.read', samples: [{ url: '/api/audio' }] },
  // M1 has no recording in the fixture: an allowed caller is answered 404 E_NO_RECORDING.
  'GET /api/meetings/:meetingId/recording': {
    action: 'recording.read',
    samples: [{ url: '/api/meetings/{M1}/recording' }],
  },
  'GET /api/meetings/:meetingId/recording/segments/:index': {
    action: 'recording.read',
    samples: [{ url: '/api/meetings/{M1}/recording/segments/0' }],
  },
  // The recording of the meeting in progress (M1): pausing twice changes nothing more.
  'POST /api/recording/pause': {
    action: 'recording.control',
    samples: [{ url: '/api/recording/pause', body: {} }],
  },
  'POST /api/recording/resume': {
    action: 'recording.control',
    samples: [{ url: '/api/recording/resume', body: {} }],
  },
  'POST /api/meetings/:meetingId/agenda': {
    action: 'meeting.run',
    samples: [{ url: '/api/meetings/{M2}/agenda', body: { itemId: 'muc-2' } }],
  },
  'PUT /api/meetings/:meetingId/answer': {
    action: 'meeting.answer',
    samples: [{ url: '/api/meetings/{M1}/answer', body: { answer: 'attend' } }],
  },
  'PUT /api/meetings/:meetingId/units/:unitId/answer': {
    action: 'meeting.answer_unit',
    samples: [
      { url: '/api/meetings/{M1}/units/{U}/answer', body: { attendeeId: '{P}' }, unit: 'U', label: 'unit U' },
      {
        url: '/api/meetings/{M1}/units/{O}/answer',
        body: { attendeeId: '{PO}' },
        unit: 'O',
        label: 'unit O',
      },
    ],
  },
  'PUT /api/meetings/:meetingId/seats/:seat': {
    action: 'meeting.seat_plan',
    samples: [{ url: '/api/meetings/{M1}/seats/9', body: { personId: null } }],
  },
  'GET /api/meetings/:meetingId/attendance': {
    action: 'meeting.read',
    samples: [{ url: '/api/meetings/{M1}/attendance' }],
  },
};

/** `GET /api/seats/{seat}` (OpenAPI) → `GET /api/seats/:seat` (fastify). */
export const routeKey = (method: string, openApiPath: string) =>
  `${method.toUpperCase()} ${openApiPath.replace(/\{(\w+)\}/g, ':$1')}`;

/** The meeting a sample's request is about: the one in its path, else the one in progress. */
export function meetingOf(s: Sample): MeetingRef {
  const m = /\{(M1|M2|M3|NOBODY)\}/.exec(s.url);
  return (m?.[1] as MeetingRef | undefined) ?? 'M1';
}

/** The seat in a seat route's path. */
export function seatOf(s: Sample): number | undefined {
  const m = /^\/api\/seats\/(\d+)/.exec(s.url);
  return m ? Number(m[1]) : undefined;
}

/** Replaces `{NAME}` placeholders in strings, deep. */
export function fill<T>(v: T, ids: Record<string, string>): T {
  if (typeof v === 'string')
    return v.replace(/\{([A-Z0-9]+)\}/g, (all, k: string) => {
      const id = ids[k];
      if (id === undefined) throw new Error(`no id for ${all}`);
      return id;
    }) as T;
  if (Array.isArray(v)) return v.map((x) => fill(x, ids)) as T;
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, ids)])) as T;
  return v;
}
