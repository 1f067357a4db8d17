// The X32 / M32 mixer follows the room's floor: the strip of every seat with the floor is opened, the
// others closed. Protocol facts are in codec.ts (sources: Maillot's "Unofficial X32/M32 OSC Remote
// Protocol", the Behringer wiki, the fact sheet shared/protocols/conference-systems.md); the
// reconcile loop follows ARCHITECTURE.md "The floor engine": desired state (from floor()) vs
// reported state (from the mixer), retry, then alarm; on every (re)connect read the state first.
//
// UDP has no connection, so the Link is "up" as soon as the socket exists; the mixer is only
// "answering" once it replied. Liveness is ours: a query every pollMs, and silence for timeoutMs
// means the mixer is gone. The mixer acknowledges no set (Maillot), so every set is followed by a
// query of the same address, and a timer compares desired with reported after verifyMs.
import { BridgeError } from '../../contract/device.ts';
import type { DriverContext, Logger, RoomFloor, RoomVote } from '../../contract/driver.ts';
import { silentLogger } from '../../contract/driver.ts';
import type { LinkStatus } from '../../runtime/link.ts';
import { LinkDriver } from '../../runtime/link-driver.ts';
import { TokenBucket } from '../../runtime/token-bucket.ts';
import {
  decodeDatagram,
  encodeRequest,
  FADER_TOLERANCE,
  parseStrip,
  type Strip,
  type StripParam,
  stripAddress,
  stripKey,
  type X32Message,
  type X32Request,
} from './codec.ts';
import type { X32OscOptions } from './definition.ts';

/** The defaults of every option; definition.ts puts the same values in the schema. */
export const X32_DEFAULTS = {
  control: 'mute',
  openLevel: 0.75,
  closedLevel: 0,
  deskChange: 'yield',
  infoAddress: '/xinfo',
  bareQueries: false,
  readNames: true,
  pollMs: 2000,
  probeMs: 1000,
  timeoutMs: 5000,
  keepaliveMs: 8000,
  verifyMs: 500,
  maxRetries: 2,
  sendRate: 250,
  sendBurst: 25,
} as const;

/** Longest wait between re-checks once an alarm is up (backoff doubles from verifyMs). */
const MAX_BACKOFF_MS = 30_000;
/** Datagrams waiting for the rate limiter; with de-duplication a room never gets near it. */
const MAX_QUEUE = 2048;

type Aspect = 'on' | 'fader';
type Want = { on?: boolean; fader?: number };
type Hold = { by: 'desk' | 'technician'; want: string; at: number };

interface ManagedStrip {
  strip: Strip;
  key: string;
  /** Room seats patched to this strip (usually one; a shared microphone has several). */
  seats: number[];
  reported: { on?: boolean; fader?: number; name?: string };
  /** Our recent sets, to tell their echo from a change at the desk. */
  recent: { aspect: Aspect; value: number | boolean; until: number }[];
  /** The want (as a key) we sent and are waiting to verify. */
  inflight: string | undefined;
  /** When to verify (epoch ms); set when the verifying query actually left. */
  dueAt: number | undefined;
  attempts: number;
  hold: Hold | undefined;
}

interface Waiter {
  check: () => boolean;
  fail: () => BridgeError;
  resolve: () => void;
  reject: (error: BridgeError) => void;
  timer: NodeJS.Timeout;
}

interface Outgoing {
  address: string;
  kind: 'get' | 'set';
  bytes: Buffer;
  onSent?: (() => void) | undefined;
}

export interface X32OscDriverConfig {
  id: string;
  /** `udp://host:10023` */
  transport: string;
  options: X32OscOptions;
}

type Resolved = Required<Omit<X32OscOptions, 'channels'>> & { channels: X32OscOptions['channels'] };

export class X32OscDriver extends LinkDriver {
  readonly #o: Resolved;
  readonly #log: Logger;
  readonly #strips = new Map<string, ManagedStrip>();
  /** The mixer answered, and has not been silent for timeoutMs since. */
  #answering = false;
  #everAnswered = false;
  #lastHeard = 0;
  #malformedSinceHeard = 0;
  #floor: RoomFloor | null = null;
  #info: Record<string, string> = {};
  #lastAnswerAt: number | undefined;
  #queue: Outgoing[] = [];
  #bucket: TokenBucket;
  #drainTimer: NodeJS.Timeout | undefined;
  #probeTimer: NodeJS.Timeout | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #keepaliveTimer: NodeJS.Timeout | undefined;
  #livenessTimer: NodeJS.Timeout | undefined;
  #verifyTimer: NodeJS.Timeout | undefined;
  /** When the verify timer fires (epoch ms), so an earlier due time can re-arm it. */
  #verifyAt: number | undefined;
  #waiters = new Set<Waiter>();
  /** `strip:aspect` → the last value heard and its sequence number, for execute(). */
  #seen = new Map<string, { value: unknown; seq: number }>();
  #seq = 0;
  #infoSeq = 0;
  #c = {
    datagramsIn: 0,
    datagramsOut: 0,
    messagesIn: 0,
    malformed: 0,
    unknown: 0,
    retries: 0,
    deskChanges: 0,
    dropped: 0,
    reconnects: 0,
  };

  constructor(config: X32OscDriverConfig, context: DriverContext = { logger: silentLogger }) {
    super({
      id: config.id,
      url: config.transport,
      link: context.link,
      waiting: 'waiting for the mixer to answer',
    });
    this.#log = context.logger;
    // Explicit undefined in options means "not given", not "no value".
    const given = Object.fromEntries(Object.entries(config.options ?? {}).filter(([, v]) => v !== undefined));
    this.#o = { ...X32_DEFAULTS, ...given } as Resolved;
    this.refuseConfig(this.#parseOptions());
    this.#bucket = new TokenBucket(this.#o.sendRate, this.#o.sendBurst, Date.now());
  }

  protected override onStop(): void {
    this.#mixerGone(new BridgeError('E_NOT_CONNECTED', 'the driver stopped'));
    this.#clearTimer('probe');
    this.#clearTimer('liveness');
  }

  /**
   * The room's floor: every managed strip is opened iff one of its seats has the floor. Returns at
   * once; the sets go out paced by the rate limiter and are verified by the reconcile loop.
   */
  floor(floor: RoomFloor): void {
    this.#floor = {
      ...floor,
      speakers: integers(floor?.speakers),
      requests: integers(floor?.requests),
      chairSeats: integers(floor?.chairSeats),
      priority: Number.isInteger(floor?.priority) ? floor.priority : null,
    };
    for (const ms of this.#strips.values()) {
      const want = this.#want(ms);
      const key = want && wantKey(want);
      // A new decision of the room for this strip ends a hold by the desk or a technician.
      if (ms.hold && key !== ms.hold.want) this.#release(ms);
      if (key !== ms.inflight) {
        ms.attempts = 0;
        ms.inflight = undefined;
        ms.dueAt = undefined;
      }
      this.#reconcile(ms, 'floor');
    }
    this.#armVerify();
  }

  /** The X32 has no voting keypads. */
  vote(_vote: RoomVote | null): void {}

  async execute(command: unknown): Promise<unknown> {
    const c = command as Record<string, unknown> | null;
    const type = typeof c?.type === 'string' ? c.type : undefined;
    const timeoutMs = Math.max(1000, 3 * this.#o.verifyMs);
    switch (type) {
      case 'channel':
      case 'fader': {
        const strip = parseStrip(c!.channel);
        if (!strip) throw new BridgeError('E_BAD_COMMAND', `not a channel: ${JSON.stringify(c!.channel)}`);
        const aspect: Aspect = type === 'channel' ? 'on' : 'fader';
        const value = type === 'channel' ? c!.on : c!.level;
        if (type === 'channel' && typeof value !== 'boolean') {
          throw new BridgeError('E_BAD_COMMAND', 'channel needs on: true|false');
        }
        if (type === 'fader' && !(typeof value === 'number' && value >= 0 && value <= 1)) {
          throw new BridgeError('E_BAD_COMMAND', 'fader needs level: 0..1');
        }
        this.#requireAnswering();
        const key = stripKey(strip);
        const ms = this.#strips.get(key);
        // A technician overrides the room on a managed strip the same way the desk does: the room
        // leaves it alone until its floor for that strip changes (README, "Holds").
        if (ms && this.#controls(aspect)) this.#holdStrip(ms, 'technician');
        const seenKey = `${key}:${aspect}`;
        const since = this.#seq;
        this.#sendSet(strip, aspect, value as boolean | number, ms);
        await this.#waitFor(
          () => {
            const s = this.#seen.get(seenKey);
            return s !== undefined && s.seq > since && same(aspect, s.value, value);
          },
          () => {
            const s = this.#seen.get(seenKey);
            return s !== undefined && s.seq > since
              ? new BridgeError('E_REJECTED', `${key}: the mixer reports ${aspect} ${String(s.value)}`)
              : new BridgeError('E_TIMEOUT', `${key}: no answer within ${timeoutMs} ms`);
          },
          timeoutMs,
        );
        const reported = this.#seen.get(seenKey)!.value;
        return aspect === 'on' ? { channel: key, on: reported } : { channel: key, level: reported };
      }
      case 'refresh': {
        this.#requireAnswering();
        // Re-read every managed strip and re-apply the floor, holds released.
        const since = this.#seq;
        for (const ms of this.#strips.values()) if (ms.hold) this.#release(ms);
        this.#reread();
        const pending = () =>
          [...this.#strips.values()].filter((ms) =>
            this.#aspects().some((a) => (this.#seen.get(`${ms.key}:${a}`)?.seq ?? 0) <= since),
          );
        await this.#waitFor(
          () => pending().length === 0,
          () =>
            new BridgeError(
              'E_TIMEOUT',
              `no answer for ${pending()
                .map((ms) => ms.key)
                .join(', ')} within ${timeoutMs} ms`,
            ),
          timeoutMs,
        );
        return { channels: this.#strips.size };
      }
      case 'identify': {
        // The X32 has no "blink" over OSC; identify asks the mixer who it is.
        this.#requireAnswering();
        const since = this.#infoSeq;
        this.#sendNow({ type: this.#o.infoAddress === '/info' ? 'info' : 'xinfo' });
        await this.#waitFor(
          () => this.#infoSeq > since,
          () => new BridgeError('E_TIMEOUT', `no answer to ${this.#o.infoAddress} within ${timeoutMs} ms`),
          timeoutMs,
        );
        return { ...this.#info };
      }
      default:
        throw new BridgeError('E_BAD_COMMAND', `unknown command ${JSON.stringify(type ?? command)}`);
    }
  }

  counters(): Record<string, number> {
    const s = this.link.stats;
    return {
      ...this.#c,
      bytesIn: s.bytesIn,
      bytesOut: s.bytesOut,
      framesIn: s.framesIn,
      queued: this.#queue.length,
      alarms: this.alarmKeys.length,
    };
  }

  details(): Record<string, unknown> {
    return {
      url: this.link.url,
      answering: this.#answering,
      lastAnswerAt: this.#lastAnswerAt ?? null,
      ...this.#info,
      control: this.#o.control,
      deskChange: this.#o.deskChange,
      strips: [...this.#strips.values()].map((ms) => {
        const want = this.#want(ms);
        return {
          channel: ms.key,
          seats: [...ms.seats],
          name: ms.reported.name ?? null,
          on: ms.reported.on ?? null,
          fader: ms.reported.fader ?? null,
          want: want ?? null,
          held: ms.hold?.by ?? null,
        };
      }),
    };
  }

  // ---- options ----

  #parseOptions(): string | undefined {
    const o = this.#o;
    if (!o.channels || typeof o.channels !== 'object') return 'channels: a seat → channel map is required';
    for (const [seatKey, value] of Object.entries(o.channels)) {
      const seat = /^[1-9]\d{0,4}$/.test(seatKey) ? Number(seatKey) : Number.NaN;
      const strip = parseStrip(value);
      if (!(seat >= 1 && seat <= 65535) || !strip) {
        return `channels: ${JSON.stringify(seatKey)} → ${JSON.stringify(value)} is not seat → channel (1..32, "ch/NN", "auxin/NN", "bus/NN")`;
      }
      const key = stripKey(strip);
      const ms = this.#strips.get(key);
      if (ms) ms.seats.push(seat);
      else {
        this.#strips.set(key, {
          strip,
          key,
          seats: [seat],
          reported: {},
          recent: [],
          inflight: undefined,
          dueAt: undefined,
          attempts: 0,
          hold: undefined,
        });
      }
    }
    const positive = [
      'pollMs',
      'probeMs',
      'timeoutMs',
      'keepaliveMs',
      'verifyMs',
      'sendRate',
      'sendBurst',
    ] as const;
    for (const k of positive) if (!(typeof o[k] === 'number' && o[k] > 0)) return `${k} must be > 0`;
    if (!(Number.isInteger(o.maxRetries) && o.maxRetries >= 0)) return 'maxRetries must be an integer ≥ 0';
    // Maillot: a subscription lasts ~10 s; renewing later than that loses updates.
    if (o.keepaliveMs >= 10_000) return 'keepaliveMs must be < 10000 (the X32 drops /xremote after ~10 s)';
    if (o.timeoutMs <= o.pollMs || o.timeoutMs <= o.probeMs) {
      return 'timeoutMs must be longer than pollMs and probeMs, or a mixer that answers every poll looks dead';
    }
    for (const k of ['openLevel', 'closedLevel'] as const) {
      if (!(typeof o[k] === 'number' && o[k] >= 0 && o[k] <= 1)) return `${k} must be 0..1`;
    }
    return undefined;
  }

  #aspects(): Aspect[] {
    return this.#o.control === 'mute' ? ['on'] : this.#o.control === 'fader' ? ['fader'] : ['on', 'fader'];
  }

  #controls(aspect: Aspect): boolean {
    return this.#aspects().includes(aspect);
  }

  // ---- liveness ----

  protected override onLinkStatus(s: LinkStatus): void {
    // The socket exists; whether a mixer is there is known only when it answers.
    if (s.status === 'ok') {
      if (!this.#answering)
        this.setStatus('connecting', `waiting for the mixer to answer ${this.#o.infoAddress}`);
    } else this.setStatus(s.status, s.message);
  }

  protected onUp(): void {
    this.#lastHeard = Date.now();
    this.#malformedSinceHeard = 0;
    this.#startProbing();
    this.#armLiveness();
  }

  protected onDown(): void {
    // The socket itself failed (not a silent mixer): the Link reconnects with its backoff.
    this.#mixerGone(new BridgeError('E_NOT_CONNECTED', 'the UDP socket closed'));
    this.#clearTimer('probe');
    this.#clearTimer('liveness');
  }

  /** While the mixer does not answer: ask who it is every probeMs (one small datagram; no backoff). */
  #startProbing(): void {
    this.#clearTimer('probe');
    const probe = () => this.#sendNow({ type: this.#o.infoAddress === '/info' ? 'info' : 'xinfo' });
    probe();
    this.#probeTimer = setInterval(probe, this.#o.probeMs);
  }

  /** Fires timeoutMs after the last thing heard from the mixer. */
  #armLiveness(): void {
    this.#clearTimer('liveness');
    const left = this.#lastHeard + this.#o.timeoutMs - Date.now();
    this.#livenessTimer = setTimeout(this.#livenessCheck, Math.max(1, left));
  }

  #livenessCheck = (): void => {
    this.#livenessTimer = undefined;
    if (!this.running) return;
    const silentFor = Date.now() - this.#lastHeard;
    if (silentFor < this.#o.timeoutMs) {
      this.#armLiveness();
      return;
    }
    const garbled = this.#malformedSinceHeard > 0;
    // Fixed texts: the check repeats every timeoutMs while the mixer stays away, and a status is
    // emitted only when it changes.
    const why = garbled
      ? `the mixer sends datagrams that are not OSC, and nothing readable within ${this.#o.timeoutMs} ms`
      : this.#everAnswered
        ? `no answer within ${this.#o.timeoutMs} ms`
        : `no answer to ${this.#o.infoAddress} from ${this.link.url} within ${this.#o.timeoutMs} ms; still trying`;
    if (this.#answering) {
      this.#log.warn({ device: this.id, silentFor }, 'x32: mixer stopped answering');
      this.#mixerGone(new BridgeError('E_NOT_CONNECTED', why));
      this.#startProbing();
    }
    this.setStatus(
      garbled ? 'protocol_error' : this.#everAnswered ? 'disconnected' : 'connection_failure',
      why,
    );
    // Checked again one timeout later: the message stays current while the mixer stays away.
    this.#lastHeard = Date.now();
    this.#armLiveness();
  };

  /** Something readable arrived. */
  #heard(): void {
    this.#lastHeard = Date.now();
    this.#malformedSinceHeard = 0;
    this.#lastAnswerAt = this.#lastHeard;
    if (!this.#answering) this.#mixerBack();
  }

  #mixerBack(): void {
    this.#answering = true;
    if (this.#everAnswered) this.#c.reconnects++;
    this.#everAnswered = true;
    this.#clearTimer('probe');
    this.#log.info({ device: this.id }, 'x32: mixer answers');
    this.setStatus('ok');
    // Maillot: /xremote for change notifications (~10 s), renewed every keepaliveMs (< 10 s).
    this.#sendNow({ type: 'xremote' });
    this.#keepaliveTimer = setInterval(() => this.#sendNow({ type: 'xremote' }), this.#o.keepaliveMs);
    const info: X32Request = { type: this.#o.infoAddress === '/info' ? 'info' : 'xinfo' };
    this.#pollTimer = setInterval(() => this.#sendNow(info), this.#o.pollMs);
    // The state may have changed while we were away (desk, scene recall, power cycle): read it first.
    this.#reread();
  }

  /** The mixer is silent or the socket is gone: what we knew of it is stale, what waits fails. */
  #mixerGone(error: BridgeError): void {
    this.#answering = false;
    this.#clearTimer('poll');
    this.#clearTimer('keepalive');
    this.#clearTimer('verify');
    this.#clearTimer('drain');
    this.#queue = [];
    for (const ms of this.#strips.values()) {
      ms.reported = { ...(ms.reported.name !== undefined ? { name: ms.reported.name } : {}) };
      ms.inflight = undefined;
      ms.dueAt = undefined;
      ms.recent = [];
    }
    for (const w of [...this.#waiters]) this.#settleWaiter(w, error);
  }

  #requireAnswering(): void {
    if (!this.#answering)
      throw new BridgeError('E_NOT_CONNECTED', `the mixer is not answering (${this.status.status})`);
  }

  // ---- receiving ----

  protected onData(datagram: Buffer): void {
    this.#c.datagramsIn++;
    const messages = decodeDatagram(datagram);
    for (const m of messages) this.#onMessage(m);
    this.link.countFramesIn(messages.length);
    if (this.#waiters.size > 0) for (const w of [...this.#waiters]) if (w.check()) this.#settleWaiter(w);
  }

  #onMessage(m: X32Message): void {
    if (m.type === 'malformed') {
      this.#c.malformed++;
      this.#malformedSinceHeard++;
      this.#log.debug({ device: this.id, reason: m.reason, length: m.length }, 'x32: malformed datagram');
      return;
    }
    this.#c.messagesIn++;
    this.#heard();
    switch (m.type) {
      case 'unknown':
        this.#c.unknown++;
        return;
      case 'xinfo':
        this.#info = { ...this.#info, ip: m.ip, name: m.name, model: m.model, firmware: m.version };
        this.#infoSeq++;
        return;
      case 'info':
        this.#info = {
          ...this.#info,
          serverVersion: m.serverVersion,
          serverName: m.serverName,
          model: m.model,
          firmware: m.version,
        };
        this.#infoSeq++;
        return;
      case 'status':
        this.#info = { ...this.#info, state: m.state, ip: m.ip, name: m.name };
        return;
      case 'name': {
        const ms = this.#strips.get(stripKey(m.strip));
        if (ms) ms.reported.name = m.name;
        return;
      }
      case 'on':
      case 'fader':
        this.#onStripValue(m.strip, m.type, m.type === 'on' ? m.on : m.level);
    }
  }

  #onStripValue(strip: Strip, aspect: Aspect, value: boolean | number): void {
    const key = stripKey(strip);
    this.#seen.set(`${key}:${aspect}`, { value, seq: ++this.#seq });
    const ms = this.#strips.get(key);
    if (!ms) return; // not a strip of this room: never touched
    const prev = ms.reported[aspect];
    (ms.reported as Record<Aspect, boolean | number>)[aspect] = value;
    if (!this.#controls(aspect)) return;
    const now = Date.now();
    ms.recent = ms.recent.filter((r) => r.until > now);
    const want = this.#want(ms);
    const explained = ms.recent.some((r) => r.aspect === aspect && same(aspect, r.value, value));
    const byDesk = prev !== undefined && !same(aspect, prev, value) && !explained;
    if (byDesk) this.#c.deskChanges++;
    if (ms.hold) {
      // The desk put it back where the room wants it: the hold is over.
      if (want && this.#matches(ms, want)) this.#release(ms);
      return;
    }
    if (byDesk) {
      this.#deskChange(ms, aspect, value, want);
      return;
    }
    this.#reconcile(ms, 'read');
    this.#armVerify();
  }

  /** A managed strip changed and none of our sets explains it: the desk (or another client) did it. */
  #deskChange(ms: ManagedStrip, aspect: Aspect, value: boolean | number, want: Want | undefined): void {
    const wanted = want?.[aspect];
    if (wanted === undefined || same(aspect, wanted, value)) {
      // No floor yet, or the desk did what the room wants anyway.
      this.#reconcile(ms, 'read');
      this.#armVerify();
      return;
    }
    this.#log.warn(
      { device: this.id, channel: ms.key, aspect, value, policy: this.#o.deskChange },
      'x32: managed channel changed at the desk',
    );
    if (this.#o.deskChange === 'reassert') {
      ms.attempts = 0;
      ms.inflight = undefined;
      ms.dueAt = undefined;
      this.#reconcile(ms, 'floor');
      this.#armVerify();
    } else {
      this.#holdStrip(ms, 'desk');
    }
  }

  // ---- holds ----

  #holdStrip(ms: ManagedStrip, by: Hold['by']): void {
    const want = this.#want(ms);
    ms.hold = { by, want: want ? wantKey(want) : '', at: Date.now() };
    ms.inflight = undefined;
    ms.dueAt = undefined;
    ms.attempts = 0;
    this.clearAlarm(`channel:${ms.key}`);
    const who = by === 'desk' ? 'at the desk' : 'by a technician command';
    this.#raise(
      `hold:${ms.key}`,
      ms.seats[0],
      `${ms.key} (seat ${ms.seats.join(', ')}) was changed ${who}; the room leaves it alone until the floor ` +
        'for that seat changes, the channel is set back, or a technician sends refresh',
    );
  }

  #release(ms: ManagedStrip): void {
    ms.hold = undefined;
    this.clearAlarm(`hold:${ms.key}`);
  }

  // ---- reconcile ----

  /** What the room wants of a strip; undefined before the first floor(). */
  #want(ms: ManagedStrip): Want | undefined {
    const f = this.#floor;
    if (!f) return undefined;
    const open = ms.seats.some((seat) => isOpen(f, seat));
    const want: Want = {};
    if (this.#controls('on')) want.on = open;
    if (this.#controls('fader')) want.fader = open ? this.#o.openLevel : this.#o.closedLevel;
    return want;
  }

  #matches(ms: ManagedStrip, want: Want): boolean {
    return (Object.keys(want) as Aspect[]).every((a) => {
      const r = ms.reported[a];
      return r !== undefined && same(a, r, want[a]!);
    });
  }

  /**
   * Brings one strip towards what the room wants. `floor`: the room decided (send what differs or
   * is unknown); `read`: the mixer reported a value (send only for a known difference, once per
   * want); `verify`: the check after verifyMs (retry, then alarm, with backoff).
   */
  #reconcile(ms: ManagedStrip, reason: 'floor' | 'read' | 'verify'): void {
    if (!this.#answering || ms.hold) return;
    const want = this.#want(ms);
    if (!want) {
      // No floor yet: only keep the picture complete (a lost reply is asked again, with backoff).
      if (reason === 'verify' && this.#aspects().some((a) => ms.reported[a] === undefined)) {
        ms.attempts++;
        for (const a of this.#aspects()) this.#enqueueGet(ms.strip, a, ms);
      }
      return;
    }
    if (this.#matches(ms, want)) {
      this.#settle(ms);
      return;
    }
    const key = wantKey(want);
    const aspects = Object.keys(want) as Aspect[];
    const differs = aspects.filter(
      (a) => ms.reported[a] !== undefined && !same(a, ms.reported[a]!, want[a]!),
    );
    if (reason === 'read') {
      if (ms.inflight === key) return; // already sent; the verify timer judges it
      if (differs.length === 0) {
        // Only unknowns, being read: wait for them (a lost reply is caught at the due time).
        if (ms.dueAt === undefined) ms.dueAt = Date.now() + this.#o.verifyMs;
        return;
      }
    }
    if (reason === 'floor' && ms.inflight === key) return;
    if (reason === 'verify') {
      ms.attempts++;
      this.#c.retries++;
      if (ms.attempts > this.#o.maxRetries) {
        const got = aspects.map(
          (a) => `${a} ${ms.reported[a] === undefined ? 'unknown' : String(ms.reported[a])}`,
        );
        this.#raise(
          `channel:${ms.key}`,
          ms.seats[0],
          `${ms.key} (seat ${ms.seats.join(', ')}): wanted ${aspects.map((a) => `${a} ${String(want[a])}`).join(', ')}, ` +
            `the mixer reports ${got.join(', ')} after ${this.#o.maxRetries} retries`,
        );
      }
    }
    ms.inflight = key;
    ms.dueAt = undefined;
    for (const a of aspects) {
      if (ms.reported[a] === undefined || !same(a, ms.reported[a]!, want[a]!))
        this.#sendSet(ms.strip, a, want[a]!, ms);
    }
  }

  #settle(ms: ManagedStrip): void {
    ms.attempts = 0;
    ms.inflight = undefined;
    ms.dueAt = undefined;
    this.clearAlarm(`channel:${ms.key}`);
  }

  /** Every managed strip: forget what we knew and ask again. */
  #reread(): void {
    for (const ms of this.#strips.values()) {
      ms.reported = { ...(ms.reported.name !== undefined ? { name: ms.reported.name } : {}) };
      ms.inflight = undefined;
      ms.attempts = 0;
      for (const a of this.#aspects()) this.#enqueueGet(ms.strip, a, ms);
    }
    // Names only for the technician page: after every value the floor depends on.
    if (this.#o.readNames) {
      for (const ms of this.#strips.values()) this.#enqueueGet(ms.strip, 'name');
    }
  }

  #delayFor(ms: ManagedStrip): number {
    const over = ms.attempts - this.#o.maxRetries;
    return over <= 0 ? this.#o.verifyMs : Math.min(MAX_BACKOFF_MS, this.#o.verifyMs * 2 ** over);
  }

  #armVerify(): void {
    this.#clearTimer('verify');
    let next = Number.POSITIVE_INFINITY;
    for (const ms of this.#strips.values()) if (ms.dueAt !== undefined && ms.dueAt < next) next = ms.dueAt;
    if (next === Number.POSITIVE_INFINITY) return;
    this.#verifyAt = next;
    this.#verifyTimer = setTimeout(this.#verify, Math.max(1, next - Date.now()));
  }

  #verify = (): void => {
    this.#verifyTimer = undefined;
    this.#verifyAt = undefined;
    const now = Date.now();
    for (const ms of this.#strips.values()) {
      if (ms.dueAt === undefined || ms.dueAt > now) continue;
      ms.dueAt = undefined;
      ms.inflight = undefined;
      this.#reconcile(ms, 'verify');
    }
    this.#armVerify();
  };

  // ---- sending ----

  /** Control traffic (probe, poll, keepalive): one datagram every few seconds, not rate limited. */
  #sendNow(request: X32Request): void {
    if (this.link.write(encodeRequest(request, { bareQueries: this.#o.bareQueries }))) this.#c.datagramsOut++;
  }

  /** A set and the query that verifies it (the X32 acknowledges no set: Maillot). */
  #sendSet(strip: Strip, aspect: Aspect, value: boolean | number, ms: ManagedStrip | undefined): void {
    const request: X32Request =
      aspect === 'on'
        ? { type: 'set_on', strip, on: value as boolean }
        : { type: 'set_fader', strip, level: value as number };
    const address = stripAddress(strip, aspect);
    const bytes = encodeRequest(request);
    const onSent = ms
      ? () => ms.recent.push({ aspect, value, until: Date.now() + Math.max(2 * this.#o.verifyMs, 1000) })
      : undefined;
    const existing = this.#queue.find((q) => q.kind === 'set' && q.address === address);
    if (existing) {
      // Not sent yet: the latest value replaces it in place, so a burst of floor changes costs nothing.
      existing.bytes = bytes;
      existing.onSent = onSent;
    } else this.#push({ address, kind: 'set', bytes, onSent });
    this.#enqueueGet(strip, aspect, ms);
  }

  /** A query, unless the same query already waits behind the last set of that address. */
  #enqueueGet(strip: Strip, param: StripParam, ms?: ManagedStrip): void {
    const address = stripAddress(strip, param);
    let lastSet = -1;
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      if (this.#queue[i]!.kind === 'set' && this.#queue[i]!.address === address) {
        lastSet = i;
        break;
      }
    }
    const dup = this.#queue.findIndex((q, i) => i > lastSet && q.kind === 'get' && q.address === address);
    if (dup >= 0) return;
    const bytes = encodeRequest({ type: 'query', strip, param }, { bareQueries: this.#o.bareQueries });
    // The verify clock starts when the query leaves, not when it was queued behind others.
    const onSent =
      ms && param !== 'name'
        ? () => {
            ms.dueAt = Date.now() + this.#delayFor(ms);
            if (this.#verifyAt === undefined || ms.dueAt < this.#verifyAt) this.#armVerify();
          }
        : undefined;
    this.#push({ address, kind: 'get', bytes, onSent });
  }

  #push(entry: Outgoing): void {
    if (!this.#answering) return; // sets into the void are pointless: the next answer re-reads
    if (this.#queue.length >= MAX_QUEUE) {
      this.#c.dropped++;
      return;
    }
    this.#queue.push(entry);
    this.#drain();
  }

  /** Sends while the token bucket allows (sendRate/s, bursts of sendBurst), then waits for the next token. */
  #drain = (): void => {
    this.#drainTimer = undefined;
    while (this.#queue.length > 0 && this.#bucket.take(Date.now())) {
      const entry = this.#queue.shift()!;
      if (this.link.write(entry.bytes)) {
        this.#c.datagramsOut++;
        entry.onSent?.();
      }
    }
    if (this.#queue.length > 0 && this.#drainTimer === undefined) {
      this.#drainTimer = setTimeout(this.#drain, Math.max(1, Math.ceil(1000 / this.#o.sendRate)));
    }
  };

  // ---- waiting (execute) ----

  #waitFor(check: () => boolean, fail: () => BridgeError, timeoutMs: number): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        check,
        fail,
        resolve,
        reject,
        timer: setTimeout(() => this.#settleWaiter(waiter, fail()), timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  #settleWaiter(w: Waiter, error?: BridgeError): void {
    if (!this.#waiters.delete(w)) return;
    clearTimeout(w.timer);
    if (error) w.reject(error);
    else w.resolve();
  }

  // ---- alarms and status ----

  #raise(key: string, seat: number | undefined, message: string): void {
    if (this.raiseAlarm({ key, message, ...(seat !== undefined ? { seat } : {}) }))
      this.#log.warn({ device: this.id, key }, message);
  }

  #clearTimer(which: 'probe' | 'poll' | 'keepalive' | 'liveness' | 'verify' | 'drain'): void {
    switch (which) {
      case 'probe':
        clearInterval(this.#probeTimer);
        this.#probeTimer = undefined;
        return;
      case 'poll':
        clearInterval(this.#pollTimer);
        this.#pollTimer = undefined;
        return;
      case 'keepalive':
        clearInterval(this.#keepaliveTimer);
        this.#keepaliveTimer = undefined;
        return;
      case 'liveness':
        clearTimeout(this.#livenessTimer);
        this.#livenessTimer = undefined;
        return;
      case 'verify':
        clearTimeout(this.#verifyTimer);
        this.#verifyTimer = undefined;
        this.#verifyAt = undefined;
        return;
      case 'drain':
        clearTimeout(this.#drainTimer);
        this.#drainTimer = undefined;
    }
  }
}

/**
 * Whether a seat's microphone is open on the room's floor. With priority on, the priority chair is
 * open and every delegate (non-chair seat) is closed while it speaks; other chair seats keep the
 * floor they have (contract/driver.ts RoomFloor).
 */
function isOpen(floor: RoomFloor, seat: number): boolean {
  if (floor.priority !== null) {
    return seat === floor.priority || (floor.chairSeats.includes(seat) && floor.speakers.includes(seat));
  }
  return floor.speakers.includes(seat);
}

function same(aspect: Aspect, a: unknown, b: unknown): boolean {
  // ardour-dev 2016-05-14: the mixer rounds a level to one of 1024 steps; closer than one step is equal.
  if (aspect === 'fader')
    return typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= FADER_TOLERANCE;
  return a === b;
}

function wantKey(want: Want): string {
  return `${want.on ?? '-'}|${want.fader ?? '-'}`;
}

function integers(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
}
