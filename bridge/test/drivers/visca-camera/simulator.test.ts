// The simulator itself, checked against the documented bytes with raw sockets (no codec of ours on
// either side): if it drifted from the Sony layouts, every driver test against it would be worthless.
import { createSocket, type Socket } from 'node:dgram';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startViscaSimulatorTcp, ViscaSimulator } from '../../../src/drivers/visca-camera/simulator.ts';
import { onCleanup } from '../../helpers/wait.ts';
import { collect, sleep } from '../../transports/helpers.ts';

const h = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const hx = (b: Buffer) => b.toString('hex').toUpperCase().match(/../g)?.join(' ') ?? '';

/** A raw UDP client talking to the simulator; `next()` waits (bounded) for the next datagram. */
async function udpClient(port: number) {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  onCleanup(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  const inbox: Buffer[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (m) => {
    inbox.push(m);
    waiters.splice(0).forEach((w) => {
      w();
    });
  });
  return {
    send: (bytes: string | Buffer) =>
      socket.send(typeof bytes === 'string' ? h(bytes) : bytes, port, '127.0.0.1'),
    async next(ms = 1000): Promise<string> {
      const deadline = Date.now() + ms;
      while (inbox.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no datagram within ${ms} ms`);
        await Promise.race([new Promise<void>((r) => waiters.push(r)), sleep(left)]);
      }
      return hx(inbox.shift()!);
    },
    /** Nothing arrives for `ms`. */
    async quiet(ms = 100): Promise<void> {
      await sleep(ms);
      if (inbox.length > 0) throw new Error(`unexpected datagram ${hx(inbox[0]!)}`);
    },
  };
}

async function udpSim(options: ConstructorParameters<typeof ViscaSimulator>[0] = {}) {
  const sim = new ViscaSimulator({ moveMs: 30, ...options });
  const port = await sim.listenUdp();
  onCleanup(() => sim.close());
  return { sim, port, client: await udpClient(port) };
}

describe('ViscaSimulator over VISCA over IP (raw datagrams)', () => {
  it('RESET, then a recall: ACK then completion, both carrying the request sequence number', async () => {
    const { sim, client } = await udpSim();
    client.send('02 00 00 01 00 00 00 09 01');
    expect(await client.next()).toBe('02 01 00 01 00 00 00 09 01');
    client.send('01 00 00 07 00 00 00 01 81 01 04 3F 02 05 FF');
    expect(await client.next()).toBe('01 11 00 03 00 00 00 01 90 41 FF');
    expect(sim.state.moving).toEqual([5]);
    expect(await client.next()).toBe('01 11 00 03 00 00 00 01 90 51 FF');
    expect(sim.state).toMatchObject({ preset: 5, moving: [], recalls: 1, lastSequence: 1 });
  });

  it('power inquiry: 02 on, 03 standby; in standby a recall is not executable', async () => {
    const { sim, client } = await udpSim();
    client.send('01 10 00 05 00 00 00 01 81 09 04 00 FF');
    expect(await client.next()).toBe('01 11 00 04 00 00 00 01 90 50 02 FF');
    sim.setPower('standby');
    client.send('01 10 00 05 00 00 00 02 81 09 04 00 FF');
    expect(await client.next()).toBe('01 11 00 04 00 00 00 02 90 50 03 FF');
    client.send('01 00 00 07 00 00 00 03 81 01 04 3F 02 05 FF');
    expect(await client.next()).toBe('01 11 00 04 00 00 00 03 90 61 41 FF');
    expect(sim.state.recalls).toBe(0);
  });

  it('a re-sent or older sequence number gets ERROR 0F 01 and is not executed again', async () => {
    const { sim, client } = await udpSim();
    const recall = (seq: string) => `01 00 00 07 ${seq} 81 01 04 3F 02 07 FF`;
    client.send(recall('00 00 00 10'));
    expect(await client.next()).toBe('01 11 00 03 00 00 00 10 90 41 FF');
    expect(await client.next()).toBe('01 11 00 03 00 00 00 10 90 51 FF');
    client.send(recall('00 00 00 10')); // the same number again: a retransmission
    expect(await client.next()).toBe('02 00 00 02 00 00 00 10 0F 01');
    client.send(recall('00 00 00 0F')); // older
    expect(await client.next()).toBe('02 00 00 02 00 00 00 0F 0F 01');
    expect(sim.state.recalls).toBe(1);
    client.send(recall('00 00 00 14')); // newer, with a gap (lost datagrams): fine
    expect(await client.next()).toBe('01 11 00 03 00 00 00 14 90 41 FF');
    await client.next();
    // After RESET any number is accepted again.
    client.send('02 00 00 01 00 00 00 00 01');
    expect(await client.next()).toBe('02 01 00 01 00 00 00 00 01');
    client.send(recall('00 00 00 01'));
    expect(await client.next()).toBe('01 11 00 03 00 00 00 01 90 41 FF');
    await client.next();
    expect(sim.state.recalls).toBe(3);
  });

  it('the sequence number wraps: 0 follows FFFFFFFF', async () => {
    const { client } = await udpSim();
    client.send('01 10 00 05 FF FF FF FF 81 09 04 00 FF');
    expect(await client.next()).toBe('01 11 00 04 FF FF FF FF 90 50 02 FF');
    client.send('01 10 00 05 00 00 00 00 81 09 04 00 FF');
    expect(await client.next()).toBe('01 11 00 04 00 00 00 00 90 50 02 FF');
  });

  it('sequenceCheck false accepts any number, as many clones do', async () => {
    const { client } = await udpSim({ sequenceCheck: false });
    for (let i = 0; i < 2; i++) {
      client.send('01 10 00 05 00 00 00 00 81 09 04 00 FF');
      expect(await client.next()).toBe('01 11 00 04 00 00 00 00 90 50 02 FF');
    }
  });

  it('malformed datagrams get ERROR 0F 02; one shorter than the header gets silence', async () => {
    const { client } = await udpSim();
    client.send('01 00 00 07 00 00 00 01 81 01 04 FF'); // length says 7, 4 came
    expect(await client.next()).toBe('02 00 00 02 00 00 00 01 0F 02');
    client.send('07 00 00 01 00 00 00 02 01'); // unknown payload type
    expect(await client.next()).toBe('02 00 00 02 00 00 00 02 0F 02');
    client.send('02 00 00 01 00 00 00 03 05'); // a control command other than RESET
    expect(await client.next()).toBe('02 00 00 02 00 00 00 03 0F 02');
    client.send('01 00 00');
    await client.quiet();
    // A payload that is no VISCA packet for address 1: syntax error.
    client.send('01 00 00 03 00 00 00 04 82 01 FF');
    expect(await client.next()).toBe('01 11 00 04 00 00 00 04 90 60 02 FF');
  });

  it('two sockets: a third command while two move is "buffer full"; unknown commands are syntax errors', async () => {
    const { client } = await udpSim({ moveMs: 200 });
    for (const [seq, preset] of [
      ['01', '01'],
      ['02', '02'],
      ['03', '03'],
    ]) {
      client.send(`01 00 00 07 00 00 00 ${seq} 81 01 04 3F 02 ${preset} FF`);
    }
    expect(await client.next()).toBe('01 11 00 03 00 00 00 01 90 41 FF');
    expect(await client.next()).toBe('01 11 00 03 00 00 00 02 90 42 FF');
    expect(await client.next()).toBe('01 11 00 04 00 00 00 03 90 60 03 FF');
    client.send('01 00 00 04 00 00 00 04 81 01 7E FF');
    expect(await client.next()).toBe('01 11 00 04 00 00 00 04 90 60 02 FF');
  });

  it('fault hooks: failNext, dropCompletions, garble, silent, delay', async () => {
    const { sim, client } = await udpSim();
    const recall = (seq: number) =>
      Buffer.concat([h('01 00 00 07 00 00 00'), Buffer.from([seq]), h('81 01 04 3F 02 02 FF')]);
    sim.failNext(0x41);
    client.send(recall(1));
    expect(await client.next()).toBe('01 11 00 04 00 00 00 01 90 61 41 FF');
    sim.failNext(0x03);
    client.send(recall(2));
    expect(await client.next()).toBe('01 11 00 04 00 00 00 02 90 60 03 FF');
    sim.dropCompletions(1);
    client.send(recall(3));
    expect(await client.next()).toBe('01 11 00 03 00 00 00 03 90 41 FF');
    await client.quiet(100);
    expect(sim.state.preset).toBe(2); // it moved; only the completion was lost
    sim.garble(h('DE AD'));
    expect(await client.next()).toBe('DE AD');
    sim.setSilent(true);
    client.send(recall(4));
    await client.quiet(100);
    sim.setSilent(false);
    sim.setDelay(150);
    const t0 = performance.now();
    client.send('01 10 00 05 00 00 00 05 81 09 04 00 FF');
    expect(await client.next()).toBe('01 11 00 04 00 00 00 05 90 50 02 FF');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('stop() is a power cut: no answer; restart() answers on the same port with the sequence forgotten', async () => {
    const { sim, port, client } = await udpSim();
    client.send('01 10 00 05 00 00 00 07 81 09 04 00 FF');
    await client.next();
    await sim.stop();
    client.send('01 10 00 05 00 00 00 08 81 09 04 00 FF');
    await client.quiet(100);
    await sim.restart();
    expect(sim.udpPort).toBe(port);
    expect(sim.state).toMatchObject({ lastSequence: null, preset: null, running: true });
    client.send('01 10 00 05 00 00 00 01 81 09 04 00 FF'); // older than 7: accepted, it forgot
    expect(await client.next()).toBe('01 11 00 04 00 00 00 01 90 50 02 FF');
  });
});

describe('ViscaSimulator over a byte stream (classic VISCA, raw TCP)', () => {
  async function streamSim(options: ConstructorParameters<typeof ViscaSimulator>[0] = {}) {
    const tcp = await startViscaSimulatorTcp({ moveMs: 30, ...options });
    onCleanup(() => tcp.close());
    const socket = net.connect(tcp.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    onCleanup(() => socket.destroy());
    const got = collect(socket);
    return { sim: tcp.sim, socket, got };
  }

  it('Address Set, IF_Clear, a recall and an inquiry, split and merged writes, noise skipped', async () => {
    const { sim, socket, got } = await streamSim({ address: null });
    socket.write(h('81 01 04 3F 02 05 FF')); // no address yet: passed back round the chain
    expect(hx(await got.bytes(7))).toBe('81 01 04 3F 02 05 FF');
    socket.write(h('00 12 88 30 01 FF 88 01')); // noise, Address Set, half an IF_Clear
    await sleep(20);
    socket.write(h('00 01 FF'));
    expect(hx((await got.bytes(16)).subarray(7))).toBe('88 30 02 FF 88 01 00 01 FF');
    expect(sim.state.address).toBe(1);
    socket.write(h('81 01 04 3F 02 05 FF 81 09 04 00 FF'));
    expect(hx((await got.bytes(26)).subarray(16))).toBe('90 41 FF 90 50 02 FF 90 51 FF');
    socket.write(h('81 01 00 01 FF 82 09 04 00 FF')); // IF_Clear for 1; a message for camera 2 comes back
    expect(hx((await got.bytes(34)).subarray(26))).toBe('90 50 FF 82 09 04 00 FF');
    // Over 16 bytes without FF: dropped up to the next FF, then normal again.
    socket.write(Buffer.concat([h('81'), Buffer.alloc(20, 1), h('FF 81 09 04 00 FF')]));
    expect(hx((await got.bytes(38)).subarray(34))).toBe('90 50 02 FF');
    expect(sim.state.preset).toBe(5);
  });

  it('Command Cancel: 04 for a busy socket, 05 for an idle one', async () => {
    const { socket, got } = await streamSim({ moveMs: 300 });
    socket.write(h('81 01 04 3F 02 05 FF'));
    expect(hx(await got.bytes(3))).toBe('90 41 FF');
    socket.write(h('81 21 FF 81 22 FF'));
    expect(hx((await got.bytes(11)).subarray(3))).toBe('90 61 04 FF 90 62 05 FF');
  });
});
