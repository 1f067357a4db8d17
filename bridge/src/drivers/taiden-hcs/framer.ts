// Cuts the Taiden HCS unit → host byte stream into frames (shared/protocols/conference-systems.md,
// "Taiden HCS central-control protocol", the "fact sheet"). Per ARCHITECTURE.md a framer is
// `push(bytes) → { frames, discarded }` with a bounded buffer: garbage is reported and skipped,
// never thrown.
//
// The protocol has "no checksum" and no frame end, so a frame is found by its header byte and its
// length alone:
//   E6 <state> <count> id…                      mic-state stream (length per MicStreamLayout)
//   E3 presH presL yesH yesL noH noL abstH abstL  vote result, 9 bytes
//   E5 idH idL                                  camera preset call / panorama, 3 bytes
// A byte that is not one of these headers while no frame is open is skipped. A frame that turns
// out impossible for the layout (count too large, an id 0, the same id twice, padding not zero) was
// not a frame: its first byte is dropped and the bytes after it are scanned again, one by one, so
// a real header hidden inside the false frame is still found. A frame left unfinished for
// `staleMs` is treated the same way: at 9600 baud a 15-byte frame takes 16 ms, so a long gap means
// the header was a stray byte (line noise, a cable plugged mid-frame), not a slow frame.
import {
  CAMERA_FRAME_BYTES,
  DEFAULT_MIC_STREAM_LAYOUT,
  HEADER_CAMERA,
  HEADER_CONTROL,
  HEADER_MIC,
  MIC_STREAM_SLOTS_MAX,
  type MicStreamLayout,
  micStateFrameLength,
  toHex,
  VOTE_RESULT_BYTES,
} from './codec.ts';

export interface TaidenFramerOptions {
  micStream?: Partial<MicStreamLayout>;
  /** An unfinished frame older than this is resynchronised. Default 250 ms (see the header comment). */
  staleMs?: number;
}

/**
 * `no_header`: bytes outside any frame; `implausible`: a header whose frame is impossible for the
 * layout; `stale`: a header whose frame never finished; `not_bytes`: push() got something else.
 */
export type DiscardReason = 'no_header' | 'implausible' | 'stale' | 'not_bytes';

export interface Discard {
  reason: DiscardReason;
  /** Bytes thrown away (for implausible / stale: the one header byte; the rest is scanned again). */
  bytes: number;
  /** What the bytes were, for the log: up to 16 bytes (for implausible / stale: the false frame). */
  hex: string;
}

export interface TaidenFramerOutput {
  frames: Buffer[];
  discarded: Discard[];
}

const SAMPLE_BYTES = 16;

export class TaidenFramer {
  readonly layout: Readonly<MicStreamLayout>;
  /** The longest frame this layout can carry; the buffer never holds more. */
  readonly maxFrameBytes: number;
  readonly staleMs: number;
  #buf: Buffer;
  #len = 0;
  /** When the last byte of the unfinished frame arrived. */
  #lastAt = 0;
  /** A run of skipped bytes not yet reported: reported as one discard when the run ends. */
  #skipped = 0;
  #skipSample: number[] = [];

  constructor(options: TaidenFramerOptions = {}) {
    const layout = { ...DEFAULT_MIC_STREAM_LAYOUT, ...options.micStream };
    // Construction is configuration (validated once at start), so this may throw; push() never does.
    if (layout.layout !== 'fixed' && layout.layout !== 'count')
      throw new RangeError('layout must be fixed | count');
    if (!Number.isInteger(layout.slots) || layout.slots < 1 || layout.slots > MIC_STREAM_SLOTS_MAX) {
      throw new RangeError(`slots must be 1..${MIC_STREAM_SLOTS_MAX}, got ${layout.slots}`);
    }
    if (layout.idBytes !== 1 && layout.idBytes !== 2) throw new RangeError('idBytes must be 1 or 2');
    const staleMs = options.staleMs ?? 250;
    if (!(staleMs > 0)) throw new RangeError(`staleMs must be > 0, got ${staleMs}`);
    this.layout = Object.freeze(layout);
    this.staleMs = staleMs;
    this.maxFrameBytes = Math.max(3 + layout.slots * layout.idBytes, VOTE_RESULT_BYTES, CAMERA_FRAME_BYTES);
    this.#buf = Buffer.alloc(this.maxFrameBytes);
  }

  /** Bytes of the unfinished frame held in memory; always below `maxFrameBytes`. */
  get bufferedBytes(): number {
    return this.#len;
  }

  /** `now` is for tests (fuzz, stale frames); the driver passes nothing. */
  push(chunk: Uint8Array, now = Date.now()): TaidenFramerOutput {
    const out: TaidenFramerOutput = { frames: [], discarded: [] };
    if (!(chunk instanceof Uint8Array)) {
      out.discarded.push({ reason: 'not_bytes', bytes: 0, hex: '' });
      return out;
    }
    if (chunk.length === 0) return out;
    if (this.#len > 0 && now - this.#lastAt > this.staleMs) this.#dropStale(out);
    for (let i = 0; i < chunk.length; i++) this.#feed(chunk[i]!, out);
    this.#lastAt = now;
    this.#endSkip(out);
    return out;
  }

  /**
   * With no new bytes coming, an unfinished frame can only be judged by time: the driver calls this
   * `staleMs` after the last push that left bytes buffered.
   */
  flush(now = Date.now()): TaidenFramerOutput {
    const out: TaidenFramerOutput = { frames: [], discarded: [] };
    if (this.#len > 0 && now - this.#lastAt >= this.staleMs) {
      this.#dropStale(out);
      this.#endSkip(out);
    }
    return out;
  }

  /** Forget the unfinished frame (after a reconnect its head belongs to a dead connection). */
  reset(): void {
    this.#len = 0;
    this.#skipped = 0;
    this.#skipSample = [];
  }

  #feed(b: number, out: TaidenFramerOutput): void {
    if (this.#len === 0) {
      if (b === HEADER_MIC || b === HEADER_CONTROL || b === HEADER_CAMERA) {
        this.#endSkip(out);
        this.#buf[0] = b;
        this.#len = 1;
      } else {
        this.#skipped++;
        if (this.#skipSample.length < SAMPLE_BYTES) this.#skipSample.push(b);
      }
      return;
    }
    this.#buf[this.#len++] = b;
    const need = this.#need();
    if (need === undefined) return;
    if (need < 0) {
      this.#resync(out, 'implausible');
      return;
    }
    if (this.#len < need) return;
    if (this.#buf[0] === HEADER_MIC && !this.#plausibleIds()) {
      this.#resync(out, 'implausible');
      return;
    }
    out.frames.push(Buffer.from(this.#buf.subarray(0, this.#len)));
    this.#len = 0;
  }

  /** Total length of the open frame; undefined while not yet known, -1 when impossible. */
  #need(): number | undefined {
    switch (this.#buf[0]) {
      case HEADER_CONTROL:
        return VOTE_RESULT_BYTES;
      case HEADER_CAMERA:
        return CAMERA_FRAME_BYTES;
      default: {
        if (this.#len < 3) return undefined;
        return micStateFrameLength(this.layout, this.#buf[2]!) ?? -1;
      }
    }
  }

  /**
   * A mic-state frame lists seat unit ids: 0 is not one (it is the camera's panorama), one mic is
   * not open twice, and in the fixed layout the unused slots are zero (unless strictPadding is off).
   * The fact sheet does not promise the last two; they are what keeps a layout mistake or line
   * noise from being read as seats (README, "Choices where the fact sheet is silent").
   */
  #plausibleIds(): boolean {
    const { idBytes, slots, layout, strictPadding } = this.layout;
    const count = this.#buf[2]!;
    const read = (slot: number) =>
      idBytes === 2 ? (this.#buf[3 + 2 * slot]! << 8) | this.#buf[4 + 2 * slot]! : this.#buf[3 + slot]!;
    const seen = new Set<number>();
    for (let i = 0; i < count; i++) {
      const id = read(i);
      if (id === 0 || seen.has(id)) return false;
      seen.add(id);
    }
    if (layout === 'fixed' && strictPadding)
      for (let i = count; i < slots; i++) if (read(i) !== 0) return false;
    return true;
  }

  /**
   * Every byte held is as old as the gap, so a frame that a rescan opens inside them is stale too:
   * resynchronise until nothing is held (complete frames found on the way are kept).
   */
  #dropStale(out: TaidenFramerOutput): void {
    while (this.#len > 0) this.#resync(out, 'stale');
  }

  /** Drop the open frame's first byte and scan the rest again, byte by byte. */
  #resync(out: TaidenFramerOutput, reason: 'implausible' | 'stale'): void {
    const held = Buffer.from(this.#buf.subarray(0, this.#len));
    this.#len = 0;
    out.discarded.push({ reason, bytes: 1, hex: toHex(held.subarray(0, SAMPLE_BYTES)) });
    // Each rescan starts one byte later, so this recursion is at most maxFrameBytes deep.
    for (let i = 1; i < held.length; i++) this.#feed(held[i]!, out);
  }

  #endSkip(out: TaidenFramerOutput): void {
    if (this.#skipped === 0) return;
    out.discarded.push({
      reason: 'no_header',
      bytes: this.#skipped,
      hex: toHex(Buffer.from(this.#skipSample)),
    });
    this.#skipped = 0;
    this.#skipSample = [];
  }
}
