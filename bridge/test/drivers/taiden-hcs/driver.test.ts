// TaidenHcsDriver (level 2) against the Taiden HCS simulator over real loopback TCP (as through a
// serial-to-Ethernet converter), with faults injected. The simulator writes the fact sheet's bytes
// itself, not our codec's.
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../src/contract/device.ts';
import type { TaidenHcsDriverOptions } from '../../../src/drivers/taiden-hcs/driver.ts';
import {
  startTaidenSimulatorTcp,
  type TaidenSimulatorOptions,
} from '../../../src/drivers/taiden-hcs/simulator.ts';
import { onCleanup } from '../../helpers/wait.ts';
import { sleep } from '../../transports/helpers.ts';
import { floorOf, sorted, startDriver, until, VERIFY_MS } from './helpers.ts';

const TEST_MS = 15_000;
async function setup(sim: TaidenSimulatorOptions = {}, options: TaidenHcsDriverOptions = {}) {
  const tcp = await startTaidenSimulatorTcp(sim);
  onCleanup(() => tcp.close());
  const commands: string[] = [];
  tcp.sim.on('command', (name) => commands.push(name));
  const url = `tcp://127.0.0.1:${tcp.port}`;
  return {
    tcp,
    sim: tcp.sim,
    commands,
    url,
    /** Start the driver; resolves once the link is up and (unless write-only) the stream confirmed. */
    connect: async (before?: (d: ReturnType<typeof startDriver>) => void) => {
      const d = startDriver(url, options);
      onCleanup(() => d.driver.stop());
      before?.(d);
      await until('status ok', () => d.driver.status.status === 'ok');
      if (options.micStream?.enabled !== false && !sim.micStream && sim.streamSupported !== false) {
        await until('stream confirmed', () => d.driver.details().mode === 'reconciling');
      }
      return d;
    },
  };
}

describe('TaidenHcsDriver over loopback TCP', () => {
  it('on connect: the floor, then the stream; the unit reports it', { timeout: TEST_MS }, async () => {
    const { sim, commands, connect } = await setup({ seats: 8 });
    sim.pressButton(6); // open before we connect: not wanted, closed once the stream shows it
    const d = await connect((d) => d.driver.floor(floorOf([1, 3])));
    await until('sim on [1,3]', () => sorted(sim.state.on).join() === '1,3');
    expect(commands.slice(0, 3)).toEqual(['mic_on 1', 'mic_on 3', 'stream_start']);
    expect(commands).toContain('mic_off 6');
    await until('reported', () => (d.driver.details().reported as number[]).join() === '1,3');
    expect(d.kinds()).toEqual(['connecting', 'ok']);
    expect(d.driver.status.message).toMatch(/acknowledges nothing/);
    expect(d.inputs).toEqual([]); // the first frame is state, not a press
    const details = d.driver.details();
    expect(details).toMatchObject({ mode: 'reconciling', desired: [1, 3] });
    expect(details.lastReceivedAgoMs).toBeLessThan(2000);
    // The stream started after our commands, so its first frame (the whole state, operation 0) already
    // shows them, with the unwanted 6 that was open before, in the order they opened.
    expect((details.stream as { firstFrameHex: string }).firstFrameHex).toBe(
      `E6 03 03 00 06 00 01 00 03 ${'00 '.repeat(6).trim()}`,
    );
    // What the hardware sent is logged, with the layout it was read with.
    expect(d.logs.find((l) => /first mic-state frame/.test(l.msg ?? ''))?.obj).toMatchObject({
      hex: expect.stringMatching(/^E6 /),
      layout: { layout: 'fixed', slots: 6, idBytes: 2 },
    });
  });

  it('floor: speakers on, the rest off; all-mics-off when nothing is wanted; requests stay off', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, commands, connect } = await setup({ seats: 8 });
    const d = await connect();
    const mark = commands.length;
    d.driver.floor(floorOf([1, 2], { requests: [3, 4] }));
    await until('sim on [1,2]', () => sorted(sim.state.on).join() === '1,2');
    d.driver.floor(floorOf([2, 5], { requests: [1] }));
    await until('sim on [2,5]', () => sorted(sim.state.on).join() === '2,5');
    await until('reported [2,5]', () => (d.driver.details().reported as number[]).join() === '2,5');
    d.driver.floor(floorOf([]));
    await until('sim all off', () => sim.state.on.length === 0);
    await sleep(3 * VERIFY_MS);
    expect(commands.slice(mark)).toEqual(['mic_on 1', 'mic_on 2', 'mic_off 1', 'mic_on 5', 'all_off']);
    expect(d.alarms).toEqual([]);
    expect(d.inputs).toEqual([]); // our own changes are not presses
    expect(d.driver.counters()).toMatchObject({ retries: 0, inferredPresses: 0, discards: 0 });
  });

  it('priority: the chair speaks, every delegate mic closes, and opens again after', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, connect } = await setup({ seats: 8, chairSeats: [1] });
    const d = await connect();
    d.driver.floor(floorOf([2, 3], { chairSeats: [1] }));
    await until('sim on [2,3]', () => sorted(sim.state.on).join() === '2,3');
    d.driver.floor(floorOf([2, 3, 1], { chairSeats: [1], priority: 1 }));
    await until('only the chair', () => sim.state.on.join() === '1');
    d.driver.floor(floorOf([2, 3], { chairSeats: [1] }));
    await until('delegates back', () => sorted(sim.state.on).join() === '2,3');
    await sleep(2 * VERIFY_MS);
    expect(d.inputs).toEqual([]);
    expect(d.alarms).toEqual([]);
  });

  it('a delegate button press becomes seat.input; the floor engine answers; the unit follows', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, connect } = await setup({ seats: 8 });
    const d = await connect();
    d.driver.floor(floorOf([1]));
    await until('sim on [1]', () => sim.state.on.join() === '1');
    await sleep(2 * VERIFY_MS);

    // Request mode: the HCS opens 4 by itself; the room queues it, so its mic must close again.
    const before = Date.now();
    sim.pressButton(4);
    await until('press of 4', () => d.inputs.length === 1);
    expect(d.inputs[0]).toMatchObject({ seat: 4, key: 'speak', action: 'press', source: 'taiden-hcs:hcs-1' });
    expect(d.inputs[0]!.at).toBeGreaterThanOrEqual(before);
    d.driver.floor(floorOf([1], { requests: [4] })); // what the floor engine answers
    await until('4 closed again', () => sim.state.on.join() === '1');
    await sleep(3 * VERIFY_MS);
    expect(d.inputs).toHaveLength(1); // closing it was ours: not a press

    // The speaker closes their own mic with the button: a press too.
    sim.pressButton(1);
    await until('press of 1', () => d.inputs.length === 2);
    expect(d.inputs[1]).toMatchObject({ seat: 1, action: 'press' });
    d.driver.floor(floorOf([]));
    await sleep(3 * VERIFY_MS);
    expect(sim.state.on).toEqual([]);
    expect(d.driver.counters().inferredPresses).toBe(2);

    // A press the engine ignores (no new floor): the next check brings the unit back to the floor.
    sim.pressButton(6);
    await until('press of 6', () => d.inputs.length === 3);
    await until('6 closed by the reconcile', () => sim.state.on.length === 0, 2000);
    expect(d.alarms).toEqual([]);
  });

  it('with a seat map: room seats in, unit ids out; other seats left alone, no all-off over them', {
    timeout: TEST_MS,
  }, async () => {
    const seatMap = { '11': 1, '12': 2, '13': 3 };
    const { sim, commands, connect } = await setup(
      { seats: [11, 12, 13, 40] },
      { seatMap, voting: { enabled: true } },
    );
    const d = await connect();
    expect(d.driver.keypadSeats()).toEqual([1, 2, 3]);
    d.driver.floor(floorOf([1, 3, 99])); // 99 is another device's seat
    await until('sim on [11,13]', () => sorted(sim.state.on).join() === '11,13');
    expect(d.driver.details().unmappedSeats).toEqual([99]);
    sim.pressButton(40); // not this room's seat: state, but no press
    sim.pressButton(12);
    await until('press of room seat 2', () => d.inputs.length === 1);
    expect(d.inputs[0]!.seat).toBe(2);
    const mark = commands.length;
    d.driver.floor(floorOf([]));
    await until('ours off', () => sorted(sim.state.on).join() === '40');
    await sleep(3 * VERIFY_MS);
    expect(commands.slice(mark).sort()).toEqual(['mic_off 11', 'mic_off 12', 'mic_off 13']);
    expect(d.driver.details().foreignOpen).toEqual([40]);
    expect(d.alarms).toEqual([]);
  });

  it('a seat the unit will not open: retries, then an alarm; cleared when it matches', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, commands, connect } = await setup({ seats: 4 });
    sim.setSeatOnline(2, false);
    const d = await connect();
    let atAlarm: string[] = [];
    d.driver.on('alarm', () => {
      atAlarm = [...commands];
    });
    const mark = commands.length;
    d.driver.floor(floorOf([1, 2]));
    await until('alarm', () => d.alarms.length === 1);
    expect(d.alarms[0]).toMatchObject({
      key: 'seat:2',
      seat: 2,
      message: expect.stringMatching(/seat 2.*on.*off/),
    });
    expect(d.driver.alarms()).toMatchObject([{ key: 'seat:2' }]);
    // First send, then maxRetries (2) rounds of "start the stream again + re-send", then the alarm
    // (raised in the third round, which re-sends too).
    expect(atAlarm.slice(mark)).toEqual([
      'mic_on 1',
      'mic_on 2',
      'stream_start',
      'mic_on 2',
      'stream_start',
      'mic_on 2',
    ]);
    // It keeps checking, with a doubling delay.
    await until('a re-send after the alarm', () => commands.length >= atAlarm.length + 2, 3000);
    expect(d.driver.status.status).toBe('ok');

    sim.setSeatOnline(2, true);
    await until('cleared', () => d.cleared.length === 1, 5000);
    expect(d.cleared).toEqual([{ key: 'seat:2', seat: 2 }]);
    expect(sorted(sim.state.on)).toEqual([1, 2]);
    expect(d.driver.alarms()).toEqual([]);
    expect(d.driver.counters().retries).toBeGreaterThanOrEqual(3);
  });

  it('a unit that goes silent: floor() still returns at once; alarms, no hang; recovers when it talks', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, connect } = await setup({ seats: 4 });
    const d = await connect();
    sim.setSilent(true);
    // floor() returns at once (void: it cannot wait for the silent unit); only the last one counts.
    for (let i = 0; i < 200; i++) d.driver.floor(floorOf([(i % 4) + 1]));
    d.driver.floor(floorOf([1, 2]));
    await until('two alarms', () => d.alarms.length === 2, 3000);
    expect(d.driver.alarms().map((a) => a.seat)).toEqual([1, 2]);
    expect(d.driver.status.status).toBe('ok'); // the link is fine; the alarms say what is wrong
    await expect(d.driver.execute({ type: 'all_off' })).resolves.toMatchObject({ written: 'E3 ED 00' });
    d.driver.floor(floorOf([1, 2]));
    // The unit acted all along; when it talks again, the next stream start shows it and alarms clear.
    sim.setSilent(false);
    await until('alarms cleared', () => d.driver.alarms().length === 0, 5000);
    expect(sorted(sim.state.on)).toEqual([1, 2]);
  });

  it('a unit that never sends a stream frame: write-only, never an alarm, never blocking', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, commands, connect } = await setup({ seats: 4, streamSupported: false });
    const d = await connect();
    // floor() returns at once (void: it cannot wait for the unit); the unit's state shows the rest.
    d.driver.floor(floorOf([1, 2]));
    await until('sim on [1,2]', () => sorted(sim.state.on).join() === '1,2');
    sim.setSeatOnline(2, false); // the unit closes 2, and says nothing
    d.driver.floor(floorOf([1, 2, 3]));
    await until('sim on [1,3]', () => sorted(sim.state.on).join() === '1,3');
    await sleep(1300); // past the first stream wait (max(1 s, 4 × verifyMs))
    expect(d.alarms).toEqual([]);
    expect(d.inputs).toEqual([]);
    const details = d.driver.details();
    expect(details).toMatchObject({ mode: 'waiting-for-stream', reported: null, assumed: [1, 2, 3] });
    expect(details.note).toMatch(/not verified.*nothing alarms/);
    // The stream is asked for again, with a growing pause.
    expect(commands.filter((c) => c === 'stream_start').length).toBe(2);
    expect(d.logs.some((l) => l.level === 'warn' && /no mic-state frame yet/.test(l.msg ?? ''))).toBe(true);
  });

  it('micStream.enabled false: write-only by option; no stream start, presses unseen, no alarms', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, commands, connect } = await setup({ seats: 4 }, { micStream: { enabled: false } });
    const d = await connect();
    d.driver.floor(floorOf([1]));
    await until('sim on [1]', () => sim.state.on.join() === '1');
    sim.setSeatOnline(1, false);
    d.driver.floor(floorOf([1, 2]));
    await sleep(5 * VERIFY_MS);
    expect(commands).not.toContain('stream_start');
    expect(d.alarms).toEqual([]);
    expect(d.driver.details()).toMatchObject({
      mode: 'write-only',
      note: expect.stringMatching(/enabled is false/),
    });
    d.driver.floor(floorOf([]));
    await until('all off', () => sim.state.on.length === 0);
    expect(commands.at(-1)).toBe('all_off');
  });

  it('after a dropped connection: disconnected, reconnect, stream restarted, floor re-applied', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, commands, connect } = await setup({ seats: 6 });
    const d = await connect();
    d.driver.floor(floorOf([1, 2]));
    await until('sim on [1,2]', () => sorted(sim.state.on).join() === '1,2');
    await sleep(2 * VERIFY_MS);

    const mark = commands.length;
    const t0 = performance.now();
    let upAt = 0;
    d.driver.on('device.status', (s) => {
      if (s.status === 'ok') upAt = performance.now();
    });
    sim.dropConnection();
    sim.pressButton(1); // while we are away: the delegate closes 1 and 5 opens
    sim.pressButton(5);
    await until('disconnected', () => d.driver.status.status === 'disconnected');
    await until('ok again', () => d.driver.status.status === 'ok');
    await until('floor re-applied', () => sorted(sim.state.on).join() === '1,2');
    const appliedAt = performance.now();
    console.log(
      `taiden-hcs tcp: drop → link up ${(upAt - t0).toFixed(1)} ms, link up → floor re-applied ` +
        `${(appliedAt - upAt).toFixed(1)} ms (reconnect delay 50 ms)`,
    );
    expect(appliedAt - upAt).toBeLessThan(3000);
    expect(commands.slice(mark, mark + 3)).toEqual(['mic_on 1', 'mic_on 2', 'stream_start']);
    expect(commands.slice(mark)).toContain('mic_off 5'); // seen in the new stream's first frame
    expect(d.kinds().slice(-2)).toEqual(['disconnected', 'ok']);
    expect(d.driver.counters().reconnects).toBe(1);
    await sleep(2 * VERIFY_MS);
    expect(d.inputs).toEqual([]); // changes seen only in the first frame are state, not presses
    expect(d.alarms).toEqual([]);
  });

  it('garbled bytes are skipped and counted; frames around them still count', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, connect } = await setup({ seats: 6 });
    const d = await connect();
    d.driver.floor(floorOf([1]));
    await until('sim on [1]', () => sim.state.on.join() === '1');
    await sleep(2 * VERIFY_MS);
    sim.garble(Buffer.from([0x00, 0xff, 0x41, 0x0d, 0x0a]));
    sim.garble(Buffer.from([0xe6, 0x12, 0x09])); // a false header: count 9 > 6 slots
    sim.pressButton(3); // a real frame right behind the noise
    await until('press of 3', () => d.inputs.length === 1);
    expect(d.inputs[0]!.seat).toBe(3);
    sim.garble(Buffer.from([0xe3, 0x01])); // a stray header, then silence: dropped by time
    await sleep(400);
    sim.pressButton(3);
    await until('press of 3 again', () => d.inputs.length === 2);
    const c = d.driver.counters();
    expect(c.discards).toBeGreaterThanOrEqual(4);
    expect(c.discardedBytes).toBeGreaterThanOrEqual(8);
    expect(d.driver.status.status).toBe('ok');
    expect(d.alarms).toEqual([]);
  });

  it('a slow unit (150 ms reply delay, past verifyMs): converges without an alarm', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, connect } = await setup({ seats: 4 });
    const d = await connect();
    sim.setDelay(150);
    // floor() returns at once (void: it cannot wait for the unit); the unit's state shows the rest.
    d.driver.floor(floorOf([1, 2]));
    await until('reported [1,2]', () => (d.driver.details().reported as number[]).join() === '1,2', 3000);
    await sleep(4 * VERIFY_MS);
    expect(d.alarms).toEqual([]);
    expect(d.inputs).toEqual([]);
  });

  it('voting on the keypads: start, interim tallies, end, the final tally', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, commands, connect } = await setup({ seats: 5 }, { voting: { enabled: true } });
    const d = await connect();
    expect(d.driver.keypadSeats()).toEqual([]); // no seat map: the unit names no seats
    d.driver.vote({ id: 'v1', state: 'open', secret: false });
    await until('vote started', () => sim.state.voting !== null);
    sim.castVote(1, 'yes');
    sim.castVote(2, 'no');
    await until('two interim tallies', () => d.tallies.length === 2);
    expect(d.tallies[1]).toMatchObject({ voteId: 'v1', yes: 1, no: 1, abstain: 0, final: false });
    d.driver.vote({ id: 'v1', state: 'open', secret: false }); // repeated: not started again
    sim.castVote(3, 'abstain');
    await until('third tally', () => d.tallies.length === 3);
    d.driver.vote({ id: 'v1', state: 'closed', secret: false });
    await until('final', () => d.tallies.some((t) => t.final));
    expect(d.tallies.at(-1)).toMatchObject({ voteId: 'v1', yes: 1, no: 1, abstain: 1, final: true });
    expect(commands.filter((c) => c.startsWith('vote_'))).toEqual(['vote_start', 'vote_end']);
    // The room clears the vote right after closing it: a final that comes late still counts.
    d.driver.vote(null);
    sim.garble(Buffer.from('E3 0005 0002 0001 0001'.replace(/ /g, ''), 'hex'));
    await until('late final', () => d.tallies.length === 5);
    expect(d.tallies.at(-1)).toMatchObject({ voteId: 'v1', yes: 2, final: true });

    // Dropped without closing: ended on the unit, and its result belongs to no vote.
    d.driver.vote({ id: 'v2', state: 'open', secret: true });
    await until('v2 running', () => sim.state.voting !== null);
    const n = d.tallies.length;
    d.driver.vote(null);
    await until('v2 ended', () => sim.state.voting === null);
    await sleep(50);
    expect(d.tallies.length).toBe(n);
    expect(d.driver.counters().unexpectedTallies).toBe(1);
  });

  it('camera tracking: started on connect; the unit calls presets, shown in details', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, commands, connect } = await setup({ seats: 4 }, { cameraTracking: { enabled: true } });
    const d = await connect();
    expect(commands).toContain('camera_start');
    d.driver.floor(floorOf([3]));
    await until(
      'preset 3',
      () => (d.driver.details().camera as { last: { seat: number } | null }).last?.seat === 3,
    );
    d.driver.floor(floorOf([]));
    await until(
      'panorama',
      () => (d.driver.details().camera as { last: { panorama: boolean } }).last.panorama,
    );
    expect(sim.state.camera).toBe(0);
  });

  it('all-mics-off in the other form: both sides configured for E6 ED', { timeout: TEST_MS }, async () => {
    const { sim, commands, connect } = await setup(
      { seats: 4, allOffCode: 'E6 ED' },
      { allOffCode: 'E6 ED' },
    );
    const d = await connect();
    d.driver.floor(floorOf([1, 2, 3]));
    await until('on', () => sim.state.on.length === 3);
    d.driver.floor(floorOf([]));
    await until('off', () => sim.state.on.length === 0);
    expect(commands.at(-1)).toBe('all_off');
    expect(d.alarms).toEqual([]);
  });

  it('a wrong allOffCode for the model: the retry closes mics seat by seat, and the log says why', {
    timeout: TEST_MS,
  }, async () => {
    const { sim, commands, connect } = await setup({ seats: 4, allOffCode: 'E6 ED' });
    const d = await connect();
    d.driver.floor(floorOf([1, 2]));
    await until('on', () => sim.state.on.length === 2);
    await sleep(2 * VERIFY_MS);
    d.driver.floor(floorOf([]));
    await until('off', () => sim.state.on.length === 0, 2000);
    expect(commands).toContain('mic_off 1');
    expect(d.logs.some((l) => l.level === 'warn' && /allOffCode/.test(l.msg ?? ''))).toBe(true);
    expect(d.alarms).toEqual([]);
  });

  it('a layout mismatch is visible and causes no false alarms or presses', { timeout: TEST_MS }, async () => {
    // The unit writes `count` frames; the driver expects the default fixed 6 × 16 bit.
    const { sim, connect } = await setup({ seats: 4, micStream: { layout: 'count' } });
    const d = await connect();
    d.driver.floor(floorOf([1, 2]));
    await until('on', () => sim.state.on.length === 2);
    sim.pressButton(3);
    await sleep(800);
    expect(d.alarms).toEqual([]);
    expect(d.inputs).toEqual([]);
    expect(d.driver.details()).toMatchObject({ mode: 'waiting-for-stream' });
    expect(d.driver.counters().discards).toBeGreaterThan(0);
    // What the unit sent is in the log for whoever sets the layout, once, as a warning.
    const misfit = d.logs.filter(
      (l) => l.level === 'warn' && /do not fit the configured layout/.test(l.msg ?? ''),
    );
    expect(misfit).toHaveLength(1);
    expect(misfit[0]!.obj.hex).toMatch(/^E6 /);
    expect(d.driver.counters().layoutWarnings).toBe(1);
  });

  it('technician commands: written at once, bad ones rejected with codes', { timeout: TEST_MS }, async () => {
    const { sim, commands, connect } = await setup({ seats: 4 });
    const d = await connect();
    await expect(d.driver.execute({ type: 'mic', seat: 2, on: true })).resolves.toEqual({
      written: 'E6 F1 00 02',
    });
    await until('2 on', () => sim.state.on.join() === '2');
    await sleep(2 * VERIFY_MS);
    expect(d.inputs).toEqual([]); // ours, not a delegate's
    await expect(d.driver.execute({ type: 'video_input', channel: 2 })).resolves.toEqual({
      written: 'E3 EA 02',
    });
    await expect(d.driver.execute({ type: 'raw', hex: 'E6 F1 00 03' })).resolves.toEqual({
      written: 'E6 F1 00 03',
    });
    await until('3 on', () => sorted(sim.state.on).join() === '2,3');
    await expect(d.driver.execute({ type: 'camera_tracking', on: true })).resolves.toEqual({
      written: 'E3 E4 00',
    });

    // Stream off: write-only until it is started again; nothing alarms meanwhile.
    await d.driver.execute({ type: 'stream', on: false });
    await until('stream stopped', () => !sim.state.streaming);
    sim.setSeatOnline(1, false);
    d.driver.floor(floorOf([1]));
    await sleep(5 * VERIFY_MS);
    expect(d.alarms).toEqual([]);
    expect(d.driver.details()).toMatchObject({
      mode: 'write-only',
      note: expect.stringMatching(/technician/),
    });
    await d.driver.execute({ type: 'stream', on: true });
    await until('reconciling', () => d.driver.details().mode === 'reconciling');
    await until('alarm for 1 (offline)', () => d.alarms.some((a) => a.seat === 1), 3000);

    for (const bad of [
      { type: 'mic', seat: 0, on: true },
      { type: 'mic', seat: 70000, on: true },
      { type: 'mic', seat: 1 },
      { type: 'video_input', channel: 300 },
      { type: 'raw', hex: 'XYZ' },
      { type: 'raw', hex: '00'.repeat(65) },
      { type: 'nope' },
      null,
    ]) {
      const err = await d.driver.execute(bad).catch((e: unknown) => e);
      expect(err, JSON.stringify(bad)).toBeInstanceOf(BridgeError);
      expect((err as BridgeError).code).toBe('E_BAD_COMMAND');
    }
    expect(commands.filter((c) => c === 'unknown')).toEqual([]);
    await d.driver.stop();
    const err = await d.driver.execute({ type: 'all_off' }).catch((e: unknown) => e);
    expect((err as BridgeError).code).toBe('E_NOT_CONNECTED');
  });

  it('bad configuration is bad_config, never a throw', async () => {
    const a = startDriver('tcp://127.0.0.1');
    onCleanup(() => a.driver.stop());
    expect(a.driver.status.status).toBe('bad_config');
    const b = startDriver('tcp://127.0.0.1:1', { seatMap: { '1': 5, '2': 5 } });
    onCleanup(() => b.driver.stop());
    expect(b.driver.status).toMatchObject({
      status: 'bad_config',
      message: expect.stringMatching(/room seat 5/),
    });
    const c = startDriver('tcp://127.0.0.1:1', { micStream: { slots: 0 } });
    onCleanup(() => c.driver.stop());
    expect(c.driver.status).toMatchObject({ status: 'bad_config', message: expect.stringMatching(/slots/) });
    // A floor or vote before any connection: accepted, kept for later, nothing thrown.
    expect(() => c.driver.floor(floorOf([1]))).not.toThrow();
    expect(() => c.driver.vote({ id: 'x', state: 'open', secret: false })).not.toThrow();
  });
});
