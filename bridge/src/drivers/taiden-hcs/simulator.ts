// A simulated Taiden HCS central unit speaking the central-control protocol over any Node Duplex
// stream: a loopback TCP socket (startTaidenSimulatorTcp, as a serial-to-Ethernet converter would
// be) or a pty end (a SerialPort opened on the far side of a socat pair). Behaviour is written from
// shared/protocols/conference-systems.md, section "Taiden HCS central-control protocol" (the "fact
// sheet" below).
//
// ARCHITECTURE.md: "A simulator builds its replies from the vendor's documented bytes, not from our
// codec, so a codec bug cannot hide itself." So this file reads and writes the fact sheet's byte
// layouts literally and imports nothing from codec.ts or framer.ts.
//
// Where the fact sheet is silent the choice is ours, marked "(our choice)", and an option where a
// real unit might plausibly differ. The protocol has no acknowledgement: the unit never answers a
// command as such; only the mic-state stream, vote results and camera calls go back to the host.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { type SimulatorServer, serveSimulatorTcp } from '../../runtime/simulator-server.ts';

export type SimAllOffCode = 'E3 ED 00' | 'E6 ED' | 'E6 ED 00 00';
export type SimVoteChoice = 'yes' | 'no' | 'abstain';

export interface TaidenSimulatorOptions {
  /** Seat unit ids 1..n (default 8), or an explicit list of ids. */
  seats?: number | number[];
  /** Chair units: exempt from maxOpen, and the camera's choice when several mics are open. */
  chairSeats?: number[];
  /** The HCS's own limit on open delegate mics, applied to button presses. Default 4. */
  maxOpen?: number;
  /**
   * Whether a host `mic on` also respects maxOpen. The fact sheet does not say (our choice: false,
   * the host is the operator and the HCS obeys it).
   */
  hostObeysMaxOpen?: boolean;
  /**
   * How this unit writes `E6 <state> <count> id1 .. id6` (the fact sheet is ambiguous): `fixed`
   * writes `slots` ids (unused ones 00), `count` writes exactly `count` ids. Default fixed, 6, 16 bit.
   */
  micStream?: { layout?: 'fixed' | 'count'; slots?: number; idBytes?: 1 | 2 };
  /** The all-mics-off form this model understands (fact sheet: a per-model setting). Default `E3 ED 00`. */
  allOffCode?: SimAllOffCode;
  /** A model without the stream: `E3 04 00` does nothing. Default true. */
  streamSupported?: boolean;
  /** Send the whole state at once when the stream starts (our choice: true). */
  snapshotOnStart?: boolean;
  /** Send a result frame after every ballot while a vote runs (our choice: true); the final one always. */
  interimResults?: boolean;
}

export interface TaidenSimulatorState {
  /** Open mics in the order they opened. */
  on: number[];
  offline: number[];
  streaming: boolean;
  tracking: boolean;
  /** The last preset the camera output called (0 = panorama), null before any. */
  camera: number | null;
  videoInput: number | null;
  voting: { votes: Record<number, SimVoteChoice> } | null;
}

/**
 * Operation nibble the simulator writes in the stream's state byte. The fact sheet gives the state
 * byte's shape, not the values (our choice): 0 = the whole state (stream start), 1 = a mic opened,
 * 2 = a mic closed, 3 = all mics off.
 */
export const SIM_OPERATION = { snapshot: 0, opened: 1, closed: 2, allOff: 3 } as const;

/** Host bytes kept while waiting for the rest of a command; more is a garbage flood and is dropped. */
const MAX_INPUT = 64;

export class TaidenSimulator extends EventEmitter<{ command: [name: string, hex: string]; connection: [] }> {
  #seats = new Set<number>();
  #chairs: Set<number>;
  #offline = new Set<number>();
  #on = new Set<number>();
  #maxOpen: number;
  #hostObeysMaxOpen: boolean;
  #layout: 'fixed' | 'count';
  #slots: number;
  #idBytes: 1 | 2;
  #allOff: SimAllOffCode;
  #streamSupported: boolean;
  #snapshotOnStart: boolean;
  #interim: boolean;
  #streaming = false;
  #tracking = false;
  #camera: number | null = null;
  #videoInput: number | null = null;
  #voting: Map<number, SimVoteChoice> | null = null;
  #clients = new Set<Duplex>();
  #delay = 0;
  #silent = false;

  constructor(options: TaidenSimulatorOptions = {}) {
    super();
    const seats = options.seats ?? 8;
    for (const s of typeof seats === 'number' ? Array.from({ length: seats }, (_, i) => i + 1) : seats) {
      this.#seats.add(s);
    }
    this.#chairs = new Set(options.chairSeats ?? []);
    this.#maxOpen = options.maxOpen ?? 4;
    this.#hostObeysMaxOpen = options.hostObeysMaxOpen ?? false;
    this.#layout = options.micStream?.layout ?? 'fixed';
    this.#slots = options.micStream?.slots ?? 6; // fact sheet: "id1 .. id6"
    this.#idBytes = options.micStream?.idBytes ?? 2; // fact sheet: ids are 16 bit elsewhere
    this.#allOff = options.allOffCode ?? 'E3 ED 00';
    this.#streamSupported = options.streamSupported ?? true;
    this.#snapshotOnStart = options.snapshotOnStart ?? true;
    this.#interim = options.interimResults ?? true;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  get state(): TaidenSimulatorState {
    return {
      on: [...this.#on],
      offline: [...this.#offline],
      streaming: this.#streaming,
      tracking: this.#tracking,
      camera: this.#camera,
      videoInput: this.#videoInput,
      voting: this.#voting ? { votes: Object.fromEntries(this.#voting) } : null,
    };
  }

  /** Serve a connection: a TCP socket, or a SerialPort on the far end of a pty pair. */
  attach(stream: Duplex): void {
    this.#clients.add(stream);
    let pending: Buffer = Buffer.alloc(0);
    stream.on('data', (chunk: Buffer) => {
      pending = this.#parse(Buffer.concat([pending, chunk]));
      if (pending.length > MAX_INPUT) pending = Buffer.alloc(0);
    });
    const gone = () => this.#clients.delete(stream);
    stream.on('close', gone);
    stream.on('error', gone);
    this.emit('connection');
  }

  /**
   * A unit that lost its host (its RS-232 peer went away) keeps its state: mics, stream, vote. Only
   * the wire is gone. Called when a pty end is closed under the simulator, so a re-attach starts
   * from the same unit.
   */
  detach(stream: Duplex): void {
    this.#clients.delete(stream);
  }

  // ---- fault and event hooks for tests ----

  /** Delay for everything written from now on (the same delay keeps the order). */
  setDelay(ms: number): void {
    this.#delay = ms;
  }

  /** A unit whose transmit side is dead: it still acts on commands but never writes a byte. */
  setSilent(silent: boolean): void {
    this.#silent = silent;
  }

  /** Cut every connection, as a pulled cable or a rebooting converter would. The unit's state stays. */
  dropConnection(): void {
    for (const c of this.#clients) c.destroy();
    this.#clients.clear();
  }

  /** Write raw bytes (line noise) to every connection, in order with the frames; even when silent. */
  garble(bytes: Uint8Array): void {
    for (const c of this.#clients) this.#write(c, Buffer.from(bytes), true);
  }

  /**
   * A delegate presses the mic button on a seat unit: the HCS toggles the mic itself, within its own
   * limit of open delegate mics (chairs exempt). At the limit the press does nothing (our choice: no
   * override of the longest speaker). Returns whether the mic changed.
   */
  pressButton(seat: number): boolean {
    if (!this.#seats.has(seat) || this.#offline.has(seat)) return false;
    if (this.#on.has(seat)) {
      this.#on.delete(seat);
      this.#changed(SIM_OPERATION.closed);
      return true;
    }
    if (!this.#hasRoom(seat)) return false;
    this.#on.add(seat);
    this.#changed(SIM_OPERATION.opened);
    return true;
  }

  /**
   * A seat unit unplugged from the chain (or back). The fact sheet documents no seat-state frame, so
   * the host only sees its mic close. An offline unit ignores commands and its ballot is dropped.
   */
  setSeatOnline(seat: number, online: boolean): void {
    if (!this.#seats.has(seat)) return;
    if (online) {
      this.#offline.delete(seat);
      return;
    }
    this.#offline.add(seat);
    this.#voting?.delete(seat);
    if (this.#on.delete(seat)) this.#changed(SIM_OPERATION.closed);
  }

  /** A delegate votes on the seat unit's keypad; a later vote replaces an earlier one. */
  castVote(seat: number, choice: SimVoteChoice): boolean {
    if (!this.#voting || !this.#seats.has(seat) || this.#offline.has(seat)) return false;
    this.#voting.set(seat, choice);
    if (this.#interim) this.#broadcast(this.#voteFrame());
    return true;
  }

  // ---- host → unit ----

  /** Act on every whole command at the front of `buf`; returns what is left (an unfinished command). */
  #parse(buf: Buffer): Buffer {
    let i = 0;
    while (i < buf.length) {
      const used = this.#command(buf, i);
      if (used === 0) break; // wait for more bytes
      i += used;
    }
    return buf.subarray(i);
  }

  /** Bytes used by the command at `i` (0: incomplete). Unknown bytes are skipped one at a time. */
  #command(buf: Buffer, i: number): number {
    const left = buf.length - i;
    const b0 = buf[i]!;
    const skip = () => {
      this.emit('command', 'unknown', hex(buf.subarray(i, i + 1)));
      return 1;
    };
    if (b0 === 0xe6) {
      if (left < 2) return 0;
      const op = buf[i + 1]!;
      if (op === 0xed && this.#allOff === 'E6 ED') return this.#do('all_off', buf, i, 2);
      if (op === 0xed && this.#allOff === 'E6 ED 00 00') {
        if (left < 4) return 0;
        return buf[i + 2] === 0 && buf[i + 3] === 0 ? this.#do('all_off', buf, i, 4) : skip();
      }
      if (op !== 0xf1 && op !== 0xf2) return skip();
      if (left < 4) return 0;
      // Fact sheet: mic on `E6 F1 idH idL`, mic off `E6 F2 idH idL` (big-endian 16-bit unit id).
      const seat = (buf[i + 2]! << 8) | buf[i + 3]!;
      return this.#do(op === 0xf1 ? `mic_on ${seat}` : `mic_off ${seat}`, buf, i, 4);
    }
    if (b0 === 0xe3) {
      if (left < 3) return 0;
      const op = buf[i + 1]!;
      const arg = buf[i + 2]!;
      // Fact sheet: video input switch `E3 EA ch`; every other E3 command is `E3 op 00`.
      if (op === 0xea) return this.#do(`video_input ${arg}`, buf, i, 3);
      if (arg !== 0x00) return skip();
      const name = E3_OPS[op] ?? (op === 0xed && this.#allOff === 'E3 ED 00' ? 'all_off' : undefined);
      return name ? this.#do(name, buf, i, 3) : skip();
    }
    return skip();
  }

  #do(name: string, buf: Buffer, i: number, length: number): number {
    this.emit('command', name, hex(buf.subarray(i, i + length)));
    const [word, arg] = name.split(' ');
    const n = Number(arg);
    switch (word) {
      case 'mic_on':
        if (this.#seats.has(n) && !this.#offline.has(n) && !this.#on.has(n)) {
          if (this.#hostObeysMaxOpen && !this.#hasRoom(n)) break;
          this.#on.add(n);
          this.#changed(SIM_OPERATION.opened);
        }
        break;
      case 'mic_off':
        if (this.#on.delete(n)) this.#changed(SIM_OPERATION.closed);
        break;
      case 'all_off':
        if (this.#on.size > 0) {
          this.#on.clear();
          this.#changed(SIM_OPERATION.allOff);
        }
        break;
      case 'stream_start':
        if (!this.#streamSupported) break;
        this.#streaming = true;
        if (this.#snapshotOnStart) this.#broadcast(this.#micFrame(SIM_OPERATION.snapshot));
        break;
      case 'stream_stop':
        this.#streaming = false;
        break;
      case 'vote_start':
        // A new start resets the ballots (our choice: the fact sheet names no separate reset).
        this.#voting = new Map();
        break;
      case 'vote_end':
        // Fact sheet: the result frame; after the end it is the final one.
        if (this.#voting) {
          const frame = this.#voteFrame();
          this.#voting = null;
          this.#broadcast(frame);
        }
        break;
      case 'camera_start':
        this.#tracking = true;
        this.#camera = null; // so the current target is called at once (our choice)
        this.#track();
        break;
      case 'camera_stop':
        this.#tracking = false;
        break;
      case 'video_input':
        this.#videoInput = n;
        break;
    }
    return length;
  }

  // ---- unit → host ----

  #hasRoom(seat: number): boolean {
    if (this.#chairs.has(seat)) return true;
    let delegates = 0;
    for (const s of this.#on) if (!this.#chairs.has(s)) delegates++;
    return delegates < this.#maxOpen;
  }

  #changed(operation: number): void {
    if (this.#streaming) this.#broadcast(this.#micFrame(operation));
    this.#track();
  }

  /**
   * Fact sheet: `E6 <state> <count> id1 .. id6`, `state = (operation << 4) | number_of_active_mics`.
   * Ids are listed in the order the mics opened; with more open than slots the first ones are listed
   * and the active count still says how many are open (our choice).
   */
  #micFrame(operation: number): Buffer {
    const open = [...this.#on];
    const listed = open.slice(0, this.#slots);
    const bytes = [0xe6, (operation << 4) | Math.min(open.length, 15), listed.length];
    const written = this.#layout === 'fixed' ? this.#slots : listed.length;
    for (let k = 0; k < written; k++) {
      const id = listed[k] ?? 0;
      if (this.#idBytes === 2) bytes.push(id >> 8, id & 0xff);
      else bytes.push(id & 0xff);
    }
    return Buffer.from(bytes);
  }

  /** Fact sheet: `E3 presH presL yesH yesL noH noL abstH abstL`. Present = units online (our choice). */
  #voteFrame(): Buffer {
    let yes = 0;
    let no = 0;
    let abstain = 0;
    for (const c of this.#voting?.values() ?? []) {
      if (c === 'yes') yes++;
      else if (c === 'no') no++;
      else abstain++;
    }
    const present = this.#seats.size - this.#offline.size;
    const u16 = (v: number) => [v >> 8, v & 0xff];
    return Buffer.from([0xe3, ...u16(present), ...u16(yes), ...u16(no), ...u16(abstain)]);
  }

  /**
   * Fact sheet, built-in camera rule: mic on → its preset; last mic off → panorama; with several open
   * including the chair, the chair's preset; otherwise the lowest id. Called only when the target
   * changes (our choice), as `E5 idH idL` (`E5 00 00` panorama).
   */
  #track(): void {
    if (!this.#tracking) return;
    const open = [...this.#on].sort((a, b) => a - b);
    const chair = open.find((s) => this.#chairs.has(s));
    const target = open.length === 0 ? 0 : open.length === 1 ? open[0]! : (chair ?? open[0]!);
    if (target === this.#camera) return;
    this.#camera = target;
    this.#broadcast(Buffer.from([0xe5, target >> 8, target & 0xff]));
  }

  #broadcast(bytes: Buffer): void {
    for (const c of this.#clients) this.#write(c, bytes);
  }

  #write(client: Duplex, bytes: Buffer, raw = false): void {
    if (this.#silent && !raw) return;
    const send = () => {
      if (!client.destroyed && client.writable) client.write(bytes);
    };
    if (this.#delay > 0) setTimeout(send, this.#delay);
    else send();
  }
}

/** Fact sheet: start/end vote `E3 01 00` / `E3 02 00`, stream `E3 04 00` / `E3 05 00`, camera `E3 E4 00` / `E3 E5 00`. */
const E3_OPS: Record<number, string> = {
  1: 'vote_start',
  2: 'vote_end',
  4: 'stream_start',
  5: 'stream_stop',
  228: 'camera_start',
  229: 'camera_stop',
};

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

export type TaidenSimulatorTcp = SimulatorServer<TaidenSimulator>;

/** A simulator behind loopback TCP, as an HCS behind a serial-to-Ethernet converter would be. */
export function startTaidenSimulatorTcp(
  options: TaidenSimulatorOptions & { port?: number; host?: string } = {},
): Promise<TaidenSimulatorTcp> {
  const sim = new TaidenSimulator(options);
  return serveSimulatorTcp(sim, options);
}
