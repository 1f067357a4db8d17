// The appliance's HTTP face in-process (fastify inject), over a real SQLite file: for tests that
// need many requests and no MQTT.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DeviceManager } from '@room/bridge';
import { buildApp } from '../../src/app.ts';
import type { Seat } from '../../src/domain/room.ts';
import { AccessKeys } from '../../src/http/access.ts';
import { connectDevices } from '../../src/room/device-floor.ts';
import { RoomController } from '../../src/room/room-controller.ts';
import { DEVICE_SCHEMAS_DIR } from '../../src/room-service.ts';
import { openDatabase } from '../../src/store/database.ts';
import { EventLog } from '../../src/store/event-log.ts';
import { tempDir } from './temp-dir.ts';

const quiet = { info() {}, warn() {}, error() {} };

export async function inProcessRoom(seatCount = 10, opts: { wsHeartbeatMs?: number } = {}) {
  const dir = tempDir('room-http-');
  const db = openDatabase(join(dir.path, 'room.sqlite'));
  const log = new EventLog(db);
  const seats: Seat[] = Array.from({ length: seatCount }, (_, i) => ({
    seat: i + 1,
    role: i === 0 ? 'chair' : 'delegate',
    label: `Ghế ${i + 1}`,
    unit: null,
  }));
  const room = new RoomController({
    config: {
      roomId: 'test',
      name: 'Test',
      seats,
      floor: { mode: 'request', maxOpen: 2 },
      voteEntitlement: 'all',
    },
    log,
    logger: quiet,
  });
  const keys = new AccessKeys(randomBytes(32));
  const devices = new DeviceManager({ dir: join(dir.path, 'devices'), schemasDir: DEVICE_SCHEMAS_DIR });
  const audit = (e: { type: string; actor: string; payload: Record<string, unknown> }) =>
    log.append([{ at: Date.now(), ...e }]);
  connectDevices(room, devices, audit, quiet);
  devices.start();
  const app = await buildApp({ room, keys, devices, audit, seq: () => log.lastSeq, ...opts });
  return {
    app,
    room,
    keys,
    log,
    devices,
    async close() {
      await app.close();
      await devices.stop();
      room.close();
      db.close();
      dir.cleanup();
    },
  };
}
