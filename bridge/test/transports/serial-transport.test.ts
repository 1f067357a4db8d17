// SerialTransport over a real pseudo-terminal pair (socat). The device side of the wire is a plain
// serialport handle on the other pty, not our class.
import { randomBytes } from 'node:crypto';
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/transports/create-transport.ts';
import type { Transport } from '../../src/transports/transport.ts';
import { collect, next, sleep } from './helpers.ts';
import { type PtyPair, startPtyPair } from './pty-pair.ts';

async function openDevice(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  port.on('error', () => {});
  return port;
}

describe('SerialTransport over a socat pty pair', () => {
  let pair: PtyPair;
  let transport: Transport;
  let device: SerialPort | undefined;

  beforeEach(async () => {
    pair = await startPtyPair();
    transport = createTransport(`serial://${pair.ptys[0]}?baudRate=115200&dataBits=8&parity=none&stopBits=1`);
  });
  afterEach(async () => {
    await transport.close();
    if (device?.isOpen) await new Promise((r) => device!.close(r));
    device = undefined;
    await pair.kill();
  });

  it('carries every byte value both ways, whatever the chunking', async () => {
    await transport.open();
    expect(transport.isOpen).toBe(true);
    device = await openDevice(pair.ptys[1]);
    const atBridge = collect(transport);
    const atDevice = collect(device);

    // Split: one frame written in three pieces with pauses; merged: three frames in one write.
    const frame = Buffer.from([0x02, 0x41, 0x00, 0x11, 0x13, 0x0d, 0x0a, 0x7f, 0x03]);
    device.write(frame.subarray(0, 2));
    await sleep(20);
    device.write(frame.subarray(2, 5));
    await sleep(20);
    device.write(Buffer.concat([frame.subarray(5), frame, frame]));
    expect(await atBridge.bytes(frame.length * 3)).toEqual(Buffer.concat([frame, frame, frame]));

    // All 256 byte values plus random bulk from the bridge: a cooked tty would eat XON/XOFF, CR, ^C.
    const bulk = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096)]);
    expect(transport.write(bulk)).toBe(true);
    expect(await atDevice.bytes(bulk.length)).toEqual(bulk);
  });

  it('emits close when the cable is pulled (socat killed), then refuses writes', async () => {
    // Pulled right after open, the hang-up races the first read: sometimes the poller sees it, sometimes
    // read() returns end of file, which serialport alone turns into a silent busy loop. Ten pulls hit both.
    const reasons = new Map<string, number>();
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      if (i > 0) {
        pair = await startPtyPair();
        transport = createTransport(`serial://${pair.ptys[0]}`);
      }
      await transport.open();
      const closed = next<[Error?]>(transport, 'close', 2000);
      const t0 = performance.now();
      await pair.kill();
      const [error] = await closed;
      times.push(performance.now() - t0);
      reasons.set(String(error?.message), (reasons.get(String(error?.message)) ?? 0) + 1);
      expect(transport.isOpen).toBe(false);
      expect(transport.write(Buffer.from('x'))).toBe(false);
    }
    console.log(
      `serial: close at most ${Math.max(...times).toFixed(1)} ms after socat died;`,
      Object.fromEntries(reasons),
    );
  });

  it('emits close without an error when we close it ourselves', async () => {
    await transport.open();
    const closed = next<[Error?]>(transport, 'close');
    await transport.close();
    expect((await closed)[0]).toBeUndefined();
    expect(transport.isOpen).toBe(false);
  });

  it('rejects open for a port that does not exist', async () => {
    const missing = createTransport('serial:///dev/does-not-exist-42');
    await expect(missing.open()).rejects.toThrow(/no such file/i);
    expect(missing.isOpen).toBe(false);
    expect(missing.write(Buffer.from('x'))).toBe(false);
  });
});
