// A device that speaks UDP (OSC mixers, some camera controllers). The socket is connected, so the
// kernel drops datagrams from anyone but the device, and each `data` event is exactly one datagram
// (UDP keeps message boundaries; framers see whole messages).
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { isIPv6 } from 'node:net';
import type { Transport, TransportEvents } from './transport.ts';

export class UdpTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  #socket: Socket | undefined;

  constructor(url: string, host: string, port: number) {
    super();
    this.url = url;
    this.host = host;
    this.port = port;
  }

  get isOpen(): boolean {
    return this.#socket !== undefined;
  }

  async open(): Promise<void> {
    if (this.#socket) return;
    const socket = createSocket(isIPv6(this.host) ? 'udp6' : 'udp4');
    // connect() binds an ephemeral port and resolves the name; it fails only for a bad name or no route.
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (err) => {
        socket.close();
        reject(err);
      });
      socket.connect(this.port, this.host, () => {
        socket.removeAllListeners('error');
        resolve();
      });
    });
    this.#socket = socket;
    socket.on('message', (datagram) => this.emit('data', datagram));
    socket.on('error', (err) => this.#failed(err));
  }

  write(bytes: Buffer): boolean {
    if (!this.#socket) return false;
    this.#socket.send(bytes, (err) => err && this.#failed(err));
    return true;
  }

  async close(): Promise<void> {
    this.#drop();
  }

  #failed(err: NodeJS.ErrnoException): void {
    // A connected UDP socket hears the ICMP "port unreachable" of a rebooting device as
    // ECONNREFUSED. UDP promises nothing anyway: the datagram is lost, the channel is not, and the
    // driver's request timeout is what tells a dead device.
    if (err.code === 'ECONNREFUSED') return;
    this.#drop(err);
  }

  #drop(err?: Error): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = undefined;
    socket.close();
    this.emit('close', err);
  }
}
