import { describe, expect, it } from 'vitest';
import { TaidenSimulator } from '../../../src/drivers/taiden-hcs/simulator.ts';
import { reconnectDelay } from '../../../src/runtime/backoff.ts';
import { openSerialEnd, serialCable } from '../../helpers/serial-cable.ts';
import { onCleanup } from '../../helpers/wait.ts';
import { sleep } from '../../transports/helpers.ts';
import { floorOf, sorted, startDriver, until, VERIFY_MS } from './helpers.ts';

const TEST_MS = 20_000;
async function cable() {
  const line = await serialCable('taiden');
  const sim = new TaidenSimulator({ seats: 6 });
  const commands: string[] = [];
  sim.on('command', (name) => commands.push(name));
  sim.attach(await openSerialEnd(line.deviceEnd));
  return {
    sim,
    commands,
    url: `serial://${line.hostEnd}?baudRate=9600&dataBits=8&parity=none&stopBits=1`,
    pull: () => line.pull(),
    plug: async () => {
      await line.plug();
      sim.attach(await openSerialEnd(line.deviceEnd));
    },
  };
}

describe('TaidenHcsDriver over a real pty pair (socat)', () => {
  it('floor, presses and garbage over the serial line; cable pulled and plugged back: the stream and the floor come back by themselves', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, commands, url, pull, plug } = await cable();
    // The real backoff (1 s three times, then every 2 s), as in production.
    const d = startDriver(url, {}, { reconnectDelay });
    onCleanup(() => d.driver.stop());
    await until('ok', () => d.driver.status.status === 'ok', 5000);
    await until('stream confirmed', () => d.driver.details().mode === 'reconciling', 5000);

    d.driver.floor(floorOf([1, 2]));
    await until('sim on [1,2]', () => sorted(sim.state.on).join() === '1,2');
    await until('reported [1,2]', () => (d.driver.details().reported as number[]).join() === '1,2');

    sim.garble(Buffer.from([0x55, 0xe6, 0x00, 0x09, 0xaa])); // noise and a false header
    sim.pressButton(4);
    await until('press of 4', () => d.inputs.length === 1);
    expect(d.inputs[0]).toMatchObject({ seat: 4, key: 'speak', action: 'press' });
    d.driver.floor(floorOf([1, 2], { requests: [4] }));
    await until('4 closed again', () => sorted(sim.state.on).join() === '1,2');
    // And the driver has heard so: a report still naming 4 when the cable goes would rightly make
    // the re-apply close 4 first (close before opening), and the commands below would differ.
    await until('reported [1,2] again', () => (d.driver.details().reported as number[]).join() === '1,2');
    expect(d.driver.counters().discards).toBeGreaterThan(0);

    // Pull the cable. While it is out, delegate 1 closes their mic and 5 opens one.
    await pull();
    await until('disconnected', () => d.driver.status.status === 'disconnected', 3000);
    sim.pressButton(1);
    sim.pressButton(5);
    await sleep(1200); // past the first 1 s reconnect attempt, which fails
    const mark = commands.length;
    const pluggedAt = performance.now();
    let upAt = 0;
    d.driver.on('device.status', (s) => {
      if (s.status === 'ok') upAt = performance.now();
    });
    await plug();
    await until('ok again', () => d.driver.status.status === 'ok', 5000);
    await until('floor re-applied', () => sorted(sim.state.on).join() === '1,2', 3000);
    const appliedAt = performance.now();
    console.log(
      `taiden-hcs serial (socat): plugged → link up ${(upAt - pluggedAt).toFixed(0)} ms, ` +
        `link up → floor re-applied ${(appliedAt - upAt).toFixed(1)} ms, ` +
        `plugged → floor re-applied ${(appliedAt - pluggedAt).toFixed(0)} ms (default backoff)`,
    );
    expect(appliedAt - upAt).toBeLessThan(3000);
    expect(appliedAt - pluggedAt).toBeLessThan(3000);
    expect(commands.slice(mark, mark + 3)).toEqual(['mic_on 1', 'mic_on 2', 'stream_start']);
    expect(commands.slice(mark)).toContain('mic_off 5');
    expect(d.kinds()).toContain('connection_failure');
    expect(d.kinds().at(-1)).toBe('ok');
    expect(d.driver.counters().reconnects).toBe(1);
    await until('reconciling', () => d.driver.details().mode === 'reconciling');
    await sleep(2 * VERIFY_MS);
    expect(d.inputs).toHaveLength(1); // the changes while away were state, not presses
    expect(d.alarms).toEqual([]);
  });

  it('a slow, then a silent unit on the serial line: floor() returns at once, alarms, recovery', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, url } = await cable();
    const d = startDriver(url);
    onCleanup(() => d.driver.stop());
    await until('stream confirmed', () => d.driver.details().mode === 'reconciling', 5000);

    sim.setDelay(150);
    d.driver.floor(floorOf([3]));
    await until('reported [3]', () => (d.driver.details().reported as number[]).join() === '3');
    sim.setDelay(0);

    sim.setSilent(true);
    // floor() returns at once (void: it cannot wait for the silent unit); only the last one counts.
    for (let i = 0; i < 100; i++) d.driver.floor(floorOf([1 + (i % 6)]));
    d.driver.floor(floorOf([2, 6]));
    // 2 and 6 should be on, 3 off: the last report (before the silence) says otherwise for all three.
    await until('alarms for 2, 3 and 6', () => d.driver.alarms().length === 3, 3000);
    expect(d.driver.alarms().map((a) => a.key)).toEqual(['seat:2', 'seat:3', 'seat:6']);
    expect(d.driver.status.status).toBe('ok');
    sim.setSilent(false);
    await until('alarms cleared', () => d.driver.alarms().length === 0, 5000);
    expect(sorted(sim.state.on)).toEqual([2, 6]);
  });
});
