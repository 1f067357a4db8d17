// Issue 5, R-ROOM-5: a meeting's recording is read over HTTP by its chair, its secretary and the
// system administrator only; every listing and every playback is audited; segments answer Range
// requests so the transcript's timestamps can seek the audio. The recording is a real one: the
// recorder (ffmpeg) writes it from espeak-ng speech into the meeting's folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/audio/recorder.ts';
import { makeSpeech, probe, requireAudioTools } from '../audio/speech.ts';
import { type StartedMeeting, startedMeeting } from '../helpers/meeting-in-progress.ts';
import { addPerson, login } from '../helpers/people.ts';

let meeting: StartedMeeting | null = null;
afterEach(async () => {
  await meeting?.r.close();
  meeting = null;
});

async function recorded(): Promise<StartedMeeting & { dir: string }> {
  requireAudioTools();
  meeting = await startedMeeting({ secret: false });
  const { r, mid } = meeting;
  const dir = join(r.dataDir, 'recordings', mid);
  const speech = makeSpeech(r.dataDir, 2);
  const recorder = new Recorder({
    dir,
    source: { kind: 'file', path: speech.path, realtime: false, raw: { sampleRate: 16000, channels: 1 } },
    meetingId: mid,
    segmentSeconds: 3,
  });
  const done = new Promise<void>((ok) =>
    recorder.on('status', (s) => {
      if (s.state === 'stopped') ok();
    }),
  );
  await recorder.start();
  await done;
  return { ...meeting, dir };
}

describe('the recording of a meeting (R-ROOM-5)', () => {
  it('the chair lists the segments and plays one; seeking is a Range request; both are audited', async () => {
    const { r, mid, dir, sessions, id } = await recorded();
    const list = await r.app.inject({
      url: `/api/meetings/${mid}/recording`,
      headers: sessions.chair.headers,
    });
    expect(list.statusCode).toBe(200);
    const rec = list.json();
    expect(rec).toMatchObject({ meetingId: mid, state: 'stopped', sampleRate: 16000 });
    expect(rec.segments.length).toBeGreaterThan(1);
    expect(rec.segments[0]).toMatchObject({ index: 0, firstSample: 0, complete: true });
    // Each segment starts where the one before ended (less the encoder's 6.5 ms pre-skip).
    const second = rec.segments[1];
    expect(second.firstSample).toBeGreaterThanOrEqual(rec.segments[0].samples);

    const whole = await r.app.inject({
      url: `/api/meetings/${mid}/recording/segments/1`,
      headers: sessions.chair.headers,
    });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/ogg');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const file = readFileSync(join(dir, 'seg-00002.opus'));
    expect(whole.rawPayload.equals(file)).toBe(true);
    // It is what the recorder wrote: Opus, mono.
    expect(probe(join(dir, 'seg-00002.opus'))).toMatchObject({ codec: 'opus' });

    const part = await r.app.inject({
      url: `/api/meetings/${mid}/recording/segments/1`,
      headers: { ...sessions.chair.headers, range: 'bytes=100-199' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${file.length}`);
    expect(part.rawPayload.equals(file.subarray(100, 200))).toBe(true);

    const beyond = await r.app.inject({
      url: `/api/meetings/${mid}/recording/segments/1`,
      headers: { ...sessions.chair.headers, range: `bytes=${file.length + 10}-` },
    });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.json().error.code).toBe('E_RANGE');
    const missing = await r.app.inject({
      url: `/api/meetings/${mid}/recording/segments/999`,
      headers: sessions.chair.headers,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('E_NO_SEGMENT');

    // Read again (a page following the recording): the same access, not audited again.
    expect(
      (await r.app.inject({ url: `/api/meetings/${mid}/recording`, headers: sessions.chair.headers }))
        .statusCode,
    ).toBe(200);
    // One listing and one playback (the seek inside it is the same playback).
    const audit = r.log.search({ types: ['recording.read', 'recording.played'], limit: 10 });
    expect(audit.map((e) => [e.type, e.actor, e.payload])).toEqual([
      ['recording.played', `person:${id.chair}`, { meeting: mid, segment: 1 }],
      ['recording.read', `person:${id.chair}`, { meeting: mid, segments: rec.segments.length }],
    ]);
  }, 60_000);

  it('the secretary and the system administrator may listen; a delegate or an organiser may not', async () => {
    const { r, mid, sessions } = await recorded();
    const url = `/api/meetings/${mid}/recording/segments/0`;
    expect((await r.app.inject({ url, headers: sessions.secretary.headers })).statusCode).toBe(200);
    for (const who of ['delegate', 'organiser', 'approver'] as const) {
      const res = await r.app.inject({ url, headers: sessions[who].headers });
      expect(res.statusCode, who).toBe(403);
      const list = await r.app.inject({
        url: `/api/meetings/${mid}/recording`,
        headers: sessions[who].headers,
      });
      expect(list.statusCode, who).toBe(403);
    }
    expect((await r.app.inject({ url })).statusCode).toBe(401);
    await addPerson(r.people, 'admin', { unitId: meeting!.unitId, roles: ['sysadmin'] });
    const admin = await login(r.app, 'admin');
    expect((await r.app.inject({ url, headers: admin.headers })).statusCode).toBe(200);
  }, 60_000);

  it('a meeting without a recording (a secret one is never recorded) says so', async () => {
    meeting = await startedMeeting({ secret: true });
    const { r, mid, sessions } = meeting;
    const res = await r.app.inject({
      url: `/api/meetings/${mid}/recording`,
      headers: sessions.chair.headers,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'E_NO_RECORDING' });
    expect(r.log.search({ types: ['recording.read'], limit: 5 })).toEqual([]);
  });
});
