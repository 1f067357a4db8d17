// VISCA codec: typed controller → camera commands to bytes, camera → controller packets to a typed
// union. Sources, cited per rule below:
// - "fact sheet": shared/protocols/conference-systems.md, "Others, for later drivers" (VISCA);
// - Sony BRC-H900 / BRC-Z330 command lists, "VISCA Command/ACK Protocol" and "VISCA Camera-Issued
//   Messages" (ACK, completion, error codes, Address Set, IF_Clear, Command Cancel, CAM_Power);
// - Sony SRG-300H / BRC-X400 command lists, "VISCA over IP" (header, payload types, RESET, ERROR).
// Framing (FF terminator, bounds, datagram header checks) is framer.ts's job.
import { BridgeError } from '../../contract/device.ts';
import {
  IP_HEADER_BYTES,
  IP_MAX_PAYLOAD,
  IP_PAYLOAD_TYPES,
  IP_SEQUENCE_MAX,
  type IpPayloadType,
} from './framer.ts';

/** Sony: header `8x`, x = camera address 1..7 (`88` is the broadcast). */
export const ADDRESS_MIN = 1;
export const ADDRESS_MAX = 7;
/**
 * Preset numbers in `8x 01 04 3F 0p pp FF`. Sony's own ranges differ per model (BRC-H900: 0-15;
 * later models more), clones go to 254. Our choice: 0..127, so `pp` is always a 7-bit data byte and
 * can never be read as a header (bit 7) or the terminator `FF`. A number the camera lacks is
 * answered with an error, which the driver reports.
 */
export const PRESET_MIN = 0;
export const PRESET_MAX = 127;
/** Sony: "This unit has 2 sockets for the command"; `8x 2p FF`, p = 1 or 2. */
export const SOCKET_MAX = 2;

export type ViscaCommand =
  /** CAM_Memory Recall `8x 01 04 3F 02 pp FF` (fact sheet). */
  | { type: 'preset_recall'; preset: number }
  /** CAM_Memory Set `8x 01 04 3F 01 pp FF` (fact sheet). */
  | { type: 'preset_store'; preset: number }
  /** CAM_PowerInq `8x 09 04 00 FF` → `y0 50 02 FF` on / `y0 50 03 FF` standby (Sony, fact sheet). */
  | { type: 'power_inquiry' }
  /** CAM_Power `8x 01 04 00 02 FF` on / `8x 01 04 00 03 FF` standby (Sony). */
  | { type: 'power'; on: boolean }
  /** IF_Clear for x `8x 01 00 01 FF` → `z0 50 FF`, no ACK (Sony). */
  | { type: 'if_clear' }
  /** Command Cancel `8x 2p FF` → `z0 6p 04 FF` cancelled / `z0 6p 05 FF` no socket (Sony). */
  | { type: 'cancel'; socket: number }
  /** Address Set (broadcast) `88 30 01 FF` → `88 30 0n FF`, n = cameras + 1 (Sony; serial only). */
  | { type: 'address_set' }
  /** IF_Clear (broadcast) `88 01 00 01 FF` → the same bytes back (Sony; serial only). */
  | { type: 'if_clear_broadcast' };

export type ViscaCommandType = ViscaCommand['type'];

function bad(message: string): BridgeError {
  return new BridgeError('E_BAD_COMMAND', message);
}

function int(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw bad(`${name} must be an integer ${min}..${max}, got ${String(v)}`);
  }
  return v;
}

/**
 * The VISCA packet for a command, header to `FF`. Throws BridgeError('E_BAD_COMMAND') for an unknown
 * command or a value out of range. Commands reach us from JSON, so the shape is checked at runtime.
 */
export function encode(cmd: ViscaCommand, address = 1): Buffer {
  const c = cmd as { type?: unknown; preset?: unknown; on?: unknown; socket?: unknown } | null;
  const type = typeof c?.type === 'string' ? c.type : '';
  if (type === 'address_set') return Buffer.from([0x88, 0x30, 0x01, 0xff]);
  if (type === 'if_clear_broadcast') return Buffer.from([0x88, 0x01, 0x00, 0x01, 0xff]);
  const header = 0x80 | int('camera address', address, ADDRESS_MIN, ADDRESS_MAX);
  switch (type) {
    case 'preset_recall':
    case 'preset_store': {
      const preset = int('preset', c!.preset, PRESET_MIN, PRESET_MAX);
      return Buffer.from([header, 0x01, 0x04, 0x3f, type === 'preset_recall' ? 0x02 : 0x01, preset, 0xff]);
    }
    case 'power_inquiry':
      return Buffer.from([header, 0x09, 0x04, 0x00, 0xff]);
    case 'power':
      if (typeof c!.on !== 'boolean') throw bad('power needs on: boolean');
      return Buffer.from([header, 0x01, 0x04, 0x00, c!.on ? 0x02 : 0x03, 0xff]);
    case 'if_clear':
      return Buffer.from([header, 0x01, 0x00, 0x01, 0xff]);
    case 'cancel':
      return Buffer.from([header, 0x20 | int('socket', c!.socket, 1, SOCKET_MAX), 0xff]);
    default:
      throw bad(`unknown VISCA command ${JSON.stringify(type)}`);
  }
}

/** Which VISCA-over-IP payload type carries a command (Sony: `01 00` command, `01 10` inquiry). */
export function ipTypeOf(cmd: ViscaCommand): 'command' | 'inquiry' {
  return cmd.type === 'power_inquiry' ? 'inquiry' : 'command';
}

/** Whether the camera answers with an ACK first (commands) or directly (inquiries, IF_Clear, broadcasts). */
export function expectsAck(cmd: ViscaCommand): boolean {
  return cmd.type === 'preset_recall' || cmd.type === 'preset_store' || cmd.type === 'power';
}

/** A VISCA-over-IP datagram: the 8-byte header (Sony) and the payload. */
export function encodeIp(type: IpPayloadType, sequence: number, payload: Uint8Array): Buffer {
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > IP_SEQUENCE_MAX) {
    throw bad(`sequence number must be 0..${IP_SEQUENCE_MAX}, got ${sequence}`);
  }
  if (payload.length < 1 || payload.length > IP_MAX_PAYLOAD) {
    throw bad(`payload must be 1..${IP_MAX_PAYLOAD} bytes, got ${payload.length}`);
  }
  const out = Buffer.alloc(IP_HEADER_BYTES + payload.length);
  out.writeUInt16BE(IP_PAYLOAD_TYPES[type], 0);
  out.writeUInt16BE(payload.length, 2);
  out.writeUInt32BE(sequence, 4);
  out.set(payload, IP_HEADER_BYTES);
  return out;
}

/**
 * Sony: control command RESET (payload `01`) "resets the sequence number to 0. The value that was
 * set as the sequence number is ignored"; the camera answers with control reply `01`.
 */
export function encodeIpReset(sequence = 0): Buffer {
  return encodeIp('control', sequence, Buffer.from([0x01]));
}

/** Over IP the camera address is fixed at 1 (Sony ILME-FR7 / BRC lists: "y = 9 (fixed) for VISCA over IP"). */
export const IP_ADDRESS = 1;

/** Sony error codes in `z0 6y ee FF`. */
export const ERROR_REASONS = {
  1: 'message_length',
  2: 'syntax',
  3: 'buffer_full',
  4: 'cancelled',
  5: 'no_socket',
  65: 'not_executable',
} as const;
export type ViscaErrorReason = (typeof ERROR_REASONS)[keyof typeof ERROR_REASONS] | 'unknown';

export type ViscaReply =
  /** `z0 4y FF`: the command was accepted into socket y. */
  | { type: 'ack'; address: number; socket: number }
  /** `z0 5y FF`: the command in socket y was executed (y = 0 for IF_Clear). */
  | { type: 'completion'; address: number; socket: number }
  /** `z0 50 .. FF`: an inquiry's answer (no ACK comes first). `data` excludes header, 50 and FF. */
  | { type: 'inquiry_reply'; address: number; data: number[] }
  /** `z0 6y ee FF`. */
  | { type: 'error'; address: number; socket: number; code: number; reason: ViscaErrorReason }
  /** `88 30 0n FF`, the Address Set reply: n = the number of cameras on the chain + 1. */
  | { type: 'address_set'; next: number }
  /** `88 01 00 01 FF`, the broadcast IF_Clear coming back round the chain. */
  | { type: 'if_clear_broadcast' }
  /** `z0 38 FF`: Network Change, a camera was connected to or removed from the chain. */
  | { type: 'network_change'; address: number }
  /** Anything else (a packet for or from someone else, a reply we do not know): counted, not an error. */
  | { type: 'unknown'; bytes: number[] };

/**
 * Decode one camera → controller packet (header to FF, as the framer or an IP payload gives it).
 * Sony: the camera's header is `(x + 8) 0`: bit 7, sender x in bits 6-4, receiver 0 (the controller).
 * Never throws.
 */
export function decode(packet: Uint8Array): ViscaReply {
  const bytes = [...packet];
  const unknown: ViscaReply = { type: 'unknown', bytes };
  const n = bytes.length;
  if (n < 3 || bytes[n - 1] !== 0xff) return unknown;
  const h = bytes[0]!;
  if (h === 0x88) {
    if (n === 4 && bytes[1] === 0x30 && bytes[2]! >= 0x01 && bytes[2]! <= 0x08) {
      return { type: 'address_set', next: bytes[2]! };
    }
    if (n === 5 && bytes[1] === 0x01 && bytes[2] === 0x00 && bytes[3] === 0x01) {
      return { type: 'if_clear_broadcast' };
    }
    return unknown;
  }
  // Camera → controller: receiver bits (2-0) are 0 and bit 3 (broadcast) is clear.
  if ((h & 0x8f) !== 0x80) return unknown;
  const address = (h >> 4) & 0x07;
  if (address < ADDRESS_MIN) return unknown;
  const kind = bytes[1]! & 0xf0;
  const socket = bytes[1]! & 0x0f;
  if (kind === 0x40 && n === 3) return { type: 'ack', address, socket };
  if (kind === 0x50 && n === 3) return { type: 'completion', address, socket };
  // Inquiry replies always come as socket 0: `y0 50 ...` (Sony "Completion (Inquiries) X0 5Y ... FF").
  if (bytes[1] === 0x50 && n > 3) return { type: 'inquiry_reply', address, data: bytes.slice(2, n - 1) };
  if (kind === 0x60 && n === 4) {
    const code = bytes[2]!;
    const reason = (ERROR_REASONS as Record<number, ViscaErrorReason>)[code] ?? 'unknown';
    return { type: 'error', address, socket, code, reason };
  }
  if (bytes[1] === 0x38 && n === 3) return { type: 'network_change', address };
  return unknown;
}

export type PowerState = 'on' | 'standby' | 'power_error';

/** CAM_PowerInq answer data: `02` on, `03` off (standby), `04` internal power circuit error (Sony EVI lists). */
export function decodePower(data: readonly number[]): PowerState | undefined {
  if (data.length !== 1) return undefined;
  return data[0] === 0x02
    ? 'on'
    : data[0] === 0x03
      ? 'standby'
      : data[0] === 0x04
        ? 'power_error'
        : undefined;
}

export type IpControlMessage =
  /** Control reply `01`: the ACK of RESET. */
  | { type: 'reset_ack' }
  /** Control `0F 01`: "Abnormality in the sequence number" (a duplicate, or already performed). */
  | { type: 'sequence_error' }
  /** Control `0F 02`: "Abnormality in the message (message type)". */
  | { type: 'message_error' }
  | { type: 'unknown'; bytes: number[] };

/**
 * A control (`02 00`) or control reply (`02 01`) payload. Sony lists ERROR `0F yy` among the control
 * command payloads and `01` (ACK of RESET) as the control reply; cameras differ in which type they
 * put an error under, so both are read the same way.
 */
export function decodeControl(payload: Uint8Array): IpControlMessage {
  if (payload.length === 1 && payload[0] === 0x01) return { type: 'reset_ack' };
  if (payload.length === 2 && payload[0] === 0x0f) {
    if (payload[1] === 0x01) return { type: 'sequence_error' };
    if (payload[1] === 0x02) return { type: 'message_error' };
  }
  return { type: 'unknown', bytes: [...payload] };
}

/** For logs and the technician page: `81 01 04 3F 02 05 FF`. */
export function hex(bytes: Uint8Array | readonly number[]): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}
