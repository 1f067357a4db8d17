// DeviceManager (level 2): instance files in a temp folder, real drivers, the Shure simulator on
// loopback TCP at the other end of the wire. Issue 3, "Device instances and the technician".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeatInput } from '../../src/contract/device.ts';
import type { RoomFloor } from '../../src/contract/driver.ts';
import { DeviceManager } from '../../src/devices/device-manager.ts';
import { startShureSimulatorTcp } from '../../src/drivers/shure-dcs/simulator.ts';
import { onCleanup, until } from '../helpers/wait.ts';

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'room-devices-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  }
  return dir;
}

function manager(dir: string) {
  const m = new DeviceManager({ dir, link: { reconnectDelay: () => 50 } });
  onCleanup(() => m.stop());
  return m;
}

const floor = (f: Partial<RoomFloor>): RoomFloor => ({
  speakers: [],
  requests: [],
  chairSeats: [1],
  priority: null,
  mode: 'request',
  maxOpen: 4,
  ...f,
});

async function simulator(seats = 6) {
  const tcp = await startShureSimulatorTcp({ seats, mode: 'manual' });
  onCleanup(() => tcp.close());
  return tcp;
}

describe('DeviceManager', () => {
  it('a bad file costs that device only: the others start and take the floor', async () => {
    const { port, sim } = await simulator();
    const dir = folder({
      'dcs.json': {
        id: 'dcs',
        driver: 'shure-dcs',
        transport: `tcp://127.0.0.1:${port}`,
        options: { verifyMs: 100 },
      },
      'broken.json': '{ "id": "broken", ',
      'alien.json': { id: 'alien', driver: 'bosch-dicentis', transport: 'tcp://10.0.0.9:31416' },
      'typo.json': {
        id: 'typo',
        driver: 'shure-dcs',
        transport: 'serial://dev/ttyUSB0',
        options: { verifyMs: 5, colour: 'red' },
      },
      'renamed.json': { id: 'other-name', driver: 'shure-dcs', transport: 'tcp://10.0.0.1:3142' },
      'notes.txt': 'not a device',
    });
    const m = manager(dir);
    m.start();
    expect(m.list().map((d) => d.id)).toEqual(['alien', 'broken', 'dcs', 'renamed', 'typo']);
    const byId = (id: string) => m.view(id)!;
    expect(byId('broken').status.status).toBe('bad_config');
    expect(byId('broken').problems[0]).toMatch(/^\/: not JSON/);
    expect(byId('broken').lastError).toBeNull(); // the file's problems are not the device's errors
    expect(byId('alien')).toMatchObject({
      status: { status: 'bad_config' },
      driver: 'bosch-dicentis',
      title: null,
    });
    expect(byId('alien').problems).toEqual([
      expect.stringMatching(/^\/driver: unknown driver "bosch-dicentis"; known: .*shure-dcs/),
    ]);
    expect(byId('typo').problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/transport: .*three slashes/),
        expect.stringMatching(/^\/options.*verifyMs|^\/options\/verifyMs/),
        expect.stringMatching(/^\/options.*colour|additional/i),
      ]),
    );
    expect(byId('renamed').problems).toEqual([expect.stringMatching(/^\/id: must be "renamed"/)]);

    await until('dcs ok', () => byId('dcs').status.status === 'ok');
    m.floor(floor({ speakers: [2], requests: [3] }));
    await until('sim follows', () => sim.state.on.join() === '2' && sim.state.requests.join() === '3');
    expect(byId('dcs')).toMatchObject({
      title: expect.stringMatching(/Shure/),
      traffic: 'lines',
      problems: [],
    });
    expect(byId('dcs').counters.linesOut).toBeGreaterThan(0);
    expect(m.traffic('dcs')!.length).toBeGreaterThan(0);
  });

  it('passes seat inputs on, and a device started later gets the current floor at once', async () => {
    const { port, sim } = await simulator();
    const dir = folder({});
    const m = manager(dir);
    m.start();
    const inputs: SeatInput[] = [];
    m.on('seat.input', (i) => inputs.push(i));
    m.floor(floor({ speakers: [4] }));
    const r = await m.put(
      { id: 'dcs', driver: 'shure-dcs', transport: `tcp://127.0.0.1:${port}`, options: { verifyMs: 100 } },
      'create',
    );
    expect(r.ok).toBe(true);
    await until('mic 4 on', () => sim.state.on.join() === '4');
    sim.pressButton(5);
    await until('press', () => inputs.length === 1);
    expect(inputs[0]).toMatchObject({ seat: 5, key: 'speak', source: 'shure-dcs:dcs' });
  });

  it('the technician adds, edits, disables, restarts and removes a device; bad input is refused', async () => {
    const { port, sim } = await simulator();
    const dir = folder({});
    const m = manager(dir);
    m.start();
    const good = { id: 'dcs', driver: 'shure-dcs', transport: `tcp://127.0.0.1:${port}` };

    const bad = await m.put({ ...good, options: { maxRetries: -1 } }, 'create');
    expect(bad).toMatchObject({ ok: false, problems: [expect.stringMatching(/^\/options\/maxRetries/)] });
    expect(m.list()).toEqual([]);
    expect(await m.put({ ...good, colour: 'red' }, 'create')).toMatchObject({ ok: false });
    expect(await m.put(good, 'replace')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/no device/)],
    });

    expect((await m.put(good, 'create')).ok).toBe(true);
    expect(await m.put(good, 'create')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/exists/)],
    });
    const file = JSON.parse(readFileSync(join(dir, 'dcs.json'), 'utf8'));
    expect(file).toEqual(good);
    await until('ok', () => m.view('dcs')!.status.status === 'ok');

    // Edit: a seat map; the device restarts with it.
    const edited = await m.put({ ...good, options: { seatMap: { '1': 21, '2': 22 } } }, 'replace', 'dcs');
    expect(edited.ok).toBe(true);
    await until('ok after edit', () => m.view('dcs')!.status.status === 'ok');
    m.floor(floor({ speakers: [22] }));
    await until('conference seat 2 on', () => sim.state.on.join() === '2');
    expect(m.view('dcs')!.options).toEqual({ seatMap: { '1': 21, '2': 22 } });

    // Disable: the driver stops and lets go of the unit; enable brings it back.
    await m.setDisabled('dcs', true);
    expect(m.view('dcs')!.status).toMatchObject({ status: 'disconnected', message: 'disabled' });
    expect(m.view('dcs')!.disabled).toBe(true);
    expect(m.view('dcs')!.lastError).toBeNull(); // being disabled is not an error of the device
    await until('sim released', () => sim.clientCount === 0);
    expect(JSON.parse(readFileSync(join(dir, 'dcs.json'), 'utf8')).disabled).toBe(true);
    await m.setDisabled('dcs', false);
    await until('ok again', () => m.view('dcs')!.status.status === 'ok');

    // Restart re-reads the file as it is on disk now (edited by hand here).
    writeFileSync(join(dir, 'dcs.json'), JSON.stringify({ ...good, options: { verifyMs: 3 } }));
    await m.restart('dcs');
    expect(m.view('dcs')!.status.status).toBe('bad_config');
    writeFileSync(join(dir, 'dcs.json'), JSON.stringify(good));
    await m.restart('dcs');
    await until('ok after restart', () => m.view('dcs')!.status.status === 'ok');

    // Commands are checked against the driver's command schema before the driver sees them.
    await expect(m.execute('dcs', { type: 'loudspeaker_volume', value: 3 })).rejects.toMatchObject({
      code: 'E_BAD_COMMAND',
    });
    await expect(m.execute('dcs', { type: 'refresh' })).resolves.toMatchObject({ synced: true });

    expect(await m.remove('dcs')).toBe(true);
    expect(m.list()).toEqual([]);
    expect(() => readFileSync(join(dir, 'dcs.json'))).toThrow();
  });

  it('a folder that cannot be written refuses the change as storage, and keeps the device as it was', async () => {
    const dir = folder({ 'not-a-folder': 'x' });
    const m = manager(join(dir, 'not-a-folder', 'devices')); // mkdir fails: ENOTDIR, even for root
    m.start(); // does not throw: the room starts without its devices
    expect(m.folderError).toMatch(/ENOTDIR/);
    const r = await m.put({ id: 'dcs', driver: 'shure-dcs', transport: 'tcp://127.0.0.1:9' }, 'create');
    expect(r).toMatchObject({
      ok: false,
      reason: 'storage',
      problems: [expect.stringMatching(/cannot be written/)],
    });
    expect(m.list()).toEqual([]);
    expect(
      await m.put({ id: 'dcs', driver: 'nope', transport: 'tcp://127.0.0.1:9' }, 'create'),
    ).toMatchObject({
      reason: 'invalid',
    });
  });

  it('a missing folder is an empty room', () => {
    const m = manager(join(tmpdir(), 'room-devices-does-not-exist'));
    m.start();
    expect(m.list()).toEqual([]);
  });
});
