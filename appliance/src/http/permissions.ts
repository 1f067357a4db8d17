// The one permission table (issue 4, R-ROLE-*, R-ACC-6). Every HTTP route and WebSocket message
// names an action from it; a route without one is refused at start-up (see app.ts), so nothing is
// reachable by accident, and appliance/test/http/permissions.test.ts checks every cell.
//
// A caller's roles are worked out per request:
// - `public`: everyone, logged in or not.
// - `seat.delegate`, `seat.chair`: a paired seat device (tablet / chair console key), for its seat.
// - `restricted`: a logged-in person who must change their password first (one-time or expired).
// - `person`: any logged-in person with an unrestricted session.
// - `sysadmin`, `organiser`, `technician`: the person's global roles.
// - `unit_admin`: a unit administrator, for things of their own unit only (R-ROLE-2): granted only
//   when the route names a unit and it is theirs.
// - `meeting.<role>`: the person's role in the meeting the request is about (the route's meeting,
//   or for the room's floor, votes and seats the meeting in progress): organiser (registered or
//   prepares it), chair, secretary, approver, delegate (attends: invitee, substitute or a unit's
//   attendee), invitee (was invited, whatever they answered), support, unit_admin (the
//   administrator of an invited unit).
import type { GlobalRole } from '../people/roles.ts';
import type { Principal } from './access.ts';

export const MEETING_ROLES = [
  'organiser',
  'chair',
  'secretary',
  'approver',
  'delegate',
  'invitee',
  'support',
  'unit_admin',
] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

export type Role =
  | 'public'
  | 'seat.delegate'
  | 'seat.chair'
  | 'restricted'
  | 'person'
  | Exclude<GlobalRole, 'unit_admin'>
  | 'unit_admin'
  | `meeting.${MeetingRole}`;

const SEAT_SELF = ['seat.delegate', 'seat.chair', 'meeting.delegate', 'meeting.chair'] as const;
const CHAIR = ['seat.chair', 'meeting.chair'] as const;

export const PERMISSIONS = {
  // --- the room (foundation issue) ---
  /** The room as the wall display shows it. */
  'room.read': ['public'],
  /** Request to speak / end one's own speech, from one's own seat. */
  'seat.speak': SEAT_SELF,
  /** Cast one's own ballot. */
  'seat.vote': SEAT_SELF,
  /** Mark oneself present (R-ATT-2, by tablet). */
  'seat.present': SEAT_SELF,
  /** Read one's own seat state (the tablet). */
  'seat.read': SEAT_SELF,
  /** Grant, deny, end, next, clear, all off, priority, floor mode (R-ROOM-2). */
  'floor.control': CHAIR,
  /** Start and close quick votes. */
  'vote.control': CHAIR,
  /** Mark any seat present or absent, reset the roll call (R-ATT-2: chair or secretary). */
  'attendance.manage': [...CHAIR, 'meeting.secretary'],

  // --- devices (issue 3) ---
  /** See the room's devices: status, counters, alarms, raw traffic. */
  'device.read': ['technician', 'sysadmin'],
  /** Add, edit, disable, restart and remove devices; send them test commands. */
  'device.manage': ['technician', 'sysadmin'],

  // --- one's own session ---
  /** Log in (local account or SSO). */
  'auth.login': ['public'],
  /** Who am I, my CSRF token, must I change my password. */
  'session.read': ['restricted', 'person'],
  /** Log out; change one's own password (the only thing a restricted session may do). */
  'session.manage': ['restricted', 'person'],

  // --- the directory (R-ROLE-5) ---
  /** Units, committees and persons: names and titles, to invite people and show who sits where. */
  'directory.read': ['person'],
  /** Create and change units. */
  'unit.manage': ['sysadmin'],
  /** Steering committees of a unit. */
  'committee.manage': ['sysadmin', 'unit_admin'],
  /** Create, change, deactivate persons; their accounts (create, one-time reset) (R-ACC-1, R-ACC-3). */
  'person.manage': ['sysadmin', 'unit_admin'],
  /** Give or take organiser and technician. */
  'person.roles': ['sysadmin', 'unit_admin'],
  /** Give or take system and unit administrator. */
  'person.admin_roles': ['sysadmin'],
  /** Login diary and audit log (R-ACC-4); a unit administrator sees their unit's people only. */
  'audit.read': ['sysadmin', 'unit_admin'],

  // --- meetings (R-MTG-*, R-ATT-1) ---
  /** Meetings one takes part in (everything for organisers and administrators). */
  'meeting.list': ['person'],
  /** One meeting with its answers and seat plan. */
  'meeting.read': [
    'sysadmin',
    'meeting.organiser',
    'meeting.chair',
    'meeting.secretary',
    'meeting.approver',
    'meeting.delegate',
    'meeting.invitee',
    'meeting.support',
    'meeting.unit_admin',
  ],
  /** Register a meeting (R-MTG-2). */
  'meeting.create': ['organiser', 'sysadmin'],
  /** Edit a draft or returned meeting; submit it for approval; publish it once approved. */
  'meeting.prepare': ['meeting.organiser', 'sysadmin'],
  /** Approve or return a submitted meeting (R-MTG-2: a leader approves before it is published). */
  'meeting.approve': ['meeting.approver'],
  /** Cancel a meeting before it starts. */
  'meeting.cancel': ['meeting.organiser', 'meeting.approver', 'sysadmin'],
  /** Start, pause, resume, end the meeting and move through the agenda (R-ROOM-1). */
  'meeting.run': ['meeting.chair'],
  /** Archive an ended meeting. */
  'meeting.archive': ['meeting.organiser', 'meeting.secretary', 'sysadmin'],
  /** Assign delegates to seats for this meeting. */
  'meeting.seat_plan': ['meeting.organiser', 'meeting.secretary', 'meeting.chair'],
  /** Answer one's own invitation: attend, substitute, decline (R-ATT-1). */
  'meeting.answer': ['meeting.invitee'],
  /** Pause and resume recording and transcription of the meeting in progress (R-ROOM-4). */
  'recording.control': ['meeting.chair'],
  /**
   * Read a meeting's transcript, live and after (R-ROOM-5): its chair, its secretary (who writes the
   * minutes from it, R-END-1) and the system administrator; every read is audited.
   */
  'transcript.read': ['meeting.chair', 'meeting.secretary', 'sysadmin'],
  /**
   * Listen to a meeting's recording (R-ROOM-5): the same few, so the secretary's transcript
   * timestamps can play what was said (docs/decisions.md "Who reads recordings"); audited.
   */
  'recording.read': ['meeting.chair', 'meeting.secretary', 'sysadmin'],
  /** Name the attendee of an invited unit (that unit's administrator). */
  'meeting.answer_unit': ['unit_admin', 'sysadmin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export interface AccessContext {
  /** The route's `:seat`. */
  seat?: number;
  /** The unit the request's target belongs to (for `unit_admin`). */
  unitId?: string | null;
  /** The caller's roles in the meeting the request is about. */
  meetingRoles?: ReadonlySet<MeetingRole>;
  /** The seat the calling person holds in the meeting in progress. */
  personSeat?: number;
}

export interface RouteAccess {
  action: Action;
  /** The route acts for the seat in its `:seat` parameter: the caller must sit there. */
  ownSeat?: boolean;
}

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403; code: string; message: string };

/** Every role the caller holds in this context. */
export function rolesOf(p: Principal, ctx: AccessContext = {}): Set<Role> {
  const roles = new Set<Role>(['public']);
  if (p.role === 'delegate') roles.add('seat.delegate');
  else if (p.role === 'chair') roles.add('seat.chair');
  else if (p.role === 'person') {
    if (p.person.session.restricted) {
      roles.add('restricted');
      return roles;
    }
    roles.add('person');
    for (const r of p.person.roles) {
      if (r !== 'unit_admin') roles.add(r);
      else if (ctx.unitId && ctx.unitId === p.person.unitId) roles.add('unit_admin');
    }
    for (const r of ctx.meetingRoles ?? []) roles.add(`meeting.${r}`);
  }
  return roles;
}

/** The seat the caller acts for: a seat device's own, or the person's seat in this meeting. */
export function callerSeat(p: Principal, ctx: AccessContext): number | undefined {
  if ('seat' in p) return p.seat;
  return p.role === 'person' ? ctx.personSeat : undefined;
}

export function authorize(p: Principal, access: RouteAccess, ctx: AccessContext = {}): AccessDecision {
  const allowed: readonly string[] = PERMISSIONS[access.action];
  const held = rolesOf(p, ctx);
  if (!allowed.some((r) => held.has(r as Role))) {
    if (p.role === 'public')
      return { ok: false, status: 401, code: 'E_UNAUTHENTICATED', message: 'log in or use an access key' };
    if (held.has('restricted'))
      return {
        ok: false,
        status: 403,
        code: 'E_PASSWORD_CHANGE_REQUIRED',
        message: 'change your password before anything else',
      };
    return { ok: false, status: 403, code: 'E_FORBIDDEN', message: `not allowed to ${access.action}` };
  }
  if (access.ownSeat && callerSeat(p, ctx) !== ctx.seat) {
    return { ok: false, status: 403, code: 'E_NOT_YOUR_SEAT', message: 'you do not sit at this seat' };
  }
  return { ok: true };
}
