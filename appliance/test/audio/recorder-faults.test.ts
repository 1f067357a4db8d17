// The recorder's troubles, with real ffmpeg: a stream that stops delivering (device_lost, retried),
// a disk below the free-space threshold (disk_full: transcription goes on, no segments), a real
// ENOSPC on a tiny tmpfs, an appliance that dies mid-recording (the next start appends), and a
// slow PCM consumer (oldest dropped, counted).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../src/audio/manifest.ts';
import { Recorder } from '../../src/audio/recorder.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { decodedSamples, makeSpeech, requireAudioTools, type Speech } from './speech.ts';
import { sleep, statusLog, until } from './wait.ts';

let tmp: ReturnType<typeof tempDir>;
let speech: Speech;

beforeAll(() => {
  requireAudioTools();
  tmp = tempDir('room-rec-faults-');
  speech = makeSpeech(tmp.path);
});
afterAll(() => tmp?.cleanup());

const fileSource = (path = speech.path, realtime = true) =>
  ({ kind: 'file', path, realtime, raw: { sampleRate: 16000, channels: 1 } }) as const;

function wavHeader(): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(0xffffffff, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(0xffffffff, 40);
  return h;
}

describe('Recorder: faults', () => {
  it('a stream that stops delivering: device_lost (no audio), reconnected, recording again', async () => {
    // The "conference system": each connection gets the speech twice (ffmpeg's WAV probe wants
    // more than one), then nothing more on the wire.
    const sockets = new Set<Socket>();
    let connections = 0;
    const server: Server = createServer((_req, res) => {
      connections++;
      res.writeHead(200, { 'content-type': 'audio/wav' });
      res.write(wavHeader());
      res.write(Buffer.from(speech.pcm.buffer));
      res.write(Buffer.from(speech.pcm.buffer));
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    try {
      const dir = join(tmp.path, 'stream');
      const r = new Recorder({
        dir,
        source: { kind: 'stream', url: `http://user:secret@127.0.0.1:${port}/room.wav` },
        stallTimeoutMs: 800,
        startTimeoutMs: 3000,
        retryInitialMs: 100,
        segmentSeconds: 5,
        minFreeBytes: 0,
      });
      const statuses = statusLog(r);
      let n = 0;
      r.on('pcm', (c) => {
        n += c.samples.length;
      });
      await r.start();
      await until(() => connections >= 2 && n >= 2 * speech.samples + 16000, 10_000, 'a second connection');
      await until(() => r.status.state === 'recording', 5000, 'recording again');
      await r.stop();
      const states = statuses.map((s) => s.state);
      expect(states.slice(0, 4)).toEqual(['starting', 'recording', 'device_lost', 'recording']);
      expect(statuses[2]).toMatchObject({ problem: 'no_audio', attempt: 1 });
      expect(statuses[2]!.detail).toMatch(/^no audio for (0\.[89]|1(\.\d)?) s$/);
      const m = (await readManifest(dir))!;
      expect(m.source).toEqual({ kind: 'stream', url: `http://user:***@127.0.0.1:${port}/room.wav` });
      // ffmpeg reads the stream in blocks: the last part-block of what was sent may be waiting.
      const run1 = m.runs[0]!;
      expect(run1).toMatchObject({ reason: 'start', endReason: 'device_lost' });
      expect(run1.samples).toBeGreaterThan(2 * speech.samples - 4096);
      expect(run1.samples).toBeLessThanOrEqual(2 * speech.samples);
      const run2 = m.runs[1]!;
      expect(run2.reason).toBe('retry');
      expect(run2.firstSample).toBeGreaterThanOrEqual(run1.firstSample + run1.samples);
      expect(run2.firstSample).toBeLessThan(run1.firstSample + run1.samples + 500);
      const outage = m.outages[0]!;
      expect(outage).toMatchObject({ reason: 'device_lost', atSample: m.runs[1]!.firstSample });
      expect(outage.toMs).toBe(m.runs[1]!.firstSampleAtMs);
      // The first run's audio is in its segments and decodes. ffmpeg was stuck in a read, so it was
      // interrupted: the segment it was writing lacks at most its last page (1 s).
      const segs1 = m.segments.filter((s) => s.run === 1);
      expect(segs1.map((s) => s.file)).toEqual(['seg-00001.opus', 'seg-00002.opus']);
      expect(segs1[0]!.complete).toBe(true);
      const decoded = segs1.map((s) => decodedSamples(join(dir, s.file)));
      expect(decoded[0]).toBe(segs1[0]!.samples);
      expect(decoded[1]).toBeGreaterThan(segs1[1]!.samples! - 16000 - 320);
      expect(decoded[1]).toBeLessThanOrEqual(segs1[1]!.samples! + 320);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  it('free space below the threshold: disk_full, PCM goes on, no segments; recording again when space is back', async () => {
    const dir = join(tmp.path, 'low-space');
    let free = 10 * 1024 ** 3;
    const r = new Recorder({
      dir,
      source: fileSource(),
      segmentSeconds: 1,
      minFreeBytes: 100 * 1024 ** 2,
      resumeFreeBytes: 200 * 1024 ** 2,
      diskCheckMs: 100,
      statfs: async () => ({ bavail: BigInt(free / 4096), bsize: 4096 }),
    });
    const statuses = statusLog(r);
    let n = 0;
    r.on('pcm', (c) => {
      n += c.samples.length;
    });
    await r.start();
    await until(() => n >= 1.2 * 16000, 5000, '1.2 s of audio');
    free = 50 * 1024 ** 2;
    await until(() => r.status.state === 'disk_full', 3000, 'disk_full');
    expect(r.status).toMatchObject({ savingAudio: false, problem: 'low_space', freeBytes: free });
    const segmentsAtFull = readdirSync(dir).filter((f) => f.endsWith('.opus')).length;
    const heardAtFull = n;
    await sleep(1300);
    expect(n - heardAtFull).toBeGreaterThan(0.9 * 16000); // transcription still fed
    expect(readdirSync(dir).filter((f) => f.endsWith('.opus')).length).toBe(segmentsAtFull);
    free = 150 * 1024 ** 2; // above the threshold, below the resume mark: still full
    await sleep(300);
    expect(r.status.state).toBe('disk_full');
    free = 10 * 1024 ** 3;
    await until(() => r.status.state === 'recording', 3000, 'recording again');
    await until(() => r.status.state === 'stopped', 10_000, 'the file to end');

    const m = (await readManifest(dir))!;
    expect(m.runs.map((x) => x.savingAudio)).toEqual([true, false, true]);
    expect(m.runs.map((x) => x.endReason)).toEqual(['disk_full', 'disk_ok', 'source_ended']);
    expect(m.outages).toHaveLength(1);
    const o = m.outages[0]!;
    expect(o).toMatchObject({ reason: 'disk_full', atSample: m.runs[2]!.firstSample });
    expect(o.fromMs).toBeGreaterThanOrEqual(m.runs[1]!.clock!.spawnedAtMs - 5);
    expect(o.toMs).toBe(m.runs[2]!.firstSampleAtMs);
    // No segment belongs to the run without saving; the others are on disk.
    expect(m.segments.some((s) => s.run === 2)).toBe(false);
    expect(m.segments.filter((s) => s.run === 3).length).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.opus')).length).toBe(m.segments.length);
    const seen = statuses.map((s) => s.state);
    expect(seen).toEqual(['starting', 'recording', 'disk_full', 'recording', 'stopped']);
  });

  const canMount = (() => {
    try {
      execFileSync('sh', ['-c', '[ "$(id -u)" = 0 ] && command -v mount >/dev/null'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.runIf(canMount)('a real ENOSPC (tiny tmpfs): disk_full, the PCM carries on to the end', async (ctx) => {
    const mnt = join(tmp.path, 'tmpfs');
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', mnt]);
    } catch {
      ctx.skip('cannot mount a tmpfs here');
      return;
    }
    try {
      const long = makeSpeech(join(tmp.path), 8); // ~38 s, ~115 kB of Opus: more than fits
      const r = new Recorder({
        dir: join(mnt, 'rec'),
        source: fileSource(long.path, false),
        segmentSeconds: 5,
        minFreeBytes: 0,
        resumeFreeBytes: 0,
        retryInitialMs: 50,
      });
      const statuses = statusLog(r);
      let n = 0;
      r.on('pcm', (c) => {
        n += c.samples.length;
      });
      await r.start();
      await until(() => r.status.state === 'stopped', 20_000, 'the file to end');
      const full = statuses.find((s) => s.state === 'disk_full');
      expect(full).toMatchObject({ problem: 'enospc', savingAudio: false });
      expect(statuses.some((s) => s.state === 'device_lost')).toBe(false);
      expect(statuses.at(-1)).toMatchObject({ state: 'stopped', problem: 'source_ended' });
      // Every sample reached transcription, give or take the cut where ffmpeg was restarted.
      expect(Math.abs(n - long.samples) / long.samples).toBeLessThan(0.01);
      // On disk the manifest is as last written before the disk filled; the recorder holds the rest.
      expect(await readManifest(join(mnt, 'rec'))).not.toBeNull();
      const m = r.manifest!;
      expect(m.runs.at(-1)!.savingAudio).toBe(false);
      expect(m.outages.some((o) => o.reason === 'disk_full')).toBe(true);
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });

  it('the appliance dies mid-recording: the next start appends a run and keeps the finished segments', async () => {
    const dir = join(tmp.path, 'crash');
    const script = join(tmp.path, 'record-then-hang.ts');
    const recorder = fileURLToPath(new URL('../../src/audio/recorder.ts', import.meta.url));
    writeFileSync(
      script,
      `import { Recorder } from ${JSON.stringify(recorder)};
const r = new Recorder({ dir: ${JSON.stringify(dir)}, segmentSeconds: 1, minFreeBytes: 0,
  source: { kind: 'file', path: ${JSON.stringify(speech.path)}, realtime: true, raw: { sampleRate: 16000, channels: 1 } } });
r.on('segment', (s) => console.log('segment', s.file));
await r.start();
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    await until(() => (out.match(/segment/g) ?? []).length >= 2, 10_000, 'two segments');
    await sleep(400);
    child.kill('SIGKILL'); // no goodbye: ffmpeg dies on the broken pipe
    await new Promise((ok) => child.once('close', ok));
    await sleep(300);
    const before = (await readManifest(dir))!;
    expect(before.state).toBe('recording');
    expect(before.segments.filter((s) => s.complete)).toHaveLength(2);
    const highestBefore = Math.max(
      ...readdirSync(dir)
        .filter((f) => /^seg-\d+\.opus$/.test(f))
        .map((f) => Number(f.slice(4, 9))),
    );

    const r = new Recorder({ dir, source: fileSource(), segmentSeconds: 1, minFreeBytes: 0 });
    await r.start();
    await until(() => r.status.state === 'recording', 5000, 'recording');
    await r.stop();
    const m = (await readManifest(dir))!;
    expect(m.runs.map((x) => [x.reason, x.endReason])).toEqual([
      ['start', 'crash'],
      ['restart', 'stop'],
    ]);
    const [crashed, restarted] = m.runs as [(typeof m.runs)[0], (typeof m.runs)[0]];
    // No index is used twice: the new run starts beyond anything the crashed one could have heard.
    const crashedEnd = crashed.firstSample + ((crashed.endedAtMs! - crashed.firstSampleAtMs!) * 16000) / 1000;
    expect(restarted.firstSample).toBeGreaterThanOrEqual(crashedEnd);
    // The finished segments are kept; the one being written is there, marked incomplete, and
    // decodes up to where it was cut off; numbering goes on after it.
    const names = m.segments.map((s) => s.file);
    expect(names.slice(0, 2)).toEqual(['seg-00001.opus', 'seg-00002.opus']);
    const cut = m.segments.find((s) => s.run === 1 && !s.complete);
    if (cut) {
      expect(cut.bytes).toBeGreaterThan(0);
      expect(decodedSamples(join(dir, cut.file))).toBeGreaterThan(0);
    }
    const firstOfRestart = m.segments.find((s) => s.run === 2)!;
    expect(Number(firstOfRestart.file.slice(4, 9))).toBe(highestBefore + 1);
    for (const s of m.segments.filter((x) => x.complete)) {
      expect(decodedSamples(join(dir, s.file))).toBeGreaterThan(0);
    }
  });

  it('a slow PCM consumer loses the oldest audio, counted, and never holds up the recording', async () => {
    const dir = join(tmp.path, 'slow');
    const r = new Recorder({
      dir,
      source: fileSource(speech.path, false),
      segmentSeconds: 60,
      minFreeBytes: 0,
    });
    const queue = r.subscribePcm(1); // one second at most
    await r.start();
    await until(() => r.status.state === 'stopped', 10_000, 'the file to end');
    // The consumer wakes up only now: it finds the last second, and the count of what it missed.
    const got: number[] = [];
    for await (const c of queue) got.push(c.offset, c.samples.length);
    const held = got.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0);
    expect(held).toBeLessThanOrEqual(16000);
    expect(held).toBeGreaterThan(16000 - 1600);
    expect(queue.droppedSamples + held).toBe(speech.samples);
    expect(got[0]).toBe(queue.droppedSamples); // the first chunk it gets starts where the drop ended
    const m = (await readManifest(dir))!;
    expect(m.runs[0]!.samples).toBe(speech.samples); // the recording itself lost nothing
  });
});
