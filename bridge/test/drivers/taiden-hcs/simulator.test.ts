// The Taiden HCS simulator against hand-written bytes over real loopback TCP: what it sends must be
// the fact sheet's layouts (shared/protocols/conference-systems.md, "Taiden HCS central-control
// protocol"), since the driver tests trust it as the other side of the wire.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  startTaidenSimulatorTcp,
  type TaidenSimulatorOptions,
} from '../../../src/drivers/taiden-hcs/simulator.ts';
import { onCleanup } from '../../helpers/wait.ts';
import { collect, sleep } from '../../transports/helpers.ts';

const b = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
const Z = (slots: number) => '0000'.repeat(slots);

async function setup(options: TaidenSimulatorOptions = {}) {
  const tcp = await startTaidenSimulatorTcp(options);
  onCleanup(() => tcp.close());
  const socket = net.connect(tcp.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  onCleanup(() => socket.destroy());
  const commands: string[] = [];
  tcp.sim.on('command', (name) => commands.push(name));
  const rx = collect(socket);
  let seen = 0;
  /** The next `hex` bytes the unit sends (bounded wait), as hex. */
  const expectNext = async (hex: string) => {
    const want = b(hex);
    const all = await rx.bytes(seen + want.length, 2000);
    const got = all.subarray(seen, seen + want.length);
    seen += want.length;
    expect(got.toString('hex').toUpperCase()).toBe(want.toString('hex').toUpperCase());
  };
  const quiet = async (ms = 60) => {
    await sleep(ms);
    expect(rx.all().length - seen).toBe(0);
  };
  return { sim: tcp.sim, socket, commands, expectNext, quiet };
}

describe('TaidenSimulator (fixed layout, 6 × 16-bit slots)', () => {
  it('streams mic state after E3 04 00, on host commands and on button presses', async () => {
    const { sim, socket, commands, expectNext, quiet } = await setup({ seats: 8, maxOpen: 2 });
    socket.write(b('E6 F1 00 03')); // before the stream: acts, sends nothing
    await quiet();
    expect(sim.state.on).toEqual([3]);

    socket.write(b('E3 04 00'));
    await expectNext(`E6 01 01 0003 ${Z(5)}`); // snapshot: operation 0, one active
    sim.pressButton(5);
    await expectNext(`E6 12 02 0003 0005 ${Z(4)}`); // operation 1 (opened), two active
    expect(sim.pressButton(6)).toBe(false); // the HCS's own limit: 2 delegates
    await quiet();
    socket.write(b('E6 F2 00 03'));
    await expectNext(`E6 21 01 0005 ${Z(5)}`); // operation 2 (closed)
    socket.write(b('E6 F2 00 03')); // already off: no change, no frame
    await quiet();
    socket.write(b('E6 F1 01 00')); // seat 256 does not exist
    await quiet();
    socket.write(b('E3 ED 00'));
    await expectNext(`E6 30 00 ${Z(6)}`); // operation 3 (all off)
    socket.write(b('E3 05 00'));
    await sleep(30);
    sim.pressButton(1);
    await quiet();
    expect(commands).toEqual([
      'mic_on 3',
      'stream_start',
      'mic_off 3',
      'mic_off 3',
      'mic_on 256',
      'all_off',
      'stream_stop',
    ]);
  });

  it('lists the first six of more than six open mics; the active count says how many', async () => {
    const { sim, socket, expectNext } = await setup({ seats: 10 });
    for (let s = 1; s <= 7; s++) socket.write(b(`E6 F1 00 0${s}`));
    await sleep(30);
    socket.write(b('E3 04 00'));
    await expectNext('E6 07 06 0001 0002 0003 0004 0005 0006');
    expect(sim.state.on).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('skips bytes it cannot read and acts on what follows; split commands are joined', async () => {
    const { sim, socket, commands } = await setup();
    socket.write(b('FF 00 E6 AA E3 07 00 E3 04 01 E6'));
    await sleep(20);
    socket.write(b('F1 00'));
    await sleep(20);
    socket.write(b('02'));
    await sleep(30);
    expect(sim.state.on).toEqual([2]);
    expect(commands.filter((c) => c !== 'unknown')).toEqual(['mic_on 2']);
    expect(commands.filter((c) => c === 'unknown').length).toBe(10);
  });

  it('understands only its own all-off form', async () => {
    const { sim, socket, commands } = await setup({ allOffCode: 'E6 ED' });
    socket.write(b('E6 F1 00 01 E6 F1 00 02 E3 ED 00'));
    await sleep(30);
    expect(sim.state.on).toEqual([1, 2]);
    socket.write(b('E6 ED'));
    await sleep(30);
    expect(sim.state.on).toEqual([]);
    expect(commands).toEqual(['mic_on 1', 'mic_on 2', 'unknown', 'unknown', 'unknown', 'all_off']);
  });

  it('runs a vote: interim results per ballot, the final one after E3 02 00', async () => {
    const { sim, socket, expectNext, quiet } = await setup({ seats: 5 });
    expect(sim.castVote(1, 'yes')).toBe(false); // no vote running
    socket.write(b('E3 01 00'));
    await sleep(20);
    sim.castVote(1, 'yes');
    await expectNext('E3 0005 0001 0000 0000');
    sim.castVote(2, 'no');
    await expectNext('E3 0005 0001 0001 0000');
    sim.castVote(2, 'abstain'); // a later ballot replaces the earlier
    await expectNext('E3 0005 0001 0000 0001');
    sim.setSeatOnline(5, false); // present drops; its (absent) ballot with it
    socket.write(b('E3 02 00'));
    await expectNext('E3 0004 0001 0000 0001');
    socket.write(b('E3 02 00')); // no vote running: nothing
    await quiet();
  });

  it('has the HCS camera rule: own preset, chair first, else the lowest id, panorama when none', async () => {
    const { socket, expectNext, quiet } = await setup({ seats: 8, chairSeats: [7] });
    socket.write(b('E3 E4 00'));
    await expectNext('E5 00 00');
    socket.write(b('E6 F1 00 05'));
    await expectNext('E5 00 05');
    socket.write(b('E6 F1 00 03'));
    await expectNext('E5 00 03'); // several open: the lowest id
    socket.write(b('E6 F1 00 07'));
    await expectNext('E5 00 07'); // the chair
    socket.write(b('E6 F1 00 01'));
    await quiet(); // the chair still has it: no call
    socket.write(b('E6 F2 00 07 E6 F2 00 01 E6 F2 00 03'));
    await expectNext('E5 00 01 E5 00 03 E5 00 05');
    socket.write(b('E6 F2 00 05'));
    await expectNext('E5 00 00');
    socket.write(b('E3 E5 00 E6 F1 00 02'));
    await quiet();
  });

  it('count layout with 8-bit ids, when configured', async () => {
    const { socket, expectNext } = await setup({ micStream: { layout: 'count', idBytes: 1 } });
    socket.write(b('E3 04 00'));
    await expectNext('E6 00 00');
    socket.write(b('E6 F1 00 04'));
    await expectNext('E6 11 01 04');
  });

  it('fault hooks: silent acts without writing; delay; garble; dropConnection', async () => {
    const { sim, socket, expectNext, quiet } = await setup();
    socket.write(b('E3 04 00'));
    await expectNext(`E6 00 00 ${Z(6)}`);
    sim.setSilent(true);
    socket.write(b('E6 F1 00 01'));
    await quiet();
    expect(sim.state.on).toEqual([1]);
    sim.garble(b('AB CD')); // noise is written even by a silent unit
    await expectNext('AB CD');
    sim.setSilent(false);
    sim.setDelay(120);
    const t0 = performance.now();
    sim.pressButton(2);
    await expectNext(`E6 12 02 0001 0002 ${Z(4)}`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    sim.dropConnection();
    await closed;
    expect(sim.clientCount).toBe(0);
    expect(sim.state.on).toEqual([1, 2]); // the unit keeps its state
  });
});
