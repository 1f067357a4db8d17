// The transcriber with real speech workers (child processes running whisper.cpp) and the
// project's generated tiny-test model: loading, segments, timestamps, language, the same text
// twice, refusals without or with a bad model, and isolation: the worker killed mid-job (the job
// runs again and completes), a worker that keeps dying (the job fails with a code), a job over its
// bound, while the parent's event loop keeps ticking.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onCleanup, until } from '../../../bridge/test/helpers/wait.ts';
import { writeWhisperModel } from '../../src/transcribe/ggml-model.ts';
import { SAMPLE_RATE } from '../../src/transcribe/pcm.ts';
import {
  type Segment,
  type TranscribeOutcome,
  Transcriber,
  type TranscriberOptions,
} from '../../src/transcribe/transcriber.ts';
import { alive, procStat, SCHED_IDLE } from '../helpers/proc-stat.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { ok } from './outcome.ts';

const dir = tempDir('transcriber-');
let model = '';
let tinyModel = '';
beforeAll(() => {
  model = writeWhisperModel(join(dir.path, 'tiny-test.bin'), { preset: 'tiny-test' }).path;
  // Real tiny dimensions (random weights): about a second per window, long enough to kill mid-job.
  tinyModel = writeWhisperModel(join(dir.path, 'tiny.bin'), { preset: 'tiny' }).path;
});
afterAll(() => dir.cleanup());

/** Deterministic speech-like audio: tone bursts of changing pitch between pauses, and a little noise. */
function audio(seconds: number, seed = 1): Float32Array {
  const n = Math.round(seconds * SAMPLE_RATE);
  const out = new Float32Array(n);
  let s = seed;
  const noise = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    const syllable = Math.floor(t * 4);
    const voiced = syllable % 5 !== 4;
    const f = 120 + ((syllable * 37) % 160);
    const env = voiced ? Math.sin(Math.PI * ((t * 4) % 1)) : 0;
    out[i] =
      0.4 * env * (Math.sin(2 * Math.PI * f * t) + 0.5 * Math.sin(4 * Math.PI * f * t)) + 0.01 * noise();
  }
  return out;
}

/**
 * What the parent's event loop may lag at worst. Whisper runs in another process at low priority (SCHED_IDLE), so the
 * lag measured alone is ~10-30 ms; the bound is loose because these machines are shared with other
 * test runs, and the printed figures are what to read.
 */
const LOOP_BOUND_MS = 1000;

function transcriber(options: TranscriberOptions = {}): Transcriber {
  const t = new Transcriber({ modelPath: model, threads: 2, ...options });
  onCleanup(() => t.close());
  return t;
}

/** Event-loop health of this (the parent) process while `fn` runs. */
async function measureLoop<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; maxDelayMs: number; ticks: number; ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let ticks = 0;
  const interval = setInterval(() => ticks++, 10);
  const started = performance.now();
  try {
    const result = await fn();
    return { result, maxDelayMs: histogram.max / 1e6, ticks, ms: performance.now() - started };
  } finally {
    clearInterval(interval);
    histogram.disable();
  }
}

describe('the transcriber with the tiny-test model', () => {
  it('loads the model in a child process and says so in its status', async () => {
    const t = transcriber();
    expect(t.status().state).toBe('no-model'); // not started yet
    t.start();
    expect(t.status().state).toBe('loading');
    await until('ready', () => t.status().state === 'ready', 20_000);
    const status = t.status();
    expect(status.model).toMatchObject({ size: 'custom (1 layer)', weightType: 'f16', multilingual: true });
    expect(status.model!.bytes).toBeGreaterThan(1e6);
    expect(status.modelPath).toBe(model);
    expect(status.language).toBe('vi');
    expect(status.worker.pid).not.toBe(process.pid);
    expect(alive(status.worker.pid!)).toBe(true);
    expect(status.summary).toMatch(/^ready/);
  });

  it('gives segments with timestamps inside the audio, plus the offset, the same text every run', async () => {
    const t = transcriber();
    const pcm = audio(8);
    const streamed: Segment[] = [];
    const first = ok(await t.transcribe({ jobId: 'a', pcm, onSegment: (s) => streamed.push(s) }));
    const second = ok(await t.transcribe({ jobId: 'b', pcm }));
    const shifted = ok(await t.transcribe({ jobId: 'c', pcm, offsetMs: 60_000 }));

    expect(first.segments.length).toBeGreaterThan(0);
    expect(
      first.segments
        .map((s) => s.text)
        .join('')
        .trim(),
    ).not.toBe('');
    expect(first.audioMs).toBe(8000);
    expect(first.attempts).toBe(1);
    for (const s of first.segments) {
      expect(s.startMs).toBeGreaterThanOrEqual(0);
      expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
      expect(s.endMs).toBeLessThanOrEqual(8000);
    }
    expect(streamed).toEqual(first.segments);
    expect(second.segments).toEqual(first.segments);
    expect(shifted.segments).toEqual(
      first.segments.map((s) => ({ ...s, startMs: s.startMs + 60_000, endMs: s.endMs + 60_000 })),
    );
  });

  it('passes the language to whisper.cpp and can give token timestamps', async () => {
    const t = transcriber({ language: 'en' });
    const pcm = audio(6, 3);
    const vi = ok(await t.transcribe({ jobId: 'vi', pcm, language: 'vi' }));
    const en = ok(await t.transcribe({ jobId: 'en', pcm }));
    expect(vi.language).toBe('vi');
    expect(en.language).toBe('en');
    const bad = await t.transcribe({ jobId: 'x', pcm, language: 'fr' as never });
    expect(bad).toMatchObject({ ok: false, code: 'E_BAD_INPUT' });

    const timed = ok(
      await t.transcribe({ jobId: 'tok', pcm, offsetMs: 1000, options: { tokenTimestamps: true } }),
    );
    const tokens = timed.segments.flatMap((s) => s.tokens ?? []);
    expect(tokens.length).toBeGreaterThan(0);
    for (const s of timed.segments) {
      for (const tok of s.tokens ?? []) {
        expect(tok.id).toBeLessThan(50257); // no special tokens
        expect(tok.startMs).toBeGreaterThanOrEqual(s.startMs);
        expect(tok.endMs).toBeLessThanOrEqual(1000 + 6000);
      }
    }
    expect(vi.segments[0]!.tokens).toBeUndefined();
  });

  it('works the queue in order, one job at a time, with progress; reads lazy audio when its turn comes', async () => {
    const t = transcriber();
    const started: string[] = [];
    t.on('job-started', ({ jobId }) => started.push(jobId));
    const progress: number[] = [];
    t.on('progress', (p) => progress.push(p.jobsWaiting));
    let read = false;
    const jobs = [
      t.transcribe({ jobId: 'j1', pcm: audio(4, 1) }),
      t.transcribe({ jobId: 'j2', pcm: audio(5, 2) }),
      t.transcribe({
        jobId: 'j3',
        audioMs: 3000,
        pcm: async () => {
          read = true;
          return audio(3, 3);
        },
      }),
    ];
    const waiting = t.progress();
    expect(waiting.jobsWaiting).toBe(3);
    expect(waiting.audioSecondsWaiting).toBe(12);
    expect(read).toBe(false);
    const outcomes = await Promise.all(jobs);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(started).toEqual(['j1', 'j2', 'j3']);
    expect(read).toBe(true);
    expect(Math.max(...progress)).toBe(3);
    expect(t.progress()).toMatchObject({
      jobsWaiting: 0,
      audioSecondsWaiting: 0,
      running: null,
      completed: 3,
    });
  });
});

describe('without a usable model', () => {
  it('runs without a model: status says so, jobs are refused with E_NO_MODEL, no worker runs', async () => {
    const t = transcriber({ modelPath: null });
    t.start();
    const outcome = await t.transcribe({ jobId: 'x', pcm: audio(1) });
    expect(outcome).toMatchObject({ ok: false, code: 'E_NO_MODEL' });
    const status = t.status();
    expect(status.state).toBe('no-model');
    expect(status.summary).toMatch(/no speech model.*recording continues/);
    expect(status.worker.pid).toBeNull();
  });

  it('a configured model file that is missing is "no model" too, with the path', async () => {
    const missing = join(dir.path, 'not-there.bin');
    const t = transcriber({ modelPath: missing });
    expect(await t.transcribe({ jobId: 'x', pcm: audio(1) })).toMatchObject({
      ok: false,
      code: 'E_NO_MODEL',
    });
    expect(t.status()).toMatchObject({ state: 'no-model', lastError: { code: 'E_NO_MODEL' } });
    expect(t.status().summary).toContain(missing);
  });

  it('a bad model file gives E_BAD_MODEL, not a crash; a good one installed later works', async () => {
    const bad = join(dir.path, 'bad.bin');
    writeFileSync(bad, Buffer.from('this is not a ggml file, it is a text file renamed .bin\n'.repeat(100)));
    const t = transcriber({ modelPath: bad });
    const outcome = await t.transcribe({ jobId: 'x', pcm: audio(1) });
    expect(outcome).toMatchObject({ ok: false, code: 'E_BAD_MODEL' });
    expect(t.status()).toMatchObject({
      state: 'failed',
      lastError: { code: 'E_BAD_MODEL' },
      worker: { pid: null },
    });
    expect(t.status().summary).toMatch(/transcription is off.*not a whisper.cpp ggml model/);
    expect(await t.transcribe({ jobId: 'y', pcm: audio(1) })).toMatchObject({
      ok: false,
      code: 'E_BAD_MODEL',
    });

    t.setModel(model);
    expect(ok(await t.transcribe({ jobId: 'z', pcm: audio(2) })).segments.length).toBeGreaterThan(0);
    expect(t.status().state).toBe('ready');
  });
});

/** A process's scheduling policy and nice value. */
function schedOf(pid: number): { policy: number; nice: number } {
  const { policy, nice } = procStat(pid);
  return { policy, nice };
}

describe('the worker yields the cores to the room', () => {
  it('runs under SCHED_IDLE (every thread: the policy is set before node starts), or at nice 10 without it', async () => {
    const idle = transcriber();
    idle.start();
    await until('ready', () => idle.status().state === 'ready', 20_000);
    expect(schedOf(idle.status().worker.pid!).policy).toBe(SCHED_IDLE);
    const nice = transcriber({ schedIdle: false });
    nice.start();
    await until('ready', () => nice.status().state === 'ready', 20_000);
    expect(schedOf(nice.status().worker.pid!)).toEqual({ policy: 0, nice: 10 });
  });
});

describe('isolation: the worker dies, the room does not', () => {
  it('the worker killed (SIGKILL) mid-job is restarted and the job completes, with the same text', async () => {
    const pcm = audio(20, 5);
    const reference = transcriber({ modelPath: tinyModel });
    const expected = ok(await reference.transcribe({ jobId: 'ref', pcm }));
    await reference.close();

    const t = transcriber({ modelPath: tinyModel });
    const killed: number[] = [];
    t.on('job-started', ({ attempt, pid }) => {
      if (attempt === 1) {
        // Let whisper.cpp get going, then kill it as the kernel's OOM killer would.
        setTimeout(() => {
          process.kill(pid, 'SIGKILL');
          killed.push(pid);
        }, 150);
      }
    });
    const states: string[] = [];
    t.on('state', (s) => states.push(s.state));
    const { result, maxDelayMs, ticks, ms } = await measureLoop(() => t.transcribe({ jobId: 'k', pcm }));
    const outcome = ok(result);
    expect(killed.length).toBe(1);
    expect(alive(killed[0]!)).toBe(false);
    expect(outcome.attempts).toBe(2);
    expect(outcome.segments).toEqual(expected.segments);
    expect(states).toContain('restarting');
    expect(t.status().worker.restarts).toBe(1);
    expect(t.status().worker.pid).not.toBe(killed[0]);
    console.log(
      `kill mid-job: done in ${Math.round(ms)} ms over 2 attempts; parent event loop max delay ${maxDelayMs.toFixed(1)} ms, ${ticks} ticks of 10 ms`,
    );
    expect(maxDelayMs).toBeLessThan(LOOP_BOUND_MS);
    expect(ticks).toBeGreaterThan(ms / 10 / 3);
    // Two runs of the worker at low priority: on two shared cores under a full test run (or a bench
    // beside it) that can take far longer than the default 30 s; the bounds above are the test.
  }, 120_000);

  it('a worker that keeps dying fails the job with E_WORKER_DIED after the retry limit; the parent keeps ticking, the next job works', async () => {
    const t = transcriber({ maxAttempts: 3, restartBackoffMs: { initial: 50, max: 400 } });
    let kills = 0;
    const kill = ({ pid }: { pid: number }) => {
      kills++;
      process.kill(pid, 'SIGKILL');
    };
    t.on('job-started', kill);
    const { result, maxDelayMs, ticks, ms } = await measureLoop(() =>
      t.transcribe({ jobId: 'doomed', pcm: audio(8) }),
    );
    expect(result).toMatchObject({ ok: false, code: 'E_WORKER_DIED', attempts: 3 });
    expect(kills).toBe(3);
    expect(t.status().lastError?.code).toBe('E_WORKER_DIED');
    console.log(
      `worker killed 3 times: job failed after ${Math.round(ms)} ms; parent event loop max delay ${maxDelayMs.toFixed(1)} ms, ${ticks} ticks of 10 ms`,
    );
    expect(maxDelayMs).toBeLessThan(LOOP_BOUND_MS);
    expect(ticks).toBeGreaterThan(ms / 10 / 3);

    t.off('job-started', kill);
    const next = ok(await t.transcribe({ jobId: 'next', pcm: audio(3) }));
    expect(next.attempts).toBe(1);
    expect(t.status().state).toBe('ready');
  });

  it('a worker that dies while loading, every time, leaves the engine "failed" (E_BAD_MODEL), not a loop', async () => {
    const t = transcriber({ maxLoadAttempts: 2, restartBackoffMs: { initial: 20, max: 50 } });
    t.on('worker', ({ pid, phase }) => {
      if (phase === 'loading') process.kill(pid, 'SIGKILL');
    });
    const outcome = await t.transcribe({ jobId: 'x', pcm: audio(1) });
    expect(outcome).toMatchObject({ ok: false, code: 'E_BAD_MODEL' });
    expect(t.status()).toMatchObject({ state: 'failed', worker: { restarts: 2 } });
    expect(t.status().lastError?.message).toMatch(/died loading .* 2 times/);
  });

  it('a job over its time bound fails with E_TIMEOUT, the worker is replaced, shorter jobs go on', async () => {
    const t = transcriber({ jobTimeoutMs: (audioMs) => (audioMs > 50_000 ? 5 : 30_000) });
    const long = await t.transcribe({ jobId: 'long', pcm: audio(60) });
    expect(long).toMatchObject({ ok: false, code: 'E_TIMEOUT', attempts: 1 });
    const short = ok(await t.transcribe({ jobId: 'short', pcm: audio(2) }));
    expect(short.segments.length).toBeGreaterThan(0);
    expect(t.status().worker.restarts).toBe(1);
  });

  it('measures the parent event loop while the worker loads and transcribes', async () => {
    const t = transcriber({ modelPath: tinyModel });
    const { result, maxDelayMs, ticks, ms } = await measureLoop(async () => {
      t.start();
      const outcomes: TranscribeOutcome[] = [];
      // No temperature fallback: random weights would make whisper.cpp retry every window 5 times.
      const options = { temperatureFallback: false };
      // One 30 s window: enough to load the engine and keep it busy for a second or two; the full
      // CI run shares two cores with every other test file, and the worker runs at low priority.
      for (let i = 0; i < 1; i++) {
        outcomes.push(await t.transcribe({ jobId: `m${i}`, pcm: audio(30, i), options }));
      }
      return outcomes;
    });
    expect(result.every((o) => o.ok)).toBe(true);
    console.log(
      `load + 30 s on tiny (random weights) in the worker: ${Math.round(ms)} ms; parent event loop max delay ${maxDelayMs.toFixed(1)} ms, ${ticks} ticks of 10 ms`,
    );
    // The bound is loose (shared machine): what is tested is that the parent never blocks on the
    // engine; the printed figures are what to read.
    expect(maxDelayMs).toBeLessThan(LOOP_BOUND_MS);
  }, 120_000);

  it('close() ends the worker and refuses what was waiting', async () => {
    const t = transcriber();
    await until(
      'ready',
      () => {
        t.start();
        return t.status().state === 'ready';
      },
      20_000,
    );
    const pid = t.status().worker.pid!;
    const jobs = [t.transcribe({ jobId: '1', pcm: audio(30) }), t.transcribe({ jobId: '2', pcm: audio(2) })];
    await t.close();
    const outcomes = await Promise.all(jobs);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['E_CLOSED', 'E_CLOSED']);
    expect(alive(pid)).toBe(false);
    expect(await t.transcribe({ jobId: '3', pcm: audio(1) })).toMatchObject({ ok: false, code: 'E_CLOSED' });
  });
});
