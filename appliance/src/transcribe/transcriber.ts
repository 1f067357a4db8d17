// The transcriber: the room's side of speech-to-text. It owns one speech worker (a child process,
// whisper-worker.ts), feeds it one job at a time from a FIFO queue, and restarts it when it dies
// (crash, out-of-memory kill, SIGKILL), running the job that was in flight again (a bounded number
// of times). Nothing here throws into the caller: `transcribe` resolves with the segments or with a
// coded error, and `status()` tells the technician page what the engine is doing.
// Without a model the appliance runs on: status says "no-model" and jobs are refused (E_NO_MODEL)
// while recording goes on elsewhere. docs/transcription.md.
import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ModelFileInfo } from './ggml-model.ts';
import { samplesToMs } from './pcm.ts';
import { cpuTimeMs } from './proc-stat.ts';
import {
  type DecodeOptions,
  type FromWorker,
  LANGUAGES,
  type Language,
  type Segment,
  type ToWorker,
  type TranscribeErrorCode,
} from './protocol.ts';

export type { DecodeOptions, Language, Segment, TokenTiming, TranscribeErrorCode } from './protocol.ts';

export type EngineState = 'no-model' | 'loading' | 'ready' | 'busy' | 'restarting' | 'failed';

export interface TranscribeJob {
  jobId: string;
  /**
   * 16 kHz mono float32 (see pcm.ts for s16le), or a function that reads it when the job's turn
   * comes: a queued array stays in memory (64 KB per second of audio, 230 MB per hour of backlog),
   * a function does not. A function needs `audioMs` for the progress figures.
   */
  pcm: Float32Array | (() => Promise<Float32Array>);
  /** The audio's length, for progress, when `pcm` is a function. */
  audioMs?: number;
  /** Default: the transcriber's language. */
  language?: Language;
  /** Where this audio starts in the meeting's time line; added to every timestamp. */
  offsetMs?: number;
  options?: DecodeOptions;
  /** Each segment as soon as whisper.cpp has it. A retried job starts again (attempt + 1). */
  onSegment?: (segment: Segment, attempt: number) => void;
}

export type TranscribeOutcome =
  | {
      ok: true;
      jobId: string;
      segments: Segment[];
      /** The language whisper.cpp decoded in. */
      language: string;
      audioMs: number;
      computeMs: number;
      /** 1 unless the worker died during an earlier attempt. */
      attempts: number;
    }
  | { ok: false; jobId: string; code: TranscribeErrorCode; message: string; attempts: number };

export interface TranscriberLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TranscriberOptions {
  /** The ggml model file; null or absent: run without transcription. */
  modelPath?: string | null;
  /** whisper.cpp threads. Default: the number of cores, at most 4. */
  threads?: number;
  /** The language of jobs that do not name one. Default 'vi'. */
  language?: Language;
  /** Attempts per job when the worker dies under it (then E_WORKER_DIED). Default 3. */
  maxAttempts?: number;
  /** Consecutive deaths while loading before the model is given up as bad. Default 3. */
  maxLoadAttempts?: number;
  /** Delay before a restart: initial × 2^(consecutive deaths − 1), at most max. Default 250 ms / 10 s. */
  restartBackoffMs?: { initial: number; max: number };
  /** Bound on a load. Default 120 s. */
  loadTimeoutMs?: number;
  /**
   * Bound on a job's running time (its worker's CPU time per thread) from its audio length.
   * Default 30 s + 3 × the audio.
   */
  jobTimeoutMs?: (audioMs: number) => number;
  /**
   * CPU niceness of the worker when SCHED_IDLE is not used (started through `nice`, so every whisper.cpp thread has it): the
   * room's process wins the cores when a key is pressed. Default 10; null to run at normal priority.
   */
  nice?: number | null;
  /**
   * Run the worker under Linux's SCHED_IDLE policy (`chrt --idle 0`), where it gets a core only when
   * no normal process wants one; default true where chrt exists. It then takes the place of `nice`.
   */
  schedIdle?: boolean;
  /** The worker's entry file (tests); default whisper-worker.ts beside this file. */
  workerPath?: string;
  log?: TranscriberLogger;
}

export interface TranscriberProgress {
  /** Jobs waiting, not counting the one running. */
  jobsWaiting: number;
  /** Seconds of audio in the waiting jobs. */
  audioSecondsWaiting: number;
  running: { jobId: string; audioSeconds: number; attempt: number; startedAt: string } | null;
  completed: number;
  failed: number;
}

export interface TranscriberStatus {
  state: EngineState;
  /** What the technician reads, e.g. "no model installed: recording continues without text". */
  summary: string;
  modelPath: string | null;
  model: { bytes: number; size: string; weightType: string; multilingual: boolean; loadMs: number } | null;
  language: Language;
  threads: number;
  worker: { pid: number | null; restarts: number };
  /**
   * The worker held (SIGSTOP) while the room's floor is busy (floor-first.ts): whether it is held
   * now, how often it was, and for how long in all (ms).
   */
  held: { now: boolean; times: number; ms: number };
  lastError: { code: TranscribeErrorCode; message: string; at: string } | null;
  progress: TranscriberProgress;
}

interface QueuedJob {
  job: TranscribeJob;
  /** The samples, once read (kept for a retry). */
  pcm: Float32Array | null;
  language: Language;
  offsetMs: number;
  audioMs: number;
  attempts: number;
  resolve: (outcome: TranscribeOutcome) => void;
}

type WorkerPhase = 'starting' | 'loading' | 'ready' | 'busy';
interface Worker {
  proc: ChildProcess;
  pid: number | null;
  phase: WorkerPhase;
  exited: boolean;
  stderrTail: string[];
  /** Set when this process killed the worker on purpose (timeout, close, model change). */
  killedFor: 'timeout' | 'close' | 'reload' | null;
  /** Why a job timed out, for its message. */
  timeoutWhy?: string;
}

const DEFAULT_WORKER = fileURLToPath(new URL('./whisper-worker.ts', import.meta.url));
const NICE = '/usr/bin/nice';
const CHRT = '/usr/bin/chrt';
const SETPRIV = '/usr/bin/setpriv';
const STDERR_LINES = 30;
/** A running job whose worker got no CPU for this many of its bounds is given up (dispatch()). */
const STARVED_BOUNDS = 10;

const silent: TranscriberLogger = { info() {}, warn() {}, error() {} };

/**
 * Events (all informational; none is 'error', so no listener is required):
 * 'state' (status), 'progress' (TranscriberProgress), 'worker' ({pid, phase}), 'job-started'
 * ({jobId, attempt, pid}), 'job-done' (TranscribeOutcome).
 */
export class Transcriber extends EventEmitter {
  private readonly opts: Required<Omit<TranscriberOptions, 'modelPath' | 'log' | 'nice' | 'schedIdle'>> & {
    nice: number | null;
    schedIdle: boolean;
  };
  private readonly log: TranscriberLogger;
  private modelPath: string | null;
  private model: ModelFileInfo | null = null;
  private loadMs = 0;
  private worker: Worker | null = null;
  private state: EngineState = 'no-model';
  private lastError: TranscriberStatus['lastError'] = null;
  private readonly queue: QueuedJob[] = [];
  private running: (QueuedJob & { startedAt: Date; timer: NodeJS.Timeout | null }) | null = null;
  private restarts = 0;
  private consecutiveDeaths = 0;
  private loadDeaths = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private loadTimer: NodeJS.Timeout | null = null;
  private completed = 0;
  private failedJobs = 0;
  private closed = false;
  private started = false;
  /** A lazy job's audio is being read; nothing else is dispatched meanwhile (order is kept). */
  private reading = false;
  /** When the worker was held (SIGSTOP), by performance.now(); null while it runs. */
  private heldSince: number | null = null;
  private holds = 0;
  private heldTotalMs = 0;

  constructor(options: TranscriberOptions = {}) {
    super();
    this.modelPath = options.modelPath ?? null;
    this.log = options.log ?? silent;
    this.opts = {
      threads: options.threads ?? Math.min(4, availableParallelism()),
      language: options.language ?? 'vi',
      maxAttempts: options.maxAttempts ?? 3,
      maxLoadAttempts: options.maxLoadAttempts ?? 3,
      restartBackoffMs: options.restartBackoffMs ?? { initial: 250, max: 10_000 },
      loadTimeoutMs: options.loadTimeoutMs ?? 120_000,
      jobTimeoutMs: options.jobTimeoutMs ?? ((audioMs) => 30_000 + 3 * audioMs),
      nice: options.nice === undefined ? 10 : options.nice,
      schedIdle: options.schedIdle ?? true,
      workerPath: options.workerPath ?? DEFAULT_WORKER,
    };
  }

  /** Starts the worker and loads the model, if there is one. Safe to call more than once. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.boot();
  }

  /** Another model (after `./room model install`), or null to stop transcribing. Waiting jobs stay queued. */
  setModel(modelPath: string | null): void {
    if (this.closed) return;
    this.modelPath = modelPath;
    this.model = null;
    this.loadDeaths = 0;
    this.consecutiveDeaths = 0;
    this.lastError = null;
    this.clearTimers();
    if (this.running) {
      // The job is not the worker's fault: it runs again on the new model, the attempt not counted.
      const r = this.running;
      this.clearRunning();
      r.attempts--;
      this.queue.unshift(r);
    }
    this.stopWorker('reload');
    this.started = true;
    this.boot();
  }

  /** Queues a job. Resolves when it is done or has failed; never rejects. */
  transcribe(job: TranscribeJob): Promise<TranscribeOutcome> {
    return new Promise<TranscribeOutcome>((resolve) => {
      const refuse = (code: TranscribeErrorCode, message: string) =>
        resolve({ ok: false, jobId: job?.jobId, code, message, attempts: 0 });
      if (this.closed) return refuse('E_CLOSED', 'the transcriber is closed');
      const lazy = typeof job?.pcm === 'function';
      if (!job || typeof job.jobId !== 'string' || !(lazy || job.pcm instanceof Float32Array)) {
        return refuse('E_BAD_INPUT', 'a job needs a jobId and 16 kHz mono PCM as a Float32Array');
      }
      if (lazy && !(typeof job.audioMs === 'number' && job.audioMs >= 0)) {
        return refuse('E_BAD_INPUT', 'a job whose pcm is a function needs audioMs');
      }
      this.start();
      const language = job.language ?? this.opts.language;
      if (!LANGUAGES.includes(language)) return refuse('E_BAD_INPUT', `unsupported language ${language}`);
      if (this.state === 'no-model') {
        return refuse('E_NO_MODEL', this.lastError?.message ?? 'no speech model is installed');
      }
      if (this.state === 'failed') {
        return refuse(this.lastError?.code ?? 'E_BAD_MODEL', this.lastError?.message ?? 'the engine failed');
      }
      const offsetMs = job.offsetMs ?? 0;
      const pcm = job.pcm instanceof Float32Array ? job.pcm : null;
      const audioMs = pcm ? samplesToMs(pcm.length) : job.audioMs!;
      if (pcm?.length === 0) {
        return resolve({
          ok: true,
          jobId: job.jobId,
          segments: [],
          language,
          audioMs,
          computeMs: 0,
          attempts: 0,
        });
      }
      this.queue.push({ job, pcm, language, offsetMs, audioMs, attempts: 0, resolve });
      this.emitProgress();
      this.dispatch();
    });
  }

  progress(): TranscriberProgress {
    const r = this.running;
    return {
      jobsWaiting: this.queue.length,
      audioSecondsWaiting: Math.round(this.queue.reduce((s, q) => s + q.audioMs, 0) / 100) / 10,
      running: r
        ? {
            jobId: r.job.jobId,
            audioSeconds: Math.round(r.audioMs / 100) / 10,
            attempt: r.attempts,
            startedAt: r.startedAt.toISOString(),
          }
        : null,
      completed: this.completed,
      failed: this.failedJobs,
    };
  }

  status(): TranscriberStatus {
    const m = this.model;
    return {
      state: this.state,
      summary: this.summary(),
      modelPath: this.modelPath,
      model: m
        ? {
            bytes: m.bytes,
            size: m.size,
            weightType: m.weightType,
            multilingual: m.multilingual,
            loadMs: this.loadMs,
          }
        : null,
      language: this.opts.language,
      threads: this.opts.threads,
      worker: { pid: this.worker?.pid ?? null, restarts: this.restarts },
      held: { now: this.heldSince !== null, times: this.holds, ms: Math.round(this.heldMs()) },
      lastError: this.lastError,
      progress: this.progress(),
    };
  }

  /**
   * Holds the worker (SIGSTOP) while it computes a job, so that the room's process has the machine
   * to itself: the policy is floor-first.ts. False when there is nothing to hold (no job running,
   * already held, closed). A held job is not lost: it carries on where it stopped on release(), and
   * the time it was held does not count against its time bound.
   */
  hold(): boolean {
    const worker = this.worker;
    if (this.closed || this.heldSince !== null || !worker || worker.exited || worker.phase !== 'busy')
      return false;
    try {
      worker.proc.kill('SIGSTOP');
    } catch {
      return false;
    }
    this.heldSince = performance.now();
    this.holds++;
    return true;
  }

  /** Lets a held worker run again. Safe to call when nothing is held. */
  release(): void {
    if (this.heldSince === null) return;
    this.heldTotalMs += performance.now() - this.heldSince;
    this.heldSince = null;
    const worker = this.worker;
    if (!worker || worker.exited) return;
    try {
      worker.proc.kill('SIGCONT');
    } catch {}
  }

  private heldMs(): number {
    return this.heldTotalMs + (this.heldSince === null ? 0 : performance.now() - this.heldSince);
  }

  /** Stops the worker; waiting and running jobs resolve with E_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    const worker = this.worker;
    this.stopWorker('close');
    if (this.running) {
      const r = this.running;
      this.clearRunning();
      this.finish(r, {
        ok: false,
        jobId: r.job.jobId,
        code: 'E_CLOSED',
        message: 'the transcriber was closed',
        attempts: r.attempts,
      });
    }
    for (const q of this.queue.splice(0)) {
      this.finish(q, {
        ok: false,
        jobId: q.job.jobId,
        code: 'E_CLOSED',
        message: 'the transcriber was closed',
        attempts: q.attempts,
      });
    }
    if (worker && !worker.exited) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5000);
        worker.proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  // -------------------------------------------------------------------------------------------

  private summary(): string {
    const e = this.lastError;
    switch (this.state) {
      case 'no-model':
        return e?.code === 'E_NO_MODEL'
          ? `no speech model: ${e.message}; recording continues without text`
          : 'no speech model installed: recording continues without text';
      case 'loading':
        return `loading the speech model ${this.modelPath}`;
      case 'ready':
        return `ready (${this.model?.size}, ${this.model?.weightType})`;
      case 'busy':
        return `transcribing, ${this.queue.length} more waiting`;
      case 'restarting':
        return `the speech worker stopped (${e?.code ?? 'unknown'}); restarting`;
      case 'failed':
        return `transcription is off: ${e?.message ?? 'the engine failed'}; recording continues`;
    }
  }

  private setState(state: EngineState): void {
    if (this.state === state) return;
    this.state = state;
    this.safeEmit('state', this.status());
  }

  private setError(code: TranscribeErrorCode, message: string): void {
    this.lastError = { code, message, at: new Date().toISOString() };
  }

  /** Listeners are the caller's code: one that throws must not break the transcriber. */
  private safeEmit(event: string, payload: unknown): void {
    try {
      this.emit(event, payload);
    } catch (err) {
      this.log.error({ err, event }, 'transcriber listener threw');
    }
  }

  private emitProgress(): void {
    this.safeEmit('progress', this.progress());
  }

  private boot(): void {
    if (this.closed) return;
    if (!this.modelPath) {
      this.setState('no-model');
      return;
    }
    if (!existsSync(this.modelPath) || !statSync(this.modelPath).isFile()) {
      this.setError('E_NO_MODEL', `no model file at ${this.modelPath}`);
      this.failWaiting('E_NO_MODEL', `no model file at ${this.modelPath}`);
      this.setState('no-model');
      return;
    }
    this.spawnWorker();
  }

  /**
   * How the worker is started: `chrt --idle 0 node worker.ts` or `nice -n N node worker.ts`. Both
   * exec node in place, so the pid and the IPC descriptor carry over, and every whisper.cpp thread
   * inherits the policy (a policy set after the start would reach only the main thread).
   * In front of both, where util-linux has it, `setpriv --pdeathsig KILL`: the kernel kills the
   * worker when this process dies, however it dies. A running worker would notice the closed
   * channel by itself; a held one (SIGSTOP, hold()) cannot, and would be left stopped forever.
   */
  private launcher(): { execPath: string; execArgv: string[] } {
    const chain: string[] = [];
    if (existsSync(SETPRIV)) chain.push(SETPRIV, '--pdeathsig', 'KILL');
    if (this.opts.schedIdle && existsSync(CHRT)) chain.push(CHRT, '--idle', '0');
    else if (this.opts.nice !== null && existsSync(NICE)) chain.push(NICE, '-n', String(this.opts.nice));
    const [execPath, ...rest] = [...chain, process.execPath];
    return { execPath: execPath!, execArgv: rest };
  }

  private spawnWorker(): void {
    const { execPath, execArgv } = this.launcher();
    let proc: ChildProcess;
    try {
      proc = fork(this.opts.workerPath, [], {
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        execPath,
        execArgv,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
    } catch (err) {
      this.setError('E_WORKER_DIED', `cannot start the speech worker: ${(err as Error).message}`);
      this.scheduleRestart();
      return;
    }
    const worker: Worker = {
      proc,
      pid: proc.pid ?? null,
      phase: 'starting',
      exited: false,
      stderrTail: [],
      killedFor: null,
    };
    this.worker = worker;
    this.setState('loading');
    proc.stderr?.setEncoding('utf8');
    let partial = '';
    proc.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) worker.stderrTail.push(line);
      if (worker.stderrTail.length > STDERR_LINES)
        worker.stderrTail.splice(0, worker.stderrTail.length - STDERR_LINES);
    });
    proc.on('message', (message: FromWorker) => {
      if (this.worker === worker) this.onMessage(worker, message);
    });
    proc.on('error', (err) => {
      this.log.warn({ err, pid: worker.pid }, 'speech worker error');
      // A failed spawn emits 'error' and may never emit 'exit'.
      if (worker.pid === null) this.onExit(worker, null, null);
    });
    proc.on('exit', (code, signal) => this.onExit(worker, code, signal));
    this.safeEmit('worker', { pid: worker.pid, phase: worker.phase });
    // Bound the start and the load together.
    this.loadTimer = setTimeout(() => {
      if (this.worker !== worker || worker.phase === 'ready' || worker.phase === 'busy') return;
      this.log.warn({ pid: worker.pid }, 'speech model load timed out');
      this.setError('E_TIMEOUT', `loading ${this.modelPath} took longer than ${this.opts.loadTimeoutMs} ms`);
      worker.killedFor = 'timeout';
      worker.proc.kill('SIGKILL');
    }, this.opts.loadTimeoutMs);
  }

  private sendTo(worker: Worker, message: ToWorker): boolean {
    try {
      worker.proc.send(message, (err) => {
        if (err) this.log.warn({ err, pid: worker.pid }, 'speech worker did not take a message');
      });
      return true;
    } catch (err) {
      this.log.warn({ err, pid: worker.pid }, 'speech worker channel closed');
      return false;
    }
  }

  private onMessage(worker: Worker, message: FromWorker): void {
    switch (message.type) {
      case 'hello':
        worker.pid = message.pid;
        worker.phase = 'loading';
        this.safeEmit('worker', { pid: worker.pid, phase: worker.phase });
        this.sendTo(worker, { type: 'load', modelPath: this.modelPath ?? '', threads: this.opts.threads });
        return;
      case 'loaded':
        if (this.loadTimer) clearTimeout(this.loadTimer);
        this.loadTimer = null;
        worker.phase = 'ready';
        this.model = message.model;
        this.loadMs = message.loadMs;
        this.loadDeaths = 0;
        this.log.info(
          { pid: worker.pid, model: this.modelPath, size: message.model.size, loadMs: message.loadMs },
          'speech model loaded',
        );
        this.safeEmit('worker', { pid: worker.pid, phase: worker.phase });
        this.setState('ready');
        this.dispatch();
        return;
      case 'load-failed': {
        if (this.loadTimer) clearTimeout(this.loadTimer);
        this.loadTimer = null;
        this.log.error({ code: message.code, message: message.message }, 'speech model not loaded');
        this.setError(message.code, message.message);
        this.stopWorker('reload');
        this.failWaiting(message.code, message.message);
        this.setState(message.code === 'E_NO_MODEL' ? 'no-model' : 'failed');
        return;
      }
      case 'segment': {
        const r = this.running;
        if (r && r.job.jobId === message.jobId && r.job.onSegment) {
          try {
            r.job.onSegment(message.segment, r.attempts);
          } catch (err) {
            this.log.error({ err, jobId: r.job.jobId }, 'onSegment threw');
          }
        }
        return;
      }
      case 'done':
      case 'failed': {
        const r = this.running;
        if (!r || r.job.jobId !== message.jobId) return;
        this.clearRunning();
        worker.phase = 'ready';
        this.consecutiveDeaths = 0;
        if (message.type === 'done') {
          this.finish(r, {
            ok: true,
            jobId: r.job.jobId,
            segments: message.segments,
            language: message.language,
            audioMs: r.audioMs,
            computeMs: message.computeMs,
            attempts: r.attempts,
          });
        } else {
          this.finish(r, {
            ok: false,
            jobId: r.job.jobId,
            code: message.code,
            message: message.message,
            attempts: r.attempts,
          });
        }
        this.setState('ready');
        this.dispatch();
        return;
      }
    }
  }

  private onExit(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    if (worker.exited) return;
    worker.exited = true;
    if (this.worker !== worker) return; // replaced on purpose (reload, close)
    this.release();
    this.worker = null;
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.loadTimer = null;
    if (this.closed) return;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const tail = worker.stderrTail.slice(-3).join(' | ');
    const wasLoading = worker.phase === 'starting' || worker.phase === 'loading';
    this.log.warn(
      { pid: worker.pid, code, signal, phase: worker.phase, stderr: worker.stderrTail.slice(-10) },
      'speech worker exited',
    );
    this.restarts++;
    this.consecutiveDeaths++;

    const r = this.running;
    if (r) {
      this.clearRunning();
      if (worker.killedFor === 'timeout') {
        this.setError(
          'E_TIMEOUT',
          `job ${r.job.jobId} ${worker.timeoutWhy ?? `took longer than ${this.opts.jobTimeoutMs(r.audioMs)} ms`}`,
        );
        this.finish(r, {
          ok: false,
          jobId: r.job.jobId,
          code: 'E_TIMEOUT',
          message: this.lastError!.message,
          attempts: r.attempts,
        });
        this.consecutiveDeaths = 0; // the worker did what it was told; the job was too long
      } else if (r.attempts >= this.opts.maxAttempts) {
        const message = `the speech worker died during job ${r.job.jobId} on each of ${r.attempts} attempts (last: ${how})`;
        this.setError('E_WORKER_DIED', message);
        this.finish(r, {
          ok: false,
          jobId: r.job.jobId,
          code: 'E_WORKER_DIED',
          message,
          attempts: r.attempts,
        });
      } else {
        this.setError(
          'E_WORKER_DIED',
          `the speech worker died (${how}) during job ${r.job.jobId}; running it again`,
        );
        this.queue.unshift(r);
        this.emitProgress();
      }
    } else if (wasLoading && worker.killedFor !== 'timeout') {
      this.loadDeaths++;
      this.setError(
        'E_WORKER_DIED',
        `the speech worker died (${how}) while loading${tail ? `: ${tail}` : ''}`,
      );
      if (this.loadDeaths >= this.opts.maxLoadAttempts) {
        const message = `the engine died loading ${this.modelPath} ${this.loadDeaths} times (last: ${how}${tail ? `; ${tail}` : ''})`;
        this.setError('E_BAD_MODEL', message);
        this.failWaiting('E_BAD_MODEL', message);
        this.setState('failed');
        return;
      }
    } else if (worker.killedFor === 'timeout' && wasLoading) {
      this.loadDeaths++;
      if (this.loadDeaths >= this.opts.maxLoadAttempts) {
        this.failWaiting('E_TIMEOUT', this.lastError?.message ?? 'the model load timed out');
        this.setState('failed');
        return;
      }
    } else {
      this.setError('E_WORKER_DIED', `the speech worker died (${how}) while idle`);
    }
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.closed) return;
    const { initial, max } = this.opts.restartBackoffMs;
    const delay = Math.min(max, initial * 2 ** Math.max(0, this.consecutiveDeaths - 1));
    this.setState('restarting');
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.boot();
    }, delay);
  }

  private dispatch(): void {
    const worker = this.worker;
    if (this.closed || this.running || this.reading || !worker || worker.phase !== 'ready') return;
    const next = this.queue.shift();
    if (!next) return;
    if (!next.pcm) {
      this.readPcm(next);
      return;
    }
    next.attempts++;
    const timeoutMs = this.opts.jobTimeoutMs(next.audioMs);
    const starvedMs = STARVED_BOUNDS * timeoutMs;
    // The bound is on the time the worker ran, not on the clock: held for keys (hold()) or starved
    // by the room under SCHED_IDLE, it is not hung, and killing it would throw its work away. Its
    // CPU time per thread says how long it ran (a stopped or starved worker gets none); where /proc
    // cannot be read, the clock less the time held. A worker that gets no CPU at all for
    // STARVED_BOUNDS bounds is stopped all the same: hung in the kernel, or starved past any use.
    const started = performance.now();
    const heldBefore = this.heldMs();
    const cpuBefore = worker.pid === null ? null : cpuTimeMs(worker.pid);
    const check = () => {
      if (this.worker !== worker || this.running?.job.jobId !== next.job.jobId) return;
      const clock = performance.now() - started - (this.heldMs() - heldBefore);
      const cpu = cpuBefore === null || worker.pid === null ? null : cpuTimeMs(worker.pid);
      const ran = cpu === null ? clock : Math.min(clock, (cpu - cpuBefore!) / this.opts.threads);
      if (ran < timeoutMs && clock < starvedMs) {
        // Not sooner than a second (or the bound, if shorter): CPU time moves in 10 ms ticks.
        const wait = Math.min(timeoutMs - ran, starvedMs - clock);
        this.running.timer = setTimeout(check, Math.max(Math.min(1000, timeoutMs), wait));
        return;
      }
      worker.timeoutWhy =
        ran < timeoutMs
          ? `got the CPU for ${Math.round(ran)} ms in ${Math.round(clock)} ms (at most ${STARVED_BOUNDS} × its bound of ${timeoutMs} ms)`
          : `took longer than ${timeoutMs} ms`;
      this.log.warn({ jobId: next.job.jobId, pid: worker.pid }, `transcription job ${worker.timeoutWhy}`);
      worker.killedFor = 'timeout';
      worker.proc.kill('SIGKILL');
    };
    const timer = setTimeout(check, timeoutMs);
    this.running = { ...next, startedAt: new Date(), timer };
    worker.phase = 'busy';
    this.setState('busy');
    this.safeEmit('job-started', { jobId: next.job.jobId, attempt: next.attempts, pid: worker.pid });
    this.emitProgress();
    const sent = this.sendTo(worker, {
      type: 'transcribe',
      jobId: next.job.jobId,
      pcm: next.pcm,
      language: next.language,
      offsetMs: next.offsetMs,
      options: next.job.options ?? {},
    });
    // A closed channel means the worker is exiting: its 'exit' puts the job back.
    if (!sent) worker.proc.kill('SIGKILL');
  }

  /** Reads a lazy job's samples, then puts it back at the head of the queue. */
  private readPcm(q: QueuedJob): void {
    this.reading = true;
    const read = q.job.pcm as () => Promise<Float32Array>;
    Promise.resolve()
      .then(read)
      .then(
        (pcm) => {
          if (!(pcm instanceof Float32Array)) throw new Error('the pcm function did not give a Float32Array');
          q.pcm = pcm;
          q.audioMs = samplesToMs(pcm.length);
          if (pcm.length === 0) {
            const { jobId } = q.job;
            this.finish(q, {
              ok: true,
              jobId,
              segments: [],
              language: q.language,
              audioMs: 0,
              computeMs: 0,
              attempts: 0,
            });
          } else this.queue.unshift(q);
        },
        (err: Error) => {
          this.finish(q, {
            ok: false,
            jobId: q.job.jobId,
            code: 'E_BAD_INPUT',
            message: `reading the audio: ${err.message}`,
            attempts: 0,
          });
        },
      )
      .catch((err: Error) => {
        this.finish(q, {
          ok: false,
          jobId: q.job.jobId,
          code: 'E_BAD_INPUT',
          message: err.message,
          attempts: 0,
        });
      })
      .finally(() => {
        this.reading = false;
        if (this.closed) this.failWaiting('E_CLOSED', 'the transcriber was closed');
        else this.dispatch();
      });
  }

  private clearRunning(): void {
    if (this.running?.timer) clearTimeout(this.running.timer);
    this.running = null;
  }

  private finish(q: QueuedJob, outcome: TranscribeOutcome): void {
    if (outcome.ok) this.completed++;
    else this.failedJobs++;
    try {
      q.resolve(outcome);
    } catch {}
    this.safeEmit('job-done', outcome);
    this.emitProgress();
  }

  private failWaiting(code: TranscribeErrorCode, message: string): void {
    for (const q of this.queue.splice(0)) {
      this.finish(q, { ok: false, jobId: q.job.jobId, code, message, attempts: q.attempts });
    }
  }

  private stopWorker(reason: 'close' | 'reload'): void {
    this.release();
    const worker = this.worker;
    this.worker = null;
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.loadTimer = null;
    if (!worker || worker.exited) return;
    worker.killedFor = reason;
    worker.proc.kill('SIGKILL');
  }

  private clearTimers(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.restartTimer = null;
    this.loadTimer = null;
  }
}
