// The seat-unit driver against real brokers and fake units on the other side of the wire
// (seat-unit-mqtt.md; R-HW-2): mapping, de-duplication, malformed input, retained state, reconnect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeatInput } from '../src/contract/device.ts';
import type { UnitState } from '../src/contract/seat-unit.ts';
import { SeatUnitDriver } from '../src/drivers/seat-unit-mqtt/seat-unit-driver.ts';
import { bothBrokers, SERVICE, type TestBroker, unitSecrets } from './helpers/brokers.ts';
import { connectUnit, type FakeUnit } from './helpers/fake-unit.ts';

const ROOM = 'drv';
const secrets = unitSecrets(['u1', 'u2', 'stray']);
const units = new Map([
  ['u1', 1],
  ['u2', 2],
]);

const state = (seat: number, mic: UnitState['mic']): UnitState => ({
  seat,
  name: `Seat ${seat}`,
  mic,
  vote: null,
  present: false,
  meeting: 'none',
});

describe.each(bothBrokers(ROOM, secrets))('%s', (_name, start, skip) => {
  let broker: TestBroker;
  let driver: SeatUnitDriver;
  let u1: FakeUnit;
  const inputs: SeatInput[] = [];
  const statuses: string[] = [];

  beforeAll(async () => {
    if (skip) return;
    broker = await start();
    driver = new SeatUnitDriver({ url: broker.url, ...SERVICE, room: ROOM, units, keyRate: 20 });
    driver.on('seat.input', (i) => inputs.push(i));
    driver.on('device.status', (s) => statuses.push(s));
    const connected = new Promise<void>((r) => driver.once('connected', () => r()));
    driver.start();
    await connected;
    u1 = await connectUnit(broker.url, ROOM, 'u1', secrets.u1!);
  });
  afterAll(async () => {
    if (skip) return;
    await u1?.end();
    await driver?.stop();
    await broker?.stop();
  });

  it.skipIf(skip)('maps a key press to the seat of the unit, once per (unit, seq)', async () => {
    inputs.length = 0;
    await u1.client.publishAsync(`ecab/v1/${ROOM}/unit/u1/key`, '{"key":"speak","seq":41}', { qos: 1 });
    await u1.client.publishAsync(`ecab/v1/${ROOM}/unit/u1/key`, '{"key":"speak","seq":41}', { qos: 1 });
    await u1.client.publishAsync(`ecab/v1/${ROOM}/unit/u1/key`, '{"key":"yes","action":"press","seq":42}', {
      qos: 1,
    });
    await expect.poll(() => inputs.length).toBe(2);
    expect(inputs.map((i) => [i.seat, i.key, i.action, i.source])).toEqual([
      [1, 'speak', 'press', 'unit:u1'],
      [1, 'yes', 'press', 'unit:u1'],
    ]);
    expect(driver.counters.duplicates).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(skip)('drops and counts malformed input, and keeps working', async () => {
    inputs.length = 0;
    const before = driver.counters.malformed;
    const bad = [
      'not json',
      '{"key":"launch","seq":1}',
      '{"key":"speak"}',
      '{"key":"speak","seq":-1}',
      '{"key":"speak","seq":2147483648}',
      '[]',
      'null',
      JSON.stringify({ key: 'speak', seq: 1, pad: 'x'.repeat(5000) }),
    ];
    for (const b of bad) await u1.publishRaw('key', b);
    await u1.publishRaw('hello', '{"model":42}');
    await u1.publishRaw('status', '"sleeping"');
    await u1.publishRaw('key', Buffer.from([0xff, 0xfe, 0x00]));
    await u1.press('present');
    await expect.poll(() => inputs.length).toBe(1);
    expect(inputs[0]).toMatchObject({ seat: 1, key: 'present' });
    expect(driver.counters.malformed - before).toBe(bad.length + 3);
  });

  it.skipIf(skip)('ignores keys from a unit that is not in the seat plan, but shows it', async () => {
    inputs.length = 0;
    const stray = await connectUnit(broker.url, ROOM, 'stray', secrets.stray!);
    await stray.publishRaw('hello', JSON.stringify({ model: 'esp32-seat', fw: '1.0.0', keys: ['speak'] }));
    await stray.press('speak');
    await expect.poll(() => driver.counters.unassigned).toBeGreaterThanOrEqual(1);
    expect(inputs).toEqual([]);
    expect(driver.units().find((u) => u.unit === 'stray')).toMatchObject({
      seat: null,
      online: true,
      model: 'esp32-seat',
    });
    await stray.end();
  });

  it.skipIf(skip)('tracks online and offline from status and the last will', async () => {
    const u2 = await connectUnit(broker.url, ROOM, 'u2', secrets.u2!);
    await u2.publishRaw('status', '"online"');
    await expect.poll(() => driver.units().find((u) => u.unit === 'u2')?.online).toBe(true);
    u2.client.stream.destroy(); // cable pulled: the broker publishes the will
    await expect
      .poll(() => driver.units().find((u) => u.unit === 'u2')?.online, { timeout: 5000 })
      .toBe(false);
    await u2.end();
  });

  it.skipIf(skip)('publishes retained state that a unit gets when it (re)connects', async () => {
    await driver.publishState(2, state(2, 'requesting'));
    const u2 = await connectUnit(broker.url, ROOM, 'u2', secrets.u2!);
    const m = await u2.waitFor((x) => x.topic.endsWith('/u2/state'));
    expect(JSON.parse(m.payload)).toEqual(state(2, 'requesting'));
    await u2.end();
  });

  it.skipIf(skip)('rate-limits a flooding unit without affecting others', async () => {
    inputs.length = 0;
    const before = driver.counters.rateLimited;
    await Promise.all(Array.from({ length: 100 }, () => u1.press('present')));
    await expect.poll(() => driver.counters.rateLimited - before).toBeGreaterThan(0);
    expect(inputs.length).toBeLessThanOrEqual(41); // burst of twice the rate (20/s), plus refill
  });

  it.skipIf(skip)(
    'reconnects after the broker restarts and asks for a republish',
    async () => {
      statuses.length = 0;
      const reconnected = new Promise<void>((r) => driver.once('connected', () => r()));
      await broker.restart();
      await reconnected;
      expect(statuses).toContain('ok');
      expect(driver.status).toBe('ok');
    },
    15_000,
  );
});
