// A session with one Shure DCS 6000 / DDS 5900 / DIS-CCU central unit over "external control" (ASCII
// lines). Protocol facts are from shared/protocols/conference-systems.md, section "Shure DCS 6000 /
// DDS 5900 / DIS-CCU"; the reconcile loop follows ARCHITECTURE.md "The floor engine": desired state
// (from the engine, via setFloor) vs reported state (from the unit), retry, then alarm; on every
// (re)connect read the whole state first (`mic_status`).
//
// The unit "answers a command only if it acted", so nothing here waits for an echo: commands are
// fire-and-forget, and a timer compares desired with reported state after `verifyMs`.
import { BridgeError } from '../../contract/device.ts';
import type { DeviceAlarm, RoomFloor, RoomFloorMode, RoomVote } from '../../contract/driver.ts';
import { LineFramer } from '../../runtime/line-framer.ts';
import type { LinkOptions } from '../../runtime/link.ts';
import { LinkDriver } from '../../runtime/link-driver.ts';
import { SeatMap } from '../../runtime/seat-map.ts';
import {
  decode,
  encode,
  formatCommand,
  type MicMode,
  SEAT_MAX,
  type SettingName,
  type ShureCommand,
} from './codec.ts';
import { ShureVoting, type ShureVotingOptions } from './voting.ts';

export interface ShureDcsSessionOptions {
  /** Conference seat → room seat. Default identity; when given, unmapped conference seats are ignored. */
  seatMap?: Record<string, number>;
  /** How long to wait for the unit's report before re-checking. Default 500 ms. */
  verifyMs?: number;
  /** Re-reads + re-sends before a mismatch raises an alarm. Default 2. */
  maxRetries?: number;
  /**
   * Push the room's floor mode and cap to the unit (`mic_mode`, `mic_interrupt`, `max_speakers`),
   * so a delegate's button does at the unit what the room would decide. Default true; false when
   * the central unit's own settings must stay as the installer left them.
   */
  pushSettings?: boolean;
  /** Hardware voting: the room's votes run on the unit's keypads too. Absent: off. */
  voting?: ShureVotingOptions;
}

/**
 * The room's floor mode as the unit's own mode (our mapping; README "Floor settings"). The unit has
 * no push-to-talk: with `ptt` a press toggles the mic, and an alarm says so.
 */
export const MODE_MAP: Record<RoomFloorMode, { mode: MicMode; interrupt: boolean }> = {
  open: { mode: 'auto', interrupt: false },
  override: { mode: 'auto', interrupt: true },
  request: { mode: 'manual', interrupt: false },
  voice: { mode: 'vox', interrupt: false },
  ptt: { mode: 'auto', interrupt: false },
};
/** Fact sheet: `max_speakers 1..8`. */
export const MAX_SPEAKERS = 8;

export interface ShureDcsSessionConfig {
  id: string;
  /** Transport URL: tcp://host:3142, serial:///dev/ttyUSB0?baudRate=9600, sim://name. */
  transport: string;
  options?: ShureDcsSessionOptions;
  /** For tests: e.g. a fast `reconnectDelay`, or a transport factory. */
  linkOptions?: Omit<LinkOptions, 'url'>;
}

export type SeatFloorState = 'on' | 'request' | 'off';

export interface FloorAlarm extends DeviceAlarm {
  /** Room seat. */
  seat: number;
  want: SeatFloorState;
  got: SeatFloorState;
  message: string;
  at: number;
}

export interface ReportedSeat {
  /** Room seat; undefined when the seat map has no entry for this conference seat. */
  seat: number | undefined;
  conference: number;
  active: boolean;
  name: string;
}

export interface ReportedFloor {
  /** True once a `mic_status` dump completed on the current connection. */
  synced: boolean;
  seats: ReportedSeat[];
  /** Room seats with an open mic, in the order they opened. */
  speakers: number[];
  /** Room seats in the request list, in order. */
  requests: number[];
  settings: Partial<Record<SettingName, number>> & { mode?: MicMode; interrupt?: boolean };
}

export type ShureDcsCounters = {
  bytesIn: number;
  bytesOut: number;
  linesIn: number;
  linesOut: number;
  unknownLines: number;
  commandErrors: number;
  /** Lines the framer threw away (too long, control bytes, invalid UTF-8). */
  discarded: number;
  reconnects: number;
  /** seat.input events emitted from unexplained lines. */
  inferredPresses: number;
  /** Commands re-sent by the reconcile loop. */
  retries: number;
};

type DesiredSettings = { mode: MicMode; interrupt: boolean; max_speakers: number };

interface UnitState {
  seats: Map<number, { active: boolean; name: string }>;
  on: Set<number>;
  requests: number[];
  settings: ReportedFloor['settings'];
}

const emptyState = (): UnitState => ({ seats: new Map(), on: new Set(), requests: [], settings: {} });
/** Longest wait between re-checks once an alarm is up (backoff doubles from verifyMs). */
const MAX_BACKOFF_MS = 30_000;

export class ShureDcsSession extends LinkDriver {
  readonly #verifyMs: number;
  readonly #maxRetries: number;
  readonly #pushSettings: boolean;
  readonly #seats: SeatMap;
  readonly #voting: ShureVoting | undefined;
  #framer = new LineFramer();
  #reported: UnitState = emptyState();
  #synced = false;
  /** The state being built from a `mic_status` dump, while one is expected. */
  #dump: UnitState | undefined;
  #dumpTimer: NodeJS.Timeout | undefined;
  #dumpTimeouts = 0;
  /** Desired state, conference seats. null until the first setFloor. */
  #desired: { on: Set<number>; requests: Set<number> } | null = null;
  /** Chair seats (conference), from the room's floor: what `mic_all_delegates_off` leaves on. */
  #chairs = new Set<number>();
  #desiredSettings: DesiredSettings | null = null;
  /** Why the room's settings cannot be met exactly (ptt, a cap above 8), for the alarm. */
  #settingsNote: string | undefined;
  /** `execute({type:'refresh'})` calls waiting for the end of the next dump. */
  #refreshWaiters: ((ok: boolean) => void)[] = [];
  /** The room's vote as last told while the link was down: applied once the state is read. */
  #pendingVote: RoomVote | null | undefined;
  #verifyTimer: NodeJS.Timeout | undefined;
  #attempts = 0;
  /** `command seat` → expiry (epoch ms): our commands whose echo would explain a line. */
  #outstanding = new Map<string, { seq: number; until: number }>();
  /** Settings we sent, by name, until a dump shows what the unit made of them. */
  #settingsSent = new Map<string, { value: number | boolean | MicMode; seq: number }>();
  /** Counts every line we send: a dump answers everything sent before its `mic_status`. */
  #sendSeq = 0;
  #dumpSeq = 0;
  #counters = { linesIn: 0, linesOut: 0, unknownLines: 0, commandErrors: 0, discarded: 0 };
  #inferred = 0;
  #retries = 0;

  /** Alarms by key: `seat:N` (a FloorAlarm), `settings` (the unit keeps other settings), `settings.limit`. */
  constructor(config: ShureDcsSessionConfig) {
    // The link is open before we know the unit's state: `ok` waits for the end of the mic_status dump.
    super({
      id: config.id,
      url: config.transport,
      link: config.linkOptions,
      waiting: 'connected; reading the state (mic_status)',
    });
    const o = config.options ?? {};
    this.#verifyMs = o.verifyMs ?? 500;
    this.#maxRetries = o.maxRetries ?? 2;
    this.#pushSettings = o.pushSettings ?? true;
    let error: string | undefined;
    if (!Number.isFinite(this.#verifyMs) || this.#verifyMs < 1) error = 'verifyMs must be ≥ 1';
    if (!Number.isInteger(this.#maxRetries) || this.#maxRetries < 0)
      error = 'maxRetries must be an integer ≥ 0';
    const seats = SeatMap.from(o.seatMap, SEAT_MAX);
    if (typeof seats === 'string') error = seats;
    this.#seats = typeof seats === 'string' ? (SeatMap.from(undefined) as SeatMap) : seats;
    if (o.voting) {
      this.#voting = new ShureVoting(
        o.voting,
        (cmd) => this.#send(cmd),
        (tally) => this.emit('vote.tally', tally),
      );
    }
    this.refuseConfig(error);
  }

  protected override onStop(): void {
    this.#clearTimers();
    this.#voting?.stop();
    this.#settleRefresh(false);
  }

  /**
   * The room's floor (DeviceDriver): the unit shows its speakers and requests; while the chair
   * speaks with priority every delegate microphone is closed (the unit has no "muted"), and opens
   * again when priority ends. Seats the seat map does not give this unit are not its business.
   */
  floor(floor: RoomFloor): void {
    const mine = (seats: number[]) => seats.filter((s) => this.#seats.toDevice(s) !== undefined);
    const chairs = new Set(floor.chairSeats);
    const speakers = floor.priority === null ? floor.speakers : floor.speakers.filter((s) => chairs.has(s));
    this.#chairs = new Set(mine(floor.chairSeats).map((s) => this.#seats.toDevice(s)!));
    if (this.#pushSettings) {
      const { mode, interrupt } = MODE_MAP[floor.mode];
      const maxSpeakers = Math.max(1, Math.min(MAX_SPEAKERS, floor.maxOpen));
      this.#desiredSettings = { mode, interrupt, max_speakers: maxSpeakers };
      this.#settingsNote =
        floor.mode === 'ptt'
          ? 'push-to-talk is not available over external control: a press toggles the microphone'
          : floor.maxOpen > MAX_SPEAKERS
            ? `the unit opens at most ${MAX_SPEAKERS} delegate microphones; the room allows ${floor.maxOpen}`
            : undefined;
    }
    this.setFloor({ speakers: mine(speakers), requests: mine(floor.requests) });
  }

  /** The room's vote (DeviceDriver): with hardware voting configured, the unit's keypads vote too. */
  vote(vote: RoomVote | null): void {
    if (this.link.isUp) this.#voting?.update(vote);
    else this.#pendingVote = vote;
  }

  keypadSeats(): number[] {
    if (!this.#voting || !this.#synced) return [];
    return [...this.#reported.seats.keys()]
      .map((c) => this.#roomSeat(c))
      .filter((r): r is number => r !== undefined);
  }

  /** Technician commands: `refresh` (re-read the state), `voting_status`, `loudspeaker_volume`. */
  async execute(command: unknown): Promise<unknown> {
    const c = command as { type?: unknown; value?: unknown };
    if (!this.link.isUp) throw new BridgeError('E_NOT_CONNECTED', 'the central unit is not connected');
    switch (c?.type) {
      case 'refresh': {
        const done = new Promise<boolean>((resolve) => this.#refreshWaiters.push(resolve));
        const timer = setTimeout(() => this.#settleRefresh(false), Math.max(5000, 8 * this.#verifyMs));
        if (!this.#dump) this.#requestStatus();
        const ok = await done;
        clearTimeout(timer);
        if (!ok) throw new BridgeError('E_TIMEOUT', 'the unit did not finish its mic_status dump');
        return this.reported();
      }
      case 'voting_status':
        this.#send({ type: 'voting_status' });
        return { sent: 'voting_status' };
      case 'loudspeaker_volume': {
        const cmd = { type: 'loudspeaker_volume', value: c.value } as ShureCommand;
        this.link.write(encode(cmd)); // throws E_BAD_COMMAND for a value out of range
        this.#counters.linesOut++;
        return { sent: `loudspeaker_volume ${String(c.value)}` };
      }
      default:
        throw new BridgeError('E_BAD_COMMAND', `unknown command ${JSON.stringify(c?.type)}`);
    }
  }

  details(): Record<string, unknown> {
    const d = this.#desired;
    const room = (seats: Iterable<number>) => [...seats].map((c) => this.#roomSeat(c));
    return {
      reported: this.reported(),
      desired: d
        ? { speakers: room(d.on), requests: room(d.requests), settings: this.#desiredSettings }
        : null,
      ...(this.#voting
        ? {
            voting: {
              configurations: Object.fromEntries(this.#voting.configurations),
              current: this.#voting.current,
            },
          }
        : {}),
    };
  }

  /**
   * The mic states the unit should show, in conference-system terms but room seats (lower level than
   * floor(): no settings, no priority). Fire-and-forget: returns at once; the latest call wins. Seats
   * in neither list are brought to "off". Throws `RangeError` only for seats that are not positive
   * integers or (with a seat map) not mapped.
   */
  setFloor(desired: { speakers: number[]; requests: number[] }): void {
    const on = new Set(desired.speakers.map((s) => this.#conferenceSeat(s)));
    const requests = new Set(desired.requests.map((s) => this.#conferenceSeat(s)).filter((s) => !on.has(s)));
    this.#desired = { on, requests };
    this.#attempts = 0;
    // Alarms for seats the new desired state no longer asks for are re-judged on the next check.
    if (this.#synced) {
      this.#apply();
      this.#scheduleVerify(this.#verifyMs);
    }
  }

  reported(): ReportedFloor {
    const s = this.#reported;
    const rooms = (seats: Iterable<number>) =>
      [...seats].map((c) => this.#roomSeat(c)).filter((r): r is number => r !== undefined);
    return {
      synced: this.#synced,
      seats: [...s.seats].map(([conference, v]) => ({ seat: this.#roomSeat(conference), conference, ...v })),
      speakers: rooms(s.on),
      requests: rooms(s.requests),
      settings: { ...s.settings },
    };
  }

  counters(): ShureDcsCounters {
    const link = this.link.stats;
    return {
      bytesIn: link.bytesIn,
      bytesOut: link.bytesOut,
      ...this.#counters,
      reconnects: link.reconnects,
      inferredPresses: this.#inferred,
      retries: this.#retries,
    };
  }

  // ---- link ----

  protected onUp(): void {
    this.#framer.reset();
    this.#synced = false;
    this.#attempts = 0;
    this.#dumpTimeouts = 0;
    this.#requestStatus();
  }

  protected onDown(): void {
    this.#synced = false;
    this.#dump = undefined;
    this.#outstanding.clear();
    this.#settingsSent.clear();
    this.#clearTimers();
    this.#settleRefresh(false);
  }

  protected onData(chunk: Buffer): void {
    const { frames, discarded } = this.#framer.push(chunk);
    this.#counters.discarded += discarded.length;
    this.link.countFramesIn(frames.length);
    for (const line of frames) {
      this.#counters.linesIn++;
      this.#onLine(line);
    }
  }

  /**
   * Writes one command. `explains` are the unit's lines it will cause (`mic_off 7` for an
   * all-delegates-off), so they are not taken for presses; a seat command explains its own echo.
   */
  #send(cmd: ShureCommand, explains?: string[]): void {
    if (!this.link.write(encode(cmd))) return;
    // (A default parameter would be neater, but Node's type stripper cannot parse `in` there.)
    explains ??= 'seat' in cmd ? [`${cmd.type} ${cmd.seat}`] : [];
    this.#counters.linesOut++;
    const seq = ++this.#sendSeq;
    const until = Date.now() + this.#explainMs();
    for (const line of explains) {
      // Re-inserted, so the map keeps the order the unit will act in (see #expected).
      this.#outstanding.delete(line);
      this.#outstanding.set(line, { seq, until });
    }
    if (cmd.type === 'mic_mode') this.#settingsSent.set('mode', { value: cmd.mode, seq });
    else if (cmd.type === 'mic_interrupt') this.#settingsSent.set('interrupt', { value: cmd.on, seq });
    else if (cmd.type === 'max_speakers') this.#settingsSent.set('max_speakers', { value: cmd.value, seq });
  }

  /** How long one of our commands can explain a line from the unit. */
  #explainMs(): number {
    return Math.max(2 * this.#verifyMs, 1000);
  }

  // ---- reading the state ----

  /** Send `mic_status` and build a fresh state from the dump; re-ask with backoff if it stalls. */
  #requestStatus(): void {
    this.#dump = emptyState();
    this.#send({ type: 'mic_status' });
    this.#dumpSeq = this.#sendSeq;
    this.#armDumpTimer();
  }

  /**
   * An inactivity timer, restarted by every line while a dump is expected: a long dump over 9600 baud
   * is slow but alive; a unit that says nothing is `protocol_error` and is asked again, less often.
   */
  #armDumpTimer(): void {
    clearTimeout(this.#dumpTimer);
    const wait = Math.min(MAX_BACKOFF_MS, 4 * this.#verifyMs * 2 ** this.#dumpTimeouts);
    this.#dumpTimer = setTimeout(() => {
      this.#dumpTimer = undefined;
      this.#dumpTimeouts++;
      this.setStatus('protocol_error', `mic_status: no answer within ${wait} ms`);
      this.#requestStatus();
    }, wait);
  }

  #onLine(line: string): void {
    const msg = decode(line);
    const dump = this.#dump;
    if (dump) this.#armDumpTimer();
    switch (msg.type) {
      case 'seat_number':
        (dump ?? this.#reported).seats.set(msg.seat, { active: msg.active, name: msg.name });
        return;
      case 'mic_status_done':
        if (dump) this.#dumpDone(dump);
        return;
      case 'setting':
        (dump ?? this.#reported).settings[msg.name] = msg.value;
        return;
      case 'mic_mode':
        (dump ?? this.#reported).settings.mode = msg.mode;
        return;
      case 'mic_interrupt':
        (dump ?? this.#reported).settings.interrupt = msg.on;
        return;
      case 'command_error':
        this.#counters.commandErrors++;
        return;
      case 'unknown':
        this.#counters.unknownLines++;
        return;
      case 'seat_state': {
        const seat = this.#reported.seats.get(msg.seat);
        this.#reported.seats.set(msg.seat, { active: msg.active, name: seat?.name ?? '' });
        if (dump) dump.seats.set(msg.seat, { active: msg.active, name: seat?.name ?? '' });
        // A seat back online may now take what it refused: reconcile it (the "next reconcile").
        if (msg.active && this.#synced && this.#mismatches().some((m) => m.conference === msg.seat)) {
          this.#attempts = 0;
          this.#apply();
          this.#scheduleVerify(this.#verifyMs);
        }
        return;
      }
      case 'mic_on':
      case 'mic_off':
      case 'mic_request_on':
      case 'mic_request_off':
        if (dump) this.#applyLine(dump, msg.type, msg.seat);
        else {
          const press = this.#isPress(msg.type, msg.seat);
          this.#applyLine(this.#reported, msg.type, msg.seat);
          this.#clearResolvedAlarms();
          const room = this.#roomSeat(msg.seat);
          if (press && room !== undefined) {
            this.#inferred++;
            this.emit('seat.input', {
              seat: room,
              key: 'speak',
              action: 'press',
              at: Date.now(),
              source: `shure-dcs:${this.id}`,
            });
          }
        }
        return;
      default:
        this.#voting?.handle(msg);
        return;
    }
  }

  #applyLine(
    state: UnitState,
    type: 'mic_on' | 'mic_off' | 'mic_request_on' | 'mic_request_off',
    seat: number,
  ) {
    if (type === 'mic_on') state.on.add(seat);
    else if (type === 'mic_off') state.on.delete(seat);
    else if (type === 'mic_request_on') {
      if (!state.requests.includes(seat)) state.requests.push(seat);
    } else state.requests = state.requests.filter((s) => s !== seat);
  }

  /**
   * Was this unsolicited line a delegate's button press? (Rule documented in README.md, "Session".)
   * Called before the line is applied to the reported state.
   */
  #isPress(type: 'mic_on' | 'mic_off' | 'mic_request_on' | 'mic_request_off', seat: number): boolean {
    const now = Date.now();
    for (const [key, o] of this.#outstanding) if (o.until < now) this.#outstanding.delete(key);
    const ours = this.#outstanding.delete(`${type} ${seat}`);
    if (ours || type === 'mic_request_off') return false;
    const r = this.#reported;
    if (r.seats.get(seat)?.active === false) return false; // seat going offline closes its mic
    if (type === 'mic_on') {
      // A queued seat being granted (fifo advance, mic_next_on) is not a press; nor is a no-op.
      return !r.requests.includes(seat) && !r.on.has(seat);
    }
    if (type === 'mic_off') {
      // An outstanding mic_on of ours may have pushed this speaker out (interrupt on).
      if ([...this.#outstanding.keys()].some((k) => k.startsWith('mic_on '))) return false;
      return r.on.has(seat);
    }
    return !r.requests.includes(seat) && !r.on.has(seat);
  }

  #dumpDone(dump: UnitState): void {
    clearTimeout(this.#dumpTimer);
    this.#dumpTimer = undefined;
    this.#dumpTimeouts = 0;
    this.#dump = undefined;
    this.#reported = dump;
    // The unit acts on lines in order: whatever we sent before this mic_status is in the dump now.
    for (const [key, o] of this.#outstanding) if (o.seq < this.#dumpSeq) this.#outstanding.delete(key);
    for (const [key, o] of this.#settingsSent) if (o.seq < this.#dumpSeq) this.#settingsSent.delete(key);
    const first = !this.#synced;
    this.#synced = true;
    this.setStatus('ok');
    this.#clearResolvedAlarms();
    this.#settleRefresh(true);
    if (first) {
      if (this.#voting) {
        // The configurations the unit offers, for the technician page (and to spot a wrong number).
        this.#send({ type: 'voting_status' });
        if (this.#pendingVote !== undefined) this.#voting.update(this.#pendingVote);
        this.#pendingVote = undefined;
      }
      // After a (re)connect: the desired state is re-applied without anyone asking.
      if (this.#desired || this.#desiredSettings) {
        this.#apply();
        this.#scheduleVerify(this.#verifyMs);
      }
    } else if (this.#attempts > 0) {
      // A re-read inside the reconcile loop: send again what is still missing.
      this.#retries += this.#apply();
    }
  }

  #settleRefresh(ok: boolean): void {
    for (const resolve of this.#refreshWaiters.splice(0)) resolve(ok);
  }

  // ---- reconcile ----

  /**
   * The reported state with our commands still on their way applied, in the order sent: what the
   * unit will show once it has acted. The chair's "end" right after a "grant" must close the mic
   * at once, not after the grant's echo and a verify round.
   */
  #expected(): UnitState {
    const r = this.#reported;
    const e: UnitState = {
      seats: r.seats,
      on: new Set(r.on),
      requests: [...r.requests],
      settings: { ...r.settings },
    };
    const now = Date.now();
    for (const [line, o] of this.#outstanding) {
      if (o.until < now) continue;
      const [type, seat] = line.split(' ') as [
        'mic_on' | 'mic_off' | 'mic_request_on' | 'mic_request_off',
        string,
      ];
      this.#applyLine(e, type, Number(seat));
    }
    for (const [name, o] of this.#settingsSent) Object.assign(e.settings, { [name]: o.value });
    return e;
  }

  #mismatches(
    r: UnitState = this.#reported,
  ): { conference: number; room: number; want: SeatFloorState; got: SeatFloorState }[] {
    const d = this.#desired;
    if (!d) return [];
    const seats = new Set([...d.on, ...d.requests, ...r.on, ...r.requests]);
    const out = [];
    for (const conference of [...seats].sort((a, b) => a - b)) {
      const room = this.#roomSeat(conference);
      if (room === undefined) continue; // not a seat of this room: leave it alone
      const want: SeatFloorState = d.on.has(conference)
        ? 'on'
        : d.requests.has(conference)
          ? 'request'
          : 'off';
      const got: SeatFloorState = r.on.has(conference)
        ? 'on'
        : r.requests.includes(conference)
          ? 'request'
          : 'off';
      if (want !== got) out.push({ conference, room, want, got });
    }
    return out;
  }

  /** Settings the room wants that the unit does not report (yet). */
  #settingMismatches(got: UnitState['settings'] = this.#reported.settings): ShureCommand[] {
    const want = this.#desiredSettings;
    if (!want) return [];
    const out: ShureCommand[] = [];
    if (got.mode !== want.mode) out.push({ type: 'mic_mode', mode: want.mode });
    if (got.interrupt !== want.interrupt) out.push({ type: 'mic_interrupt', on: want.interrupt });
    if (got.max_speakers !== want.max_speakers) out.push({ type: 'max_speakers', value: want.max_speakers });
    return out;
  }

  /**
   * Send the commands that bring the unit to the desired state; returns how many were sent.
   * Settings first (a new cap or mode applies to what follows), then closing, then opening. Where
   * one bulk command of the fact sheet does the same as several seat commands it is used instead:
   * `mic_all_requests_off`, `mic_all_delegates_off`, `mic_next_on`. Only when every seat it touches
   * is this room's: a seat map means the unit may serve seats that are none of our business.
   */
  #apply(): number {
    const r = this.#expected();
    const settings = this.#settingMismatches(r.settings);
    const mismatches = this.#mismatches(r);
    const d = this.#desired;
    const allMine = (seats: Iterable<number>) => [...seats].every((c) => this.#roomSeat(c) !== undefined);
    const delegatesOn = [...r.on].filter((c) => !this.#chairs.has(c));
    const sends: [ShureCommand, string[]?][] = settings.map((cmd) => [cmd]);
    let requestsCleared = false;
    let delegatesCleared = false;
    if (d && d.requests.size === 0 && r.requests.length >= 2 && allMine(r.requests)) {
      sends.push([{ type: 'mic_all_requests_off' }, r.requests.map((c) => `mic_request_off ${c}`)]);
      requestsCleared = true;
    }
    if (
      d &&
      this.#chairs.size > 0 &&
      delegatesOn.length >= 2 &&
      delegatesOn.every((c) => !d.on.has(c)) &&
      allMine(r.on)
    ) {
      sends.push([{ type: 'mic_all_delegates_off' }, delegatesOn.map((c) => `mic_off ${c}`)]);
      delegatesCleared = true;
    }
    const ons: [ShureCommand, string[]?][] = [];
    for (const { conference: seat, want, got } of mismatches) {
      if (got === 'on' && !(delegatesCleared && !this.#chairs.has(seat)))
        sends.push([{ type: 'mic_off', seat }]);
      if (got === 'request' && want === 'off' && !requestsCleared)
        sends.push([{ type: 'mic_request_off', seat }]);
      if (want === 'on') ons.push([{ type: 'mic_on', seat }]);
      if (want === 'request') ons.push([{ type: 'mic_request_on', seat }]);
    }
    // "Next": the only mic to open is the first in the unit's queue.
    const first = r.requests[0];
    if (ons.length === 1 && !requestsCleared && first !== undefined) {
      const [only] = ons[0]!;
      if (only.type === 'mic_on' && only.seat === first) {
        ons[0] = [{ type: 'mic_next_on' }, [`mic_on ${first}`, `mic_request_off ${first}`]];
      }
    }
    for (const [cmd, explains] of [...sends, ...ons]) this.#send(cmd, explains);
    this.#noteLimits();
    return sends.length + ons.length;
  }

  #scheduleVerify(ms: number): void {
    clearTimeout(this.#verifyTimer);
    this.#verifyTimer = setTimeout(this.#verify, ms);
  }

  /**
   * After verifyMs: still a mismatch? Re-read the unit (`mic_status`: it answers only if it acted, so
   * silence proves nothing) and re-send on the dump's end; after maxRetries raise alarms and keep
   * checking with a doubling delay until the mismatch resolves.
   */
  #verify = (): void => {
    this.#verifyTimer = undefined;
    if (!this.#synced) return; // the next dump re-applies
    const mismatches = this.#mismatches();
    const settings = this.#settingMismatches();
    this.#clearResolvedAlarms();
    if (mismatches.length === 0 && settings.length === 0) {
      this.#attempts = 0;
      return;
    }
    this.#attempts++;
    if (this.#attempts > this.#maxRetries) {
      for (const m of mismatches) this.#raise(m.room, m.want, m.got);
      if (settings.length > 0) {
        const wanted = settings.map((c) => formatCommand(c)).join(', ');
        this.raiseAlarm({
          key: 'settings',
          message: `the unit does not take ${wanted} after ${this.#maxRetries} retries`,
        });
      }
    }
    // A dump already pending (unanswered): don't pile up more mic_status; its own timer re-asks.
    if (!this.#dump) this.#requestStatus();
    const over = Math.max(0, this.#attempts - this.#maxRetries);
    this.#scheduleVerify(Math.min(MAX_BACKOFF_MS, this.#verifyMs * 2 ** over));
  };

  #raise(seat: number, want: SeatFloorState, got: SeatFloorState): void {
    const alarm: Omit<FloorAlarm, 'at'> = {
      key: `seat:${seat}`,
      seat,
      want,
      got,
      message: `seat ${seat}: wanted ${want}, the unit reports ${got} after ${this.#maxRetries} retries`,
    };
    this.raiseAlarm(alarm);
  }

  /** What the room asks that this unit cannot do at all is an alarm as long as it is asked. */
  #noteLimits(): void {
    if (this.#settingsNote) this.raiseAlarm({ key: 'settings.limit', message: this.#settingsNote });
    else this.clearAlarm('settings.limit');
  }

  #clearResolvedAlarms(): void {
    const keys = this.alarmKeys;
    if (keys.length === 0) return;
    const still = new Set(this.#mismatches().map((m) => `seat:${m.room}`));
    if (this.#settingMismatches().length > 0) still.add('settings');
    for (const key of keys) {
      if (key === 'settings.limit' || still.has(key)) continue;
      this.clearAlarm(key);
    }
  }

  // ---- helpers ----

  #roomSeat(conference: number): number | undefined {
    return this.#seats.toRoom(conference);
  }

  #conferenceSeat(room: number): number {
    if (!Number.isInteger(room) || room < 1)
      throw new RangeError(`room seat must be an integer ≥ 1, got ${room}`);
    const conf = this.#seats.toDevice(room);
    if (conf === undefined) throw new RangeError(`room seat ${room} has no conference seat`);
    return conf;
  }

  #clearTimers(): void {
    clearTimeout(this.#verifyTimer);
    clearTimeout(this.#dumpTimer);
    this.#verifyTimer = undefined;
    this.#dumpTimer = undefined;
  }
}
