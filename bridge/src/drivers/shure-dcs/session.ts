// A session with one Shure DCS 6000 / DDS 5900 / DIS-CCU central unit over "external control" (ASCII
// lines). Protocol facts are from shared/protocols/conference-systems.md, section "Shure DCS 6000 /
// DDS 5900 / DIS-CCU"; the reconcile loop follows ARCHITECTURE.md "The floor engine": desired state
// (from the engine, via setFloor) vs reported state (from the unit), retry, then alarm; on every
// (re)connect read the whole state first (`mic_status`).
//
// The unit "answers a command only if it acted", so nothing here waits for an echo: commands are
// fire-and-forget, and a timer compares desired with reported state after `verifyMs`.
import { EventEmitter } from 'node:events';
import type { DeviceStatus, DeviceStatusReport, SeatInput } from '../../contract/device.ts';
import { LineFramer } from '../../runtime/line-framer.ts';
import { Link, type LinkOptions, type LinkStatus } from '../../runtime/link.ts';
import {
  decode,
  encode,
  type MicMode,
  SEAT_MAX,
  SEAT_MIN,
  type SettingName,
  type ShureCommand,
} from './codec.ts';

export interface ShureDcsSessionOptions {
  /** Conference seat → room seat. Default identity; when given, unmapped conference seats are ignored. */
  seatMap?: Record<string, number>;
  /** How long to wait for the unit's report before re-checking. Default 500 ms. */
  verifyMs?: number;
  /** Re-reads + re-sends before a mismatch raises an alarm. Default 2. */
  maxRetries?: number;
}

export interface ShureDcsSessionConfig {
  id: string;
  /** Transport URL: tcp://host:3142, serial:///dev/ttyUSB0?baudRate=9600, sim://name. */
  transport: string;
  options?: ShureDcsSessionOptions;
  /** For tests: e.g. a fast `reconnectDelay`, or a transport factory. */
  linkOptions?: Omit<LinkOptions, 'url'>;
}

export type SeatFloorState = 'on' | 'request' | 'off';

export interface FloorAlarm {
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

export interface ShureDcsCounters {
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
}

export type ShureDcsSessionEvents = {
  'device.status': [DeviceStatusReport];
  'seat.input': [SeatInput];
  alarm: [FloorAlarm];
  'alarm.cleared': [{ seat: number; at: number }];
};

interface UnitState {
  seats: Map<number, { active: boolean; name: string }>;
  on: Set<number>;
  requests: number[];
  settings: ReportedFloor['settings'];
}

const emptyState = (): UnitState => ({ seats: new Map(), on: new Set(), requests: [], settings: {} });
/** Longest wait between re-checks once an alarm is up (backoff doubles from verifyMs). */
const MAX_BACKOFF_MS = 30_000;

export class ShureDcsSession extends EventEmitter<ShureDcsSessionEvents> {
  readonly id: string;
  readonly #url: string;
  readonly #verifyMs: number;
  readonly #maxRetries: number;
  readonly #toRoom: Map<number, number> | undefined;
  readonly #toConference: Map<number, number> | undefined;
  readonly #configError: string | undefined;
  readonly #link: Link;
  #framer = new LineFramer();
  #status: DeviceStatusReport;
  #reported: UnitState = emptyState();
  #synced = false;
  /** The state being built from a `mic_status` dump, while one is expected. */
  #dump: UnitState | undefined;
  #dumpTimer: NodeJS.Timeout | undefined;
  #dumpTimeouts = 0;
  /** Desired state, conference seats. null until the first setFloor. */
  #desired: { on: Set<number>; requests: Set<number> } | null = null;
  #verifyTimer: NodeJS.Timeout | undefined;
  #attempts = 0;
  /** `command seat` → expiry (epoch ms): our commands whose echo would explain a line. */
  #outstanding = new Map<string, number>();
  #alarms = new Map<number, FloorAlarm>();
  #counters = { linesIn: 0, linesOut: 0, unknownLines: 0, commandErrors: 0, discarded: 0 };
  #inferred = 0;
  #retries = 0;
  #running = false;

  constructor(config: ShureDcsSessionConfig) {
    super();
    this.id = config.id;
    this.#url = config.transport;
    const o = config.options ?? {};
    this.#verifyMs = o.verifyMs ?? 500;
    this.#maxRetries = o.maxRetries ?? 2;
    let error: string | undefined;
    if (!Number.isFinite(this.#verifyMs) || this.#verifyMs < 1) error = 'verifyMs must be ≥ 1';
    if (!Number.isInteger(this.#maxRetries) || this.#maxRetries < 0)
      error = 'maxRetries must be an integer ≥ 0';
    if (o.seatMap) {
      this.#toRoom = new Map();
      this.#toConference = new Map();
      for (const [k, room] of Object.entries(o.seatMap)) {
        const conf = /^\d{1,5}$/.test(k) ? Number(k) : Number.NaN;
        if (!(conf >= SEAT_MIN && conf <= SEAT_MAX) || !Number.isInteger(room) || room < 1) {
          error = `seatMap entry ${JSON.stringify(k)} → ${JSON.stringify(room)} is not seat → seat`;
        } else if (this.#toConference.has(room)) {
          error = `seatMap maps two conference seats to room seat ${room}`;
        } else {
          this.#toRoom.set(conf, room);
          this.#toConference.set(room, conf);
        }
      }
    }
    this.#configError = error;
    this.#status = { device: this.id, status: 'disconnected', message: 'not started', at: Date.now() };
    this.#link = new Link({ ...config.linkOptions, url: this.#url });
    this.#link.on('status', this.#onLinkStatus);
    this.#link.on('up', this.#onUp);
    this.#link.on('down', this.#onDown);
    this.#link.on('data', this.#onData);
  }

  get status(): DeviceStatusReport {
    return { ...this.#status };
  }

  /** Never throws for connectivity or configuration: watch `device.status`. */
  start(): void {
    if (this.#running) return;
    if (this.#configError) {
      this.#setStatus('bad_config', this.#configError);
      return;
    }
    this.#running = true;
    this.#link.start();
  }

  /** Ends the connection and every timer; `start()` may be called again. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#clearTimers();
    await this.#link.stop();
    this.#setStatus('disconnected', 'stopped');
  }

  /**
   * The floor the unit should show, in room seats. Fire-and-forget: returns at once; the latest call
   * wins. Seats in neither list are brought to "off". Throws `RangeError` only for seats that are not
   * positive integers or (with a seat map) not mapped.
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

  alarms(): FloorAlarm[] {
    return [...this.#alarms.values()].map((a) => ({ ...a }));
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
    return {
      ...this.#counters,
      reconnects: this.#link.stats.reconnects,
      inferredPresses: this.#inferred,
      retries: this.#retries,
    };
  }

  // ---- link ----

  #onLinkStatus = (s: LinkStatus): void => {
    // The link is up before we know the unit's state: `ok` waits for the end of the mic_status dump.
    if (s.status === 'ok') this.#setStatus('connecting', 'connected; reading the state (mic_status)');
    else this.#setStatus(s.status, s.message);
  };

  #onUp = (): void => {
    this.#framer.reset();
    this.#synced = false;
    this.#attempts = 0;
    this.#dumpTimeouts = 0;
    this.#requestStatus();
  };

  #onDown = (): void => {
    this.#synced = false;
    this.#dump = undefined;
    this.#outstanding.clear();
    this.#clearTimers();
  };

  #onData = (chunk: Buffer): void => {
    const { frames, discarded } = this.#framer.push(chunk);
    this.#counters.discarded += discarded.length;
    this.#link.countFramesIn(frames.length);
    for (const line of frames) {
      this.#counters.linesIn++;
      this.#onLine(line);
    }
  };

  #send(cmd: ShureCommand): void {
    if (this.#link.write(encode(cmd))) {
      this.#counters.linesOut++;
      if ('seat' in cmd) this.#outstanding.set(`${cmd.type} ${cmd.seat}`, Date.now() + this.#explainMs());
    }
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
      this.#setStatus('protocol_error', `mic_status: no answer within ${wait} ms`);
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
        // Voting lines: not this session's business yet.
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
    for (const [key, expiry] of this.#outstanding) if (expiry < now) this.#outstanding.delete(key);
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
    const first = !this.#synced;
    this.#synced = true;
    this.#setStatus('ok');
    this.#clearResolvedAlarms();
    if (first && this.#desired) {
      // After a (re)connect: the desired state is re-applied without anyone asking.
      this.#apply();
      this.#scheduleVerify(this.#verifyMs);
    } else if (!first && this.#attempts > 0) {
      // A re-read inside the reconcile loop: send again what is still missing.
      this.#retries += this.#apply();
    }
  }

  // ---- reconcile ----

  #mismatches(): { conference: number; room: number; want: SeatFloorState; got: SeatFloorState }[] {
    const d = this.#desired;
    if (!d) return [];
    const r = this.#reported;
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

  /** Send the commands that bring the unit to the desired state; returns how many were sent. */
  #apply(): number {
    const offs: ShureCommand[] = [];
    const ons: ShureCommand[] = [];
    for (const { conference: seat, want, got } of this.#mismatches()) {
      if (got === 'on') offs.push({ type: 'mic_off', seat });
      if (got === 'request' && want === 'off') offs.push({ type: 'mic_request_off', seat });
      if (want === 'on') ons.push({ type: 'mic_on', seat });
      if (want === 'request') ons.push({ type: 'mic_request_on', seat });
    }
    // Close before opening, so a full speaker list makes room first.
    for (const cmd of [...offs, ...ons]) this.#send(cmd);
    return offs.length + ons.length;
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
    this.#clearResolvedAlarms();
    if (mismatches.length === 0) {
      this.#attempts = 0;
      return;
    }
    this.#attempts++;
    if (this.#attempts > this.#maxRetries) {
      for (const m of mismatches) this.#raise(m.room, m.want, m.got);
    }
    // A dump already pending (unanswered): don't pile up more mic_status; its own timer re-asks.
    if (!this.#dump) this.#requestStatus();
    const over = Math.max(0, this.#attempts - this.#maxRetries);
    this.#scheduleVerify(Math.min(MAX_BACKOFF_MS, this.#verifyMs * 2 ** over));
  };

  #raise(seat: number, want: SeatFloorState, got: SeatFloorState): void {
    const old = this.#alarms.get(seat);
    if (old && old.want === want && old.got === got) return;
    const alarm: FloorAlarm = {
      seat,
      want,
      got,
      message: `seat ${seat}: wanted ${want}, the unit reports ${got} after ${this.#maxRetries} retries`,
      at: Date.now(),
    };
    this.#alarms.set(seat, alarm);
    this.emit('alarm', { ...alarm });
  }

  #clearResolvedAlarms(): void {
    if (this.#alarms.size === 0) return;
    const still = new Map(this.#mismatches().map((m) => [m.room, m]));
    for (const seat of [...this.#alarms.keys()]) {
      if (still.has(seat)) continue;
      this.#alarms.delete(seat);
      this.emit('alarm.cleared', { seat, at: Date.now() });
    }
  }

  // ---- helpers ----

  #roomSeat(conference: number): number | undefined {
    return this.#toRoom ? this.#toRoom.get(conference) : conference;
  }

  #conferenceSeat(room: number): number {
    if (!Number.isInteger(room) || room < 1)
      throw new RangeError(`room seat must be an integer ≥ 1, got ${room}`);
    const conf = this.#toConference ? this.#toConference.get(room) : room;
    if (conf === undefined || conf > SEAT_MAX)
      throw new RangeError(`room seat ${room} has no conference seat`);
    return conf;
  }

  #clearTimers(): void {
    clearTimeout(this.#verifyTimer);
    clearTimeout(this.#dumpTimer);
    this.#verifyTimer = undefined;
    this.#dumpTimer = undefined;
  }

  #setStatus(status: DeviceStatus, message?: string): void {
    if (status === this.#status.status && message === this.#status.message) return;
    this.#status =
      message === undefined
        ? { device: this.id, status, at: Date.now() }
        : { device: this.id, status, message, at: Date.now() };
    this.emit('device.status', this.status);
  }
}
