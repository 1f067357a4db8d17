// A simulated VISCA PTZ camera, for tests and `npm run sim`: VISCA over IP on a UDP socket bound to
// 127.0.0.1 (`listenUdp`), and classic VISCA over any Duplex (`attach`: a pty end for RS-232, a TCP
// socket) or an in-process `sim://` device end (`attachTransport`).
//
// ARCHITECTURE.md: "A simulator builds its replies from the vendor's documented bytes, not from our
// codec, so a codec bug cannot hide itself." So this file imports nothing from codec.ts or framer.ts:
// it parses requests and writes replies byte by byte from the documented layouts:
// - fact sheet: shared/protocols/conference-systems.md, "Others, for later drivers" (VISCA);
// - Sony BRC-H900 / BRC-Z330 command lists ("VISCA Command/ACK Protocol": ACK `z0 4y FF`, completion
//   `z0 5y FF`, errors `z0 6y ee FF`, inquiries answered without ACK, Address Set, IF_Clear, Command
//   Cancel, two sockets);
// - Sony SRG-300H / BRC-X400 command lists ("VISCA over IP": the 8-byte header, RESET, ERROR `0F yy`,
//   "Delivery confirmation": a message re-sent with the same sequence number is answered with ERROR
//   "abnormality in the sequence number" and not executed again).
// Where those are silent the behaviour is ours, marked "(our choice)".
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { type SimulatorServer, serveSimulatorTcp } from '../../runtime/simulator-server.ts';

export interface ViscaSimulatorOptions {
  /**
   * The camera's address on a serial chain, 1..7; null: none until an Address Set (Sony: "Before
   * starting control ... be sure to send the Address command"). Default 1. Over IP it is always 1.
   */
  address?: number | null;
  /** Time a preset recall takes before its completion is sent. Default 50 ms. */
  moveMs?: number;
  /** Preset memories 0..presets-1; a higher number is a syntax error. Default 128. */
  presets?: number;
  power?: 'on' | 'standby';
  /**
   * Apply Sony's sequence-number rule over IP: a message with the number of the last one (a
   * retransmission) or an older one is answered `0F 01` and not executed. Many clones accept any
   * number (Aurora Multimedia's note on VISCA sequence ids): false does that. Default true.
   */
  sequenceCheck?: boolean;
}

export interface ViscaSimCommand {
  via: 'udp' | 'stream';
  /** The VISCA packet (header to FF) or, for a control message, the payload. */
  hex: string;
  name:
    | 'preset_recall'
    | 'preset_store'
    | 'preset_reset'
    | 'power_inquiry'
    | 'power'
    | 'if_clear'
    | 'cancel'
    | 'address_set'
    | 'if_clear_broadcast'
    | 'reset'
    | 'other';
  preset?: number;
  /** VISCA over IP only. */
  sequence?: number;
  /** VISCA over IP only: answered `0F 01` and not executed. */
  duplicate?: boolean;
}

export interface ViscaSimState {
  running: boolean;
  power: 'on' | 'standby';
  /** The preset the camera last arrived at; null after power-up (position unknown). */
  preset: number | null;
  /** Presets being moved to, oldest first. */
  moving: number[];
  address: number | null;
  /** Last accepted VISCA-over-IP sequence number; null after RESET or power-up. */
  lastSequence: number | null;
  stored: number[];
  recalls: number;
}

interface Sink {
  write(bytes: Buffer): void;
}

/** A socket of the camera (Sony: two) and the move it is executing. */
interface Job {
  socket: number;
  preset: number;
  timer: NodeJS.Timeout;
  sink: Sink;
  wrap: Wrap;
}

/** Turns a VISCA reply packet into what goes on the wire (over IP: a `01 11` datagram). */
type Wrap = (packet: number[]) => Buffer;

const SEQ_HALF = 2 ** 31;
const SEQ_SPAN = 2 ** 32;
const MAX_PACKET = 16;

function hexOf(bytes: Iterable<number>): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Sony VISCA over IP header: type (2), payload length (2), sequence number (4), big-endian. */
function datagram(type: number, sequence: number, payload: number[]): Buffer {
  const out = Buffer.alloc(8 + payload.length);
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(payload.length, 2);
  out.writeUInt32BE(sequence >>> 0, 4);
  Buffer.from(payload).copy(out, 8);
  return out;
}

export class ViscaSimulator extends EventEmitter<{ command: [ViscaSimCommand] }> {
  readonly #initialAddress: number | null;
  readonly #moveMs: number;
  readonly #presets: number;
  readonly #sequenceCheck: boolean;
  #initialPower: 'on' | 'standby';
  #power: 'on' | 'standby';
  #address: number | null;
  #preset: number | null = null;
  #jobs = new Map<number, Job>();
  #lastSequence: number | null = null;
  #stored = new Set<number>();
  #recalls = 0;
  #running = true;
  #silent = false;
  #delay = 0;
  #dropCompletions = 0;
  #failures: number[] = [];
  #timers = new Set<NodeJS.Timeout>();
  #streams = new Set<Sink>();
  #udp: Socket | undefined;
  #udpPort: number | undefined;
  #udpHost = '127.0.0.1';
  /** The last VISCA-over-IP sender: where `garble` sends its datagram. */
  #peer: RemoteInfo | undefined;

  constructor(options: ViscaSimulatorOptions = {}) {
    super();
    this.#initialAddress = options.address === undefined ? 1 : options.address;
    this.#address = this.#initialAddress;
    this.#moveMs = options.moveMs ?? 50;
    this.#presets = options.presets ?? 128;
    this.#sequenceCheck = options.sequenceCheck ?? true;
    this.#initialPower = options.power ?? 'on';
    this.#power = this.#initialPower;
  }

  get state(): ViscaSimState {
    return {
      running: this.#running,
      power: this.#power,
      preset: this.#preset,
      moving: [...this.#jobs.values()].map((j) => j.preset),
      address: this.#address,
      lastSequence: this.#lastSequence,
      stored: [...this.#stored].sort((a, b) => a - b),
      recalls: this.#recalls,
    };
  }

  /** The UDP port while listening (also while stopped: restart binds it again). */
  get udpPort(): number | undefined {
    return this.#udpPort;
  }

  // ---- wires ----

  /** VISCA over IP on UDP (a real camera listens on 52381; tests use an ephemeral port on 127.0.0.1). */
  async listenUdp(options: { port?: number; host?: string } = {}): Promise<number> {
    this.#udpHost = options.host ?? '127.0.0.1';
    await this.#bind(options.port ?? 0);
    return this.#udpPort!;
  }

  /** Classic VISCA over a byte stream: a pty end (RS-232), a TCP socket. */
  attach(stream: Duplex): void {
    const sink: Sink = {
      write: (bytes) => {
        if (!stream.destroyed && stream.writable) stream.write(bytes);
      },
    };
    this.#streams.add(sink);
    const input = this.#streamReader(sink);
    stream.on('data', input);
    const gone = () => this.#streams.delete(sink);
    stream.on('close', gone);
    stream.on('error', gone);
  }

  /** The device end of a `sim://name` transport (simDevice(name)), which is not a Duplex. */
  attachTransport(transport: {
    on(event: 'data', listener: (chunk: Buffer) => void): unknown;
    on(event: 'close', listener: () => void): unknown;
    write(bytes: Buffer): boolean;
  }): void {
    const sink: Sink = { write: (bytes) => void transport.write(bytes) };
    this.#streams.add(sink);
    transport.on('data', this.#streamReader(sink));
    transport.on('close', () => this.#streams.delete(sink));
  }

  // ---- fault hooks ----

  /** Reply delay for everything written from now on (same delay → order kept). */
  setDelay(ms: number): void {
    this.#delay = ms;
  }

  /** A camera whose transmit side is dead: it still acts on commands but never answers. */
  setSilent(silent: boolean): void {
    this.#silent = silent;
  }

  /** The next `count` commands get their ACK but their completion is lost (the camera still moves). */
  dropCompletions(count = 1): void {
    this.#dropCompletions = count;
  }

  /**
   * The next `count` commands (not inquiries) are answered with error `code` and not executed:
   * 0x02 syntax / 0x03 buffer full as `z0 60 ee FF`; 0x41 not executable and 0x05 no socket as
   * `z0 61 ee FF`; 0x04 cancelled after an ACK (Sony's error table).
   */
  failNext(code: number, count = 1): void {
    this.#failures = Array.from({ length: count }, () => code);
  }

  /** The camera's power state as a remote (or its own menu) would set it. */
  setPower(power: 'on' | 'standby'): void {
    this.#power = power;
  }

  /** Raw bytes: to every stream in order with the replies, and as one datagram to the last IP sender. */
  garble(bytes: Buffer): void {
    for (const sink of this.#streams) this.#out(sink, Buffer.from(bytes), true);
    const peer = this.#peer;
    const udp = this.#udp;
    if (peer && udp)
      this.#out({ write: (b) => udp.send(b, peer.port, peer.address) }, Buffer.from(bytes), true);
  }

  /**
   * Power cut: the UDP socket closes (the port answers ICMP unreachable), streams get no answer,
   * moves and queued replies are lost, the sequence number and serial address are forgotten, and the
   * position is unknown after power-up (our choice: a real head re-initialises its pan/tilt).
   */
  async stop(): Promise<void> {
    this.#running = false;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const job of this.#jobs.values()) clearTimeout(job.timer);
    this.#jobs.clear();
    this.#lastSequence = null;
    this.#address = this.#initialAddress;
    this.#preset = null;
    this.#power = this.#initialPower;
    await this.#unbind();
  }

  /** Power back on: answers again; over IP on the same port. */
  async restart(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    if (this.#udpPort !== undefined) await this.#bind(this.#udpPort);
  }

  /** Ends everything for good (tests' cleanup). */
  async close(): Promise<void> {
    await this.stop();
    this.#udpPort = undefined;
    this.#streams.clear();
  }

  // ---- VISCA over IP ----

  async #bind(port: number): Promise<void> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, this.#udpHost, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => {});
    socket.on('message', (msg, rinfo) => this.#onDatagram(msg, rinfo));
    this.#udp = socket;
    this.#udpPort = socket.address().port;
  }

  async #unbind(): Promise<void> {
    const socket = this.#udp;
    this.#udp = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  #onDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    if (!this.#running) return;
    const udp = this.#udp;
    if (!udp) return;
    this.#peer = rinfo;
    // The camera answers the sender, from its own port (the fact sheet: "the camera answers to the sender").
    const sink: Sink = { write: (b) => udp.send(b, rinfo.port, rinfo.address) };
    // Shorter than the header: there is no sequence number to answer with (our choice: silence).
    if (msg.length < 8) return;
    const type = msg.readUInt16BE(0);
    const length = msg.readUInt16BE(2);
    const sequence = msg.readUInt32BE(4);
    const payload = [...msg.subarray(8)];
    // Sony: ERROR 0F 02 "Abnormality in the message (message type)". Our reading: also for a length
    // field that does not match the datagram, or is outside 1..16.
    const messageError = () => this.#out(sink, datagram(0x0200, sequence, [0x0f, 0x02]));
    if (length !== payload.length || length < 1 || length > 16) {
      messageError();
      return;
    }

    if (type === 0x0200) {
      // Control command. RESET `01`: "Resets the sequence number to 0. The value that was set as the
      // sequence number is ignored." Our reading: the next message is then accepted whatever its number.
      if (length === 1 && payload[0] === 0x01) {
        this.emit('command', { via: 'udp', hex: hexOf(payload), name: 'reset', sequence });
        this.#lastSequence = null;
        this.#out(sink, datagram(0x0201, sequence, [0x01]));
        return;
      }
      messageError();
      return;
    }
    if (type !== 0x0100 && type !== 0x0110) {
      messageError();
      return;
    }

    const duplicate = this.#sequenceCheck && !this.#isNewer(sequence);
    const name = this.#nameOf(payload);
    this.emit('command', {
      via: 'udp',
      hex: hexOf(payload),
      ...name,
      sequence,
      ...(duplicate ? { duplicate: true } : {}),
    });
    // Sony "Delivery confirmation": a re-sent (or stale) number gets ERROR "abnormality in the
    // sequence number", carrying the number it came with, and the message is not executed again.
    if (duplicate) {
      this.#out(sink, datagram(0x0200, sequence, [0x0f, 0x01]));
      return;
    }
    this.#lastSequence = sequence;
    // Replies are VISCA reply datagrams (`01 11`) carrying the request's sequence number (Sony).
    const wrap: Wrap = (packet) => datagram(0x0111, sequence, packet);
    // Over IP the address is fixed at 1: `81`, replies `90` (Sony: "y = 9 (fixed) for VISCA over IP").
    if (payload[0] !== 0x81 || payload.at(-1) !== 0xff || payload.length < 3) {
      this.#out(sink, wrap([0x90, 0x60, 0x02, 0xff]));
      return;
    }
    this.#execute(payload.slice(1, -1), 1, sink, wrap);
  }

  /** Serial-number arithmetic: newer if ahead by less than half the 32-bit space (so 0 follows FFFFFFFF). */
  #isNewer(sequence: number): boolean {
    const last = this.#lastSequence;
    if (last === null) return true;
    const ahead = (sequence - last + SEQ_SPAN) % SEQ_SPAN;
    return ahead > 0 && ahead < SEQ_HALF;
  }

  // ---- classic VISCA over a stream ----

  /** Bytes → packets ending in FF; over 16 bytes is dropped to the next FF; noise between packets skipped. */
  #streamReader(sink: Sink): (chunk: Buffer) => void {
    let packet: number[] = [];
    let skipping = false;
    return (chunk) => {
      for (const b of chunk) {
        if (skipping) {
          if (b === 0xff) skipping = false;
          continue;
        }
        if (packet.length === 0 && (b < 0x80 || b === 0xff)) continue;
        packet.push(b);
        if (b === 0xff) {
          const p = packet;
          packet = [];
          if (this.#running) this.#onPacket(p, sink);
        } else if (packet.length >= MAX_PACKET) {
          packet = [];
          skipping = true;
        }
      }
    };
  }

  #onPacket(packet: number[], sink: Sink): void {
    const wrap: Wrap = (p) => Buffer.from(p);
    const header = packet[0]!;
    if (header === 0x88) {
      // Broadcasts go round the chain; this camera is the only (so last) one, and passes them back.
      if (packet.length === 4 && packet[1] === 0x30 && packet[2]! >= 1 && packet[2]! <= 7) {
        // Address Set: take the number, pass on number + 1 (Sony: "The device address number plus 1 is returned").
        this.emit('command', { via: 'stream', hex: hexOf(packet), name: 'address_set' });
        this.#address = packet[2]!;
        this.#out(sink, Buffer.from([0x88, 0x30, packet[2]! + 1, 0xff]));
        return;
      }
      if (packet.length === 5 && packet[1] === 0x01 && packet[2] === 0x00 && packet[3] === 0x01) {
        // IF_Clear (broadcast): "The same command is returned."
        this.emit('command', { via: 'stream', hex: hexOf(packet), name: 'if_clear_broadcast' });
        this.#clearJobs();
        this.#out(sink, Buffer.from(packet));
        return;
      }
      this.#out(sink, Buffer.from(packet));
      return;
    }
    const toCamera = (header & 0xf0) === 0x80 && (header & 0x0f) >= 1 && (header & 0x0f) <= 7;
    if (!toCamera || (header & 0x0f) !== this.#address) {
      // Not for this camera (or no address yet): a chain passes it on, back to the controller (our choice).
      this.#out(sink, Buffer.from(packet));
      return;
    }
    this.emit('command', { via: 'stream', hex: hexOf(packet), ...this.#nameOf(packet) });
    this.#execute(packet.slice(1, -1), this.#address!, sink, wrap);
  }

  // ---- the camera ----

  #nameOf(packet: number[]): Pick<ViscaSimCommand, 'name' | 'preset'> {
    const m = packet.slice(1, -1);
    const is = (...bytes: number[]) => m.length === bytes.length && bytes.every((b, i) => m[i] === b);
    if (m.length === 5 && m[0] === 0x01 && m[1] === 0x04 && m[2] === 0x3f) {
      const kind = m[3] === 0x02 ? 'preset_recall' : m[3] === 0x01 ? 'preset_store' : 'preset_reset';
      return m[3]! <= 0x02 ? { name: kind, preset: m[4]! } : { name: 'other' };
    }
    if (is(0x09, 0x04, 0x00)) return { name: 'power_inquiry' };
    if (m.length === 4 && m[0] === 0x01 && m[1] === 0x04 && m[2] === 0x00) return { name: 'power' };
    if (is(0x01, 0x00, 0x01)) return { name: 'if_clear' };
    if (m.length === 1 && (m[0]! & 0xf0) === 0x20) return { name: 'cancel' };
    return { name: 'other' };
  }

  /** One addressed message (`m`: between header and FF). Replies come from header `(address + 8) 0`. */
  #execute(m: number[], address: number, sink: Sink, wrap: Wrap): void {
    const z = 0x80 | (address << 4);
    const send = (...bytes: number[]) => this.#out(sink, wrap([z, ...bytes, 0xff]));
    const is = (...bytes: number[]) => m.length === bytes.length && bytes.every((b, i) => m[i] === b);
    const command = m[0] === 0x01;

    // Inquiries: answered at once, no ACK (Sony: "Inquiry Command ... Does not return ACK").
    if (is(0x09, 0x04, 0x00)) {
      send(0x50, this.#power === 'on' ? 0x02 : 0x03);
      return;
    }
    // IF_Clear for x: `z0 50 FF`, "ACK is not returned for this command".
    if (is(0x01, 0x00, 0x01)) {
      this.#clearJobs();
      send(0x50);
      return;
    }
    // Command Cancel `8x 2p FF`: `z0 6p 04 FF` when socket p was busy, else `z0 6p 05 FF` (no socket).
    if (m.length === 1 && (m[0]! & 0xf0) === 0x20) {
      const socket = m[0]! & 0x0f;
      const job = this.#jobs.get(socket);
      if (!job) {
        send(0x60 | socket, 0x05);
        return;
      }
      clearTimeout(job.timer);
      this.#jobs.delete(socket);
      send(0x60 | socket, 0x04);
      return;
    }
    const power = m.length === 4 && m[0] === 0x01 && m[1] === 0x04 && m[2] === 0x00;
    if (command && this.#failures.length > 0) {
      const code = this.#failures.shift()!;
      if (code === 0x04) {
        send(0x41);
        send(0x61, 0x04);
        return;
      }
      send(code === 0x41 || code === 0x05 ? 0x61 : 0x60, code);
      return;
    }
    // In standby only power and interface commands run (Sony: "Command Not Executable ... in the
    // current mode", `90 61 41 FF`).
    if (command && !power && this.#power === 'standby') {
      send(0x61, 0x41);
      return;
    }

    if (power && (m[3] === 0x02 || m[3] === 0x03)) {
      const on = m[3] === 0x02;
      this.#job(sink, wrap, z, null, () => {
        this.#power = on ? 'on' : 'standby';
      });
      return;
    }
    if (m.length === 5 && m[0] === 0x01 && m[1] === 0x04 && m[2] === 0x3f && m[3]! <= 0x02) {
      const preset = m[4]!;
      // A number the camera has no memory for is "a command with illegal command parameters" (syntax).
      if (preset >= this.#presets) {
        send(0x60, 0x02);
        return;
      }
      if (m[3] === 0x02) {
        this.#recalls++;
        this.#job(sink, wrap, z, preset, () => {
          this.#preset = preset;
        });
        return;
      }
      this.#job(sink, wrap, z, null, () => {
        if (m[3] === 0x01) this.#stored.add(preset);
        else this.#stored.delete(preset);
      });
      return;
    }
    // Anything else: "Accepted a command which is not supported" → syntax error.
    send(0x60, 0x02);
  }

  /**
   * A command that takes a socket: ACK `z0 4y FF` now, completion `z0 5y FF` when done (a recall
   * after `moveMs`; others at once). Both sockets busy: `z0 60 03 FF` (Sony: "Could not accept the
   * command as there are two commands currently being executed").
   */
  #job(sink: Sink, wrap: Wrap, z: number, preset: number | null, done: () => void): void {
    const socket = [1, 2].find((s) => !this.#jobs.has(s));
    if (socket === undefined) {
      this.#out(sink, wrap([z, 0x60, 0x03, 0xff]));
      return;
    }
    this.#out(sink, wrap([z, 0x40 | socket, 0xff]));
    const drop = this.#dropCompletions > 0;
    if (drop) this.#dropCompletions--;
    const finish = () => {
      this.#jobs.delete(socket);
      done();
      if (!drop) this.#out(sink, wrap([z, 0x50 | socket, 0xff]));
    };
    if (preset === null) {
      // Immediate, but after the ACK has gone out.
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        finish();
      }, 0);
      this.#timers.add(timer);
      return;
    }
    const timer = setTimeout(finish, this.#moveMs);
    this.#jobs.set(socket, { socket, preset, timer, sink, wrap });
  }

  #clearJobs(): void {
    for (const job of this.#jobs.values()) clearTimeout(job.timer);
    this.#jobs.clear();
  }

  #out(sink: Sink, bytes: Buffer, raw = false): void {
    if (!this.#running || (this.#silent && !raw)) return;
    if (this.#delay <= 0) {
      sink.write(bytes);
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#running) sink.write(bytes);
    }, this.#delay);
    this.#timers.add(timer);
  }
}

export type ViscaSimulatorTcp = SimulatorServer<ViscaSimulator>;

/**
 * Raw VISCA over TCP on loopback, as some cameras offer it (PTZOptics documents TCP port 5678; tests
 * use an ephemeral port).
 */
export function startViscaSimulatorTcp(
  options: ViscaSimulatorOptions & { port?: number; host?: string } = {},
): Promise<ViscaSimulatorTcp> {
  const sim = new ViscaSimulator(options);
  return serveSimulatorTcp(sim, options, () => sim.close());
}
