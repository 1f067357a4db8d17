// One driver's connection to its device: opens the transport, reports status in the shared
// vocabulary, and reconnects forever with backoff (companion's modules behave this way). A driver
// never reconnects by itself: it listens for `up` (read the device's whole state again: it may
// have rebooted, or changed while we were away) and `down` (fail what is in flight).
//
// Every attempt gets a new transport from the factory, so no state from a broken session survives
// into the next. A URL that cannot be parsed is `bad_config` and is not retried: it won't get better.
import { EventEmitter } from 'node:events';
import type { DeviceStatus } from '../contract/device.ts';
import { createTransport, TransportUrlError } from '../transports/create-transport.ts';
import type { Transport } from '../transports/transport.ts';
import { reconnectDelay } from './backoff.ts';

export interface LinkOptions {
  url: string;
  /** Builds the transport for each attempt; default `createTransport`. */
  create?: (url: string) => Transport;
  /** Delay before reconnect attempt n (0-based since the link was last up); default `reconnectDelay`. */
  reconnectDelay?: (attempt: number) => number;
  /** Entries kept for the technician's raw view; default 200. */
  trafficSize?: number;
}

export interface LinkStatus {
  status: DeviceStatus;
  message?: string;
  at: number;
}

export interface LinkStats {
  bytesIn: number;
  bytesOut: number;
  framesIn: number;
  framesOut: number;
  /** Times the link came back after being down. */
  reconnects: number;
  lastError?: string;
  /** When the next attempt is due (epoch ms), while waiting to reconnect. */
  nextAttemptAt?: number;
}

export interface TrafficEntry {
  /** Counts every chunk since the link was built, so a reader can ask for what is new. */
  seq: number;
  at: number;
  dir: 'in' | 'out';
  /** At most `TRAFFIC_BYTES` of the chunk, so a flood cannot balloon memory. */
  bytes: Buffer;
  /** The chunk's full length. */
  length: number;
}

export type LinkEvents = {
  /** Only on a change: the same failure on every retry is reported once. */
  status: [LinkStatus];
  /** Raw bytes, chunked as they arrived. */
  data: [Buffer];
  /** After every successful (re)open: read the device's whole state again. */
  up: [];
  /** The link that was up is gone (the device, or stop()): fail what is in flight. */
  down: [Error | undefined];
};

export const TRAFFIC_BYTES = 256;
/** One count for every link of the process, so a device restarted with a new link keeps counting up. */
let trafficSeq = 0;

export class Link extends EventEmitter<LinkEvents> {
  readonly url: string;
  #create: (url: string) => Transport;
  #delay: (attempt: number) => number;
  #transport: Transport | undefined;
  #status: LinkStatus = { status: 'disconnected', message: 'not started', at: Date.now() };
  #stats: LinkStats = { bytesIn: 0, bytesOut: 0, framesIn: 0, framesOut: 0, reconnects: 0 };
  #attempt = 0;
  #everUp = false;
  #running = false;
  /** Bumped by start/stop, so an attempt from an earlier run that finishes late changes nothing. */
  #run = 0;
  #timer: NodeJS.Timeout | undefined;
  #traffic: TrafficEntry[] = [];
  #trafficSize: number;
  #trafficNext = 0;

  constructor(options: LinkOptions) {
    super();
    this.url = options.url;
    this.#create = options.create ?? createTransport;
    this.#delay = options.reconnectDelay ?? reconnectDelay;
    this.#trafficSize = options.trafficSize ?? 200;
  }

  get status(): LinkStatus {
    return { ...this.#status };
  }

  get stats(): LinkStats {
    return { ...this.#stats };
  }

  get isUp(): boolean {
    return this.#transport?.isOpen ?? false;
  }

  /** Never throws for connectivity: watch `status`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#run++;
    this.#setStatus('connecting');
    void this.#connect(this.#run);
  }

  /** Ends the session and every timer; `start()` may be called again. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#run++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    delete this.#stats.nextAttemptAt;
    const transport = this.#detach();
    this.#setStatus('disconnected', 'stopped');
    if (transport?.isOpen) this.emit('down', undefined);
    await transport?.close();
  }

  /** Sends one frame; false (and nothing sent) while the link is down. */
  write(frame: Buffer): boolean {
    if (!this.#transport?.write(frame)) return false;
    this.#stats.bytesOut += frame.length;
    this.#stats.framesOut++;
    this.#record('out', frame);
    return true;
  }

  /** The link sees bytes, the driver's framer sees frames: it reports them here for the counters. */
  countFramesIn(count = 1): void {
    this.#stats.framesIn += count;
  }

  /** Recent raw traffic, oldest first. */
  traffic(): TrafficEntry[] {
    const t = this.#traffic;
    return [...t.slice(this.#trafficNext), ...t.slice(0, this.#trafficNext)];
  }

  async #connect(run: number): Promise<void> {
    let transport: Transport;
    try {
      transport = this.#create(this.url);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.#stats.lastError = error.message;
      if (err instanceof TransportUrlError) {
        this.#running = false;
        this.#setStatus('bad_config', error.message);
        return;
      }
      this.#failed(error);
      return;
    }
    try {
      await transport.open();
    } catch (err) {
      if (run === this.#run) this.#failed(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    // stop() while the open was under way.
    if (run !== this.#run) {
      await transport.close();
      return;
    }
    if (!transport.isOpen) {
      this.#failed(new Error('closed while opening'));
      return;
    }
    this.#transport = transport;
    transport.on('data', this.#onData);
    transport.on('close', this.#onClose);
    if (this.#everUp) this.#stats.reconnects++;
    this.#everUp = true;
    this.#attempt = 0;
    delete this.#stats.nextAttemptAt;
    this.#setStatus('ok');
    this.emit('up');
  }

  #onData = (chunk: Buffer): void => {
    this.#stats.bytesIn += chunk.length;
    this.#record('in', chunk);
    this.emit('data', chunk);
  };

  #onClose = (error?: Error): void => {
    this.#detach();
    if (error) this.#stats.lastError = error.message;
    this.#setStatus('disconnected', error?.message ?? 'closed by the other side');
    this.emit('down', error);
    this.#schedule();
  };

  #failed(error: Error): void {
    this.#stats.lastError = error.message;
    this.#setStatus('connection_failure', error.message);
    this.#schedule();
  }

  #schedule(): void {
    const delay = this.#delay(this.#attempt++);
    this.#stats.nextAttemptAt = Date.now() + delay;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect(this.#run);
    }, delay);
  }

  #detach(): Transport | undefined {
    const transport = this.#transport;
    this.#transport = undefined;
    transport?.off('data', this.#onData);
    transport?.off('close', this.#onClose);
    return transport;
  }

  #record(dir: 'in' | 'out', chunk: Buffer): void {
    // A copy: the caller may reuse its buffer, and a slice would pin a large pool in memory.
    const entry = {
      seq: ++trafficSeq,
      at: Date.now(),
      dir,
      bytes: Buffer.from(chunk.subarray(0, TRAFFIC_BYTES)),
      length: chunk.length,
    };
    this.#traffic[this.#trafficNext] = entry;
    this.#trafficNext = (this.#trafficNext + 1) % this.#trafficSize;
  }

  #setStatus(status: DeviceStatus, message?: string): void {
    if (status === this.#status.status && message === this.#status.message) return;
    this.#status = message === undefined ? { status, at: Date.now() } : { status, message, at: Date.now() };
    this.emit('status', this.status);
  }
}
