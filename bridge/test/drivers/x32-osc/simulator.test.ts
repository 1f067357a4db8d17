// The X32 simulator against a raw UDP client and hand-written bytes, so the other side of the wire
// the driver tests rely on is itself checked against the OSC 1.0 layout, not against our codec.
import { createSocket, type Socket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { next } from '../../transports/helpers.ts';
import { onCleanup, sleep, startSim, until } from './helpers.ts';

const raw = (s: string) => Buffer.from(s, 'latin1');
const i32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};

async function client(): Promise<{ socket: Socket; got: Buffer[] }> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await next(socket, 'listening');
  onCleanup(() => new Promise<void>((r) => socket.close(() => r())));
  const got: Buffer[] = [];
  socket.on('message', (m) => got.push(m));
  return { socket, got };
}

describe('X32Simulator bytes', () => {
  it('answers /xinfo, /info, /status and queries with OSC 1.0 bytes', async () => {
    const { sim } = await startSim({ ip: '10.0.0.9', name: 'X32-AB', model: 'X32', version: '4.06' });
    const { socket, got } = await client();
    const ask = async (bytes: Buffer) => {
      const n = got.length;
      socket.send(bytes, sim.port, '127.0.0.1');
      await until('reply', () => got.length > n, 1000);
      return got[n]!.toString('latin1');
    };
    expect(await ask(raw('/xinfo\0\0,\0\0\0'))).toBe(
      '/xinfo\0\0,ssss\0\0\0' + '10.0.0.9\0\0\0\0X32-AB\0\0X32\0' + '4.06\0\0\0\0',
    );
    expect(await ask(raw('/info\0\0\0'))).toBe(
      '/info\0\0\0,ssss\0\0\0V2.07\0\0\0osc-server\0\0X32\0' + '4.06\0\0\0\0',
    );
    expect(await ask(raw('/status\0,\0\0\0'))).toBe(
      '/status\0,sss\0\0\0\0active\0\0' + '10.0.0.9\0\0\0\0X32-AB\0\0',
    );
    // A query, with and without the empty type tag string.
    const on1 = `/ch/01/mix/on\0\0\0,i\0\0${i32(1).toString('latin1')}`;
    expect(await ask(raw('/ch/01/mix/on\0\0\0,\0\0\0'))).toBe(on1);
    expect(await ask(raw('/ch/01/mix/on\0\0\0'))).toBe(on1);
  });

  it('applies sets silently unless subscribed; pushes to subscribers; rounds faders to 1024 steps', async () => {
    const { sim } = await startSim({ xremoteMs: 200 });
    const { socket, got } = await client();
    socket.send(Buffer.concat([raw('/ch/05/mix/on\0\0\0,i\0\0'), i32(0)]), sim.port, '127.0.0.1');
    await until('applied', () => !sim.strip(5).on, 1000);
    await sleep(30);
    expect(got).toEqual([]); // no acknowledgement
    socket.send(raw('/xremote\0\0\0\0,\0\0\0'), sim.port, '127.0.0.1');
    await until('subscribed', () => sim.subscriberCount === 1, 1000);
    const fader = Buffer.alloc(4);
    fader.writeFloatBE(0.8);
    socket.send(Buffer.concat([raw('/ch/05/mix/fader\0\0\0\0,f\0\0'), fader]), sim.port, '127.0.0.1');
    await until('echo', () => got.length === 1, 1000);
    expect(got[0]!.subarray(0, 24).toString('latin1')).toBe('/ch/05/mix/fader\0\0\0\0,f\0\0');
    expect(got[0]!.readFloatBE(24)).toBeCloseTo(Math.round(0.8 * 1023) / 1023, 6);
    sim.setChannelOn('auxin/02', true);
    await until('desk push', () => got.length === 2, 1000);
    expect(got[1]!.toString('latin1')).toBe(`/auxin/02/mix/on\0\0\0\0,i\0\0${i32(1).toString('latin1')}`);
    // The subscription runs out.
    await sleep(250);
    sim.setChannelOn(3, false);
    await sleep(30);
    expect(got.length).toBe(2);
    expect(sim.subscriberCount).toBe(0);
  });

  it('ignores unknown addresses, out-of-range values and garbage; restarts on the same port', async () => {
    const { sim } = await startSim();
    const { socket, got } = await client();
    const garbage: Buffer[] = [];
    sim.on('garbage', (b) => garbage.push(b));
    socket.send(raw('/ch/33/mix/on\0\0\0,\0\0\0'), sim.port, '127.0.0.1');
    socket.send(Buffer.concat([raw('/ch/01/mix/on\0\0\0,i\0\0'), i32(7)]), sim.port, '127.0.0.1');
    socket.send(raw('/nothing\0\0\0\0,\0\0\0'), sim.port, '127.0.0.1');
    socket.send(raw('\xff\xfe'), sim.port, '127.0.0.1');
    await until('garbage seen', () => garbage.length === 1, 1000);
    await sleep(30);
    expect(got).toEqual([]);
    expect(sim.strip(1).on).toBe(true);
    const port = sim.port;
    await sim.stop();
    await sim.restart();
    expect(sim.port).toBe(port);
    socket.send(raw('/xinfo\0\0,\0\0\0'), sim.port, '127.0.0.1');
    await until('answers after restart', () => got.length === 1, 1000);
  });
});
