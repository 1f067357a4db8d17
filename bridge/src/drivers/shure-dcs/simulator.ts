// A simulated Shure DCS 6000 / DDS 5900 / DIS-CCU central unit speaking "external control" over any
// Node Duplex stream: a loopback TCP socket (startShureSimulatorTcp) or a pty end wrapped with
// `Duplex.from({ readable, writable })`. Behaviour is written from shared/protocols/
// conference-systems.md, section "Shure DCS 6000 / DDS 5900 / DIS-CCU" (the "fact sheet" below).
//
// ARCHITECTURE.md: "A simulator builds its replies from the vendor's documented bytes, not from our
// codec, so a codec bug cannot hide itself." So this file parses and writes literal protocol strings
// and imports nothing from codec.ts or line-framer.ts (only the MicMode type).
//
// Where the fact sheet is silent the choice is ours, marked "(our choice)", and configurable where a
// real unit might plausibly differ.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { type SimulatorServer, serveSimulatorTcp } from '../../runtime/simulator-server.ts';
import type { MicMode } from './codec.ts';

export interface SimSeat {
  seat: number;
  name: string;
  /** Chair / VIP seats are not counted in max_speakers (fact sheet, "One floor model"). */
  chair?: boolean;
  online?: boolean;
}

export interface SimVotingConfiguration {
  config: number;
  name: string;
  /** Fact sheet: interim results are "withheld for secret configurations". */
  secret: boolean;
  labels: string[];
}

export interface ShureSimulatorOptions {
  /** A count (seats 1..n named "Seat n", all delegates) or an explicit list. Default 8. */
  seats?: number | SimSeat[];
  maxSpeakers?: number;
  maxTotalSpeakers?: number;
  maxRequests?: number;
  mode?: MicMode;
  interrupt?: boolean;
  /** Fact sheet: unit → host lines end with CR LF. */
  eol?: string;
  /**
   * Whether a setting command that changed something (max_speakers, mic_mode, ...) is echoed. The
   * fact sheet only says the unit "answers a command only if it acted" (our choice: echo, default true).
   */
  echoSettings?: boolean;
  /** Index of the first vote option in result lines; the fact sheet does not say (our choice: 1). */
  voteIndexBase?: number;
  votingConfigurations?: SimVotingConfiguration[];
  /**
   * Command words this unit's firmware does not know: answered `command_error unknown command`
   * (fact sheet), for a unit older or smaller than the one the room was configured for.
   */
  unknownCommands?: string[];
}

export interface ShureSimulatorState {
  on: number[];
  requests: number[];
  maxSpeakers: number;
  maxTotalSpeakers: number;
  maxRequests: number;
  mode: MicMode;
  interrupt: boolean;
  loudspeakerVolume: number;
  voting: { config: number; votes: Record<number, number> } | null;
}

/** Fact sheet voting example: 1 "3-button voting", 2 "3-button secret voting"; 3-button = Yes / Abstain / No. */
export const DEFAULT_VOTING_CONFIGURATIONS: SimVotingConfiguration[] = [
  { config: 1, name: '3-button voting', secret: false, labels: ['Yes', 'Abstain', 'No'] },
  { config: 2, name: '3-button secret voting', secret: true, labels: ['Yes', 'Abstain', 'No'] },
];

const MODES: readonly string[] = ['auto', 'fifo', 'manual', 'vox'];
/** Longest command line kept before the simulator drops its input buffer (a garbage flood). */
const MAX_INPUT = 1024;
const UNKNOWN = 'command_error unknown command';
const SYNTAX = 'command_error syntax error';

type Seat = { name: string; chair: boolean; online: boolean };
type Answer = { lines: string[]; toAll: boolean };
/** State changes go to every connection (each controller must see them); errors and dumps to the asker. */
const all = (lines: string[]): Answer => ({ lines, toAll: true });
const me = (lines: string[]): Answer => ({ lines, toAll: false });

export class ShureSimulator extends EventEmitter<{ command: [line: string]; connection: [] }> {
  #seats = new Map<number, Seat>();
  /** Open mics in the order they opened: the first delegate is the longest speaker. */
  #on = new Set<number>();
  #requests: number[] = [];
  #maxSpeakers: number;
  #maxTotal: number;
  #maxRequests: number;
  #mode: MicMode;
  #interrupt: boolean;
  #volume = 0;
  #eol: string;
  #echoSettings: boolean;
  #indexBase: number;
  #configs: SimVotingConfiguration[];
  #unknown: Set<string>;
  #voting: { cfg: SimVotingConfiguration; votes: Map<number, number> } | null = null;
  #clients = new Set<Duplex>();
  #delay = 0;
  #silent = false;

  constructor(options: ShureSimulatorOptions = {}) {
    super();
    const seats = options.seats ?? 8;
    const list: SimSeat[] =
      typeof seats === 'number'
        ? Array.from({ length: seats }, (_, i) => ({ seat: i + 1, name: `Seat ${i + 1}` }))
        : seats;
    for (const s of list)
      this.#seats.set(s.seat, { name: s.name, chair: !!s.chair, online: s.online ?? true });
    this.#maxSpeakers = options.maxSpeakers ?? 4;
    this.#maxTotal = options.maxTotalSpeakers ?? 8;
    this.#maxRequests = options.maxRequests ?? 10;
    this.#mode = options.mode ?? 'manual';
    this.#interrupt = options.interrupt ?? false;
    this.#eol = options.eol ?? '\r\n';
    this.#echoSettings = options.echoSettings ?? true;
    this.#indexBase = options.voteIndexBase ?? 1;
    this.#configs = options.votingConfigurations ?? DEFAULT_VOTING_CONFIGURATIONS;
    this.#unknown = new Set(options.unknownCommands?.map((c) => c.toLowerCase()));
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  get state(): ShureSimulatorState {
    const v = this.#voting;
    return {
      on: [...this.#on],
      requests: [...this.#requests],
      maxSpeakers: this.#maxSpeakers,
      maxTotalSpeakers: this.#maxTotal,
      maxRequests: this.#maxRequests,
      mode: this.#mode,
      interrupt: this.#interrupt,
      loudspeakerVolume: this.#volume,
      voting: v ? { config: v.cfg.config, votes: Object.fromEntries(v.votes) } : null,
    };
  }

  /** Serve a connection. Host → unit lines may end with CR, LF or CRLF (fact sheet). */
  attach(stream: Duplex): void {
    this.#clients.add(stream);
    let pending = '';
    // latin1: every byte maps to one char, so garbage never throws and never merges with a line end.
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      const parts = pending.split(/\r\n|\r|\n/);
      pending = parts.pop() ?? '';
      if (pending.length > MAX_INPUT) pending = '';
      for (const line of parts) if (line.trim() !== '') this.#handle(stream, line);
    });
    stream.on('close', () => this.#clients.delete(stream));
    stream.on('error', () => this.#clients.delete(stream));
    this.emit('connection');
  }

  // ---- fault and event hooks for tests ----

  /** Reply delay for everything written from now on (same delay → order kept). */
  setDelay(ms: number): void {
    this.#delay = ms;
  }

  /** A unit whose transmit side is dead: it still acts on commands but never writes a byte. */
  setSilent(silent: boolean): void {
    this.#silent = silent;
  }

  /** Cut every connection, as a pulled cable or a rebooting unit would. The TCP server keeps listening. */
  dropConnection(): void {
    for (const c of this.#clients) c.destroy();
    this.#clients.clear();
  }

  /** Write raw bytes (line noise) to every connection, in order with the replies. */
  garble(bytes: Buffer): void {
    for (const c of this.#clients) this.#write(c, bytes, true);
  }

  /**
   * A delegate presses the microphone button: the unsolicited lines the unit sends depend on the mode.
   * The fact sheet lists the modes and the floor model (open/direct-speak: on if room, else queue;
   * request/operator: only the chair grants) but not each mode's exact button behaviour; our reading:
   * auto = direct speak (on if room, with interrupt the longest speaker closes, else queue);
   * fifo = request, granted automatically in order while there is room; manual = request only;
   * vox = the press stands in for voice: on if room, never queued. Pressing an open mic closes it;
   * pressing a queued seat withdraws its request; a chair seat toggles its mic directly.
   * Returns the lines sent.
   */
  pressButton(seat: number): string[] {
    const s = this.#seats.get(seat);
    if (!s?.online) return [];
    let lines: string[];
    if (this.#on.has(seat)) lines = [this.#close(seat), ...this.#advance()];
    else if (this.#requests.includes(seat)) lines = this.#requestOff(seat);
    else if (s.chair || this.#mode === 'vox') lines = this.#turnOn(seat);
    else if (this.#mode === 'auto') {
      lines = this.#turnOn(seat);
      if (lines.length === 0) lines = this.#requestOn(seat);
    } else lines = [...this.#requestOn(seat), ...this.#advance()];
    this.#broadcast(lines);
    return lines;
  }

  /** Fact sheet: unsolicited `seat_state N active|passive`. An offline seat loses its mic and request. */
  setSeatOnline(seat: number, online: boolean): string[] {
    const s = this.#seats.get(seat);
    if (!s || s.online === online) return [];
    s.online = online;
    const lines = [`seat_state ${seat} ${online ? 'active' : 'passive'}`];
    if (!online) {
      if (this.#on.has(seat)) lines.push(this.#close(seat));
      lines.push(...this.#requestOff(seat), ...this.#advance());
      this.#voting?.votes.delete(seat);
    }
    this.#broadcast(lines);
    return lines;
  }

  /**
   * A delegate votes (option index as in the result lines; a later vote replaces an earlier one).
   * Interim results go out after every vote unless the configuration is secret (fact sheet).
   */
  castVote(seat: number, choiceIdx: number): boolean {
    const v = this.#voting;
    const option = choiceIdx - this.#indexBase;
    if (!v || !this.#seats.get(seat)?.online || option < 0 || option >= v.cfg.labels.length) return false;
    v.votes.set(seat, option);
    if (!v.cfg.secret) this.#broadcast(this.#results('interim_voting_result'));
    return true;
  }

  // ---- the protocol ----

  #handle(client: Duplex, raw: string): void {
    const line = raw.trim();
    this.emit('command', line);
    const { lines, toAll } = this.#execute(line);
    if (toAll) this.#broadcast(lines);
    else if (lines.length > 0) this.#write(client, lines);
  }

  /** What the unit says for one command line, and whether it goes to every connection (a state change). */
  #execute(line: string): Answer {
    const [word = '', ...args] = line.split(/[ \t]+/);
    const cmd = word.toLowerCase();
    const arg = args[0]?.toLowerCase();
    const one = args.length === 1;
    if (this.#unknown.has(cmd)) return me([UNKNOWN]);

    switch (cmd) {
      case 'mic_on':
      case 'mic_off':
      case 'mic_request_on':
      case 'mic_request_off': {
        const seat = one ? uint(arg, 1, 65535) : undefined; // fact sheet: seats 1-65535
        if (seat === undefined) return me([SYNTAX]);
        // Fact sheet: "answers a command only if it acted": [] means silence.
        let lines: string[];
        if (cmd === 'mic_on') lines = this.#turnOn(seat);
        else if (cmd === 'mic_off') lines = this.#on.has(seat) ? [this.#close(seat), ...this.#advance()] : [];
        else if (cmd === 'mic_request_on') lines = [...this.#requestOn(seat), ...this.#advance()];
        else lines = this.#requestOff(seat);
        return all(lines);
      }
      case 'mic_all_delegates_off': {
        // The chair stays on (fact sheet, "One floor model"). The queue does not advance here (our
        // choice): the chair silences the room; the next speaker comes with mic_next_on.
        const lines: string[] = [];
        for (const seat of [...this.#on]) if (!this.#seats.get(seat)?.chair) lines.push(this.#close(seat));
        return all(lines);
      }
      case 'mic_all_requests_off': {
        const lines = this.#requests.map((seat) => `mic_request_off ${seat}`);
        this.#requests = [];
        return all(lines);
      }
      case 'mic_next_on': {
        const first = this.#requests[0];
        return all(first === undefined ? [] : this.#turnOn(first));
      }
      case 'max_speakers':
      case 'max_total_speakers':
      case 'max_requests': {
        // Fact sheet ranges: max_speakers / max_total_speakers 1..8, max_requests 0..250. Lowering a
        // cap closes no open mic and drops no request (our choice).
        const value = one
          ? uint(arg, cmd === 'max_requests' ? 0 : 1, cmd === 'max_requests' ? 250 : 8)
          : undefined;
        if (value === undefined) return me([SYNTAX]);
        const old =
          cmd === 'max_speakers'
            ? this.#maxSpeakers
            : cmd === 'max_total_speakers'
              ? this.#maxTotal
              : this.#maxRequests;
        if (cmd === 'max_speakers') this.#maxSpeakers = value;
        else if (cmd === 'max_total_speakers') this.#maxTotal = value;
        else this.#maxRequests = value;
        return this.#setting(old !== value, `${cmd} ${value}`);
      }
      case 'loudspeaker_volume': {
        const value = one && arg !== undefined && /^-?\d{1,3}$/.test(arg) ? Number(arg) : Number.NaN;
        if (!(value >= -41 && value <= 0)) return me([SYNTAX]); // fact sheet: -41..0 (-41 = off)
        const changed = value !== this.#volume;
        this.#volume = value;
        return this.#setting(changed, `loudspeaker_volume ${value}`);
      }
      case 'mic_mode': {
        if (!one || arg === undefined || !MODES.includes(arg)) return me([SYNTAX]);
        const changed = arg !== this.#mode;
        this.#mode = arg as MicMode;
        return this.#setting(changed, `mic_mode ${arg}`);
      }
      case 'mic_interrupt': {
        if (!one || (arg !== 'on' && arg !== 'off')) return me([SYNTAX]);
        const changed = (arg === 'on') !== this.#interrupt;
        this.#interrupt = arg === 'on';
        return this.#setting(changed, `mic_interrupt ${arg}`);
      }
      case 'mic_status':
        if (args.length) return me([SYNTAX]);
        return me(this.#statusDump());
      case 'voting_status':
        if (args.length) return me([SYNTAX]);
        return me([
          ...this.#configs.map((c) => `voting_configuration ${c.config} ${c.name}`),
          'voting_status_done',
        ]);
      case 'start_voting': {
        const k = one ? uint(arg, 0, 65535) : undefined;
        if (k === undefined) return me([SYNTAX]);
        // An unknown configuration or a vote already running: the unit did not act, so silence.
        const cfg = this.#configs.find((c) => c.config === k);
        if (!cfg || this.#voting) return all([]);
        this.#voting = { cfg, votes: new Map() };
        return all([`voting_started ${k}`]);
      }
      case 'stop_voting': {
        if (args.length) return me([SYNTAX]);
        if (!this.#voting) return all([]);
        // Fact sheet: `voting_stopped` then the final results (final totals also for secret votes).
        const lines = ['voting_stopped', ...this.#results('final_voting_result')];
        this.#voting = null;
        return all(lines);
      }
      case 'cancel_voting':
        if (args.length) return me([SYNTAX]);
        if (!this.#voting) return all([]);
        this.#voting = null;
        return all(['voting_cancelled']);
      default:
        // Attendance commands are documented but not simulated yet: a real unit would act on them.
        return me([UNKNOWN]);
    }
  }

  /** The `mic_status` dump (fact sheet): seats, mode settings, on / request lines, then done. */
  #statusDump(): string[] {
    const lines = [...this.#seats].map(([n, s]) =>
      `seat_number ${n} ${s.online ? 'active' : 'passive'} ${s.name}`.trimEnd(),
    );
    lines.push(
      `max_speakers ${this.#maxSpeakers}`,
      `max_total_speakers ${this.#maxTotal}`,
      `max_requests ${this.#maxRequests}`,
      `mic_mode ${this.#mode}`,
      `mic_interrupt ${this.#interrupt ? 'on' : 'off'}`,
    );
    for (const seat of this.#on) lines.push(`mic_on ${seat}`);
    for (const seat of this.#requests) lines.push(`mic_request_on ${seat}`);
    lines.push('mic_status_done');
    return lines;
  }

  #setting(changed: boolean, line: string): Answer {
    return all(changed && this.#echoSettings ? [line] : []);
  }

  /** Chair seats are exempt from max_speakers; max_total_speakers counts every open mic (our reading). */
  #hasRoom(chair: boolean): boolean {
    if (chair) return true;
    let delegates = 0;
    for (const seat of this.#on) if (!this.#seats.get(seat)?.chair) delegates++;
    return delegates < this.#maxSpeakers && this.#on.size < this.#maxTotal;
  }

  /**
   * Fact sheet: `mic_on N` → `mic_on N` (plus `mic_request_off N` if N was queued); nothing when the
   * mic is already on, the seat is offline, or the list is full with interrupt off. With interrupt on
   * the longest-open delegate mic closes first (floor model "override").
   */
  #turnOn(seat: number): string[] {
    const s = this.#seats.get(seat);
    if (!s?.online || this.#on.has(seat)) return [];
    const lines: string[] = [];
    if (!this.#hasRoom(s.chair)) {
      if (!this.#interrupt) return [];
      const delegates = [...this.#on].filter((n) => !this.#seats.get(n)?.chair);
      while (!this.#hasRoom(false) && delegates.length > 0) lines.push(this.#close(delegates.shift()!));
      if (!this.#hasRoom(false)) return lines; // only chairs are on: nothing more to close
    }
    this.#on.add(seat);
    lines.push(`mic_on ${seat}`);
    const i = this.#requests.indexOf(seat);
    if (i >= 0) {
      this.#requests.splice(i, 1);
      lines.push(`mic_request_off ${seat}`);
    }
    return lines;
  }

  #close(seat: number): string {
    this.#on.delete(seat);
    return `mic_off ${seat}`;
  }

  #requestOn(seat: number): string[] {
    const s = this.#seats.get(seat);
    if (!s?.online || this.#on.has(seat) || this.#requests.includes(seat)) return [];
    if (this.#requests.length >= this.#maxRequests) return [];
    this.#requests.push(seat);
    return [`mic_request_on ${seat}`];
  }

  #requestOff(seat: number): string[] {
    const i = this.#requests.indexOf(seat);
    if (i < 0) return [];
    this.#requests.splice(i, 1);
    return [`mic_request_off ${seat}`];
  }

  /** fifo mode (our reading): while there is room the first request is granted, in order. */
  #advance(): string[] {
    const lines: string[] = [];
    if (this.#mode !== 'fifo') return lines;
    while (this.#requests.length > 0 && this.#hasRoom(false)) lines.push(...this.#turnOn(this.#requests[0]!));
    return lines;
  }

  #results(kind: 'interim_voting_result' | 'final_voting_result'): string[] {
    const v = this.#voting!;
    const counts = v.cfg.labels.map(() => 0);
    for (const option of v.votes.values()) counts[option]!++;
    return v.cfg.labels.map((label, i) => `${kind} ${i + this.#indexBase} ${counts[i]} ${label}`);
  }

  #broadcast(lines: string[]): void {
    if (lines.length === 0) return;
    for (const c of this.#clients) this.#write(c, lines);
  }

  #write(client: Duplex, what: string[] | Buffer, raw = false): void {
    if (this.#silent && !raw) return;
    const bytes = Buffer.isBuffer(what) ? what : Buffer.from(what.map((l) => l + this.#eol).join(''), 'utf8');
    const send = () => {
      if (!client.destroyed && client.writable) client.write(bytes);
    };
    if (this.#delay > 0) setTimeout(send, this.#delay);
    else send();
  }
}

function uint(s: string | undefined, min: number, max: number): number | undefined {
  if (s === undefined || !/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

export type ShureSimulatorTcp = SimulatorServer<ShureSimulator>;

/** Run a simulator on loopback TCP (the real unit listens on 3142; tests use an ephemeral port). */
export function startShureSimulatorTcp(
  options: ShureSimulatorOptions & { port?: number; host?: string } = {},
): Promise<ShureSimulatorTcp> {
  const sim = new ShureSimulator(options);
  return serveSimulatorTcp(sim, options);
}
