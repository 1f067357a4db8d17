// A VISCA PTZ camera that follows the speaker. Protocol facts: shared/protocols/conference-systems.md
// ("Others, for later drivers", VISCA: the "fact sheet"), Sony's BRC-H900 / BRC-Z330 command lists
// (classic VISCA) and SRG-300H / BRC-X400 command lists (VISCA over IP); see codec.ts and README.md.
//
// The shape: the room's floor goes through follow.ts (a pure rule) to one target preset; recalls go
// out one at a time through a RequestQueue (VISCA answers ACK, then completion, and cannot say whose
// reply it is if two overlap); only the latest target matters, so nothing piles up behind a camera
// that does not answer. The camera is `ok` only after it has answered, and a liveness poll (power
// inquiry) tells when it stops answering and when it is back; then the target is re-applied.
import { BridgeError } from '../../contract/device.ts';
import {
  type DriverContext,
  type Logger,
  type RoomFloor,
  type RoomVote,
  silentLogger,
} from '../../contract/driver.ts';
import { LinkDriver } from '../../runtime/link-driver.ts';
import { RequestQueue } from '../../runtime/request-queue.ts';
import {
  ADDRESS_MAX,
  ADDRESS_MIN,
  decode,
  decodeControl,
  decodePower,
  encode,
  encodeIp,
  encodeIpReset,
  expectsAck,
  IP_ADDRESS,
  type IpControlMessage,
  ipTypeOf,
  type PowerState,
  PRESET_MAX,
  PRESET_MIN,
  type ViscaCommand,
  type ViscaErrorReason,
  type ViscaReply,
} from './codec.ts';
import type { ViscaCameraCommand, ViscaCameraOptions } from './definition.ts';
import {
  type FollowConfig,
  type FollowState,
  type FollowTarget,
  follow,
  followTarget,
  INITIAL_FOLLOW_STATE,
  lost,
  moved,
} from './follow.ts';
import { IP_SEQUENCE_MAX, parseIpDatagram, ViscaFramer } from './framer.ts';

/** Option defaults; the definition's schema carries the same values (definition.ts imports these). */
export const VISCA_DEFAULTS = {
  overviewPreset: 0,
  holdMs: 3000,
  address: 1,
  ackTimeoutMs: 1000,
  completionTimeoutMs: 10_000,
  pollMs: 1000,
  pollMisses: 2,
  retries: 2,
  retryDelayMs: 250,
  serialInit: true,
  matchSequence: true,
} as const;

export interface ViscaCameraConfig {
  id: string;
  /** udp://host:52381 (VISCA over IP), serial:///dev/ttyUSB0?baudRate=9600, tcp://host:port (raw VISCA), sim://name. */
  transport: string;
  options?: Partial<ViscaCameraOptions>;
}

/** The technician page's counters (a type alias, so it is also a Record<string, number>). */
export type ViscaCameraCounters = {
  bytesIn: number;
  bytesOut: number;
  framesIn: number;
  framesOut: number;
  /** Times the link came back after being down (serial / TCP; UDP has no connection). */
  reconnects: number;
  /** Runs of bytes the serial framer threw away, and datagrams that were not VISCA over IP. */
  discarded: number;
  /** Packets for or from someone else on the chain, or replies we do not know. */
  unknownReplies: number;
  /** Replies to nothing in flight: late answers to timed-out requests, wrong sequence numbers. */
  staleReplies: number;
  /** Preset recalls sent (follow and retries; not the technician's). */
  recalls: number;
  recallsCompleted: number;
  retries: number;
  timeouts: number;
  cameraErrors: number;
  sequenceErrors: number;
  polls: number;
  pollMisses: number;
  handshakes: number;
  /** Times the camera answered again after being reported not answering. */
  recoveries: number;
};

/** A camera's own refusal, or a protocol failure, with what the camera said. Still a coded BridgeError. */
export class ViscaCameraError extends BridgeError {
  /** The camera's error code and its meaning (Sony's table), when the camera answered `z0 6y ee FF`. */
  readonly cameraError: { code: number; reason: ViscaErrorReason } | undefined;
  constructor(
    code: BridgeError['code'],
    message: string,
    cameraError?: { code: number; reason: ViscaErrorReason },
  ) {
    super(code, message);
    this.name = 'ViscaCameraError';
    this.cameraError = cameraError;
  }
}

/** What arrives from the wire (and our own ACK/completion timers), offered to the request in flight. */
type Frame =
  | { kind: 'visca'; reply: ViscaReply; sequence?: number }
  | { kind: 'control'; message: IpControlMessage; sequence: number }
  | { kind: 'timeout'; token: number; phase: 'ack' | 'completion' };

type Exchange = ViscaCommand | { type: 'ip_reset' };

/** What an exchange ended with, when it did not throw. */
type Answer = ViscaReply | IpControlMessage;

const REASON_TEXT: Record<ViscaErrorReason, string> = {
  message_length: 'message length error',
  syntax: 'syntax error',
  buffer_full: 'command buffer full',
  cancelled: 'command cancelled',
  no_socket: 'no socket',
  not_executable: 'command not executable',
  unknown: 'unknown error',
};

type Mode = 'ip' | 'serial' | 'tcp' | 'sim';

/** Longest wait between two tries of a target that raised the `preset` alarm. */
const MAX_RETRY_WAIT_MS = 60_000;

export class ViscaCameraDriver extends LinkDriver {
  readonly #mode: Mode;
  readonly #address: number;
  readonly #o: Omit<Required<ViscaCameraOptions>, 'presets'>;
  readonly #follow: FollowConfig;
  readonly #log: Logger;
  readonly #queue: RequestQueue<Frame>;
  #framer = new ViscaFramer();
  /** The camera answered the handshake (IP: RESET, power inquiry) and has not missed too many since. */
  #alive = false;
  /** The camera answered at least once since start(): a later handshake is a recovery. */
  #everAlive = false;
  #power: PowerState | undefined;
  #misses = 0;
  #lastHeardAt: number | undefined;
  #chain: number | undefined;
  #needInit = false;
  #needReset = false;
  #nextSequence = 0;
  #token = 0;
  /** An ACK consumed by the request in flight (the queue's `handle` only reports the final reply). */
  #consumed = false;
  #pollTimer: NodeJS.Timeout | undefined;
  #ticking = false;
  #holdTimer: NodeJS.Timeout | undefined;
  #sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  // ---- following ----
  #floor: RoomFloor | undefined;
  #followState: FollowState = INITIAL_FOLLOW_STATE;
  #target: FollowTarget | undefined;
  #holdUntil: number | undefined;
  #recalling = false;
  #dirty = false;
  /** After a `preset` alarm: when the unreached target is tried again (a poll that got an answer), and the doubling wait. */
  #retryAt: number | undefined;
  #retryWaitMs = 0;
  /** The preset the camera last confirmed arriving at (completion), or null when unknown. */
  #preset: number | null = null;
  #c = {
    discarded: 0,
    unknownReplies: 0,
    staleReplies: 0,
    recalls: 0,
    recallsCompleted: 0,
    retries: 0,
    timeouts: 0,
    cameraErrors: 0,
    sequenceErrors: 0,
    polls: 0,
    pollMisses: 0,
    handshakes: 0,
    recoveries: 0,
  };

  constructor(config: ViscaCameraConfig, context: DriverContext = { logger: silentLogger }) {
    // The link is open before anything is known of the camera (over UDP it means nothing at all).
    super({
      id: config.id,
      url: config.transport,
      link: context.link,
      waiting: 'link open; waiting for the camera to answer',
    });
    this.#log = context.logger;
    const o = config.options ?? {};
    this.#o = {
      overviewPreset: o.overviewPreset ?? VISCA_DEFAULTS.overviewPreset,
      holdMs: o.holdMs ?? VISCA_DEFAULTS.holdMs,
      address: o.address ?? VISCA_DEFAULTS.address,
      ackTimeoutMs: o.ackTimeoutMs ?? VISCA_DEFAULTS.ackTimeoutMs,
      completionTimeoutMs: o.completionTimeoutMs ?? VISCA_DEFAULTS.completionTimeoutMs,
      pollMs: o.pollMs ?? VISCA_DEFAULTS.pollMs,
      pollMisses: o.pollMisses ?? VISCA_DEFAULTS.pollMisses,
      retries: o.retries ?? VISCA_DEFAULTS.retries,
      retryDelayMs: o.retryDelayMs ?? VISCA_DEFAULTS.retryDelayMs,
      serialInit: o.serialInit ?? VISCA_DEFAULTS.serialInit,
      matchSequence: o.matchSequence ?? VISCA_DEFAULTS.matchSequence,
    };
    const scheme = /^([a-z]+):/i.exec(config.transport)?.[1]?.toLowerCase();
    this.#mode = scheme === 'udp' ? 'ip' : scheme === 'tcp' ? 'tcp' : scheme === 'sim' ? 'sim' : 'serial';
    // Over IP the camera is always address 1 (Sony: "y = 9 (fixed) for VISCA over IP").
    this.#address = this.#mode === 'ip' ? IP_ADDRESS : this.#o.address;
    const presets = new Map<number, number>();
    let error = checkOptions(this.#o);
    for (const [seat, preset] of Object.entries(o.presets ?? {})) {
      const s = /^[1-9]\d{0,4}$/.test(seat) ? Number(seat) : Number.NaN;
      if (!Number.isInteger(s) || !isPreset(preset)) {
        error ??= `presets entry ${JSON.stringify(seat)} → ${JSON.stringify(preset)} is not room seat → preset ${PRESET_MIN}..${PRESET_MAX}`;
      } else presets.set(s, preset);
    }
    this.refuseConfig(error);
    this.#follow = { presets, overviewPreset: this.#o.overviewPreset, holdMs: this.#o.holdMs };
    this.#queue = new RequestQueue<Frame>({ maxLength: 8, isUp: () => this.link.isUp });
  }

  protected override onStop(): void {
    this.#clearTimers();
    this.#queue.clear(new BridgeError('E_NOT_CONNECTED', 'the driver stopped'));
    this.#alive = false;
  }

  /** Fire-and-forget: remembers the floor and decides; never waits for the camera. */
  floor(floor: RoomFloor): void {
    this.#floor = {
      ...floor,
      speakers: [...(floor.speakers ?? [])],
      requests: [...(floor.requests ?? [])],
      chairSeats: [...(floor.chairSeats ?? [])],
      priority: floor.priority ?? null,
    };
    this.#evaluate();
  }

  /** A camera has no voting. */
  vote(_vote: RoomVote | null): void {}

  async execute(command: unknown): Promise<unknown> {
    const c = command as ViscaCameraCommand | null;
    const type = typeof c === 'object' && c !== null ? c.type : undefined;
    const preset = (c as { preset?: unknown } | null)?.preset;
    let cmd: ViscaCommand;
    if (type === 'recall') cmd = { type: 'preset_recall', preset: preset as number };
    else if (type === 'store') cmd = { type: 'preset_store', preset: preset as number };
    else if (type === 'overview') cmd = { type: 'preset_recall', preset: this.#o.overviewPreset };
    else if (type === 'power_inquiry') cmd = { type: 'power_inquiry' };
    else throw new BridgeError('E_BAD_COMMAND', `unknown command ${JSON.stringify(type)}`);
    encode(cmd, this.#address); // range checks: throws E_BAD_COMMAND before anything is sent
    if (!this.#alive) throw new BridgeError('E_NOT_CONNECTED', this.status.message ?? 'camera not answering');
    const answer = await this.#exchange(cmd);
    if (cmd.type === 'power_inquiry') {
      const power = this.#onPower(answer);
      return { power };
    }
    if (cmd.type === 'preset_recall') {
      // The technician moved the camera: it stays there until the floor next changes.
      this.#arrived(cmd.preset);
      this.#followState = moved(this.#followState, cmd.preset, Date.now());
      clearTimeout(this.#holdTimer);
      this.#holdTimer = undefined;
      this.#holdUntil = undefined;
      return { preset: cmd.preset };
    }
    return { stored: cmd.preset };
  }

  counters(): ViscaCameraCounters {
    const s = this.link.stats;
    return {
      bytesIn: s.bytesIn,
      bytesOut: s.bytesOut,
      framesIn: s.framesIn,
      framesOut: s.framesOut,
      reconnects: s.reconnects,
      ...this.#c,
    };
  }

  details(): Record<string, unknown> {
    return {
      mode: this.#mode,
      address: this.#address,
      answering: this.#alive,
      power: this.#power ?? null,
      preset: this.#preset,
      target: this.#target ?? null,
      holdUntil: this.#holdUntil ?? null,
      camerasOnChain: this.#chain ?? null,
      lastHeardAt: this.#lastHeardAt ?? null,
      presets: Object.fromEntries(this.#follow.presets),
      overviewPreset: this.#o.overviewPreset,
    };
  }

  // ---- link ----

  protected onUp(): void {
    this.#framer.reset();
    this.#alive = false;
    this.#schedule(0);
  }

  protected onDown(): void {
    this.#wentAway();
    clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    this.#queue.clear();
  }

  protected onData(chunk: Buffer): void {
    if (this.#mode === 'ip') {
      // One datagram is one message (udp-transport.ts).
      const parsed = parseIpDatagram(chunk);
      if (!parsed.ok) {
        this.#c.discarded++;
        this.#log.debug(
          { device: this.id, reason: parsed.reason, bytes: parsed.bytes },
          'visca: bad datagram',
        );
        return;
      }
      this.link.countFramesIn();
      const d = parsed.datagram;
      if (d.type === 'reply') {
        this.#onFrame({ kind: 'visca', reply: decode(d.payload), sequence: d.sequence });
      } else if (d.type === 'control' || d.type === 'control_reply') {
        this.#onFrame({ kind: 'control', message: decodeControl(d.payload), sequence: d.sequence });
      } else this.#c.unknownReplies++;
      return;
    }
    const { frames, discarded } = this.#framer.push(chunk);
    this.#c.discarded += discarded.length;
    this.link.countFramesIn(frames.length);
    for (const packet of frames) this.#onFrame({ kind: 'visca', reply: decode(packet) });
  }

  #onFrame(frame: Frame): void {
    const ours =
      frame.kind === 'control' ||
      (frame.kind === 'visca' &&
        ('address' in frame.reply
          ? frame.reply.address === this.#address
          : frame.reply.type === 'address_set' || frame.reply.type === 'if_clear_broadcast'));
    if (frame.kind === 'visca' && frame.reply.type === 'unknown') {
      this.#c.unknownReplies++;
      return;
    }
    if (!ours) {
      // Another camera on the chain, or our own message passed back round it: not for us.
      this.#c.unknownReplies++;
      return;
    }
    this.#lastHeardAt = Date.now();
    this.#misses = 0;
    if (frame.kind === 'visca' && frame.reply.type === 'network_change') {
      // Sony: Network Change `z0 38 FF` when a camera joins or leaves the chain: addresses must be set again.
      this.#needInit = true;
      return;
    }
    this.#consumed = false;
    const handled = this.#queue.handle(frame) || this.#consumed;
    this.#consumed = false;
    if (!handled) this.#c.staleReplies++;
  }

  // ---- exchanges ----

  /** One request through the queue: resolves with the final answer, or throws a coded error. */
  async #exchange(cmd: Exchange): Promise<Answer> {
    if (this.#mode === 'ip' && this.#needReset && cmd.type !== 'ip_reset') {
      await this.#exchange({ type: 'ip_reset' });
    }
    const token = ++this.#token;
    const ip = this.#mode === 'ip';
    const withAck = cmd.type !== 'ip_reset' && expectsAck(cmd);
    const state = { sequence: -1, acked: false, socket: -1, timer: undefined as NodeJS.Timeout | undefined };
    const arm = (phase: 'ack' | 'completion', ms: number) => {
      clearTimeout(state.timer);
      state.timer = setTimeout(() => this.#queue.handle({ kind: 'timeout', token, phase }), ms);
    };
    const send = () => {
      let bytes: Buffer;
      if (cmd.type === 'ip_reset') {
        bytes = encodeIpReset(this.#nextSequence);
      } else {
        const packet = encode(cmd, this.#address);
        if (ip) {
          state.sequence = this.#takeSequence();
          bytes = encodeIp(ipTypeOf(cmd), state.sequence, packet);
        } else bytes = packet;
      }
      if (!this.link.write(bytes)) throw new BridgeError('E_NOT_CONNECTED', 'the link is down');
      arm('ack', this.#o.ackTimeoutMs);
    };
    const match = (f: Frame): boolean => {
      if (f.kind === 'timeout') return f.token === token;
      if (cmd.type === 'ip_reset') {
        // Lenient on the number: some cameras answer RESET with 0 whatever it carried.
        return f.kind === 'control' && f.message.type !== 'unknown';
      }
      // Over IP a reply carries the request's number (Sony), so a late reply to an earlier try is not ours.
      if (ip && this.#o.matchSequence && f.sequence !== state.sequence) return false;
      if (f.kind === 'control')
        return f.message.type === 'sequence_error' || f.message.type === 'message_error';
      const r = f.reply;
      switch (cmd.type) {
        case 'address_set':
          return r.type === 'address_set';
        case 'if_clear_broadcast':
          return r.type === 'if_clear_broadcast';
        case 'power_inquiry':
          return r.type === 'inquiry_reply' || r.type === 'error';
        case 'if_clear':
          return (r.type === 'completion' && r.socket === 0) || r.type === 'error';
        default:
          break;
      }
      if (!withAck) return r.type === 'completion' || r.type === 'error';
      if (r.type === 'ack' && !state.acked) {
        state.acked = true;
        state.socket = r.socket;
        this.#consumed = true;
        arm('completion', this.#o.completionTimeoutMs);
        return false;
      }
      // Before an ACK any completion is taken (the ACK may have been lost on the line); after it,
      // only the completion of the socket it named.
      if (r.type === 'completion') return !state.acked || r.socket === state.socket;
      if (r.type === 'error') return r.socket === 0 || !state.acked || r.socket === state.socket;
      return false;
    };
    const bound = this.#o.ackTimeoutMs + (withAck ? this.#o.completionTimeoutMs : 0) + 1000;
    let frame: Frame;
    try {
      frame = await this.#queue.enqueue(send, match, bound);
    } catch (err) {
      if (err instanceof BridgeError && err.code === 'E_TIMEOUT') this.#timedOut(false);
      throw err;
    } finally {
      clearTimeout(state.timer);
    }
    const what = cmd.type === 'ip_reset' ? 'sequence reset' : cmd.type;
    if (frame.kind === 'timeout') {
      this.#timedOut(frame.phase === 'completion');
      const ms = frame.phase === 'ack' ? this.#o.ackTimeoutMs : this.#o.completionTimeoutMs;
      const phase = frame.phase === 'ack' ? (withAck ? 'no ACK' : 'no answer') : 'ACK but no completion';
      throw new ViscaCameraError('E_TIMEOUT', `${what}: ${phase} within ${ms} ms`);
    }
    if (frame.kind === 'control') {
      if (frame.message.type === 'reset_ack') {
        // After RESET the camera's number is 0; ours go on from 1 (README: "sequence numbers").
        this.#nextSequence = 1;
        this.#needReset = false;
        return frame.message;
      }
      this.#c.sequenceErrors++;
      this.#needReset = true;
      const text = frame.message.type === 'sequence_error' ? 'sequence number' : 'message';
      throw new ViscaCameraError('E_PROTOCOL', `${what}: the camera reports an abnormality in the ${text}`);
    }
    if (frame.reply.type === 'error') {
      this.#c.cameraErrors++;
      const { code, reason } = frame.reply;
      throw new ViscaCameraError(
        'E_REJECTED',
        `${what}: camera error ${code.toString(16).padStart(2, '0')} (${REASON_TEXT[reason]})`,
        { code, reason },
      );
    }
    return frame.reply;
  }

  #takeSequence(): number {
    const s = this.#nextSequence;
    // Sony: "If the sequence number reaches the limit, next value will be 0".
    this.#nextSequence = s >= IP_SEQUENCE_MAX ? 0 : s + 1;
    return s;
  }

  /** A request got no answer. Enough in a row (ACK or inquiry, not a slow move) and the camera is gone. */
  #timedOut(afterAck: boolean): void {
    this.#c.timeouts++;
    if (afterAck) return;
    this.#misses++;
    if (this.#alive && this.#misses >= this.#o.pollMisses) {
      this.#log.warn({ device: this.id, misses: this.#misses }, 'visca: camera not answering');
      this.#wentAway();
      this.setStatus('disconnected', `camera not answering (${this.#misses} requests without a reply)`);
      this.#queue.clear(new BridgeError('E_NOT_CONNECTED', 'camera not answering'));
    }
  }

  // ---- handshake and liveness ----

  #schedule(ms: number): void {
    clearTimeout(this.#pollTimer);
    this.#pollTimer = setTimeout(() => void this.#tick(), ms);
  }

  #tick = async (): Promise<void> => {
    this.#pollTimer = undefined;
    if (!this.running || !this.link.isUp) return;
    if (this.#ticking) {
      this.#schedule(20);
      return;
    }
    this.#ticking = true;
    const started = Date.now();
    try {
      if (!this.#alive || this.#needInit) await this.#handshake();
      else if (this.#queue.size === 0) await this.#poll();
    } finally {
      this.#ticking = false;
    }
    if (this.running && this.link.isUp && !this.#pollTimer) {
      this.#schedule(Math.max(0, this.#o.pollMs - (Date.now() - started)));
    }
  };

  /**
   * Make sure the camera is there before calling it `ok`. Over IP: RESET the sequence number, then
   * a power inquiry. Over a serial chain (option serialInit): Address Set and IF_Clear broadcasts
   * first, as Sony asks "before starting control", then the power inquiry.
   */
  async #handshake(): Promise<void> {
    this.#c.handshakes++;
    const wasDown = !this.#alive;
    try {
      if (this.#mode === 'ip') await this.#exchange({ type: 'ip_reset' });
      if (this.#o.serialInit && (this.#mode === 'serial' || this.#mode === 'sim')) {
        const set = await this.#exchange({ type: 'address_set' });
        if (set.type === 'address_set') {
          this.#chain = set.next - 1;
          if (this.#address > this.#chain) {
            this.raiseAlarm({
              key: 'address',
              message: `camera address ${this.#address}, but Address Set found ${this.#chain} camera(s) on the chain`,
            });
          } else this.clearAlarm('address');
        }
        await this.#exchange({ type: 'if_clear_broadcast' });
      }
      this.#onPower(await this.#exchange({ type: 'power_inquiry' }));
    } catch (err) {
      if (!this.running || !this.link.isUp) return;
      // Also when a Network Change made us set the chain up again while the camera was answering.
      this.#wentAway();
      this.setStatus(
        'disconnected',
        `camera not answering (${err instanceof Error ? err.message : String(err)})`,
      );
      return;
    }
    this.#needInit = false;
    this.#misses = 0;
    this.#alive = true;
    this.setStatus('ok');
    if (wasDown) {
      if (this.#everAlive) this.#c.recoveries++;
      this.#everAlive = true;
      this.#log.info({ device: this.id, power: this.#power }, 'visca: camera answering');
      // Whatever it showed before is unknown now (a power cycle re-initialises the head): re-apply.
      this.#followState = INITIAL_FOLLOW_STATE;
      this.#preset = null;
      this.#evaluate();
    }
  }

  async #poll(): Promise<void> {
    this.#c.polls++;
    try {
      this.#onPower(await this.#exchange({ type: 'power_inquiry' }));
    } catch (err) {
      if (err instanceof BridgeError && err.code === 'E_TIMEOUT') this.#c.pollMisses++;
      return;
    }
    // A target that was given up on (the `preset` alarm) is tried again while the camera answers, less
    // and less often: a menu left open or a slow camera may let it through later.
    if (this.#retryAt !== undefined && Date.now() >= this.#retryAt && this.#followState.current === null) {
      this.#retryAt = undefined;
      this.#evaluate();
    }
  }

  #onPower(answer: Answer): PowerState | undefined {
    const power = answer.type === 'inquiry_reply' ? decodePower(answer.data) : undefined;
    if (power === undefined) return undefined;
    const before = this.#power;
    this.#power = power;
    if (power === 'on') {
      this.clearAlarm('power');
      if (before !== undefined && before !== 'on') {
        // Powered on by someone else: the head re-initialised, show the target again.
        this.#followState = INITIAL_FOLLOW_STATE;
        this.#evaluate();
      }
    } else {
      this.raiseAlarm({
        key: 'power',
        message: power === 'standby' ? 'camera is in standby' : 'camera reports a power circuit error',
      });
    }
    return power;
  }

  #wentAway(): void {
    this.#alive = false;
    this.#followState = INITIAL_FOLLOW_STATE;
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#holdUntil = undefined;
  }

  // ---- following the speaker ----

  #evaluate(): void {
    const floor = this.#floor;
    if (!floor) return;
    this.#target = followTarget(floor, this.#follow);
    // Re-applied when it answers again, or powers on (in standby a recall is "not executable").
    if (!this.#alive || (this.#power !== undefined && this.#power !== 'on')) return;
    if (this.#recalling) {
      this.#dirty = true;
      return;
    }
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#holdUntil = undefined;
    const now = Date.now();
    const d = follow(this.#followState, floor, this.#follow, now);
    if (d.action === 'wait') {
      this.#holdUntil = d.at;
      this.#holdTimer = setTimeout(() => {
        this.#holdTimer = undefined;
        this.#evaluate();
      }, d.at - now);
    } else if (d.action === 'recall') {
      void this.#recall(d.preset);
    }
  }

  /** Recall the target, retrying a bounded number of times; a newer target ends the retries. */
  async #recall(preset: number): Promise<void> {
    this.#recalling = true;
    this.#dirty = false;
    this.#followState = moved(this.#followState, preset, Date.now());
    try {
      for (let attempt = 0; ; attempt++) {
        this.#c.recalls++;
        try {
          await this.#exchange({ type: 'preset_recall', preset });
          this.#c.recallsCompleted++;
          this.#arrived(preset);
          return;
        } catch (err) {
          const e = err instanceof BridgeError ? err : new BridgeError('E_PROTOCOL', String(err));
          this.#followState = lost(this.#followState);
          if (!this.running || !this.#alive) return; // re-applied when the camera is back
          const target = this.#floor ? followTarget(this.#floor, this.#follow).preset : preset;
          if (target !== preset) return; // coalesce: only the latest target matters
          const hopeless = e instanceof ViscaCameraError && e.cameraError?.reason === 'syntax';
          if (attempt >= this.#o.retries || hopeless) {
            this.#retryWaitMs = Math.min(MAX_RETRY_WAIT_MS, Math.max(this.#o.pollMs, this.#retryWaitMs * 2));
            this.#retryAt = Date.now() + this.#retryWaitMs;
            this.raiseAlarm({ key: 'preset', message: `preset ${preset} not reached: ${e.message}` });
            this.#log.warn({ device: this.id, preset, code: e.code }, 'visca: recall failed');
            return;
          }
          this.#c.retries++;
          await this.#sleep(this.#o.retryDelayMs * (attempt + 1));
          if (!this.running || !this.#alive) return;
          this.#followState = moved(this.#followState, preset, Date.now());
        }
      }
    } finally {
      this.#recalling = false;
      // Whatever happened meanwhile (a new floor, the hold): decide again with the latest floor.
      if (this.#dirty) this.#evaluate();
    }
  }

  #arrived(preset: number): void {
    this.#preset = preset;
    this.#retryAt = undefined;
    this.#retryWaitMs = 0;
    this.clearAlarm('preset');
  }

  // ---- alarms, status, timers ----

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        resolve,
        timer: setTimeout(() => {
          this.#sleeps.delete(entry);
          resolve();
        }, ms),
      };
      this.#sleeps.add(entry);
    });
  }

  #clearTimers(): void {
    clearTimeout(this.#pollTimer);
    clearTimeout(this.#holdTimer);
    this.#pollTimer = undefined;
    this.#holdTimer = undefined;
    this.#holdUntil = undefined;
    for (const s of this.#sleeps) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.#sleeps.clear();
  }
}

function isPreset(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= PRESET_MIN && v <= PRESET_MAX;
}

/** The same bounds as the schema, for a driver built without the definition (tests, scripts). */
function checkOptions(o: Omit<Required<ViscaCameraOptions>, 'presets'>): string | undefined {
  const int = (name: string, v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `${name} must be an integer ${min}..${max}, got ${JSON.stringify(v)}`;
  return (
    (isPreset(o.overviewPreset)
      ? undefined
      : `overviewPreset must be a preset ${PRESET_MIN}..${PRESET_MAX}`) ??
    int('holdMs', o.holdMs, 0, 600_000) ??
    int('address', o.address, ADDRESS_MIN, ADDRESS_MAX) ??
    int('ackTimeoutMs', o.ackTimeoutMs, 10, 60_000) ??
    int('completionTimeoutMs', o.completionTimeoutMs, 10, 600_000) ??
    int('pollMs', o.pollMs, 50, 600_000) ??
    int('pollMisses', o.pollMisses, 1, 100) ??
    int('retries', o.retries, 0, 10) ??
    int('retryDelayMs', o.retryDelayMs, 0, 60_000)
  );
}
