// The recorder of one meeting (issue 5, R-ROOM-4): ONE ffmpeg process per run reads the source and
// writes (a) Opus segment files `<dir>/seg-00001.opus`, … and (b) 16 kHz mono s16le PCM on its
// stdout for transcription, emitted as `pcm` events with their sample offset. `manifest.json`
// ties the audio to the appliance's clock. A pause ends the run (nothing is read from the device
// while paused); resume starts a new one in the same manifest. Trouble (the device vanishes, the
// disk fills) is reported as a status and retried; nothing is ever thrown at the caller.
// docs/recording.md.
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdir, readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AudioSource,
  audioSourceProblems,
  describeSource,
  ffmpegInputArgs,
  sourceClock,
  sourceEnds,
} from './audio-source.ts';
import { FfmpegUnavailableError, findFfmpeg } from './ffmpeg.ts';
import {
  fsyncPath,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestOutage,
  type ManifestRun,
  type ManifestSegment,
  type RunEnd,
  type RunReason,
  readManifest,
  SAMPLE_RATE,
  writeManifest,
} from './manifest.ts';
import { PcmBuffer, type PcmChunk } from './pcm-buffer.ts';

export type { PcmChunk } from './pcm-buffer.ts';

/**
 * The technician's vocabulary. `starting`: ffmpeg runs, no audio yet. `recording`: audio arrives
 * and is saved. `disk_full`: audio arrives and goes to transcription, but is not saved.
 * `device_lost`: no audio (the device, stream or ffmpeg failed); retrying. `paused`, `stopped`.
 */
export type RecorderState =
  | 'idle'
  | 'starting'
  | 'recording'
  | 'paused'
  | 'stopped'
  | 'device_lost'
  | 'disk_full';

export type RecorderProblem =
  | 'ffmpeg_missing'
  | 'device_error'
  | 'no_audio'
  | 'source_ended'
  | 'low_space'
  | 'enospc'
  | 'storage';

export interface RecorderStatus {
  state: RecorderState;
  /** When this state began (ms since the epoch). */
  sinceMs: number;
  /** Segment files are being written. */
  savingAudio: boolean;
  problem?: RecorderProblem;
  /** ffmpeg's or the system's words for it. */
  detail?: string;
  /** Consecutive failed attempts (device_lost). */
  attempt?: number;
  /** The next attempt is due in this many ms. */
  retryInMs?: number;
  /** Free bytes in the recording's folder, as last measured. */
  freeBytes?: number;
}

export interface RecorderLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface RecorderOptions {
  /** The meeting's folder; created if missing. */
  dir: string;
  source: AudioSource;
  meetingId?: string;
  /** Length of a segment file (s): a power cut loses at most the one being written. Default 60. */
  segmentSeconds?: number;
  /** Opus bitrate (bit/s). Default 24000 (≈ 10.8 MB per hour). */
  bitrate?: number;
  /** No audio for this long while running → device_lost, retry. Default 5000. */
  stallTimeoutMs?: number;
  /** No audio this long after ffmpeg started (opening, network probing) → device_lost. Default 15000. */
  startTimeoutMs?: number;
  /** Retry backoff: first wait, doubling up to the max. Defaults 1000, 30000. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Below this many free bytes no segment files are written (disk_full). Default 256 MiB. */
  minFreeBytes?: number;
  /** Segment files again from this many free bytes. Default minFreeBytes + 64 MiB. */
  resumeFreeBytes?: number;
  /** How often free space is checked while running (ms). Default 5000. */
  diskCheckMs?: number;
  /** PCM event size (ms of audio). Default 100. */
  pcmChunkMs?: number;
  /**
   * Read no faster than real time (ffmpeg's `arealtime` filter): for devices without a clock, such
   * as the ALSA `file` plugin the tests use. Real devices and `realtime` files do not need it.
   */
  paceToRealTime?: boolean;
  /** Environment for ffmpeg (ALSA_CONFIG_PATH, PULSE_SERVER, FFMPEG_PATH). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** ffmpeg gets this long to finish its files after SIGINT before SIGKILL (ms). Default 3000. */
  stopGraceMs?: number;
  logger?: RecorderLogger;
  /** Tests: the free-space probe (fs.statfs by default). */
  statfs?: (dir: string) => Promise<{ bavail: number | bigint; bsize: number | bigint }>;
  now?: () => number;
}

type Events = {
  status: [RecorderStatus];
  pcm: [PcmChunk];
  /** A segment file is complete and synced to disk. */
  segment: [ManifestSegment];
};

const MIB = 1024 * 1024;
const STDERR_LINES = 30;
const CLOCK_WINDOW_SAMPLES = 10 * SAMPLE_RATE;
/** After ENOSPC, segments are tried again only once this much more space is free. */
const ENOSPC_MARGIN = 1 * MIB;

interface Live {
  child: ChildProcess;
  run: ManifestRun;
  saving: boolean;
  firstSegment: number;
  spawnedAt: number;
  firstPcmAt: number | null;
  lastPcmAt: number;
  samples: number;
  carry: Buffer | null;
  arrivalMin: number;
  arrivalSum: number;
  arrivalCount: number;
  deviceStartMs: number | undefined;
  inInputHeader: boolean;
  /** Per segment of this run (by its index in the run): min of (arrival − end time). */
  segArrivalMin: Map<number, number>;
  stderrTail: string[];
  stderrPartial: string;
  listPartial: string;
  enospc: boolean;
  /** The watchdog has reported it (once). */
  stalled: boolean;
  stopping: RunEnd | null;
  closed: Promise<void>;
  watchdog: NodeJS.Timeout;
  diskTimer: NodeJS.Timeout;
}

/** libopus's look-ahead, which every Ogg Opus file declares as pre-skip: 312 at 48 kHz. */
const OPUS_PRESKIP_16K = 104;

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

export class Recorder extends EventEmitter<Events> {
  readonly dir: string;
  readonly source: AudioSource;
  #o: Required<Omit<RecorderOptions, 'meetingId' | 'logger' | 'env' | 'statfs' | 'now' | 'dir' | 'source'>>;
  #meetingId: string | null;
  #env: NodeJS.ProcessEnv;
  #logger: RecorderLogger | undefined;
  #statfs: NonNullable<RecorderOptions['statfs']>;
  #now: () => number;

  #want: 'idle' | 'recording' | 'paused' | 'stopped' = 'idle';
  #status: RecorderStatus;
  #manifest: Manifest | null = null;
  #live: Live | null = null;
  #queue: Promise<void> = Promise.resolve();
  #retryTimer: NodeJS.Timeout | null = null;
  #attempt = 0;
  /** Segments are not written: the reason, and the free space needed to write them again. */
  #diskFull: { problem: RecorderProblem; detail: string; needFree: number } | null = null;
  #freeBytes: number | undefined;
  #manifestDirty = false;
  /** The last write failed (disk full): retried by the disk check. */
  #manifestFailed = false;
  #manifestWriting: Promise<void> | null = null;
  #buffers = new Set<PcmBuffer>();

  /** Throws only for options that are wrong (a source that fails its schema). */
  constructor(o: RecorderOptions) {
    super();
    const problems = audioSourceProblems(o.source, 'source');
    if (problems.length) throw new TypeError(`Recorder: ${problems.join('; ')}`);
    this.dir = o.dir;
    this.source = o.source;
    this.#meetingId = o.meetingId ?? null;
    this.#env = o.env ?? process.env;
    this.#logger = o.logger;
    this.#statfs = o.statfs ?? ((d) => statfs(d));
    this.#now = o.now ?? Date.now;
    const minFreeBytes = o.minFreeBytes ?? 256 * MIB;
    this.#o = {
      segmentSeconds: o.segmentSeconds ?? 60,
      bitrate: o.bitrate ?? 24_000,
      stallTimeoutMs: o.stallTimeoutMs ?? 5000,
      startTimeoutMs: o.startTimeoutMs ?? 15_000,
      retryInitialMs: o.retryInitialMs ?? 1000,
      retryMaxMs: o.retryMaxMs ?? 30_000,
      minFreeBytes,
      resumeFreeBytes: o.resumeFreeBytes ?? minFreeBytes + 64 * MIB,
      diskCheckMs: o.diskCheckMs ?? 5000,
      pcmChunkMs: o.pcmChunkMs ?? 100,
      paceToRealTime: o.paceToRealTime ?? false,
      stopGraceMs: o.stopGraceMs ?? 3000,
    };
    if (!(this.#o.segmentSeconds >= 1 && this.#o.segmentSeconds <= 3600)) {
      throw new TypeError('Recorder: segmentSeconds must be 1 to 3600');
    }
    this.#status = { state: 'idle', sinceMs: this.#now(), savingAudio: false };
  }

  get status(): RecorderStatus {
    return { ...this.#status };
  }

  /** The running ffmpeg's process id (null between runs): for the technician and for measuring. */
  get pid(): number | null {
    return this.#live?.child.pid ?? null;
  }

  /** A copy of the manifest as it is now (null before start). */
  get manifest(): Manifest | null {
    return this.#manifest ? structuredClone(this.#manifest) : null;
  }

  /**
   * A bounded queue of the PCM for a consumer that reads at its own pace (the transcriber): at most
   * `maxSeconds` of audio is held; older chunks are dropped and counted (pcm-buffer.ts).
   */
  subscribePcm(maxSeconds = 30): PcmBuffer {
    const b = new PcmBuffer(Math.round(maxSeconds * SAMPLE_RATE));
    if (this.#want === 'stopped') b.close();
    else this.#buffers.add(b);
    return b;
  }

  unsubscribePcm(b: PcmBuffer): void {
    this.#buffers.delete(b);
    b.close();
  }

  /** Starts recording (again, appending, if the folder holds a manifest). No-op unless idle. */
  start(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#want !== 'idle') return;
      this.#want = 'recording';
      const recovered = await this.#openManifest();
      this.#setStatus({ state: 'starting', savingAudio: false });
      await this.#launch(recovered ? 'restart' : 'start');
    });
  }

  /** The chair pauses: ffmpeg stops reading the device; the pause goes into the manifest. */
  pause(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#want !== 'recording') return;
      this.#want = 'paused';
      this.#clearRetry();
      const m = this.#manifest!;
      const now = this.#now();
      m.pauses.push({ fromMs: now, toMs: null, atSample: m.nextSample });
      this.#setStatus({ state: 'paused', savingAudio: false });
      await this.#endLive('pause');
      this.#closeOutages(now);
      m.pauses.at(-1)!.atSample = m.nextSample;
      m.state = 'paused';
      await this.#writeManifest();
    });
  }

  resume(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#want !== 'paused') return;
      this.#want = 'recording';
      const m = this.#manifest!;
      const open = m.pauses.at(-1);
      if (open && open.toMs === null) open.toMs = this.#now();
      m.state = 'recording';
      this.#attempt = 0;
      this.#setStatus({ state: 'starting', savingAudio: false });
      await this.#launch('resume');
    });
  }

  /** Ends the recording: the current segment is finished, the manifest written, PCM queues closed. */
  stop(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#want === 'stopped') return;
      const was = this.#want;
      this.#want = 'stopped';
      this.#clearRetry();
      await this.#endLive('stop');
      await this.#finish(was === 'idle' ? undefined : 'stop');
    });
  }

  // ----- internals -----

  #enqueue(step: () => Promise<void>): Promise<void> {
    const p = this.#queue.then(step).catch((e: unknown) => {
      // Never into the caller: an unexpected error is logged and shown as a status.
      this.#logger?.warn({ err: e }, 'recorder: unexpected error');
      if (this.#want === 'recording') this.#fail('device_error', String((e as Error)?.message ?? e));
    });
    this.#queue = p;
    return p;
  }

  #setStatus(s: Omit<RecorderStatus, 'sinceMs'>): void {
    const prev = this.#status;
    const same =
      prev.state === s.state &&
      prev.savingAudio === s.savingAudio &&
      prev.problem === s.problem &&
      prev.detail === s.detail &&
      prev.attempt === s.attempt &&
      prev.retryInMs === s.retryInMs;
    if (same) return;
    const next: RecorderStatus = {
      ...s,
      sinceMs: prev.state === s.state ? prev.sinceMs : this.#now(),
    };
    if (this.#freeBytes !== undefined) next.freeBytes = this.#freeBytes;
    this.#status = next;
    if (prev.state !== s.state) this.#logger?.info({ recorder: this.dir, ...next }, `recorder: ${s.state}`);
    this.emit('status', { ...next });
  }

  async #openManifest(): Promise<boolean> {
    const now = this.#now();
    let m: Manifest | null = null;
    try {
      await mkdir(this.dir, { recursive: true });
      m = await readManifest(this.dir);
    } catch (e) {
      this.#logger?.warn({ err: e, dir: this.dir }, 'recorder: manifest unreadable, starting a new one');
    }
    const existing = await this.#highestSegmentOnDisk();
    if (m) {
      // A crash ended the last run: it stops where the manifest last saw it; audio indexes jump past
      // anything it could have produced, so no two samples ever share an index.
      for (const r of m.runs) {
        if (r.endedAtMs !== null) continue;
        r.endedAtMs = m.updatedAtMs;
        r.endReason = 'crash';
        if (r.firstSampleAtMs !== null) {
          const bound = r.firstSample + Math.ceil(((now - r.firstSampleAtMs) * SAMPLE_RATE) / 1000);
          m.nextSample = Math.max(m.nextSample, bound);
        }
      }
      for (const s of m.segments) {
        if (s.complete) continue;
        s.bytes = await stat(join(this.dir, s.file)).then(
          (st) => st.size,
          () => null,
        );
      }
      for (const g of [...m.pauses, ...m.outages]) if (g.toMs === null) g.toMs = now;
      m.nextSegment = Math.max(m.nextSegment, existing + 1);
      m.state = 'recording';
      this.#manifest = m;
      return m.runs.length > 0;
    }
    this.#manifest = {
      version: MANIFEST_VERSION,
      sampleRate: SAMPLE_RATE,
      meetingId: this.#meetingId,
      source: describeSource(this.source),
      audio: { container: 'ogg', codec: 'opus', sampleRate: 48_000, channels: 1, bitrate: this.#o.bitrate },
      segmentSeconds: this.#o.segmentSeconds,
      createdAtMs: now,
      updatedAtMs: now,
      state: 'recording',
      nextSample: 0,
      nextSegment: existing + 1,
      runs: [],
      segments: [],
      pauses: [],
      outages: [],
    };
    return false;
  }

  async #highestSegmentOnDisk(): Promise<number> {
    try {
      let max = 0;
      for (const f of await readdir(this.dir)) {
        const n = /^seg-(\d+)\.opus$/.exec(f);
        if (n?.[1]) max = Math.max(max, Number(n[1]));
      }
      return max;
    } catch {
      return 0;
    }
  }

  /** Free bytes, or undefined when the folder cannot be measured. */
  async #free(): Promise<number | undefined> {
    try {
      const s = await this.#statfs(this.dir);
      this.#freeBytes = Number(s.bavail) * Number(s.bsize);
      return this.#freeBytes;
    } catch {
      return undefined;
    }
  }

  /** Decides whether segments can be written now; updates #diskFull. */
  async #canSave(): Promise<boolean> {
    const free = await this.#free();
    if (free === undefined) {
      // The folder may be gone (unmounted, deleted): try to make it; failing that, PCM only.
      try {
        await mkdir(this.dir, { recursive: true });
        if (this.#diskFull?.problem === 'storage') this.#diskFull = null;
        return this.#diskFull === null;
      } catch (e) {
        this.#diskFull = { problem: 'storage', detail: (e as Error).message, needFree: 0 };
        return false;
      }
    }
    if (this.#diskFull) {
      if (free >= Math.max(this.#diskFull.needFree, this.#o.resumeFreeBytes)) this.#diskFull = null;
    } else if (free < this.#o.minFreeBytes) {
      this.#diskFull = {
        problem: 'low_space',
        detail: `${free} bytes free, below the ${this.#o.minFreeBytes} kept free`,
        needFree: this.#o.resumeFreeBytes,
      };
    }
    return this.#diskFull === null;
  }

  #ffmpegArgs(saving: boolean, firstSegment: number, startAtSeconds: number): string[] {
    const o = this.#o;
    const chunk = Math.max(1, Math.round((o.pcmChunkMs * SAMPLE_RATE) / 1000));
    const head = `[0:a]asetpts=N/SR/TB${o.paceToRealTime ? ',arealtime' : ''}`;
    const pcm = `aresample=${SAMPLE_RATE},aformat=sample_fmts=s16:channel_layouts=mono,asetnsamples=n=${chunk}:p=0[pcm]`;
    const graph = saving
      ? `${head},asplit=2[r][p];[r]aresample=48000,aformat=channel_layouts=mono[rec];[p]${pcm}`
      : `${head},${pcm}`;
    const args = [
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-loglevel',
      'info',
      ...ffmpegInputArgs(this.source, { startAtSeconds }),
      '-filter_complex',
      graph,
    ];
    if (saving) {
      args.push(
        '-map',
        '[rec]',
        '-c:a',
        'libopus',
        '-b:a',
        String(o.bitrate),
        '-application',
        'voip',
        '-f',
        'segment',
        '-segment_time',
        String(o.segmentSeconds),
        '-segment_format',
        'ogg',
        '-segment_start_number',
        String(firstSegment),
        '-reset_timestamps',
        '1',
        '-segment_list',
        'pipe:3',
        '-segment_list_type',
        'csv',
        // Each Ogg page (≤ 1 s) goes to the kernel as it is made: a crash, a SIGKILL or an
        // interrupted finish loses at most the last page, not the segment's whole buffer.
        '-segment_format_options',
        'flush_packets=1:page_duration=500000',
        join(this.dir.replaceAll('%', '%%'), 'seg-%05d.opus'),
      );
    }
    args.push('-map', '[pcm]', '-c:a', 'pcm_s16le', '-f', 's16le', '-flush_packets', '1', 'pipe:1');
    return args;
  }

  async #launch(reason: RunReason): Promise<void> {
    if (this.#want !== 'recording' || this.#live) return;
    const m = this.#manifest!;
    let ffmpeg: string;
    try {
      ffmpeg = (await findFfmpeg(this.#env)).path;
    } catch (e) {
      const detail = e instanceof FfmpegUnavailableError ? e.message : String(e);
      this.#fail('ffmpeg_missing', detail);
      return;
    }
    const saving = await this.#canSave();
    // A file that is read again continues where a microphone would be by now (realtime) or where
    // reading stopped (as fast as possible); other sources are live.
    let startAt = 0;
    if (this.source.kind === 'file') {
      const first = m.runs.find((r) => r.firstSampleAtMs !== null);
      startAt =
        this.source.realtime && first?.firstSampleAtMs != null
          ? (this.#now() - first.firstSampleAtMs) / 1000
          : m.runs.reduce((n, r) => n + r.samples, 0) / SAMPLE_RATE;
    }
    const run: ManifestRun = {
      index: m.runs.length + 1,
      reason,
      firstSample: m.nextSample,
      samples: 0,
      firstSampleAtMs: null,
      clock: null,
      savingAudio: saving,
      endedAtMs: null,
      endReason: null,
    };
    m.runs.push(run);
    if (!saving) this.#openOutage('disk_full', this.#diskFull?.detail ?? 'no space');
    const args = this.#ffmpegArgs(saving, m.nextSegment, startAt);
    const spawnedAt = this.#now();
    let child: ChildProcess;
    try {
      child = spawn(ffmpeg, args, {
        stdio: ['ignore', 'pipe', 'pipe', saving ? 'pipe' : 'ignore'],
        env: this.#env,
      });
    } catch (e) {
      run.endedAtMs = spawnedAt;
      run.endReason = 'device_lost';
      this.#fail('device_error', (e as Error).message);
      return;
    }
    let closed!: () => void;
    const live: Live = {
      child,
      run,
      saving,
      firstSegment: m.nextSegment,
      spawnedAt,
      firstPcmAt: null,
      lastPcmAt: spawnedAt,
      samples: 0,
      carry: null,
      arrivalMin: Number.POSITIVE_INFINITY,
      arrivalSum: 0,
      arrivalCount: 0,
      deviceStartMs: undefined,
      inInputHeader: false,
      segArrivalMin: new Map(),
      stderrTail: [],
      stderrPartial: '',
      listPartial: '',
      enospc: false,
      stalled: false,
      stopping: null,
      closed: new Promise((ok) => {
        closed = ok;
      }),
      watchdog: setInterval(() => this.#watch(live), Math.min(500, this.#o.stallTimeoutMs / 4)),
      diskTimer: setInterval(() => void this.#checkDisk(live), this.#o.diskCheckMs),
    };
    this.#live = live;
    child.stdout!.on('data', (b: Buffer) => this.#onPcm(live, b));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (t: string) => this.#onStderr(live, t));
    const list = child.stdio[3];
    if (list && 'on' in list) {
      (list as NodeJS.ReadableStream).setEncoding('utf8');
      list.on('data', (t: string) => this.#onSegmentList(live, t));
      list.on('error', () => {});
    }
    child.on('error', (e) => {
      live.stderrTail.push(e.message);
    });
    child.stdout!.on('error', () => {});
    child.stderr!.on('error', () => {});
    child.on('close', (code, signal) => {
      this.#onClose(live, code, signal)
        .catch((e: unknown) => this.#logger?.warn({ err: e }, 'recorder: after ffmpeg ended'))
        .finally(closed);
    });
    this.#logger?.info({ recorder: this.dir, run: run.index, saving, args }, 'recorder: ffmpeg started');
    await this.#writeManifest();
  }

  #watch(live: Live): void {
    if (this.#live !== live || live.stopping || live.stalled) return;
    const now = this.#now();
    const silent = live.firstPcmAt === null ? now - live.spawnedAt : now - live.lastPcmAt;
    const limit = live.firstPcmAt === null ? this.#o.startTimeoutMs : this.#o.stallTimeoutMs;
    if (silent < limit) return;
    const detail = `no audio for ${Math.round(silent / 100) / 10} s`;
    live.stalled = true;
    void this.#enqueue(async () => {
      if (this.#live !== live || live.stopping) return;
      this.#openOutage('device_lost', detail, live.firstPcmAt === null ? now : live.lastPcmAt);
      await this.#endLive('device_lost');
      this.#fail('no_audio', detail);
    });
  }

  async #checkDisk(live: Live): Promise<void> {
    if (this.#live !== live || live.stopping) return;
    if (this.#manifestFailed) void this.#writeManifest();
    const was = live.saving;
    const can = await this.#canSave();
    if (this.#live !== live || live.stopping) return;
    if (was === can) {
      if (!can) this.#reportDiskFull();
      return;
    }
    // Switching between saving and PCM only needs a new ffmpeg run (a gap of ~0.1–0.3 s).
    void this.#enqueue(async () => {
      if (this.#live !== live || live.stopping || this.#want !== 'recording') return;
      await this.#endLive(can ? 'disk_ok' : 'disk_full');
      await this.#launch('retry');
    });
  }

  #onPcm(live: Live, b: Buffer): void {
    if (live.carry) {
      b = Buffer.concat([live.carry, b]);
      live.carry = null;
    }
    if (b.length % 2) {
      live.carry = Buffer.from(b.subarray(b.length - 1));
      b = b.subarray(0, b.length - 1);
    }
    if (b.length === 0) return;
    const now = this.#now();
    const samples =
      b.byteOffset % 2 === 0
        ? new Int16Array(b.buffer, b.byteOffset, b.length / 2)
        : new Int16Array(new Uint8Array(b).buffer);
    const offsetInRun = live.samples;
    live.samples += samples.length;
    live.lastPcmAt = now;
    const run = live.run;
    run.samples = live.samples;
    // Audio cannot arrive before it was heard: arrival − (duration up to this chunk's end) bounds
    // the first sample's wall-clock time from above; the minimum over chunks is the tightest.
    const bound = now - (live.samples * 1000) / SAMPLE_RATE;
    if (offsetInRun < CLOCK_WINDOW_SAMPLES) {
      live.arrivalMin = Math.min(live.arrivalMin, bound);
      live.arrivalSum += bound;
      live.arrivalCount++;
    }
    if (live.saving) {
      const seg = Math.floor((live.samples - 1) / (this.#o.segmentSeconds * SAMPLE_RATE));
      const prev = live.segArrivalMin.get(seg);
      live.segArrivalMin.set(seg, prev === undefined ? bound : Math.min(prev, bound));
    }
    if (live.firstPcmAt === null) {
      live.firstPcmAt = now;
      this.#updateClock(live);
      this.#attempt = 0;
      if (!live.stopping && this.#want === 'recording') {
        // Audio again: a lost device is back; a full disk stays full until a run saves again.
        this.#closeOutages(run.firstSampleAtMs ?? now, live.saving ? undefined : 'disk_full');
        if (live.saving) this.#setStatus({ state: 'recording', savingAudio: true });
        else this.#reportDiskFull();
      }
      void this.#writeManifest();
    } else if (offsetInRun < CLOCK_WINDOW_SAMPLES) {
      this.#updateClock(live);
      if (live.samples >= CLOCK_WINDOW_SAMPLES) void this.#writeManifest();
    }
    const chunk: PcmChunk = { offset: run.firstSample + offsetInRun, samples, run: run.index };
    for (const buf of this.#buffers) buf.push(chunk);
    try {
      this.emit('pcm', chunk);
    } catch (e) {
      this.#logger?.warn({ err: e }, 'recorder: a pcm listener threw');
    }
  }

  #updateClock(live: Live): void {
    const run = live.run;
    const method = sourceClock(this.source);
    const arrival = Math.max(live.spawnedAt, live.arrivalMin);
    // Jitter of the bound over the window: how much later than the minimum a typical chunk is.
    const mean = live.arrivalCount ? live.arrivalSum / live.arrivalCount : arrival;
    const jitter = Math.max(0, mean - live.arrivalMin);
    let at = arrival;
    let used: 'device' | 'arrival' | 'none' = method === 'none' ? 'none' : 'arrival';
    let uncertainty = method === 'none' ? (live.firstPcmAt ?? arrival) - live.spawnedAt : jitter;
    const dev = live.deviceStartMs;
    if (method === 'device' && dev !== undefined && dev >= live.spawnedAt - 2000 && dev <= arrival + 5) {
      at = dev;
      used = 'device';
      uncertainty = Math.max(arrival - dev, 1);
    }
    run.firstSampleAtMs = Math.round(at * 10) / 10;
    // Gaps that ended with this run's first sample end at its better estimate too.
    for (const o of this.#manifest!.outages) {
      if (o.toMs !== null && o.atSample === run.firstSample && o.toMs >= live.spawnedAt) {
        o.toMs = run.firstSampleAtMs;
      }
    }
    const segments = this.#manifest!.segments;
    for (let i = segments.length - 1; i >= 0 && segments[i]!.run === run.index; i--) {
      segments[i]!.startedAtMs = this.#sampleTime(run, segments[i]!.firstSample);
    }
    run.clock = {
      method: used,
      uncertaintyMs: Math.round(uncertainty * 10) / 10,
      spawnedAtMs: live.spawnedAt,
      firstPcmAtMs: live.firstPcmAt ?? live.spawnedAt,
      arrivalEstimateMs: Math.round(arrival * 10) / 10,
    };
    if (dev !== undefined) run.clock.deviceStartMs = Math.round(dev * 10) / 10;
  }

  #onStderr(live: Live, text: string): void {
    const lines = (live.stderrPartial + text).split(/\r?\n|\r/);
    live.stderrPartial = (lines.pop() ?? '').slice(-4096);
    for (const raw of lines) {
      const line = raw.slice(0, 1000);
      if (!line.trim()) continue;
      if (/^Input #0/.test(line)) live.inInputHeader = true;
      else if (/^(Output|Stream mapping)/.test(line)) live.inInputHeader = false;
      if (live.inInputHeader && live.deviceStartMs === undefined && sourceClock(this.source) === 'device') {
        const s = /\bstart: (\d+\.\d+)/.exec(line);
        if (s?.[1]) {
          live.deviceStartMs = Number(s[1]) * 1000;
          if (live.firstPcmAt !== null) this.#updateClock(live);
        }
      }
      if (/No space left on device/i.test(line)) live.enospc = true;
      const opening = /Opening '(.*[/\\])?(seg-(\d+)\.opus)' for writing/.exec(line);
      if (opening?.[2] && opening[3]) {
        this.#segmentOpened(live, opening[2], Number(opening[3]));
        continue;
      }
      if (/^\s|^Press |^\[.*\] Opening 'pipe:/.test(line)) continue;
      live.stderrTail.push(line);
      if (live.stderrTail.length > STDERR_LINES) live.stderrTail.shift();
    }
  }

  #segmentOpened(live: Live, file: string, n: number): void {
    const m = this.#manifest!;
    if (m.segments.some((s) => s.file === file)) return;
    const k = n - live.firstSegment;
    const firstSample = live.run.firstSample + k * this.#o.segmentSeconds * SAMPLE_RATE;
    m.segments.push({
      file,
      run: live.run.index,
      firstSample,
      samples: null,
      startedAtMs: this.#sampleTime(live.run, firstSample),
      complete: false,
      bytes: null,
      driftMs: null,
    });
    m.nextSegment = Math.max(m.nextSegment, n + 1);
    void this.#writeManifest();
  }

  #sampleTime(run: ManifestRun, sample: number): number | null {
    if (run.firstSampleAtMs === null) return null;
    return Math.round((run.firstSampleAtMs + ((sample - run.firstSample) * 1000) / SAMPLE_RATE) * 10) / 10;
  }

  #onSegmentList(live: Live, text: string): void {
    const lines = (live.listPartial + text).split('\n');
    live.listPartial = (lines.pop() ?? '').slice(-4096);
    for (const line of lines) {
      // csv: file,start,end (seconds of this run's audio; ffmpeg cuts at exact multiples).
      const f = /^"?([^,"]*seg-(\d+)\.opus)"?,(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)\s*$/.exec(line.trim());
      if (!f?.[1] || !f[2] || !f[3] || !f[4]) continue;
      const file = f[1].replace(/^.*[/\\]/, '');
      const start = Math.round(Number(f[3]) * SAMPLE_RATE);
      const end = Math.round(Number(f[4]) * SAMPLE_RATE);
      void this.#segmentDone(live, file, Number(f[2]), start, end);
    }
  }

  async #segmentDone(live: Live, file: string, n: number, start: number, end: number): Promise<void> {
    const m = this.#manifest!;
    let seg = m.segments.find((s) => s.file === file);
    if (!seg) {
      this.#segmentOpened(live, file, n);
      seg = m.segments.find((s) => s.file === file)!;
    }
    const run = live.run;
    seg.firstSample = run.firstSample + start;
    // ffmpeg cuts the encoded stream, whose time includes the encoder's look-ahead; every file
    // declares that look-ahead as pre-skip, so a decoder yields `end − start − preSkip` samples
    // from `start`: the pre-skip at each cut (6.5 ms) is in no file.
    seg.samples = end - start - OPUS_PRESKIP_16K;
    seg.startedAtMs = this.#sampleTime(run, seg.firstSample);
    seg.complete = true;
    const k = Math.floor(start / (this.#o.segmentSeconds * SAMPLE_RATE));
    const bound = live.segArrivalMin.get(k);
    live.segArrivalMin.delete(k);
    if (bound !== undefined && run.firstSampleAtMs !== null && sourceClock(this.source) !== 'none') {
      seg.driftMs = Math.round((bound - run.firstSampleAtMs) * 10) / 10;
    }
    const path = join(this.dir, file);
    await fsyncPath(path);
    seg.bytes = await stat(path).then(
      (s) => s.size,
      () => null,
    );
    await this.#writeManifest();
    this.emit('segment', { ...seg });
  }

  /**
   * Asks the running ffmpeg to finish, then waits. SIGINT: it finishes the segment and the list.
   * Once it is transcoding, ffmpeg lets one signal wait for the read in progress, which never returns
   * from a stalled stream: a second SIGINT interrupts that read (files still finished properly).
   * SIGKILL only if it is still there after `stopGraceMs`.
   */
  async #endLive(why: RunEnd): Promise<void> {
    const live = this.#live;
    if (!live) return;
    live.stopping ??= why;
    if (live.child.exitCode === null && live.child.signalCode === null) {
      live.child.kill('SIGINT');
      const again = setTimeout(() => live.child.kill('SIGINT'), Math.min(500, this.#o.stopGraceMs / 2));
      const kill = setTimeout(() => live.child.kill('SIGKILL'), this.#o.stopGraceMs);
      await live.closed;
      clearTimeout(again);
      clearTimeout(kill);
    } else {
      await live.closed;
    }
  }

  async #onClose(live: Live, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    clearInterval(live.watchdog);
    clearInterval(live.diskTimer);
    if (live.stderrPartial) this.#onStderr(live, '\n');
    if (live.listPartial) this.#onSegmentList(live, '\n');
    // Give the segment completions a moment to land (fsync, stat).
    await new Promise((r) => setImmediate(r));
    const m = this.#manifest!;
    const run = live.run;
    const now = this.#now();
    run.samples = live.samples;
    run.endedAtMs =
      run.firstSampleAtMs !== null
        ? Math.round((run.firstSampleAtMs + (live.samples * 1000) / SAMPLE_RATE) * 10) / 10
        : now;
    const ended = live.enospc
      ? 'disk_full'
      : live.stopping
        ? live.stopping
        : sourceEnds(this.source) && code === 0
          ? 'source_ended'
          : 'device_lost';
    run.endReason = ended;
    let next = run.firstSample + live.samples;
    for (const s of m.segments) {
      if (s.run !== run.index) continue;
      if (s.complete) next = Math.max(next, s.firstSample + (s.samples ?? 0) + OPUS_PRESKIP_16K);
      else {
        // ffmpeg did not finish it (killed, or its writes interrupted): what is on disk decodes up
        // to the last page written; `samples` is what the PCM saw, an upper bound.
        s.bytes = await stat(join(this.dir, s.file)).then(
          (st) => st.size,
          () => null,
        );
        if (s.bytes === null || s.bytes === 0) m.segments.splice(m.segments.indexOf(s), 1);
        else s.samples = Math.max(0, run.firstSample + live.samples - s.firstSample);
      }
    }
    m.nextSample = Math.max(m.nextSample, next);
    if (this.#live === live) this.#live = null;
    // Every sample of the run has reached the subscriptions (the streams closed): say where it
    // stopped, in order, so a consumer need not guess it from the manifest.
    const endChunk: PcmChunk = {
      offset: run.firstSample + live.samples,
      samples: new Int16Array(0),
      run: run.index,
      runEnded: true,
    };
    for (const buf of this.#buffers) buf.push(endChunk);
    const detail = this.#problemLine(live) ?? `ffmpeg exited (${signal ?? code})`;
    this.#logger?.info(
      { recorder: this.dir, run: run.index, code, signal, ended, samples: live.samples },
      'recorder: ffmpeg ended',
    );
    await this.#writeManifest();
    if (live.stopping && !live.enospc) return;
    if (this.#want !== 'recording') return;
    if (live.enospc) {
      // Real ENOSPC: no segments until noticeably more space is free; transcription carries on.
      const free = (await this.#free()) ?? 0;
      this.#diskFull = {
        problem: 'enospc',
        detail: 'No space left on device',
        needFree: free + ENOSPC_MARGIN,
      };
      this.#openOutage('disk_full', 'No space left on device');
      this.#reportDiskFull();
      void this.#enqueue(() => this.#launch('retry'));
      return;
    }
    if (ended === 'source_ended') {
      void this.#enqueue(async () => {
        if (this.#want !== 'recording') return;
        this.#want = 'stopped';
        await this.#finish('source_ended');
      });
      return;
    }
    this.#openOutage('device_lost', detail, live.firstPcmAt === null ? now : live.lastPcmAt);
    this.#fail('device_error', detail);
  }

  /** The line of ffmpeg's output that best says what went wrong. */
  #problemLine(live: Live): string | undefined {
    const tail = live.stderrTail;
    const specific =
      /cannot|could not|refused|no such|denied|timed out|not found|unknown|unreachable|no space/i;
    const generic = /error|failed|invalid/i;
    for (const re of [specific, generic]) {
      for (let i = tail.length - 1; i >= 0; i--) {
        if (re.test(tail[i]!)) return tail[i]!.replace(/^\[[^\]]*@ 0x[0-9a-f]+\] /, '');
      }
    }
    return tail.at(-1);
  }

  #openOutage(reason: ManifestOutage['reason'], detail: string, fromMs = this.#now()): void {
    const m = this.#manifest!;
    const open = m.outages.find((o) => o.toMs === null && o.reason === reason);
    if (open) {
      open.detail = detail;
      return;
    }
    m.outages.push({ reason, detail, fromMs, toMs: null, atSample: m.nextSample });
  }

  /** Closes open outages (all, or all but `keep`). */
  #closeOutages(at: number, keep?: ManifestOutage['reason']): void {
    const m = this.#manifest;
    if (!m) return;
    for (const o of m.outages) {
      if (o.toMs !== null || o.reason === keep) continue;
      o.toMs = at;
      o.atSample = this.#live?.run.firstSample ?? m.nextSample;
    }
  }

  #reportDiskFull(): void {
    const d = this.#diskFull;
    this.#setStatus({
      state: 'disk_full',
      savingAudio: false,
      problem: d?.problem ?? 'low_space',
      detail: d?.detail ?? 'no space',
    });
  }

  /** A run failed: report device_lost and try again after the backoff. */
  #fail(problem: RecorderProblem, detail: string): void {
    if (this.#want !== 'recording') return;
    this.#attempt++;
    const wait = Math.min(this.#o.retryMaxMs, this.#o.retryInitialMs * 2 ** (this.#attempt - 1));
    this.#setStatus({
      state: 'device_lost',
      savingAudio: false,
      problem,
      detail,
      attempt: this.#attempt,
      retryInMs: wait,
    });
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#enqueue(() => this.#launch('retry'));
    }, wait);
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  async #finish(why: 'stop' | 'source_ended' | undefined): Promise<void> {
    const m = this.#manifest;
    const now = this.#now();
    if (m) {
      for (const g of [...m.pauses, ...m.outages]) {
        if (g.toMs !== null) continue;
        g.toMs = now;
        g.atSample = m.nextSample;
      }
      m.state = 'stopped';
      await this.#writeManifest();
    }
    for (const b of this.#buffers) b.close();
    this.#buffers.clear();
    const s: Omit<RecorderStatus, 'sinceMs'> = { state: 'stopped', savingAudio: false };
    if (why === 'source_ended') {
      s.problem = 'source_ended';
      s.detail = 'the source file ended';
    }
    this.#setStatus(s);
  }

  /** Writes the manifest; writes requested meanwhile are coalesced into one more. Never throws. */
  #writeManifest(): Promise<void> {
    this.#manifestDirty = true;
    if (this.#manifestWriting) return this.#manifestWriting;
    const loop = async () => {
      while (this.#manifestDirty && this.#manifest) {
        this.#manifestDirty = false;
        const m = this.#manifest;
        m.updatedAtMs = this.#now();
        try {
          await writeManifest(this.dir, m);
          this.#manifestFailed = false;
        } catch (e) {
          // Kept in memory and written with the next change; ENOSPC also stops segment files.
          if (!this.#manifestFailed)
            this.#logger?.warn({ err: e, dir: this.dir }, 'recorder: manifest not written');
          this.#manifestFailed = true;
          if (errnoOf(e) === 'ENOSPC' && this.#live?.saving && !this.#diskFull) {
            const free = (await this.#free()) ?? 0;
            this.#diskFull = {
              problem: 'enospc',
              detail: 'No space left on device',
              needFree: free + ENOSPC_MARGIN,
            };
            const live = this.#live;
            void this.#enqueue(async () => {
              if (this.#live !== live || !live || live.stopping || this.#want !== 'recording') return;
              await this.#endLive('disk_full');
              await this.#launch('retry');
            });
          }
          return;
        }
      }
    };
    this.#manifestWriting = loop().finally(() => {
      this.#manifestWriting = null;
    });
    return this.#manifestWriting;
  }
}
