// The driver for one Taiden HCS central unit over its central-control port (RS-232, or a serial-to-
// Ethernet converter). Protocol facts are from shared/protocols/conference-systems.md, section
// "Taiden HCS central-control protocol" (the "fact sheet"); the reconcile loop follows
// ARCHITECTURE.md "The floor engine": desired state (the room's floor) vs reported state (the
// unit's mic-state stream), retry, then alarm.
//
// Fact sheet: "no documented acknowledgement, no checksum". So nothing here ever waits for an
// answer: every command is written and forgotten, and the only evidence that it worked is the
// mic-state stream (`E3 04 00` starts it). Without that stream (turned off by option, or a unit that
// never sends it) the driver is write-only: it sends the floor and claims nothing about the result.
import { BridgeError } from '../../contract/device.ts';
import {
  type DeviceAlarm,
  type DriverContext,
  type Logger,
  type RoomFloor,
  type RoomVote,
  silentLogger,
} from '../../contract/driver.ts';
import type { LinkStatus } from '../../runtime/link.ts';
import { LinkDriver } from '../../runtime/link-driver.ts';
import { SeatMap } from '../../runtime/seat-map.ts';
import {
  ALL_OFF_CODES,
  type AllOffCode,
  DEFAULT_MIC_STREAM_LAYOUT,
  decode,
  encode,
  fromHex,
  type MicStreamLayout,
  SEAT_MAX,
  type TaidenCommand,
  type TaidenMessage,
  toHex,
} from './codec.ts';
import { TaidenFramer, type TaidenFramerOutput } from './framer.ts';

/** The driver's options (definition.ts holds the schema; defaults are applied here too). */
export interface TaidenHcsDriverOptions {
  seatMap?: Record<string, number>;
  allOffCode?: AllOffCode;
  micStream?: Partial<MicStreamLayout> & { enabled?: boolean; refreshMs?: number };
  verifyMs?: number;
  maxRetries?: number;
  voting?: { enabled?: boolean };
  cameraTracking?: { enabled?: boolean };
}

export interface TaidenHcsConfig {
  id: string;
  /** serial:///dev/ttyUSB0?baudRate=9600 (fact sheet: 9600 8N1, the URL's defaults), tcp://host:port, sim://name. */
  transport: string;
  options?: TaidenHcsDriverOptions;
}

/** Technician commands (definition.ts has the schema; execute() checks again). */
export type TaidenHcsTechCommand =
  | { type: 'mic'; seat: number; on: boolean }
  | { type: 'all_off' }
  | { type: 'stream'; on: boolean }
  | { type: 'camera_tracking'; on: boolean }
  | { type: 'video_input'; channel: number }
  | { type: 'raw'; hex: string };

/** Longest wait between re-checks once an alarm is up, and between stream re-starts. */
const MAX_BACKOFF_MS = 30_000;
/** Fact sheet example bytes are 3-4 long; a technician's raw write is capped well above that. */
export const RAW_MAX_BYTES = 64;
/** A vote's closing context is kept this long for a final result that comes late. */
const FINAL_WINDOW_MS = 60_000;
const MISFIT_NOTE = 'bytes with a mic-state header did not fit the layout (micStream; the log has them)';
const ALL_OFF_NOTE = 'mics stayed open after all-mics-off: this model may use the other allOffCode';

type Mode = 'disconnected' | 'write-only' | 'waiting-for-stream' | 'reconciling';

export class TaidenHcsDriver extends LinkDriver {
  readonly #logger: Logger;
  readonly #seatMap: SeatMap;
  /** The device seats an explicit seat map names (empty without one). */
  readonly #mappedDevices: number[];
  readonly #allOffCode: AllOffCode;
  readonly #layout: MicStreamLayout;
  readonly #streamEnabled: boolean;
  readonly #refreshMs: number;
  readonly #verifyMs: number;
  readonly #maxRetries: number;
  readonly #votingEnabled: boolean;
  readonly #cameraEnabled: boolean;
  #framer: TaidenFramer;

  // ---- desired (device seats) ----
  #desired: Set<number> | null = null;
  /** Room seats of the last floor that no device seat stands for (another device's seats). */
  #unmapped: number[] = [];
  /** Whether the current connection has had its full (link-up) apply. */
  #appliedOnLink = false;

  // ---- reported (device seats) ----
  /** Mics open as the last stream frame on this connection said. */
  #reported = new Set<number>();
  /** A stream frame arrived on this connection: from then on we reconcile. */
  #confirmed = false;
  /** Without a report: what we believe is open (the last report, then what we commanded). */
  #assumed = new Set<number>();
  /** The last frame listed fewer ids than the active count: unlisted seats kept their last state. */
  #truncated = false;
  /** Our commands whose effect would explain a stream change: `on:5` / `off:5` → expiry (epoch ms). */
  #outstanding = new Map<string, number>();
  /**
   * Seats we sent `mic on` that no frame has shown open yet. While the unit is slow or silent the
   * report is stale, and a later floor must still close them: closing a closed mic is harmless,
   * leaving one open that we opened is not.
   */
  #maybeOn = new Set<number>();
  #allOffUntil = 0;
  #lastAllOffAt = 0;
  /** The technician stopped the stream: do not restart it until they start it or the link is re-made. */
  #streamStoppedByTech = false;

  // ---- timers ----
  #verifyTimer: NodeJS.Timeout | undefined;
  #attempts = 0;
  #streamTimer: NodeJS.Timeout | undefined;
  #streamWaits = 0;
  #staleTimer: NodeJS.Timeout | undefined;

  // ---- what the unit said ----
  #lastRxAt: number | undefined;
  #streamStartedAt: number | undefined;
  #lastFrame: { at: number; hex: string; operation: number; active: number; count: number } | undefined;
  #firstFrameHex: string | undefined;
  #layoutNotes = new Set<string>();
  #camera: { seat: number | null; deviceSeat: number; panorama: boolean; at: number } | undefined;

  // ---- vote ----
  #vote: RoomVote | null = null;
  /** What the unit was last told: a vote we started and have not ended. */
  #unitVote: { id: string; state: 'open' | 'closed' } | null = null;
  /** Which vote result frames belong to, and whether they are final (after our end). */
  #tallyFor: { voteId: string; final: boolean; until: number } | null = null;
  #lastTally: Record<string, unknown> | undefined;

  #counters = {
    discardedBytes: 0,
    discards: 0,
    streamFrames: 0,
    voteFrames: 0,
    cameraFrames: 0,
    inferredPresses: 0,
    retries: 0,
    commandsOut: 0,
    unexpectedTallies: 0,
    layoutWarnings: 0,
  };

  constructor(config: TaidenHcsConfig, context: DriverContext = { logger: silentLogger }) {
    // The HCS acknowledges nothing: an open link is all there is to know (see onLinkStatus).
    super({ id: config.id, url: config.transport, link: context.link, waiting: 'link open' });
    this.#logger = context.logger;
    const o = config.options ?? {};
    const stream = o.micStream ?? {};
    this.#allOffCode = o.allOffCode ?? 'E3 ED 00';
    this.#layout = {
      layout: stream.layout ?? DEFAULT_MIC_STREAM_LAYOUT.layout,
      slots: stream.slots ?? DEFAULT_MIC_STREAM_LAYOUT.slots,
      idBytes: stream.idBytes ?? DEFAULT_MIC_STREAM_LAYOUT.idBytes,
      strictPadding: stream.strictPadding ?? DEFAULT_MIC_STREAM_LAYOUT.strictPadding,
    };
    this.#streamEnabled = stream.enabled ?? true;
    this.#refreshMs = stream.refreshMs ?? 60_000;
    this.#verifyMs = o.verifyMs ?? 500;
    this.#maxRetries = o.maxRetries ?? 2;
    this.#votingEnabled = o.voting?.enabled ?? false;
    this.#cameraEnabled = o.cameraTracking?.enabled ?? false;

    // Options normally arrive validated (definition.ts); a driver built by hand still must not throw.
    const errors: string[] = [];
    const map = SeatMap.from(o.seatMap, SEAT_MAX);
    if (typeof map === 'string') errors.push(map);
    this.#seatMap = typeof map === 'string' ? (SeatMap.from(undefined) as SeatMap) : map;
    this.#mappedDevices =
      typeof map === 'string' || map.identity
        ? []
        : Object.keys(o.seatMap ?? {})
            .map(Number)
            .sort((a, b) => a - b);
    if (!ALL_OFF_CODES.includes(this.#allOffCode))
      errors.push(`allOffCode must be one of ${ALL_OFF_CODES.join(' | ')}`);
    if (!(Number.isInteger(this.#verifyMs) && this.#verifyMs >= 10))
      errors.push('verifyMs must be an integer ≥ 10');
    if (!(Number.isInteger(this.#maxRetries) && this.#maxRetries >= 0))
      errors.push('maxRetries must be an integer ≥ 0');
    if (!(Number.isInteger(this.#refreshMs) && this.#refreshMs >= 0))
      errors.push('micStream.refreshMs must be an integer ≥ 0');
    let framer: TaidenFramer | undefined;
    try {
      framer = new TaidenFramer({ micStream: this.#layout });
    } catch (err) {
      errors.push(`micStream: ${(err as Error).message}`);
    }
    this.#framer = framer ?? new TaidenFramer();
    this.refuseConfig(errors.length > 0 ? errors.join('; ') : undefined);
    if (this.#votingEnabled && this.#seatMap.identity) {
      this.#logger.warn(
        { device: this.id },
        'taiden-hcs: voting without a seatMap: the keypad seats are unknown, so a seat may also vote on its tablet',
      );
    }
  }

  protected override onStop(): void {
    this.#clearTimers();
  }

  /**
   * The room's floor. The seats in `speakers` get their mic on and every other seat of this unit
   * off; with `priority` set only chair seats keep their mic (the fact sheet's floor model: "mute
   * all delegates while the chair speaks"). Taiden has no request list (fact sheet table:
   * "request on / off: (none)"), so requests live in the room only and their mics stay off.
   * Fire-and-forget: returns at once, whatever the unit does; never throws.
   */
  floor(floor: RoomFloor): void {
    const speakers = Array.isArray(floor?.speakers) ? floor.speakers : [];
    const chairs = new Set(Array.isArray(floor?.chairSeats) ? floor.chairSeats : []);
    const priority = typeof floor?.priority === 'number' ? floor.priority : null;
    const on =
      priority === null ? speakers : [priority, ...speakers.filter((s) => s !== priority && chairs.has(s))];
    const desired = new Set<number>();
    const unmapped: number[] = [];
    for (const room of on) {
      const device = Number.isInteger(room) ? this.#seatMap.toDevice(room) : undefined;
      if (device === undefined) unmapped.push(room);
      else desired.add(device);
    }
    this.#desired = desired;
    this.#unmapped = unmapped;
    this.#attempts = 0;
    this.#clearResolvedAlarms();
    if (!this.link.isUp) return; // applied in full when the link comes up
    this.#apply(this.#appliedOnLink ? 'diff' : 'full');
    this.#scheduleVerify(this.#verifyMs);
  }

  /**
   * The room's vote, for the unit's own keypads (options.voting.enabled). Fact sheet: start
   * `E3 01 00`, end `E3 02 00`, results `E3 pres yes no abst`. Results after our end are final.
   */
  vote(vote: RoomVote | null): void {
    if (!this.#votingEnabled) return;
    this.#vote = vote ? { ...vote } : null;
    this.#syncVote();
  }

  /**
   * Room seats that vote on the HCS keypads. The protocol has no seat list (fact sheet: only mic
   * state, results and camera calls come back), so only an explicit seat map names them; without
   * one this is empty and the room cannot stop a seat from voting on its tablet too (README).
   */
  keypadSeats(): number[] {
    if (!this.#votingEnabled) return [];
    return this.#mappedDevices
      .map((d) => this.#seatMap.toRoom(d))
      .filter((r): r is number => r !== undefined)
      .sort((a, b) => a - b);
  }

  async execute(command: unknown): Promise<unknown> {
    const bytes = this.#techBytes(command);
    if (!this.link.isUp) throw new BridgeError('E_NOT_CONNECTED', 'the Taiden HCS link is not up');
    const c = command as TaidenHcsTechCommand;
    if (c.type === 'stream') {
      this.#streamStoppedByTech = !c.on;
      if (!c.on) {
        // No more reports: what we knew becomes a belief, and nothing may alarm on it.
        this.#confirmed = false;
        this.#assumed = new Set(this.#reported);
        clearTimeout(this.#streamTimer);
        this.#streamTimer = undefined;
      } else {
        this.#armStreamTimer();
      }
    }
    if (!this.#write(bytes)) throw new BridgeError('E_NOT_CONNECTED', 'the Taiden HCS link went down');
    if (c.type === 'mic') {
      // Ours: the stream change it causes is not a delegate's press. It stays until the next floor().
      const device = this.#seatMap.toDevice(c.seat)!;
      this.#expect(c.on ? 'on' : 'off', device);
      if (!this.#confirmed) c.on ? this.#assumed.add(device) : this.#assumed.delete(device);
    }
    if (c.type === 'all_off') this.#expectAllOff();
    // The protocol has no acknowledgement: "done" means written to the transport.
    return { written: toHex(bytes) };
  }

  counters(): Record<string, number> {
    const s = this.link.stats;
    return {
      bytesIn: s.bytesIn,
      bytesOut: s.bytesOut,
      framesIn: s.framesIn,
      framesOut: s.framesOut,
      reconnects: s.reconnects,
      ...this.#counters,
      unmappedSeats: this.#unmapped.length,
    };
  }

  details(): Record<string, unknown> {
    const now = Date.now();
    const rooms = (seats: Iterable<number>) =>
      [...seats]
        .map((d) => this.#seatMap.toRoom(d))
        .filter((r): r is number => r !== undefined)
        .sort((a, b) => a - b);
    const foreign = [...this.#reported].filter((d) => this.#seatMap.toRoom(d) === undefined);
    return {
      mode: this.#mode(),
      note: this.#modeNote(),
      // The protocol acknowledges nothing: `ok` only means the link is open. This says whether
      // the unit is saying anything at all.
      lastReceivedAt: this.#lastRxAt ?? null,
      lastReceivedAgoMs: this.#lastRxAt === undefined ? null : now - this.#lastRxAt,
      link: { ...this.link.status, lastError: this.link.stats.lastError ?? null },
      allOffCode: this.#allOffCode,
      lastAllOffAt: this.#lastAllOffAt || null,
      stream: {
        enabled: this.#streamEnabled,
        stoppedByTechnician: this.#streamStoppedByTech,
        layout: { ...this.#layout },
        confirmed: this.#confirmed,
        startedAt: this.#streamStartedAt ?? null,
        frames: this.#counters.streamFrames,
        firstFrameHex: this.#firstFrameHex ?? null,
        lastFrame: this.#lastFrame ? { ...this.#lastFrame } : null,
        truncated: this.#truncated,
        layoutNotes: [...this.#layoutNotes],
      },
      desired: this.#desired ? rooms(this.#desired) : null,
      reported: this.#confirmed ? rooms(this.#reported) : null,
      assumed: this.#confirmed ? null : rooms(this.#assumed),
      /** Device seats the unit reports open that the seat map does not name. */
      foreignOpen: foreign.sort((a, b) => a - b),
      unmappedSeats: [...this.#unmapped],
      vote: {
        enabled: this.#votingEnabled,
        room: this.#vote ? { ...this.#vote } : null,
        unit: this.#unitVote ? { ...this.#unitVote } : null,
        lastTally: this.#lastTally ?? null,
      },
      camera: { enabled: this.#cameraEnabled, last: this.#camera ? { ...this.#camera } : null },
    };
  }

  // ---- link ----

  /** No acknowledgement in this protocol (fact sheet): `ok` is the link open, nothing more. */
  protected override onLinkStatus(s: LinkStatus): void {
    const message =
      s.status === 'ok'
        ? 'link open; the HCS acknowledges nothing, see details() for what it last sent'
        : s.message;
    this.setStatus(s.status, message);
  }

  protected onUp(): void {
    this.#framer.reset();
    this.#confirmed = false;
    this.#truncated = false;
    this.#attempts = 0;
    this.#streamWaits = 0;
    this.#streamStoppedByTech = false;
    this.#layoutNotes.clear();
    this.#firstFrameHex = undefined;
    this.#outstanding.clear();
    this.#allOffUntil = 0;
    // The floor first, then the stream: a unit that answers the start with its whole state then
    // reports the floor as applied (the fact sheet does not say it does; ours does).
    if (this.#desired) {
      this.#apply('full');
      this.#scheduleVerify(this.#verifyMs);
    }
    this.#startStream();
    if (this.#cameraEnabled) this.#send({ type: 'camera_start' });
    this.#syncVote();
  }

  protected onDown(): void {
    if (this.#confirmed) this.#assumed = new Set([...this.#reported, ...this.#maybeOn]);
    this.#confirmed = false;
    this.#appliedOnLink = false;
    this.#outstanding.clear();
    this.#clearTimers();
    // Their cause is judged again on the next connection; an alarm that could never clear (the next
    // connection may be write-only) would be worse than one raised twice.
    for (const key of this.alarmKeys) this.clearAlarm(key);
  }

  protected onData(chunk: Buffer): void {
    this.#lastRxAt = Date.now();
    clearTimeout(this.#staleTimer);
    this.#staleTimer = undefined;
    this.#take(this.#framer.push(chunk));
    if (this.#framer.bufferedBytes > 0) {
      // Nothing else may come to complete the frame: judge it by time (framer.ts header comment).
      this.#staleTimer = setTimeout(() => {
        this.#staleTimer = undefined;
        this.#take(this.#framer.flush());
      }, this.#framer.staleMs + 5);
    }
  }

  #take({ frames, discarded }: TaidenFramerOutput): void {
    for (const d of discarded) {
      this.#counters.discards++;
      this.#counters.discardedBytes += d.bytes;
      this.#logger.debug(
        { device: this.id, reason: d.reason, bytes: d.bytes, hex: d.hex },
        'taiden-hcs: bytes skipped',
      );
      // A mic-state header whose frame does not fit the layout is the likeliest sign of a wrong
      // micStream setting: say so once per connection, with what the unit sent.
      if (d.reason !== 'no_header' && d.hex.startsWith('E6') && !this.#layoutNotes.has(MISFIT_NOTE)) {
        this.#layoutNotes.add(MISFIT_NOTE);
        this.#counters.layoutWarnings++;
        this.#logger.warn(
          { device: this.id, hex: d.hex, reason: d.reason, layout: this.#layout },
          'taiden-hcs: bytes that look like a mic-state frame do not fit the configured layout (micStream)',
        );
      }
    }
    this.link.countFramesIn(frames.length);
    for (const frame of frames) this.#onFrame(decode(frame, this.#layout), frame);
  }

  #onFrame(msg: TaidenMessage, frame: Buffer): void {
    switch (msg.type) {
      case 'mic_state':
        this.#onMicState(msg, frame);
        return;
      case 'vote_result':
        this.#onVoteResult(msg);
        return;
      case 'camera':
        // Fact sheet: the camera output is "itself a feed of which seat is speaking": shown, not used.
        this.#counters.cameraFrames++;
        this.#camera = {
          seat: msg.panorama ? null : (this.#seatMap.toRoom(msg.seat) ?? null),
          deviceSeat: msg.seat,
          panorama: msg.panorama,
          at: Date.now(),
        };
        return;
      case 'unknown':
        // The framer only cuts frames decode() can read; this is a programming error, not the unit's.
        this.#logger.warn({ device: this.id, hex: msg.hex }, 'taiden-hcs: frame the codec cannot read');
        return;
    }
  }

  // ---- the mic-state stream ----

  #onMicState(msg: Extract<TaidenMessage, { type: 'mic_state' }>, frame: Buffer): void {
    const now = Date.now();
    const hex = toHex(frame);
    this.#counters.streamFrames++;
    this.#lastFrame = { at: now, hex, operation: msg.operation, active: msg.active, count: msg.count };
    this.#checkLayout(msg, hex);
    // The option says write-only (someone else may have started the stream): count, never act.
    if (!this.#streamEnabled || this.#streamStoppedByTech) return;

    const first = !this.#confirmed;
    if (first) {
      this.#firstFrameHex = hex;
      // What the hardware sent, for whoever checks the layout choice against a real unit.
      this.#logger.info(
        {
          device: this.id,
          hex,
          layout: this.#layout,
          seats: msg.seats,
          operation: msg.operation,
          active: msg.active,
        },
        'taiden-hcs: first mic-state frame on this connection',
      );
    }
    // More open than listed (the frame has fewer slots than mics): an unlisted seat's state is
    // unknown, so it keeps its last one rather than being read as closed.
    this.#truncated = msg.active > msg.seats.length;
    const next = new Set(msg.seats);
    if (this.#truncated) for (const s of this.#reported) next.add(s);

    const presses: number[] = [];
    if (!first) {
      for (const s of next) if (!this.#reported.has(s) && !this.#explained('on', s, now)) presses.push(s);
      for (const s of this.#reported) if (!next.has(s) && !this.#explained('off', s, now)) presses.push(s);
    }
    this.#reported = next;
    this.#assumed = new Set(next);
    for (const s of next) this.#maybeOn.delete(s);
    this.#confirmed = true;
    this.#clearResolvedAlarms();

    if (first) {
      clearTimeout(this.#streamTimer);
      this.#streamTimer = undefined;
      this.#armStreamTimer();
      // The whole state is known now: close what is open but not wanted (a delegate's press while
      // we were away), open what is missing.
      if (this.#desired) {
        this.#apply('diff');
        this.#scheduleVerify(this.#verifyMs);
      }
    }
    let inferred = false;
    for (const s of presses) {
      const room = this.#seatMap.toRoom(s);
      if (room === undefined) continue; // another room's seat
      inferred = true;
      this.#counters.inferredPresses++;
      this.emit('seat.input', {
        seat: room,
        key: 'speak',
        action: 'press',
        at: now,
        source: `taiden-hcs:${this.id}`,
      });
    }
    // The floor engine answers a press with a new floor() at once. If it does not (it ignored the
    // press), the next check brings the unit back to the room's floor.
    if (inferred && !this.#verifyTimer && this.#desired) this.#scheduleVerify(this.#verifyMs);
  }

  /** Is this stream change the effect of one of our commands? Consumes the match. */
  #explained(dir: 'on' | 'off', seat: number, now: number): boolean {
    for (const [key, expiry] of this.#outstanding) if (expiry < now) this.#outstanding.delete(key);
    if (this.#outstanding.delete(`${dir}:${seat}`)) return true;
    return dir === 'off' && this.#allOffUntil >= now;
  }

  /** Log (once per connection) what looks inconsistent with the configured layout. */
  #checkLayout(msg: Extract<TaidenMessage, { type: 'mic_state' }>, hex: string): void {
    const notes: string[] = [];
    if (msg.paddingNonZero) notes.push('unused id slots are not zero (strictPadding is off)');
    if (msg.active <= this.#layout.slots && msg.active !== msg.count) {
      notes.push(`state says ${msg.active} active, count says ${msg.count}`);
    }
    for (const note of notes) {
      if (this.#layoutNotes.has(note)) continue;
      this.#layoutNotes.add(note);
      this.#counters.layoutWarnings++;
      this.#logger.warn(
        { device: this.id, hex, layout: this.#layout, note },
        'taiden-hcs: mic-state frame vs layout',
      );
    }
  }

  #startStream(): void {
    if (!this.#streamEnabled) return;
    this.#streamStartedAt = Date.now();
    this.#send({ type: 'stream_start' });
    this.#armStreamTimer();
  }

  /**
   * Before the first frame: start the stream again with a growing pause (the unit may have missed it,
   * or never stream: then we stay write-only). After it: every `refreshMs`, because over RS-232 a
   * unit that rebooted looks exactly like one with nothing to report, with its stream stopped.
   */
  #armStreamTimer(): void {
    clearTimeout(this.#streamTimer);
    this.#streamTimer = undefined;
    if (!this.#streamEnabled || this.#streamStoppedByTech || !this.link.isUp) return;
    let wait: number;
    if (!this.#confirmed) {
      wait = Math.min(MAX_BACKOFF_MS, Math.max(1000, 4 * this.#verifyMs) * 2 ** this.#streamWaits);
    } else if (this.#refreshMs > 0) {
      wait = this.#refreshMs;
    } else return;
    this.#streamTimer = setTimeout(() => {
      this.#streamTimer = undefined;
      if (!this.#confirmed) {
        if (this.#streamWaits === 0) {
          this.#logger.warn(
            { device: this.id, waitedMs: wait },
            'taiden-hcs: no mic-state frame yet; write-only (no reconcile, no alarms) until one arrives',
          );
        }
        this.#streamWaits++;
      }
      this.#send({ type: 'stream_start' });
      this.#armStreamTimer();
    }, wait);
  }

  // ---- reconcile ----

  /**
   * Send what brings the unit to the desired floor; returns the commands sent.
   * - `full` (the first apply on a connection, state unknown): every desired mic on, every seat we
   *   believe open off (with an explicit seat map: every mapped seat off), or all-mics-off when
   *   nothing is wanted;
   * - `diff`: only the difference to the report (or to the belief, without one); all-mics-off when
   *   nothing is wanted and it is shorter;
   * - `retry`: the difference, seat by seat: if all-mics-off did nothing, this model may use the
   *   other form (allOffCode), and a retry must not depend on it.
   */
  #apply(mode: 'full' | 'diff' | 'retry'): number {
    const desired = this.#desired;
    if (!desired) return 0;
    this.#appliedOnLink = true;
    const known = this.#confirmed;
    const base = known ? this.#reported : this.#assumed;
    const mapped = (s: number) => this.#seatMap.toRoom(s) !== undefined;
    const ons = [...desired].filter((s) => mode === 'full' || !base.has(s));
    let offs: number[];
    if (mode === 'full' && !this.#seatMap.identity) {
      offs = this.#mappedDevices.filter((s) => !desired.has(s));
    } else {
      // A retry answers the report alone; a new floor also closes what we opened unconfirmed.
      const open = mode === 'retry' ? base : new Set([...base, ...this.#maybeOn]);
      offs = [...open].filter((s) => !desired.has(s) && mapped(s));
    }
    const allOffBytes = encode({ type: 'all_off' }, { allOffCode: this.#allOffCode }).length;
    // Safe only if no other room's seat can be open: no seat map, or a report naming only our seats.
    const allOffSafe = this.#seatMap.identity || (known && [...this.#reported].every(mapped));
    const unknownState = mode === 'full' && !known;
    const useAllOff =
      mode !== 'retry' &&
      desired.size === 0 &&
      allOffSafe &&
      (unknownState ? this.#seatMap.identity : offs.length > 0 && allOffBytes < 4 * offs.length);
    let sent = 0;
    if (useAllOff) {
      if (this.#send({ type: 'all_off' })) {
        this.#expectAllOff();
        sent++;
      }
    } else {
      // Close before opening: a unit that counts its own max-open limit makes room first.
      for (const seat of offs) {
        if (!this.#send({ type: 'mic_off', seat })) continue;
        this.#expect('off', seat);
        sent++;
      }
    }
    for (const seat of ons) {
      if (!this.#send({ type: 'mic_on', seat })) continue;
      this.#expect('on', seat);
      sent++;
    }
    if (!known) this.#assumed = new Set(desired);
    return sent;
  }

  #expect(dir: 'on' | 'off', seat: number): void {
    this.#outstanding.set(`${dir}:${seat}`, Date.now() + this.#explainMs());
    this.#outstanding.delete(`${dir === 'on' ? 'off' : 'on'}:${seat}`);
    if (dir === 'on') this.#maybeOn.add(seat);
    else this.#maybeOn.delete(seat);
  }

  #expectAllOff(): void {
    this.#lastAllOffAt = Date.now();
    this.#allOffUntil = this.#lastAllOffAt + this.#explainMs();
    this.#maybeOn.clear();
    for (const key of [...this.#outstanding.keys()]) if (key.startsWith('on:')) this.#outstanding.delete(key);
  }

  /** How long one of our commands can explain a stream change. */
  #explainMs(): number {
    return Math.max(2 * this.#verifyMs, 1000);
  }

  #mismatches(): { device: number; room: number; want: boolean; got: boolean }[] {
    const desired = this.#desired;
    if (!desired || !this.#confirmed) return [];
    const out = [];
    for (const device of [...new Set([...desired, ...this.#reported])].sort((a, b) => a - b)) {
      const room = this.#seatMap.toRoom(device);
      if (room === undefined) continue; // not this room's seat: leave it alone
      const want = desired.has(device);
      const got = this.#reported.has(device);
      if (want !== got) out.push({ device, room, want, got });
    }
    return out;
  }

  #scheduleVerify(ms: number): void {
    clearTimeout(this.#verifyTimer);
    this.#verifyTimer = setTimeout(this.#verify, ms);
  }

  /**
   * After verifyMs: does the stream show the floor? If not: start the stream again (a unit that
   * rebooted or stopped streaming answers with its state) and re-send the difference; after
   * maxRetries rounds raise an alarm per seat and keep checking with a doubling delay. Write-only
   * (no stream frame on this connection): nothing to compare, so nothing is claimed.
   */
  #verify = (): void => {
    this.#verifyTimer = undefined;
    if (!this.running || !this.link.isUp || !this.#confirmed) {
      this.#attempts = 0;
      return;
    }
    const mismatches = this.#mismatches();
    this.#clearResolvedAlarms();
    if (mismatches.length === 0) {
      this.#attempts = 0;
      return;
    }
    this.#attempts++;
    const allOffIgnored =
      this.#lastAllOffAt > 0 &&
      Date.now() - this.#lastAllOffAt < 4 * this.#verifyMs &&
      mismatches.some((m) => m.got && !m.want);
    if (allOffIgnored && !this.#layoutNotes.has(ALL_OFF_NOTE)) {
      this.#layoutNotes.add(ALL_OFF_NOTE);
      this.#logger.warn(
        { device: this.id, allOffCode: this.#allOffCode },
        'taiden-hcs: mics still open after all-mics-off; this model may use the other form (allOffCode)',
      );
    }
    if (this.#attempts > this.#maxRetries) for (const m of mismatches) this.#raise(m.room, m.want, m.got);
    if (!this.#streamStoppedByTech) this.#send({ type: 'stream_start' });
    this.#counters.retries += this.#apply('retry');
    const over = Math.max(0, this.#attempts - this.#maxRetries);
    this.#scheduleVerify(Math.min(MAX_BACKOFF_MS, this.#verifyMs * 2 ** over));
  };

  #raise(seat: number, want: boolean, got: boolean): void {
    const key = `seat:${seat}`;
    const message =
      `seat ${seat}: mic should be ${want ? 'on' : 'off'}, the HCS reports it ${got ? 'on' : 'off'} ` +
      `after ${this.#maxRetries} retries` +
      (this.#lastFrame ? ` (last report ${Date.now() - this.#lastFrame.at} ms ago)` : '');
    // The same cause stays one alarm; a flipped one (the floor changed meanwhile) replaces it.
    const sameCause = (old: DeviceAlarm) =>
      old.message.startsWith(`seat ${seat}: mic should be ${want ? 'on' : 'off'},`);
    if (this.raiseAlarm({ key, seat, message }, sameCause))
      this.#logger.warn({ device: this.id, key, seat, message }, 'taiden-hcs: alarm');
  }

  #clearResolvedAlarms(): void {
    if (this.alarmKeys.length === 0) return;
    const still = new Set(this.#mismatches().map((m) => `seat:${m.room}`));
    for (const key of this.alarmKeys) if (!still.has(key)) this.clearAlarm(key);
  }

  // ---- vote ----

  /** Bring the unit's vote to the room's: start it once, end it once (also after a reconnect). */
  #syncVote(): void {
    if (!this.#votingEnabled || !this.link.isUp) return;
    const room = this.#vote;
    const unit = this.#unitVote;
    if (room === null) {
      // The vote was dropped without closing (cancelled): end it on the unit; its results are no one's.
      if (unit?.state === 'open') {
        if (this.#send({ type: 'vote_end' })) this.#unitVote = null;
        this.#tallyFor = null;
        return;
      }
      // After a close the final result may still be on its way: its window stays open.
      this.#unitVote = null;
      if (!this.#tallyFor?.final) this.#tallyFor = null;
      return;
    }
    if (room.state === 'open') {
      // A reconnect does not start it again: behind a converter the unit kept its vote, and a new
      // start would reset its ballots (simulator: "a new start resets the ballots").
      if (unit?.id === room.id && unit.state === 'open') return;
      if (unit?.state === 'open') this.#send({ type: 'vote_end' });
      if (this.#send({ type: 'vote_start' })) {
        this.#unitVote = { id: room.id, state: 'open' };
        this.#tallyFor = { voteId: room.id, final: false, until: Number.POSITIVE_INFINITY };
      }
      return;
    }
    if (unit?.id === room.id && unit.state === 'closed') return;
    // Closed: end it (also a vote we never saw open, e.g. after a restart: ending is harmless).
    if (this.#send({ type: 'vote_end' })) {
      this.#unitVote = { id: room.id, state: 'closed' };
      this.#tallyFor = { voteId: room.id, final: true, until: Date.now() + FINAL_WINDOW_MS };
    }
  }

  #onVoteResult(msg: Extract<TaidenMessage, { type: 'vote_result' }>): void {
    const at = Date.now();
    this.#counters.voteFrames++;
    const ctx = this.#tallyFor && this.#tallyFor.until >= at ? this.#tallyFor : null;
    this.#lastTally = { ...msg, at, voteId: ctx?.voteId ?? null, final: ctx?.final ?? null };
    if (!this.#votingEnabled || !ctx) {
      this.#counters.unexpectedTallies++;
      this.#logger.info({ device: this.id, ...msg }, 'taiden-hcs: vote result with no room vote');
      return;
    }
    // After our end every result is the final one (a late interim cannot be told apart: the last wins).
    this.emit('vote.tally', {
      voteId: ctx.voteId,
      yes: msg.yes,
      no: msg.no,
      abstain: msg.abstain,
      final: ctx.final,
      at,
    });
  }

  // ---- technician ----

  /** The bytes of a technician command; throws E_BAD_COMMAND. */
  #techBytes(command: unknown): Buffer {
    const bad = (message: string) => new BridgeError('E_BAD_COMMAND', message);
    if (typeof command !== 'object' || command === null) throw bad('a command is an object with a type');
    const c = command as Record<string, unknown>;
    const bool = (name: string) => {
      if (typeof c[name] !== 'boolean') throw bad(`${String(c.type)} needs ${name}: boolean`);
      return c[name] as boolean;
    };
    switch (c.type) {
      case 'mic': {
        const on = bool('on');
        const seat = c.seat;
        if (typeof seat !== 'number' || !Number.isInteger(seat) || seat < 1)
          throw bad('seat must be a room seat ≥ 1');
        const device = this.#seatMap.toDevice(seat);
        if (device === undefined) throw bad(`room seat ${seat} has no seat unit on this HCS (seatMap)`);
        return encode({ type: on ? 'mic_on' : 'mic_off', seat: device });
      }
      case 'all_off':
        return encode({ type: 'all_off' }, { allOffCode: this.#allOffCode });
      case 'stream':
        return encode({ type: bool('on') ? 'stream_start' : 'stream_stop' });
      case 'camera_tracking':
        return encode({ type: bool('on') ? 'camera_start' : 'camera_stop' });
      case 'video_input':
        return encode({ type: 'video_input', channel: c.channel as number });
      case 'raw': {
        // The technician's tool: any bytes, bounded. The driver's bookkeeping does not see them (a
        // raw mic on shows up as a press), which the README says.
        const bytes = fromHex(c.hex as string);
        if (bytes.length > RAW_MAX_BYTES) throw bad(`raw is at most ${RAW_MAX_BYTES} bytes`);
        return bytes;
      }
      default:
        throw bad(`unknown Taiden HCS command ${JSON.stringify(c.type)}`);
    }
  }

  // ---- helpers ----

  #send(cmd: TaidenCommand): boolean {
    return this.#write(encode(cmd, { allOffCode: this.#allOffCode }));
  }

  #write(bytes: Buffer): boolean {
    if (!this.link.write(bytes)) return false;
    this.#counters.commandsOut++;
    return true;
  }

  #mode(): Mode {
    if (!this.link.isUp) return 'disconnected';
    if (!this.#streamEnabled || this.#streamStoppedByTech) return 'write-only';
    return this.#confirmed ? 'reconciling' : 'waiting-for-stream';
  }

  #modeNote(): string {
    switch (this.#mode()) {
      case 'disconnected':
        return 'link down: the floor is applied in full when it is back';
      case 'write-only':
        return this.#streamStoppedByTech
          ? 'write-only: the technician stopped the mic-state stream; the floor is sent, not verified'
          : 'write-only: micStream.enabled is false; the floor is sent, not verified, and nothing alarms';
      case 'waiting-for-stream':
        return (
          'no mic-state frame on this connection yet: the floor is sent, not verified, and nothing alarms ' +
          'until the unit reports (the stream is started again with a growing pause)'
        );
      case 'reconciling':
        return 'the mic-state stream is confirmed: the floor is verified against it, retried, then alarmed';
    }
  }

  #clearTimers(): void {
    clearTimeout(this.#verifyTimer);
    clearTimeout(this.#streamTimer);
    clearTimeout(this.#staleTimer);
    this.#verifyTimer = undefined;
    this.#streamTimer = undefined;
    this.#staleTimer = undefined;
  }
}
