// The recorder reading an ALSA device: speech played by ALSA's `file` plugin as a microphone,
// defined in a temporary config named by ALSA_CONFIG_PATH (the system's alsa.conf, then ours).
// The plugin has no clock, so the recorder paces it (`paceToRealTime`). A device that does not
// exist is `device_lost`, retried with backoff, and never an exception.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../src/audio/manifest.ts';
import { type PcmChunk, Recorder } from '../../src/audio/recorder.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import {
  alsaFileDevice,
  decodedSamples,
  makeSpeech,
  probe,
  requireAudioTools,
  type Speech,
} from './speech.ts';
import { statusLog, until } from './wait.ts';

let tmp: ReturnType<typeof tempDir>;
let speech: Speech;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  requireAudioTools();
  tmp = tempDir('room-rec-alsa-');
  speech = makeSpeech(tmp.path);
  const conf = alsaFileDevice(tmp.path, 'roommic', speech.path);
  env = { ...process.env, ALSA_CONFIG_PATH: `/usr/share/alsa/alsa.conf:${conf}` };
});
afterAll(() => tmp?.cleanup());

describe('Recorder: ALSA', () => {
  it('records an ALSA capture device: exact PCM, decodable segments, the device clock', async () => {
    const dir = join(tmp.path, 'alsa');
    const r = new Recorder({
      dir,
      source: { kind: 'alsa', device: 'roommic', sampleRate: 16000, channels: 1 },
      env,
      paceToRealTime: true,
      segmentSeconds: 2,
      minFreeBytes: 0,
    });
    const statuses = statusLog(r);
    const chunks: PcmChunk[] = [];
    let n = 0;
    r.on('pcm', (c) => {
      chunks.push({ ...c, samples: c.samples.slice() });
      n += c.samples.length;
    });
    const t0 = Date.now();
    await r.start();
    // After the file the plugin goes on delivering (whatever its null slave holds): stop a little later.
    await until(() => n >= speech.samples + 8000, 15_000, 'the speech and 0.5 s more');
    await r.stop();
    const wall = (Date.now() - t0) / 1000;
    expect(wall).toBeGreaterThan(speech.seconds); // paced, not read at full speed

    const pcm = new Int16Array(n);
    let at = 0;
    for (const c of chunks) {
      expect(c.offset).toBe(at);
      pcm.set(c.samples, at);
      at += c.samples.length;
    }
    const heard = Buffer.from(pcm.buffer, 0, speech.pcm.byteLength);
    expect(heard.equals(Buffer.from(speech.pcm.buffer))).toBe(true);

    const m = (await readManifest(dir))!;
    expect(m.source).toEqual({ kind: 'alsa', device: 'roommic', sampleRate: 16000, channels: 1 });
    const run = m.runs[0]!;
    expect(run.samples).toBe(n);
    expect(run.clock!.deviceStartMs).toBeGreaterThanOrEqual(run.clock!.spawnedAtMs - 5);
    expect(run.clock!.method).toBe('device');
    expect(run.firstSampleAtMs).toBe(run.clock!.deviceStartMs);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.opus'))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(m.segments.map((s) => s.file)).toEqual(files);
    let decoded = 0;
    for (const f of files) {
      expect(probe(join(dir, f))).toMatchObject({ codec: 'opus', channels: 1 });
      decoded += decodedSamples(join(dir, f));
    }
    expect(Math.abs(decoded - n) / n).toBeLessThan(0.01);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'recording', 'stopped']);
  });

  it('a device that does not exist: device_lost with the reason, retried with backoff, never thrown', async () => {
    const dir = join(tmp.path, 'missing');
    const r = new Recorder({
      dir,
      source: { kind: 'alsa', device: 'hw:7,0' },
      env,
      retryInitialMs: 100,
      retryMaxMs: 400,
      minFreeBytes: 0,
    });
    const statuses = statusLog(r);
    await r.start();
    await until(() => statuses.filter((s) => s.state === 'device_lost').length >= 4, 10_000, '4 attempts');
    await r.stop();
    const lost = statuses.filter((s) => s.state === 'device_lost');
    expect(lost[0]).toMatchObject({ problem: 'device_error', attempt: 1, retryInMs: 100 });
    expect(lost[0]!.detail).toMatch(/cannot open audio device hw:7,0/);
    expect(lost.slice(0, 4).map((s) => s.retryInMs)).toEqual([100, 200, 400, 400]);
    expect(r.status.state).toBe('stopped');
    const m = (await readManifest(dir))!;
    expect(m.runs.length).toBeGreaterThanOrEqual(4);
    expect(m.runs.every((x) => x.samples === 0 && x.endReason === 'device_lost')).toBe(true);
    expect(m.outages).toHaveLength(1);
    expect(m.outages[0]).toMatchObject({ reason: 'device_lost' });
    expect(m.outages[0]!.toMs).not.toBeNull();
    expect(m.segments).toEqual([]);
  });

  it('ffmpeg missing: device_lost saying so, retried, never thrown', async () => {
    const dir = join(tmp.path, 'no-ffmpeg');
    const r = new Recorder({
      dir,
      source: { kind: 'alsa', device: 'default' },
      env: { ...env, FFMPEG_PATH: join(tmp.path, 'no-such-ffmpeg') },
      retryInitialMs: 50,
    });
    const statuses = statusLog(r);
    await r.start();
    await until(() => statuses.filter((s) => s.state === 'device_lost').length >= 2, 5000, '2 attempts');
    await r.stop();
    expect(statuses.find((s) => s.state === 'device_lost')).toMatchObject({
      problem: 'ffmpeg_missing',
      detail: expect.stringMatching(/FFMPEG_PATH=.*no-such-ffmpeg is not an executable file/),
    });
  });
});
