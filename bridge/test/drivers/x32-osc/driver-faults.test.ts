// X32OscDriver (level 2) against the X32 simulator over loopback UDP with faults: mixer off and back
// on, garbage, delay, a silent mixer, desk changes pushed through /xremote, the subscription running
// out, and the send rate of a whole-room floor change. Every wait is bounded.
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import type { X32OscOptions } from '../../../src/drivers/x32-osc/definition.ts';
import { buildOscBundle, buildOscMessage } from '../../../src/drivers/x32-osc/simulator.ts';
import { next } from '../../transports/helpers.ts';
import {
  floorOf,
  identity,
  onChannels,
  onCleanup,
  setup,
  sleep,
  startDriver,
  toAddress,
  until,
} from './helpers.ts';

const TEST_MS = 20_000;

describe('X32OscDriver: mixer off and back on', () => {
  it('status goes down within timeoutMs; back → ok and the floor re-applied (production timings)', {
    timeout: TEST_MS,
  }, async () => {
    // Production defaults (pollMs 2000, probeMs 1000, timeoutMs 5000, verifyMs 500), measured.
    const { sim, driver, kinds } = await setup({
      channels: identity(8),
      pollMs: undefined,
      probeMs: undefined,
      timeoutMs: undefined,
      keepaliveMs: undefined,
      verifyMs: undefined,
      maxRetries: undefined,
    });
    driver.floor(floorOf([1, 2]));
    await until('floor', () => onChannels(sim, 8).join() === '1,2');

    const off = Date.now();
    await sim.stop();
    await until('disconnected', () => driver.status.status === 'disconnected', 5000 + 500);
    const downMs = Date.now() - off;
    expect(driver.status.message).toMatch(/no answer within 5000 ms/);
    // While it is away the room moves on; the mixer comes back from power-on defaults (all ON).
    driver.floor(floorOf([3]));
    const back = Date.now();
    await sim.restart({ reset: true });
    await until('ok', () => driver.status.status === 'ok', 3000);
    const okMs = Date.now() - back;
    await until('floor re-applied', () => onChannels(sim, 8).join() === '3', 3000);
    const appliedMs = Date.now() - back;
    console.log(
      `x32 recovery (defaults): down detected ${downMs} ms after power-off; back: ok after ${okMs} ms, ` +
        `floor re-applied after ${appliedMs} ms (target ≤ 3000)`,
    );
    expect(downMs).toBeGreaterThanOrEqual(4500);
    expect(appliedMs).toBeLessThanOrEqual(3000);
    expect(kinds().slice(-2)).toEqual(['disconnected', 'ok']);
    expect(driver.counters().reconnects).toBe(1);
  });

  it('fast timings: repeated power cycles, each recovered; holds and alarms behave', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, alarms } = await setup({ channels: identity(4) });
    const ups: number[] = [];
    for (let cycle = 1; cycle <= 3; cycle++) {
      driver.floor(floorOf([cycle]));
      await until(`floor ${cycle}`, () => onChannels(sim, 4).join() === String(cycle));
      await sim.stop();
      const down = await until('down', () => driver.status.status === 'disconnected', 1000);
      expect(down).toBeLessThanOrEqual(400 + 100);
      await sim.restart({ reset: true }); // all ON again
      const up = await until('re-applied', () => onChannels(sim, 4).join() === String(cycle), 1000);
      expect(up).toBeLessThan(50 + 350); // probeMs + a round trip, with room for a loaded test machine
      ups.push(up);
    }
    console.log(`x32 recovery (probeMs 50): floor re-applied ${ups.join(', ')} ms after each power-on`);
    expect(driver.counters().reconnects).toBe(3);
    expect(alarms).toEqual([]);
  });
});

describe('X32OscDriver: garbage, delay, silence', () => {
  it('garbage datagrams are counted and skipped; the mixer stays ok', { timeout: TEST_MS }, async () => {
    const { sim, driver, kinds } = await setup({ channels: identity(4) });
    // In slices: 300 datagrams at once can overflow a socket's receive buffer, and UDP drops them.
    for (let i = 0; i < 300; i++) {
      sim.garble(Buffer.from([i & 0xff, 0x2f, 0x00, 0x7f, 0xff]));
      if (i % 25 === 24) await sleep(2);
    }
    // A real bundle in the middle of the noise still counts.
    sim.sendRaw(
      buildOscBundle(buildOscMessage('/ch/20/mix/on', ['i', 0]), buildOscMessage('/-stat/x', ['i', 1])),
    );
    driver.floor(floorOf([4]));
    await until('floor despite garbage', () => onChannels(sim, 4).join() === '4');
    await until('all counted', () => driver.counters().malformed === 300);
    expect(driver.counters().unknown).toBeGreaterThanOrEqual(1);
    expect(driver.status.status).toBe('ok');
    expect(kinds().filter((k) => k !== 'connecting' && k !== 'ok')).toEqual([]);
  });

  it('a mixer sending only garbage is protocol_error, not ok', { timeout: TEST_MS }, async () => {
    // A fake mixer at the other end of the wire: answers every datagram with bytes that are not OSC.
    const fake = createSocket('udp4');
    fake.bind(0, '127.0.0.1');
    await next(fake, 'listening');
    onCleanup(() => new Promise<void>((r) => fake.close(() => r())));
    fake.on('message', (_m, from) => fake.send(Buffer.from('not osc!'), from.port, from.address));
    const { driver } = startDriver(fake.address().port, { channels: identity(1) });
    await until('protocol_error', () => driver.status.status === 'protocol_error', 1500);
    expect(driver.status.message).toMatch(/not OSC/);
    expect(driver.counters().malformed).toBeGreaterThan(0);
  });

  it('a delay shorter than verifyMs costs nothing; a longer one costs retries, not alarms', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, alarms } = await setup({
      channels: identity(4),
      verifyMs: 150,
      timeoutMs: 1500,
      maxRetries: 3,
    });
    sim.setDelay(60);
    driver.floor(floorOf([1]));
    await until('floor (60 ms delay)', () => onChannels(sim, 4).join() === '1');
    await until('driver sees it', () =>
      (driver.details().strips as { on: boolean }[]).every((s, i) => s.on === (i === 0)),
    );
    expect(driver.counters().retries).toBe(0);
    sim.setDelay(250);
    driver.floor(floorOf([2]));
    await until('floor (250 ms delay)', () => onChannels(sim, 4).join() === '2');
    await until('settled', () =>
      (driver.details().strips as { on: boolean }[]).every((s, i) => s.on === (i === 1)),
    );
    await sleep(400);
    expect(driver.counters().retries).toBeGreaterThan(0);
    expect(alarms).toEqual([]);
    expect(driver.status.status).toBe('ok');
  });

  it('a silent mixer: floor() returns at once, alarms per strip, then disconnected; it recovers', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, alarms, cleared } = await setup({
      channels: identity(4),
      timeoutMs: 1000,
      pollMs: 200,
    });
    driver.floor(floorOf([1]));
    await until('floor', () => onChannels(sim, 4).join() === '1');
    sim.setSilent(true);
    const t0 = performance.now();
    driver.floor(floorOf([2, 3]));
    const floorMs = performance.now() - t0;
    expect(floorMs).toBeLessThan(20);
    // verifyMs 60, maxRetries 2: the third check raises the alarms (backoff follows).
    const alarmed = await until('alarms', () => alarms.length === 3, 1000);
    expect(alarms.map((a) => a.key).sort()).toEqual(['channel:ch/01', 'channel:ch/02', 'channel:ch/03']);
    expect(alarms.find((a) => a.key === 'channel:ch/02')).toMatchObject({ seat: 2 });
    expect(alarms[0]?.message).toMatch(/after 2 retries/);
    await until('disconnected', () => driver.status.status === 'disconnected', 1500);
    // It applied our sets all along; it just never said so.
    expect(onChannels(sim, 4).join()).toBe('2,3');
    console.log(`x32 silent mixer: floor() took ${floorMs.toFixed(2)} ms, alarms after ${alarmed} ms`);
    sim.setSilent(false);
    await until('ok', () => driver.status.status === 'ok', 1000);
    await until('alarms cleared', () => driver.alarms().length === 0, 1000);
    expect(cleared.sort()).toEqual(['channel:ch/01', 'channel:ch/02', 'channel:ch/03']);
  });

  it('a lost set is re-sent after verifyMs', { timeout: TEST_MS }, async () => {
    const { sim, driver, received, alarms } = await setup({ channels: identity(2) });
    sim.dropIncoming(1); // the set; its query comes back with the old value
    driver.floor(floorOf([2]));
    await until('re-sent and applied', () => onChannels(sim, 2).join() === '2', 1000);
    expect(toAddress(received, '/ch/01/mix/on').filter((m) => m.args.length === 1).length).toBe(2);
    expect(driver.counters().retries).toBe(1);
    expect(alarms).toEqual([]);
  });
});

describe('X32OscDriver: desk changes through /xremote', () => {
  const channels = identity(4);

  it('yield (default): the room holds off, raises an alarm, takes the strip back when the floor changes', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, alarms, cleared } = await setup({ channels });
    driver.floor(floorOf([1]));
    await until('floor', () => onChannels(sim, 4).join() === '1');
    sim.setChannelOn(1, false); // the engineer mutes the speaker (feedback)
    await until('hold alarm', () => alarms.length === 1, 500);
    expect(alarms[0]).toMatchObject({ key: 'hold:ch/01', seat: 1 });
    expect(alarms[0]?.message).toMatch(/changed at the desk/);
    expect(driver.counters().deskChanges).toBe(1);
    await sleep(400); // several verify periods: no fight
    expect(sim.strip(1).on).toBe(false);
    expect(driver.details().strips).toContainEqual(
      expect.objectContaining({ channel: 'ch/01', held: 'desk' }),
    );
    // A strip the room does not manage: seen, not an alarm.
    sim.setChannelOn(9, false);
    await sleep(50);
    expect(alarms.length).toBe(1);
    // The speaker's turn ends: the room's new decision ends the hold.
    driver.floor(floorOf([]));
    await until('hold cleared', () => cleared.includes('hold:ch/01'), 500);
    driver.floor(floorOf([1]));
    await until('room drives it again', () => onChannels(sim, 4).join() === '1', 500);
    // The desk closes it again, then puts it back: the hold ends by itself.
    sim.setChannelOn(1, false);
    await until('second hold', () => alarms.length === 2, 500);
    sim.setChannelOn(1, true);
    await until('released by the desk', () => driver.alarms().length === 0, 500);
    // The put-back equals our own set of a moment ago, so it reads as that set's echo, not as a
    // desk change (README, "Desk changes": the limit of telling them apart).
    expect(driver.counters().deskChanges).toBe(2);
  });

  it('reassert: the room sets it back at once', { timeout: TEST_MS }, async () => {
    const { sim, driver, alarms } = await setup({ channels, deskChange: 'reassert' });
    driver.floor(floorOf([2]));
    await until('floor', () => onChannels(sim, 4).join() === '2');
    sim.setChannelOn(3, true); // someone opens a channel the room wants closed
    const ms = await until('closed again', () => !sim.strip(3).on, 500);
    sim.setChannelOn(2, false);
    await until('opened again', () => sim.strip(2).on, 500);
    expect(driver.counters().deskChanges).toBe(2);
    expect(alarms).toEqual([]);
    console.log(`x32 reassert: desk change undone after ${ms} ms`);
  });

  it('the driver renews /xremote, so pushes keep coming past the subscription expiry', {
    timeout: TEST_MS,
  }, async () => {
    // The simulator drops a subscription after 300 ms; the driver renews every 100 ms.
    const { sim, driver, received } = await setup(
      { channels, keepaliveMs: 100, deskChange: 'reassert' },
      { xremoteMs: 300 },
    );
    driver.floor(floorOf([1]));
    await until('floor', () => onChannels(sim, 4).join() === '1');
    // Control: a client that subscribes once stops hearing changes after the expiry.
    const once = createSocket('udp4');
    once.bind(0, '127.0.0.1');
    await next(once, 'listening');
    onCleanup(() => new Promise<void>((r) => once.close(() => r())));
    const heard: string[] = [];
    once.on('message', (m) => heard.push(m.subarray(0, m.indexOf(0)).toString()));
    once.send(buildOscMessage('/xremote'), sim.port, '127.0.0.1');
    await until('subscribed', () => sim.subscriberCount === 2, 500);
    sim.setChannelOn(20, false);
    await until('control hears the first push', () => heard.includes('/ch/20/mix/on'), 500);

    await sleep(1000); // more than three subscription lifetimes
    expect(sim.subscriberCount).toBe(1); // the driver only
    heard.length = 0;
    sim.setChannelOn(4, true); // desired closed: with reassert, the driver closes it only if it heard
    await until('driver heard the push and reasserted', () => !sim.strip(4).on, 500);
    await sleep(50);
    expect(heard).toEqual([]); // the control subscription really ran out
    expect(toAddress(received, '/xremote').length).toBeGreaterThanOrEqual(9);
    expect(driver.counters().deskChanges).toBe(1);
  });
});

describe('X32OscDriver: send rate', () => {
  it('a 60-seat floor change goes out paced, within sendRate and sendBurst', {
    timeout: TEST_MS,
  }, async () => {
    // 60 seats on 56 strips: ch 1-32, aux-in 1-8, bus 1-16, and seats 57-60 sharing ch 1-4.
    const channels: X32OscOptions['channels'] = {};
    const two = (n: number) => String(n).padStart(2, '0');
    for (let s = 1; s <= 60; s++) {
      channels[String(s)] =
        s <= 32 ? s : s <= 40 ? `auxin/${two(s - 32)}` : s <= 56 ? `bus/${two(s - 40)}` : s - 56;
    }
    const { sim, driver, received } = await setup({ channels, sendRate: 250, sendBurst: 25 });
    await until('read', () => (driver.details().strips as { on: unknown }[]).every((s) => s.on !== null));
    const all = Array.from({ length: 60 }, (_, i) => i + 1);
    driver.floor(floorOf(all)); // everything is already ON: nothing to send
    await sleep(100);
    const strip = (m: { address: string }) => /^\/(ch|auxin|bus)\/\d\d\/mix\/on$/.test(m.address);
    const before = received.filter(strip).length;
    expect(before).toBe(56); // the re-read only

    const t0 = Date.now();
    driver.floor(floorOf([]));
    // A burst of changes in the same instant: de-duplicated, not multiplied.
    driver.floor(floorOf([5]));
    driver.floor(floorOf([]));
    await until('all closed', () => [...Array(56).keys()].every((i) => !sim.strip(keyOf(i)).on), 3000);
    await until(
      'all verified',
      () => (driver.details().strips as { on: boolean }[]).every((s) => s.on === false),
      3000,
    );
    const elapsed = Date.now() - t0;
    // The echo of a set can verify a strip before its own query has left: wait for the queue too.
    await until('queue drained', () => driver.counters().queued === 0, 3000);
    await sleep(30);
    const burst = received.filter(strip).slice(before);
    const times = burst.map((m) => m.at);
    let peak100 = 0;
    for (let i = 0; i < times.length; i++) {
      let j = i;
      while (j < times.length && times[j]! - times[i]! < 100) j++;
      peak100 = Math.max(peak100, j - i);
    }
    const span = times[times.length - 1]! - times[0]!;
    console.log(
      `x32 send rate: 60-seat floor change → ${burst.length} datagrams (sets + queries) over ${span} ms ` +
        `(${((burst.length / Math.max(span, 1)) * 1000).toFixed(0)}/s), peak ${peak100} in any 100 ms; ` +
        `all 56 strips closed and verified in ${elapsed} ms`,
    );
    // One set and one query per strip, paced. Seat 5's flip-flop costs at most one more pair: if its
    // first set was still queued it is replaced in place; if it had left, the second floor() finds the
    // (stale) report matching and the third sends the set again. Without de-duplication: 3 more pairs.
    expect(burst.length).toBeGreaterThanOrEqual(112);
    expect(burst.length).toBeLessThanOrEqual(114);
    expect(peak100).toBeLessThanOrEqual(25 + 25 + 2); // the burst plus 100 ms of rate, a token of slack
    expect(span).toBeGreaterThanOrEqual(((112 - 25) / 250) * 1000 - 40);
    expect(driver.counters().dropped).toBe(0);
  });
});

/** Index 0..55 → the strip key the 60-seat map above uses. */
function keyOf(i: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return i < 32 ? `ch/${two(i + 1)}` : i < 40 ? `auxin/${two(i - 31)}` : `bus/${two(i - 39)}`;
}
