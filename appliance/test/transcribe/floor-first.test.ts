// The floor goes first (floor-first.ts, docs/decisions.md "The floor goes first"): a delegate's
// key holds the speech worker (SIGSTOP) for a moment, the held job carries on afterwards with the
// same text, a storm of keys never stops transcription, and a held worker never outlives the
// appliance. The policy is tested against a recording stand-in for the worker (the other side of
// its two-method interface) and then with the real Transcriber and its real worker process.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onCleanup, until } from '../../../bridge/test/helpers/wait.ts';
import { FloorFirst, type Holdable } from '../../src/transcribe/floor-first.ts';
import { writeWhisperModel } from '../../src/transcribe/ggml-model.ts';
import { SAMPLE_RATE } from '../../src/transcribe/pcm.ts';
import { Transcriber } from '../../src/transcribe/transcriber.ts';
import { alive, procStat } from '../helpers/proc-stat.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { ok } from './outcome.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The worker's side: records when it was held and let go; `computing` says whether there is a job. */
function recordingWorker() {
  const spans: { from: number; to: number | null }[] = [];
  const w = {
    computing: true,
    spans,
    hold() {
      if (!w.computing || spans.at(-1)?.to === null) return false;
      spans.push({ from: performance.now(), to: null });
      return true;
    },
    release() {
      const last = spans.at(-1);
      if (last && last.to === null) last.to = performance.now();
    },
    get held() {
      return spans.at(-1)?.to === null;
    },
  } satisfies Holdable & Record<string, unknown>;
  return w;
}

describe('the hold policy', () => {
  it('one key holds the worker and lets it go holdMs after the last key; a burst is one hold', async () => {
    const w = recordingWorker();
    const f = new FloorFirst(w, { holdMs: 80, maxHoldMs: 5000, minRunMs: 0 });
    onCleanup(() => f.close());
    f.key();
    expect(w.held).toBe(true);
    let last = performance.now();
    for (let i = 0; i < 10; i++) {
      await sleep(20);
      f.key();
      last = performance.now();
    }
    expect(w.spans).toHaveLength(1);
    await until('let go', () => !w.held, 2000, 2);
    expect(w.spans).toHaveLength(1);
    // Not before holdMs after the last key (timers never fire early; 1 ms for clock rounding).
    expect(w.spans[0]!.to! - last).toBeGreaterThanOrEqual(79);
    f.key();
    expect(w.spans).toHaveLength(2);
  });

  it('holds nothing when the worker has no job, and tries again at the next key', () => {
    const w = recordingWorker();
    w.computing = false;
    const f = new FloorFirst(w, { holdMs: 1000 });
    onCleanup(() => f.close());
    f.key();
    expect(w.spans).toHaveLength(0);
    w.computing = true;
    f.key();
    expect(w.held).toBe(true);
    f.close();
    expect(w.held).toBe(false);
  });

  it('holdMs 0 never holds', () => {
    const w = recordingWorker();
    const f = new FloorFirst(w, { holdMs: 0 });
    for (let i = 0; i < 5; i++) f.key();
    expect(w.spans).toHaveLength(0);
  });

  it('a storm of keys: no hold lasts over maxHoldMs, and the worker runs minRunMs between two', async () => {
    const w = recordingWorker();
    const f = new FloorFirst(w, { holdMs: 50, maxHoldMs: 150, minRunMs: 100 });
    onCleanup(() => f.close());
    const until = performance.now() + 900;
    while (performance.now() < until) {
      f.key();
      await sleep(3);
    }
    f.close();
    const spans = w.spans.map((s) => ({ from: s.from, to: s.to! }));
    expect(spans.length).toBeGreaterThanOrEqual(3);
    // Timers fire late on a busy machine, never early: the bounds are one-sided where they must be.
    for (const s of spans.slice(0, -1)) {
      expect(s.to - s.from).toBeGreaterThanOrEqual(149);
      expect(s.to - s.from).toBeLessThan(150 + 150);
    }
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]!.from - spans[i - 1]!.to).toBeGreaterThanOrEqual(99);
    }
  });
});

// ---- with the real worker ----

const dir = tempDir('floor-first-');
let tinyModel = '';
beforeAll(() => {
  // Real tiny dimensions (random weights): about a second per window, long enough to hold mid-job.
  tinyModel = writeWhisperModel(join(dir.path, 'tiny.bin'), { preset: 'tiny' }).path;
});
afterAll(() => dir.cleanup());

function tone(seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  for (let i = 0; i < out.length; i++) {
    const t = i / SAMPLE_RATE;
    out[i] =
      0.3 * Math.sin(2 * Math.PI * (140 + 40 * Math.floor(t * 3)) * t) * Math.abs(Math.sin(Math.PI * t * 3));
  }
  return out;
}

/**
 * 20 s of tone and a transcriber whose job bound it meets when it runs: 3× the time a first worker
 * took for it alone (at least 2 s), which it does not meet when time stopped counts.
 */
async function boundedTone() {
  const pcm = tone(20);
  const t = new Transcriber({ modelPath: tinyModel, threads: 2 });
  onCleanup(() => t.close());
  const computeMs = ok(await t.transcribe({ jobId: 'ref', pcm })).computeMs;
  const boundMs = Math.max(2000, 3 * computeMs);
  const bounded = new Transcriber({ modelPath: tinyModel, threads: 2, jobTimeoutMs: () => boundMs });
  onCleanup(() => bounded.close());
  return { pcm, boundMs, bounded };
}

/** The process has ended: it no longer exists, or is a zombie (exited, not yet reaped). */
function gone(pid: number): boolean {
  if (!alive(pid)) return true;
  try {
    return procStat(pid).state === 'Z';
  } catch {
    return true; // ended between the two looks
  }
}

describe('holding the real worker', () => {
  it('a job held mid-way stops computing, carries on when let go, and gives the same text', async () => {
    const pcm = tone(20);
    const t = new Transcriber({ modelPath: tinyModel, threads: 2 });
    onCleanup(() => t.close());
    const reference = ok(await t.transcribe({ jobId: 'ref', pcm }));
    expect(t.hold()).toBe(false); // nothing running: nothing to hold

    let heldFor = 0;
    let cpuWhileHeld = Number.NaN;
    let state = '';
    t.once('job-started', ({ pid }) => {
      setTimeout(async () => {
        expect(t.hold()).toBe(true);
        expect(t.hold()).toBe(false); // already held
        await sleep(50); // the stop reaches every thread
        const before = procStat(pid);
        state = before.state;
        await sleep(400);
        cpuWhileHeld = procStat(pid).cpuTicks - before.cpuTicks;
        expect(t.status().held.now).toBe(true);
        heldFor = t.status().held.ms;
        t.release();
      }, 100);
    });
    const held = ok(await t.transcribe({ jobId: 'held', pcm }));
    expect(state).toBe('T');
    expect(cpuWhileHeld).toBe(0);
    expect(heldFor).toBeGreaterThanOrEqual(440);
    expect(held.segments).toEqual(reference.segments);
    expect(held.attempts).toBe(1);
    expect(t.status().held).toMatchObject({ now: false, times: 1 });
    expect(t.status().worker.restarts).toBe(0);
  }, 120_000);

  it('time held does not count against a job’s time bound', async () => {
    // A bound the job meets when it runs, and does not when held time counts.
    const { pcm, boundMs, bounded } = await boundedTone();
    bounded.once('job-started', () => {
      setTimeout(() => {
        expect(bounded.hold()).toBe(true);
        setTimeout(() => bounded.release(), boundMs + 500);
      }, 50);
    });
    const outcome = ok(await bounded.transcribe({ jobId: 'held-past-its-bound', pcm }));
    expect(outcome.attempts).toBe(1);
    expect(bounded.status().held.ms).toBeGreaterThan(boundMs);
    expect(bounded.status().worker.restarts).toBe(0);
  }, 120_000);

  it('a worker held when the appliance dies dies with it (the kernel sends SIGKILL: setpriv --pdeathsig)', async () => {
    // A parent of its own that holds its worker mid-job, says the worker's pid, then is killed.
    const parentFile = join(dir.path, 'parent.ts');
    const transcriberUrl = new URL('../../src/transcribe/transcriber.ts', import.meta.url).href;
    writeFileSync(
      parentFile,
      `import { Transcriber } from ${JSON.stringify(transcriberUrl)};
const t = new Transcriber({ modelPath: ${JSON.stringify(tinyModel)}, threads: 1 });
t.once('job-started', ({ pid }) => setTimeout(() => { if (t.hold()) console.log('held ' + pid); }, 100));
void t.transcribe({ jobId: 'j', pcm: new Float32Array(${SAMPLE_RATE * 20}).map((_, i) => Math.sin(i / 9) * 0.3) });
`,
    );
    const parent = spawn(process.execPath, [parentFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    onCleanup(() => parent.kill('SIGKILL'));
    let out = '';
    parent.stdout.on('data', (d) => {
      out += String(d);
    });
    await until('the worker held', () => /held \d+/.test(out), 60_000, 20);
    const workerPid = Number(/held (\d+)/.exec(out)![1]);
    onCleanup(() => {
      if (!gone(workerPid)) process.kill(workerPid, 'SIGKILL');
    });
    await until('stopped', () => procStat(workerPid).state === 'T', 2000, 5);
    parent.kill('SIGKILL');
    await until('the held worker gone with its parent', () => gone(workerPid), 5000, 20);
  }, 90_000);
});

// Under SCHED_IDLE the worker gets a core only when the room leaves one: a busy room can starve it
// for longer than a job's bound. The bound counts the CPU the worker got, so a starved worker is
// not killed and its work kept; one that gets no CPU for 10 bounds is given up. The test starves
// the worker the surest way, by stopping it from outside (SIGSTOP: no CPU at all), not by hold().
describe('a starved worker', () => {
  it('is not killed at its bound, and finishes its job', async () => {
    const { pcm, boundMs, bounded } = await boundedTone();
    bounded.once('job-started', ({ pid }) => {
      setTimeout(() => {
        process.kill(pid, 'SIGSTOP');
        setTimeout(() => process.kill(pid, 'SIGCONT'), boundMs + 1000);
      }, 50);
    });
    const started = performance.now();
    const outcome = ok(await bounded.transcribe({ jobId: 'starved-past-its-bound', pcm }));
    expect(performance.now() - started).toBeGreaterThan(boundMs + 1000);
    expect(outcome.attempts).toBe(1);
    expect(bounded.status().held.ms).toBe(0); // not held: starved
    expect(bounded.status().worker.restarts).toBe(0);
  }, 120_000);

  it('is given up with E_TIMEOUT when it gets no CPU for 10 bounds, and the next job runs', async () => {
    const boundMs = 400;
    const t = new Transcriber({
      modelPath: tinyModel,
      threads: 2,
      jobTimeoutMs: (audioMs) => (audioMs > 10_000 ? boundMs : 60_000),
    });
    onCleanup(() => t.close());
    t.once('job-started', ({ pid }) => process.kill(pid, 'SIGSTOP'));
    const started = performance.now();
    const outcome = await t.transcribe({ jobId: 'stopped', pcm: tone(20) });
    const tookMs = performance.now() - started;
    expect(outcome).toMatchObject({ ok: false, code: 'E_TIMEOUT', attempts: 1 });
    expect(!outcome.ok && outcome.message).toMatch(
      /got the CPU for \d+ ms in \d+ ms \(at most 10 × its bound of 400 ms\)/,
    );
    expect(tookMs).toBeGreaterThanOrEqual(10 * boundMs);
    ok(await t.transcribe({ jobId: 'next', pcm: tone(2) }));
    expect(t.status().worker.restarts).toBe(1);
  }, 60_000);
});
