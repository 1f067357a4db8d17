// The room controller: the one place where commands become facts. Seat inputs (MQTT units,
// conference systems) and console / tablet commands are decided by the pure domain, applied in
// memory, group-committed to the event log, and only then shown: units' `state`, the room
// `display`, the dashboard view. After a restart the state is rebuilt from the log.

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { SeatInput } from '@room/bridge';
import type { FloorState } from '../domain/floor.ts';
import {
  affectedSeats,
  applyRoom,
  decideRoom,
  initialRoom,
  type RoomCommand,
  type RoomConfig,
  type RoomDecision,
  type RoomEvent,
  type RoomMeeting,
  type RoomState,
} from '../domain/room.ts';
import { type KeyName, keyToCommand } from '../domain/seat-keys.ts';
import {
  type RoomDisplay,
  type RoomView,
  roomDisplay,
  roomView,
  type UnitState,
  unitState,
} from '../domain/views.ts';
import type { VoteState } from '../domain/vote.ts';
import type { EventLog, LoggedEvent, SecretBallot } from '../store/event-log.ts';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RoomControllerOptions {
  config: RoomConfig;
  log: EventLog;
  logger: Logger;
  now?: () => number;
  newId?: () => string;
  /**
   * While only ballot counts change, the display and dashboard view are sent at most this often:
   * a burst of 500 ballots must not become 500 retained publishes to 500 units.
   */
  countsIntervalMs?: number;
  /** Seats that vote on conference-system keypads now (DeviceManager); asked when a vote opens. */
  keypadSeats?: () => readonly number[];
}

type Events = {
  /**
   * The floor changed: what the conference hardware must show. Sent as soon as decided, before the
   * facts are on disk; if they cannot be stored, sent again with the floor as the log has it.
   */
  floor: [FloorState];
  /** A vote opened or closed (after the facts are on disk). */
  vote: [VoteState | null];
  unit: [seat: number, state: UnitState];
  display: [RoomDisplay];
  view: [changes: Partial<RoomView>, view: RoomView];
  logged: [LoggedEvent[]];
};

export type DispatchResult = RoomDecision | { ok: false; code: 'E_STORAGE'; message: string };

export class RoomController extends EventEmitter<Events> {
  #state: RoomState;
  #log: EventLog;
  #logger: Logger;
  #now: () => number;
  #newId: () => string;
  #countsInterval: number;
  #keypadSeats: (() => readonly number[]) | undefined;
  #lastUnit = new Map<number, string>();
  #lastDisplay = '';
  #lastView = new Map<string, string>();
  #view: RoomView;
  #countsTimer: NodeJS.Timeout | null = null;
  #lastCountsAt = 0;

  constructor(o: RoomControllerOptions) {
    super();
    this.#log = o.log;
    this.#logger = o.logger;
    this.#now = o.now ?? Date.now;
    this.#newId = o.newId ?? randomUUID;
    this.#countsInterval = o.countsIntervalMs ?? 100;
    this.#keypadSeats = o.keypadSeats;
    this.#state = rebuild(o.config, o.log);
    this.#view = roomView(this.#state);
    for (const [k, v] of Object.entries(this.#view)) this.#lastView.set(k, JSON.stringify(v));
  }

  get state(): RoomState {
    return this.#state;
  }

  get view(): RoomView {
    return this.#view;
  }

  unitState(seat: number): UnitState {
    return unitState(this.#state, seat);
  }

  display(): RoomDisplay {
    return roomDisplay(this.#state);
  }

  /**
   * The meeting in progress changed (started, paused, resumed, moved on, seats, ended): units show
   * the delegates' names and the meeting's state, screens its title and agenda.
   */
  setMeeting(meeting: RoomMeeting | null): void {
    this.#state = { ...this.#state, meeting };
    this.#show('all', false);
  }

  /** The recording started, paused, resumed or stopped: screens show the indicator. */
  setRecording(recording: RoomState['recording']): void {
    this.#state = { ...this.#state, recording };
    this.#show(new Set(), false);
  }

  /** Every unit's state and the display, whether changed or not (after a restart or reconnect). */
  republishAll(): void {
    for (const s of this.#state.config.seats) {
      const st = unitState(this.#state, s.seat);
      this.#lastUnit.set(s.seat, JSON.stringify(st));
      this.emit('unit', s.seat, st);
    }
    const d = roomDisplay(this.#state);
    this.#lastDisplay = JSON.stringify(d);
    this.emit('display', d);
  }

  /** A key from a seat device. Refusals are logged, not thrown: the unit shows the unchanged state. */
  async handleSeatInput(input: SeatInput): Promise<DispatchResult> {
    const meaning = keyToCommand(this.#state, input.seat, input.key as KeyName, input.action);
    if (!meaning.ok) {
      this.#logger.info({ seat: input.seat, key: input.key, code: meaning.code }, 'seat key refused');
      return meaning;
    }
    if (!meaning.command) return { ok: true, events: [] };
    const r = await this.dispatch(meaning.command, input.source);
    if (!r.ok) this.#logger.info({ seat: input.seat, key: input.key, code: r.code }, 'seat key refused');
    return r;
  }

  /** Decides, applies, commits durably, then shows. Resolves once the facts are on disk. */
  async dispatch(command: RoomCommand, actor: string): Promise<DispatchResult> {
    const d = decideRoom(this.#state, command, {
      newId: this.#newId,
      ...(this.#keypadSeats ? { keypadSeats: this.#keypadSeats } : {}),
    });
    if (!d.ok || d.events.length === 0) return d;
    const at = this.#now();
    const castBy = command.type === 'cast' ? command.seat : undefined;
    const rows = [];
    const ballots: SecretBallot[] = [];
    let seats: Set<number> | 'all' = new Set();
    let countsOnly = true;
    let floorChanged = false;
    let voteChanged = false;
    for (const e of d.events) {
      if (e.type.startsWith('floor.')) floorChanged = true;
      else if (e.type === 'vote.opened' || e.type === 'vote.closed') voteChanged = true;
      this.#state = applyRoom(this.#state, e, at, castBy);
      if (e.type === 'vote.secret_ballot') {
        ballots.push({ voteId: e.voteId, choice: e.choice });
      } else {
        const { type, ...payload } = e;
        // Floor, votes and roll call belong to the meeting in progress and its agenda item (issue 4).
        const m = this.#state.meeting;
        if (m?.currentItem) (payload as Record<string, unknown>).agendaItem = m.currentItem;
        rows.push({ at, type, actor, payload, meetingId: m?.id ?? null });
      }
      const a = affectedSeats(e);
      if (a === 'all') seats = 'all';
      else if (seats !== 'all') for (const s of a) seats.add(s);
      if (!isCountsOnly(e)) countsOnly = false;
    }
    // The conference hardware hears a floor decision before the fsync, everything else after it
    // (docs/decisions.md): a microphone that opens late is heard, and an open microphone is no
    // record that must survive a power cut (the hardware loses it too). The fsync's tail (≥ 10 ms
    // at p99 on a busy disk) would otherwise sit between the chair's press and the microphone.
    if (floorChanged) this.emit('floor', this.#state.floor);
    let logged: LoggedEvent[];
    try {
      logged = await this.#log.append(rows, ballots);
    } catch (err) {
      // The facts are not on disk: forget them, so memory never runs ahead of the log.
      this.#logger.error({ err: String(err), command: command.type }, 'event log commit failed');
      this.#state = {
        ...rebuild(this.#state.config, this.#log),
        meeting: this.#state.meeting,
        recording: this.#state.recording,
      };
      // The hardware goes back to what the log says.
      if (floorChanged) this.emit('floor', this.#state.floor);
      return { ok: false, code: 'E_STORAGE', message: 'the event could not be stored; nothing changed' };
    }
    if (voteChanged) this.emit('vote', this.#state.vote);
    this.#show(seats, countsOnly);
    this.emit('logged', logged);
    return d;
  }

  #show(seats: Set<number> | 'all', countsOnly: boolean): void {
    const list = seats === 'all' ? this.#state.config.seats.map((s) => s.seat) : seats;
    for (const seat of list) {
      const st = unitState(this.#state, seat);
      const json = JSON.stringify(st);
      if (this.#lastUnit.get(seat) === json) continue;
      this.#lastUnit.set(seat, json);
      this.emit('unit', seat, st);
    }
    if (!countsOnly) {
      this.#showRoom();
      return;
    }
    // Only counts changed: send at most one update per interval, the last one always.
    const wait = this.#lastCountsAt + this.#countsInterval - this.#now();
    if (wait <= 0) {
      this.#showRoom();
      return;
    }
    this.#countsTimer ??= setTimeout(() => this.#showRoom(), wait);
  }

  #showRoom(): void {
    if (this.#countsTimer) clearTimeout(this.#countsTimer);
    this.#countsTimer = null;
    this.#lastCountsAt = this.#now();
    const d = roomDisplay(this.#state);
    const dj = JSON.stringify(d);
    if (dj !== this.#lastDisplay) {
      this.#lastDisplay = dj;
      this.emit('display', d);
    }
    const view = roomView(this.#state);
    const changes: Partial<RoomView> = {};
    let changed = false;
    for (const [k, v] of Object.entries(view) as [keyof RoomView, unknown][]) {
      const j = JSON.stringify(v);
      if (this.#lastView.get(k) === j) continue;
      this.#lastView.set(k, j);
      (changes as Record<string, unknown>)[k] = v;
      changed = true;
    }
    this.#view = view;
    if (changed) this.emit('view', changes, view);
  }

  close(): void {
    if (this.#countsTimer) clearTimeout(this.#countsTimer);
    this.#countsTimer = null;
  }
}

const isCountsOnly = (e: RoomEvent) =>
  e.type === 'vote.ballot' ||
  e.type === 'vote.voted' ||
  e.type === 'vote.secret_ballot' ||
  e.type === 'vote.device_tally';

const ROOM_EVENT_PREFIXES = ['floor.', 'vote.', 'attendance.'];

/** The room as the log says it is. Secret vote counts come from the anonymous ballots. */
export function rebuild(config: RoomConfig, log: EventLog): RoomState {
  let s = initialRoom(config);
  for (const e of log.readTypes(ROOM_EVENT_PREFIXES)) {
    s = applyRoom(s, { type: e.type, ...e.payload } as RoomEvent, e.at);
  }
  if (s.vote?.secret) {
    const counts = { yes: 0, no: 0, abstain: 0 };
    for (const c of log.secretBallots(s.vote.id)) if (c in counts) counts[c as keyof typeof counts]++;
    s = { ...s, vote: { ...s.vote, counts } };
  }
  return s;
}
