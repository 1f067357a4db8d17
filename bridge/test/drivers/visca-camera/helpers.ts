import type { DeviceStatusReport } from '../../../src/contract/device.ts';
import type { DeviceAlarm, RoomFloor } from '../../../src/contract/driver.ts';
import type { ViscaCameraOptions } from '../../../src/drivers/visca-camera/definition.ts';
import { ViscaCameraDriver } from '../../../src/drivers/visca-camera/driver.ts';
import type { ViscaSimCommand, ViscaSimulator } from '../../../src/drivers/visca-camera/simulator.ts';
import { onCleanup, until } from '../../helpers/wait.ts';

export { onCleanup, until };

export const RECONNECT_MS = 50;
export const TEST_MS = 20_000;

/** Short timings so faults play out in well under a second; each test states what it overrides. */
export const FAST: Partial<ViscaCameraOptions> = {
  presets: { '1': 11, '2': 12, '3': 13, '4': 14 },
  overviewPreset: 0,
  holdMs: 0,
  ackTimeoutMs: 300,
  completionTimeoutMs: 1000,
  pollMs: 250,
  pollMisses: 2,
  retries: 2,
  retryDelayMs: 20,
};

export const floor = (speakers: number[], priority: number | null = null): RoomFloor => ({
  speakers,
  requests: [],
  chairSeats: [1],
  priority,
  mode: 'request',
  maxOpen: 4,
});

export function startDriver(transport: string, options: Partial<ViscaCameraOptions> = {}) {
  const driver = new ViscaCameraDriver(
    { id: 'cam-1', transport, options: { ...FAST, ...options } },
    { logger: { info() {}, warn() {}, debug() {} }, link: { reconnectDelay: () => RECONNECT_MS } },
  );
  onCleanup(() => driver.stop());
  const statuses: DeviceStatusReport[] = [];
  const alarms: DeviceAlarm[] = [];
  const cleared: string[] = [];
  driver.on('device.status', (s) => statuses.push(s));
  driver.on('alarm', (a) => alarms.push(a));
  driver.on('alarm.cleared', (c) => cleared.push(c.key));
  driver.start();
  return { driver, statuses, alarms, cleared, kinds: () => statuses.map((s) => s.status) };
}

/** Every message the simulated camera received, and the recalls among them (preset, time). */
export function watch(sim: ViscaSimulator) {
  const commands: ViscaSimCommand[] = [];
  const recalls: { preset: number; at: number }[] = [];
  sim.on('command', (c) => {
    commands.push(c);
    if (c.name === 'preset_recall' && !c.duplicate)
      recalls.push({ preset: c.preset!, at: performance.now() });
  });
  return { commands, recalls, names: () => commands.map((c) => c.name) };
}
