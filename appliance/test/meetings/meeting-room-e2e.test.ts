// Issue 4 with the whole appliance as a process: the demo's people and its published meeting, a
// substitute named over HTTP, the chair person starting the meeting, and the real seat unit over
// MQTT showing the substitute's name and the meeting's state, then marking the seat present
// (R-ATT-1, R-ATT-2, R-ROOM-1, R-HW-2).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUnit, type FakeUnit } from '../../../bridge/test/helpers/fake-unit.ts';
import {
  type ApplianceProcess,
  adminSession,
  firstLoginHttp,
  type HttpSession,
  personSession,
  sessionApi,
  startAppliance,
} from '../helpers/appliance-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const stateOf = (m: { payload: string }) => JSON.parse(m.payload);

describe('a meeting in the room, seat units included', () => {
  const dir = tempDir('meeting-room-e2e-');
  let app: ApplianceProcess;
  let unit4: FakeUnit;
  const s: Record<string, HttpSession> = {};
  let meetingId = '';
  let substituteId = '';

  /** The demo's one-time passwords (data/demo-accounts.txt): `username otp  name, title`. */
  const demoAccount = async (username: string) => {
    const line = readFileSync(join(dir.path, 'demo-accounts.txt'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${username} `));
    const otp = line?.split(/\s+/)[1];
    if (!otp) throw new Error(`no demo account ${username}`);
    return firstLoginHttp(app.base, username, otp);
  };

  beforeAll(async () => {
    app = await startAppliance(dir.path);
    s.admin = await adminSession(app.base, dir.path);
    for (const u of ['tochuc', 'chutich', 'daibieu1']) s[u] = await demoAccount(u);
    s.substitute = await personSession(app.base, s.admin!, {
      username: 'du.thay',
      roles: [],
      fullName: 'Phan Văn Dự Thay',
      unitName: 'Sở Nội vụ',
    });
    substituteId = s.substitute.personId;
    unit4 = await connectUnit(app.mqttUrl, 'demo', 'demo-04', 'demo-04'); // demo only: password = unit id
  });
  afterAll(async () => {
    await unit4?.end().catch(() => {});
    await app?.stop();
    dir.cleanup();
  });

  it('the demo meeting is published and seated; the delegate at seat 4 sees it among their meetings', async () => {
    const mine = await sessionApi(app.base, s.daibieu1!, 'GET', '/api/meetings');
    expect(mine.status).toBe(200);
    expect(mine.body).toHaveLength(1);
    meetingId = mine.body[0].id;
    expect(mine.body[0]).toMatchObject({ status: 'published', answersOpen: true });
    expect(mine.body[0].myRoles).toEqual(expect.arrayContaining(['delegate', 'invitee']));
  });

  it('the invitee sends a substitute, who then holds seat 4 and its rights', async () => {
    const r = await sessionApi(app.base, s.daibieu1!, 'PUT', `/api/meetings/${meetingId}/answer`, {
      answer: 'substitute',
      substituteId,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const seen = await sessionApi(app.base, s.tochuc!, 'GET', `/api/meetings/${meetingId}`);
    expect(seen.body.seats.find((x: { seat: number }) => x.seat === 4)).toMatchObject({
      personId: substituteId,
      name: 'Phan Văn Dự Thay',
    });
  });

  it('the chair starts it: the unit at seat 4 shows the substitute and the meeting in progress', async () => {
    unit4.received.length = 0;
    const r = await sessionApi(app.base, s.chutich!, 'POST', `/api/meetings/${meetingId}/start`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const m = await unit4.waitFor(
      (x) =>
        x.topic === 'ecab/v1/demo/unit/demo-04/state' &&
        stateOf(x).name === 'Phan Văn Dự Thay' &&
        stateOf(x).meeting === 'in_progress',
    );
    expect(stateOf(m)).toMatchObject({ seat: 4, present: false });
    await unit4.waitFor(
      (x) => x.topic === 'ecab/v1/demo/display' && stateOf(x).meeting?.state === 'in_progress',
    );
  });

  it('R-ATT-2: the unit’s present key marks the substitute present in the meeting’s roll call', async () => {
    await unit4.press('present');
    await unit4.waitFor((x) => x.topic === 'ecab/v1/demo/unit/demo-04/state' && stateOf(x).present === true);
    const roll = await sessionApi(app.base, s.chutich!, 'GET', `/api/meetings/${meetingId}/attendance`);
    expect(roll.body.find((r: { personId: string }) => r.personId === substituteId)).toMatchObject({
      role: 'substitute',
      seat: 4,
      present: true,
    });
    // The substitute, logged in, acts from seat 4 only; the invitee has given the seat away.
    expect((await sessionApi(app.base, s.substitute!, 'POST', '/api/seats/4/speak', {})).status).toBe(200);
    expect((await sessionApi(app.base, s.daibieu1!, 'POST', '/api/seats/4/speak', {})).status).toBe(403);
  });

  it('ending the meeting puts the unit back to the room’s own label', async () => {
    const r = await sessionApi(app.base, s.chutich!, 'POST', `/api/meetings/${meetingId}/end`, {});
    expect(r.status).toBe(200);
    await unit4.waitFor(
      (x) =>
        x.topic === 'ecab/v1/demo/unit/demo-04/state' &&
        stateOf(x).meeting === 'none' &&
        stateOf(x).name === 'Đại biểu 4',
    );
  });
});
