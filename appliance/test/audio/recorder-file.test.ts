// The recorder with real ffmpeg, fed Vietnamese speech (espeak-ng) from a file at real-time pace
// (`-re`): segments, PCM, the manifest's clock, pause and resume.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/audio/manifest.ts';
import { readManifest } from '../../src/audio/manifest.ts';
import { type PcmChunk, Recorder } from '../../src/audio/recorder.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import {
  cpuSeconds,
  decodedSamples,
  findSamples,
  makeSpeech,
  probe,
  requireAudioTools,
  type Speech,
} from './speech.ts';
import { statusLog, until } from './wait.ts';

const PRESKIP = 104;
let tmp: ReturnType<typeof tempDir>;
let speech: Speech;

beforeAll(() => {
  requireAudioTools();
  tmp = tempDir('room-rec-file-');
  speech = makeSpeech(tmp.path);
});
afterAll(() => tmp?.cleanup());

const fileSource = () =>
  ({ kind: 'file', path: speech.path, realtime: true, raw: { sampleRate: 16000, channels: 1 } }) as const;

function collect(r: Recorder): PcmChunk[] {
  const chunks: PcmChunk[] = [];
  r.on('pcm', (c) => chunks.push({ ...c, samples: c.samples.slice() }));
  return chunks;
}

function concat(chunks: PcmChunk[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.samples.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c.samples, at);
    at += c.samples.length;
  }
  return out;
}

/** The segments of a run follow each other: each starts where the previous one's cut was. */
function expectContiguous(m: Manifest, run: number): void {
  const segs = m.segments.filter((s) => s.run === run);
  const r = m.runs.find((x) => x.index === run)!;
  expect(segs[0]!.firstSample).toBe(r.firstSample);
  for (let i = 1; i < segs.length; i++) {
    expect(segs[i]!.firstSample).toBe(segs[i - 1]!.firstSample + segs[i - 1]!.samples! + PRESKIP);
  }
  for (const s of segs) {
    expect(s.complete).toBe(true);
    expect(s.startedAtMs).toBeCloseTo(
      r.firstSampleAtMs! + ((s.firstSample - r.firstSample) * 1000) / 16000,
      0,
    );
  }
}

/**
 * Decoded, each segment holds `samples` samples; the run's last one may hold up to one Opus frame
 * (20 ms, 320 samples at 16 kHz) more: the padding of the final frame.
 */
function expectDecodable(dir: string, m: Manifest, run: number): void {
  const segs = m.segments.filter((s) => s.run === run);
  segs.forEach((s, i) => {
    const n = decodedSamples(join(dir, s.file));
    if (i < segs.length - 1) expect(n).toBe(s.samples);
    else expect(Math.abs(n - s.samples!)).toBeLessThanOrEqual(320);
  });
}

describe('Recorder: a file played in real time', () => {
  it('writes Opus segments that decode to the input, PCM exactly the input, and a consistent manifest', async () => {
    const dir = join(tmp.path, 'plain');
    const r = new Recorder({ dir, source: fileSource(), segmentSeconds: 2, minFreeBytes: 0 });
    const statuses = statusLog(r);
    const chunks = collect(r);
    const segmentEvents: string[] = [];
    r.on('segment', (s) => segmentEvents.push(s.file));
    const t0 = Date.now();
    let cpu = 0;
    let firstPcmMs = 0;
    r.once('pcm', () => {
      firstPcmMs = Date.now() - t0;
    });
    await r.start();
    const pid = r.pid!;
    expect(pid).toBeGreaterThan(0);
    await until(() => r.status.state === 'stopped', 15_000, 'the file to end');
    const wall = (Date.now() - t0) / 1000;
    try {
      cpu = cpuSeconds(pid);
    } catch {
      // gone already: measured in the long test of docs/recording.md instead
    }
    console.log(
      `file: ${speech.seconds.toFixed(2)} s of audio in ${wall.toFixed(2)} s; first PCM ${firstPcmMs} ms after start()` +
        (cpu ? `; ffmpeg CPU ${((cpu / wall) * 100).toFixed(1)} %` : ''),
    );

    // PCM: every sample, bit-exact (16 kHz mono in, 16 kHz mono out), offsets contiguous.
    const pcm = concat(chunks);
    expect(pcm.length).toBe(speech.samples);
    expect(Buffer.from(pcm.buffer).equals(Buffer.from(speech.pcm.buffer))).toBe(true);
    let expected = 0;
    for (const c of chunks) {
      expect(c.offset).toBe(expected);
      expect(c.run).toBe(1);
      expected += c.samples.length;
    }

    // Segments: 2 s each, Opus, mono, 48 kHz; decoded they hold the input (less 6.5 ms per cut).
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.opus'))
      .sort();
    expect(files).toEqual(['seg-00001.opus', 'seg-00002.opus', 'seg-00003.opus']);
    expect(segmentEvents).toEqual(files);
    let decoded = 0;
    let probed = 0;
    for (const f of files) {
      const p = probe(join(dir, f));
      expect(p).toMatchObject({ codec: 'opus', channels: 1, sampleRate: 48000 });
      probed += p.duration;
      decoded += decodedSamples(join(dir, f));
    }
    expect(Math.abs(decoded - speech.samples) / speech.samples).toBeLessThan(0.01);
    expect(Math.abs(probed - speech.seconds) / speech.seconds).toBeLessThan(0.01);

    // The manifest: one run, its clock, the segments on its time line.
    const m = (await readManifest(dir))!;
    expect(m.state).toBe('stopped');
    expect(m.runs).toHaveLength(1);
    const run = m.runs[0]!;
    expect(run).toMatchObject({
      reason: 'start',
      firstSample: 0,
      samples: speech.samples,
      endReason: 'source_ended',
    });
    expect(run.clock!.method).toBe('arrival');
    expect(run.clock!.spawnedAtMs).toBeGreaterThanOrEqual(t0);
    expect(run.firstSampleAtMs!).toBeGreaterThanOrEqual(run.clock!.spawnedAtMs);
    expect(run.firstSampleAtMs!).toBeLessThan(run.clock!.firstPcmAtMs);
    // The first chunk is 100 ms of audio: it arrives 100 ms (and the pipe's latency) after the first sample.
    expect(run.clock!.firstPcmAtMs - run.firstSampleAtMs!).toBeGreaterThanOrEqual(95);
    expect(run.clock!.firstPcmAtMs - run.firstSampleAtMs!).toBeLessThan(300);
    // Paced in real time: the run's audio ends, on its clock, when the recording was seen to end.
    expect(Math.abs(t0 + wall * 1000 - run.endedAtMs!)).toBeLessThan(400);
    expect(m.segments.map((s) => s.file)).toEqual(files);
    expectContiguous(m, 1);
    expectDecodable(dir, m, 1);
    expect(m.pauses).toEqual([]);
    expect(m.outages).toEqual([]);

    expect(statuses.map((s) => s.state)).toEqual(['starting', 'recording', 'stopped']);
    expect(statuses.at(-1)).toMatchObject({ problem: 'source_ended' });
  });

  it('pause ends the run, nothing is recorded until resume, and the manifest shows the gap', async () => {
    const dir = join(tmp.path, 'paused');
    const r = new Recorder({ dir, source: fileSource(), segmentSeconds: 1, minFreeBytes: 0 });
    const statuses = statusLog(r);
    const chunks = collect(r);
    const subscription = r.subscribePcm(60);
    await r.start();
    await until(
      () => chunks.reduce((n, c) => n + c.samples.length, 0) >= 1.2 * 16000,
      5000,
      '1.2 s of audio',
    );
    const pausedAt = Date.now();
    await r.pause();
    expect(r.status.state).toBe('paused');
    expect(r.pid).toBeNull();
    const heardBeforePause = chunks.length;
    await new Promise((ok) => setTimeout(ok, 1000));
    expect(chunks.length).toBe(heardBeforePause); // nothing while paused
    const filesWhilePaused = readdirSync(dir).filter((f) => f.endsWith('.opus'));
    await r.resume();
    await until(() => r.status.state === 'stopped', 15_000, 'the file to end');

    const m = (await readManifest(dir))!;
    expect(m.runs.map((x) => [x.reason, x.endReason])).toEqual([
      ['start', 'pause'],
      ['resume', 'source_ended'],
    ]);
    const [run1, run2] = m.runs as [(typeof m.runs)[0], (typeof m.runs)[0]];
    expect(m.pauses).toHaveLength(1);
    const pause = m.pauses[0]!;
    expect(pause.fromMs).toBeGreaterThanOrEqual(pausedAt - 5);
    expect(pause.toMs! - pause.fromMs).toBeGreaterThanOrEqual(1000);
    expect(pause.atSample).toBe(run2.firstSample);
    // The first run's audio ends by the pause (allowing for the chunk in flight), the second
    // begins after the resume: the gap in wall-clock time is the pause.
    expect(run1.endedAtMs!).toBeLessThanOrEqual(pause.fromMs + 150);
    expect(run2.firstSampleAtMs!).toBeGreaterThanOrEqual(pause.toMs!);
    expect(run2.firstSample).toBeGreaterThanOrEqual(run1.firstSample + run1.samples);

    // The PCM: run 1 is the start of the file; run 2 is the file from where a microphone would
    // have been at the resume — what was said during the pause is in neither.
    const pcm1 = concat(chunks.filter((c) => c.run === 1));
    const pcm2 = concat(chunks.filter((c) => c.run === 2));
    expect(Buffer.from(pcm1.buffer).equals(Buffer.from(speech.pcm.buffer, 0, pcm1.byteLength))).toBe(true);
    const at = findSamples(speech.pcm, pcm2.subarray(0, 800));
    expect(at).toBeGreaterThan(0);
    const skipped = at - pcm1.length;
    const pauseSamples = ((pause.toMs! - pause.fromMs) * 16000) / 1000;
    expect(skipped).toBeGreaterThan(pauseSamples * 0.9);
    expect(skipped).toBeLessThan(pauseSamples + 0.6 * 16000);
    expect(Buffer.from(pcm2.buffer).equals(Buffer.from(speech.pcm.buffer, at * 2, pcm2.byteLength))).toBe(
      true,
    );
    for (const c of chunks.filter((x) => x.run === 2))
      expect(c.offset).toBeGreaterThanOrEqual(run2.firstSample);
    // A subscription gets the same audio, and after each run's last sample an empty chunk saying
    // where the run's audio stopped: a consumer knows it has had all of it (the manifest's
    // nextSample would say so only after the segment is written, and with the pre-skip added).
    const got: PcmChunk[] = [];
    for await (const c of subscription) got.push(c);
    const marks = got.filter((c) => c.runEnded);
    expect(marks.map((c) => [c.run, c.offset, c.samples.length])).toEqual([
      [1, run1.firstSample + run1.samples, 0],
      [2, run2.firstSample + run2.samples, 0],
    ]);
    expect(got.indexOf(marks[0]!)).toBe(chunks.filter((c) => c.run === 1).length);
    expect(got.at(-1)).toBe(marks[1]);
    expect(got.filter((c) => !c.runEnded).map((c) => c.offset)).toEqual(chunks.map((c) => c.offset));

    // Segments: numbering continues across the pause; no file was started while paused.
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.opus'))
      .sort();
    expect(files.length).toBeGreaterThan(filesWhilePaused.length);
    expect(m.segments.map((s) => s.file)).toEqual(files);
    expect(files[0]).toBe('seg-00001.opus');
    expectContiguous(m, 1);
    expectContiguous(m, 2);
    const audio1 = m.segments
      .filter((s) => s.run === 1)
      .reduce((n, s) => n + decodedSamples(join(dir, s.file)), 0);
    expect(Math.abs(audio1 - run1.samples)).toBeLessThan(0.01 * run1.samples + PRESKIP * 3);

    expect(statuses.map((s) => s.state)).toEqual([
      'starting',
      'recording',
      'paused',
      'starting',
      'recording',
      'stopped',
    ]);
    await r.stop();
  });

  it('stop finishes the segment being written and leaves a stopped manifest', async () => {
    const dir = join(tmp.path, 'stopped');
    const r = new Recorder({ dir, source: fileSource(), segmentSeconds: 60, minFreeBytes: 0 });
    await r.start();
    await until(() => r.status.state === 'recording', 5000, 'recording');
    await new Promise((ok) => setTimeout(ok, 1500));
    await r.stop();
    expect(r.status.state).toBe('stopped');
    const m = (await readManifest(dir))!;
    expect(m.state).toBe('stopped');
    expect(m.runs[0]!.endReason).toBe('stop');
    expect(m.segments).toHaveLength(1);
    const seg = m.segments[0]!;
    expect(seg.complete).toBe(true);
    expectDecodable(dir, m, 1);
    expect(Math.abs(seg.samples! - m.runs[0]!.samples)).toBeLessThan(0.01 * m.runs[0]!.samples + PRESKIP);
    // Calls in the wrong state do nothing and never throw.
    await r.pause();
    await r.resume();
    await r.start();
    expect(r.status.state).toBe('stopped');
  });
});
