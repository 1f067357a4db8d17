// The room as this screen knows it: signals fed by the WebSocket (room-socket.ts). A snapshot
// replaces everything; `view` deltas replace top-level parts; `seat` replaces the own seat.
import { computed, signal } from '@preact/signals';
import type { RoomView, UnitState } from '../../appliance/src/domain/views.ts';
import type { ServerMessage } from '../../appliance/src/http/ws-protocol.ts';

/** Who this screen is, as the feed's snapshot says it (no session secrets). */
export type Principal = Extract<ServerMessage, { t: 'snapshot' }>['principal'];

/** One device of the room as the technician sees it (bridge's DeviceView, through the feed's type). */
export type DeviceView = Extract<ServerMessage, { t: 'devices' }>['devices'][number];

export type LinkState = 'connecting' | 'open' | 'down';
/** none: no key sent; pending: sent, no answer yet; ok: the appliance accepted it; bad: refused. */
export type AuthState = 'none' | 'pending' | 'ok' | 'bad';

export const view = signal<RoomView | null>(null);
export const ownSeat = signal<UnitState | null>(null);
export const principal = signal<Principal>({ role: 'public' });
export const link = signal<LinkState>('connecting');
export const auth = signal<AuthState>('none');
/** Technicians only: every device, replaced whole by each `devices` message. Null until the first. */
export const devices = signal<DeviceView[] | null>(null);
/**
 * The last `{t:'meeting'}` message: a meeting this person may read changed (logged-in pages only).
 * `n` counts messages, so the same meeting changing twice still wakes its readers.
 */
export const meetingNews = signal<{ meetingId: string; status: string; events: string[]; n: number } | null>(
  null,
);
/** The appliance's clock minus ours (ms): speaking times are counted on the appliance's clock. */
export const clockOffset = signal(0);
/** Our clock, refreshed every second while a timer is on screen. */
export const tick = signal(Date.now());
export const serverNow = computed(() => tick.value + clockOffset.value);

let timer: ReturnType<typeof setInterval> | null = null;
export function startClock(): void {
  timer ??= setInterval(() => {
    tick.value = Date.now();
  }, 1000);
}

export function stopClock(): void {
  if (timer) clearInterval(timer);
  timer = null;
}

export function seatLabel(v: RoomView | null, seat: number): string | null {
  return v?.seats.find((s) => s.seat === seat)?.label ?? null;
}

export function isChairSeat(v: RoomView | null, seat: number): boolean {
  return v?.seats.find((s) => s.seat === seat)?.role === 'chair';
}
