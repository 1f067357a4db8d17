// R-HW-4, R-ROOM-5: cutting the room's audio into whisper windows (issue 5): ≤ 30 s, cut at floor
// changes, pauses and silences, early close for latency, no sample lost or duplicated.
import { describe, expect, it } from 'vitest';
import {
  type AudioWindow,
  silences,
  WindowCutter,
  type WindowCutterOptions,
} from '../../src/transcribe/windows.ts';

const RATE = 16_000;
const S = (ms: number) => Math.round((ms * RATE) / 1000);
const MAX = S(30_000);

type Part = ['tone' | 'quiet' | 'noise', number];

/** Tone bursts (440 Hz at 0.3 full scale, about −13 dBFS) and silence (zeros, or noise at −60 dBFS). */
function pcm(parts: Part[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, [, ms]) => n + S(ms), 0));
  let i = 0;
  let seed = 1;
  for (const [kind, ms] of parts) {
    for (let k = 0; k < S(ms); k++, i++) {
      if (kind === 'tone') out[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / RATE);
      else if (kind === 'noise') {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        out[i] = (seed / 2 ** 31 - 0.5) * 0.0035; // uniform: rms ≈ 0.001, −60 dBFS
      }
    }
  }
  return out;
}

const toInt16 = (f: Float32Array) => Int16Array.from(f, (x) => Math.round(x * 32767));

/** Feeds `audio` in chunks of `chunk` samples, collecting windows after every push when `eager`. */
function cut(
  audio: Float32Array | Int16Array,
  opts: WindowCutterOptions,
  {
    chunk = S(100),
    floor = [] as number[],
    eager = true,
    setup,
  }: {
    chunk?: number;
    floor?: number[];
    eager?: boolean;
    setup?: (c: WindowCutter) => void;
  } = {},
): { windows: AudioWindow[]; cutter: WindowCutter } {
  const c = new WindowCutter(opts);
  for (const f of floor) c.floorChange(f);
  setup?.(c);
  const windows: AudioWindow[] = [];
  for (let at = 0; at < audio.length; at += chunk) {
    c.push(audio.subarray(at, Math.min(audio.length, at + chunk)), at);
    if (eager) windows.push(...c.flush());
  }
  c.end();
  windows.push(...c.flush());
  return { windows, cutter: c };
}

/** Windows tile [0, total) minus what was dropped: in order, no gap, no overlap. */
function expectTiles(windows: AudioWindow[], total: number, dropped = 0) {
  let sum = 0;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    expect(w.endSample).toBeGreaterThan(w.startSample);
    expect(w.endSample - w.startSample).toBeLessThanOrEqual(MAX);
    if (i > 0) expect(w.startSample).toBeGreaterThanOrEqual(windows[i - 1]!.endSample);
    sum += w.endSample - w.startSample;
  }
  expect(sum + dropped).toBe(total);
}

const isQuiet = (audio: Float32Array, at: number) => Math.abs(audio[at] ?? 0) < 0.01;

describe('silences: the energy VAD (R-HW-4)', () => {
  const audio = pcm([
    ['tone', 1000],
    ['quiet', 500],
    ['tone', 1000],
    ['quiet', 200],
    ['tone', 500],
    ['noise', 800],
  ]);
  const opts = { minSilenceMs: 300, thresholdDb: -40 };

  it('finds stretches below the threshold at least minSilenceMs long, to the end of the buffer', () => {
    expect(silences(audio, RATE, opts)).toEqual([
      { startSample: S(1000), endSample: S(1500) },
      { startSample: S(3200), endSample: S(4000) },
    ]);
  });

  it('gives the same for Int16 samples', () => {
    expect(silences(toInt16(audio), RATE, opts)).toEqual(silences(audio, RATE, opts));
  });

  it('the threshold decides what is quiet: noise at −60 dBFS is not silence at −70 dB', () => {
    expect(silences(audio, RATE, { minSilenceMs: 300, thresholdDb: -70 })).toEqual([
      { startSample: S(1000), endSample: S(1500) },
    ]);
  });

  it('the shorter gap counts when minSilenceMs allows it', () => {
    expect(silences(audio, RATE, { minSilenceMs: 200, thresholdDb: -40 })).toHaveLength(3);
  });

  it('an empty buffer has no silences', () => {
    expect(silences(new Float32Array(0), RATE, opts)).toEqual([]);
  });
});

describe('WindowCutter (R-HW-4: windows that make whisper.cpp efficient)', () => {
  it('refuses windows longer than whisper’s 30 s', () => {
    expect(() => new WindowCutter({ maxMs: 30_001 })).toThrow(RangeError);
  });

  it('continuous speech without silence: hard cuts at exactly 30 s (R-HW-4)', () => {
    const audio = pcm([['tone', 70_000]]);
    const { windows } = cut(audio, { earlyCloseMs: null });
    expect(windows.map((w) => [w.startSample, w.endSample, w.reason, w.speech])).toEqual([
      [0, MAX, 'max', true],
      [MAX, 2 * MAX, 'max', true],
      [2 * MAX, audio.length, 'pause', true],
    ]);
    expectTiles(windows, audio.length);
  });

  it('speech with short pauses: windows close to 30 s, cut inside a silence, never in a word (R-HW-4)', () => {
    const parts: Part[] = [];
    for (let i = 0; i < 20; i++) parts.push(['tone', 6500], ['quiet', 500]);
    const audio = pcm(parts);
    const { windows } = cut(audio, { earlyCloseMs: null });
    expectTiles(windows, audio.length);
    const full = windows.slice(0, -1);
    expect(full.length).toBeGreaterThanOrEqual(4);
    for (const w of full) {
      expect(w.reason).toBe('silence');
      expect(w.endSample - w.startSample).toBeGreaterThan(S(24_000)); // 28 s of speech per 30 s here
      expect(isQuiet(audio, w.endSample - 1) && isQuiet(audio, w.endSample)).toBe(true);
    }
  });

  it('cuts at floor changes announced ahead of the audio, exactly there (R-HW-4, R-ROOM-5)', () => {
    const audio = pcm([
      ['tone', 10_000],
      ['tone', 12_345],
      ['tone', 5000],
    ]);
    const floor = [S(10_000), S(22_345)];
    const { windows } = cut(audio, { earlyCloseMs: null }, { floor, chunk: 777 });
    expect(windows.map((w) => [w.startSample, w.endSample, w.reason])).toEqual([
      [0, S(10_000), 'floor'],
      [S(10_000), S(22_345), 'floor'],
      [S(22_345), audio.length, 'pause'],
    ]);
  });

  it('cuts at a floor change that arrives after its audio, if the window is still open (R-HW-4)', () => {
    const audio = pcm([['tone', 8000]]);
    const c = new WindowCutter({ earlyCloseMs: null });
    c.push(audio.subarray(0, S(5000)), 0);
    c.floorChange(S(3000));
    expect(c.flush()).toEqual([{ startSample: 0, endSample: S(3000), reason: 'floor', speech: true }]);
    c.floorChange(S(1000)); // too late: that window is gone
    c.push(audio.subarray(S(5000)), S(5000));
    c.end();
    const rest = c.flush();
    expect(rest).toEqual([{ startSample: S(3000), endSample: audio.length, reason: 'pause', speech: true }]);
  });

  it('closes early after 1.5 s of silence following speech, while the audio still comes (R-ROOM-5 latency)', () => {
    const audio = pcm([
      ['tone', 2000],
      ['quiet', 4000],
      ['tone', 3000],
      ['quiet', 500],
    ]);
    const c = new WindowCutter({ earlyCloseMs: 1500 });
    let firstSeenAt: number | null = null;
    const windows: AudioWindow[] = [];
    for (let at = 0; at < audio.length; at += S(100)) {
      c.push(audio.subarray(at, at + S(100)), at);
      const w = c.flush();
      if (w.length && firstSeenAt === null) firstSeenAt = at + S(100);
      windows.push(...w);
    }
    c.end();
    windows.push(...c.flush());
    // The first remark is ready 1.5 s after it ended, not when 30 s are full.
    expect(firstSeenAt).toBe(S(3500));
    expect(windows.map((w) => [w.startSample, w.endSample, w.reason, w.speech])).toEqual([
      [0, S(3500), 'idle', true],
      // the silence between the remarks, cut off just (200 ms) before the next one: not encoded
      [S(3500), S(5800), 'idle', false],
      [S(5800), audio.length, 'pause', true],
    ]);
    expectTiles(windows, audio.length);
  });

  it('without early close the same remarks share one window', () => {
    const audio = pcm([
      ['tone', 2000],
      ['quiet', 4000],
      ['tone', 3000],
    ]);
    const { windows } = cut(audio, { earlyCloseMs: null });
    expect(windows).toEqual([{ startSample: 0, endSample: audio.length, reason: 'pause', speech: true }]);
  });

  it('long silence is cut into windows without speech, none over 30 s', () => {
    const audio = pcm([['noise', 75_000]]);
    const { windows } = cut(audio, {});
    expectTiles(windows, audio.length);
    expect(windows.every((w) => !w.speech)).toBe(true);
    expect(windows.length).toBe(3);
  });

  it('a pause closes the window; audio pushed while paused is dropped (R-ROOM-4, R-HW-4)', () => {
    const audio = pcm([['tone', 20_000]]);
    const { windows, cutter } = cut(
      audio,
      { earlyCloseMs: null },
      {
        chunk: 1000,
        setup: (c) => {
          c.pause(S(5000));
          c.resume(S(8000));
        },
      },
    );
    expect(windows.map((w) => [w.startSample, w.endSample, w.reason])).toEqual([
      [0, S(5000), 'pause'],
      [S(8000), audio.length, 'pause'],
    ]);
    expect(cutter.droppedSamples).toBe(S(3000));
    expectTiles(windows, audio.length, S(3000));
  });

  it('a pause told after its audio was pushed takes that audio back out of the open window', () => {
    const audio = pcm([['tone', 10_000]]);
    const c = new WindowCutter({ earlyCloseMs: null });
    c.push(audio.subarray(0, S(6000)), 0);
    c.pause(S(4000));
    expect(c.flush()).toEqual([{ startSample: 0, endSample: S(4000), reason: 'pause', speech: true }]);
    c.push(audio.subarray(S(6000), S(7000)), S(6000));
    c.resume(S(7000));
    c.push(audio.subarray(S(7000)), S(7000));
    c.end();
    expect(c.flush()).toEqual([
      { startSample: S(7000), endSample: audio.length, reason: 'pause', speech: true },
    ]);
    expect(c.droppedSamples).toBe(S(3000));
  });

  it('a gap in the sample indexes ends the window there; going back is refused', () => {
    const audio = pcm([['tone', 4000]]);
    const c = new WindowCutter({ earlyCloseMs: null });
    c.push(audio.subarray(0, S(2000)), 0);
    c.push(audio.subarray(S(2000)), S(3000));
    expect(() => c.push(audio.subarray(0, 10), S(1000))).toThrow(RangeError);
    c.end();
    expect(c.flush().map((w) => [w.startSample, w.endSample, w.reason])).toEqual([
      [0, S(2000), 'pause'],
      [S(3000), S(5000), 'pause'],
    ]);
    expect(() => c.push(audio.subarray(0, 10), S(9000))).toThrow();
  });

  it('Int16 and Float32 give the same windows', () => {
    const audio = pcm([
      ['tone', 3000],
      ['noise', 2000],
      ['tone', 1000],
    ]);
    expect(cut(toInt16(audio), {}).windows).toEqual(cut(audio, {}).windows);
  });

  it('flush is idempotent and its timing changes no cut (R-HW-4)', () => {
    const c = new WindowCutter({});
    c.push(pcm([['tone', 1000]]), 0);
    c.floorChange(S(500));
    expect(c.flush()).toHaveLength(1);
    expect(c.flush()).toEqual([]);
    expect(c.flush()).toEqual([]);
  });

  // A meeting-like stream: remarks, speeches, silences, handovers and pauses at random.
  it.each([
    { earlyCloseMs: 1500 as number | null, chunk: 320 },
    { earlyCloseMs: 1500 as number | null, chunk: 4801 },
    { earlyCloseMs: null, chunk: 1000 },
    { earlyCloseMs: 800 as number | null, chunk: 16_000 },
  ])(
    'no sample lost or duplicated, every window ≤ 30 s, cuts at every floor change (early close $earlyCloseMs, chunks of $chunk) (R-HW-4, R-ROOM-5)',
    ({ earlyCloseMs, chunk }) => {
      let seed = 42;
      const rnd = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const parts: Part[] = [];
      for (let i = 0; i < 60; i++) {
        parts.push([rnd() < 0.6 ? 'tone' : rnd() < 0.5 ? 'quiet' : 'noise', Math.floor(100 + rnd() * 9000)]);
      }
      const audio = pcm(parts);
      const floor: number[] = [];
      for (let i = 0; i < 15; i++) floor.push(Math.floor(rnd() * audio.length));
      floor.sort((a, b) => a - b);
      const pauseAt = Math.floor(audio.length * 0.4);
      const resumeAt = pauseAt + S(7000);
      const opts = { earlyCloseMs };
      const setup = (c: WindowCutter) => {
        c.pause(pauseAt);
        c.resume(resumeAt);
      };
      const { windows, cutter } = cut(audio, opts, { chunk, floor, setup });
      expect(cutter.droppedSamples).toBe(resumeAt - pauseAt);
      expectTiles(windows, audio.length, resumeAt - pauseAt);
      const bounds = new Set(windows.flatMap((w) => [w.startSample, w.endSample]));
      for (const f of floor)
        if (f < pauseAt || f > resumeAt) expect(bounds.has(f), `floor at ${f}`).toBe(true);
      for (const w of windows) {
        if (w.reason === 'floor') expect(floor).toContain(w.endSample);
        // no window over the pause
        expect(w.startSample >= resumeAt || w.endSample <= pauseAt).toBe(true);
      }
      // The same windows however it is chunked and however often it is flushed.
      expect(cut(audio, opts, { chunk: 7919, floor, setup, eager: false }).windows).toEqual(windows);
    },
  );
});
