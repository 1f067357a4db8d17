// The technician's API (issue 3, "Device instances and the technician") through HTTP and the
// WebSocket, with a real Shure DCS simulator on loopback TCP as the device and a real SQLite file.
// The technician is a person with the technician role who logs in (issue 4).
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startShureSimulatorTcp } from '../../../bridge/src/drivers/shure-dcs/simulator.ts';
import { prng } from '../../../bridge/test/helpers/prng.ts';
import { until } from '../../../bridge/test/helpers/wait.ts';
import { inProcessRoom } from '../helpers/in-process-room.ts';
import { addPerson, type LoggedIn, login } from '../helpers/people.ts';

describe('device routes', () => {
  let room: Awaited<ReturnType<typeof inProcessRoom>>;
  let tcp: Awaited<ReturnType<typeof startShureSimulatorTcp>>;
  let tech: Record<string, string>;
  let techSession: LoggedIn;
  let techId: string;
  let plain: LoggedIn;
  let chair: Record<string, string>;

  beforeAll(async () => {
    room = await inProcessRoom(6);
    tcp = await startShureSimulatorTcp({ seats: 6, mode: 'manual' });
    const unit = room.people.directory.createUnit({ name: 'Văn phòng UBND tỉnh' });
    techId = (await addPerson(room.people, 'ky.thuat', { unitId: unit.id, roles: ['technician'] })).id;
    await addPerson(room.people, 'dai.bieu', { unitId: unit.id });
    techSession = await login(room.app, 'ky.thuat');
    plain = await login(room.app, 'dai.bieu');
    // The session cookie, and the CSRF token that state-changing requests carry with it.
    tech = techSession.headers;
    chair = { authorization: `Bearer ${room.keys.keyFor({ role: 'chair', seat: 1 })}` };
  });
  afterAll(async () => {
    await room.close();
    await tcp.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = tech) =>
    room.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('a technician adds a device, watches it come up, and the chair drives it', async () => {
    const instance = { id: 'dcs', driver: 'shure-dcs', transport: `tcp://127.0.0.1:${tcp.port}` };
    const added = await call('POST', '/api/devices', instance);
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ id: 'dcs', title: expect.stringMatching(/Shure/), disabled: false });
    expect(readdirSync(room.devices.dir)).toEqual(['dcs.json']);
    // The written file names its schema, for editors.
    expect(JSON.parse(readFileSync(`${room.devices.dir}/dcs.json`, 'utf8')).$schema).toMatch(
      /schemas\/devices\/shure-dcs\.schema\.json$/,
    );
    await until(
      'ok',
      async () => (await call('GET', '/api/devices/dcs')).json().device.status.status === 'ok',
    );

    // The floor from the chair console reaches the conference system.
    const speak = await call('POST', '/api/seats/1/speak', {}, chair);
    expect(speak.statusCode).toBe(200);
    await until('chair mic on at the unit', () => tcp.sim.state.on.includes(1));
    // A delegate's hardware button comes back as a request on the room's floor.
    tcp.sim.pressButton(4);
    await until('request 4 in the room', () => room.room.view.floor.requests.some((r) => r.seat === 4));

    const traffic = (await call('GET', '/api/devices/dcs/traffic?limit=500')).json() as {
      dir: string;
      text: string;
      hex: string;
    }[];
    expect(traffic.find((t) => t.dir === 'out')!.text).toBe('mic_status\\r');
    expect(traffic.some((t) => t.dir === 'in' && t.text.includes('mic_request_on 4\\r\\n'))).toBe(true);
    expect(traffic[0]!.hex).toMatch(/^[0-9a-f]{2}( [0-9a-f]{2})*$/);
    // A poll asks only for what is new; a cursor from before a restart gets everything again.
    const last = (traffic as unknown as { seq: number }[]).at(-1)!.seq;
    expect((await call('GET', `/api/devices/dcs/traffic?after=${last}`)).json()).toEqual([]);
    tcp.sim.pressButton(5);
    await until(
      'new traffic',
      async () => (await call('GET', `/api/devices/dcs/traffic?after=${last}`)).json().length > 0,
    );
    const fresh = (await call('GET', `/api/devices/dcs/traffic?after=${last}`)).json() as {
      seq: number;
      text: string;
    }[];
    expect(fresh.every((t) => t.seq > last)).toBe(true);
    expect(fresh.map((t) => t.text).join('')).toContain('mic_request_on 5');
    expect(
      (await call('GET', `/api/devices/dcs/traffic?after=${last + 10_000}`)).json().length,
    ).toBeGreaterThan(1);

    const cmd = await call('POST', '/api/devices/dcs/commands', { type: 'refresh' });
    expect(cmd.statusCode).toBe(200);
    expect(cmd.json().result).toMatchObject({ synced: true, requests: [4, 5] });
    const badCmd = await call('POST', '/api/devices/dcs/commands', { type: 'loudspeaker_volume', value: 9 });
    expect(badCmd.statusCode).toBe(400);
    expect(badCmd.json().error.code).toBe('E_BAD_COMMAND');
  });

  it('refuses invalid instances with every reason; nothing is written', async () => {
    const bad = await call('POST', '/api/devices', {
      id: 'cam',
      driver: 'shure-dcs',
      transport: 'udp://10.0.0.1:52381',
      options: { verifyMs: 0, colour: 'red' },
    });
    expect(bad.statusCode).toBe(400);
    const e = bad.json().error;
    expect(e.code).toBe('E_BAD_CONFIG');
    expect(e.details.map((d: { path: string }) => d.path).sort()).toEqual([
      '/options/colour',
      '/options/verifyMs',
      '/transport',
    ]);
    const unknownField = await call('POST', '/api/devices', {
      id: 'x',
      driver: 'shure-dcs',
      transport: 'tcp://a:1',
      extra: 1,
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.code).toBe('E_VALIDATION');
    const dup = await call('POST', '/api/devices', {
      id: 'dcs',
      driver: 'shure-dcs',
      transport: 'tcp://a:1',
    });
    expect(dup.statusCode).toBe(409);
    expect((await call('GET', '/api/devices/nope')).statusCode).toBe(404);
    expect(
      (await call('PUT', '/api/devices/nope', { id: 'nope', driver: 'shure-dcs', transport: 'tcp://a:1' }))
        .statusCode,
    ).toBe(404);
    const renamed = await call('PUT', '/api/devices/dcs', {
      id: 'other',
      driver: 'shure-dcs',
      transport: 'tcp://a:1',
    });
    expect(renamed.statusCode).toBe(400);
    expect(readdirSync(room.devices.dir)).toEqual(['dcs.json']);
  });

  it('technicians get the device list on the WebSocket, live; others never do', async () => {
    const address = await room.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `${address.replace('http', 'ws')}/ws`;
    type Msg = { t: string; devices?: { id: string; status: { status: string; message?: string } }[] };
    /** A socket as a browser opens it: the page's cookie, and its own origin. */
    const open = async (o: { key?: string; cookie?: string; origin?: string } = {}) => {
      const headers: Record<string, string> = { origin: o.origin ?? address };
      if (o.cookie) headers.cookie = o.cookie;
      const ws = new WebSocket(url, { headers });
      const msgs: Msg[] = [];
      ws.on('message', (d) => msgs.push(JSON.parse(String(d))));
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
      await new Promise((r) => ws.once('open', r));
      if (o.key) ws.send(JSON.stringify({ t: 'auth', key: o.key }));
      return { ws, msgs, closed };
    };
    const techWs = await open({ cookie: techSession.cookie });
    const chairWs = await open({ key: room.keys.keyFor({ role: 'chair', seat: 1 }) });
    const personWs = await open({ cookie: plain.cookie });
    // Another site's page cannot ride on the technician's cookie (cross-site WebSocket hijacking).
    const foreign = await open({ cookie: techSession.cookie, origin: 'https://evil.example' });
    expect(await foreign.closed).toBe(4403);
    expect(foreign.msgs).toEqual([]);
    await until('device list', () => techWs.msgs.some((m) => m.t === 'devices'));
    expect(techWs.msgs.find((m) => m.t === 'snapshot')).toMatchObject({
      principal: { role: 'person', person: { id: techId, roles: ['technician'] } },
    });
    expect(techWs.msgs.find((m) => m.t === 'devices')!.devices![0]).toMatchObject({ id: 'dcs' });

    expect((await call('POST', '/api/devices/dcs/disable', {})).json().status).toMatchObject({
      message: 'disabled',
    });
    await until('disabled pushed', () =>
      techWs.msgs.some((m) => m.t === 'devices' && m.devices![0]!.status.message === 'disabled'),
    );
    expect((await call('POST', '/api/devices/dcs/enable', {})).statusCode).toBe(200);
    await until('ok pushed', () => techWs.msgs.at(-1)?.devices?.[0]?.status.status === 'ok');
    expect((await call('POST', '/api/devices/dcs/restart', {})).statusCode).toBe(200);
    expect(chairWs.msgs.some((m) => m.t === 'devices')).toBe(false);
    expect(personWs.msgs.some((m) => m.t === 'snapshot')).toBe(true);
    expect(personWs.msgs.some((m) => m.t === 'devices')).toBe(false);
    techWs.ws.close();
    chairWs.ws.close();
    personWs.ws.close();
  });

  it('every change is in the event log, with who made it', async () => {
    expect((await call('DELETE', '/api/devices/dcs')).statusCode).toBe(200);
    expect(readdirSync(room.devices.dir)).toEqual([]);
    const audit = [...room.log.read()]
      .filter((e) => e.type.startsWith('device.') && !e.type.startsWith('device.alarm'))
      .map((e) => [e.type, e.actor]);
    const who = `person:${techId}`;
    expect(audit).toEqual([
      ['device.added', who],
      ['device.command', who],
      ['device.command', who],
      ['device.disabled', who],
      ['device.enabled', who],
      ['device.restarted', who],
      ['device.removed', who],
    ]);
    const removed = [...room.log.read()].find((e) => e.type === 'device.removed')!;
    expect(removed.payload).toMatchObject({ device: 'dcs', instance: { driver: 'shure-dcs' } });
    expect(room.log.verify().ok).toBe(true);
  });

  it('survives 5 000 malformed technician requests without a 5xx; only valid files are ever written', async () => {
    const rnd = prng(0x1f2e3d4c);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const values = [
      null,
      true,
      -1,
      0,
      3142,
      'x'.repeat(400),
      '',
      'shure-dcs',
      'tcp://127.0.0.1:9',
      'serial://x',
      {},
      [],
      { a: 1 },
      '💥',
    ];
    const keys = [
      'id',
      'driver',
      'transport',
      'options',
      'disabled',
      'type',
      'value',
      '$schema',
      '__proto__',
      'seatMap',
    ];
    const routes = [
      ['POST', '/api/devices'],
      ['PUT', '/api/devices/fz'],
      ['POST', '/api/devices/fz/commands'],
      ['POST', '/api/devices/fz/disable'],
      ['POST', '/api/devices/fz/restart'],
      ['GET', '/api/devices/fz/traffic?limit=abc'],
      ['DELETE', '/api/devices/fz'],
    ] as const;
    for (let i = 0; i < 5000; i++) {
      const [method, url] = pick(routes);
      const o: Record<string, unknown> =
        rnd() < 0.5 ? { id: 'fz', driver: 'shure-dcs', transport: 'tcp://127.0.0.1:9' } : {};
      for (let k = Math.floor(rnd() * 3); k > 0; k--) o[pick(keys)] = pick(values);
      const r = await room.app.inject({
        method,
        url: rnd() < 0.2 ? url.replace('fz', pick(['%00', 'A', '..', 'x'.repeat(60)])) : url,
        headers: { ...tech, 'content-type': 'application/json' },
        ...(method === 'GET' || method === 'DELETE'
          ? {}
          : { payload: rnd() < 0.1 ? '{"id":' : JSON.stringify(o) }),
      });
      if (r.statusCode >= 500) throw new Error(`${method} ${url} → ${r.statusCode}: ${r.body}`);
    }
    for (const file of readdirSync(room.devices.dir)) {
      const d = room.devices.view(file.replace(/\.json$/, ''))!;
      expect(d.problems).toEqual([]);
    }
    await room.devices.stop();
  }, 120_000);
});
