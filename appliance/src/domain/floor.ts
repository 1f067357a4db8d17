// The floor engine: one model behind every vendor (ARCHITECTURE.md "The floor engine",
// shared/protocols/conference-systems.md "One floor model"). Pure: no I/O, no clock; time comes in.
// (state, command) → events | error; (state, event, at) → state.
// R-ROOM-2, R-HW-1.

export const FLOOR_MODES = ['open', 'override', 'request', 'voice', 'ptt'] as const;
export type FloorMode = (typeof FLOOR_MODES)[number];

export interface FloorSettings {
  mode: FloorMode;
  /** Delegate microphones open at once; chair seats are not counted. */
  maxOpen: number;
}

export interface Speaker {
  seat: number;
  since: number;
}

export interface Request {
  seat: number;
  since: number;
}

export interface FloorState {
  readonly settings: FloorSettings;
  /** Chair seats: exempt from the cap, may use priority, next, clear, all-off. */
  readonly chairSeats: readonly number[];
  /** In the order the microphones opened (the first is the longest-open). */
  readonly speakers: readonly Speaker[];
  /** FIFO. */
  readonly requests: readonly Request[];
  /** Chair priority: every delegate microphone muted while on. */
  readonly priority: { readonly on: boolean; readonly seat: number | null };
}

export type FloorEndReason = 'self' | 'chair' | 'alloff' | 'override' | 'released' | 'next';
export type FloorGrantBy = 'self' | 'chair' | 'next' | 'auto';

export type FloorEvent =
  | { type: 'floor.requested'; seat: number }
  | { type: 'floor.request_removed'; seat: number; reason: 'cancelled' | 'denied' }
  | { type: 'floor.requests_cleared'; seats: number[] }
  | { type: 'floor.granted'; seat: number; by: FloorGrantBy }
  | { type: 'floor.ended'; seat: number; reason: FloorEndReason }
  | { type: 'floor.priority'; on: boolean; seat: number }
  | { type: 'floor.settings'; mode: FloorMode; maxOpen: number };

export type FloorCommand =
  | { type: 'speak'; seat: number; action: 'press' | 'release' }
  | { type: 'grant'; seat: number }
  | { type: 'deny'; seat: number }
  | { type: 'end'; seat: number }
  | { type: 'next' }
  | { type: 'clear' }
  | { type: 'alloff' }
  | { type: 'priority'; seat: number; on?: boolean }
  | { type: 'settings'; mode: FloorMode; maxOpen: number };

export type FloorErrorCode =
  | 'E_FLOOR_FULL'
  | 'E_NOT_REQUESTING'
  | 'E_NOT_SPEAKING'
  | 'E_ALREADY_SPEAKING'
  | 'E_NO_REQUESTS'
  | 'E_NOT_CHAIR'
  | 'E_BAD_SETTINGS';

export type Decision<E, C extends string> =
  | { ok: true; events: E[] }
  | { ok: false; code: C; message: string };

export const MAX_OPEN_LIMIT = 25;

export function initialFloor(settings: FloorSettings, chairSeats: readonly number[]): FloorState {
  return { settings, chairSeats, speakers: [], requests: [], priority: { on: false, seat: null } };
}

const isChair = (s: FloorState, seat: number) => s.chairSeats.includes(seat);
const isSpeaking = (s: FloorState, seat: number) => s.speakers.some((x) => x.seat === seat);
const isRequesting = (s: FloorState, seat: number) => s.requests.some((x) => x.seat === seat);
const delegateSpeakers = (s: FloorState) => s.speakers.filter((x) => !isChair(s, x.seat));
const hasRoom = (s: FloorState) => delegateSpeakers(s).length < s.settings.maxOpen;

const ok = (events: FloorEvent[]): Decision<FloorEvent, FloorErrorCode> => ({ ok: true, events });
const fail = (code: FloorErrorCode, message: string): Decision<FloorEvent, FloorErrorCode> => ({
  ok: false,
  code,
  message,
});

/** Modes in which a freed place goes to the first request without the chair. */
const autoAdvances = (mode: FloorMode) => mode === 'open' || mode === 'voice' || mode === 'override';

/**
 * After microphones closed, hand freed places to waiting requests where the mode allows it.
 * Works on the state as it will be after `events`, so callers append the result.
 */
function autoAdvance(s: FloorState, events: FloorEvent[]): FloorEvent[] {
  if (!autoAdvances(s.settings.mode)) return events;
  let next = events.reduce((acc, e) => applyFloor(acc, e, 0), s);
  const out = [...events];
  while (next.requests.length > 0 && hasRoom(next)) {
    const e: FloorEvent = { type: 'floor.granted', seat: next.requests[0]!.seat, by: 'auto' };
    out.push(e);
    next = applyFloor(next, e, 0);
  }
  return out;
}

export function decideFloor(s: FloorState, c: FloorCommand): Decision<FloorEvent, FloorErrorCode> {
  switch (c.type) {
    case 'speak':
      return speak(s, c.seat, c.action);
    case 'grant': {
      if (isSpeaking(s, c.seat)) return fail('E_ALREADY_SPEAKING', `seat ${c.seat} already has the floor`);
      const events: FloorEvent[] = [];
      if (!isChair(s, c.seat) && !hasRoom(s)) {
        if (s.settings.mode !== 'override') {
          return fail('E_FLOOR_FULL', `${s.settings.maxOpen} microphones are open; end one first`);
        }
        events.push({ type: 'floor.ended', seat: delegateSpeakers(s)[0]!.seat, reason: 'override' });
      }
      events.push({ type: 'floor.granted', seat: c.seat, by: 'chair' });
      return ok(events);
    }
    case 'deny':
      if (!isRequesting(s, c.seat)) return fail('E_NOT_REQUESTING', `seat ${c.seat} is not requesting`);
      return ok([{ type: 'floor.request_removed', seat: c.seat, reason: 'denied' }]);
    case 'end':
      if (!isSpeaking(s, c.seat)) return fail('E_NOT_SPEAKING', `seat ${c.seat} does not have the floor`);
      return ok(autoAdvance(s, [{ type: 'floor.ended', seat: c.seat, reason: 'chair' }]));
    case 'next': {
      const first = s.requests[0];
      if (!first) return fail('E_NO_REQUESTS', 'no one is waiting to speak');
      // "Next" means: the next speaker gets the floor now. When the room is full the
      // longest-open delegate microphone closes (as Shure's mic_next_on with interrupt does).
      const events: FloorEvent[] = [];
      if (!isChair(s, first.seat) && !hasRoom(s)) {
        events.push({ type: 'floor.ended', seat: delegateSpeakers(s)[0]!.seat, reason: 'next' });
      }
      events.push({ type: 'floor.granted', seat: first.seat, by: 'next' });
      return ok(events);
    }
    case 'clear':
      return ok(
        s.requests.length ? [{ type: 'floor.requests_cleared', seats: s.requests.map((r) => r.seat) }] : [],
      );
    case 'alloff':
      return ok(
        delegateSpeakers(s).map((x): FloorEvent => ({ type: 'floor.ended', seat: x.seat, reason: 'alloff' })),
      );
    case 'priority': {
      if (!isChair(s, c.seat)) return fail('E_NOT_CHAIR', `seat ${c.seat} is not a chair seat`);
      const on = c.on ?? !s.priority.on;
      if (on === s.priority.on) return ok([]);
      const events: FloorEvent[] = [{ type: 'floor.priority', on, seat: c.seat }];
      // Priority means the chair speaks over everyone: the chair's own microphone opens with it.
      if (on && !isSpeaking(s, c.seat)) events.push({ type: 'floor.granted', seat: c.seat, by: 'self' });
      return ok(events);
    }
    case 'settings': {
      if (!FLOOR_MODES.includes(c.mode))
        return fail('E_BAD_SETTINGS', `unknown floor mode ${String(c.mode)}`);
      if (!Number.isInteger(c.maxOpen) || c.maxOpen < 1 || c.maxOpen > MAX_OPEN_LIMIT) {
        return fail('E_BAD_SETTINGS', `max open microphones must be 1..${MAX_OPEN_LIMIT}`);
      }
      // Lowering the cap leaves today's speakers on: cutting someone off mid-sentence is the chair's call.
      return ok(autoAdvance(s, [{ type: 'floor.settings', mode: c.mode, maxOpen: c.maxOpen }]));
    }
  }
}

function speak(
  s: FloorState,
  seat: number,
  action: 'press' | 'release',
): Decision<FloorEvent, FloorErrorCode> {
  const mode = s.settings.mode;
  if (action === 'release') {
    // Only push-to-talk acts on release; other modes ignore it (units may send both).
    if (mode === 'ptt' && isSpeaking(s, seat)) {
      return ok(autoAdvance(s, [{ type: 'floor.ended', seat, reason: 'released' }]));
    }
    return ok([]);
  }
  if (isSpeaking(s, seat)) {
    if (mode === 'ptt') return ok([]); // a repeated press while held changes nothing
    return ok(autoAdvance(s, [{ type: 'floor.ended', seat, reason: 'self' }]));
  }
  if (isRequesting(s, seat)) return ok([{ type: 'floor.request_removed', seat, reason: 'cancelled' }]);
  if (isChair(s, seat)) return ok([{ type: 'floor.granted', seat, by: 'self' }]);
  if (mode === 'request') return ok([{ type: 'floor.requested', seat }]);
  if (hasRoom(s)) return ok([{ type: 'floor.granted', seat, by: 'self' }]);
  switch (mode) {
    case 'override':
      return ok([
        { type: 'floor.ended', seat: delegateSpeakers(s)[0]!.seat, reason: 'override' },
        { type: 'floor.granted', seat, by: 'self' },
      ]);
    case 'ptt':
      return fail('E_FLOOR_FULL', `${s.settings.maxOpen} microphones are open`);
    default:
      return ok([{ type: 'floor.requested', seat }]);
  }
}

export function applyFloor(s: FloorState, e: FloorEvent, at: number): FloorState {
  switch (e.type) {
    case 'floor.requested':
      return isRequesting(s, e.seat) ? s : { ...s, requests: [...s.requests, { seat: e.seat, since: at }] };
    case 'floor.request_removed':
      return { ...s, requests: s.requests.filter((r) => r.seat !== e.seat) };
    case 'floor.requests_cleared':
      return { ...s, requests: s.requests.filter((r) => !e.seats.includes(r.seat)) };
    case 'floor.granted':
      return {
        ...s,
        requests: s.requests.filter((r) => r.seat !== e.seat),
        speakers: isSpeaking(s, e.seat) ? s.speakers : [...s.speakers, { seat: e.seat, since: at }],
      };
    case 'floor.ended': {
      const speakers = s.speakers.filter((x) => x.seat !== e.seat);
      // The chair ending their own microphone also ends priority: nobody is speaking over the room.
      const priority = s.priority.on && s.priority.seat === e.seat ? { on: false, seat: null } : s.priority;
      return { ...s, speakers, priority };
    }
    case 'floor.priority':
      return { ...s, priority: e.on ? { on: true, seat: e.seat } : { on: false, seat: null } };
    case 'floor.settings':
      return { ...s, settings: { mode: e.mode, maxOpen: e.maxOpen } };
  }
}

export type SeatMic = 'off' | 'requesting' | 'on' | 'muted';

/** What a seat's microphone shows: the unit's `mic` field (seat-unit-mqtt.md). */
export function seatMic(s: FloorState, seat: number): SeatMic {
  if (isSpeaking(s, seat)) return s.priority.on && !isChair(s, seat) ? 'muted' : 'on';
  return isRequesting(s, seat) ? 'requesting' : 'off';
}
