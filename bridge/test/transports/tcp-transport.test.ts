// TcpTransport against a real loopback server playing the device.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/transports/create-transport.ts';
import type { Transport } from '../../src/transports/transport.ts';
import { collect, next } from './helpers.ts';

describe('TcpTransport on loopback', () => {
  let server: Server;
  let port: number;
  const peers: Socket[] = [];
  let transport: Transport;

  beforeEach(async () => {
    server = createServer((socket) => peers.push(socket));
    server.listen(0, '127.0.0.1');
    await next(server, 'listening');
    port = (server.address() as { port: number }).port;
    transport = createTransport(`tcp://127.0.0.1:${port}`);
  });
  afterEach(async () => {
    await transport.close();
    for (const peer of peers.splice(0)) peer.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('carries bytes both ways', async () => {
    const accepted = next<[Socket]>(server, 'connection');
    await transport.open();
    expect(transport.isOpen).toBe(true);
    const [peer] = await accepted;
    const atDevice = collect(peer);
    const atBridge = collect(transport);

    expect(transport.write(Buffer.from('GET STATUS\r\n'))).toBe(true);
    expect((await atDevice.bytes(12)).toString()).toBe('GET STATUS\r\n');
    peer.write('STATUS ');
    peer.write('OK\r\n');
    expect((await atBridge.bytes(11)).toString()).toBe('STATUS OK\r\n');
  });

  it('emits close when the device drops the connection, then refuses writes', async () => {
    const accepted = next<[Socket]>(server, 'connection');
    await transport.open();
    const [peer] = await accepted;
    const closed = next(transport, 'close');
    peer.destroy();
    await closed;
    expect(transport.isOpen).toBe(false);
    expect(transport.write(Buffer.from('x'))).toBe(false);
  });

  it('rejects open when nothing listens', async () => {
    await new Promise((resolve) => server.close(resolve));
    await expect(transport.open()).rejects.toThrow(/ECONNREFUSED/);
    expect(transport.isOpen).toBe(false);
    server = createServer().listen(0, '127.0.0.1'); // for afterEach
  });
});
