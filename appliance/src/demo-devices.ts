// The demo room's conference hardware (`./room demo` only): so that the technician page, the chair
// console and the wall display show a conference system and a camera working with no hardware, the
// demo gives its devices folder (`<dataDir>/devices`) a simulated Shure DCS and a simulated VISCA
// camera on `sim://` transports the first time it starts, and runs the simulators in-process for
// every `sim://` device it finds. The files are ordinary device instances: the technician may edit,
// disable or delete them, and the demo does not put them back while the folder exists.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Duplex } from 'node:stream';
import { type DeviceInstance, DRIVERS, loadInstances, simDeviceStream } from '@room/bridge';
import { ShureSimulator } from '@room/bridge/drivers/shure-dcs/simulator.ts';
import { TaidenSimulator } from '@room/bridge/drivers/taiden-hcs/simulator.ts';
import { ViscaSimulator } from '@room/bridge/drivers/visca-camera/simulator.ts';
import { DEVICE_SCHEMAS_DIR } from './room-service.ts';

/** Seats 1..12 of the demo room sit at the simulated conference system (seat 1 the chair). */
const DEMO_SEATS = 12;

export const DEMO_DEVICES: DeviceInstance[] = [
  {
    id: 'demo-dcs',
    driver: 'shure-dcs',
    transport: 'sim://demo-dcs',
    options: {
      seatMap: Object.fromEntries(Array.from({ length: DEMO_SEATS }, (_, i) => [String(i + 1), i + 1])),
    },
  },
  {
    id: 'demo-camera',
    driver: 'visca-camera',
    transport: 'sim://demo-camera',
    options: {
      presets: Object.fromEntries(Array.from({ length: DEMO_SEATS }, (_, i) => [String(i + 1), i + 1])),
      overviewPreset: 0,
      holdMs: 3000,
    },
  },
];

type Simulator = { attach(stream: Duplex): void };
const SIMULATORS: Record<string, () => Simulator> = {
  'shure-dcs': () =>
    new ShureSimulator({
      seats: Array.from({ length: DEMO_SEATS }, (_, i) => ({
        seat: i + 1,
        name: i === 0 ? 'Chủ tọa' : `Đại biểu ${i + 1}`,
        chair: i === 0,
      })),
    }),
  'taiden-hcs': () => new TaidenSimulator({ seats: DEMO_SEATS, chairSeats: [1] }),
  'visca-camera': () => new ViscaSimulator({ moveMs: 300 }),
};

export interface DemoDevices {
  /** The simulators attached, by device id. */
  simulated: string[];
  stop(): Promise<void>;
}

/** Seeds the folder on the demo's first start, then attaches a simulator to every `sim://` device. */
export function startDemoDevices(devicesDir: string): DemoDevices {
  if (!existsSync(devicesDir)) {
    mkdirSync(devicesDir, { recursive: true });
    for (const d of DEMO_DEVICES) {
      const $schema = relative(devicesDir, join(DEVICE_SCHEMAS_DIR, `${d.driver}.schema.json`));
      writeFileSync(join(devicesDir, `${d.id}.json`), `${JSON.stringify({ $schema, ...d }, null, 2)}\n`);
    }
  }
  const streams: Duplex[] = [];
  const simulated: string[] = [];
  for (const l of loadInstances(devicesDir, DRIVERS)) {
    if (!l.ok || !l.instance.transport.startsWith('sim://')) continue;
    const make = SIMULATORS[l.instance.driver];
    if (!make) continue;
    const stream = simDeviceStream(l.instance.transport.slice('sim://'.length));
    make().attach(stream);
    streams.push(stream);
    simulated.push(l.instance.id);
  }
  return {
    simulated,
    async stop() {
      for (const s of streams) s.destroy();
    },
  };
}
