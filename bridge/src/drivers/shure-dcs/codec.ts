// Shure DCS 6000 / DDS 5900 / DIS-CCU "external control" codec: typed host → unit commands to bytes,
// unit → host lines to a discriminated union. Every rule here is from
// shared/protocols/conference-systems.md, section "Shure DCS 6000 / DDS 5900 / DIS-CCU" (the "fact
// sheet" below). Framing (CR / LF / CRLF, bounds, garbage) is runtime/line-framer.ts's job.
import { BridgeError } from '../../contract/device.ts';

export const MIC_MODES = ['auto', 'fifo', 'manual', 'vox'] as const;
export type MicMode = (typeof MIC_MODES)[number];

/** Fact sheet: "Seats 1-65535". */
export const SEAT_MIN = 1;
export const SEAT_MAX = 65535;
/**
 * Voting configuration numbers: the fact sheet only shows 1 and 2 as examples, without a range. Our
 * choice: 1..255, wide enough for any configuration list a central unit shows.
 */
export const VOTING_CONFIG_MAX = 255;

type SeatCommandType = 'mic_on' | 'mic_off' | 'mic_request_on' | 'mic_request_off';
type BareCommandType =
  | 'mic_all_delegates_off'
  | 'mic_all_requests_off'
  | 'mic_next_on'
  | 'mic_status'
  | 'voting_status'
  | 'stop_voting'
  | 'cancel_voting';
type ValueCommandType = 'max_speakers' | 'max_total_speakers' | 'max_requests' | 'loudspeaker_volume';

export type ShureCommand =
  | { type: SeatCommandType; seat: number }
  | { type: BareCommandType }
  | { type: ValueCommandType; value: number }
  | { type: 'mic_mode'; mode: MicMode }
  | { type: 'mic_interrupt'; on: boolean }
  | { type: 'start_voting'; config: number };

const SEAT_COMMANDS: readonly string[] = ['mic_on', 'mic_off', 'mic_request_on', 'mic_request_off'];
const BARE_COMMANDS: readonly string[] = [
  'mic_all_delegates_off',
  'mic_all_requests_off',
  'mic_next_on',
  'mic_status',
  'voting_status',
  'stop_voting',
  'cancel_voting',
];
/**
 * Fact sheet: `max_speakers 1..8`, `max_total_speakers 1..8`, `max_requests 0..250`,
 * `loudspeaker_volume -41..0` (-41 = off).
 */
const VALUE_RANGES: Record<ValueCommandType, readonly [number, number]> = {
  max_speakers: [1, 8],
  max_total_speakers: [1, 8],
  max_requests: [0, 250],
  loudspeaker_volume: [-41, 0],
};

export interface EncodeOptions {
  /** Fact sheet: host → unit lines end with CR ("LF or CRLF accepted"). Default `\r`. */
  eol?: '\r' | '\n' | '\r\n';
}

function bad(message: string): BridgeError {
  return new BridgeError('E_BAD_COMMAND', message);
}

function int(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw bad(`${name} must be an integer ${min}..${max}, got ${String(v)}`);
  }
  return v;
}

/** The command line without its terminator; throws BridgeError('E_BAD_COMMAND') for bad input. */
export function formatCommand(cmd: ShureCommand): string {
  // Commands reach us from JSON, so check the shape at runtime too, not only the TS type.
  const c = cmd as { type?: unknown; seat?: unknown; value?: unknown; mode?: unknown; on?: unknown };
  const type = typeof c?.type === 'string' ? c.type : '';
  if (SEAT_COMMANDS.includes(type)) return `${type} ${int('seat', c.seat, SEAT_MIN, SEAT_MAX)}`;
  if (BARE_COMMANDS.includes(type)) return type;
  if (Object.hasOwn(VALUE_RANGES, type)) {
    const [min, max] = VALUE_RANGES[type as ValueCommandType];
    return `${type} ${int(type, c.value, min, max)}`;
  }
  if (type === 'mic_mode') {
    if (!MIC_MODES.includes(c.mode as MicMode)) throw bad(`mic_mode must be one of ${MIC_MODES.join('|')}`);
    return `mic_mode ${c.mode}`;
  }
  if (type === 'mic_interrupt') {
    if (typeof c.on !== 'boolean') throw bad('mic_interrupt needs on: boolean');
    return `mic_interrupt ${c.on ? 'on' : 'off'}`;
  }
  if (type === 'start_voting') {
    return `start_voting ${int('config', (cmd as { config?: unknown }).config, 1, VOTING_CONFIG_MAX)}`;
  }
  throw bad(`unknown Shure DCS command ${JSON.stringify(type)}`);
}

/** The bytes to write for a command (ASCII only, so the string length is the byte length). */
export function encode(cmd: ShureCommand, options: EncodeOptions = {}): Buffer {
  return Buffer.from(formatCommand(cmd) + (options.eol ?? '\r'), 'latin1');
}

export type SettingName = ValueCommandType;

export type ShureMessage =
  | { type: SeatCommandType; seat: number }
  /** One per seat in the `mic_status` dump. NAME may contain spaces; '' when the unit sends none. */
  | { type: 'seat_number'; seat: number; active: boolean; name: string }
  | { type: 'seat_state'; seat: number; active: boolean }
  | { type: 'mic_status_done' }
  /** Mode settings as the `mic_status` dump (or an echo) reports them; surfaced as the unit said. */
  | { type: 'setting'; name: SettingName; value: number }
  | { type: 'mic_mode'; mode: MicMode }
  | { type: 'mic_interrupt'; on: boolean }
  | { type: 'command_error'; reason: 'unknown_command' | 'syntax_error' | 'other'; text: string }
  | { type: 'voting_configuration'; config: number; name: string }
  | { type: 'voting_status_done' }
  | { type: 'voting_started'; config: number }
  | { type: 'interim_voting_result' | 'final_voting_result'; index: number; count: number; label: string }
  | { type: 'voting_stopped' }
  | { type: 'voting_cancelled' }
  /** Anything else: protocol noise for the session to count, not an error. */
  | { type: 'unknown'; line: string };

const UINT = /^\d{1,10}$/;
const SINT = /^-?\d{1,10}$/;

function seatOf(s: string | undefined): number | undefined {
  if (s === undefined || !UINT.test(s)) return undefined;
  const n = Number(s);
  return n >= SEAT_MIN && n <= SEAT_MAX ? n : undefined;
}

function activeOf(s: string | undefined): boolean | undefined {
  const v = s?.toLowerCase();
  return v === 'active' ? true : v === 'passive' ? false : undefined;
}

/**
 * Decode one unit → host line (terminator already stripped by the framer). Fact sheet: "command[ SP
 * data]", case-insensitive, so the command word and keywords are matched in any case; free text (seat
 * names, configuration names, labels) keeps the unit's case. Never throws.
 */
export function decode(line: string): ShureMessage {
  const unknown: ShureMessage = { type: 'unknown', line };
  const trimmed = line.trim();
  const m = /^(\S+)(?:[ \t]+(.*))?$/.exec(trimmed);
  if (!m) return unknown;
  const cmd = m[1]!.toLowerCase();
  const rest = m[2] ?? '';
  const args = rest === '' ? [] : rest.split(/[ \t]+/);
  /** Everything after the first `n` arguments, internal spacing kept. */
  const tail = (n: number): string => {
    const t = new RegExp(`^(?:\\S+[ \\t]+){${n}}(.*)$`).exec(rest);
    return t ? t[1]!.trim() : '';
  };

  switch (cmd) {
    case 'mic_on':
    case 'mic_off':
    case 'mic_request_on':
    case 'mic_request_off': {
      const seat = args.length === 1 ? seatOf(args[0]) : undefined;
      return seat === undefined ? unknown : { type: cmd, seat };
    }
    case 'seat_number': {
      // `seat_number N active|passive NAME`; a seat without a name is tolerated (name '').
      const seat = seatOf(args[0]);
      const active = activeOf(args[1]);
      if (seat === undefined || active === undefined) return unknown;
      return { type: 'seat_number', seat, active, name: args.length > 2 ? tail(2) : '' };
    }
    case 'seat_state': {
      const seat = seatOf(args[0]);
      const active = activeOf(args[1]);
      if (args.length !== 2 || seat === undefined || active === undefined) return unknown;
      return { type: 'seat_state', seat, active };
    }
    case 'max_speakers':
    case 'max_total_speakers':
    case 'max_requests':
    case 'loudspeaker_volume': {
      // Surfaced even outside the command's range: this is what the unit reports, and the session
      // compares it with what it asked for. Volume is signed (-41..0, -41 = off).
      if (args.length !== 1 || !SINT.test(args[0]!)) return unknown;
      return { type: 'setting', name: cmd, value: Number(args[0]) };
    }
    case 'mic_mode': {
      const mode = args[0]?.toLowerCase() as MicMode;
      return args.length === 1 && MIC_MODES.includes(mode) ? { type: 'mic_mode', mode } : unknown;
    }
    case 'mic_interrupt': {
      const v = args[0]?.toLowerCase();
      return args.length === 1 && (v === 'on' || v === 'off')
        ? { type: 'mic_interrupt', on: v === 'on' }
        : unknown;
    }
    case 'command_error': {
      // Fact sheet: `command_error unknown command|syntax error`; other texts are kept as 'other'.
      const text = rest.trim();
      const norm = text.toLowerCase().replace(/[ \t]+/g, ' ');
      const reason =
        norm === 'unknown command' ? 'unknown_command' : norm === 'syntax error' ? 'syntax_error' : 'other';
      return { type: 'command_error', reason, text };
    }
    case 'voting_configuration': {
      if (args.length < 2 || !UINT.test(args[0]!)) return unknown;
      return { type: 'voting_configuration', config: Number(args[0]), name: tail(1) };
    }
    case 'voting_started': {
      if (args.length !== 1 || !UINT.test(args[0]!)) return unknown;
      return { type: 'voting_started', config: Number(args[0]) };
    }
    case 'interim_voting_result':
    case 'final_voting_result': {
      // `<idx> <count> <label>`; the label is free text (3-button = Yes / Abstain / No).
      if (args.length < 3 || !UINT.test(args[0]!) || !UINT.test(args[1]!)) return unknown;
      return { type: cmd, index: Number(args[0]), count: Number(args[1]), label: tail(2) };
    }
    case 'mic_status_done':
    case 'voting_status_done':
    case 'voting_stopped':
    case 'voting_cancelled':
      return args.length === 0 ? { type: cmd } : unknown;
    default:
      return unknown;
  }
}
