// Writes the JSON Schemas that editors and technicians use for the files under firmware-config/.
// The TypeBox contract in bridge/src/contract is the one source; the JSON files are generated from it
// and committed so a seat plan can be validated without the appliance (test/esphome-config.test.ts
// fails when they are stale). Run: node firmware-config/generate-schemas.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeatPlan } from '../bridge/src/contract/seat-plan.ts';

export const FIRMWARE_CONFIG_DIR = dirname(fileURLToPath(import.meta.url));

/** Relative path (from firmware-config/) → file content, exactly as it must be committed. */
export function renderSchemas(): Record<string, string> {
  return {
    'schemas/seat-plan.schema.json': `${JSON.stringify(SeatPlan, null, 2)}\n`,
  };
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
