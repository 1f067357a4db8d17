import { describe, expect, it } from 'vitest';
import { startViscaSimulatorTcp, ViscaSimulator } from '../../../src/drivers/visca-camera/simulator.ts';
import { simDevice } from '../../../src/transports/sim-transport.ts';
import { openSerialEnd, serialCable } from '../../helpers/serial-cable.ts';
import { sleep } from '../../transports/helpers.ts';
import { floor, onCleanup, startDriver, TEST_MS, until, watch } from './helpers.ts';

/** A socat pty pair under stable link names, so the cable can be pulled and plugged back in. */
async function cable() {
  const line = await serialCable('visca');
  return {
    url: `serial://${line.hostEnd}?baudRate=9600`,
    cameraEnd: line.deviceEnd,
    pull: line.pull,
    plug: line.plug,
  };
}

describe('ViscaCameraDriver over RS-232 (socat pty pair)', () => {
  it('Address Set, IF_Clear, power inquiry, then ok; follows the speaker with the hold time', {
    timeout: TEST_MS,
  }, async () => {
    const line = await cable();
    // A camera that has no address until the controller sets one (Sony: "Before starting control ...").
    const sim = new ViscaSimulator({ address: null, moveMs: 30 });
    onCleanup(() => sim.close());
    sim.attach(await openSerialEnd(line.cameraEnd));
    const { names, recalls } = watch(sim);

    const HOLD = 300;
    const { driver, kinds } = startDriver(line.url, { holdMs: HOLD });
    await until('ok', () => driver.status.status === 'ok', 5000);
    expect(names()).toEqual(['address_set', 'if_clear_broadcast', 'power_inquiry']);
    expect(kinds()).toEqual(['connecting', 'connecting', 'ok']);
    expect(driver.details()).toMatchObject({ mode: 'serial', address: 1, camerasOnChain: 1 });
    expect(sim.state.address).toBe(1);

    driver.floor(floor([2]));
    await until('preset 12', () => driver.details().preset === 12);
    driver.floor(floor([2, 3]));
    await sleep(40);
    driver.floor(floor([2])); // flap: no move
    await sleep(HOLD);
    driver.floor(floor([2, 4]));
    await until('preset 14', () => driver.details().preset === 14);
    expect(recalls.map((r) => r.preset)).toEqual([12, 14]);
    expect(recalls[1]!.at - recalls[0]!.at).toBeGreaterThanOrEqual(HOLD - 5);
    expect(await driver.execute({ type: 'power_inquiry' })).toEqual({ power: 'on' });
    expect(driver.counters()).toMatchObject({ discarded: 0, timeouts: 0, retries: 0 });
  });

  it('a camera address beyond the chain raises an address alarm and is never ok', {
    timeout: TEST_MS,
  }, async () => {
    const line = await cable();
    const sim = new ViscaSimulator({ address: null });
    onCleanup(() => sim.close());
    sim.attach(await openSerialEnd(line.cameraEnd));
    const { driver, alarms } = startDriver(line.url, { address: 3 });
    await until('alarm', () => alarms.length === 1, 3000);
    expect(alarms[0]).toMatchObject({
      key: 'address',
      message: expect.stringMatching(/address 3.*1 camera/),
    });
    await until('disconnected', () => driver.status.status === 'disconnected', 3000);
    // Our packets for camera 3 come back round the chain: counted as not ours, never taken as replies.
    expect(driver.counters().unknownReplies).toBeGreaterThan(0);
  });

  it('cable pulled (socat killed) → disconnected → plugged back → ok and the target re-applied', {
    timeout: TEST_MS,
  }, async () => {
    const line = await cable();
    const sim = new ViscaSimulator({ address: null, moveMs: 30 });
    onCleanup(() => sim.close());
    sim.attach(await openSerialEnd(line.cameraEnd));
    const { names } = watch(sim);
    const { driver, kinds } = startDriver(line.url);
    await until('ok', () => driver.status.status === 'ok', 5000);
    driver.floor(floor([3]));
    await until('preset 13', () => driver.details().preset === 13);

    await line.pull();
    await until('disconnected', () => driver.status.status === 'disconnected', 3000);
    driver.floor(floor([1])); // the floor changes while the cable is out
    await sleep(200);
    const mark = names().length;
    const t0 = performance.now();
    await line.plug();
    sim.attach(await openSerialEnd(line.cameraEnd));
    await until('ok again', () => driver.status.status === 'ok', 5000);
    const okMs = performance.now() - t0;
    await until('target re-applied', () => sim.state.preset === 11, 3000);
    const appliedMs = performance.now() - t0;
    console.log(
      `visca serial cable: plugged back → ok ${okMs.toFixed(0)} ms, → preset re-applied ${appliedMs.toFixed(0)} ms (reconnect delay 50 ms)`,
    );
    expect(appliedMs).toBeLessThan(3000);
    expect(names().slice(mark)).toEqual([
      'address_set',
      'if_clear_broadcast',
      'power_inquiry',
      'preset_recall',
    ]);
    expect(kinds()).toContain('connection_failure'); // while the pty was gone the port could not open
    expect(driver.counters().reconnects).toBe(1);
  });

  it('camera powered off (the line stays) → disconnected → back → ok, address set again, target re-applied', {
    timeout: TEST_MS,
  }, async () => {
    const line = await cable();
    const sim = new ViscaSimulator({ address: null, moveMs: 30 });
    onCleanup(() => sim.close());
    sim.attach(await openSerialEnd(line.cameraEnd));
    const { names } = watch(sim);
    const { driver } = startDriver(line.url);
    await until('ok', () => driver.status.status === 'ok', 5000);
    driver.floor(floor([4]));
    await until('preset 14', () => driver.details().preset === 14);

    const off = performance.now();
    await sim.stop();
    await until('disconnected', () => driver.status.status === 'disconnected', 3000);
    const detectMs = performance.now() - off;
    expect(driver.status.message).toMatch(/not answering/);
    const mark = names().length;
    const back = performance.now();
    await sim.restart();
    await until('ok again', () => driver.status.status === 'ok', 3000);
    await until('target re-applied', () => sim.state.preset === 14, 3000);
    const appliedMs = performance.now() - back;
    console.log(
      `visca serial power cycle: off → disconnected ${detectMs.toFixed(0)} ms; back → preset re-applied ${appliedMs.toFixed(0)} ms (poll 250 ms)`,
    );
    expect(appliedMs).toBeLessThan(3000);
    expect(names().slice(mark)).toEqual([
      'address_set',
      'if_clear_broadcast',
      'power_inquiry',
      'preset_recall',
    ]);
  });

  it('line noise: garbage, a runaway packet and a split reply are skipped, the camera keeps working', {
    timeout: TEST_MS,
  }, async () => {
    const line = await cable();
    const sim = new ViscaSimulator({ moveMs: 30 });
    onCleanup(() => sim.close());
    sim.attach(await openSerialEnd(line.cameraEnd));
    const { driver } = startDriver(line.url);
    await until('ok', () => driver.status.status === 'ok', 5000);
    const before = driver.counters();
    sim.garble(Buffer.from([0x00, 0x13, 0x7f, 0xff])); // noise between packets
    sim.garble(Buffer.concat([Buffer.from([0x90]), Buffer.alloc(20, 0x01), Buffer.from([0xff])])); // runaway
    sim.garble(Buffer.from([0xa0, 0x41, 0xff])); // an ACK from another camera on the chain
    await until('discarded', () => driver.counters().discarded - before.discarded === 2);
    await until('unknown', () => driver.counters().unknownReplies - before.unknownReplies === 1);
    driver.floor(floor([1]));
    await until('preset 11', () => driver.details().preset === 11);
    expect(driver.status.status).toBe('ok');
    expect(driver.alarms()).toEqual([]);
  });
});

describe('ViscaCameraDriver over sim:// (Network Change)', () => {
  it('a Network Change from the chain makes it set the addresses again', { timeout: TEST_MS }, async () => {
    const device = simDevice('visca-netchange');
    await device.open();
    onCleanup(() => device.close());
    const sim = new ViscaSimulator({ address: null, moveMs: 10 });
    onCleanup(() => sim.close());
    sim.attachTransport(device);
    const { names } = watch(sim);
    const { driver } = startDriver('sim://visca-netchange');
    await until('ok', () => driver.status.status === 'ok');
    const mark = names().length;
    sim.garble(Buffer.from([0x90, 0x38, 0xff])); // Sony: Network Change, `z0 38 FF`
    // The set-up goes out again as at the start; the status may stay 'ok' throughout, so wait for
    // its last command rather than for the status.
    await until('set up again', () => names().slice(mark).includes('power_inquiry'), 2000);
    await until('ok', () => driver.status.status === 'ok');
    expect(names().slice(mark, mark + 3)).toEqual(['address_set', 'if_clear_broadcast', 'power_inquiry']);
  });
});

describe('ViscaCameraDriver over raw VISCA on TCP', () => {
  it('connects without a chain init, follows, and re-applies after the connection drops', {
    timeout: TEST_MS,
  }, async () => {
    const tcp = await startViscaSimulatorTcp({ moveMs: 30 });
    onCleanup(() => tcp.close());
    const { names } = watch(tcp.sim);
    const { driver } = startDriver(`tcp://127.0.0.1:${tcp.port}`);
    await until('ok', () => driver.status.status === 'ok');
    expect(names()).toEqual(['power_inquiry']); // Address Set is for serial chains only
    driver.floor(floor([2]));
    await until('preset 12', () => driver.details().preset === 12);
    expect(await driver.execute({ type: 'store', preset: 30 })).toEqual({ stored: 30 });
    expect(driver.details()).toMatchObject({ mode: 'tcp' });
  });
});

describe('ViscaCameraDriver over sim://', () => {
  it('behaves like a serial line: chain init, then follows', { timeout: TEST_MS }, async () => {
    const device = simDevice('visca-test-cam');
    await device.open();
    onCleanup(() => device.close());
    const sim = new ViscaSimulator({ address: null, moveMs: 10 });
    onCleanup(() => sim.close());
    sim.attachTransport(device);
    const { names } = watch(sim);
    const { driver } = startDriver('sim://visca-test-cam');
    await until('ok', () => driver.status.status === 'ok');
    expect(names()).toEqual(['address_set', 'if_clear_broadcast', 'power_inquiry']);
    driver.floor(floor([], 1));
    await until('preset 11', () => driver.details().preset === 11);
  });
});
