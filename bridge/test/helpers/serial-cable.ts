// A serial cable for driver tests: a socat pty pair under stable link names, so it can be pulled
// (socat killed) and plugged back in on the same paths, and the device's end opened as a real
// SerialPort for a simulator to `attach`. Everything is cleaned up after the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { type PtyPair, startPtyPair } from '../transports/pty-pair.ts';
import { onCleanup } from './wait.ts';

/** The device's end of the cable, as the device's own RS-232 port. */
export async function openSerialEnd(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  port.on('error', () => {});
  onCleanup(() => port.isOpen && new Promise((resolve) => port.close(resolve)));
  return port;
}

export interface SerialCable {
  /** The appliance's end, for `serial://`. */
  hostEnd: string;
  /** The device's end: open it with `openSerialEnd` (again after every plug). */
  deviceEnd: string;
  /** Pull the cable: socat is killed; both ptys vanish. */
  pull(): Promise<void>;
  /** Plug it back in on the same paths. */
  plug(): Promise<void>;
}

export async function serialCable(name: string): Promise<SerialCable> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-pty-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const links: [string, string] = [join(dir, 'host'), join(dir, 'device')];
  let pair: PtyPair = await startPtyPair(links);
  onCleanup(() => pair.kill());
  return {
    hostEnd: links[0],
    deviceEnd: links[1],
    pull: () => pair.kill(),
    plug: async () => {
      pair = await startPtyPair(links);
    },
  };
}
