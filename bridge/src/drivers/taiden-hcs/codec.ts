// Taiden HCS central-control codec: typed host → unit commands to bytes, framed unit → host bytes
// to a discriminated union. Every rule here is from shared/protocols/conference-systems.md, section
// "Taiden HCS central-control protocol" (the "fact sheet" below). Finding frame boundaries in the
// byte stream (lengths, garbage, resynchronisation) is framer.ts's job; this file only knows what a
// whole frame means.
//
// Fact sheet: "binary frames, no documented acknowledgement, no checksum". So nothing decoded here
// answers a command, and a frame is only as trustworthy as its structure: decode() checks it again.
import { BridgeError } from '../../contract/device.ts';

/** Fact sheet: mic-state stream frames start with E6, vote results with E3, camera presets with E5. */
export const HEADER_MIC = 0xe6;
export const HEADER_CONTROL = 0xe3;
export const HEADER_CAMERA = 0xe5;

/** Fact sheet: "id = seat unit id, big-endian 16 bit". 0 is not a seat: `E5 00 00` is the panorama. */
export const SEAT_MIN = 1;
export const SEAT_MAX = 65535;

/**
 * Fact sheet: "All mics off: the HCS-3600 manual gives `E3 ED 00`; another vendor page lists opcode
 * `ED` under the `E6` header. Make it a per-model setting, default `E3 ED 00`." The E6 form's length
 * is not given: `E6 ED` (the two bytes named) or padded like the other E6 commands (`E6 op hi lo`),
 * so both are offered.
 */
export const ALL_OFF_CODES = ['E3 ED 00', 'E6 ED', 'E6 ED 00 00'] as const;
export type AllOffCode = (typeof ALL_OFF_CODES)[number];

/**
 * The mic-state frame's layout. Fact sheet: "`E6 <state> <count> id1 .. id6`". Silent on whether
 * there are always six id slots or `count` of them, and on the width of an id (16 bit everywhere
 * else in the protocol). Our default: six fixed slots of 16-bit ids, unused ones zero (README,
 * "Choices where the fact sheet is silent").
 */
export interface MicStreamLayout {
  /** `fixed`: always `slots` ids; `count`: exactly `count` ids follow. */
  layout: 'fixed' | 'count';
  /** fixed: id slots in every frame (the fact sheet's id1..id6 → 6); count: the most ids a frame may carry. */
  slots: number;
  /** Bytes per id: 2 (big-endian, as in every other frame) or 1. */
  idBytes: 1 | 2;
  /** fixed: unused slots must be zero, else the frame is garbage (resynchronise). */
  strictPadding: boolean;
}

export const DEFAULT_MIC_STREAM_LAYOUT: Readonly<MicStreamLayout> = {
  layout: 'fixed',
  slots: 6,
  idBytes: 2,
  strictPadding: true,
};

/** `state` is one byte whose low nibble counts the active mics, so at most 15 can be listed. */
export const MIC_STREAM_SLOTS_MAX = 15;

/** The frame length for a layout and a `count` byte; undefined when the count is impossible. */
export function micStateFrameLength(layout: MicStreamLayout, count: number): number | undefined {
  if (count > layout.slots) return undefined;
  return 3 + (layout.layout === 'fixed' ? layout.slots : count) * layout.idBytes;
}

/** Fact sheet: vote result `E3 presH presL yesH yesL noH noL abstH abstL`. */
export const VOTE_RESULT_BYTES = 9;
/** Fact sheet: preset call `E5 idH idL`, panorama `E5 00 00`. */
export const CAMERA_FRAME_BYTES = 3;

export type TaidenCommand =
  | { type: 'mic_on' | 'mic_off'; seat: number }
  | { type: 'all_off' }
  | { type: 'vote_start' | 'vote_end' }
  | { type: 'stream_start' | 'stream_stop' }
  | { type: 'camera_start' | 'camera_stop' }
  | { type: 'video_input'; channel: number };

export interface EncodeOptions {
  /** Which all-mics-off form this model understands. Default `E3 ED 00` (fact sheet). */
  allOffCode?: AllOffCode;
}

/** Fact sheet: every `E3` command is three bytes, `E3 op 00`, except the video switch `E3 EA ch`. */
const E3_COMMANDS: Record<string, number> = {
  vote_start: 0x01,
  vote_end: 0x02,
  stream_start: 0x04,
  stream_stop: 0x05,
  camera_start: 0xe4,
  camera_stop: 0xe5,
};

function bad(message: string): BridgeError {
  return new BridgeError('E_BAD_COMMAND', message);
}

function int(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw bad(`${name} must be an integer ${min}..${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** The bytes to write for a command; throws BridgeError('E_BAD_COMMAND') for bad input. */
export function encode(cmd: TaidenCommand, options: EncodeOptions = {}): Buffer {
  // Commands reach us from JSON too, so check the shape at runtime, not only the TS type.
  const c = cmd as { type?: unknown; seat?: unknown; channel?: unknown };
  const type = typeof c?.type === 'string' ? c.type : '';
  switch (type) {
    case 'mic_on':
    case 'mic_off': {
      // Fact sheet: mic on `E6 F1 idH idL`; mic off `E6 F2 idH idL`.
      const seat = int('seat', c.seat, SEAT_MIN, SEAT_MAX);
      return Buffer.from([HEADER_MIC, type === 'mic_on' ? 0xf1 : 0xf2, seat >> 8, seat & 0xff]);
    }
    case 'all_off': {
      const code = options.allOffCode ?? 'E3 ED 00';
      if (!ALL_OFF_CODES.includes(code)) throw bad(`allOffCode must be one of ${ALL_OFF_CODES.join(' | ')}`);
      return fromHex(code);
    }
    case 'video_input':
      // Fact sheet: `E3 EA ch`; the channel range is not given, so any byte (our choice).
      return Buffer.from([HEADER_CONTROL, 0xea, int('channel', c.channel, 0, 255)]);
    default: {
      const op = Object.hasOwn(E3_COMMANDS, type) ? E3_COMMANDS[type] : undefined;
      if (op === undefined) throw bad(`unknown Taiden HCS command ${JSON.stringify(type)}`);
      return Buffer.from([HEADER_CONTROL, op, 0x00]);
    }
  }
}

export type TaidenMessage =
  /**
   * A mic-state stream frame. `operation` is the state byte's high nibble and `active` its low nibble
   * (fact sheet: `state = (operation << 4) | number_of_active_mics`); `seats` are the ids listed.
   * The fact sheet does not say what `operation` values mean: surfaced, not interpreted.
   */
  | {
      type: 'mic_state';
      operation: number;
      active: number;
      count: number;
      seats: number[];
      /** fixed layout: whether the unused slots held anything but zeros (always false for `count`). */
      paddingNonZero: boolean;
    }
  | { type: 'vote_result'; present: number; yes: number; no: number; abstain: number }
  /** Fact sheet: `E5 idH idL`; `E5 00 00` is the panorama (seat 0). */
  | { type: 'camera'; seat: number; panorama: boolean }
  /** A frame this layout cannot read (decode() was handed something the framer would not build). */
  | { type: 'unknown'; hex: string };

/**
 * Decode one whole unit → host frame, as framer.ts cuts them. Never throws: a buffer of the wrong
 * shape is `{type: 'unknown'}`.
 */
export function decode(
  frame: Uint8Array,
  layout: MicStreamLayout = DEFAULT_MIC_STREAM_LAYOUT,
): TaidenMessage {
  const unknown: TaidenMessage = { type: 'unknown', hex: toHex(frame) };
  const u16 = (i: number) => (frame[i]! << 8) | frame[i + 1]!;
  switch (frame[0]) {
    case HEADER_MIC: {
      if (frame.length < 3) return unknown;
      const state = frame[1]!;
      const count = frame[2]!;
      if (frame.length !== micStateFrameLength(layout, count)) return unknown;
      const read = (slot: number) => (layout.idBytes === 2 ? u16(3 + 2 * slot) : frame[3 + slot]!);
      const seats: number[] = [];
      for (let i = 0; i < count; i++) seats.push(read(i));
      let paddingNonZero = false;
      if (layout.layout === 'fixed')
        for (let i = count; i < layout.slots; i++) if (read(i) !== 0) paddingNonZero = true;
      return { type: 'mic_state', operation: state >> 4, active: state & 0x0f, count, seats, paddingNonZero };
    }
    case HEADER_CONTROL:
      if (frame.length !== VOTE_RESULT_BYTES) return unknown;
      return { type: 'vote_result', present: u16(1), yes: u16(3), no: u16(5), abstain: u16(7) };
    case HEADER_CAMERA: {
      if (frame.length !== CAMERA_FRAME_BYTES) return unknown;
      const seat = u16(1);
      return { type: 'camera', seat, panorama: seat === 0 };
    }
    default:
      return unknown;
  }
}

/** `E6 F1 00 05`: how the technician page, the logs and the README write bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
}

/** Accepts `E6F10005`, `E6 F1 00 05`, `e6:f1:00:05`; throws BridgeError('E_BAD_COMMAND') otherwise. */
export function fromHex(text: string): Buffer {
  const compact = typeof text === 'string' ? text.replace(/[\s:]/g, '') : '';
  if (compact.length === 0 || compact.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(compact)) {
    throw bad(`not hex bytes: ${JSON.stringify(text)}`);
  }
  return Buffer.from(compact, 'hex');
}
