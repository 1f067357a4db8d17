// VISCA framing, both ways it reaches us.
//
// Serial (RS-232 / RS-422, and raw VISCA over TCP): a byte stream of packets. Sony's command lists
// (BRC-H900 / BRC-Z330 "VISCA Communication Specifications"; the same table in the FCB block-camera
// lists): a packet is a header byte (bit 7 set: `1 sss 0 rrr`, sender and receiver address), one or
// more message bytes, and the terminator `FF`; 3 to 16 bytes in all. `FF` never occurs inside a
// message, so the terminator alone delimits packets, and a run of 16 bytes without one is noise: it is
// discarded and the framer resynchronises at the next `FF`.
//
// VISCA over IP (Sony SRG-300H / BRC-X400 command lists, "VISCA over IP"): one UDP datagram is one
// message: an 8-byte header (payload type 2 bytes, payload length 2 bytes, sequence number 4 bytes,
// all big-endian) and a payload of 1 to 16 bytes.
//
// Per ARCHITECTURE.md a framer never throws and never grows without bound: whatever cannot be a
// message is reported (reason and byte count) and skipped.

/** Sony: "a packet ... 3 to 16 bytes" (header + message of up to 14 bytes + FF). */
export const VISCA_MAX_PACKET = 16;
export const VISCA_MIN_PACKET = 3;
export const VISCA_TERMINATOR = 0xff;

export type ViscaDiscardReason =
  /** Bytes that cannot start a packet (no header bit), or a lone `FF`. */
  | 'garbage'
  /** A header and `FF` with nothing between: shorter than Sony's 3-byte minimum. */
  | 'too_short'
  /** 16 bytes without a terminator: dropped, resynchronised at the next `FF`. */
  | 'too_long'
  | 'not_bytes';

export interface ViscaDiscard {
  reason: ViscaDiscardReason;
  bytes: number;
}

export interface ViscaFramerOutput {
  /** Whole packets, header to `FF` inclusive. Copies: safe to keep. */
  frames: Buffer[];
  discarded: ViscaDiscard[];
}

/** Serial VISCA bytes → packets. `push()` never throws; the buffer never exceeds 16 bytes. */
export class ViscaFramer {
  #buf = Buffer.alloc(VISCA_MAX_PACKET);
  #len = 0;
  /** Bytes of noise seen since the last report (reported when a packet starts or ends the run). */
  #garbage = 0;
  /** > 0 while skipping an over-long run to the next `FF`: its length so far. */
  #skipping = 0;

  /** Bytes of an unfinished packet held in memory; never more than 16. */
  get bufferedBytes(): number {
    return this.#len;
  }

  push(chunk: Uint8Array): ViscaFramerOutput {
    const out: ViscaFramerOutput = { frames: [], discarded: [] };
    if (!(chunk instanceof Uint8Array)) {
      out.discarded.push({ reason: 'not_bytes', bytes: 0 });
      return out;
    }
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.#skipping > 0) {
        this.#skipping++;
        if (b === VISCA_TERMINATOR) {
          out.discarded.push({ reason: 'too_long', bytes: this.#skipping });
          this.#skipping = 0;
        }
        continue;
      }
      if (this.#len === 0) {
        // Between packets only a header byte (bit 7 set, not FF) can start one; anything else is noise.
        if (b < 0x80 || b === VISCA_TERMINATOR) {
          this.#garbage++;
          continue;
        }
        this.#flushGarbage(out);
        this.#buf[this.#len++] = b;
        continue;
      }
      this.#buf[this.#len++] = b;
      if (b === VISCA_TERMINATOR) {
        if (this.#len < VISCA_MIN_PACKET) out.discarded.push({ reason: 'too_short', bytes: this.#len });
        else out.frames.push(Buffer.from(this.#buf.subarray(0, this.#len)));
        this.#len = 0;
      } else if (this.#len === VISCA_MAX_PACKET) {
        // 16 bytes and still no terminator: not a VISCA packet. Skip to the next FF, counting.
        this.#skipping = this.#len;
        this.#len = 0;
      }
    }
    // A run of noise at the end of a chunk is reported now, so a flood with no header is still seen.
    this.#flushGarbage(out);
    return out;
  }

  /** Forget the unfinished packet (after a reconnect its head belongs to a dead connection). */
  reset(): void {
    this.#len = 0;
    this.#skipping = 0;
    this.#garbage = 0;
  }

  #flushGarbage(out: ViscaFramerOutput): void {
    if (this.#garbage === 0) return;
    out.discarded.push({ reason: 'garbage', bytes: this.#garbage });
    this.#garbage = 0;
  }
}

// ---- VISCA over IP ----

/** Sony "VISCA over IP", payload type (bytes 0-1 of the header). */
export const IP_PAYLOAD_TYPES = {
  command: 0x0100,
  inquiry: 0x0110,
  reply: 0x0111,
  device_setting: 0x0120,
  control: 0x0200,
  control_reply: 0x0201,
} as const;
export type IpPayloadType = keyof typeof IP_PAYLOAD_TYPES;

const TYPE_BY_CODE = new Map<number, IpPayloadType>(
  Object.entries(IP_PAYLOAD_TYPES).map(([name, code]) => [code, name as IpPayloadType]),
);

export const IP_HEADER_BYTES = 8;
/** Sony: "the number of bytes (1 to 16) of data stored on the payload". */
export const IP_MAX_PAYLOAD = 16;
/** Sequence numbers are 32-bit unsigned and wrap to 0 (Sony: "If the sequence number reaches the limit, next value will be 0"). */
export const IP_SEQUENCE_MAX = 0xffff_ffff;

export interface IpDatagram {
  type: IpPayloadType;
  sequence: number;
  /** A copy: safe to keep. */
  payload: Buffer;
}

export type IpParseError =
  /** Shorter than the 8-byte header: not even a sequence number to answer. */
  | 'short_header'
  /** The length field says more bytes than arrived. */
  | 'truncated'
  /** More bytes arrived than the length field says. */
  | 'length_mismatch'
  /** Length field 0 or above 16. */
  | 'bad_length'
  | 'unknown_type'
  | 'not_bytes';

export type IpParseResult =
  | { ok: true; datagram: IpDatagram }
  | {
      ok: false;
      reason: IpParseError;
      bytes: number;
      /** Present when the header could be read: lets a camera (or the simulator) answer the sender. */
      sequence?: number;
    };

/** One UDP datagram → a VISCA-over-IP message, or why it is not one. Never throws. */
export function parseIpDatagram(datagram: Uint8Array): IpParseResult {
  if (!(datagram instanceof Uint8Array)) return { ok: false, reason: 'not_bytes', bytes: 0 };
  const bytes = datagram.length;
  if (bytes < IP_HEADER_BYTES) return { ok: false, reason: 'short_header', bytes };
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const code = view.getUint16(0);
  const length = view.getUint16(2);
  const sequence = view.getUint32(4);
  const type = TYPE_BY_CODE.get(code);
  if (type === undefined) return { ok: false, reason: 'unknown_type', bytes, sequence };
  if (length < 1 || length > IP_MAX_PAYLOAD) return { ok: false, reason: 'bad_length', bytes, sequence };
  const actual = bytes - IP_HEADER_BYTES;
  if (actual < length) return { ok: false, reason: 'truncated', bytes, sequence };
  if (actual > length) return { ok: false, reason: 'length_mismatch', bytes, sequence };
  return {
    ok: true,
    datagram: { type, sequence, payload: Buffer.from(datagram.subarray(IP_HEADER_BYTES)) },
  };
}
