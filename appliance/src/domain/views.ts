// What units and displays are shown, derived from the room state. Pure.
// Shapes: shared/protocols/seat-unit-mqtt.md, "Appliance → unit".
// The domain does not import the bridge: these types mirror the seam's contract structurally, and
// the room controller hands them to the bridge, so the compiler checks that they still agree.
import { type FloorMode, type SeatMic, seatMic } from './floor.ts';
import type { RoomState } from './room.ts';
import { type Choice, castCount, type Tally, tally, type VoteState } from './vote.ts';

export interface UnitState {
  seat: number;
  name: string;
  mic: SeatMic;
  vote: { open: boolean; choice: Choice | null; secret: boolean; cast?: boolean } | null;
  present: boolean;
  meeting: 'scheduled' | 'in_progress' | 'paused' | 'ended' | 'none';
}

export interface RoomDisplay {
  meeting: { id: string; title: string; state: UnitState['meeting'] } | null;
  speakers: number[];
  requests: number[];
  vote: { id: string; title: string; state: 'open' | 'closed'; counts: Tally | { cast: number } } | null;
  present: number;
  expected: number;
}

export function unitState(s: RoomState, seat: number): UnitState {
  const info = s.seatInfo.get(seat);
  const v = s.vote;
  let vote: UnitState['vote'] = null;
  if (v && v.state === 'open' && v.entitled.includes(seat)) {
    const choice = v.choices.get(seat) ?? null;
    vote = { open: true, choice, secret: v.secret };
    // Our compatible extension: `cast` says the seat voted even when a secret choice is not held.
    if (v.voted.has(seat)) vote.cast = true;
  }
  return {
    seat,
    name: s.meeting?.seatNames.get(seat) ?? info?.label ?? `Ghế ${seat}`,
    mic: seatMic(s.floor, seat),
    vote,
    present: s.present.has(seat),
    meeting: s.meeting?.status ?? 'none',
  };
}

export function roomDisplay(s: RoomState): RoomDisplay {
  const v = s.vote;
  let vote: RoomDisplay['vote'] = null;
  if (v) {
    vote = { id: v.id, title: v.title, state: v.state, counts: voteCounts(v) };
  }
  return {
    meeting: s.meeting ? { id: s.meeting.id, title: s.meeting.title, state: s.meeting.status } : null,
    speakers: s.floor.speakers.map((x) => x.seat),
    requests: s.floor.requests.map((x) => x.seat),
    vote,
    present: s.present.size,
    expected: s.config.seats.length,
  };
}

/** The room as the dashboard sees it (chair console, seat tablets, wall display). */
export interface RoomView {
  room: { id: string; name: string };
  seats: { seat: number; role: 'chair' | 'delegate'; label: string }[];
  floor: {
    mode: FloorMode;
    maxOpen: number;
    priority: { on: boolean; seat: number | null };
    speakers: { seat: number; since: number }[];
    requests: { seat: number; since: number }[];
  };
  vote: {
    id: string;
    title: string;
    secret: boolean;
    state: 'open' | 'closed';
    /** Open secret votes show only how many ballots were cast. */
    counts: Tally | { cast: number };
    entitled: number;
    openedAt: number;
    closedAt: number | null;
  } | null;
  present: number[];
  expected: number;
  /** The recording indicator (issue 5): recording, paused (by the chair or with the meeting), off. */
  recording: {
    meetingId: string | null;
    status: 'off' | 'recording' | 'paused';
    since: number | null;
    heldByChair: boolean;
  };
  /** The meeting in progress (issue 4): title, state, agenda, who sits where. */
  meeting: {
    id: string;
    title: string;
    status: 'in_progress' | 'paused';
    secret: boolean;
    currentItem: string | null;
    agenda: { id: string; title: string }[];
    seatNames: { seat: number; name: string }[];
  } | null;
}

export function roomView(s: RoomState): RoomView {
  const v = s.vote;
  return {
    room: { id: s.config.roomId, name: s.config.name },
    seats: s.config.seats.map((x) => ({ seat: x.seat, role: x.role, label: x.label })),
    floor: {
      mode: s.floor.settings.mode,
      maxOpen: s.floor.settings.maxOpen,
      priority: { ...s.floor.priority },
      speakers: s.floor.speakers.map((x) => ({ ...x })),
      requests: s.floor.requests.map((x) => ({ ...x })),
    },
    vote: v
      ? {
          id: v.id,
          title: v.title,
          secret: v.secret,
          state: v.state,
          counts: voteCounts(v),
          entitled: v.entitled.length,
          openedAt: v.openedAt,
          closedAt: v.closedAt,
        }
      : null,
    present: [...s.present].sort((a, b) => a - b),
    expected: s.config.seats.length,
    recording: {
      meetingId: s.recording.meetingId,
      status: s.recording.status,
      since: s.recording.since,
      heldByChair: s.recording.heldByChair,
    },
    meeting: s.meeting
      ? {
          id: s.meeting.id,
          title: s.meeting.title,
          status: s.meeting.status,
          secret: s.meeting.secret,
          currentItem: s.meeting.currentItem,
          agenda: s.meeting.agenda.map((a) => ({ ...a })),
          seatNames: [...s.meeting.seatNames]
            .map(([seat, name]) => ({ seat, name }))
            .sort((a, b) => a.seat - b.seat),
        }
      : null,
  };
}

/** A closed vote shows its final result; an open secret vote only how many ballots were cast. */
function voteCounts(v: VoteState): Tally | { cast: number } {
  if (v.state === 'closed') return v.result!;
  return v.secret ? { cast: castCount(v) } : tally(v);
}
