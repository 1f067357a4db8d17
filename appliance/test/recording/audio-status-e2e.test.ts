// Issue 5, as a process: "Disk-full and a vanished audio device are reported on the technician page
// and never stop the meeting." The demo appliance is given (ROOM_AUDIO) an ALSA device that does
// not exist and the tiny generated model; a meeting is started by its chair over HTTP; the
// technician's GET /api/audio reports the device lost (ffmpeg's words, the retry) and the engine
// with its model, size and language, while a seat unit still gets the floor and the meeting goes on.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUnit } from '../../../bridge/test/helpers/fake-unit.ts';
import { writeWhisperModel } from '../../src/transcribe/ggml-model.ts';
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

const dir = tempDir('room-audio-status-');
let app: ApplianceProcess;
let admin: HttpSession;
let technician: HttpSession;
let meeting: MeetingPeopleHttp;
const model = join(dir.path, 'ggml-tiny-test.bin');

beforeAll(async () => {
  writeWhisperModel(model, { preset: 'tiny-test' });
  app = await startAppliance(join(dir.path, 'data'), undefined, undefined, false, {
    ROOM_AUDIO: JSON.stringify({ source: { kind: 'alsa', device: 'hw:97,0' }, model }),
  });
  admin = await adminSession(app.base, join(dir.path, 'data'));
  technician = await technicianSession(app.base, admin);
  meeting = await meetingPeopleHttp(app.base, admin, 'am');
}, 60_000);

afterAll(async () => {
  await app?.stop();
  rmSync(dir.path, { recursive: true, force: true });
});

const audio = async () => (await sessionApi(app.base, technician, 'GET', '/api/audio')).body;

describe('the room’s audio on the technician page (issue 5)', () => {
  it('shows the engine with its model, size and language before any meeting', async () => {
    await expect
      .poll(async () => (await audio()).transcriber.state, { timeout: 20_000, interval: 200 })
      .toBe('ready');
    const s = await audio();
    expect(s.source).toEqual({ kind: 'alsa', device: 'hw:97,0' });
    expect(s.recorder).toBeNull();
    expect(s.transcriber).toMatchObject({
      modelPath: model,
      language: 'vi',
      threads: 2,
      model: { size: expect.any(String), weightType: expect.any(String), bytes: expect.any(Number) },
    });
    // Not for everyone: the organiser is refused.
    expect((await sessionApi(app.base, meeting.people.organiser, 'GET', '/api/audio')).status).toBe(403);
  }, 30_000);

  it('a vanished device is reported and retried while the meeting and its floor go on', async () => {
    const id = await startMeetingHttp(meeting, 'Họp giao ban');

    await expect
      .poll(async () => (await audio()).recorder?.state, { timeout: 30_000, interval: 250 })
      .toBe('device_lost');
    const s = await audio();
    expect(s.recording).toMatchObject({ meetingId: id, status: 'recording' });
    expect(s.recorder).toMatchObject({
      state: 'device_lost',
      savingAudio: false,
      attempt: expect.any(Number),
    });
    expect(s.recorder.detail).toMatch(/hw:97,0|No such|cannot|Cannot|error/i);

    // The meeting goes on: a delegate's unit asks for the floor and is heard by the room.
    const unit = await connectUnit(app.mqttUrl, 'demo', 'demo-05', 'demo-05');
    await unit.press('speak');
    await unit.waitFor(
      (msg) => msg.topic.endsWith('/demo-05/state') && JSON.parse(msg.payload).mic === 'requesting',
    );
    await unit.end();
    const now = await sessionApi(app.base, meeting.people.chair, 'GET', `/api/meetings/${id}`);
    expect(now.body.status).toBe('in_progress');
    // The retry goes on (attempts count up) without anyone's help.
    await expect
      .poll(async () => (await audio()).recorder?.attempt ?? 0, { timeout: 20_000, interval: 250 })
      .toBeGreaterThan(s.recorder.attempt);
  }, 90_000);
});
