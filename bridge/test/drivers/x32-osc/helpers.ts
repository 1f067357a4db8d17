import type { DeviceStatusReport } from '../../../src/contract/device.ts';
import type { DeviceAlarm, RoomFloor } from '../../../src/contract/driver.ts';
import type { X32OscOptions } from '../../../src/drivers/x32-osc/definition.ts';
import { X32OscDriver } from '../../../src/drivers/x32-osc/driver.ts';
import {
  type SimMessage,
  X32Simulator,
  type X32SimulatorOptions,
} from '../../../src/drivers/x32-osc/simulator.ts';
import { onCleanup, until } from '../../helpers/wait.ts';
import { sleep } from '../../transports/helpers.ts';

export { onCleanup, sleep, until };

/** Short timings so fault tests take tenths of seconds, not the production seconds. */
export const FAST = {
  pollMs: 100,
  probeMs: 50,
  timeoutMs: 400,
  keepaliveMs: 200,
  verifyMs: 60,
  maxRetries: 2,
} satisfies Partial<X32OscOptions>;

export function floorOf(speakers: number[], extra: Partial<RoomFloor> = {}): RoomFloor {
  return { speakers, requests: [], chairSeats: [], priority: null, mode: 'request', maxOpen: 4, ...extra };
}

export function record(driver: X32OscDriver) {
  const statuses: DeviceStatusReport[] = [];
  const alarms: DeviceAlarm[] = [];
  const cleared: string[] = [];
  driver.on('device.status', (s) => statuses.push(s));
  driver.on('alarm', (a) => alarms.push(a));
  driver.on('alarm.cleared', (c) => cleared.push(c.key));
  return { statuses, alarms, cleared, kinds: () => statuses.map((s) => s.status) };
}

export async function startSim(options: X32SimulatorOptions = {}) {
  const sim = new X32Simulator(options);
  await sim.start();
  onCleanup(() => sim.stop());
  const received: SimMessage[] = [];
  sim.on('message', (m) => received.push(m));
  return { sim, received };
}

export function startDriver(
  port: number,
  options: Partial<X32OscOptions> & Pick<X32OscOptions, 'channels'>,
  url = `udp://127.0.0.1:${port}`,
) {
  const driver = new X32OscDriver({ id: 'mixer-1', transport: url, options: { ...FAST, ...options } });
  onCleanup(() => driver.stop());
  const events = record(driver);
  driver.start();
  return { driver, ...events };
}

/** A simulator and a driver that has reached `ok`. */
export async function setup(
  driverOptions: Partial<X32OscOptions> & Pick<X32OscOptions, 'channels'>,
  simOptions: X32SimulatorOptions = {},
) {
  const s = await startSim(simOptions);
  const d = startDriver(s.sim.port, driverOptions);
  await until('status ok', () => d.driver.status.status === 'ok');
  return { ...s, ...d };
}

/** seat n → ch n for seats 1..count. */
export function identity(count: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i + 1), i + 1]));
}

/** Which of ch 1..n are ON in the simulator. */
export function onChannels(sim: X32Simulator, n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((c) => sim.strip(c).on);
}

/** Messages the simulator received for one strip address, e.g. `/ch/05/mix/on`. */
export function toAddress(received: SimMessage[], address: string): SimMessage[] {
  return received.filter((m) => m.address === address);
}
