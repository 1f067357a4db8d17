// Per-unit authentication and ACL of the seat-unit broker (seat-unit-mqtt.md "Timing and safety";
// R-HW-2, R-ACC-6): the embedded aedes broker, and Mosquitto with the ACL we generate for it.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothBrokers, SERVICE, type TestBroker, unitSecrets } from './helpers/brokers.ts';
import { connectUnit } from './helpers/fake-unit.ts';

const ROOM = 'acl';
const secrets = unitSecrets(['u1', 'u2']);

describe.each(bothBrokers(ROOM, secrets))('%s', (_name, start, skip) => {
  let broker: TestBroker;
  let service: mqtt.MqttClient;
  const seen: string[] = [];

  beforeAll(async () => {
    if (skip) return;
    broker = await start();
    service = await mqtt.connectAsync(broker.url, { ...SERVICE, reconnectPeriod: 0 });
    service.on('message', (t, p) => seen.push(`${t} ${p}`));
    await service.subscribeAsync(`ecab/v1/${ROOM}/unit/+/+`, { qos: 1 });
  });
  afterAll(async () => {
    if (skip) return;
    await service?.endAsync(true);
    await broker?.stop();
  });

  it.skipIf(skip)('refuses a wrong password and an unknown unit', async () => {
    await expect(
      mqtt.connectAsync(broker.url, { username: 'u1', password: 'nope', reconnectPeriod: 0 }),
    ).rejects.toThrow();
    await expect(
      mqtt.connectAsync(broker.url, { username: 'ghost', password: 'secret-of-ghost', reconnectPeriod: 0 }),
    ).rejects.toThrow();
    await expect(mqtt.connectAsync(broker.url, { reconnectPeriod: 0 })).rejects.toThrow();
  });

  it.skipIf(skip)("lets a unit publish its own key but never another unit's", async () => {
    const u1 = await connectUnit(broker.url, ROOM, 'u1', secrets.u1!, { subscribe: [] });
    await u1.press('speak');
    await expect.poll(() => seen.some((s) => s.startsWith(`ecab/v1/${ROOM}/unit/u1/key`))).toBe(true);
    // Forged: u1 pretends to be u2. aedes drops the connection; Mosquitto drops the message.
    u1.client.publish(`ecab/v1/${ROOM}/unit/u2/key`, JSON.stringify({ key: 'yes', seq: 1 }), { qos: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.some((s) => s.startsWith(`ecab/v1/${ROOM}/unit/u2/key`))).toBe(false);
    await u1.end();
  });

  it.skipIf(skip)("lets a unit read its own state and the display, never another unit's state", async () => {
    await service.publishAsync(`ecab/v1/${ROOM}/unit/u1/state`, '{"seat":1}', { qos: 1, retain: true });
    await service.publishAsync(`ecab/v1/${ROOM}/unit/u2/state`, '{"seat":2}', { qos: 1, retain: true });
    await service.publishAsync(`ecab/v1/${ROOM}/display`, '{"speakers":[]}', { qos: 1, retain: true });
    const u1 = await connectUnit(broker.url, ROOM, 'u1', secrets.u1!, { subscribe: [] });
    const granted = await u1.client.subscribeAsync(
      [`ecab/v1/${ROOM}/unit/u1/state`, `ecab/v1/${ROOM}/display`],
      {
        qos: 1,
      },
    );
    expect(granted.map((g) => g.qos)).toEqual([1, 1]);
    await u1.waitFor((m) => m.topic.endsWith('/u1/state'));
    await u1.waitFor((m) => m.topic.endsWith('/display'));
    for (const forbidden of [
      `ecab/v1/${ROOM}/unit/u2/state`,
      `ecab/v1/${ROOM}/unit/+/state`,
      `ecab/v1/${ROOM}/#`,
    ]) {
      // aedes refuses the subscription (SUBACK 0x80); Mosquitto grants it but delivers nothing.
      const r = await u1.client.subscribeAsync(forbidden, { qos: 1 }).then(
        (g) => g[0]?.qos,
        () => 'refused',
      );
      if (broker.kind === 'aedes') expect(r).toBe('refused');
    }
    await service.publishAsync(`ecab/v1/${ROOM}/unit/u2/state`, '{"seat":2,"again":true}', {
      qos: 1,
      retain: true,
    });
    await new Promise((r) => setTimeout(r, 300));
    // Whatever the broker granted for the forbidden filters, u2's state never arrives.
    expect(u1.received.filter((m) => m.topic.endsWith('/u2/state'))).toEqual([]);
    await u1.end();
  });
});
