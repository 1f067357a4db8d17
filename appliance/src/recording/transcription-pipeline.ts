// From the room's audio to attributed transcript lines (issue 5, R-ROOM-4/5, R-HW-4). The recording
// service tells this sink what the facts say (start, pause, resume, stop); for the meeting being
// recorded it runs the recorder (ffmpeg: Opus segments + 16 kHz PCM), cuts the PCM into windows
// (transcribe/windows.ts: at floor changes, pauses and silences, near 30 s, early after an
// utterance), sends speech windows to the isolated whisper worker (transcribe/transcriber.ts) in
// order, and attributes each segment to the seat whose microphone was open from the floor events
// (domain/transcript.ts), with the seat's delegate for this meeting. Lines are stored
// (TranscriptStore) and emitted for the live views. Nothing here can stop the meeting: the
// recorder and the worker report their own troubles.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { AudioSource } from '../audio/audio-source.ts';
import { type Manifest, SAMPLE_RATE, sampleTimeMs } from '../audio/manifest.ts';
import type { PcmChunk } from '../audio/pcm-buffer.ts';
import {
  Recorder,
  type RecorderLogger,
  type RecorderOptions,
  type RecorderStatus,
} from '../audio/recorder.ts';
import { attribute, speakerTimeline, transcriptLine } from '../domain/transcript.ts';
import type { EventLog } from '../store/event-log.ts';
import type { StoredLine, TranscriptStore } from '../store/transcript-store.ts';
import { int16ToFloat32 } from '../transcribe/pcm.ts';
import type { Transcriber } from '../transcribe/transcriber.ts';
import { type AudioWindow, WindowCutter } from '../transcribe/windows.ts';
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

export interface PipelineOptions {
  dataDir: string;
  /** The room's audio; null: nothing to record (the appliance says so). */
  source: AudioSource | null;
  transcriber: Transcriber | null;
  store: TranscriptStore;
  log: EventLog;
  meetingInfo: (meetingId: string) => MeetingAudioInfo | null;
  recorder?: Partial<Omit<RecorderOptions, 'dir' | 'source' | 'meetingId'>>;
  logger?: RecorderLogger & { error(obj: object, msg?: string): void };
}

type Events = {
  line: [StoredLine];
  recorder: [RecorderStatus];
};

interface Active {
  meetingId: string;
  recorder: Recorder;
  cutter: WindowCutter;
  /** PCM not yet handed to the transcriber, in order (chunks may overlap a window's edges). */
  chunks: PcmChunk[];
  /** Windows waiting for the transcriber, in order. */
  pending: Promise<void>;
  reading: Promise<void>;
}

const FLOOR_CHANGES = new Set(['floor.granted', 'floor.ended', 'floor.priority', 'floor.requests_cleared']);

export class TranscriptionPipeline extends EventEmitter<Events> implements RecordingSink {
  #o: PipelineOptions;
  #active: Active | null = null;

  constructor(o: PipelineOptions) {
    super();
    this.#o = o;
  }

  /** The recorder's status for the technician page (null when nothing is recorded). */
  get recorderStatus(): RecorderStatus | null {
    return this.#active?.recorder.status ?? null;
  }

  /** Floor facts as they are logged: a new speaker cuts the window there. */
  logged(events: readonly { type: string; at: number; meetingId: string | null }[]): void {
    const a = this.#active;
    if (!a) return;
    for (const e of events) {
      if (e.meetingId !== a.meetingId || !FLOOR_CHANGES.has(e.type)) continue;
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
    const recorder = new Recorder({
      ...this.#o.recorder,
      dir: join(this.#o.dataDir, 'recordings', meetingId),
      source,
      meetingId,
      ...(this.#o.logger ? { logger: this.#o.logger } : {}),
    });
    recorder.on('status', (s) => this.emit('recorder', s));
    const a: Active = {
      meetingId,
      recorder,
      cutter: new WindowCutter(),
      chunks: [],
      pending: Promise.resolve(),
      reading: Promise.resolve(),
    };
    this.#active = a;
    const pcm = recorder.subscribePcm(60);
    a.reading = (async () => {
      for await (const chunk of pcm) {
        a.chunks.push(chunk);
        a.cutter.push(chunk.samples, chunk.offset);
        this.#windows(a);
      }
      // The recording ended (stopped, or a file source ran out): the last window goes too.
      a.cutter.end();
      this.#windows(a);
    })().catch((err) => this.#o.logger?.error({ err: String(err) }, 'transcription reading failed'));
    void recorder.start();
  }

  pause(meetingId: string): void {
    const a = this.#active;
    if (a?.meetingId !== meetingId) return;
    const at = a.recorder.manifest?.nextSample;
    if (at !== undefined) a.cutter.pause(at);
    this.#windows(a);
    void a.recorder.pause();
  }

  resume(meetingId: string): void {
    const a = this.#active;
    if (a?.meetingId !== meetingId) return;
    const at = a.recorder.manifest?.nextSample;
    if (at !== undefined) a.cutter.resume(at);
    void a.recorder.resume();
  }

  stop(meetingId: string): void {
    const a = this.#active;
    if (a?.meetingId !== meetingId) return;
    this.#active = null;
    void (async () => {
      await a.recorder.stop();
      await a.reading;
      await a.pending;
    })().catch((err) => this.#o.logger?.error({ err: String(err) }, 'closing the recording failed'));
  }

  /** Resolves when every window handed out so far is transcribed (tests, shutdown). */
  async drained(): Promise<void> {
    await this.#active?.pending;
  }

  async close(): Promise<void> {
    const a = this.#active;
    if (!a) return;
    this.stop(a.meetingId);
    await a.recorder.stop();
    await a.reading;
    await a.pending;
  }

  #windows(a: Active): void {
    for (const w of a.cutter.flush()) {
      const pcm = take(a, w);
      if (!w.speech || !this.#o.transcriber) continue;
      a.pending = a.pending.then(() => this.#transcribe(a, w, pcm));
    }
  }

  async #transcribe(a: Active, w: AudioWindow, pcm: Int16Array): Promise<void> {
    const info = this.#o.meetingInfo(a.meetingId);
    const transcriber = this.#o.transcriber;
    if (!info || !transcriber) return;
    const offsetMs = (w.startSample * 1000) / SAMPLE_RATE;
    const r = await transcriber.transcribe({
      jobId: `${a.meetingId}:${w.startSample}`,
      pcm: int16ToFloat32(pcm),
      language: info.language === 'en' ? 'en' : 'vi',
      offsetMs,
    });
    if (!r.ok) {
      this.#o.logger?.warn({ code: r.code, window: w.startSample }, 'window not transcribed');
      return;
    }
    const manifest = a.recorder.manifest;
    const floor = this.#o.log.search({
      meetingId: a.meetingId,
      types: ['floor.', 'recording.'],
      limit: 100_000,
    });
    const timeline = speakerTimeline(
      floor.reverse().map((e) => ({ at: e.at, type: e.type, payload: e.payload })),
      info.startedAt,
      { chairSeats: info.chairSeats },
    );
    r.segments.forEach((s, i) => {
      const text = s.text.trim();
      if (!text) return;
      const startMs = toClock(manifest, s.startMs);
      const endMs = toClock(manifest, s.endMs);
      if (startMs === null || endMs === null) return;
      const segment = { startMs, endMs, text };
      const line = transcriptLine(
        {
          id: `${a.meetingId}:${w.startSample}:${i}`,
          meetingId: a.meetingId,
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
  }
}

/** The window's samples, and drops the chunks no later window needs. */
function take(a: Active, w: AudioWindow): Int16Array {
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

/** The appliance's clock → the sample being recorded then (the run that covers it). */
function sampleAt(m: Manifest | null, at: number): number | null {
  if (!m) return null;
  let best: number | null = null;
  for (const r of m.runs) {
    if (r.firstSampleAtMs === null || r.firstSampleAtMs > at) continue;
    best = r.firstSample + Math.round(((at - r.firstSampleAtMs) * SAMPLE_RATE) / 1000);
  }
  return best;
}
