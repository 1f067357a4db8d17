// A device (or a serial-to-Ethernet converter) behind a TCP port.
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { Transport, TransportEvents } from './transport.ts';

export interface TcpOptions {
  /** An unreachable host does not refuse, it is silent: without this the OS waits about two minutes. */
  connectTimeoutMs?: number;
  /** Idle time before the first keep-alive probe, so a half-dead peer is found eventually. */
  keepAliveMs?: number;
}

export class TcpTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  #connectTimeoutMs: number;
  #keepAliveMs: number;
  #socket: Socket | undefined;

  constructor(url: string, host: string, port: number, options: TcpOptions = {}) {
    super();
    this.url = url;
    this.host = host;
    this.port = port;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.#keepAliveMs = options.keepAliveMs ?? 10_000;
  }

  get isOpen(): boolean {
    return this.#socket !== undefined && !this.#socket.destroyed;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    // Still shutting down from the last session: its `close` has not been told yet.
    if (this.#socket) throw new Error(`${this.url} is still closing`);
    const socket = connect({ host: this.host, port: this.port });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer from ${this.host}:${this.port} within ${this.#connectTimeoutMs} ms`));
      }, this.#connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeListener('error', reject);
        resolve();
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    // Device protocols are small request/reply frames: Nagle would hold each one back ~40 ms.
    socket.setNoDelay(true);
    // Keep-alive only catches a peer that vanished without FIN/RST (power cut, cable); it is slow
    // (OS probe interval), so drivers that care still time out their requests.
    socket.setKeepAlive(true, this.#keepAliveMs);
    this.#socket = socket;
    let failure: Error | undefined;
    socket.on('data', (chunk) => this.emit('data', chunk));
    // Node emits `close` after `error`; remember the reason and report once, from `close`.
    socket.on('error', (err) => {
      failure ??= err;
    });
    socket.once('close', () => {
      this.#socket = undefined;
      this.emit('close', failure);
    });
  }

  write(bytes: Buffer): boolean {
    if (!this.isOpen) return false;
    this.#socket!.write(bytes);
    return true;
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // destroy, not end: a device that never answers FIN must not keep us half-closed.
    socket.destroy();
    await closed;
  }
}
