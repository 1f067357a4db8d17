// The room: floor, the current quick vote and roll call, over one seat plan. Pure.
// Every command from a seat unit, a tablet or the chair console comes through `decideRoom`; every
// fact goes through `applyRoom`, live and when the state is rebuilt from the event log.

import {
  type AttendanceCommand,
  type AttendanceErrorCode,
  type AttendanceEvent,
  applyAttendance,
  decideAttendance,
} from './attendance.ts';
import {
  applyFloor,
  type Decision,
  decideFloor,
  type FloorCommand,
  type FloorErrorCode,
  type FloorEvent,
  type FloorSettings,
  type FloorState,
  initialFloor,
} from './floor.ts';
import { NO_RECORDING, type RecordingState } from './recording.ts';
import {
  applyVote,
  decideVote,
  type VoteCommand,
  type VoteErrorCode,
  type VoteEvent,
  type VoteState,
} from './vote.ts';

export interface Seat {
  seat: number;
  role: 'chair' | 'delegate';
  label: string;
  unit: string | null;
}

export type VoteEntitlement = 'all' | 'present';

/**
 * The meeting in progress in the room, as the room needs it (issue 4): shown on units and screens,
 * and attached to every floor, vote and roll-call fact. Derived from the meeting's own events, so
 * it is set by the controller, not decided here.
 */
export interface RoomMeeting {
  id: string;
  title: string;
  status: 'in_progress' | 'paused';
  /** "Mật" (R-MTG-4): screens say why nothing is recorded. */
  secret: boolean;
  /** The agenda item under discussion. */
  currentItem: string | null;
  agenda: { id: string; title: string }[];
  /** Seat → the name of the delegate sitting there for this meeting (unit `state.name`). */
  seatNames: ReadonlyMap<number, string>;
}

export interface RoomConfig {
  roomId: string;
  name: string;
  seats: readonly Seat[];
  floor: FloorSettings;
  /** Who may vote in a quick vote: every seat of the plan (chair included), or present seats. */
  voteEntitlement: VoteEntitlement;
}

export interface RoomState {
  readonly config: RoomConfig;
  readonly seatNumbers: ReadonlySet<number>;
  readonly seatInfo: ReadonlyMap<number, Seat>;
  readonly floor: FloorState;
  /** The open vote, or the last closed one (it stays on the display until the next opens). */
  readonly vote: VoteState | null;
  /** How many quick votes were opened: names the next one ("Biểu quyết nhanh 3"). */
  readonly votesOpened: number;
  readonly present: ReadonlySet<number>;
  /** The meeting in progress, if any. */
  readonly meeting: RoomMeeting | null;
  /** Whether the room is being recorded and transcribed (issue 5), as the recording's facts say. */
  readonly recording: RecordingState;
}

export type RoomEvent = FloorEvent | VoteEvent | AttendanceEvent;
export type RoomCommand =
  | FloorCommand
  | Exclude<VoteCommand, { type: 'open' }>
  | { type: 'open'; title?: string; secret: boolean }
  | AttendanceCommand;
export type RoomErrorCode = FloorErrorCode | VoteErrorCode | AttendanceErrorCode | 'E_UNKNOWN_SEAT';
export type RoomDecision = Decision<RoomEvent, RoomErrorCode>;

export interface DecideContext {
  newId: () => string;
  /** Seats that vote on a conference system's keypads right now (for a vote being opened). */
  keypadSeats?: () => readonly number[];
}

export function initialRoom(config: RoomConfig): RoomState {
  const chairSeats = config.seats.filter((s) => s.role === 'chair').map((s) => s.seat);
  return {
    config,
    seatNumbers: new Set(config.seats.map((s) => s.seat)),
    seatInfo: new Map(config.seats.map((s) => [s.seat, s])),
    floor: initialFloor(config.floor, chairSeats),
    vote: null,
    votesOpened: 0,
    present: new Set(),
    meeting: null,
    recording: NO_RECORDING,
  };
}

const SEAT_COMMANDS = new Set(['speak', 'grant', 'deny', 'end', 'priority', 'cast', 'present', 'absent']);

export function decideRoom(s: RoomState, c: RoomCommand, ctx: DecideContext): RoomDecision {
  if (SEAT_COMMANDS.has(c.type) && 'seat' in c && !s.seatNumbers.has(c.seat)) {
    return { ok: false, code: 'E_UNKNOWN_SEAT', message: `seat ${c.seat} is not in the seat plan` };
  }
  switch (c.type) {
    case 'open': {
      const entitled =
        s.config.voteEntitlement === 'present' ? [...s.present] : s.config.seats.map((x) => x.seat);
      return decideVote(s.vote, {
        type: 'open',
        voteId: ctx.newId(),
        title: c.title ?? `Biểu quyết nhanh ${s.votesOpened + 1}`,
        secret: c.secret,
        entitled,
        keypads: (ctx.keypadSeats?.() ?? []).filter((seat) => entitled.includes(seat)),
      });
    }
    case 'cast':
    case 'close':
    case 'device_tally':
      return decideVote(s.vote, c);
    case 'present':
    case 'absent':
    case 'rollcall.reset':
      return decideAttendance(s.present, s.seatNumbers, c);
    default:
      return decideFloor(s.floor, c);
  }
}

export function applyRoom(s: RoomState, e: RoomEvent, at: number, castBy?: number): RoomState {
  if (e.type.startsWith('floor.')) return { ...s, floor: applyFloor(s.floor, e as FloorEvent, at) };
  if (e.type.startsWith('vote.')) {
    const vote = applyVote(s.vote, e as VoteEvent, at, castBy);
    return { ...s, vote, votesOpened: s.votesOpened + (e.type === 'vote.opened' ? 1 : 0) };
  }
  return { ...s, present: applyAttendance(s.present, e as AttendanceEvent) };
}

/** Which seats' unit state an event can change: lets the controller skip the others. */
export function affectedSeats(e: RoomEvent): number[] | 'all' {
  switch (e.type) {
    case 'floor.requested':
    case 'floor.request_removed':
    case 'floor.granted':
    case 'floor.ended':
    case 'vote.ballot':
    case 'vote.voted':
    case 'attendance.present':
    case 'attendance.absent':
      return [e.seat];
    case 'floor.requests_cleared':
      return e.seats;
    case 'floor.settings':
    case 'vote.secret_ballot':
    case 'vote.device_tally':
      return [];
    default:
      // priority mutes every delegate; opening or closing a vote and resetting roll call touch all.
      return 'all';
  }
}
