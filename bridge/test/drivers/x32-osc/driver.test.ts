// X32OscDriver (level 2) against the X32 simulator over real loopback UDP: start-up and details,
// the floor → strips mapping, technician commands, configuration errors, and the definition's
// schemas. Faults are in driver-faults.test.ts.
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../src/contract/device.ts';
import {
  X32OscCommandSchema,
  type X32OscOptions,
  X32OscOptionsSchema,
  x32OscDriver,
} from '../../../src/drivers/x32-osc/definition.ts';
import { X32_DEFAULTS, X32OscDriver } from '../../../src/drivers/x32-osc/driver.ts';
import {
  floorOf,
  identity,
  onChannels,
  onCleanup,
  setup,
  sleep,
  startDriver,
  startSim,
  toAddress,
  until,
} from './helpers.ts';

const TEST_MS = 10_000;

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof BridgeError ? err.code : `not a BridgeError: ${String(err)}`;
  }
  return 'resolved';
}

describe('X32OscDriver start-up', () => {
  it('is ok only once the mixer answered /xinfo; details come from the reply', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, received } = await startSim({ name: 'X32-02-4A-53', model: 'M32', version: '4.11' });
    sim.setName(3, 'Chair');
    const { driver, kinds } = startDriver(sim.port, { channels: identity(4) });
    await until('ok', () => driver.status.status === 'ok');
    // connecting (link opening) → connecting (socket open, waiting for /xinfo) → ok
    expect(kinds()).toEqual(['connecting', 'connecting', 'ok']);
    expect(received[0]?.address).toBe('/xinfo');
    expect(received[0]?.tags).toBe(''); // OSC 1.0 form: "," with no tags
    await until('names read', () => (driver.details().strips as { name: string }[])[2]?.name === 'Chair');
    const d = driver.details();
    expect(d).toMatchObject({
      answering: true,
      model: 'M32',
      name: 'X32-02-4A-53',
      firmware: '4.11',
      ip: '127.0.0.1',
    });
    expect((d.strips as unknown[]).length).toBe(4);
    expect(d.strips).toContainEqual({
      channel: 'ch/03',
      seats: [3],
      name: 'Chair',
      on: true,
      fader: null,
      want: null,
      held: null,
    });
    // Subscribed to changes, and every managed strip read before anything is set.
    const addresses = received.map((m) => m.address);
    expect(addresses).toContain('/xremote');
    for (let c = 1; c <= 4; c++) expect(addresses).toContain(`/ch/0${c}/mix/on`);
    expect(received.filter((m) => m.args.length > 0)).toEqual([]); // no set before a floor
    expect(driver.counters()).toMatchObject({ malformed: 0, unknown: 0, reconnects: 0, retries: 0 });
    expect(driver.traffic().length).toBeGreaterThan(0);
  });

  it('a mixer that never answers is connection_failure; it becomes ok when it appears', {
    timeout: TEST_MS,
  }, async () => {
    // A port with nothing behind it: bind, note it, close.
    const { sim } = await startSim();
    await sim.stop();
    const { driver, statuses } = startDriver(sim.port, { channels: identity(2) });
    const waited = await until(
      'connection_failure',
      () => driver.status.status === 'connection_failure',
      2000,
    );
    expect(waited).toBeLessThan(400 + 200); // timeoutMs + scheduling slack
    expect(driver.status.message).toMatch(/no answer to \/xinfo/);
    expect(await code(driver.execute({ type: 'refresh' }))).toBe('E_NOT_CONNECTED');
    // Repeated liveness checks while it stays away report nothing new.
    const before = statuses.length;
    await sleep(900);
    expect(statuses.length).toBe(before);
    await sim.start();
    await until('ok after the mixer appears', () => driver.status.status === 'ok', 1000);
  });

  it('bad options and bad URLs are bad_config, never a throw', async () => {
    const cases: [Partial<X32OscOptions> & Pick<X32OscOptions, 'channels'>, RegExp][] = [
      [{ channels: { '1': 33 as never } }, /not seat → channel/],
      [{ channels: { '0': 1 } }, /not seat → channel/],
      [{ channels: { '1': 'dca/01' as never } }, /not seat → channel/],
      [{ channels: identity(1), timeoutMs: 100, pollMs: 200 }, /timeoutMs must be longer/],
      [{ channels: identity(1), keepaliveMs: 10_000 }, /keepaliveMs must be < 10000/],
      [{ channels: identity(1), openLevel: 2 }, /openLevel/],
    ];
    for (const [options, message] of cases) {
      const driver = new X32OscDriver({
        id: 'm',
        transport: 'udp://127.0.0.1:10023',
        options: options as X32OscOptions,
      });
      driver.start();
      expect(driver.status.status).toBe('bad_config');
      expect(driver.status.message).toMatch(message);
      await driver.stop();
    }
    const { driver } = startDriver(0, { channels: identity(1) }, 'udp://no host here:1');
    await until('bad_config from the URL', () => driver.status.status === 'bad_config', 1000);
  });

  it('stop() ends everything; start() again reconnects', { timeout: TEST_MS }, async () => {
    const { sim, driver, received } = await setup({ channels: identity(2) });
    await driver.stop();
    expect(driver.status.status).toBe('disconnected');
    const count = received.length;
    await sleep(300); // several poll and probe periods
    expect(received.length).toBe(count);
    driver.start();
    await until('ok again', () => driver.status.status === 'ok');
    driver.floor(floorOf([2]));
    await until('floor applied', () => onChannels(sim, 2).join() === '2');
  });
});

describe('X32OscDriver floor', () => {
  it('opens the strips of the speakers, closes the others, never touches unmapped strips', {
    timeout: TEST_MS,
  }, async () => {
    // Seats 1-4 → ch 1-4, seat 5 → aux-in 2, seats 6 and 7 share ch 8. ch 5-7 and everything else: not ours.
    const channels = { ...identity(4), '5': 'auxin/02', '6': 8, '7': 8 } as X32OscOptions['channels'];
    const { sim, driver, received, alarms } = await setup({ channels });
    sim.setChannelOn(6, false); // the engineer's own business
    driver.floor(floorOf([2, 5, 9])); // seat 9 has no strip: ignored
    // ch 5 and 7 are not ours and stay on; ch 6 stays off as the engineer left it.
    await until('floor applied', () => onChannels(sim, 8).join() === '2,5,7' && sim.strip('auxin/02').on);
    expect(sim.strip(8).on).toBe(false);
    driver.floor(floorOf([7])); // a seat sharing ch 8
    await until(
      'shared strip open',
      () => onChannels(sim, 8).join() === '5,7,8' && !sim.strip('auxin/02').on,
    );
    driver.floor(floorOf([6, 7]));
    driver.floor(floorOf([6]));
    await sleep(200);
    expect(onChannels(sim, 8).join()).toBe('5,7,8');
    // Never a datagram for a strip outside the map.
    for (const c of ['05', '06', '07', '09', '32'])
      expect(toAddress(received, `/ch/${c}/mix/on`)).toEqual([]);
    expect(alarms).toEqual([]);
    expect(driver.details().strips).toContainEqual(
      expect.objectContaining({ channel: 'ch/08', seats: [6, 7], on: true, want: { on: true } }),
    );
  });

  it('priority: the priority chair is open, delegates closed, other chairs keep their floor', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver } = await setup({ channels: identity(5) });
    driver.floor(floorOf([1, 2, 3, 4], { chairSeats: [1, 2] }));
    await until('four open', () => onChannels(sim, 5).join() === '1,2,3,4');
    driver.floor(floorOf([1, 2, 3, 4], { chairSeats: [1, 2], priority: 1 }));
    await until('delegates closed', () => onChannels(sim, 5).join() === '1,2');
    driver.floor(floorOf([2, 3], { chairSeats: [1, 2], priority: 1 })); // the priority seat is open even if not listed
    await until('priority seat open', () => onChannels(sim, 5).join() === '1,2');
    driver.floor(floorOf([2, 3], { chairSeats: [1, 2] }));
    await until('priority over', () => onChannels(sim, 5).join() === '2,3');
  });

  it('fader control: open level and closed level, compared within one fader step', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, received, alarms } = await setup({
      channels: identity(3),
      control: 'mute+fader',
      openLevel: 0.8,
      closedLevel: 0.1,
    });
    driver.floor(floorOf([2]));
    await until(
      'levels',
      () => Math.abs(sim.strip(2).fader - 0.8) < 0.001 && Math.abs(sim.strip(1).fader - 0.1) < 0.001,
    );
    expect(onChannels(sim, 3).join()).toBe('2');
    // 0.8 and 0.1 are not fader steps: the mixer rounds, and the driver must not retry forever.
    expect(sim.strip(2).fader).not.toBe(0.8);
    const sets = received.length;
    await sleep(300);
    expect(received.length - sets).toBeLessThan(12); // polls and keepalives only, no retry storm
    expect(driver.counters().retries).toBe(0);
    expect(alarms).toEqual([]);

    // fader only: ON left alone.
    const fader = await setup({ channels: { '1': 10 }, control: 'fader', openLevel: 0.75 });
    fader.sim.setChannelOn(10, false);
    fader.driver.floor(floorOf([1]));
    await until('fader up', () => Math.abs(fader.sim.strip(10).fader - 0.75) < 0.001);
    expect(fader.sim.strip(10).on).toBe(false);
    expect(toAddress(fader.received, '/ch/10/mix/on')).toEqual([]);
  });

  it('a mixer that echoes nothing to the sender, and bare queries: verified by query alone', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, received, alarms } = await setup(
      { channels: identity(3), bareQueries: true },
      { echoToSender: false },
    );
    expect(received.find((m) => m.address === '/xinfo')?.tags).toBeUndefined(); // the address alone
    driver.floor(floorOf([1, 3]));
    await until('applied', () => onChannels(sim, 3).join() === '1,3');
    await until(
      'verified',
      () => (driver.details().strips as { on: boolean }[]).map((s) => s.on).join() === 'true,false,true',
    );
    expect(driver.counters().retries).toBe(0);
    expect(alarms).toEqual([]);
  });

  it('floor() before the mixer answers is applied when it does', { timeout: TEST_MS }, async () => {
    const { sim } = await startSim();
    await sim.stop();
    const { driver } = startDriver(sim.port, { channels: identity(3) });
    driver.floor(floorOf([3]));
    await sim.start();
    await until('applied', () => onChannels(sim, 3).join() === '3');
    expect(driver.status.status).toBe('ok');
  });
});

describe('X32OscDriver technician commands', () => {
  it('rejects bad commands with E_BAD_COMMAND and anything while down with E_NOT_CONNECTED', {
    timeout: TEST_MS,
  }, async () => {
    const driver = new X32OscDriver({ id: 'm', transport: 'udp://127.0.0.1:9', options: { channels: {} } });
    onCleanup(() => driver.stop());
    for (const bad of [
      null,
      {},
      { type: 'reboot' },
      { type: 'channel', channel: 33, on: true },
      { type: 'channel', channel: 'dca/01', on: true },
      { type: 'channel', channel: 1 },
      { type: 'fader', channel: 1, level: 2 },
    ]) {
      expect(await code(driver.execute(bad)), JSON.stringify(bad)).toBe('E_BAD_COMMAND');
    }
    expect(await code(driver.execute({ type: 'channel', channel: 1, on: true }))).toBe('E_NOT_CONNECTED');
    expect(await code(driver.execute({ type: 'identify' }))).toBe('E_NOT_CONNECTED');
  });

  it('channel, fader, identify, refresh', { timeout: TEST_MS }, async () => {
    const { sim, driver, alarms, cleared } = await setup(
      { channels: identity(2) },
      { model: 'X32', version: '4.06' },
    );
    // A strip the room does not manage: set and verified by query.
    expect(await driver.execute({ type: 'channel', channel: 'ch/10', on: false })).toEqual({
      channel: 'ch/10',
      on: false,
    });
    expect(sim.strip(10).on).toBe(false);
    const level = (await driver.execute({ type: 'fader', channel: 'auxin/01', level: 0.5 })) as {
      level: number;
    };
    expect(level.level).toBeCloseTo(0.5, 2);
    expect(await driver.execute({ type: 'identify' })).toMatchObject({ model: 'X32', firmware: '4.06' });

    // On a managed strip, the technician holds it against the floor until refresh.
    driver.floor(floorOf([1]));
    await until('floor', () => onChannels(sim, 2).join() === '1');
    await driver.execute({ type: 'channel', channel: 1, on: false });
    expect(alarms.map((a) => a.key)).toEqual(['hold:ch/01']);
    expect(alarms[0]?.seat).toBe(1);
    await sleep(300);
    expect(sim.strip(1).on).toBe(false);
    expect(await driver.execute({ type: 'refresh' })).toEqual({ channels: 2 });
    expect(cleared).toContain('hold:ch/01');
    await until('floor re-applied after refresh', () => sim.strip(1).on);
  });

  it('a set the mixer never applied is E_REJECTED; no answer at all is E_TIMEOUT', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver } = await setup({ channels: {}, timeoutMs: 5000, pollMs: 2000 });
    sim.dropIncoming(1); // the set is lost, the verifying query is answered with the old value
    expect(await code(driver.execute({ type: 'channel', channel: 12, on: false }))).toBe('E_REJECTED');
    sim.setSilent(true);
    const started = Date.now();
    expect(await code(driver.execute({ type: 'channel', channel: 12, on: false }))).toBe('E_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('x32OscDriver definition', () => {
  const options = Compile(X32OscOptionsSchema);
  const commands = Compile(X32OscCommandSchema);

  it('fills every default from X32_DEFAULTS and accepts what the tests use', () => {
    const filled = options.Default({ channels: { '1': 1 } }) as Record<string, unknown>;
    expect(filled).toEqual({ channels: { '1': 1 }, ...X32_DEFAULTS });
    expect(options.Check(filled)).toBe(true);
    expect(
      options.Check({ channels: { '1': 1, '2': 'auxin/08', '3': 'bus/16' }, pollMs: 100, probeMs: 50 }),
    ).toBe(true);
  });

  it('refuses unknown fields, bad seats, bad strips, out-of-range timings', () => {
    for (const bad of [
      {},
      { channels: { '1': 1 }, colour: 'red' },
      { channels: { abc: 1 } },
      { channels: { '0': 1 } },
      { channels: { '1': 33 } },
      { channels: { '1': 'ch/33' } },
      { channels: { '1': 'auxin/09' } },
      { channels: { '1': 'dca/01' } },
      { channels: { '1': 1 }, keepaliveMs: 10_000 },
      { channels: { '1': 1 }, control: 'solo' },
      { channels: { '1': 1 }, openLevel: 1.2 },
    ]) {
      expect(options.Check(options.Default(structuredClone(bad))), JSON.stringify(bad)).toBe(false);
    }
  });

  it('commands schema', () => {
    for (const ok of [
      { type: 'channel', channel: 5, on: true },
      { type: 'channel', channel: 'auxin/02', on: false },
      { type: 'fader', channel: 'bus/01', level: 0.5 },
      { type: 'refresh' },
      { type: 'identify' },
    ]) {
      expect(commands.Check(ok), JSON.stringify(ok)).toBe(true);
    }
    for (const bad of [
      { type: 'channel', channel: 5 },
      { type: 'channel', channel: 40, on: true },
      { type: 'fader', channel: 1, level: -1 },
      { type: 'refresh', now: true },
      { type: 'reboot' },
    ]) {
      expect(commands.Check(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('describes the driver and creates it', async () => {
    expect(x32OscDriver).toMatchObject({
      id: 'x32-osc',
      transports: ['udp'],
      exampleTransport: 'udp://192.168.1.50:10023',
      traffic: 'hex',
    });
    const driver = x32OscDriver.create(
      { id: 'mixer', transport: 'udp://127.0.0.1:10023', options: { channels: { '1': 1 } } },
      { logger: { info() {}, warn() {}, debug() {} } },
    );
    expect(driver).toBeInstanceOf(X32OscDriver);
    expect(driver.id).toBe('mixer');
    driver.vote({ id: 'v', state: 'open', secret: false }); // no voting hardware: a no-op
    await driver.stop();
  });
});
