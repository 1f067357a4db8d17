// Behringer X32 / Midas M32 over OSC: typed host → mixer requests to datagrams, mixer → host
// datagrams to a discriminated union. The OSC bytes themselves are node-osc's (`encode`/`decode`,
// OSC 1.0); this file adds what node-osc does not check and what the X32 means by each address.
//
// Sources, cited below by short name:
// - "OSC 1.0": the Open Sound Control 1.0 specification (opensoundcontrol.org/spec-1_0): strings are
//   NUL-terminated and NUL-padded to a multiple of 4 bytes, the type tag string starts with ',',
//   int32 / float32 / blob size are big-endian, a bundle is "#bundle\0", an 8-byte time tag, then
//   elements each prefixed with an int32 size (a multiple of 4).
// - "Maillot": Patrick-Gilles Maillot, "Unofficial X32/M32 OSC Remote Protocol" (UDP 10023,
//   /xinfo /info /status /xremote, a query is the address without arguments, a set is the address
//   with one argument, /ch/01..32, /auxin/01..08, /bus/01..16).
// - "fact sheet": shared/protocols/conference-systems.md, X32 / M32 paragraph
//   (`/ch/01/mix/on` 0|1, `/ch/01/mix/fader` 0.0-1.0).
// - "ardour-dev 2016-05-14": X32 / M32 faders are 1024 steps; the mixer sends level = index / 1023
//   and rounds a received float to the nearest step.
//
// decodeDatagram never throws: garbage comes back as `{type:'malformed'}` for the driver to count.
import { decode as oscDecode, encode as oscEncode } from 'node-osc';
import { BridgeError } from '../../contract/device.ts';

/** Input / output strips a seat's microphone can be patched to (Maillot). */
export const STRIP_KINDS = ['ch', 'auxin', 'bus'] as const;
export type StripKind = (typeof STRIP_KINDS)[number];
/** Maillot: /ch/01..32, /auxin/01..08, /bus/01..16 (two digits, zero-padded). */
export const STRIP_COUNT: Readonly<Record<StripKind, number>> = { ch: 32, auxin: 8, bus: 16 };

export interface Strip {
  kind: StripKind;
  /** 1-based, as on the desk. */
  n: number;
}

/** The parameters of a strip the driver reads or writes. */
export type StripParam = 'on' | 'fader' | 'name';
const PARAM_PATH: Readonly<Record<StripParam, string>> = {
  on: 'mix/on',
  fader: 'mix/fader',
  name: 'config/name',
};

/** ardour-dev 2016-05-14: fader index 0..1023, level = index / 1023. */
export const FADER_STEPS = 1024;
/** Two levels closer than one fader step are the same level once the mixer has rounded them. */
export const FADER_TOLERANCE = 1 / (FADER_STEPS - 1);

/** The largest datagram we decode. X32 replies are tens of bytes; a bigger one is not for us. */
export const MAX_DATAGRAM_BYTES = 8192;
/** Bundles within bundles: the X32 sends none; a few levels for other OSC senders, no more. */
const MAX_BUNDLE_DEPTH = 4;
/** Maillot: channel names are at most 12 characters; anything much longer is not a name. */
const MAX_NAME_CHARS = 64;

/** `ch/05`: the strip part of its OSC addresses, also its key in options, alarms and details. */
export function stripKey(strip: Strip): string {
  return `${strip.kind}/${String(strip.n).padStart(2, '0')}`;
}

/**
 * A strip from options or a technician command: a number 1..32 is `/ch/NN` (the common case: one
 * microphone per input channel), or a string `ch/05`, `auxin/02`, `bus/12` (two digits, as the
 * addresses have them). undefined for anything else.
 */
export function parseStrip(value: unknown): Strip | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 && value <= STRIP_COUNT.ch
      ? { kind: 'ch', n: value }
      : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const m = /^(ch|auxin|bus)\/(\d\d)$/.exec(value);
  if (!m) return undefined;
  const kind = m[1] as StripKind;
  const n = Number(m[2]);
  return n >= 1 && n <= STRIP_COUNT[kind] ? { kind, n } : undefined;
}

/** Host → mixer. Maillot: a query is the address alone; a set is the address with one argument. */
export type X32Request =
  /** Maillot: `/xinfo` → `/xinfo ,ssss ip name model version`; `/info` → `/info ,ssss`. */
  | { type: 'xinfo' }
  | { type: 'info' }
  /** Maillot: `/status` → `/status ,sss state ip name`. */
  | { type: 'status' }
  /** Maillot: subscribe to change notifications for ~10 s; renew before it runs out. */
  | { type: 'xremote' }
  | { type: 'query'; strip: Strip; param: StripParam }
  /** `/ch/NN/mix/on ,i 1|0`: ON = 1 means the channel is unmuted (fact sheet, Maillot). */
  | { type: 'set_on'; strip: Strip; on: boolean }
  /** `/ch/NN/mix/fader ,f 0.0..1.0` (fact sheet). */
  | { type: 'set_fader'; strip: Strip; level: number };

export interface EncodeOptions {
  /**
   * A query without arguments: OSC 1.0 writes the type tag string `,` (4 bytes `,\0\0\0`), and that is
   * what node-osc always writes; Maillot's examples show the address alone. Our choice: the OSC 1.0 form
   * (default false); true strips the empty type tag string.
   */
  bareQueries?: boolean;
}

function bad(message: string): BridgeError {
  return new BridgeError('E_BAD_COMMAND', message);
}

function checkedStrip(value: unknown): Strip {
  const s = value as Partial<Strip> | undefined;
  const kind = s?.kind;
  if (
    typeof kind !== 'string' ||
    !(STRIP_KINDS as readonly string[]).includes(kind) ||
    typeof s?.n !== 'number' ||
    !Number.isInteger(s.n) ||
    s.n < 1 ||
    s.n > STRIP_COUNT[kind as StripKind]
  ) {
    throw bad(`not an X32 strip: ${JSON.stringify(value)} (ch 1..32, auxin 1..8, bus 1..16)`);
  }
  return { kind: kind as StripKind, n: s.n };
}

/** The OSC address of a strip parameter, e.g. `/ch/05/mix/on`. */
export function stripAddress(strip: Strip, param: StripParam): string {
  return `/${stripKey(strip)}/${PARAM_PATH[param]}`;
}

/** The datagram for a request; throws BridgeError('E_BAD_COMMAND') for bad input (it comes from JSON). */
export function encodeRequest(request: X32Request, options: EncodeOptions = {}): Buffer {
  const r = request as { type?: unknown } & Record<string, unknown>;
  let address: string;
  let args: { type: 'i' | 'f'; value: number }[] = [];
  switch (r?.type) {
    case 'xinfo':
    case 'info':
    case 'status':
    case 'xremote':
      address = `/${r.type}`;
      break;
    case 'query': {
      const param = r.param;
      if (param !== 'on' && param !== 'fader' && param !== 'name')
        throw bad(`unknown parameter ${String(param)}`);
      address = stripAddress(checkedStrip(r.strip), param);
      break;
    }
    case 'set_on':
      if (typeof r.on !== 'boolean') throw bad('set_on needs on: boolean');
      address = stripAddress(checkedStrip(r.strip), 'on');
      args = [{ type: 'i', value: r.on ? 1 : 0 }];
      break;
    case 'set_fader': {
      const level = r.level;
      if (typeof level !== 'number' || !Number.isFinite(level) || level < 0 || level > 1) {
        throw bad(`fader level must be a number 0..1, got ${String(level)}`);
      }
      address = stripAddress(checkedStrip(r.strip), 'fader');
      args = [{ type: 'f', value: level }];
      break;
    }
    default:
      throw bad(`unknown X32 request ${JSON.stringify(r?.type)}`);
  }
  const bytes: Buffer = oscEncode({ oscType: 'message', address, args });
  if (args.length === 0 && options.bareQueries) {
    // The address part: the string, its NUL and the padding to 4 (OSC 1.0); the `,\0\0\0` follows.
    return bytes.subarray(0, (Buffer.byteLength(address) + 4) & ~3);
  }
  return bytes;
}

export type OscArg = number | string | boolean | null | Buffer;

/** Mixer → host, one per OSC message (a bundle gives several). */
export type X32Message =
  | { type: 'xinfo'; ip: string; name: string; model: string; version: string }
  | { type: 'info'; serverVersion: string; serverName: string; model: string; version: string }
  | { type: 'status'; state: string; ip: string; name: string }
  | { type: 'on'; strip: Strip; on: boolean }
  | { type: 'fader'; strip: Strip; level: number }
  | { type: 'name'; strip: Strip; name: string }
  /** Well-formed OSC the driver does not model (or with the wrong argument types): counted, not used. */
  | { type: 'unknown'; address: string; tags: string; args: OscArg[]; reason: string }
  /** Not OSC at all: truncated, bad padding, unknown type tags, oversized… counted by the driver. */
  | { type: 'malformed'; reason: string; length: number };

interface Walked {
  /** Type tags of each message, depth-first in bundle order (node-osc's decode drops them). */
  tags: string[];
}

/** OSC 1.0: a string ends with a NUL and is padded with NULs to a multiple of 4. Returns the next offset. */
function skipString(buf: Buffer, offset: number, what: string): number | string {
  const end = buf.indexOf(0, offset);
  if (end < 0) return `${what}: no NUL terminator`;
  const next = (end + 4) & ~3;
  if (next > buf.length) return `${what}: padding runs past the end`;
  for (let i = end + 1; i < next; i++) if (buf[i] !== 0) return `${what}: non-zero padding`;
  return next;
}

const SUPPORTED_TAGS = 'ifsbTFNm';

/**
 * Checks the OSC 1.0 layout node-osc's decode does not (padding bytes, trailing bytes, sizes that are
 * multiples of 4, nesting depth) and collects the type tags. Returns the reason when the bytes are not
 * a well-formed OSC packet.
 */
function walk(buf: Buffer, depth: number, out: Walked): string | undefined {
  if (buf.length === 0) return 'empty';
  if (buf.length % 4 !== 0) return `length ${buf.length} is not a multiple of 4`;
  if (buf[0] === 0x23 /* '#' */) {
    if (buf.subarray(0, 8).toString('latin1') !== '#bundle\0') return 'starts with # but is not a bundle';
    if (depth >= MAX_BUNDLE_DEPTH) return 'bundles nested too deep';
    if (buf.length < 16) return 'bundle shorter than its header';
    let offset = 16; // "#bundle\0" + the 8-byte time tag
    while (offset < buf.length) {
      if (offset + 4 > buf.length) return 'bundle element size truncated';
      const size = buf.readInt32BE(offset);
      offset += 4;
      if (size <= 0 || size % 4 !== 0 || offset + size > buf.length) return `bad bundle element size ${size}`;
      const inner = walk(buf.subarray(offset, offset + size), depth + 1, out);
      if (inner) return `in bundle: ${inner}`;
      offset += size;
    }
    return undefined;
  }
  if (buf[0] !== 0x2f /* '/' */) return 'address does not start with /';
  const afterAddress = skipString(buf, 0, 'address');
  if (typeof afterAddress === 'string') return afterAddress;
  // OSC 1.0: an address is printable ASCII without spaces.
  for (let i = 0; i < afterAddress && buf[i] !== 0; i++) {
    if (buf[i]! < 0x21 || buf[i]! > 0x7e) return 'address has a non-printable byte';
  }
  // OSC 1.0 lets old senders omit the type tag string; the X32 always sends one (Maillot), and
  // node-osc cannot decode a message without it, so such a datagram is not ours.
  if (afterAddress === buf.length) return 'no type tag string';
  if (buf[afterAddress] !== 0x2c /* ',' */) return 'type tag string does not start with ,';
  const afterTags = skipString(buf, afterAddress, 'type tags');
  if (typeof afterTags === 'string') return afterTags;
  const tags = buf.subarray(afterAddress + 1, buf.indexOf(0, afterAddress)).toString('latin1');
  let offset = afterTags;
  for (const tag of tags) {
    if (!SUPPORTED_TAGS.includes(tag)) return `unsupported type tag ${JSON.stringify(tag)}`;
    if (tag === 'i' || tag === 'f' || tag === 'm') {
      offset += 4;
      if (offset > buf.length) return `argument ${tag} truncated`;
    } else if (tag === 's') {
      if (offset >= buf.length) return 'string argument truncated';
      const next = skipString(buf, offset, 'string argument');
      if (typeof next === 'string') return next;
      offset = next;
    } else if (tag === 'b') {
      if (offset + 4 > buf.length) return 'blob size truncated';
      const size = buf.readInt32BE(offset);
      const next = offset + 4 + ((size + 3) & ~3);
      if (size < 0 || next > buf.length) return `bad blob size ${size}`;
      for (let i = offset + 4 + size; i < next; i++) if (buf[i] !== 0) return 'blob: non-zero padding';
      offset = next;
    }
  }
  if (offset !== buf.length) return `${buf.length - offset} trailing bytes after the arguments`;
  out.tags.push(tags);
  return undefined;
}

interface RawMessage {
  address: string;
  args: OscArg[];
}

/** node-osc's decoded tree → messages in order (depth-first). */
function flatten(node: unknown, out: RawMessage[]): void {
  const n = node as { oscType?: string; address?: string; args?: { value: OscArg }[]; elements?: unknown[] };
  if (n.oscType === 'bundle') for (const e of n.elements ?? []) flatten(e, out);
  else out.push({ address: String(n.address), args: (n.args ?? []).map((a) => a.value) });
}

const STRIP_ADDRESS = /^\/(ch|auxin|bus)\/(\d\d)\/(mix\/on|mix\/fader|config\/name)$/;

/** One well-formed OSC message → what it means on an X32. */
function interpret(address: string, tags: string, args: OscArg[]): X32Message {
  const unknown = (reason: string): X32Message => ({ type: 'unknown', address, tags, args, reason });
  const strings = (n: number) => tags === 's'.repeat(n);
  switch (address) {
    case '/xinfo':
      // Maillot: `/xinfo ,ssss <ip> <name> <model> <version>`.
      if (!strings(4)) return unknown('expected ,ssss');
      return {
        type: 'xinfo',
        ip: args[0] as string,
        name: args[1] as string,
        model: args[2] as string,
        version: args[3] as string,
      };
    case '/info':
      // Maillot: `/info ,ssss <server version> <server name> <console model> <console version>`.
      if (!strings(4)) return unknown('expected ,ssss');
      return {
        type: 'info',
        serverVersion: args[0] as string,
        serverName: args[1] as string,
        model: args[2] as string,
        version: args[3] as string,
      };
    case '/status':
      // Maillot: `/status ,sss <state> <ip> <server name>`, state e.g. `active`.
      if (!strings(3)) return unknown('expected ,sss');
      return { type: 'status', state: args[0] as string, ip: args[1] as string, name: args[2] as string };
  }
  const m = STRIP_ADDRESS.exec(address);
  if (!m) return unknown('not an address this driver uses');
  const kind = m[1] as StripKind;
  const n = Number(m[2]);
  if (n < 1 || n > STRIP_COUNT[kind]) return unknown(`${kind} ${n} does not exist on an X32`);
  const strip: Strip = { kind, n };
  const value = args[0];
  switch (m[3]) {
    case 'mix/on':
      // Maillot: `,i` 0 = OFF (muted), 1 = ON.
      if (tags !== 'i' || (value !== 0 && value !== 1)) return unknown('mix/on must be ,i 0|1');
      return { type: 'on', strip, on: value === 1 };
    case 'mix/fader':
      if (tags !== 'f' || typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        return unknown('mix/fader must be ,f 0.0..1.0');
      }
      return { type: 'fader', strip, level: value };
    default:
      if (tags !== 's' || typeof value !== 'string' || value.length > MAX_NAME_CHARS) {
        return unknown('config/name must be ,s');
      }
      return { type: 'name', strip, name: value };
  }
}

export interface DecodeOptions {
  /** Larger datagrams are `malformed` without being parsed. Default MAX_DATAGRAM_BYTES. */
  maxBytes?: number;
}

/**
 * One UDP datagram (a whole OSC packet: UDP keeps message boundaries) → its messages. A bundle gives
 * one entry per message inside; anything that is not well-formed OSC gives one `malformed` entry.
 * Never throws.
 */
export function decodeDatagram(datagram: Buffer, options: DecodeOptions = {}): X32Message[] {
  const length = datagram.length;
  if (length > (options.maxBytes ?? MAX_DATAGRAM_BYTES)) {
    return [{ type: 'malformed', reason: `oversized (${length} bytes)`, length }];
  }
  const walked: Walked = { tags: [] };
  const reason = walk(datagram, 0, walked);
  if (reason) return [{ type: 'malformed', reason, length }];
  const raw: RawMessage[] = [];
  try {
    flatten(oscDecode(datagram), raw);
  } catch (err) {
    // The layout check above should leave node-osc nothing to reject; if it does, it is still garbage.
    return [{ type: 'malformed', reason: `node-osc: ${(err as Error).message}`, length }];
  }
  if (raw.length !== walked.tags.length) {
    return [{ type: 'malformed', reason: 'message count disagrees with the layout', length }];
  }
  return raw.map((m, i) => interpret(m.address, walked.tags[i]!, m.args));
}
