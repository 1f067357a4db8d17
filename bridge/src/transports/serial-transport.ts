// RS-232/RS-485 through a USB adapter or a pty (serialport 13 ships its native binding prebuilt for
// x64 and the Pi, shared/notes/runtime.md). A pulled USB cable or a dead pty peer surfaces as a
// read error that serialport turns into `close` with a DisconnectedError (once the read below is
// fixed to see it); we pass that on.
import { EventEmitter } from 'node:events';
import { read } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';
import type { Transport, TransportEvents } from './transport.ts';

export const DATA_BITS = [5, 6, 7, 8] as const;
// No mark/space: bindings-cpp 13 rejects them at open on Linux (serialport_unix.cpp), and a URL that
// can never open must be bad_config, not an endless connection_failure.
export const PARITIES = ['none', 'even', 'odd'] as const;
export const STOP_BITS = [1, 1.5, 2] as const;

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits: (typeof DATA_BITS)[number];
  parity: (typeof PARITIES)[number];
  stopBits: (typeof STOP_BITS)[number];
}

const readAsync = promisify(read);

/** What a unix port binding of @serialport/bindings-cpp 13 exposes (declared public in its types). */
interface UnixPortBinding {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', callback: (err: Error | null) => void): unknown };
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
}

/**
 * bindings-cpp 13 retries a 0-byte read at once, forever (serialport/bindings-cpp#162, still open).
 * With VMIN=1 a tty read returns 0 only after a hang-up (USB adapter unplugged, pty peer gone), so
 * the port spins at 100% CPU and never reports the disconnect: measured here with socat whenever the
 * hang-up lands while a read is under way. Same read, but end of file means the device is gone.
 */
async function readOrHangUp(port: UnixPortBinding, buffer: Buffer, offset: number, length: number) {
  for (;;) {
    if (!port.isOpen || port.fd === null) {
      // `canceled` tells the stream this is our own close, not a disconnect.
      throw Object.assign(new Error('Port is not open'), { canceled: true });
    }
    let bytesRead: number;
    try {
      ({ bytesRead } = await readAsync(port.fd, buffer, offset, length, null));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw err;
      // Closed while the read was under way: the poller is destroyed, and polling it would crash the
      // process (SIGSEGV, seen here). The check at the top ends the read.
      if (!port.isOpen) continue;
      await new Promise<void>((resolve, reject) =>
        port.poller.once('readable', (e) => (e ? reject(e) : resolve())),
      );
      continue;
    }
    if (bytesRead === 0) throw new Error('the device hung up (end of file)');
    return { buffer, bytesRead };
  }
}

const detected = SerialPort.binding;
const binding: typeof detected = {
  list: () => detected.list(),
  async open(options: Parameters<typeof detected.open>[0]) {
    const port = await detected.open(options as never);
    if ('poller' in port) {
      const unix = port as unknown as UnixPortBinding;
      unix.read = (buffer, offset, length) => readOrHangUp(unix, buffer, offset, length);
    }
    return port;
  },
} as typeof detected;

export class SerialTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly url: string;
  readonly options: Readonly<SerialOptions>;
  #port: SerialPort | undefined;

  constructor(url: string, options: SerialOptions) {
    super();
    this.url = url;
    this.options = { ...options };
  }

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    // Still shutting down from the last session: its `close` has not been told yet.
    if (this.#port) throw new Error(`${this.url} is still closing`);
    // `lock` (the default, flock) keeps a second process, e.g. a forgotten minicom, off the port.
    // `binding` is not in SerialPort's option type, but its constructor spreads our options over the
    // detected binding (serialport 13); the hang-up test in serial-transport.test.ts proves it.
    const options = { ...this.options, binding, autoOpen: false, lock: true };
    const port = new SerialPort(options);
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    this.#port = port;
    let failure: Error | undefined;
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    // A failed write (EIO from a vanished adapter) means the channel is gone: close it so the link
    // reconnects, rather than writing into the void. The listener also keeps `error` from throwing.
    port.on('error', (err) => {
      failure ??= err;
      if (port.isOpen) port.close();
    });
    port.once('close', (err?: Error | null) => {
      this.#port = undefined;
      this.emit('close', err ?? failure);
    });
  }

  write(bytes: Buffer): boolean {
    if (!this.isOpen) return false;
    this.#port!.write(bytes);
    return true;
  }

  async close(): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) return;
    // The port's own `close` event (above) does the bookkeeping and tells listeners.
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
