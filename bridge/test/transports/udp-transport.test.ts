// UdpTransport against a real loopback UDP socket playing the device.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/transports/create-transport.ts';
import type { Transport } from '../../src/transports/transport.ts';
import { next, sleep } from './helpers.ts';

describe('UdpTransport on loopback', () => {
  let device: Socket;
  let transport: Transport;

  beforeEach(async () => {
    device = createSocket('udp4');
    device.bind(0, '127.0.0.1');
    await next(device, 'listening');
    transport = createTransport(`udp://127.0.0.1:${device.address().port}`);
    await transport.open();
  });
  afterEach(async () => {
    await transport.close();
    device.close();
  });

  it('sends each write as one datagram and emits each datagram as one data event', async () => {
    const received = next<[Buffer, RemoteInfo]>(device, 'message');
    expect(transport.write(Buffer.from('/ch/01/mix/on'))).toBe(true);
    const [datagram, from] = await received;
    expect(datagram.toString()).toBe('/ch/01/mix/on');

    const chunks: Buffer[] = [];
    transport.on('data', (chunk) => chunks.push(chunk));
    device.send('first', from.port, from.address);
    device.send('second', from.port, from.address);
    await expect.poll(() => chunks.length, { timeout: 2000 }).toBe(2);
    expect(chunks.map(String)).toEqual(['first', 'second']);
  });

  it('hears only its device: a datagram from another port is dropped by the connected socket', async () => {
    const received = next<[Buffer, RemoteInfo]>(device, 'message');
    transport.write(Buffer.from('hello'));
    const [, from] = await received;
    const stranger = createSocket('udp4');
    try {
      const chunks: Buffer[] = [];
      transport.on('data', (chunk) => chunks.push(chunk));
      stranger.send('spoof', from.port, from.address);
      device.send('real', from.port, from.address);
      await expect.poll(() => chunks.map(String), { timeout: 2000 }).toEqual(['real']);
      await sleep(50);
      expect(chunks.map(String)).toEqual(['real']);
    } finally {
      stranger.close();
    }
  });

  it('stays open when the device is not listening (ICMP port unreachable), and close emits close', async () => {
    device.close();
    device = createSocket('udp4'); // for afterEach
    transport.write(Buffer.from('anyone?'));
    transport.write(Buffer.from('anyone?'));
    await sleep(100);
    expect(transport.isOpen).toBe(true);
    const closed = next(transport, 'close');
    await transport.close();
    await closed;
    expect(transport.write(Buffer.from('x'))).toBe(false);
  });
});
