// From the room's audio to attributed transcript lines (issue 5, R-ROOM-4/5, R-HW-4). The recording
// service tells this sink what the facts say (start, pause, resume, stop); for the meeting being
// recorded it runs the recorder (ffmpeg: Opus segments + 16 kHz PCM), cuts the PCM into windows
// (transcribe/windows.ts: at floor changes, pauses and silences, near 30 s, early after an
// utterance), sends speech windows to the isolated whisper worker (transcribe/transcriber.ts) one
// at a time, and attributes each segment to the seat whose microphone was open from the floor
// events (domain/transcript.ts), with the seat's delegate for this meeting. Lines are stored
// (TranscriptStore) and emitted for the live views. Nothing here can stop the meeting: the
// recorder and the worker report their own troubles.
//
// What was transcribed is kept as coverage (coverage.ts) per meeting. Audio the live path could
// not take (the appliance restarted, the engine fell too far behind, there was no model) is
// worked off later from the Opus segments, as a backlog, in order, whenever the live meeting
// leaves the engine idle; its progress is reported. docs/transcription.md "Backlog".
import { EventEmitter } from 'node:events';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AudioSource } from '../audio/audio-source.ts';
import { findFfmpeg } from '../audio/ffmpeg.ts';
import { type Manifest, readManifest, SAMPLE_RATE, sampleTimeMs } from '../audio/manifest.ts';
import type { PcmChunk } from '../audio/pcm-buffer.ts';
import {
  Recorder,
  type RecorderLogger,
  type RecorderOptions,
  type RecorderState,
  type RecorderStatus,
} from '../audio/recorder.ts';
import { attribute, speakerTimeline, type TimelineEvent, transcriptLine } from '../domain/transcript.ts';
import type { EventLog, LoggedEvent } from '../store/event-log.ts';
import type { StoredLine, TranscriptStore } from '../store/transcript-store.ts';
import { int16ToFloat32 } from '../transcribe/pcm.ts';
import type { Transcriber } from '../transcribe/transcriber.ts';
import { type AudioWindow, WindowCutter } from '../transcribe/windows.ts';
import { cover, coveredWithin, type Interval, uncovered } from './coverage.ts';
import { readRecordedAudio } from './recorded-audio.ts';
import type { RecordingSink } from './recording-service.ts';

export interface MeetingAudioInfo {
  /** The transcription language of the meeting ('vi' by default). */
  language: string;
  /** When the meeting started (appliance clock): floor events before it do not count. */
  startedAt: number;
  chairSeats: readonly number[];
  /** Seat → the delegate seated there for this meeting. */
  seatNames: ReadonlyMap<number, string>;
}

/**
 * How far the transcript of a meeting is behind its recording, for the secretary's view and the
 * technician page. `live`: the meeting is being recorded and transcribed as it goes; `backlog`:
 * recorded audio is being transcribed after the fact; `waiting`: audio is left and will be worked
 * off when the engine is free; `no_model`: audio is left and no model is installed; `done`.
 */
export interface TranscriptProgress {
  meetingId: string;
  state: 'live' | 'backlog' | 'waiting' | 'no_model' | 'done';
  /** Seconds of recorded audio the transcript can cover. */
  audioSeconds: number;
  /** Of those, seconds the transcriber has done. */
  doneSeconds: number;
  /** Estimated seconds of work left, from the engine's recent speed; null until it has worked. */
  etaSeconds: number | null;
  /**
   * While live, the recorder's state: `device_lost` (no audio, retrying) and `disk_full` (audio
   * transcribed but not saved) are what a reader must know; null when not live.
   */
  recorder: RecorderState | null;
}

export interface PipelineOptions {
  dataDir: string;
  /** The room's audio; null: nothing to record (the appliance says so). */
  source: AudioSource | null;
  transcriber: Transcriber | null;
  store: TranscriptStore;
  log: EventLog;
  meetingInfo: (meetingId: string) => MeetingAudioInfo | null;
  recorder?: Partial<Omit<RecorderOptions, 'dir' | 'source' | 'meetingId'>>;
  /**
   * Live audio waiting for the engine beyond this many seconds is not queued (memory stays
   * bounded): it is left uncovered and transcribed from the recording once the engine catches up.
   * Default 120.
   */
  maxQueuedSeconds?: number;
  logger?: RecorderLogger & { error(obj: object, msg?: string): void };
}

/** What the HTTP layer needs of the pipeline: new lines and progress, for the live views. */
export interface TranscriptFeed {
  on(event: 'line', f: (line: StoredLine) => void): unknown;
  on(event: 'progress', f: (p: TranscriptProgress) => void): unknown;
  off(event: 'line', f: (line: StoredLine) => void): unknown;
  off(event: 'progress', f: (p: TranscriptProgress) => void): unknown;
  progressOf(meetingId: string): TranscriptProgress | null;
}

type Events = {
  line: [StoredLine];
  recorder: [RecorderStatus];
  progress: [TranscriptProgress];
};

interface Active {
  meetingId: string;
  recorder: Recorder;
  cutter: WindowCutter;
  /** PCM not yet cut into windows, in order (chunks may overlap a window's edges). */
  chunks: PcmChunk[];
  reading: Promise<void>;
  /** Audio from this sample on is the live path's (what was recorded before a restart is not). */
  liveFrom: number;
}

/** A window for the engine: live, or read back from the recording. */
interface Job {
  /**
   * Live windows decode in one pass (no timestamps, no temperature fallback): a bounded time to
   * text, one line per window (docs/decisions.md "Live windows in one pass").
   */
  live: boolean;
  meetingId: string;
  window: AudioWindow;
  pcm: Int16Array;
  /** The manifest that maps this audio to the appliance clock. */
  manifest: () => Manifest | null;
}

interface Backlog {
  meetingId: string;
  windows: AsyncGenerator<Job>;
}

/** One encoder run and one decoder pass per live window, whatever the model does. */
const LIVE_DECODE = { noTimestamps: true, temperatureFallback: false } as const;

const FLOOR_CHANGES = new Set(['floor.granted', 'floor.ended', 'floor.priority', 'floor.requests_cleared']);
/** Failures that say nothing about the audio: the window stays uncovered and is tried again later. */
const RETRY_LATER = new Set([
  'E_NO_MODEL',
  'E_BAD_MODEL',
  'E_NO_ENGINE',
  'E_CLOSED',
  'E_WORKER_DIED',
  'E_TIMEOUT',
]);

export class TranscriptionPipeline extends EventEmitter<Events> implements RecordingSink, TranscriptFeed {
  #o: PipelineOptions;
  #maxQueued: number;
  #active: Active | null = null;
  /** Live windows waiting for the engine, in order; they go before any backlog. */
  #queue: Job[] = [];
  #queuedSamples = 0;
  /** Meetings whose recorded audio waits to be worked off, oldest request first. */
  #waiting: string[] = [];
  #backlog: Backlog | null = null;
  #working: Promise<void> | null = null;
  #closed = false;
  /** Floor and recording facts per meeting, in log order, loaded once and kept up by `logged`. */
  #facts = new Map<string, { events: TimelineEvent[]; seq: number }>();
  /** Engine time per audio time over recent windows (exponentially weighted). */
  #rtf: number | null = null;
  #progress = new Map<string, TranscriptProgress>();

  constructor(o: PipelineOptions) {
    super();
    this.#o = o;
    this.#maxQueued = (o.maxQueuedSeconds ?? 120) * SAMPLE_RATE;
  }

  /** The recorder's status for the technician page (null when nothing is recorded). */
  get recorderStatus(): RecorderStatus | null {
    return this.#active?.recorder.status ?? null;
  }

  /** Every meeting whose transcript is being made or is behind (the technician page, /health). */
  progress(): TranscriptProgress[] {
    return [...this.#progress.values()];
  }

  /** One meeting's progress; null when nothing of it was recorded since the appliance started. */
  progressOf(meetingId: string): TranscriptProgress | null {
    return this.#progress.get(meetingId) ?? null;
  }

  /** Floor and recording facts as they are logged: a new speaker cuts the window there. */
  logged(events: readonly LoggedEvent[]): void {
    for (const e of events) {
      if (!e.meetingId) continue;
      const facts = this.#facts.get(e.meetingId);
      // Facts already loaded from the log (the one that started the recording) are not added twice.
      if (facts && e.seq > facts.seq && (e.type.startsWith('floor.') || e.type.startsWith('recording.'))) {
        facts.events.push({ at: e.at, type: e.type, payload: e.payload });
        facts.seq = e.seq;
      }
      const a = this.#active;
      if (a?.meetingId !== e.meetingId || !FLOOR_CHANGES.has(e.type)) continue;
      const sample = sampleAt(a.recorder.manifest, e.at);
      if (sample !== null) a.cutter.floorChange(sample);
    }
  }

  start(meetingId: string): void {
    if (this.#active?.meetingId === meetingId) return;
    if (this.#active) this.stop(this.#active.meetingId);
    const source = this.#o.source;
    if (!source) {
      this.#o.logger?.warn({ meetingId }, 'no audio source configured: this meeting is not recorded');
      return;
    }
    this.#loadFacts(meetingId);
    const dir = this.#dir(meetingId);
    const recorder = new Recorder({
      ...this.#o.recorder,
      dir,
      source,
      meetingId,
      ...(this.#o.logger ? { logger: this.#o.logger } : {}),
    });
    recorder.on('status', (s) => {
      this.emit('recorder', s);
      this.#setProgress(meetingId);
    });
    const a: Active = {
      meetingId,
      recorder,
      cutter: new WindowCutter(),
      chunks: [],
      reading: Promise.resolve(),
      liveFrom: 0,
    };
    this.#active = a;
    const pcm = recorder.subscribePcm(60);
    a.reading = (async () => {
      let between = false;
      for await (const chunk of pcm) {
        if (chunk.runEnded) {
          // The audio stopped here (a pause, a lost device, a restart): the open window closes at
          // once, so what was said just before is transcribed now, not once the audio is back.
          // (Where the cutter's audio ends: earlier than `offset` if this consumer lost the run's tail.)
          a.cutter.pause(a.cutter.position ?? chunk.offset);
          between = true;
          this.#windows(a);
          continue;
        }
        if (between) {
          a.cutter.resume(chunk.offset);
          between = false;
        }
        a.chunks.push(chunk);
        a.cutter.push(chunk.samples, chunk.offset);
        this.#windows(a);
      }
      // The recording ended (stopped, or a file source ran out): the last window goes too.
      a.cutter.end();
      this.#windows(a);
    })().catch((err) => this.#o.logger?.error({ err: String(err) }, 'transcription reading failed'));
    // Audio recorded before a restart is read back from its segments once the engine is free.
    void readManifest(dir)
      .then((m) => {
        a.liveFrom = m?.nextSample ?? 0;
        if (a.liveFrom > 0) this.#schedule(meetingId);
      })
      .catch(() => {})
      .then(() => recorder.start());
    this.#setProgress(meetingId);
  }

  /**
   * The recorder pauses; the cutter follows when the run's end reaches it in the PCM (start()). Not
   * here: the manifest's `nextSample` moves only when a segment is written, so taken now it lies
   * seconds behind the audio, and the window still open was dropped as if paused.
   */
  pause(meetingId: string): void {
    const a = this.#active;
    if (a?.meetingId !== meetingId) return;
    void a.recorder.pause();
  }

  resume(meetingId: string): void {
    const a = this.#active;
    if (a?.meetingId !== meetingId) return;
    void a.recorder.resume();
  }

  stop(meetingId: string): void {
    const a = this.#active;
    if (a?.meetingId !== meetingId) return;
    this.#active = null;
    void (async () => {
      await a.recorder.stop();
      await a.reading;
      // Whatever the live path could not take is worked off from the recording.
      this.#manifests.delete(meetingId);
      this.#schedule(meetingId);
    })().catch((err) => this.#o.logger?.error({ err: String(err) }, 'closing the recording failed'));
  }

  /**
   * Looks through the recordings on disk for audio without transcript (a model installed after the
   * meeting, an appliance that stopped with work left) and queues it. Called once at start.
   */
  async catchUp(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(join(this.#o.dataDir, 'recordings'));
    } catch {
      return;
    }
    for (const meetingId of names.sort()) {
      if (meetingId === this.#active?.meetingId) continue;
      const m = await readManifest(this.#dir(meetingId)).catch(() => null);
      if (!m) continue;
      if (uncoveredRanges(m, this.#o.store.coverage(meetingId)).length > 0) this.#schedule(meetingId);
    }
  }

  /** Resolves when every window handed out so far, and any backlog, is done (tests, shutdown). */
  async drained(): Promise<void> {
    while (this.#working) await this.#working;
  }

  async close(): Promise<void> {
    const a = this.#active;
    this.#closed = true;
    this.#waiting = [];
    await this.#backlog?.windows.return(undefined);
    if (a) {
      this.#active = null;
      await a.recorder.stop();
      await a.reading;
    }
    await this.drained();
  }

  #dir(meetingId: string): string {
    return join(this.#o.dataDir, 'recordings', meetingId);
  }

  #loadFacts(meetingId: string): TimelineEvent[] {
    let facts = this.#facts.get(meetingId);
    if (!facts) {
      const found = this.#o.log
        .search({ meetingId, types: ['floor.', 'recording.'], limit: 1_000_000 })
        .reverse();
      facts = {
        events: found.map((e) => ({ at: e.at, type: e.type, payload: e.payload })),
        seq: found.at(-1)?.seq ?? 0,
      };
      this.#facts.set(meetingId, facts);
    }
    return facts.events;
  }

  #windows(a: Active): void {
    const windows = a.cutter.flush();
    if (windows.length === 0) return;
    for (const w of windows) {
      const pcm = take(a, w);
      const span = w.endSample - w.startSample;
      if (!w.speech) {
        // Nothing to hear: done as it is.
        this.#cover(a.meetingId, w.startSample, w.endSample);
        continue;
      }
      if (this.#queuedSamples + span > this.#maxQueued) continue; // left for the backlog
      this.#queuedSamples += span;
      this.#queue.push({
        live: true,
        meetingId: a.meetingId,
        window: w,
        pcm,
        manifest: () => a.recorder.manifest,
      });
    }
    this.#kick();
    this.#setProgress(a.meetingId);
  }

  #schedule(meetingId: string): void {
    if (this.#closed || this.#waiting.includes(meetingId) || this.#backlog?.meetingId === meetingId) return;
    this.#waiting.push(meetingId);
    this.#setProgress(meetingId);
    this.#kick();
  }

  #kick(): void {
    if (this.#working || this.#closed) return;
    this.#working = this.#work()
      .catch((err) => this.#o.logger?.error({ err: String(err) }, 'transcription failed'))
      .finally(() => {
        this.#working = null;
        if (this.#queue.length > 0 || this.#waiting.length > 0) this.#kick();
      });
  }

  async #work(): Promise<void> {
    while (!this.#closed) {
      const live = this.#queue.shift();
      if (live) {
        this.#queuedSamples -= live.window.endSample - live.window.startSample;
        await this.#transcribe(live);
        continue;
      }
      const job = await this.#nextBacklogJob();
      if (!job) return;
      await this.#transcribe(job);
    }
  }

  /** The next window of the backlog, opening the next meeting's when one is done. */
  async #nextBacklogJob(): Promise<Job | null> {
    for (;;) {
      if (!this.#backlog) {
        const meetingId = this.#waiting.shift();
        if (meetingId === undefined) return null;
        // Without a model nothing can be done now; the audio stays uncovered for a later start.
        if (!this.#o.transcriber || this.#o.transcriber.status().state === 'no-model') {
          this.#setProgress(meetingId);
          this.#forget(meetingId);
          continue;
        }
        this.#backlog = { meetingId, windows: this.#backlogWindows(meetingId) };
        this.#setProgress(meetingId);
      }
      const b = this.#backlog;
      const next = await b.windows.next();
      if (!next.done) return next.value;
      this.#backlog = null;
      this.#setProgress(b.meetingId);
      this.#forget(b.meetingId);
    }
  }

  /** A meeting neither recorded nor worked off any more: its facts need not stay in memory. */
  #forget(meetingId: string): void {
    if (this.#active?.meetingId === meetingId || this.#waiting.includes(meetingId)) return;
    this.#facts.delete(meetingId);
    this.#manifests.delete(meetingId);
  }

  /** The recorded audio of a meeting that the coverage lacks, cut into windows like live audio. */
  async *#backlogWindows(meetingId: string): AsyncGenerator<Job> {
    const dir = this.#dir(meetingId);
    const m = await readManifest(dir).catch(() => null);
    if (!m) return;
    // Audio being recorded now is the live path's; the backlog takes what was recorded before.
    const live = this.#active?.meetingId === meetingId ? this.#active.liveFrom : Number.MAX_SAFE_INTEGER;
    const ranges = uncoveredRanges(m, this.#o.store.coverage(meetingId))
      .map(([f, t]): Interval => [f, Math.min(t, live)])
      .filter(([f, t]) => t > f);
    if (ranges.length === 0) return;
    const ffmpeg = await findFfmpeg().catch(() => null);
    if (!ffmpeg) {
      this.#o.logger?.warn({ meetingId }, 'backlog: ffmpeg is not available to read the recording');
      return;
    }
    const cutter = new WindowCutter();
    // Cut where the speaker changed, and where a run began (a pause or restart lies between runs).
    const cuts = new Set<number>(m.runs.map((r) => r.firstSample).filter((x) => x > 0));
    for (const e of this.#loadFacts(meetingId)) {
      if (!FLOOR_CHANGES.has(e.type)) continue;
      const s = sampleAt(m, e.at);
      if (s !== null) cuts.add(s);
    }
    for (const c of [...cuts].sort((x, y) => x - y)) cutter.floorChange(c);
    const state = { chunks: [] as PcmChunk[] };
    const manifest = () => m;
    const jobs = (windows: AudioWindow[]): Job[] => {
      const out: Job[] = [];
      for (const w of windows) {
        const pcm = take(state, w);
        if (w.speech) out.push({ live: false, meetingId, window: w, pcm, manifest });
        else this.#cover(meetingId, w.startSample, w.endSample);
      }
      return out;
    };
    for await (const chunk of readRecordedAudio({
      dir,
      manifest: m,
      ranges,
      ffmpeg: ffmpeg.path,
      onProblem: (file, detail) =>
        this.#o.logger?.warn({ file, detail }, 'backlog: a segment could not be read'),
    })) {
      state.chunks.push(chunk);
      cutter.push(chunk.samples, chunk.offset);
      yield* jobs(cutter.flush());
    }
    cutter.end();
    yield* jobs(cutter.flush());
  }

  async #transcribe(job: Job): Promise<void> {
    const { meetingId, window: w } = job;
    const info = this.#o.meetingInfo(meetingId);
    const transcriber = this.#o.transcriber;
    if (!info || !transcriber) return;
    const offsetMs = (w.startSample * 1000) / SAMPLE_RATE;
    const r = await transcriber.transcribe({
      jobId: `${meetingId}:${w.startSample}`,
      pcm: int16ToFloat32(job.pcm),
      language: info.language === 'en' ? 'en' : 'vi',
      offsetMs,
      ...(job.live ? { options: LIVE_DECODE } : {}),
    });
    if (!r.ok) {
      this.#o.logger?.warn({ code: r.code, window: w.startSample }, 'window not transcribed');
      if (!RETRY_LATER.has(r.code)) this.#cover(meetingId, w.startSample, w.endSample);
      this.#setProgress(meetingId);
      return;
    }
    if (r.audioMs > 0) {
      const x = r.computeMs / r.audioMs;
      this.#rtf = this.#rtf === null ? x : 0.8 * this.#rtf + 0.2 * x;
    }
    const manifest = job.manifest();
    const timeline = speakerTimeline(this.#loadFacts(meetingId), info.startedAt, {
      chairSeats: info.chairSeats,
    });
    // whisper.cpp may date a segment to the end of its 30 s chunk: no line ends after its audio.
    const windowEndMs = (w.endSample * 1000) / SAMPLE_RATE;
    r.segments.forEach((s, i) => {
      const text = s.text.trim();
      if (!text) return;
      const startMs = toClock(manifest, Math.min(s.startMs, windowEndMs));
      const endMs = toClock(manifest, Math.min(s.endMs, windowEndMs));
      if (startMs === null || endMs === null) return;
      const segment = { startMs, endMs, text };
      const line = transcriptLine(
        {
          id: `${meetingId}:${w.startSample}:${i}`,
          meetingId,
          audioOffsetMs: Math.round(s.startMs),
          language: r.language ?? info.language,
          final: true,
        },
        segment,
        attribute(segment, timeline, info.seatNames),
      );
      const stored = this.#o.store.put(line);
      if (stored) this.emit('line', stored);
    });
    this.#cover(meetingId, w.startSample, w.endSample);
  }

  #cover(meetingId: string, from: number, to: number): void {
    const covered = cover(this.#o.store.coverage(meetingId), from, to);
    this.#o.store.setCoverage(meetingId, covered);
    this.#setProgress(meetingId, covered);
  }

  /** Recomputes a meeting's progress and tells the views when it changed. */
  #setProgress(meetingId: string, covered = this.#o.store.coverage(meetingId)): void {
    const live = this.#active?.meetingId === meetingId ? this.#active : null;
    const m = live?.recorder.manifest ?? null;
    const prev = this.#progress.get(meetingId);
    // Live: everything heard so far; after the fact: what the segments hold.
    let total: number;
    let done: number;
    if (live) {
      // The audio heard so far: the manifest's count moves only when a segment is written.
      total = Math.max(live.cutter.position ?? 0, m?.nextSample ?? 0);
      done = coveredWithin(covered, 0, total);
    } else {
      const left = this.#pendingSamples(meetingId, covered);
      if (left === null) {
        // Nothing on disk known (yet): keep what was said before, if anything.
        if (!prev) return;
        total = prev.audioSeconds * SAMPLE_RATE;
        done = Math.min(total, coveredWithin(covered, 0, Number.MAX_SAFE_INTEGER));
      } else {
        done = coveredWithin(covered, 0, Number.MAX_SAFE_INTEGER);
        total = done + left;
      }
    }
    const leftSeconds = Math.max(0, total - done) / SAMPLE_RATE;
    const noModel = !this.#o.transcriber || this.#o.transcriber.status().state === 'no-model';
    // Without a model nothing is transcribed, live or not: that is what a reader must be told.
    const state: TranscriptProgress['state'] =
      noModel && leftSeconds >= 0.5
        ? 'no_model'
        : live
          ? 'live'
          : this.#backlog?.meetingId === meetingId
            ? 'backlog'
            : leftSeconds < 0.5
              ? 'done'
              : 'waiting';
    const p: TranscriptProgress = {
      meetingId,
      state,
      audioSeconds: round1(total / SAMPLE_RATE),
      doneSeconds: round1(done / SAMPLE_RATE),
      etaSeconds:
        this.#rtf === null || state === 'done' || noModel ? null : Math.ceil(leftSeconds * this.#rtf),
      recorder: live ? live.recorder.status.state : null,
    };
    if (
      prev &&
      prev.state === p.state &&
      prev.audioSeconds === p.audioSeconds &&
      prev.doneSeconds === p.doneSeconds &&
      prev.etaSeconds === p.etaSeconds &&
      prev.recorder === p.recorder
    ) {
      return;
    }
    this.#progress.set(meetingId, p);
    this.emit('progress', p);
  }

  /** Samples of the saved recording not yet covered, from its manifest as last read. */
  #pendingSamples(meetingId: string, covered: readonly Interval[]): number | null {
    const m = this.#manifests.get(meetingId);
    if (!m) {
      void readManifest(this.#dir(meetingId))
        .then((read) => {
          if (!read) return;
          this.#manifests.set(meetingId, read);
          this.#setProgress(meetingId);
        })
        .catch(() => {});
      return null;
    }
    return uncoveredRanges(m, covered).reduce((n, [f, t]) => n + (t - f), 0);
  }

  #manifests = new Map<string, Manifest>();
}

/** The saved audio of a recording (its segments) that `covered` lacks. */
export function uncoveredRanges(m: Manifest, covered: readonly Interval[]): Interval[] {
  const segs = [...m.segments].sort((a, b) => a.firstSample - b.firstSample);
  let out: Interval[] = [];
  segs.forEach((s, i) => {
    const end = s.samples !== null ? s.firstSample + s.samples : (segs[i + 1]?.firstSample ?? m.nextSample);
    for (const [f, t] of uncovered(covered, s.firstSample, end)) out = cover(out, f, t);
  });
  return out;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The window's samples, and drops the chunks no later window needs. */
function take(a: { chunks: PcmChunk[] }, w: AudioWindow): Int16Array {
  const out = new Int16Array(Math.max(0, w.endSample - w.startSample));
  for (const c of a.chunks) {
    const from = Math.max(c.offset, w.startSample);
    const to = Math.min(c.offset + c.samples.length, w.endSample);
    if (to > from) out.set(c.samples.subarray(from - c.offset, to - c.offset), from - w.startSample);
  }
  a.chunks = a.chunks.filter((c) => c.offset + c.samples.length > w.endSample);
  return out;
}

/** Audio time (ms from the recording's first sample) → the appliance's clock. */
function toClock(m: Manifest | null, audioMs: number): number | null {
  if (!m) return null;
  const t = sampleTimeMs(m, Math.round((audioMs * SAMPLE_RATE) / 1000));
  return t === null ? null : Math.round(t);
}

/**
 * The appliance's clock → the sample being recorded then (the run that covers it); null between
 * two runs (paused, device lost): nothing was recorded, and the run's end already closed the
 * window. Read on the ended run's clock, such a moment would name a sample of the next run, which
 * numbers on from where the last one stopped: a cut in the middle of what is said after the resume.
 */
function sampleAt(m: Manifest | null, at: number): number | null {
  if (!m) return null;
  let best: number | null = null;
  for (const r of m.runs) {
    if (r.firstSampleAtMs === null || r.firstSampleAtMs > at) continue;
    best =
      r.endedAtMs !== null && at >= r.endedAtMs
        ? null
        : r.firstSample + Math.round(((at - r.firstSampleAtMs) * SAMPLE_RATE) / 1000);
  }
  return best;
}
