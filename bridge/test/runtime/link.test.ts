// Link: status, reconnect and counters against real channels (loopback TCP, a socat pty pair,
// sim://), with the other side of the wire played by the test.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../src/contract/device.ts';
import { Link, type LinkStatus, TRAFFIC_BYTES } from '../../src/runtime/link.ts';
import { createTransport } from '../../src/transports/create-transport.ts';
import { simDevice } from '../../src/transports/sim-transport.ts';
import type { Transport } from '../../src/transports/transport.ts';
import { freePort } from '../helpers/brokers.ts';
import { onCleanup } from '../helpers/wait.ts';
import { collect, next, sleep } from '../transports/helpers.ts';
import { type PtyPair, startPtyPair } from '../transports/pty-pair.ts';

function watch(link: Link) {
  const statuses: LinkStatus[] = [];
  let ups = 0;
  link.on('status', (s) => statuses.push(s));
  link.on('up', () => ups++);
  return { statuses, kinds: () => statuses.map((s) => s.status), ups: () => ups };
}

/** A factory that counts the transports it builds. */
function counting() {
  const made = {
    count: 0,
    create: (url: string) => {
      made.count++;
      return createTransport(url);
    },
  };
  return made;
}

/** A delay function that records the attempts it was asked about. */
function recording(delay: (attempt: number) => number) {
  const attempts: number[] = [];
  return {
    attempts,
    reconnectDelay: (attempt: number) => {
      attempts.push(attempt);
      return delay(attempt);
    },
  };
}

function startLink(url: string, options: Partial<ConstructorParameters<typeof Link>[0]> = {}) {
  const link = new Link({ url, ...options });
  const watched = watch(link);
  onCleanup(() => link.stop());
  link.start();
  return { link, ...watched };
}

async function listen(port = 0): Promise<{ server: Server; port: number; peers: Socket[] }> {
  const peers: Socket[] = [];
  const server = createServer((socket) => peers.push(socket)).listen(port, '127.0.0.1');
  await next(server, 'listening');
  onCleanup(async () => {
    for (const peer of peers) peer.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { server, port: (server.address() as { port: number }).port, peers };
}

const until = (link: Link, status: DeviceStatus, ms = 3000) =>
  new Promise<LinkStatus>((resolve, reject) => {
    if (link.status.status === status) return resolve(link.status);
    const timer = setTimeout(() => reject(new Error(`no "${status}" within ${ms} ms`)), ms);
    const onStatus = (s: LinkStatus) => {
      if (s.status !== status) return;
      clearTimeout(timer);
      link.off('status', onStatus);
      resolve(s);
    };
    link.on('status', onStatus);
  });

describe('Link over TCP', () => {
  it('goes connecting → ok, and after the device drops it: disconnected → ok again, with up each time', async () => {
    const { server, port, peers } = await listen();
    const { attempts: delays, reconnectDelay } = recording(() => 20);
    const { link, kinds, ups } = startLink(`tcp://127.0.0.1:${port}`, { reconnectDelay });
    const down: (Error | undefined)[] = [];
    link.on('down', (e) => down.push(e));
    await until(link, 'ok');
    expect(ups()).toBe(1);
    expect(link.isUp).toBe(true);

    const reconnected = next(server, 'connection');
    peers[0]!.destroy();
    await reconnected;
    await expect.poll(ups).toBe(2);
    expect(kinds()).toEqual(['connecting', 'ok', 'disconnected', 'ok']);
    expect(down).toHaveLength(1);
    expect(delays).toEqual([0]);
    expect(link.stats.reconnects).toBe(1);

    await link.stop();
    expect(down).toHaveLength(2);
    expect(link.isUp).toBe(false);
    expect(kinds().at(-1)).toBe('disconnected');
  });

  it('reports connection_failure while nothing listens, retries with backoff, and comes up when it does', async () => {
    const port = await freePort(); // nothing listens there
    const { attempts: delays, reconnectDelay } = recording((attempt) => 10 * (attempt + 1));
    const { link, kinds, statuses, ups } = startLink(`tcp://127.0.0.1:${port}`, { reconnectDelay });
    await expect.poll(() => delays.length, { timeout: 3000 }).toBeGreaterThanOrEqual(4);
    expect(delays.slice(0, 4)).toEqual([0, 1, 2, 3]);
    // The same failure on every retry is reported once.
    expect(kinds()).toEqual(['connecting', 'connection_failure']);
    expect(statuses[1]!.message).toMatch(/ECONNREFUSED/);
    expect(link.stats.lastError).toMatch(/ECONNREFUSED/);
    expect(link.stats.nextAttemptAt).toBeGreaterThan(0);
    expect(link.write(Buffer.from('x'))).toBe(false);

    await listen(port);
    await until(link, 'ok');
    expect(ups()).toBe(1);
    expect(link.stats.nextAttemptAt).toBeUndefined();
    expect(kinds()).toEqual(['connecting', 'connection_failure', 'ok']);
  });
});

describe('Link configuration and lifecycle', () => {
  it('reports bad_config for a bad URL and never retries it', async () => {
    const made = counting();
    const { link, kinds } = startLink('tcp://10.0.0.5', { create: made.create, reconnectDelay: () => 5 });
    expect(link.status).toMatchObject({
      status: 'bad_config',
      message: expect.stringMatching(/missing port/),
    });
    await sleep(50);
    expect(made.count).toBe(1);
    expect(kinds()).toEqual(['connecting', 'bad_config']);
  });

  it('stop() during backoff ends the retries and leaves no timer behind', async () => {
    const made = counting();
    const { link } = startLink('sim://link-nobody-home', { create: made.create, reconnectDelay: () => 30 });
    await until(link, 'connection_failure');
    await link.stop();
    const after = made.count;
    await sleep(120);
    expect(made.count).toBe(after);
    expect(link.status).toMatchObject({ status: 'disconnected', message: 'stopped' });
    expect(link.stats.nextAttemptAt).toBeUndefined();
  });

  it('stop() while an open is under way closes what that open produced', async () => {
    let opened: Transport | undefined;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const device = simDevice('link-slow-open');
    await device.open();
    onCleanup(() => device.close());
    const { link, ups } = startLink('sim://link-slow-open', {
      create: (url) => {
        const t = createTransport(url);
        const open = t.open.bind(t);
        t.open = async () => {
          await gate;
          await open();
          opened = t;
        };
        return t;
      },
    });
    await link.stop();
    release();
    await expect.poll(() => opened !== undefined).toBe(true);
    await expect.poll(() => opened!.isOpen).toBe(false);
    expect(ups()).toBe(0);
  });
});

describe('Link counters and raw traffic', () => {
  it('counts bytes and frames both ways and keeps the last entries, oldest first', async () => {
    const device = simDevice('link-counters');
    await device.open();
    onCleanup(() => device.close());
    const { link } = startLink('sim://link-counters', { trafficSize: 5 });
    await until(link, 'ok');
    const atDevice = collect(device);
    for (let i = 0; i < 7; i++) expect(link.write(Buffer.from([i, i]))).toBe(true);
    await atDevice.bytes(14);
    const received = collect(link);
    device.write(Buffer.from('in'));
    await received.bytes(2);
    link.countFramesIn();
    device.write(Buffer.alloc(1000, 7));
    await received.bytes(1002);

    expect(link.stats).toMatchObject({
      bytesOut: 14,
      framesOut: 7,
      bytesIn: 1002,
      framesIn: 1,
      reconnects: 0,
    });
    const traffic = link.traffic();
    expect(traffic).toHaveLength(5);
    expect(traffic.map((t) => [t.dir, t.length])).toEqual([
      ['out', 2],
      ['out', 2],
      ['out', 2],
      ['in', 2],
      ['in', 1000],
    ]);
    expect([...traffic[0]!.bytes]).toEqual([4, 4]);
    expect(traffic[4]!.bytes).toHaveLength(TRAFFIC_BYTES);
    expect(traffic.every((t, i) => i === 0 || t.at >= traffic[i - 1]!.at)).toBe(true);
  });

  it('reconnects to a simulator that detaches and comes back, and counts it', async () => {
    const device = simDevice('link-sim-reconnect');
    await device.open();
    onCleanup(() => device.close());
    const { link, kinds, ups } = startLink('sim://link-sim-reconnect', { reconnectDelay: () => 10 });
    await until(link, 'ok');
    await device.close();
    await until(link, 'disconnected');
    expect(link.status.message).toMatch(/detached/);
    await until(link, 'connection_failure');
    await device.open();
    await until(link, 'ok');
    expect(ups()).toBe(2);
    expect(link.stats.reconnects).toBe(1);
    expect(kinds()).toEqual(['connecting', 'ok', 'disconnected', 'connection_failure', 'ok']);
  });
});

describe('Link over a real pty pair (socat)', () => {
  async function openDevice(path: string): Promise<SerialPort> {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('error', () => {});
    onCleanup(() => port.isOpen && new Promise((resolve) => port.close(resolve)));
    return port;
  }

  it('goes disconnected when the cable is pulled and is back ≤ 3 s after it is plugged in again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'link-pty-'));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    const links: [string, string] = [join(dir, 'dev-a'), join(dir, 'dev-b')];
    let pair: PtyPair = await startPtyPair(links);
    onCleanup(() => pair.kill());

    // The default backoff (1 s ×3, then every 2 s): the figure measured is the real one.
    const { link, kinds, ups } = startLink(`serial://${links[0]}?baudRate=9600`);
    await until(link, 'ok');
    let device = await openDevice(links[1]);
    let atDevice = collect(device);
    link.write(Buffer.from('PING\r'));
    expect((await atDevice.bytes(5)).toString()).toBe('PING\r');

    const pulledAt = performance.now();
    await pair.kill();
    await until(link, 'disconnected');
    const detectMs = performance.now() - pulledAt;
    // Plug back in just after a retry failed (the first, 1 s after the drop): the worst moment while the
    // backoff is still at 1 s, as the next try is a whole delay away.
    await until(link, 'connection_failure', 3000);

    pair = await startPtyPair(links);
    const pluggedAt = performance.now();
    await until(link, 'ok', 10_000);
    const reconnectMs = performance.now() - pluggedAt;
    console.log(
      `serial link: disconnected ${detectMs.toFixed(1)} ms after the cable was pulled; ` +
        `up again ${reconnectMs.toFixed(0)} ms after it came back`,
    );
    expect(reconnectMs).toBeLessThan(5000);
    expect(ups()).toBe(2);
    expect(kinds()).toEqual(['connecting', 'ok', 'disconnected', 'connection_failure', 'ok']);

    device = await openDevice(links[1]);
    atDevice = collect(device);
    const atBridge = collect(link);
    link.write(Buffer.from('PING\r'));
    expect((await atDevice.bytes(5)).toString()).toBe('PING\r');
    device.write(Buffer.from('PONG\r'));
    expect((await atBridge.bytes(5)).toString()).toBe('PONG\r');
  });
});
