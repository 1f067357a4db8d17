// Roll call in the room (R-ATT-2): by the seat unit's `present` key, the seat tablet, or the
// secretary / chair. Pure.

import type { Decision } from './floor.ts';

export type PresenceVia = 'unit' | 'tablet' | 'secretary';

export type AttendanceEvent =
  | { type: 'attendance.present'; seat: number; via: PresenceVia }
  | { type: 'attendance.absent'; seat: number; via: PresenceVia }
  | { type: 'attendance.reset' };

export type AttendanceCommand =
  | { type: 'present'; seat: number; via: PresenceVia }
  | { type: 'absent'; seat: number; via: PresenceVia }
  | { type: 'rollcall.reset' };

export type AttendanceErrorCode = 'E_UNKNOWN_SEAT';

export function decideAttendance(
  present: ReadonlySet<number>,
  seats: ReadonlySet<number>,
  c: AttendanceCommand,
): Decision<AttendanceEvent, AttendanceErrorCode> {
  if (c.type === 'rollcall.reset')
    return { ok: true, events: present.size ? [{ type: 'attendance.reset' }] : [] };
  if (!seats.has(c.seat))
    return { ok: false, code: 'E_UNKNOWN_SEAT', message: `seat ${c.seat} is not in the seat plan` };
  // Marking what is already so records nothing: a second press of `present` is not a new fact.
  if (c.type === 'present') {
    return {
      ok: true,
      events: present.has(c.seat) ? [] : [{ type: 'attendance.present', seat: c.seat, via: c.via }],
    };
  }
  return {
    ok: true,
    events: present.has(c.seat) ? [{ type: 'attendance.absent', seat: c.seat, via: c.via }] : [],
  };
}

export function applyAttendance(present: ReadonlySet<number>, e: AttendanceEvent): ReadonlySet<number> {
  switch (e.type) {
    case 'attendance.present':
      return new Set(present).add(e.seat);
    case 'attendance.absent': {
      const next = new Set(present);
      next.delete(e.seat);
      return next;
    }
    case 'attendance.reset':
      return new Set();
  }
}
