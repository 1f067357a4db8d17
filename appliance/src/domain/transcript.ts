// Who was speaking when: transcript lines attributed from the floor events, not from guessing
// (issue 5, R-ROOM-5, R-HW-4). The seat whose microphone was on is a fact of the conference
// hardware, in the event log; this module turns those facts into intervals and lays whisper's
// segments over them. Pure: no I/O, no clock; all times are ms on the appliance clock (`at`).

import {
  applyFloor,
  type FloorEvent,
  type FloorState,
  initialFloor,
  MAX_OPEN_LIMIT,
  seatMic,
} from './floor.ts';

/** An event as the event log stores it (`LoggedEvent` fits). Other types are ignored. */
export interface TimelineEvent {
  at: number;
  type: string;
  payload: Readonly<Record<string, unknown>>;
}

/** A seat's microphone open and heard, [from, to). `to` null: still open at the end of the events. */
export interface MicInterval {
  seat: number;
  from: number;
  to: number | null;
}

/** Recording paused, [from, to): no audio, so nothing is attributed. `to` null: still paused. */
export interface PauseInterval {
  from: number;
  to: number | null;
}

export interface SpeakerTimeline {
  /** Ordered by `from`, then seat. A seat's own intervals never overlap or touch. */
  mics: MicInterval[];
  /** Ordered, disjoint. */
  pauses: PauseInterval[];
}

export interface TimelineOptions {
  /**
   * The room's chair seats (RoomConfig seats with role 'chair'). Needed to get priority right:
   * while the chair's priority is on, every delegate microphone is muted (floor.ts `seatMic`), but
   * chair microphones stay on, and the log's floor events do not say which seats are chairs.
   */
  chairSeats: readonly number[];
  /** The meeting's end: intervals still open then end there instead of staying open (`null`). */
  endMs?: number;
}

export const RECORDING_PAUSED = 'recording.paused';
export const RECORDING_RESUMED = 'recording.resumed';

/**
 * The intervals in which each seat's microphone was open and heard, from the floor events, and the
 * recording's pauses, from `meetingStartMs` on.
 *
 * - `events` in log order, from the start of the log (or any point where no microphone was open):
 *   the floor is the room's, not the meeting's, so a microphone opened before the meeting started
 *   is open at its start. Floor state follows floor.ts's own `applyFloor`, so all-off, override,
 *   next, the chair ending their own microphone (which ends priority) mean exactly what they mean
 *   to the room.
 * - A delegate microphone muted by the chair's priority is not speaking: its interval ends when
 *   priority goes on and a new one starts when priority goes off (if it is still open).
 * - Events with the same `at` are one decision (the controller stamps one command's events with
 *   one time): the state is compared after all of them, so an override (ended A, granted B) gives
 *   no zero-length intervals. A time earlier than the one before (a clock step back) is taken as
 *   the one before: log order is the truth. Empty intervals are dropped.
 * - `recording.paused` / `recording.resumed` count only from `meetingStartMs` on (a pause belongs
 *   to its meeting: a new meeting starts recording); a repeated pause or resume changes nothing.
 * - Events after `endMs` are ignored.
 */
export function speakerTimeline(
  events: Iterable<TimelineEvent>,
  meetingStartMs: number,
  opts: TimelineOptions,
): SpeakerTimeline {
  const endMs = opts.endMs ?? Number.POSITIVE_INFINITY;
  // Mode and cap do not matter here: events are facts, only their effect on speakers counts.
  let floor: FloorState = initialFloor({ mode: 'open', maxOpen: MAX_OPEN_LIMIT }, opts.chairSeats);
  const open = new Map<number, number>();
  const mics: MicInterval[] = [];
  const pauses: PauseInterval[] = [];
  let pausedFrom: number | null = null;
  let groupAt: number | null = null;
  let last = Number.NEGATIVE_INFINITY;

  const settle = (at: number) => {
    const t = Math.max(at, meetingStartMs);
    const heard = new Set(floor.speakers.filter((x) => seatMic(floor, x.seat) === 'on').map((x) => x.seat));
    for (const [seat, from] of open) {
      if (heard.has(seat)) continue;
      if (t > from) mics.push({ seat, from, to: t });
      open.delete(seat);
    }
    for (const seat of heard) if (!open.has(seat)) open.set(seat, t);
  };

  for (const e of events) {
    const at = Math.max(e.at, last);
    if (at > endMs) break;
    last = at;
    if (e.type.startsWith('floor.')) {
      if (groupAt !== null && at !== groupAt) settle(groupAt);
      groupAt = at;
      floor = applyFloor(floor, { type: e.type, ...e.payload } as FloorEvent, at);
    } else if (at >= meetingStartMs && e.type === RECORDING_PAUSED) {
      if (pausedFrom === null) pausedFrom = at;
    } else if (at >= meetingStartMs && e.type === RECORDING_RESUMED) {
      if (pausedFrom !== null && at > pausedFrom) pauses.push({ from: pausedFrom, to: at });
      pausedFrom = null;
    }
  }
  if (groupAt !== null) settle(groupAt);

  const close = Number.isFinite(endMs) ? endMs : null;
  for (const [seat, from] of open) {
    if (close === null || close > from) mics.push({ seat, from, to: close });
  }
  if (pausedFrom !== null && (close === null || close > pausedFrom))
    pauses.push({ from: pausedFrom, to: close });
  mics.sort((a, b) => a.from - b.from || a.seat - b.seat);
  return { mics, pauses };
}

/** A piece of recognised speech, placed on the appliance clock. */
export interface TimedText {
  startMs: number;
  endMs: number;
  text: string;
}

export interface Attribution {
  /** Ranked (see `attribute`). Empty when unattributed. */
  seats: number[];
  /** The delegate sitting at each seat for this meeting, in the order of `seats`; null if unknown. */
  names: (string | null)[];
  overlap: boolean;
  unattributed: boolean;
}

/**
 * A segment is an overlap when at least two seats were each open *together with another seat*
 * for more than this share of the segment (strictly more: exactly 30 % is not an overlap).
 *
 * Why 30 %: whisper's segments are sentence-sized (2-10 s). A handover inside a segment, or a
 * chair saying "xin mời" while a delegate's microphone is still open, shares well under a third of
 * it, and the line honestly belongs to whoever held it most; calling those overlaps would mark half
 * the minutes as overlapping. When two microphones were on together for a third of a sentence or
 * more, the words are a mix of both and the secretary must listen: the line names all of them.
 */
export const OVERLAP_MIN_SHARE = 0.3;

/**
 * Which seat(s) said `segment`.
 *
 * Only the recorded part of the segment counts (time inside a recording pause is taken out; if
 * all of it was paused, the whole span is used: the floor still knows who had it).
 * - For each seat: `open` = time its microphone was heard inside the segment, `shared` = the part
 *   of that with at least one other microphone heard too.
 * - Seats with `shared / length > OVERLAP_MIN_SHARE`, if there are two or more: overlap, all of
 *   them (a seat that only briefly overlapped is not named).
 * - Otherwise the one seat with the most `open` time (the plurality, even if short of half: a
 *   microphone was on, so the words came through it or next to it).
 * - No microphone heard at all: unattributed (the room microphone, someone without a seat).
 * - A zero-length segment (whisper gives some) is attributed by the microphones heard at its
 *   instant, `from <= t < to`.
 * Ranking and ties, deterministic: more `open` time first; then the seat whose microphone was
 * already on earlier in the segment (the one speaking when it began); then the lower seat number.
 */
export function attribute(
  segment: TimedText,
  timeline: SpeakerTimeline,
  seatNames: ReadonlyMap<number, string>,
): Attribution {
  const { startMs: s, endMs: e } = segment;
  if (!(e >= s)) throw new RangeError(`segment ends (${e}) before it starts (${s})`);
  const open = new Map<number, number>();
  const shared = new Map<number, number>();
  const first = new Map<number, number>();
  let length = 0;

  // Pieces have no interval boundary inside them, so a microphone is heard over all of [a, b) or none.
  const heardAt = (a: number, b: number) =>
    timeline.mics.filter((m) => m.from <= a && (m.to === null || m.to >= b)).map((m) => m.seat);

  if (e === s) {
    const seats = timeline.mics.filter((m) => m.from <= s && (m.to === null || m.to > s)).map((m) => m.seat);
    for (const seat of seats) {
      open.set(seat, 1);
      shared.set(seat, seats.length > 1 ? 1 : 0);
      first.set(seat, s);
    }
    length = 1;
  } else {
    const points = new Set<number>([s, e]);
    for (const m of timeline.mics) {
      if (m.from > s && m.from < e) points.add(m.from);
      if (m.to !== null && m.to > s && m.to < e) points.add(m.to);
    }
    for (const p of timeline.pauses) {
      if (p.from > s && p.from < e) points.add(p.from);
      if (p.to !== null && p.to > s && p.to < e) points.add(p.to);
    }
    const cuts = [...points].sort((a, b) => a - b);
    const pieces: { a: number; b: number; paused: boolean }[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const a = cuts[i]!;
      const b = cuts[i + 1]!;
      const paused = timeline.pauses.some((p) => p.from <= a && (p.to === null || p.to >= b));
      pieces.push({ a, b, paused });
    }
    const recorded = pieces.some((p) => !p.paused) ? pieces.filter((p) => !p.paused) : pieces;
    for (const { a, b } of recorded) {
      const d = b - a;
      length += d;
      const seats = heardAt(a, b);
      for (const seat of seats) {
        open.set(seat, (open.get(seat) ?? 0) + d);
        if (seats.length > 1) shared.set(seat, (shared.get(seat) ?? 0) + d);
        if (!first.has(seat)) first.set(seat, a);
      }
    }
  }

  const ranked = [...open.keys()].sort(
    (x, y) => open.get(y)! - open.get(x)! || first.get(x)! - first.get(y)! || x - y,
  );
  const together = ranked.filter((seat) => (shared.get(seat) ?? 0) / length > OVERLAP_MIN_SHARE);
  const overlap = together.length >= 2;
  const seats = overlap ? together : ranked.slice(0, 1);
  return {
    seats,
    names: seats.map((seat) => seatNames.get(seat) ?? null),
    overlap,
    unattributed: seats.length === 0,
  };
}

/**
 * A transcript line as it is stored and streamed to the secretary's view. Attributed from the
 * floor (`attribute`): `seats` empty means unattributed; `overlap` marks several open microphones.
 */
export interface TranscriptLine {
  id: string;
  meetingId: string;
  /** Appliance clock (the event log's `at`), ms. */
  startMs: number;
  endMs: number;
  /** Where the line starts in the meeting's recording, ms from its first sample: for seeking. */
  audioOffsetMs: number;
  seats: number[];
  names: (string | null)[];
  overlap: boolean;
  text: string;
  /** The language whisper was run with or detected, e.g. 'vi'. */
  language: string;
  /** False while the text may still change (a window being re-decoded); true once settled. */
  final: boolean;
}

/** A stored line from a segment and its attribution. */
export function transcriptLine(
  base: { id: string; meetingId: string; audioOffsetMs: number; language: string; final: boolean },
  segment: TimedText,
  who: Attribution,
): TranscriptLine {
  return {
    id: base.id,
    meetingId: base.meetingId,
    startMs: segment.startMs,
    endMs: segment.endMs,
    audioOffsetMs: base.audioOffsetMs,
    seats: [...who.seats],
    names: [...who.names],
    overlap: who.overlap,
    text: segment.text,
    language: base.language,
    final: base.final,
  };
}
