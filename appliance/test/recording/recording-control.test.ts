// Issue 5, R-ROOM-4 and R-MTG-4 over HTTP: every meeting is recorded from its start unless it is
// secret; the chair pauses and resumes recording and transcription; each step is in the log and
// the room view's indicator (chair console, wall display) follows.
import { afterEach, describe, expect, it } from 'vitest';
import type { InProcess } from '../helpers/in-process-room.ts';
import { startedMeeting } from '../helpers/meeting-in-progress.ts';
import { login } from '../helpers/people.ts';

let room: InProcess | null = null;
afterEach(async () => {
  await room?.close();
  room = null;
});

async function meetingInProgress(secret: boolean) {
  const m = await startedMeeting({ secret });
  room = m.r;
  return m;
}

describe('recording follows the meeting; the chair pauses it (R-ROOM-4)', () => {
  it('records from the start; a chair pause holds over a meeting pause; the end stops it', async () => {
    const { r, call, mid, id } = await meetingInProgress(false);
    await expect.poll(() => r.room.view.recording.status).toBe('recording');
    const started = r.log.search({ types: ['recording.started'], limit: 1 })[0]!;
    expect(started).toMatchObject({ meetingId: mid, actor: `person:${id.chair}` });

    // Only the chair pauses.
    expect((await call('delegate', 'POST', '/api/recording/pause')).status).toBe(403);
    const paused = await call('chair', 'POST', '/api/recording/pause');
    expect(paused.body).toMatchObject({ status: 'paused', heldByChair: true });
    expect(r.room.view.recording).toMatchObject({ status: 'paused', heldByChair: true });
    await call('chair', 'POST', `/api/meetings/${mid}/pause`);
    await call('chair', 'POST', `/api/meetings/${mid}/resume`);
    await expect.poll(() => r.room.state.meeting?.status).toBe('in_progress');
    expect(r.room.view.recording.status).toBe('paused'); // still the chair's pause
    expect((await call('chair', 'POST', '/api/recording/resume')).body.status).toBe('recording');

    // A pause of the meeting pauses the recording, and its resume resumes it.
    await call('chair', 'POST', `/api/meetings/${mid}/pause`);
    await expect.poll(() => r.room.view.recording).toMatchObject({ status: 'paused', heldByChair: false });
    await call('chair', 'POST', `/api/meetings/${mid}/resume`);
    await expect.poll(() => r.room.view.recording.status).toBe('recording');

    await call('chair', 'POST', `/api/meetings/${mid}/end`);
    await expect.poll(() => r.room.view.recording.status).toBe('off');
    const steps = r.log
      .search({ types: ['recording.'], meetingId: mid, limit: 20 })
      .reverse()
      .map((e) => `${e.type}${e.payload.by ? `:${e.payload.by}` : ''}`);
    expect(steps).toEqual([
      'recording.started',
      'recording.paused:chair',
      'recording.resumed',
      'recording.paused:meeting',
      'recording.resumed',
      'recording.stopped',
    ]);
  });
});

describe('the transcript is for the chair, the secretary and the system administrator (R-ROOM-5)', () => {
  it('reads are audited; new lines reach the chair and the secretary live, nobody else', async () => {
    const { r, mid, id } = await meetingInProgress(false);
    await r.app.listen({ host: '127.0.0.1', port: 0 });
    const a = r.app.server.address();
    const host = `127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    const { default: WebSocket } = await import('ws');
    const sockets = Object.fromEntries(
      await Promise.all(
        (['chair', 'secretary', 'delegate'] as const).map(async (who) => {
          const session = await login(r.app, who);
          const ws = new WebSocket(`ws://${host}/ws`, {
            headers: { cookie: session.cookie, origin: `http://${host}` },
          });
          const got: { t: string; line?: { text: string } }[] = [];
          ws.on('message', (d) => got.push(JSON.parse(String(d))));
          await new Promise((ok) => ws.once('open', ok));
          await expect.poll(() => got.some((m) => m.t === 'snapshot')).toBe(true);
          return [who, { ws, got }] as const;
        }),
      ),
    );
    const stored = r.transcripts.put({
      id: `${mid}:0:0`,
      meetingId: mid,
      startMs: Date.now() - 3000,
      endMs: Date.now() - 1000,
      audioOffsetMs: 2000,
      seats: [2],
      names: ['Người đại biểu'],
      overlap: false,
      text: 'Tôi đề nghị thông qua dự toán.',
      language: 'vi',
      final: true,
    })!;
    r.transcription.emit('line', stored);
    await expect.poll(() => sockets.chair!.got.some((m) => m.t === 'transcript')).toBe(true);
    await expect.poll(() => sockets.secretary!.got.some((m) => m.t === 'transcript')).toBe(true);
    // How far the transcript is behind goes to the same readers.
    r.transcription.emit('progress', {
      meetingId: mid,
      state: 'backlog',
      audioSeconds: 600,
      doneSeconds: 120,
      etaSeconds: 40,
      recorder: null,
    });
    await expect.poll(() => sockets.secretary!.got.some((m) => m.t === 'transcript-progress')).toBe(true);
    await expect.poll(() => sockets.chair!.got.some((m) => m.t === 'transcript-progress')).toBe(true);
    await new Promise((ok) => setTimeout(ok, 200));
    expect(sockets.delegate!.got.some((m) => m.t === 'transcript')).toBe(false);
    expect(sockets.delegate!.got.some((m) => m.t === 'transcript-progress')).toBe(false);
    for (const s of Object.values(sockets)) s.ws.close();

    const read = await r.app.inject({
      method: 'GET',
      url: `/api/meetings/${mid}/transcript`,
      headers: (await login(r.app, 'secretary')).headers,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().lines.map((l: { text: string }) => l.text)).toEqual([
      'Tôi đề nghị thông qua dự toán.',
    ]);
    const denied = await r.app.inject({
      method: 'GET',
      url: `/api/meetings/${mid}/transcript`,
      headers: (await login(r.app, 'delegate')).headers,
    });
    expect(denied.statusCode).toBe(403);
    expect(r.log.search({ types: ['transcript.read'], limit: 5 })[0]).toMatchObject({
      actor: `person:${id.secretary}`,
      payload: { meeting: mid, lines: 1 },
    });
  });
});

describe('a secret meeting is never recorded (R-MTG-4)', () => {
  it('no recording starts, and the chair cannot start one', async () => {
    const { r, call, mid } = await meetingInProgress(true);
    await expect.poll(() => r.room.state.meeting?.id).toBe(mid);
    expect(r.room.view.recording.status).toBe('off');
    const refused = await call('chair', 'POST', '/api/recording/resume');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('E_SECRET_MEETING');
    expect(r.log.search({ types: ['recording.'], limit: 5 })).toEqual([]);
  });
});
