// Cutting the room's audio into windows for whisper.cpp (issue 5, R-HW-4). Pure: no I/O, no clock;
// positions are sample indexes on one axis chosen by the caller (samples since the recording
// started, gaps included), floor changes and pauses are placed on it by the caller (the
// recording's manifest ties it to the event log's clock).
//
// Cost (../shared/notes/speech.md "Cost model", 2 threads): whisper encodes a padded 30 s window
// whatever the audio's length: base q5_1 1.76 s per window (tiny 0.61 s, small 6.9 s), plus
// decoding at 6.2 ms a token. A window of 30 s costs 1.76 / 30 = RTF 0.06 to encode; 10 s costs
// 0.18; 5 s costs 0.35 (the whole budget of issue 5); 2 s costs 0.88 (falls behind). So windows
// are kept as close to 30 s as the speech allows:
// - a window closes at a floor change (a new speaker: whisper's segments then never straddle two
//   speakers, which is what attribution needs) and at a pause of the recording (the audio on
//   either side is not continuous; nothing is transcribed while paused, R-ROOM-4). These always
//   cut; they are the preferred cuts.
// - otherwise it grows to `maxMs` (30 s) and is cut at the latest silence in it ('silence'), so no
//   word is split; only with no silence at all is it cut hard at 30 s ('max').
// Latency pulls the other way: text must reach the secretary within seconds. Waiting for a full
// window would hold a short remark for up to 30 s, so with `earlyCloseMs` (1.5 s) a window closes
// once speech has been followed by that much silence ('idle'). End of utterance → text is then
// about 1.5 s (detection) + 1.76 s (encode, base) + ~0.4 s (60 tokens) ≈ 3.7 s against the 6 s
// target; with small (6.9 s encode) the target cannot be met at all. The price is one encode per
// utterance: speeches (sentences a few hundred ms apart, rarely 1.5 s) still fill 30 s windows,
// but a quick exchange of 3 s remarks costs RTF ≈ 0.6 with base, and the worker falls behind and
// catches up in the silences. A longer `earlyCloseMs` trades latency for fewer windows; `null`
// never closes early (cheapest: backlog and re-transcription). With early close on, a window that
// has heard only silence for `earlyCloseMs` is also cut just before speech starts ('idle'), so a
// speech window does not begin with a long silence (whisper invents text in silence, and its
// timestamps drift). Windows without speech (`speech: false`) need not be encoded at all.

export type Pcm = Int16Array | Float32Array;

export type CutReason = 'floor' | 'pause' | 'silence' | 'max' | 'idle';

/** Samples [startSample, endSample). */
export interface AudioWindow {
  startSample: number;
  endSample: number;
  /** Why it ended. The stream ending (`end()`) or a gap in the samples count as 'pause'. */
  reason: CutReason;
  /** The VAD heard something above the threshold: a window without speech need not be encoded. */
  speech: boolean;
}

export interface SampleInterval {
  startSample: number;
  endSample: number;
}

/** Whisper's own window: a window longer than this would be truncated by the engine. */
export const WHISPER_WINDOW_MS = 30_000;
export const WHISPER_SAMPLE_RATE = 16_000;

export interface SilenceOptions {
  /** A quiet stretch at least this long is a silence (a gap between words is usually < 200 ms). */
  minSilenceMs: number;
  /** A frame whose mean energy is below this, in dB relative to full scale, is quiet. */
  thresholdDb: number;
  /** The VAD's frame; default 20 ms. */
  frameMs?: number;
}

export const DEFAULT_FRAME_MS = 20;

/**
 * The energy VAD: mean square per frame, in dBFS (a full-scale square wave is 0 dB, a full-scale
 * sine −3 dB). Int16 samples are scaled by 1/32768, Float32 are taken as they are.
 */
class FrameMeter {
  readonly frame: number;
  readonly #limit: number;
  #count = 0;
  #sum = 0;
  #pending = 0;
  /** The frame just completed by `add`. */
  start = 0;
  silent = true;

  constructor(frame: number, thresholdDb: number) {
    this.frame = frame;
    this.#limit = 10 ** (thresholdDb / 10);
  }

  reset(): void {
    this.#count = 0;
    this.#sum = 0;
  }

  /** Adds the sample at `pos`; true when it completes a frame (then `start`, `silent` describe it). */
  add(x: number, pos: number): boolean {
    if (this.#count === 0) this.#pending = pos;
    this.#sum += x * x;
    if (++this.#count < this.frame) return false;
    this.#close();
    return true;
  }

  /** Completes a short last frame, if any (for whole buffers). */
  finish(): boolean {
    if (this.#count === 0) return false;
    this.#close();
    return true;
  }

  #close(): void {
    this.start = this.#pending;
    this.silent = this.#sum / this.#count < this.#limit;
    this.#count = 0;
    this.#sum = 0;
  }
}

const scaleOf = (pcm: Pcm) => (pcm instanceof Int16Array ? 1 / 32768 : 1);

/**
 * The silences of a buffer: runs of quiet frames at least `minSilenceMs` long, in order. A short
 * last frame is measured on its own samples, so a silence can run to the very end.
 */
export function silences(pcm: Pcm, sampleRate: number, opts: SilenceOptions): SampleInterval[] {
  const frame = Math.max(1, Math.round(((opts.frameMs ?? DEFAULT_FRAME_MS) * sampleRate) / 1000));
  const min = (opts.minSilenceMs * sampleRate) / 1000;
  const meter = new FrameMeter(frame, opts.thresholdDb);
  const scale = scaleOf(pcm);
  const out: SampleInterval[] = [];
  let runStart: number | null = null;
  const onFrame = () => {
    if (meter.silent) {
      runStart ??= meter.start;
      return;
    }
    if (runStart !== null && meter.start - runStart >= min)
      out.push({ startSample: runStart, endSample: meter.start });
    runStart = null;
  };
  for (let i = 0; i < pcm.length; i++) if (meter.add(pcm[i]! * scale, i)) onFrame();
  if (meter.finish()) onFrame();
  if (runStart !== null && pcm.length - runStart >= min)
    out.push({ startSample: runStart, endSample: pcm.length });
  return out;
}

export interface WindowCutterOptions {
  /** Default 16 000 (what whisper takes). */
  sampleRate?: number;
  /** Longest window; default and at most 30 000 (whisper's window). */
  maxMs?: number;
  /** Shortest quiet stretch the cutter may cut in; default 300 ms. */
  minSilenceMs?: number;
  /** Default −40 dBFS: a conference system's mix is gated, so a closed room is far below it. */
  thresholdDb?: number;
  frameMs?: number;
  /** Close a window after this much silence following speech (latency); default 1500, null never. */
  earlyCloseMs?: number | null;
  /** Silence left before the speech that starts the next window, at most; default 200 ms. */
  leadInMs?: number;
}

interface Frame {
  start: number;
  end: number;
  silent: boolean;
}

interface Pause {
  from: number;
  to: number | null;
}

/**
 * Incremental: feed audio as it arrives, tell it about floor changes and pauses, and collect the
 * windows that are ready. Every accepted sample is in exactly one window (once `end()` is called);
 * samples pushed while paused are dropped (`droppedSamples`).
 *
 * Positions of floor changes and pauses may be ahead of the audio pushed so far (the usual case:
 * the event log hears of a handover before the capture pipeline delivers those samples) or behind
 * it, as long as they fall in the window still open; earlier than that they are too late (the
 * window is gone): a floor change is then ignored, and a pause drops only what is still open.
 * A `resume` is honoured from the audio not yet pushed.
 */
export class WindowCutter {
  readonly sampleRate: number;
  readonly #max: number;
  readonly #minSilence: number;
  readonly #earlyClose: number | null;
  readonly #leadIn: number;
  readonly #meter: FrameMeter;

  /** Start of the open window; null when none is open (before audio, paused, after a gap). */
  #start: number | null = null;
  /** The next sample expected; null before the first push. */
  #next: number | null = null;
  #frames: Frame[] = [];
  #speech = false;
  /** End of the last frame with speech in the open window. */
  #speechEnd = 0;
  /** Pending floor changes, ascending, all ≥ #next. */
  #marks: number[] = [];
  #pauses: Pause[] = [];
  #ready: AudioWindow[] = [];
  #dropped = 0;
  #ended = false;

  constructor(opts: WindowCutterOptions = {}) {
    this.sampleRate = opts.sampleRate ?? WHISPER_SAMPLE_RATE;
    const maxMs = opts.maxMs ?? WHISPER_WINDOW_MS;
    if (!(maxMs > 0 && maxMs <= WHISPER_WINDOW_MS)) {
      throw new RangeError(`maxMs must be in (0, ${WHISPER_WINDOW_MS}]: whisper truncates longer windows`);
    }
    const samples = (ms: number) => Math.round((ms * this.sampleRate) / 1000);
    this.#max = Math.floor((maxMs * this.sampleRate) / 1000);
    this.#minSilence = samples(opts.minSilenceMs ?? 300);
    const early = opts.earlyCloseMs === undefined ? 1500 : opts.earlyCloseMs;
    this.#earlyClose = early === null ? null : samples(early);
    this.#leadIn = samples(opts.leadInMs ?? 200);
    this.#meter = new FrameMeter(
      Math.max(1, samples(opts.frameMs ?? DEFAULT_FRAME_MS)),
      opts.thresholdDb ?? -40,
    );
  }

  /** Samples pushed while the recording was paused, not in any window. */
  get droppedSamples(): number {
    return this.#dropped;
  }

  /** The next sample index expected (the end of the audio pushed so far), null before any. */
  get position(): number | null {
    return this.#next;
  }

  /** `samples` are the audio from sample index `at` on. Indexes must not go back; a jump is a gap. */
  push(samples: Pcm, at: number): void {
    if (this.#ended) throw new Error('the cutter has ended');
    if (!Number.isInteger(at) || at < 0) throw new RangeError(`bad sample index ${at}`);
    if (this.#next !== null && at < this.#next) {
      throw new RangeError(`samples from ${at} overlap audio already pushed up to ${this.#next}`);
    }
    // Missing audio (a vanished device, a dropped packet run): whisper must not hear the two sides
    // glued together, so the window ends where the audio stopped.
    if (this.#next !== null && at > this.#next) this.#stop(this.#next);
    this.#next = at;
    const n = samples.length;
    const end = at + n;
    const scale = scaleOf(samples);
    let p = at;
    while (p < end) {
      const pausedUntil = this.#pausedUntil(p);
      if (pausedUntil !== null) {
        this.#stop(p);
        const stop = Math.min(end, pausedUntil);
        this.#dropped += stop - p;
        p = stop;
        this.#next = p;
        continue;
      }
      while (this.#marks.length > 0 && this.#marks[0]! <= p) {
        const m = this.#marks.shift()!;
        if (m === p && this.#start !== null && this.#start < p) this.#cut(p, 'floor');
      }
      this.#start ??= p;
      const bound = Math.min(end, this.#nextPauseAfter(p), this.#marks[0] ?? end, this.#start + this.#max);
      while (p < bound) {
        const x = samples[p - at]! * scale;
        const before: number | null = this.#start;
        p++;
        if (this.#meter.add(x, p - 1))
          this.#onFrame({ start: this.#meter.start, end: p, silent: this.#meter.silent });
        if (this.#start !== before) break; // an early close moved the window: bounds change
      }
      this.#next = p;
      if (this.#start !== null && p === this.#start + this.#max) this.#cutFull(p);
    }
    this.#next = end;
  }

  /** The set of heard microphones changes at sample `at`: the window ends there. */
  floorChange(at: number): void {
    if (!Number.isInteger(at) || at < 0) throw new RangeError(`bad sample index ${at}`);
    if (this.#next !== null && at <= this.#next) {
      if (this.#start !== null && at > this.#start) this.#cut(at, 'floor');
      return;
    }
    if (this.#marks.includes(at)) return;
    this.#marks.push(at);
    this.#marks.sort((a, b) => a - b);
  }

  /** The recording pauses at sample `at`: the window ends there, and audio is dropped until resume. */
  pause(at: number): void {
    if (!Number.isInteger(at) || at < 0) throw new RangeError(`bad sample index ${at}`);
    const last = this.#pauses.at(-1);
    if (last && last.to === null) return;
    this.#pauses.push({ from: at, to: null });
    if (this.#next !== null && at < this.#next && this.#start !== null) {
      // Audio already taken in after the pause point: it was paused, take it back out.
      const from = Math.max(at, this.#start);
      this.#dropped += this.#next - from;
      this.#stop(from);
    } else if (this.#next !== null && at === this.#next) {
      this.#stop(at);
    }
  }

  /** The recording resumes at sample `at`: audio from there on is cut into windows again. */
  resume(at: number): void {
    if (!Number.isInteger(at) || at < 0) throw new RangeError(`bad sample index ${at}`);
    const last = this.#pauses.at(-1);
    if (!last || last.to !== null) return;
    last.to = Math.max(at, last.from);
  }

  /** The audio stream is over: the open window closes (as 'pause'). Nothing may be pushed after. */
  end(): void {
    if (this.#ended) return;
    if (this.#next !== null) this.#stop(this.#next);
    this.#ended = true;
  }

  /**
   * The windows closed since the last flush, in order. Flushing changes no cut: the same input
   * gives the same windows however often it is called, and a second flush without new input or
   * events returns nothing.
   */
  flush(): AudioWindow[] {
    const out = this.#ready;
    this.#ready = [];
    return out;
  }

  #pausedUntil(p: number): number | null {
    for (const z of this.#pauses) {
      if (z.from <= p && (z.to === null || p < z.to)) return z.to ?? Number.POSITIVE_INFINITY;
    }
    return null;
  }

  #nextPauseAfter(p: number): number {
    // Pauses wholly behind the audio are done with.
    this.#pauses = this.#pauses.filter((z) => z.to === null || z.to > p);
    let next = Number.POSITIVE_INFINITY;
    for (const z of this.#pauses) if (z.from > p && z.from < next) next = z.from;
    return next;
  }

  #onFrame(f: Frame): void {
    const start = this.#start!;
    this.#frames.push(f);
    if (!f.silent) {
      if (!this.#speech && this.#earlyClose !== null && f.start - start >= this.#earlyClose) {
        // Only silence so far, for long: cut it off just before the speech.
        const c = f.start - Math.min(this.#leadIn, Math.floor((f.start - start) / 2));
        if (c > start) this.#cut(c, 'idle');
      }
      this.#speech = true;
      this.#speechEnd = f.end;
      return;
    }
    if (this.#speech && this.#earlyClose !== null && f.end - this.#speechEnd >= this.#earlyClose) {
      this.#cut(f.end, 'idle');
    }
  }

  /** The open window is full at `p`: cut in its latest silence, else hard at `p`. */
  #cutFull(p: number): void {
    const start = this.#start!;
    const fr = this.#frames;
    let i = fr.length - 1;
    while (i >= 0) {
      if (!fr[i]!.silent || fr[i]!.end > p) {
        i--;
        continue;
      }
      const re = fr[i]!.end;
      let j = i;
      while (j > 0 && fr[j - 1]!.silent && fr[j - 1]!.end === fr[j]!.start) j--;
      const rs = Math.max(fr[j]!.start, start);
      if (re - rs >= this.#minSilence) {
        const c = Math.max(rs + Math.floor((re - rs) / 2), re - this.#leadIn);
        if (c > start) {
          this.#cut(c, 'silence');
          return;
        }
      }
      i = j - 1;
    }
    this.#cut(p, 'max');
  }

  /** Closes the open window at `c` (start < c ≤ next); the rest of the audio opens the next one. */
  #cut(c: number, reason: CutReason): void {
    const start = this.#start!;
    const speech = this.#frames.some((f) => !f.silent && f.start < c && f.end > start);
    this.#ready.push({ startSample: start, endSample: c, reason, speech });
    this.#start = c;
    this.#frames = this.#frames.filter((f) => f.end > c);
    const heard = this.#frames.filter((f) => !f.silent);
    this.#speech = heard.length > 0;
    this.#speechEnd = heard.at(-1)?.end ?? 0;
  }

  /** Closes the open window at `c` (if it has samples) and opens none: a pause, gap or the end. */
  #stop(c: number): void {
    if (this.#start !== null && c > this.#start) this.#cut(c, 'pause');
    this.#start = null;
    this.#frames = [];
    this.#speech = false;
    this.#speechEnd = 0;
    this.#meter.reset();
  }
}
