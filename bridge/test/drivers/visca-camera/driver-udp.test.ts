// ViscaCameraDriver (level 2) against the simulated camera over real loopback UDP (VISCA over IP),
// with faults. The simulator builds its replies from Sony's documented bytes, not from our codec.
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../src/contract/device.ts';
import { ViscaCameraError } from '../../../src/drivers/visca-camera/driver.ts';
import { ViscaSimulator, type ViscaSimulatorOptions } from '../../../src/drivers/visca-camera/simulator.ts';
import { sleep } from '../../transports/helpers.ts';
import { FAST, floor, onCleanup, startDriver, TEST_MS, until, watch } from './helpers.ts';

async function setup(simOptions: ViscaSimulatorOptions = {}) {
  const sim = new ViscaSimulator({ moveMs: 30, ...simOptions });
  const port = await sim.listenUdp();
  onCleanup(() => sim.close());
  return { sim, port, url: `udp://127.0.0.1:${port}`, ...watch(sim) };
}

async function connected(
  simOptions: ViscaSimulatorOptions = {},
  options: Parameters<typeof startDriver>[1] = {},
) {
  const s = await setup(simOptions);
  const d = startDriver(s.url, options);
  await until('status ok', () => d.driver.status.status === 'ok');
  return { ...s, ...d };
}

async function rejection(p: Promise<unknown>): Promise<BridgeError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(BridgeError);
    return err as BridgeError;
  }
  throw new Error('resolved');
}

describe('ViscaCameraDriver over VISCA over IP (loopback UDP)', () => {
  it('is ok only after the camera answered RESET and a power inquiry', { timeout: TEST_MS }, async () => {
    const { url, names, sim } = await setup();
    const { driver, kinds } = startDriver(url);
    expect(driver.status.status).not.toBe('ok');
    await until('ok', () => driver.status.status === 'ok');
    expect(names().slice(0, 2)).toEqual(['reset', 'power_inquiry']);
    expect(kinds()).toEqual(['connecting', 'connecting', 'ok']);
    expect(driver.details()).toMatchObject({ mode: 'ip', address: 1, answering: true, power: 'on' });
    expect(sim.state.lastSequence).toBe(1); // RESET, then our numbering starts at 1
  });

  it('an absent camera is never ok: connecting, then disconnected', { timeout: TEST_MS }, async () => {
    const { sim, url } = await setup();
    await sim.stop();
    const { driver, kinds } = startDriver(url);
    await until('disconnected', () => driver.status.status === 'disconnected', 2000);
    expect(kinds()).toEqual(['connecting', 'connecting', 'disconnected']);
    expect(driver.status.message).toMatch(/not answering/);
    driver.floor(floor([2]));
    await expect(driver.execute({ type: 'recall', preset: 1 })).rejects.toMatchObject({
      code: 'E_NOT_CONNECTED',
    });
  });

  it('follows the speaker: priority, most recent mic, overview; never re-sends the same preset', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, recalls, driver } = await connected();
    driver.floor(floor([2]));
    await until('preset 12', () => sim.state.preset === 12);
    driver.floor(floor([2, 3]));
    await until('preset 13', () => sim.state.preset === 13);
    driver.floor(floor([2, 3], 1));
    await until('preset 11', () => sim.state.preset === 11);
    driver.floor(floor([2, 3, 9], 1)); // same target: nothing sent
    driver.floor(floor([]));
    await until('overview', () => sim.state.preset === 0);
    driver.floor(floor([7, 8])); // seats without presets: still the overview, nothing sent
    await sleep(100);
    expect(recalls.map((r) => r.preset)).toEqual([12, 13, 11, 0]);
    expect(driver.details()).toMatchObject({ preset: 0, target: { preset: 0, reason: 'overview' } });
    expect(driver.counters()).toMatchObject({ recalls: 4, recallsCompleted: 4, retries: 0, timeouts: 0 });
    expect(driver.alarms()).toEqual([]);
  });

  it('the hold time end to end: flapping mics do not move it; a real change waits for the hold', {
    timeout: TEST_MS,
  }, async () => {
    const HOLD = 400;
    const { sim, recalls, driver } = await connected({}, { holdMs: HOLD });
    driver.floor(floor([2]));
    await until('preset 12', () => sim.state.preset === 12);
    const first = recalls[0]!.at;
    // Mic 3 flaps inside the hold: no move at all.
    driver.floor(floor([2, 3]));
    await sleep(50);
    driver.floor(floor([2]));
    await sleep(HOLD + 150);
    expect(recalls.map((r) => r.preset)).toEqual([12]);
    // A change that lasts: it moves, but not before HOLD after the previous move.
    const changedAt = performance.now();
    driver.floor(floor([2, 4]));
    await until('preset 14', () => sim.state.preset === 14);
    expect(recalls.map((r) => r.preset)).toEqual([12, 14]);
    expect(recalls[1]!.at - first).toBeGreaterThanOrEqual(HOLD - 5);
    // The last move was long enough ago: this one goes at once.
    expect(recalls[1]!.at - changedAt).toBeLessThan(100);
    driver.floor(floor([2, 4, 3]));
    const t = performance.now();
    await until('preset 13', () => sim.state.preset === 13);
    const waited = recalls[2]!.at - t;
    console.log(`visca hold: second change waited ${waited.toFixed(0)} ms (hold ${HOLD} ms)`);
    expect(recalls[2]!.at - recalls[1]!.at).toBeGreaterThanOrEqual(HOLD - 5);
  });

  it('camera powered off → disconnected → back → ok and the target re-applied', {
    timeout: TEST_MS,
  }, async () => {
    // Default liveness timings (poll 1 s, ACK timeout 1 s, 2 misses): the numbers a room would see.
    const { sim, driver, kinds, names } = await connected({}, { pollMs: 1000, ackTimeoutMs: 1000 });
    driver.floor(floor([3]));
    await until('preset 13', () => sim.state.preset === 13);

    const off = performance.now();
    await sim.stop();
    await until('disconnected', () => driver.status.status === 'disconnected', 6000);
    const detectMs = performance.now() - off;
    driver.floor(floor([3, 4])); // the floor moves on while the camera is away
    await expect(driver.execute({ type: 'power_inquiry' })).rejects.toMatchObject({
      code: 'E_NOT_CONNECTED',
    });

    const mark = names().length;
    const back = performance.now();
    await sim.restart();
    expect(sim.state.preset).toBeNull(); // the head re-initialised: position unknown
    await until('ok again', () => driver.status.status === 'ok', 4000);
    const okMs = performance.now() - back;
    await until('target re-applied', () => sim.state.preset === 14, 4000);
    const appliedMs = performance.now() - back;
    console.log(
      `visca udp power cycle: off → disconnected ${detectMs.toFixed(0)} ms; back → ok ${okMs.toFixed(0)} ms, → preset re-applied ${appliedMs.toFixed(0)} ms`,
    );
    expect(appliedMs).toBeLessThan(3000);
    expect(names().slice(mark)).toEqual(['reset', 'power_inquiry', 'preset_recall']);
    expect(kinds().slice(-2)).toEqual(['disconnected', 'ok']);
    expect(driver.counters().recoveries).toBe(1);
  });

  it('a silent camera: floor() returns at once, nothing piles up, then it recovers to the latest target', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, recalls, commands } = await connected();
    driver.floor(floor([1]));
    await until('preset 11', () => sim.state.preset === 11);
    sim.setSilent(true);
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) driver.floor(floor([(i % 4) + 1]));
    driver.floor(floor([2]));
    const callsMs = performance.now() - t0;
    expect(callsMs).toBeLessThan(200);
    await until('disconnected', () => driver.status.status === 'disconnected', 3000);
    // One recall in flight at a time and no backlog: a handful of tries, not a thousand.
    expect(recalls.length).toBeLessThan(6);
    const sent = commands.length;
    await sleep(600);
    // While down only the handshake is tried, once per poll interval.
    expect(commands.length - sent).toBeLessThanOrEqual(4);
    expect(commands.slice(sent).every((c) => c.name === 'reset')).toBe(true);

    sim.setSilent(false);
    await until('ok again', () => driver.status.status === 'ok', 2000);
    await until('latest target', () => driver.details().preset === 12, 2000);
    expect(sim.state.preset).toBe(12);
  });

  it('error replies: retries, then a preset alarm; a later completed recall clears it', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, alarms, cleared, recalls } = await connected();
    sim.failNext(0x41, 3); // "command not executable", for the first send and both retries
    driver.floor(floor([2]));
    await until('alarm', () => alarms.length === 1);
    expect(alarms[0]).toMatchObject({
      key: 'preset',
      message: expect.stringMatching(/preset 12.*41.*not executable/),
    });
    expect(recalls.map((r) => r.preset)).toEqual([12, 12, 12]);
    expect(driver.counters()).toMatchObject({ retries: 2, cameraErrors: 3 });
    expect(driver.status.status).toBe('ok'); // it answers: refusing is not being gone

    driver.floor(floor([3]));
    await until('cleared', () => cleared.length === 1);
    expect(cleared).toEqual(['preset']);
    expect(driver.alarms()).toEqual([]);
    expect(sim.state.preset).toBe(13);
  });

  it('a syntax error (no such preset) is not retried', { timeout: TEST_MS }, async () => {
    const { driver, alarms, recalls } = await connected({ presets: 10 });
    driver.floor(floor([3])); // preset 13, but this camera has 0..9
    await until('alarm', () => alarms.length === 1);
    expect(recalls).toHaveLength(1);
    expect(alarms[0]!.message).toMatch(/syntax/);
  });

  it('a lost completion: the recall times out after its ACK and is re-sent once', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, recalls, alarms } = await connected({}, { completionTimeoutMs: 200 });
    sim.dropCompletions(1);
    driver.floor(floor([4]));
    await until('completed', () => driver.details().preset === 14);
    expect(recalls).toHaveLength(2);
    expect(driver.counters()).toMatchObject({ retries: 1, timeouts: 1 });
    expect(driver.status.status).toBe('ok'); // an ACK came: the camera is there
    expect(alarms).toEqual([]);
  });

  it('delay: slow but in time works; slower than the ACK timeout raises the alarm, late replies are ignored', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, alarms, cleared } = await connected();
    sim.setDelay(150); // ACK timeout is 300 ms
    driver.floor(floor([2]));
    await until('preset 12 completed', () => driver.details().preset === 12, 2000);
    expect(driver.counters().timeouts).toBe(0);

    sim.setDelay(450);
    driver.floor(floor([3]));
    await until('alarm', () => alarms.length === 1, 3000);
    expect(alarms[0]).toMatchObject({
      key: 'preset',
      message: expect.stringMatching(/no ACK within 300 ms/),
    });
    // Every reply comes, late, with the number of a request that already timed out: counted, never
    // taken for the current one. The camera is heard, so it is slow, not gone.
    await until('stale replies', () => driver.counters().staleReplies >= 3, 2000);
    expect(driver.status.status).toBe('ok');

    // Back to normal: the unreached target is tried again on a later poll, and the alarm clears.
    sim.setDelay(0);
    await until('cleared', () => cleared.includes('preset'), 3000);
    expect(driver.details().preset).toBe(13);
    expect(sim.state.preset).toBe(13);
  });

  it('a sequence-number error makes the driver RESET and try again', { timeout: TEST_MS }, async () => {
    const { sim, driver, names } = await connected();
    let injected = false;
    sim.on('command', (c) => {
      if (c.name !== 'preset_recall' || injected) return;
      injected = true;
      // As a camera that thinks it saw this number before would answer (Sony: ERROR 0F 01).
      const seq = Buffer.alloc(4);
      seq.writeUInt32BE(c.sequence!);
      sim.garble(Buffer.concat([Buffer.from([0x02, 0x00, 0x00, 0x02]), seq, Buffer.from([0x0f, 0x01])]));
    });
    const mark = names().length;
    driver.floor(floor([2]));
    await until('preset 12 completed', () => driver.details().preset === 12);
    expect(driver.counters()).toMatchObject({ sequenceErrors: 1, retries: 1 });
    expect(names().slice(mark)).toEqual(['preset_recall', 'reset', 'preset_recall']);
  });

  it('garbage datagrams are counted and skipped', { timeout: TEST_MS }, async () => {
    const { sim, driver } = await connected();
    const before = driver.counters().discarded;
    sim.garble(Buffer.from([0x01]));
    sim.garble(Buffer.from('not visca at all'));
    sim.garble(Buffer.from([0x01, 0x11, 0x00, 0x09, 0, 0, 0, 1, 0x90]));
    sim.garble(Buffer.from([0x01, 0x11, 0x00, 0x03, 0, 0, 0, 99, 0x90, 0x41, 0xff])); // well-formed, nobody asked
    await until('discarded', () => driver.counters().discarded - before === 3);
    await until('stale', () => driver.counters().staleReplies === 1);
    driver.floor(floor([1]));
    await until('preset 11', () => sim.state.preset === 11);
    expect(driver.status.status).toBe('ok');
  });

  it('standby: a power alarm, no recalls; powered on again → cleared and the target shown', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, driver, alarms, cleared, recalls } = await connected({ power: 'standby' });
    expect(alarms).toMatchObject([{ key: 'power', message: 'camera is in standby' }]);
    driver.floor(floor([2]));
    await sleep(100);
    expect(recalls).toEqual([]);
    expect(await driver.execute({ type: 'power_inquiry' })).toEqual({ power: 'standby' });
    sim.setPower('on');
    await until('power cleared', () => cleared.includes('power'), 2000);
    await until('preset 12', () => sim.state.preset === 12, 2000);
  });

  it('execute: recall, store, overview, power inquiry; coded errors', { timeout: TEST_MS }, async () => {
    const { sim, driver, recalls } = await connected({}, { overviewPreset: 5 });
    expect(await driver.execute({ type: 'recall', preset: 9 })).toEqual({ preset: 9 });
    expect(sim.state.preset).toBe(9); // resolved on completion, not on the ACK
    expect(await driver.execute({ type: 'store', preset: 20 })).toEqual({ stored: 20 });
    expect(sim.state.stored).toEqual([20]);
    expect(await driver.execute({ type: 'overview' })).toEqual({ preset: 5 });
    expect(await driver.execute({ type: 'power_inquiry' })).toEqual({ power: 'on' });

    expect((await rejection(driver.execute({ type: 'recall', preset: 128 }))).code).toBe('E_BAD_COMMAND');
    expect((await rejection(driver.execute({ type: 'zoom' }))).code).toBe('E_BAD_COMMAND');
    expect((await rejection(driver.execute(null))).code).toBe('E_BAD_COMMAND');
    const count = recalls.length;

    sim.failNext(0x41);
    const refused = await rejection(driver.execute({ type: 'recall', preset: 3 }));
    expect(refused.code).toBe('E_REJECTED');
    expect(refused).toBeInstanceOf(ViscaCameraError);
    expect((refused as ViscaCameraError).cameraError).toEqual({ code: 0x41, reason: 'not_executable' });
    expect(recalls.length).toBe(count + 1); // the technician's command is not retried

    sim.setSilent(true);
    expect((await rejection(driver.execute({ type: 'recall', preset: 3 }))).code).toBe('E_TIMEOUT');
  });

  it('the technician page: counters, traffic in hex, details', { timeout: TEST_MS }, async () => {
    const { driver } = await connected();
    const c = driver.counters();
    expect(c.framesOut).toBeGreaterThanOrEqual(2);
    expect(c.framesIn).toBeGreaterThanOrEqual(2);
    expect(c.bytesOut).toBeGreaterThan(0);
    const t = driver.traffic();
    expect(t[0]).toMatchObject({ dir: 'out' });
    expect(t[0]!.bytes.subarray(0, 4)).toEqual(Buffer.from([0x02, 0x00, 0x00, 0x01])); // RESET first
    expect(driver.details()).toMatchObject({ presets: FAST.presets, overviewPreset: 0 });
  });
});

describe('ViscaCameraDriver configuration', () => {
  it('a bad URL or bad options are bad_config, not a throw', () => {
    expect(startDriver('udp://127.0.0.1').driver.status.status).toBe('bad_config');
    const b = startDriver('udp://127.0.0.1:52381', {
      presets: { seat: 3 } as unknown as Record<string, number>,
    });
    expect(b.driver.status).toMatchObject({
      status: 'bad_config',
      message: expect.stringMatching(/presets/),
    });
    const c = startDriver('udp://127.0.0.1:52381', { presets: { '2': 200 } });
    expect(c.driver.status.status).toBe('bad_config');
    const d = startDriver('serial:///dev/null', { address: 9 });
    expect(d.driver.status).toMatchObject({
      status: 'bad_config',
      message: expect.stringMatching(/address/),
    });
  });
});
