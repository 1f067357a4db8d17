// The floor goes first, as a process (docs/decisions.md "The floor goes first"): the appliance
// records espeak-ng speech from a file in real time and transcribes it with the tiny generated
// model; while a window is being transcribed a delegate presses `speak` on a real MQTT seat unit,
// and the technician's GET /api/audio shows the worker held for that key and let go again, while
// the unit got its state and the job went on to give its line.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUnit } from '../../../bridge/test/helpers/fake-unit.ts';
import { until } from '../../../bridge/test/helpers/wait.ts';
import { writeWhisperModel } from '../../src/transcribe/ggml-model.ts';
import { makeSpeech, requireAudioTools } from '../audio/speech.ts';
import {
  type ApplianceProcess,
  adminSession,
  type HttpSession,
  sessionApi,
  startAppliance,
  technicianSession,
} from '../helpers/appliance-process.ts';
import { type MeetingPeopleHttp, meetingPeopleHttp, startMeetingHttp } from '../helpers/meeting-over-http.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('room-floor-first-');
let app: ApplianceProcess;
let technician: HttpSession;
let meeting: MeetingPeopleHttp;

beforeAll(async () => {
  requireAudioTools();
  // Real tiny dimensions (random weights): a window takes long enough to press a key during it.
  const model = writeWhisperModel(join(dir.path, 'tiny.bin'), { preset: 'tiny' }).path;
  // Sentences with 2 s of silence after each, so the cutter closes a window after every one.
  const speech = makeSpeech(dir.path);
  const gap = Buffer.alloc(2 * 16_000 * 2);
  const once = Buffer.from(speech.pcm.buffer, speech.pcm.byteOffset, speech.pcm.byteLength);
  const file = join(dir.path, 'meeting.raw');
  writeFileSync(file, Buffer.concat(Array.from({ length: 6 }, () => [once, gap]).flat()));
  app = await startAppliance(join(dir.path, 'data'), undefined, undefined, false, {
    ROOM_AUDIO: JSON.stringify({
      source: { kind: 'file', path: file, realtime: true, raw: { sampleRate: 16000, channels: 1 } },
      model,
    }),
  });
  const admin = await adminSession(app.base, join(dir.path, 'data'));
  technician = await technicianSession(app.base, admin);
  meeting = await meetingPeopleHttp(app.base, admin, 'ff');
}, 60_000);

afterAll(async () => {
  await app?.stop();
  rmSync(dir.path, { recursive: true, force: true });
});

const engine = async () => (await sessionApi(app.base, technician, 'GET', '/api/audio')).body.transcriber;

describe('keys hold the speech worker (issue 5)', () => {
  it('a key pressed while a window is transcribed holds the worker, which is let go and finishes the job', async () => {
    await expect.poll(async () => (await engine()).state, { timeout: 20_000, interval: 200 }).toBe('ready');
    expect((await engine()).held).toEqual({ now: false, times: 0, ms: 0 });
    await startMeetingHttp(meeting, 'Họp giao ban');
    const unit = await connectUnit(app.mqttUrl, 'demo', 'demo-05', 'demo-05');
    try {
      await until('a window being transcribed', async () => (await engine()).state === 'busy', 60_000, 20);
      const job = (await engine()).progress.running.jobId as string;
      await unit.press('speak');
      await unit.waitFor(
        (msg) => msg.topic.endsWith('/demo-05/state') && JSON.parse(msg.payload).mic === 'requesting',
      );
      const held = await engine();
      // The job may have ended just before the key: then nothing was held, and the test says so.
      expect(held.progress.running?.jobId, 'the job was still running at the key').toBe(job);
      expect(held.held.now).toBe(true);
      expect(held.held.times).toBe(1);
      // Let go a moment after the last key (250 ms by default), and the job carries on to its end.
      await until('let go', async () => (await engine()).held.now === false, 3000, 20);
      await until(
        'the held job done',
        async () => (await engine()).progress.running?.jobId !== job,
        60_000,
        50,
      );
      const after = await engine();
      expect(after.held.ms).toBeGreaterThanOrEqual(240);
      expect(after.progress.failed).toBe(0);
      expect(after.worker.restarts).toBe(0);
    } finally {
      await unit.end();
    }
  }, 120_000);
});
