// Splits a byte stream into text lines for ASCII line protocols (Shure DCS external control:
// shared/protocols/conference-systems.md, "Shure DCS 6000 / DDS 5900 / DIS-CCU": lines end with CR,
// LF or CRLF). Per ARCHITECTURE.md a framer is `push(bytes) → frames | discarded` with a bounded
// buffer: garbage is reported and skipped, never thrown, so one bad byte on a serial line costs one
// line, not the session.
import { isUtf8 } from 'node:buffer';

export interface LineFramerOptions {
  /** Longest line kept, terminator excluded. Longer lines are discarded whole. Default 512. */
  maxLineBytes?: number;
}

export type DiscardReason = 'line_too_long' | 'control_bytes' | 'invalid_utf8' | 'not_bytes';

export interface Discard {
  reason: DiscardReason;
  /** Bytes of the discarded line, terminator excluded. */
  bytes: number;
}

export interface FramerOutput {
  frames: string[];
  discarded: Discard[];
}

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const DEL = 0x7f;

export class LineFramer {
  readonly maxLineBytes: number;
  #buf: Buffer;
  #len = 0;
  /** > 0 while skipping an over-long line: how many of its bytes have been seen. Never buffered. */
  #skipped = 0;
  #control = false;
  #high = false;

  constructor(options: LineFramerOptions = {}) {
    const max = options.maxLineBytes ?? 512;
    // Construction is configuration (validated once at start), so this may throw; push() never does.
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxLineBytes must be ≥ 1, got ${max}`);
    this.maxLineBytes = max;
    this.#buf = Buffer.alloc(max);
  }

  /** Bytes of the unfinished line held in memory; never more than `maxLineBytes`. */
  get bufferedBytes(): number {
    return this.#len;
  }

  /** Bytes of the unfinished line seen so far (held, or counted while skipping an over-long one). */
  get pendingBytes(): number {
    return this.#skipped > 0 ? this.#skipped : this.#len;
  }

  push(chunk: Uint8Array): FramerOutput {
    const out: FramerOutput = { frames: [], discarded: [] };
    if (!(chunk instanceof Uint8Array)) {
      out.discarded.push({ reason: 'not_bytes', bytes: 0 });
      return out;
    }
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      // CR LF is a line end followed by an empty line, which is skipped: so CR, LF and CRLF need no
      // state across chunks, and a CR at the end of one chunk with its LF in the next yields nothing.
      if (b === CR || b === LF) {
        this.#endLine(out);
        continue;
      }
      if (this.#skipped > 0) {
        this.#skipped++;
        continue;
      }
      if (this.#len === this.maxLineBytes) {
        // Stop buffering at the bound; count the rest and resynchronise at the next line end.
        this.#skipped = this.#len + 1;
        this.#len = 0;
        continue;
      }
      if ((b < 0x20 && b !== TAB) || b === DEL) this.#control = true;
      else if (b >= 0x80) this.#high = true;
      this.#buf[this.#len++] = b;
    }
    return out;
  }

  /** Forget the unfinished line (after a reconnect its head belongs to a dead connection). */
  reset(): void {
    this.#clearLine();
  }

  #endLine(out: FramerOutput): void {
    if (this.#skipped > 0) {
      out.discarded.push({ reason: 'line_too_long', bytes: this.#skipped });
    } else if (this.#len > 0) {
      const line = this.#buf.subarray(0, this.#len);
      if (this.#control) out.discarded.push({ reason: 'control_bytes', bytes: this.#len });
      else if (this.#high && !isUtf8(line)) out.discarded.push({ reason: 'invalid_utf8', bytes: this.#len });
      else out.frames.push(line.toString('utf8'));
    }
    // An empty line (e.g. CR CR, or LF CR) is nothing: skipped silently.
    this.#clearLine();
  }

  #clearLine(): void {
    this.#len = 0;
    this.#skipped = 0;
    this.#control = false;
    this.#high = false;
  }
}
