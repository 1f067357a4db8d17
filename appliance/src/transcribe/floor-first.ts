// The floor goes first: while delegates press keys (speak, vote, present), the speech worker is
// held (SIGSTOP) and let go again a moment after the last key, so that a key's way through the
// appliance never shares the machine with whisper.cpp.
//
// Why a hold and not only a priority: the worker already runs under SCHED_IDLE, so it never keeps
// the room's process off a core. What it still takes is the memory system. whisper.cpp streams its
// weights (tens of MB per decoded token) through the one L3 cache and the memory bus that every
// core shares, and a key handled meanwhile runs on cold caches. Measured on the 2-core machine
// (docs/decisions.md "The floor goes first"): a SCHED_IDLE C program that only reads 64 MB over
// and over, even pinned to the other core, raises key press p99 1.3-2.3×, as the worker does
// (1.7× in `./room bench` g3 without the hold); one that only computes in registers far less. No
// scheduling policy separates that; stopping does.
//
// Bounded both ways: a hold lasts at most `maxHoldMs`, after which the worker runs at least
// `minRunMs` before the next, so a storm of keys (or a unit gone mad) slows transcription to a
// fifth of its speed and never stops it.
export interface Holdable {
  /** Holds the worker if it is computing; false when there was nothing to hold. */
  hold(): boolean;
  release(): void;
}

export interface FloorFirstOptions {
  /** How long after the last key the worker stays held. 0 turns holding off. */
  holdMs: number;
  /** The longest one hold lasts, however many keys come. */
  maxHoldMs: number;
  /** After a hold cut short by maxHoldMs, the worker runs at least this long before the next. */
  minRunMs: number;
}

export const FLOOR_FIRST_DEFAULTS: FloorFirstOptions = { holdMs: 250, maxHoldMs: 2000, minRunMs: 500 };

export class FloorFirst {
  private readonly o: FloorFirstOptions;
  private heldAt: number | null = null;
  private lastKeyAt = 0;
  /** No hold before this (performance.now()): the run owed after a hold that hit maxHoldMs. */
  private runUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly worker: Holdable;

  constructor(worker: Holdable, options: Partial<FloorFirstOptions> = {}) {
    this.worker = worker;
    this.o = { ...FLOOR_FIRST_DEFAULTS, ...options };
  }

  /** A key came in from a seat (any device). Called before the key is handled, so it runs held. */
  key(): void {
    if (this.closed || this.o.holdMs <= 0) return;
    const now = performance.now();
    this.lastKeyAt = now;
    if (this.heldAt !== null || now < this.runUntil) return;
    if (!this.worker.hold()) return;
    this.heldAt = now;
    this.arm(this.o.holdMs);
  }

  /** Lets the worker go (shutdown). */
  close(): void {
    this.closed = true;
    this.letGo(false);
  }

  /**
   * One timer per hold, not one per key: when it fires it looks at the last key and sleeps again
   * for what is left, so a burst of 500 keys costs a handful of timers.
   */
  private arm(ms: number): void {
    this.timer = setTimeout(
      () => {
        this.timer = null;
        if (this.heldAt === null) return;
        const now = performance.now();
        const end = Math.min(this.lastKeyAt + this.o.holdMs, this.heldAt + this.o.maxHoldMs);
        if (now < end) this.arm(end - now);
        else this.letGo(now >= this.heldAt + this.o.maxHoldMs);
      },
      Math.max(1, ms),
    );
    // A hold must never keep the process alive; were it to die held, the kernel kills the worker.
    this.timer.unref();
  }

  private letGo(cutShort: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.heldAt === null) return;
    this.heldAt = null;
    if (cutShort) this.runUntil = performance.now() + this.o.minRunMs;
    this.worker.release();
  }
}
