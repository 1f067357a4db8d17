// The room with conference hardware, as a process (issue 3): a Shure DCS simulator on loopback TCP
// is the room's conference system; a second "unit" accepts the connection and never says a word; a
// third address refuses. The hardware buttons, the MQTT seat units and the chair console must be one
// floor, hardware keypads must feed the room's vote, and the dead devices must block nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShureSimulatorTcp } from '../../bridge/src/drivers/shure-dcs/simulator.ts';
import { freePort } from '../../bridge/test/helpers/brokers.ts';
import { connectUnit, type FakeUnit } from '../../bridge/test/helpers/fake-unit.ts';
import { until } from '../../bridge/test/helpers/wait.ts';
import { type ApplianceProcess, api, startAppliance } from './helpers/appliance-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const unitId = (seat: number) => `demo-${String(seat).padStart(2, '0')}`;
const isState = (seat: number, pred: (s: any) => boolean) => (m: { topic: string; payload: string }) =>
  m.topic === `ecab/v1/demo/unit/${unitId(seat)}/state` && pred(JSON.parse(m.payload));
const isDisplay = (pred: (d: any) => boolean) => (m: { topic: string; payload: string }) =>
  m.topic === 'ecab/v1/demo/display' && pred(JSON.parse(m.payload));

/** Through a real process and a broker: a little more time than in-process. */
const wait = (what: string, check: () => boolean | Promise<boolean>) => until(what, check, 5000, 20);

describe('a room with a conference system (issue 3)', () => {
  const dir = tempDir('room-devices-e2e-');
  let app: ApplianceProcess;
  let dcs: Awaited<ReturnType<typeof startShureSimulatorTcp>>;
  let deaf: Server;
  const deafSockets: Socket[] = [];
  const units: FakeUnit[] = [];

  beforeAll(async () => {
    dcs = await startShureSimulatorTcp({
      seats: [
        { seat: 1, name: 'Chủ tọa', chair: true },
        ...[2, 3, 4, 5, 6].map((seat) => ({ seat, name: `Đại biểu ${seat}` })),
      ],
      mode: 'fifo',
    });
    // Accepts and reads, never answers: a unit whose transmit side is dead.
    deaf = createServer((s) => {
      deafSockets.push(s);
      s.resume();
    });
    await new Promise<void>((r) => deaf.listen(0, '127.0.0.1', r));
    const deafPort = (deaf.address() as { port: number }).port;
    const refused = await freePort();
    const devices = join(dir.path, 'devices');
    mkdirSync(devices, { recursive: true });
    const put = (id: string, transport: string, options: object = {}) =>
      writeFileSync(
        join(devices, `${id}.json`),
        JSON.stringify({ id, driver: 'shure-dcs', transport, options }),
      );
    put('dcs', `tcp://127.0.0.1:${dcs.port}`, { verifyMs: 200, voting: { configuration: 1 } });
    put('deaf', `tcp://127.0.0.1:${deafPort}`, { verifyMs: 100 });
    put('gone', `tcp://127.0.0.1:${refused}`);
    app = await startAppliance(dir.path);
  }, 60_000);
  afterAll(async () => {
    for (const u of units) await u.end().catch(() => {});
    await app?.stop();
    await dcs?.close();
    for (const s of deafSockets) s.destroy();
    await new Promise((r) => deaf?.close(r));
    dir.cleanup();
  });

  const unit = async (seat: number) => {
    const u = await connectUnit(app.mqttUrl, 'demo', unitId(seat), unitId(seat));
    units.push(u);
    return u;
  };

  it('reports each device: the live one ok, the deaf one a protocol error, the absent one a connection failure', async () => {
    const statuses = async () => {
      const h = (await api(app.base, null, 'GET', '/health')).body as {
        devices: { id: string; status: string }[];
      };
      return Object.fromEntries(h.devices.map((d) => [d.id, d.status]));
    };
    await wait('statuses', async () => {
      const s = await statuses();
      return s.dcs === 'ok' && s.deaf === 'protocol_error' && s.gone === 'connection_failure';
    });
  });

  it('a hardware button and the chair console are one floor, and the seat units follow', async () => {
    const u3 = await unit(3);
    await u3.waitFor(isState(3, (s) => s.mic === 'off'));
    // The room's mode (request) is pushed to the unit: a press at the unit is a request, in the room too.
    await wait('unit in manual mode', () => dcs.sim.state.mode === 'manual');
    dcs.sim.pressButton(3);
    await u3.waitFor(isState(3, (s) => s.mic === 'requesting'));
    await u3.waitFor(isDisplay((d) => d.requests.includes(3)));
    const grant = await api(app.base, app.chairKey(), 'POST', '/api/floor/grant', { seat: 3 });
    expect(grant.status).toBe(200);
    await wait('mic 3 on at the unit', () => dcs.sim.state.on.includes(3));
    await u3.waitFor(isState(3, (s) => s.mic === 'on'));
    // The delegate closes the mic at the hardware: the room ends the speech.
    dcs.sim.pressButton(3);
    await u3.waitFor(isState(3, (s) => s.mic === 'off'));
    expect(dcs.sim.state.on).toEqual([]);
  });

  it('the dead devices never slow a seat unit: key press → state stays fast', async () => {
    const u9 = await unit(9);
    await u9.waitFor(isState(9, (s) => s.mic === 'off'));
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await u9.press('speak');
      await u9.waitFor(isState(9, (s) => s.mic === (i % 2 === 0 ? 'requesting' : 'off')));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    // Generous for a shared 2-core machine; a blocked room would be seconds.
    expect(times[5]!).toBeLessThan(250);
  });

  it('hardware keypads feed the room vote; keypad seats cannot also vote on a tablet', async () => {
    const chair = app.chairKey();
    const open = await api(app.base, chair, 'POST', '/api/votes', { title: 'Thông qua chương trình' });
    expect(open.status).toBe(200);
    await wait('hardware voting', () => dcs.sim.state.voting?.config === 1);
    const tablet = await api(app.base, app.seatKey(2), 'POST', '/api/seats/2/ballot', { choice: 'yes' });
    expect(tablet.status).toBe(409);
    expect(tablet.body.error.code).toBe('E_USE_KEYPAD');
    // Seat 10 has no keypad: it votes through the room.
    expect(
      (await api(app.base, app.seatKey(10), 'POST', '/api/seats/10/ballot', { choice: 'no' })).status,
    ).toBe(200);
    dcs.sim.castVote(2, 1); // Yes
    dcs.sim.castVote(3, 1); // Yes
    dcs.sim.castVote(4, 2); // Abstain
    await wait('interim counts in the room', async () => {
      const v = (await api(app.base, null, 'GET', '/api/room')).body.vote;
      return v.counts.yes === 2 && v.counts.no === 1 && v.counts.abstain === 1;
    });
    dcs.sim.castVote(5, 3); // No, just before the close
    expect((await api(app.base, chair, 'POST', '/api/votes/close', {})).status).toBe(200);
    await wait('final counts', async () => {
      const v = (await api(app.base, null, 'GET', '/api/room')).body.vote;
      return v.state === 'closed' && v.counts.no === 2;
    });
    const v = (await api(app.base, null, 'GET', '/api/room')).body.vote;
    // 60 seats entitled: 1 tablet ballot + 4 keypad votes.
    expect(v.counts).toEqual({ yes: 2, no: 2, abstain: 1, not_voted: 55 });
    expect(dcs.sim.state.voting).toBeNull();
  });
});
