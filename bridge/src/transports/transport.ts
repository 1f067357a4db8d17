// A byte channel to a device, whatever carries it (zwave-js's serial/TCP port abstraction).
// Transports never reconnect by themselves and never throw for connectivity after `open()`
// resolves: they emit `close` and the driver's link (runtime/link.ts) decides what happens next.
import type { EventEmitter } from 'node:events';

export type TransportEvents = {
  /** Bytes as they arrived: a frame may be split across chunks, or several share one. */
  data: [Buffer];
  /** The channel is gone (cable pulled, peer closed, port vanished). `error` says why, if known. */
  close: [error?: Error];
};

export interface Transport extends EventEmitter<TransportEvents> {
  /** For logs and the technician page, e.g. `serial:///dev/ttyUSB0?baudRate=9600`. */
  readonly url: string;
  /** Resolves when bytes can flow; rejects with the reason when the channel cannot be opened. */
  open(): Promise<void>;
  /** Queues bytes; false when the channel is not open (the bytes are dropped, never buffered forever). */
  write(bytes: Buffer): boolean;
  close(): Promise<void>;
  readonly isOpen: boolean;
}
