// A simulated Behringer X32 / Midas M32 on a UDP socket bound to 127.0.0.1, for tests and the bench.
// Behaviour is written from public facts about the X32 OSC protocol (sources as in codec.ts:
// "Maillot" = P.-G. Maillot, "Unofficial X32/M32 OSC Remote Protocol"; "Behringer wiki" =
// behringerwiki.musictribe.com "OSC Server initiated messages"; "X AIR doc" = Behringer's
// "X AIR Mixer Series Remote Control Protocol", the sister protocol on port 10024;
// "ardour-dev 2016-05-14" for the fader steps).
//
// ARCHITECTURE.md: "A simulator builds its replies from the vendor's documented bytes, not from our
// codec, so a codec bug cannot hide itself." So this file builds and parses OSC bytes by hand from the
// OSC 1.0 layout (NUL-terminated strings padded to 4, `,tags` padded to 4, big-endian int32 / float32)
// and imports neither node-osc nor codec.ts.
//
// Where the sources are silent the choice is ours, marked "(our choice)", and an option where a real
// mixer might plausibly differ.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';

type Kind = 'ch' | 'auxin' | 'bus';
/** Maillot: /ch/01..32, /auxin/01..08, /bus/01..16. */
const COUNTS: Record<Kind, number> = { ch: 32, auxin: 8, bus: 16 };

export interface X32SimulatorOptions {
  /** UDP port on 127.0.0.1; 0 (default) picks a free one. A real mixer listens on 10023 (Maillot). */
  port?: number;
  /** What /xinfo and /status report (Maillot: `/xinfo ,ssss <ip> <name> <model> <version>`). */
  ip?: string;
  name?: string;
  model?: string;
  version?: string;
  /** What /info reports first (Maillot: `/info ,ssss <server version> <server name> <model> <version>`). */
  serverVersion?: string;
  serverName?: string;
  /** How long one /xremote keeps a client subscribed. Maillot and the X AIR doc: 10 s. For tests, shorter. */
  xremoteMs?: number;
  /**
   * Whether a client's own set is pushed back to it while it is subscribed. Behringer wiki: "If
   * /xremote is active, the X32 console echoes the value of a console parameter in response to a get,
   * set from client or X32 parameter change". Our reading: yes (default true); false for a mixer that
   * pushes only to the other clients.
   */
  echoToSender?: boolean;
  /** ardour-dev 2016-05-14: a received fader float is rounded to one of 1024 steps. */
  faderSteps?: number;
  /** Every strip's state at power-on (our choice: unmuted, fader at −∞ = 0.0, no name). */
  initialOn?: boolean;
  initialFader?: number;
  names?: Record<string, string>;
}

export interface SimStrip {
  on: boolean;
  fader: number;
  name: string;
}

export interface SimMessage {
  address: string;
  /** Type tags without the comma; undefined when the datagram had no type tag string. */
  tags: string | undefined;
  args: (number | string)[];
  from: { address: string; port: number };
  at: number;
}

type Events = {
  /** Every well-formed datagram received (dropped ones too, before they are dropped). */
  message: [SimMessage];
  /** A datagram that is not an OSC message the simulator can read (it ignores it, as an X32 would). */
  garbage: [Buffer];
};

// ---- OSC 1.0 bytes, by hand ----

/** OSC 1.0: ASCII string, NUL-terminated, NUL-padded to a multiple of 4. */
function oscString(s: string): Buffer {
  const text = Buffer.from(s, 'utf8');
  const out = Buffer.alloc((text.length + 4) & ~3); // zero-filled: the terminator and the padding
  text.copy(out);
  return out;
}

function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
}

function float32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeFloatBE(v);
  return b;
}

/** One OSC message: address, `,tags`, then the arguments in tag order. */
export function buildOscMessage(address: string, ...args: (['i', number] | ['f', number] | ['s', string])[]) {
  const tags = `,${args.map(([t]) => t).join('')}`;
  const parts = [oscString(address), oscString(tags)];
  for (const [t, v] of args) {
    if (t === 'i') parts.push(int32(v));
    else if (t === 'f') parts.push(float32(v));
    else parts.push(oscString(v));
  }
  return Buffer.concat(parts);
}

/** OSC 1.0 bundle: "#bundle\0", time tag (1 = immediately), each element prefixed by its int32 size. */
export function buildOscBundle(...elements: Buffer[]): Buffer {
  const timetag = Buffer.alloc(8);
  timetag.writeUInt32BE(1, 4);
  const parts = [oscString('#bundle'), timetag];
  for (const e of elements) parts.push(int32(e.length), e);
  return Buffer.concat(parts);
}

function readString(buf: Buffer, offset: number): { value: string; next: number } | undefined {
  const end = buf.indexOf(0, offset);
  if (end < 0) return undefined;
  const next = (end + 4) & ~3;
  if (next > buf.length) return undefined;
  return { value: buf.subarray(offset, end).toString('utf8'), next };
}

/** A message as the simulator reads it; undefined for bytes it cannot read. */
function parseMessage(buf: Buffer): Omit<SimMessage, 'from' | 'at'> | undefined {
  if (buf.length < 4 || buf.length % 4 !== 0 || buf[0] !== 0x2f) return undefined;
  const address = readString(buf, 0);
  if (!address) return undefined;
  // Maillot's examples send queries as the address alone; OSC 1.0 writes `,` with no tags. Take both.
  if (address.next === buf.length) return { address: address.value, tags: undefined, args: [] };
  const tagString = readString(buf, address.next);
  if (!tagString?.value.startsWith(',')) return undefined;
  const tags = tagString.value.slice(1);
  const args: (number | string)[] = [];
  let offset = tagString.next;
  for (const t of tags) {
    if (t === 'i' || t === 'f') {
      if (offset + 4 > buf.length) return undefined;
      args.push(t === 'i' ? buf.readInt32BE(offset) : buf.readFloatBE(offset));
      offset += 4;
    } else if (t === 's') {
      const s = readString(buf, offset);
      if (!s) return undefined;
      args.push(s.value);
      offset = s.next;
    } else return undefined; // the simulator reads only what a client of ours sends
  }
  return { address: address.value, tags, args };
}

const STRIP = /^\/(ch|auxin|bus)\/(\d\d)\/(mix\/on|mix\/fader|config\/name)$/;

/** `5` → `ch/05`; `'auxin/02'` as is. Throws for a strip the X32 does not have (a test bug). */
function keyOf(strip: number | string): string {
  const key = typeof strip === 'number' ? `ch/${String(strip).padStart(2, '0')}` : strip;
  const m = /^(ch|auxin|bus)\/(\d\d)$/.exec(key);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > COUNTS[m[1] as Kind])
    throw new RangeError(`no strip ${strip}`);
  return key;
}

export class X32Simulator extends EventEmitter<Events> {
  #options: Required<Omit<X32SimulatorOptions, 'names'>> & { names: Record<string, string> };
  #socket: Socket | undefined;
  #port: number;
  #strips = new Map<string, SimStrip>();
  /** `host:port` → { rinfo, expires }: /xremote subscribers. */
  #subscribers = new Map<string, { address: string; port: number; expires: number }>();
  /** Everyone who sent anything since the last (re)start, for garble(). */
  #clients = new Map<string, { address: string; port: number }>();
  #silent = false;
  #delay = 0;
  #dropIncoming = 0;
  #sent = 0;

  constructor(options: X32SimulatorOptions = {}) {
    super();
    this.#options = {
      port: options.port ?? 0,
      ip: options.ip ?? '127.0.0.1',
      name: options.name ?? 'X32-SIM-01',
      model: options.model ?? 'X32',
      version: options.version ?? '4.06',
      serverVersion: options.serverVersion ?? 'V2.07',
      serverName: options.serverName ?? 'osc-server',
      xremoteMs: options.xremoteMs ?? 10_000,
      echoToSender: options.echoToSender ?? true,
      faderSteps: options.faderSteps ?? 1024,
      initialOn: options.initialOn ?? true,
      initialFader: options.initialFader ?? 0,
      names: options.names ?? {},
    };
    this.#port = this.#options.port;
    this.#reset();
  }

  /** The bound UDP port (after start()). */
  get port(): number {
    return this.#port;
  }

  get running(): boolean {
    return this.#socket !== undefined;
  }

  /** Datagrams the simulator sent (replies, pushes, garbage). */
  get sentCount(): number {
    return this.#sent;
  }

  /** Clients whose /xremote subscription has not run out. */
  get subscriberCount(): number {
    this.#expire();
    return this.#subscribers.size;
  }

  /** Power on: bind 127.0.0.1 (the same port again after stop()). */
  async start(): Promise<void> {
    if (this.#socket) return;
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.#port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.#port = socket.address().port;
    socket.on('message', (buf, rinfo) => this.#receive(buf, rinfo));
    socket.on('error', () => {}); // a client gone away (ICMP) must not crash a test
    this.#socket = socket;
  }

  /** Power off: the socket closes (the port gets "unreachable"), subscriptions are forgotten. */
  async stop(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#subscribers.clear();
    this.#clients.clear();
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /**
   * Back on, same port. The X32 keeps its state over a power cycle (our reading: it restores the last
   * state); `reset: true` starts from the power-on defaults instead, like a scene recalled meanwhile.
   */
  async restart(options: { reset?: boolean } = {}): Promise<void> {
    await this.stop();
    if (options.reset) this.#reset();
    await this.start();
  }

  // ---- state and desk hooks ----

  /** A strip's state, e.g. `strip(5)` or `strip('auxin/02')`. */
  strip(strip: number | string): SimStrip {
    return { ...this.#strips.get(keyOf(strip))! };
  }

  /** The sound engineer presses a mute (ON) button on the desk: pushed to every subscriber. */
  setChannelOn(strip: number | string, on: boolean): void {
    const key = keyOf(strip);
    this.#strips.get(key)!.on = on;
    this.#push(`/${key}/mix/on`, ['i', on ? 1 : 0]);
  }

  /** The engineer moves a fader on the desk (rounded to the mixer's steps), pushed to every subscriber. */
  setFader(strip: number | string, level: number): void {
    const key = keyOf(strip);
    const s = this.#strips.get(key)!;
    s.fader = this.#quantize(level);
    this.#push(`/${key}/mix/fader`, ['f', s.fader]);
  }

  setName(strip: number | string, name: string): void {
    const key = keyOf(strip);
    this.#strips.get(key)!.name = name;
    this.#push(`/${key}/config/name`, ['s', name]);
  }

  // ---- faults ----

  /** A mixer whose transmit side is dead: it still applies sets but never sends a byte. */
  setSilent(silent: boolean): void {
    this.#silent = silent;
  }

  /** Delay for every datagram sent from now on (one delay for all keeps their order). */
  setDelay(ms: number): void {
    this.#delay = ms;
  }

  /** The next `count` datagrams received are lost (UDP drops them; the mixer never sees them). */
  dropIncoming(count: number): void {
    this.#dropIncoming = count;
  }

  /** Sends raw bytes to every client seen since the last start, in order with the replies. */
  garble(bytes: Buffer = Buffer.from([0x2f, 0x63, 0x68, 0x2f, 0xff, 0x00, 0x01])): void {
    for (const c of this.#clients.values()) this.#send(bytes, c);
  }

  /** Sends an arbitrary datagram (e.g. a hand-built bundle) to every client seen since the last start. */
  sendRaw(bytes: Buffer): void {
    for (const c of this.#clients.values()) this.#send(bytes, c);
  }

  // ---- the protocol ----

  #receive(buf: Buffer, rinfo: RemoteInfo): void {
    const from = { address: rinfo.address, port: rinfo.port };
    const msg = parseMessage(buf);
    if (!msg) {
      this.emit('garbage', buf);
      return;
    }
    this.emit('message', { ...msg, from, at: Date.now() });
    if (this.#dropIncoming > 0) {
      this.#dropIncoming--;
      return;
    }
    this.#clients.set(`${from.address}:${from.port}`, from);
    const o = this.#options;
    switch (msg.address) {
      // Maillot: /info and /xinfo answer with names and versions, /status with the state.
      case '/xinfo':
        this.#send(
          buildOscMessage('/xinfo', ['s', o.ip], ['s', o.name], ['s', o.model], ['s', o.version]),
          from,
        );
        return;
      case '/info':
        this.#send(
          buildOscMessage(
            '/info',
            ['s', o.serverVersion],
            ['s', o.serverName],
            ['s', o.model],
            ['s', o.version],
          ),
          from,
        );
        return;
      case '/status':
        this.#send(buildOscMessage('/status', ['s', 'active'], ['s', o.ip], ['s', o.name]), from);
        return;
      case '/xremote':
        // Maillot: changes are sent to the client for the next 10 s; no reply.
        this.#subscribers.set(`${from.address}:${from.port}`, { ...from, expires: Date.now() + o.xremoteMs });
        return;
    }
    const m = STRIP.exec(msg.address);
    if (!m) return; // an unknown address: the X32 ignores it (X AIR doc: "if it exists")
    const key = `${m[1]}/${m[2]}`;
    const strip = this.#strips.get(key);
    if (!strip) return; // /ch/33/…: does not exist
    const param = m[3]!;
    const value = msg.args[0];
    if (msg.args.length === 0) {
      // A query (Maillot): the address alone → the address with the current value, to the asker.
      this.#send(this.#valueMessage(key, param, strip), from);
      return;
    }
    // A set, applied "if it exists and value is in range" (X AIR doc), otherwise ignored. No
    // acknowledgement; subscribers hear the new value (Behringer wiki).
    if (param === 'mix/on') {
      if (msg.tags !== 'i' || (value !== 0 && value !== 1)) return;
      strip.on = value === 1;
    } else if (param === 'mix/fader') {
      if (msg.tags !== 'f' || typeof value !== 'number' || !(value >= 0 && value <= 1)) return;
      strip.fader = this.#quantize(value);
    } else {
      if (msg.tags !== 's' || typeof value !== 'string') return;
      strip.name = value.slice(0, 12); // Maillot: names are up to 12 characters
    }
    const update = this.#valueMessage(key, param, strip);
    this.#expire();
    for (const [id, s] of this.#subscribers) {
      if (!o.echoToSender && id === `${from.address}:${from.port}`) continue;
      this.#send(update, s);
    }
  }

  #valueMessage(key: string, param: string, s: SimStrip): Buffer {
    const address = `/${key}/${param}`;
    if (param === 'mix/on') return buildOscMessage(address, ['i', s.on ? 1 : 0]);
    if (param === 'mix/fader') return buildOscMessage(address, ['f', s.fader]);
    return buildOscMessage(address, ['s', s.name]);
  }

  #push(address: string, arg: ['i', number] | ['f', number] | ['s', string]): void {
    this.#expire();
    const bytes = buildOscMessage(address, arg);
    for (const s of this.#subscribers.values()) this.#send(bytes, s);
  }

  #send(bytes: Buffer, to: { address: string; port: number }): void {
    if (this.#silent) return;
    const socket = this.#socket;
    if (!socket) return;
    const go = () => {
      // A datagram delayed past stop() dies with the mixer.
      if (this.#socket !== socket) return;
      this.#sent++;
      socket.send(bytes, to.port, to.address);
    };
    if (this.#delay > 0) setTimeout(go, this.#delay);
    else go();
  }

  #expire(): void {
    const now = Date.now();
    for (const [id, s] of this.#subscribers) if (s.expires <= now) this.#subscribers.delete(id);
  }

  #quantize(level: number): number {
    const steps = this.#options.faderSteps - 1;
    return Math.round(Math.min(1, Math.max(0, level)) * steps) / steps;
  }

  #reset(): void {
    this.#strips.clear();
    for (const kind of Object.keys(COUNTS) as Kind[]) {
      for (let n = 1; n <= COUNTS[kind]; n++) {
        const key = `${kind}/${String(n).padStart(2, '0')}`;
        this.#strips.set(key, {
          on: this.#options.initialOn,
          fader: this.#quantize(this.#options.initialFader),
          name: this.#options.names[key] ?? '',
        });
      }
    }
  }
}
