// Issue 5, "a backlog after a long meeting is worked off in order with progress shown", and
// "nothing lost": audio the live path could not transcribe (no model during the meeting, the
// engine too far behind, the appliance restarted mid-meeting) is read back from the recording's
// Opus segments through the real ffmpeg and transcribed by the real whisper worker (the tiny
// generated model), once, with the coverage kept in SQLite and the progress reported.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AudioSource } from '../../src/audio/audio-source.ts';
import { readManifest, SAMPLE_RATE } from '../../src/audio/manifest.ts';
import { coveredWithin } from '../../src/recording/coverage.ts';
import {
  TranscriptionPipeline,
  type TranscriptProgress,
  uncoveredRanges,
} from '../../src/recording/transcription-pipeline.ts';
import type { EventLog } from '../../src/store/event-log.ts';
import type { StoredLine, TranscriptStore } from '../../src/store/transcript-store.ts';
import { Transcriber } from '../../src/transcribe/transcriber.ts';
import { makeSpeech, requireAudioTools } from '../audio/speech.ts';
import { until } from '../audio/wait.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { meetingLog } from './meeting-log.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Room {
  dir: string;
  store: TranscriptStore;
  log: EventLog;
  model: string;
  /** Speech, 1 s of silence, `times` over: `name` as headerless 16 kHz s16le. */
  speech(name: string, times?: number): { source: AudioSource; seconds: number };
  pipeline(o: { model: boolean; source: AudioSource; maxQueuedSeconds?: number }): Harness;
}

interface Harness {
  pipeline: TranscriptionPipeline;
  lines: StoredLine[];
  progress: TranscriptProgress[];
  /** Until the file source has run out (the recorder stopped by itself). */
  recorded(): Promise<void>;
}

async function room(): Promise<Room> {
  requireAudioTools();
  const dir = tempDir('backlog-');
  cleanups.push(() => dir.cleanup());
  const { log, store, model, meetingInfo } = await meetingLog(dir.path, 3, [[3, 'Trần Văn Bình']], (fn) =>
    cleanups.push(fn),
  );
  const once = makeSpeech(dir.path, 1);
  return {
    dir: dir.path,
    store,
    log,
    model,
    speech(name, times = 3) {
      const silence = new Int16Array(SAMPLE_RATE);
      const parts = Array.from({ length: times }, () => [once.pcm, silence]).flat();
      const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      const path = join(dir.path, `${name}.raw`);
      writeFileSync(path, Buffer.from(all.buffer));
      return {
        source: { kind: 'file', path, realtime: false, raw: { sampleRate: SAMPLE_RATE, channels: 1 } },
        seconds: all.length / SAMPLE_RATE,
      };
    },
    pipeline(o) {
      const transcriber = new Transcriber({ modelPath: o.model ? model : null, threads: 2 });
      transcriber.start();
      const pipeline = new TranscriptionPipeline({
        dataDir: dir.path,
        source: o.source,
        transcriber,
        store,
        log,
        meetingInfo,
        recorder: { segmentSeconds: 5 },
        ...(o.maxQueuedSeconds !== undefined ? { maxQueuedSeconds: o.maxQueuedSeconds } : {}),
      });
      const lines: StoredLine[] = [];
      const progress: TranscriptProgress[] = [];
      pipeline.on('line', (l) => lines.push(l));
      pipeline.on('progress', (p) => progress.push(p));
      let stopped = false;
      pipeline.on('recorder', (s) => {
        if (s.state === 'stopped') stopped = true;
      });
      let closed = false;
      const close = async () => {
        if (closed) return;
        closed = true;
        await pipeline.close();
        await transcriber.close();
      };
      cleanups.push(close);
      return {
        pipeline,
        lines,
        progress,
        recorded: () => until(() => stopped, 30_000, 'the recording to end'),
      };
    },
  };
}

/** Every saved sample of m1's recording is covered. */
async function fullyCovered(r: Room): Promise<boolean> {
  const m = await readManifest(join(r.dir, 'recordings', 'm1'));
  return m !== null && uncoveredRanges(m, r.store.coverage('m1')).length === 0;
}

describe('the transcript backlog', () => {
  it('a model installed after the meeting: the recording is transcribed from its segments, in order, with progress', async () => {
    const r = await room();
    const speech = r.speech('meeting');
    // During the meeting there is no model: recording goes on, nothing is transcribed.
    const first = r.pipeline({ model: false, source: speech.source });
    first.pipeline.start('m1');
    await first.recorded();
    first.pipeline.stop('m1');
    await until(() => first.pipeline.progressOf('m1')?.state === 'no_model', 10_000, 'no_model');
    const waiting = first.pipeline.progressOf('m1')!;
    expect(waiting.audioSeconds).toBeGreaterThan(speech.seconds - 1);
    expect(waiting.doneSeconds).toBeLessThan(waiting.audioSeconds);
    expect(first.lines).toEqual([]);
    await first.pipeline.close();

    // The appliance starts again with a model: the recording on disk is found and worked off.
    const second = r.pipeline({ model: true, source: speech.source });
    await second.pipeline.catchUp();
    await until(() => second.pipeline.progressOf('m1')?.state === 'done', 60_000, 'the backlog to finish');
    await second.pipeline.drained();

    expect(second.lines.length).toBeGreaterThan(0);
    // In order: each line later in the recording than the one before.
    const offsets = second.lines.map((l) => l.audioOffsetMs);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    for (const l of second.lines) {
      expect(l).toMatchObject({ meetingId: 'm1', seats: [3], names: ['Trần Văn Bình'] });
      expect(l.audioOffsetMs).toBeLessThanOrEqual(speech.seconds * 1000);
    }
    // Progress was shown on the way and only went forward.
    const states = second.progress.map((p) => p.state);
    expect(states).toContain('backlog');
    const done = second.progress.map((p) => p.doneSeconds);
    expect([...done].sort((a, b) => a - b)).toEqual(done);
    const last = second.progress.at(-1)!;
    expect(last.doneSeconds).toBeCloseTo(last.audioSeconds, 0);
    expect(await fullyCovered(r)).toBe(true);

    // Done once: a later start finds nothing left and transcribes nothing again.
    await second.pipeline.close();
    const third = r.pipeline({ model: true, source: speech.source });
    await third.pipeline.catchUp();
    await third.pipeline.drained();
    expect(third.lines).toEqual([]);
    expect(r.store.count('m1')).toBe(second.lines.length);
  }, 120_000);

  it('nothing lost when the engine falls behind: what the live queue could not hold is done after the meeting', async () => {
    const r = await room();
    const speech = r.speech('fast');
    // The file is read as fast as ffmpeg goes, far quicker than the engine: with room for only
    // half a second of queued audio, most windows are left to the backlog.
    const h = r.pipeline({ model: true, source: speech.source, maxQueuedSeconds: 0.5 });
    h.pipeline.start('m1');
    await h.recorded();
    const coveredLive = coveredWithin(r.store.coverage('m1'), 0, Number.MAX_SAFE_INTEGER);
    h.pipeline.stop('m1');
    await until(() => h.pipeline.progressOf('m1')?.state === 'done', 60_000, 'the backlog to finish');
    await h.pipeline.drained();
    expect(coveredLive / SAMPLE_RATE).toBeLessThan(speech.seconds - 1);
    expect(await fullyCovered(r)).toBe(true);
    expect(h.progress.map((p) => p.state)).toContain('backlog');
    const ids = h.lines.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(r.store.count('m1')).toBe(h.lines.length);
  }, 120_000);

  it('a restart mid-meeting: the audio before it comes from the segments, after it live, none twice', async () => {
    const r = await room();
    const before = r.speech('before');
    // The first run records, but the appliance stops before anything is transcribed.
    const first = r.pipeline({ model: true, source: before.source, maxQueuedSeconds: 0 });
    first.pipeline.start('m1');
    await first.recorded();
    await first.pipeline.close();
    const m = (await readManifest(join(r.dir, 'recordings', 'm1')))!;
    const restartAt = m.nextSample;
    expect(coveredWithin(r.store.coverage('m1'), 0, restartAt)).toBeLessThan(restartAt);

    // Started again, the meeting goes on recording (a file source goes on where it was: the
    // microphone is this longer file); the old audio is worked off too.
    const after = r.speech('after', 6);
    const second = r.pipeline({ model: true, source: after.source });
    second.pipeline.start('m1');
    await second.recorded();
    second.pipeline.stop('m1');
    await until(() => second.pipeline.progressOf('m1')?.state === 'done', 90_000, 'everything transcribed');
    await second.pipeline.drained();

    // Whole ms, as lines carry them: a live line may start on the restart's first sample.
    const restartMs = Math.floor((restartAt * 1000) / SAMPLE_RATE);
    expect(second.lines.some((l) => l.audioOffsetMs < restartMs)).toBe(true);
    expect(second.lines.some((l) => l.audioOffsetMs >= restartMs)).toBe(true);
    expect(await fullyCovered(r)).toBe(true);
    const ids = second.lines.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(r.store.count('m1')).toBe(second.lines.length);
  }, 150_000);
});
