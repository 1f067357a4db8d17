// R-ROOM-5, R-HW-4: transcript lines attributed to the seat whose microphone was on, from the
// floor events (issue 5): speaker timeline, attribution, overlap.
import { describe, expect, it } from 'vitest';
import {
  applyFloor,
  decideFloor,
  type FloorCommand,
  type FloorMode,
  type FloorState,
  initialFloor,
  seatMic,
} from '../../src/domain/floor.ts';
import {
  attribute,
  OVERLAP_MIN_SHARE,
  type SpeakerTimeline,
  speakerTimeline,
  type TimelineEvent,
  transcriptLine,
} from '../../src/domain/transcript.ts';

const CHAIR = 1;
const chairSeats = [CHAIR];

const granted = (at: number, seat: number): TimelineEvent => ({
  at,
  type: 'floor.granted',
  payload: { seat, by: 'self' },
});
const ended = (at: number, seat: number, reason = 'self'): TimelineEvent => ({
  at,
  type: 'floor.ended',
  payload: { seat, reason },
});
const priority = (at: number, on: boolean, seat = CHAIR): TimelineEvent => ({
  at,
  type: 'floor.priority',
  payload: { on, seat },
});
const paused = (at: number): TimelineEvent => ({ at, type: 'recording.paused', payload: {} });
const resumed = (at: number): TimelineEvent => ({ at, type: 'recording.resumed', payload: {} });

interface TimelineCase {
  name: string;
  events: TimelineEvent[];
  start?: number;
  endMs?: number;
  chairs?: number[];
  mics: [seat: number, from: number, to: number | null][];
  pauses?: [from: number, to: number | null][];
}

const timelineCases: TimelineCase[] = [
  { name: 'no floor events: nobody', events: [], mics: [] },
  {
    name: 'one speaker',
    events: [granted(1000, 5), ended(5000, 5)],
    mics: [[5, 1000, 5000]],
  },
  {
    name: 'still speaking at the end of the events',
    events: [granted(1000, 5)],
    mics: [[5, 1000, null]],
  },
  {
    name: 'handover in one decision (override: ended and granted at the same time)',
    events: [granted(1000, 5), ended(5000, 5, 'override'), granted(5000, 6)],
    mics: [
      [5, 1000, 5000],
      [6, 5000, null],
    ],
  },
  {
    name: 'handovers through the chair: next',
    events: [granted(1000, 5), ended(4000, 5, 'next'), granted(4000, 7), ended(9000, 7, 'chair')],
    mics: [
      [5, 1000, 4000],
      [7, 4000, 9000],
    ],
  },
  {
    name: 'two open microphones overlapping',
    events: [granted(1000, 5), granted(3000, 6), ended(6000, 5), ended(8000, 6)],
    mics: [
      [5, 1000, 6000],
      [6, 3000, 8000],
    ],
  },
  {
    name: 'priority mutes delegates, not the chair; they are heard again when it goes off',
    events: [
      granted(1000, 5),
      priority(3000, true),
      granted(3000, CHAIR),
      priority(6000, false),
      ended(7000, CHAIR),
      ended(9000, 5),
    ],
    mics: [
      [5, 1000, 3000],
      [CHAIR, 3000, 7000],
      [5, 6000, 9000],
    ],
  },
  {
    name: 'the chair ending their own microphone ends priority (floor.ts): the delegate is heard again',
    events: [granted(1000, 5), priority(3000, true), granted(3000, CHAIR), ended(5000, CHAIR)],
    mics: [
      [5, 1000, 3000],
      [CHAIR, 3000, 5000],
      [5, 5000, null],
    ],
  },
  {
    name: 'a second chair seat is not muted by priority',
    chairs: [CHAIR, 2],
    events: [granted(1000, 2), priority(2000, true), granted(2000, CHAIR), ended(4000, 2)],
    mics: [
      [2, 1000, 4000],
      [CHAIR, 2000, null],
    ],
  },
  {
    name: 'a delegate granted while priority is on is not heard until it goes off',
    events: [priority(1000, true), granted(1000, CHAIR), granted(2000, 5), priority(4000, false)],
    mics: [
      [CHAIR, 1000, null],
      [5, 4000, null],
    ],
  },
  {
    name: 'all-off closes every delegate, the chair keeps speaking',
    events: [
      granted(1000, CHAIR),
      granted(1500, 5),
      granted(2000, 6),
      ended(4000, 5, 'alloff'),
      ended(4000, 6, 'alloff'),
    ],
    mics: [
      [CHAIR, 1000, null],
      [5, 1500, 4000],
      [6, 2000, 4000],
    ],
  },
  {
    name: 'opened and closed within one decision: no empty interval',
    events: [granted(1000, 5), ended(1000, 5)],
    mics: [],
  },
  {
    name: 'a microphone opened before the meeting is open at its start; one closed before is not there',
    start: 10_000,
    events: [granted(1000, 5), ended(2000, 5), granted(3000, 6), ended(12_000, 6)],
    mics: [[6, 10_000, 12_000]],
  },
  {
    name: 'a clock stepping back is taken as the time before (log order is the truth)',
    events: [granted(5000, 5), ended(4000, 5), granted(6000, 6)],
    mics: [[6, 6000, null]],
  },
  {
    name: 'pauses: intervals with no attribution; repeated pause and resume change nothing',
    events: [granted(1000, 5), paused(2000), paused(2500), resumed(3000), resumed(3500), paused(8000)],
    mics: [[5, 1000, null]],
    pauses: [
      [2000, 3000],
      [8000, null],
    ],
  },
  {
    name: 'a pause from before the meeting does not count (a new meeting records)',
    start: 10_000,
    events: [paused(5000), resumed(12_000), paused(13_000), resumed(14_000)],
    mics: [],
    pauses: [[13_000, 14_000]],
  },
  {
    name: 'endMs: still open at the end of the meeting ends there; later events are ignored',
    endMs: 10_000,
    events: [granted(1000, 5), paused(9000), granted(11_000, 6)],
    mics: [[5, 1000, 10_000]],
    pauses: [[9000, 10_000]],
  },
  {
    name: 'requests, settings and votes do not open microphones',
    events: [
      { at: 1000, type: 'floor.requested', payload: { seat: 5 } },
      { at: 1100, type: 'floor.settings', payload: { mode: 'request', maxOpen: 1 } },
      { at: 1200, type: 'vote.opened', payload: { voteId: 'v' } },
      granted(2000, 5),
    ],
    mics: [[5, 2000, null]],
  },
];

describe('speakerTimeline (R-ROOM-5, R-HW-4: speaker labels from the floor events)', () => {
  it.each(timelineCases)('$name', (c) => {
    const t = speakerTimeline(c.events, c.start ?? 0, {
      chairSeats: c.chairs ?? chairSeats,
      ...(c.endMs !== undefined ? { endMs: c.endMs } : {}),
    });
    expect(t.mics.map((m) => [m.seat, m.from, m.to])).toEqual(c.mics);
    expect(t.pauses.map((p) => [p.from, p.to])).toEqual(c.pauses ?? []);
  });

  it('accepts the event log rows as they are (seq, hash, meetingId, agendaItem in payload)', () => {
    const rows = [
      {
        seq: 1,
        at: 1000,
        meetingId: 'm1',
        type: 'floor.granted',
        actor: 'seat:5',
        payload: { seat: 5, by: 'self', agendaItem: 'a1' },
        prevHash: '0',
        hash: '1',
      },
    ];
    expect(speakerTimeline(rows, 0, { chairSeats }).mics).toEqual([{ seat: 5, from: 1000, to: null }]);
  });

  // The timeline must say what the room itself said: replay random command sequences through the
  // floor engine and compare, at every instant, with seatMic(state) === 'on'.
  it.each(['open', 'override', 'request', 'voice', 'ptt'] as FloorMode[])(
    'agrees with the floor engine at every instant, %s mode (R-HW-4)',
    (mode) => {
      let seed = 7;
      const rnd = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const seats = [1, 2, 3, 4, 5, 6];
      const chairs = [1, 2];
      let s: FloorState = initialFloor({ mode, maxOpen: 2 }, chairs);
      const log: TimelineEvent[] = [];
      const truth: { at: number; on: number[] }[] = [];
      let at = 0;
      for (let i = 0; i < 400; i++) {
        const seat = seats[Math.floor(rnd() * seats.length)]!;
        const pick = rnd();
        const c: FloorCommand =
          pick < 0.45
            ? { type: 'speak', seat, action: 'press' }
            : pick < 0.6
              ? { type: 'speak', seat, action: 'release' }
              : pick < 0.7
                ? { type: 'grant', seat }
                : pick < 0.75
                  ? { type: 'next' }
                  : pick < 0.8
                    ? { type: 'alloff' }
                    : pick < 0.9
                      ? { type: 'priority', seat: chairs[Math.floor(rnd() * 2)]! }
                      : { type: 'end', seat };
        const d = decideFloor(s, c);
        at += 1 + Math.floor(rnd() * 3) * 100;
        if (!d.ok) continue;
        for (const e of d.events) {
          s = applyFloor(s, e, at);
          const { type, ...payload } = e;
          log.push({ at, type, payload });
        }
        truth.push({ at, on: seats.filter((x) => seatMic(s, x) === 'on') });
      }
      const t = speakerTimeline(log, 0, { chairSeats: chairs });
      for (const { at: when, on } of truth) {
        const heard = t.mics
          .filter((m) => m.from <= when && (m.to === null || m.to > when))
          .map((m) => m.seat)
          .sort((a, b) => a - b);
        expect(heard, `at ${when}`).toEqual(on);
      }
      for (const seat of seats) {
        const own = t.mics.filter((m) => m.seat === seat);
        for (let i = 1; i < own.length; i++) expect(own[i]!.from).toBeGreaterThan(own[i - 1]!.to!);
      }
    },
  );
});

const names = new Map([
  [5, 'Nguyễn Văn An'],
  [6, 'Trần Thị Bình'],
  [CHAIR, 'Chủ tọa Lê Minh'],
]);
const tl = (
  mics: [number, number, number | null][],
  pauses: [number, number | null][] = [],
): SpeakerTimeline => ({
  mics: mics.map(([seat, from, to]) => ({ seat, from, to })),
  pauses: pauses.map(([from, to]) => ({ from, to })),
});
const seg = (startMs: number, endMs: number) => ({ startMs, endMs, text: 'xin cảm ơn' });

interface AttributionCase {
  name: string;
  segment: [number, number];
  mics: [number, number, number | null][];
  pauses?: [number, number | null][];
  seats: number[];
  overlap?: boolean;
}

const attributionCases: AttributionCase[] = [
  { name: 'one speaker, whole segment', segment: [1000, 3000], mics: [[5, 0, null]], seats: [5] },
  {
    name: 'a segment spanning a handover goes to who held most of it (60/40)',
    segment: [0, 1000],
    mics: [
      [5, 0, 600],
      [6, 600, null],
    ],
    seats: [5],
  },
  {
    name: 'the same handover later in the segment (40/60)',
    segment: [0, 1000],
    mics: [
      [5, 0, 400],
      [6, 400, null],
    ],
    seats: [6],
  },
  {
    name: 'tie 50/50: the seat already speaking when the segment began',
    segment: [0, 1000],
    mics: [
      [6, 0, 500],
      [5, 500, null],
    ],
    seats: [6],
  },
  {
    name: 'tie in time and start: the lower seat number',
    segment: [0, 1000],
    mics: [
      [6, 0, 200],
      [5, 0, 200],
    ],
    seats: [5],
  },
  {
    name: 'a microphone open for only part of the segment still gets it (no other was on)',
    segment: [0, 10_000],
    mics: [[5, 0, 1000]],
    seats: [5],
  },
  {
    name: 'exactly 30 % together is not an overlap',
    segment: [0, 1000],
    mics: [
      [5, 0, null],
      [6, 700, null],
    ],
    seats: [5],
    overlap: false,
  },
  {
    name: 'just over 30 % together is an overlap, with both, the longer first',
    segment: [0, 1000],
    mics: [
      [5, 0, null],
      [6, 699, null],
    ],
    seats: [5, 6],
    overlap: true,
  },
  {
    name: 'two microphones on together for the whole segment',
    segment: [0, 4000],
    mics: [
      [6, 0, null],
      [5, 0, null],
    ],
    seats: [5, 6],
    overlap: true,
  },
  {
    name: 'a third microphone that overlapped only briefly is not named',
    segment: [0, 1000],
    mics: [
      [5, 0, null],
      [6, 0, 400],
      [CHAIR, 900, null],
    ],
    seats: [5, 6],
    overlap: true,
  },
  {
    name: 'two brief interjections at different times are no overlap: the main speaker',
    segment: [0, 1000],
    mics: [
      [5, 0, null],
      [6, 0, 200],
      [CHAIR, 800, null],
    ],
    seats: [5],
    overlap: false,
  },
  {
    name: 'no microphone open: unattributed (the room microphone)',
    segment: [5000, 6000],
    mics: [[5, 0, 4000]],
    seats: [],
  },
  {
    name: 'time inside a recording pause does not count',
    segment: [0, 1000],
    mics: [
      [5, 0, 400],
      [6, 400, null],
    ],
    pauses: [[400, 800]],
    seats: [5],
  },
  {
    name: 'a segment wholly inside a pause falls back to the whole span',
    segment: [0, 1000],
    mics: [[6, 0, null]],
    pauses: [[0, null]],
    seats: [6],
  },
  {
    name: 'zero-length segment at a handover: the microphone open at that instant (from <= t < to)',
    segment: [600, 600],
    mics: [
      [5, 0, 600],
      [6, 600, null],
    ],
    seats: [6],
  },
  {
    name: 'zero-length segment with two on: overlap',
    segment: [600, 600],
    mics: [
      [5, 0, null],
      [6, 100, null],
    ],
    seats: [5, 6],
    overlap: true,
  },
];

describe('attribute (R-ROOM-5, R-HW-4: the seat whose microphone was on)', () => {
  it('overlap threshold is 30 %', () => expect(OVERLAP_MIN_SHARE).toBe(0.3));

  it.each(attributionCases)('$name', (c) => {
    const a = attribute(seg(...c.segment), tl(c.mics, c.pauses), names);
    expect(a.seats).toEqual(c.seats);
    expect(a.overlap).toBe(c.overlap ?? false);
    expect(a.unattributed).toBe(c.seats.length === 0);
    expect(a.names).toEqual(c.seats.map((s) => names.get(s) ?? null));
  });

  it('a seat without a known delegate is named null', () => {
    expect(attribute(seg(0, 1000), tl([[9, 0, null]]), names)).toEqual({
      seats: [9],
      names: [null],
      overlap: false,
      unattributed: false,
    });
  });

  it('refuses a segment that ends before it starts', () => {
    expect(() => attribute(seg(1000, 999), tl([]), names)).toThrow(RangeError);
  });

  it('from the log to a stored line: priority, then the delegate again', () => {
    const t = speakerTimeline(
      [granted(1000, 5), priority(3000, true), granted(3000, CHAIR), ended(6000, CHAIR)],
      0,
      { chairSeats },
    );
    const at = (s: number, e: number) => attribute(seg(s, e), t, names).seats;
    expect(at(1000, 2900)).toEqual([5]);
    expect(at(3100, 5900)).toEqual([CHAIR]); // the delegate was muted: not speaking
    expect(at(6100, 9000)).toEqual([5]);
    const line = transcriptLine(
      { id: 'l1', meetingId: 'm1', audioOffsetMs: 2100, language: 'vi', final: true },
      seg(3100, 5900),
      attribute(seg(3100, 5900), t, names),
    );
    expect(line).toEqual({
      id: 'l1',
      meetingId: 'm1',
      startMs: 3100,
      endMs: 5900,
      audioOffsetMs: 2100,
      seats: [CHAIR],
      names: ['Chủ tọa Lê Minh'],
      overlap: false,
      text: 'xin cảm ơn',
      language: 'vi',
      final: true,
    });
  });
});
