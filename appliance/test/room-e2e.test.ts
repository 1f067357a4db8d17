// The whole room as a process: seat units over MQTT, the chair console over HTTP, the dashboard
// feed over WebSocket, and a power cut in the middle of a vote (R-ROOM-2, R-VOTE-1, R-VOTE-6,
// R-ATT-2, R-HW-2).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectUnit, type FakeUnit } from '../../bridge/test/helpers/fake-unit.ts';
import { type ApplianceProcess, api, startAppliance } from './helpers/appliance-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const unitId = (seat: number) => `demo-${String(seat).padStart(2, '0')}`;
const connectSeat = (app: ApplianceProcess, seat: number) =>
  connectUnit(app.mqttUrl, 'demo', unitId(seat), unitId(seat)); // demo only: password = unit id

const stateOf = (m: { payload: string }) => JSON.parse(m.payload);
const isState = (seat: number, pred: (s: any) => boolean) => (m: { topic: string; payload: string }) =>
  m.topic === `ecab/v1/demo/unit/${unitId(seat)}/state` && pred(stateOf(m));
const isDisplay = (pred: (d: any) => boolean) => (m: { topic: string; payload: string }) =>
  m.topic === 'ecab/v1/demo/display' && pred(stateOf(m));

describe('the demo room end to end', () => {
  const dir = tempDir('room-e2e-');
  let app: ApplianceProcess;
  const units = new Map<number, FakeUnit>();

  beforeAll(async () => {
    app = await startAppliance(dir.path);
  });
  afterAll(async () => {
    for (const u of units.values()) await u.end().catch(() => {});
    await app?.stop();
    dir.cleanup();
  });
  const unit = async (seat: number) => {
    let u = units.get(seat);
    if (!u) {
      u = await connectSeat(app, seat);
      units.set(seat, u);
    }
    return u;
  };

  it('answers health, the OpenAPI document and the docs page', async () => {
    expect((await api(app.base, null, 'GET', '/health')).body).toMatchObject({ status: 'ok', room: 'demo' });
    const doc = (await api(app.base, null, 'GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/floor/grant', '/api/votes', '/api/seats/{seat}/speak']),
    );
    const docs = await fetch(`${app.base}/docs/`, { redirect: 'follow' });
    expect(docs.status).toBe(200);
  });

  it('a speak key makes a request the chair grants; the unit and the display follow', async () => {
    const u5 = await unit(5);
    await u5.waitFor(isState(5, (s) => s.mic === 'off' && s.name === 'Đại biểu 5'));
    u5.received.length = 0;
    await u5.press('speak');
    await u5.waitFor(isState(5, (s) => s.mic === 'requesting'));
    await u5.waitFor(isDisplay((d) => d.requests.includes(5)));
    const r = await api(app.base, app.chairKey(), 'POST', '/api/floor/grant', { seat: 5 });
    expect(r).toMatchObject({ status: 200, body: { ok: true, events: ['floor.granted'] } });
    await u5.waitFor(isState(5, (s) => s.mic === 'on'));
    await u5.waitFor(isDisplay((d) => d.speakers.includes(5) && !d.requests.includes(5)));
    // The delegate ends their own speech with the same key.
    await u5.press('speak');
    await u5.waitFor(isState(5, (s) => s.mic === 'off'));
  });

  it('the chair unit starts and closes a quick vote; one ballot per seat; not-voted counted', async () => {
    const chair = await unit(1);
    const [u2, u3] = [await unit(2), await unit(3)];
    chair.received.length = 0;
    await chair.press('vote');
    await chair.waitFor(isDisplay((d) => d.vote?.state === 'open'));
    await u2.waitFor(isState(2, (s) => s.vote?.open === true && s.vote.choice === null));
    await u2.press('yes');
    await u2.waitFor(isState(2, (s) => s.vote?.choice === 'yes'));
    await u2.press('no'); // no change after casting
    await u3.press('abstain');
    await chair.press('yes'); // the chair votes too
    await chair.waitFor(isDisplay((d) => d.vote?.counts.not_voted === 57));
    u2.received.length = 0;
    await chair.press('vote');
    const closed = await chair.waitFor(isDisplay((d) => d.vote?.state === 'closed'));
    expect(stateOf(closed).vote.counts).toEqual({ yes: 2, no: 0, abstain: 1, not_voted: 57 });
    await u2.waitFor(isState(2, (s) => s.vote === null));
  });

  it('present keys and the tablet mark seats present', async () => {
    const u7 = await unit(7);
    await u7.press('present');
    await u7.waitFor(isState(7, (s) => s.present === true));
    const r = await api(app.base, app.seatKey(8), 'POST', '/api/seats/8/present', {});
    expect(r.status).toBe(200);
    await u7.waitFor(isDisplay((d) => d.present === 2 && d.expected === 60));
  });

  it('the WebSocket sends a snapshot, then deltas; a seat key adds the seat state', async () => {
    const ws = new WebSocket(`${app.base.replace('http', 'ws')}/ws`);
    const msgs: any[] = [];
    ws.on('message', (d) => msgs.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    await expect.poll(() => msgs.length).toBeGreaterThan(0);
    expect(msgs[0]).toMatchObject({ t: 'snapshot', principal: { role: 'public' }, seat: null });
    expect(msgs[0].view.seats).toHaveLength(60);
    ws.send(JSON.stringify({ t: 'auth', key: app.seatKey(9) }));
    await expect
      .poll(() => msgs.find((m) => m.t === 'snapshot' && m.principal.role === 'delegate'))
      .toBeTruthy();
    await api(app.base, app.seatKey(9), 'POST', '/api/seats/9/speak', {});
    await expect
      .poll(() =>
        msgs.find((m) => m.t === 'view' && m.changes.floor?.requests.some((r: any) => r.seat === 9)),
      )
      .toBeTruthy();
    await expect.poll(() => msgs.find((m) => m.t === 'seat' && m.state.mic === 'requesting')).toBeTruthy();
    ws.send(JSON.stringify({ t: 'auth', key: 'delegate-9.forged' }));
    await expect.poll(() => msgs.find((m) => m.t === 'error' && m.code === 'E_BAD_KEY')).toBeTruthy();
    ws.close();
  });
});

describe('a power cut in the middle of a vote', () => {
  const dir = tempDir('room-crash-');
  let app: ApplianceProcess;
  const units: FakeUnit[] = [];

  afterAll(async () => {
    for (const u of units) await u.end().catch(() => {});
    await app?.stop();
    dir.cleanup();
  });

  it('loses no acknowledged ballot and rebuilds the room from the log', async () => {
    app = await startAppliance(dir.path);
    const ports = { http: Number(new URL(app.base).port), mqtt: Number(new URL(app.mqttUrl).port) };
    const open = await api(app.base, app.chairKey(), 'POST', '/api/votes', {
      title: 'Thông qua chương trình',
    });
    expect(open.status).toBe(200);
    const choices = ['yes', 'no', 'abstain'] as const;
    const voters = Array.from({ length: 30 }, (_, i) => i + 2);
    for (const seat of voters) units.push(await connectSeat(app, seat));
    // Everyone votes at once; a ballot counts as acknowledged when the unit's state shows it.
    await Promise.all(units.map((u, i) => u.press(choices[i % 3]!)));
    await Promise.all(
      units.map((u, i) => u.waitFor(isState(voters[i]!, (s) => s.vote?.choice === choices[i % 3]))),
    );
    // Also a floor request, to see the floor come back too.
    await units[0]!.press('speak');
    await units[0]!.waitFor(isState(2, (s) => s.mic === 'requesting'));

    await app.kill();
    for (const u of units.splice(0)) await u.end().catch(() => {});
    app = await startAppliance(dir.path, ports);

    expect((await api(app.base, null, 'GET', '/health')).body.eventLog.chainAtStart).toBe('ok');
    const view = (await api(app.base, null, 'GET', '/api/room')).body;
    expect(view.vote).toMatchObject({
      title: 'Thông qua chương trình',
      state: 'open',
      counts: { yes: 10, no: 10, abstain: 10, not_voted: 30 },
    });
    expect(view.floor.requests.map((r: any) => r.seat)).toEqual([2]);
    // Units get their state back without user action (retained, republished at start).
    const u2 = await connectSeat(app, 2);
    units.push(u2);
    await u2.waitFor(isState(2, (s) => s.vote?.choice === 'yes' && s.mic === 'requesting'));
    // The restart did not reopen the ballot box for those who voted.
    await u2.press('no');
    const close = await api(app.base, app.chairKey(), 'POST', '/api/votes/close', {});
    expect(close.status).toBe(200);
    const after = (await api(app.base, null, 'GET', '/api/room')).body;
    expect(after.vote.counts).toEqual({ yes: 10, no: 10, abstain: 10, not_voted: 30 });
  }, 60_000);

  it('a secret vote survives too, without keeping who chose what', async () => {
    const open = await api(app.base, app.chairKey(), 'POST', '/api/votes', { secret: true });
    expect(open.status).toBe(200);
    const voters = [3, 4, 5, 6];
    const mine: FakeUnit[] = [];
    for (const seat of voters) mine.push(await connectSeat(app, seat));
    units.push(...mine);
    await Promise.all(mine.map((u, i) => u.press(i === 0 ? 'no' : 'yes')));
    await Promise.all(
      mine.map((u, i) =>
        u.waitFor(isState(voters[i]!, (s) => s.vote?.cast === true && s.vote.choice !== null)),
      ),
    );
    const display = await mine[0]!.waitFor(isDisplay((d) => d.vote?.counts.cast === 4));
    expect(stateOf(display).vote.counts).toEqual({ cast: 4 });

    const ports = { http: Number(new URL(app.base).port), mqtt: Number(new URL(app.mqttUrl).port) };
    await app.kill();
    for (const u of units.splice(0)) await u.end().catch(() => {});
    app = await startAppliance(dir.path, ports);
    const u3 = await connectSeat(app, 3);
    units.push(u3);
    // After the restart nobody, not even the appliance, knows seat 3's choice; it knows seat 3 voted.
    await u3.waitFor(
      isState(3, (s) => s.vote?.cast === true && s.vote.choice === null && s.vote.secret === true),
    );
    await api(app.base, app.chairKey(), 'POST', '/api/votes/close', {});
    const after = (await api(app.base, null, 'GET', '/api/room')).body;
    expect(after.vote.counts).toEqual({ yes: 3, no: 1, abstain: 0, not_voted: 56 });
  }, 60_000);
});

describe('an event log changed behind the appliance’s back', () => {
  const dir = tempDir('room-tamper-');
  let app: ApplianceProcess;
  afterAll(async () => {
    await app?.stop();
    dir.cleanup();
  });

  it('is reported on /health at the next start, and the room still runs', async () => {
    app = await startAppliance(dir.path);
    const ports = app.ports;
    await api(app.base, app.chairKey(), 'POST', '/api/votes', {});
    await api(app.base, app.seatKey(4), 'POST', '/api/seats/4/ballot', { choice: 'no' });
    await app.stop();
    const db = new Database(join(dir.path, 'room.sqlite'));
    // The first start logged other facts before the vote (the first administrator, the demo's
    // people and meeting): the ballot's sequence number is read, not assumed.
    const { seq } = db.prepare(`SELECT seq FROM events WHERE type = 'vote.ballot'`).get() as { seq: number };
    expect(db.prepare(`SELECT type FROM events WHERE seq = 1`).get()).toEqual({
      type: 'account.bootstrapped',
    });
    db.prepare(
      `UPDATE events SET payload = replace(payload, '"no"', '"yes"') WHERE type = 'vote.ballot'`,
    ).run();
    db.close();
    app = await startAppliance(dir.path, ports);
    const health = (await api(app.base, null, 'GET', '/health')).body;
    // The first event that no longer matches its hash is the edited ballot, not anything before it.
    expect(health.eventLog.chainAtStart).toMatch(new RegExp(`^broken at seq ${seq}: hash does not match`));
    expect((await api(app.base, app.seatKey(5), 'POST', '/api/seats/5/speak', {})).status).toBe(200);
  }, 60_000);
});
