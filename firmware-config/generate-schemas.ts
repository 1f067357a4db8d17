// Writes the JSON Schemas that editors and technicians use for the files under firmware-config/.
// The TypeBox contract in bridge/src is the one source; the JSON files are generated from it and
// committed, so a seat plan or a device instance can be validated without the appliance. Tests fail
// when they are stale (test/esphome-config.test.ts, test/device-schemas.test.ts).
// Run: ./room node firmware-config/generate-schemas.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Type from 'typebox';
import { DeviceInstance } from '../bridge/src/contract/device-instance.ts';
import { SeatPlan } from '../bridge/src/contract/seat-plan.ts';
import { DRIVERS } from '../bridge/src/drivers/registry.ts';

export const FIRMWARE_CONFIG_DIR = dirname(fileURLToPath(import.meta.url));
export const DEVICE_SCHEMAS = 'schemas/devices';

const json = (schema: unknown) => `${JSON.stringify(schema, null, 2)}\n`;

/** A device instance of one driver: the common fields, `driver` fixed, `options` the driver's own. */
export function deviceSchemaOf(driverId: string): unknown {
  const def = DRIVERS.get(driverId)!;
  const { driver: _, options: __, ...common } = DeviceInstance.properties;
  return Type.Object(
    {
      ...common,
      driver: Type.Literal(def.id),
      options: Type.Optional(def.options),
    },
    {
      additionalProperties: false,
      title: `${def.title} device instance`,
      description: `${def.description} Example transport: ${def.exampleTransport}`,
    },
  );
}

/** Relative path (from firmware-config/) → file content, exactly as it must be committed. */
export function renderSchemas(): Record<string, string> {
  const out: Record<string, string> = {
    'schemas/seat-plan.schema.json': json(SeatPlan),
    [`${DEVICE_SCHEMAS}/device-instance.schema.json`]: json(DeviceInstance),
  };
  for (const id of [...DRIVERS.keys()].sort()) {
    out[`${DEVICE_SCHEMAS}/${id}.schema.json`] = json(deviceSchemaOf(id));
  }
  return out;
}

export function writeSchemas(root: string = FIRMWARE_CONFIG_DIR): string[] {
  const written: string[] = [];
  for (const [relative, content] of Object.entries(renderSchemas())) {
    const target = join(root, relative);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    written.push(target);
  }
  return written;
}

if (import.meta.main) {
  for (const file of writeSchemas()) console.log(`wrote ${file}`);
}
