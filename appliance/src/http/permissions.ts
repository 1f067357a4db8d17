// The one permission table. Every HTTP route and WebSocket message names an action from it;
// a route without one is refused at start-up (see app.ts), so nothing is reachable by accident.
import type { Principal } from './access.ts';

export const PERMISSIONS = {
  /** The room as the wall display shows it. */
  'room.read': ['public', 'delegate', 'chair'],
  /** Request to speak / end one's own speech, from one's own seat. */
  'seat.speak': ['delegate', 'chair'],
  /** Cast one's own ballot. */
  'seat.vote': ['delegate', 'chair'],
  /** Mark oneself present. */
  'seat.present': ['delegate', 'chair'],
  /** Read one's own seat state (the tablet). */
  'seat.read': ['delegate', 'chair'],
  /** Grant, deny, end, next, clear, all off, priority, floor mode. */
  'floor.control': ['chair'],
  /** Start and close quick votes. */
  'vote.control': ['chair'],
  /** Mark any seat present or absent, reset the roll call. */
  'attendance.manage': ['chair'],
  /** See the room's devices: status, counters, alarms, raw traffic (issue 3). */
  'device.read': ['technician'],
  /** Add, edit, disable, restart and remove devices; send them test commands. */
  'device.manage': ['technician'],
} as const satisfies Record<string, readonly Principal['role'][]>;

export type Action = keyof typeof PERMISSIONS;

export interface RouteAccess {
  action: Action;
  /** The route acts for the seat in its `:seat` parameter: the caller must sit there. */
  ownSeat?: boolean;
}

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403; code: string; message: string };

export function authorize(p: Principal, access: RouteAccess, seat?: number): AccessDecision {
  const roles: readonly string[] = PERMISSIONS[access.action];
  if (!roles.includes(p.role)) {
    return p.role === 'public'
      ? { ok: false, status: 401, code: 'E_UNAUTHENTICATED', message: 'an access key is needed' }
      : { ok: false, status: 403, code: 'E_FORBIDDEN', message: `${p.role} may not ${access.action}` };
  }
  if (access.ownSeat && (!('seat' in p) || p.seat !== seat)) {
    return { ok: false, status: 403, code: 'E_NOT_YOUR_SEAT', message: 'this key belongs to another seat' };
  }
  return { ok: true };
}
