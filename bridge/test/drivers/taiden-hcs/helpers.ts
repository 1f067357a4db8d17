// Shared by the Taiden HCS driver tests: a driver with recorded events, bounded waits, a floor
// builder. The other side of the wire is always the simulator, never one of our own classes.
import type { DeviceStatusReport, SeatInput } from '../../../src/contract/device.ts';
import type { DeviceAlarm, DeviceVoteTally, Logger, RoomFloor } from '../../../src/contract/driver.ts';
import { TaidenHcsDriver, type TaidenHcsDriverOptions } from '../../../src/drivers/taiden-hcs/driver.ts';
import type { LinkOptions } from '../../../src/runtime/link.ts';

export { until } from '../../helpers/wait.ts';

export const VERIFY_MS = 100;
export const RECONNECT_MS = 50;

export function floorOf(speakers: number[], more: Partial<RoomFloor> = {}): RoomFloor {
  return { speakers, requests: [], chairSeats: [], priority: null, mode: 'request', maxOpen: 4, ...more };
}

export interface LogEntry {
  level: 'info' | 'warn' | 'debug';
  msg: string | undefined;
  obj: Record<string, unknown>;
}

export function startDriver(
  url: string,
  options: TaidenHcsDriverOptions = {},
  link: Omit<LinkOptions, 'url'> = { reconnectDelay: () => RECONNECT_MS },
) {
  const logs: LogEntry[] = [];
  const logger: Logger = {
    info: (obj, msg) => logs.push({ level: 'info', msg, obj: obj as Record<string, unknown> }),
    warn: (obj, msg) => logs.push({ level: 'warn', msg, obj: obj as Record<string, unknown> }),
    debug: (obj, msg) => logs.push({ level: 'debug', msg, obj: obj as Record<string, unknown> }),
  };
  const driver = new TaidenHcsDriver(
    { id: 'hcs-1', transport: url, options: { verifyMs: VERIFY_MS, ...options } },
    { logger, link },
  );
  const statuses: DeviceStatusReport[] = [];
  const inputs: SeatInput[] = [];
  const alarms: DeviceAlarm[] = [];
  const cleared: { key: string; seat?: number }[] = [];
  const tallies: DeviceVoteTally[] = [];
  driver.on('device.status', (s) => statuses.push(s));
  driver.on('seat.input', (i) => inputs.push(i));
  driver.on('alarm', (a) => alarms.push(a));
  driver.on('alarm.cleared', ({ key, seat }) => cleared.push(seat === undefined ? { key } : { key, seat }));
  driver.on('vote.tally', (t) => tallies.push(t));
  driver.start();
  return {
    driver,
    logs,
    statuses,
    inputs,
    alarms,
    cleared,
    tallies,
    kinds: () => statuses.map((s) => s.status),
  };
}

export const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
