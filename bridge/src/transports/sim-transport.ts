// `sim://name`: an in-process wire to a simulator, so `npm run sim` and tests run a whole room with
// no hardware and no ports. The simulator takes the device end with `simDevice(name)`; the bridge
// gets a fresh `SimTransport` per connection attempt, as with any other URL.
//
// It behaves like a serial cable to a device: the device end is the device and stays as it is while
// the bridge comes and goes; the bridge can open only while the device end is open (else the device
// is "off": connection_failure); closing the device end is pulling the cable (the bridge end gets
// `close`); only one bridge end at a time (like a locked serial port). Bytes arrive asynchronously,
// as real I/O would, so code that only works with synchronous replies fails here too.
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import type { Transport, TransportEvents } from './transport.ts';

const devices = new Map<string, SimTransport>();

/** The device end of `sim://name`, for a simulator: the same object every time for one name. */
export function simDevice(name: string): Transport {
  let device = devices.get(name);
  if (!device) {
    device = new SimTransport(`sim://${name}`, name, 'device');
    devices.set(name, device);
  }
  return device;
}

export class SimTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly url: string;
  readonly name: string;
  #role: 'bridge' | 'device';
  #open = false;
  #peer: SimTransport | undefined;

  constructor(url: string, name: string, role: 'bridge' | 'device' = 'bridge') {
    super();
    this.url = url;
    this.name = name;
    this.#role = role;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (this.#open) return;
    if (this.#role === 'bridge') {
      const device = devices.get(this.name);
      if (!device?.isOpen) throw new Error(`no simulator attached at ${this.url}`);
      if (device.#peer) throw new Error(`${this.url} is already in use`);
      device.#peer = this;
      this.#peer = device;
    }
    this.#open = true;
  }

  write(bytes: Buffer): boolean {
    if (!this.#open) return false;
    const peer = this.#peer;
    // Copy now: the caller may reuse its buffer before the bytes "arrive".
    const copy = Buffer.from(bytes);
    // Delivered only if the same pair is still connected when the bytes arrive.
    if (peer) setImmediate(() => peer.#peer === this && peer.#open && peer.emit('data', copy));
    return true;
  }

  async close(): Promise<void> {
    this.#drop();
  }

  #drop(error?: Error): void {
    if (!this.#open) return;
    this.#open = false;
    const peer = this.#peer;
    this.#peer = undefined;
    if (peer) {
      peer.#peer = undefined;
      if (this.#role === 'device') peer.#drop(new Error(`simulator at ${this.url} detached`));
    }
    this.emit('close', error);
  }
}

/**
 * The device end of `sim://name` as a Node Duplex, for simulators written against streams (as they
 * are for TCP sockets and pty ends). Opens the device end: the bridge can connect from now on.
 */
export function simDeviceStream(name: string): Duplex {
  const device = simDevice(name);
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      device.write(chunk);
      done();
    },
    destroy(err, done) {
      device.off('data', onData);
      void device.close().then(() => done(err));
    },
  });
  const onData = (chunk: Buffer) => stream.push(chunk);
  device.on('data', onData);
  void device.open();
  return stream;
}
