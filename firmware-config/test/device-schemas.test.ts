// Device instance schemas (issue 3): generated from each driver's TypeBox options and committed, so
// a technician's editor validates `firmware-config/devices/*.json` without the appliance. Fails when
// a committed schema is stale or orphaned, and checks every example file against the appliance's own
// validation and against the generated JSON Schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { validateInstance } from '../../bridge/src/devices/device-files.ts';
import { DRIVERS } from '../../bridge/src/drivers/registry.ts';
import { DEVICE_SCHEMAS, FIRMWARE_CONFIG_DIR, renderSchemas } from '../generate-schemas.ts';

const rendered = renderSchemas();
const EXAMPLES = join(FIRMWARE_CONFIG_DIR, 'devices/examples');

describe('device instance schemas', () => {
  it('one committed schema per driver, none stale, none orphaned (run ./room node firmware-config/generate-schemas.ts)', () => {
    const committed = readdirSync(join(FIRMWARE_CONFIG_DIR, DEVICE_SCHEMAS)).sort();
    const wanted = Object.keys(rendered)
      .filter((k) => k.startsWith(`${DEVICE_SCHEMAS}/`))
      .map((k) => k.slice(DEVICE_SCHEMAS.length + 1))
      .sort();
    expect(committed).toEqual(wanted);
    expect(wanted).toEqual([
      'device-instance.schema.json',
      ...[...DRIVERS.keys()].sort().map((d) => `${d}.schema.json`),
    ]);
    for (const file of wanted) {
      const path = `${DEVICE_SCHEMAS}/${file}`;
      expect(readFileSync(join(FIRMWARE_CONFIG_DIR, path), 'utf8'), path).toBe(rendered[path]);
    }
  });

  const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
  it('every driver has an example', () => {
    const drivers = new Set(examples.map((f) => JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')).driver));
    expect([...drivers].sort()).toEqual([...DRIVERS.keys()].sort());
  });

  it.each(examples)('example %s is valid for the appliance and for its JSON Schema', (file) => {
    const raw = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
    const r = validateInstance(raw, DRIVERS);
    expect(r.ok ? [] : r.problems).toEqual([]);
    const schema = JSON.parse(readFileSync(join(EXAMPLES, raw.$schema), 'utf8'));
    expect(Compile(schema).Check(raw)).toBe(true);
  });

  it('the generated schema refuses what the appliance refuses', () => {
    const schema = JSON.parse(rendered[`${DEVICE_SCHEMAS}/shure-dcs.schema.json`]!);
    const check = Compile(schema);
    const base = { id: 'dcs', driver: 'shure-dcs', transport: 'tcp://10.0.0.5:3142' };
    expect(check.Check(base)).toBe(true);
    expect(check.Check({ ...base, driver: 'taiden-hcs' })).toBe(false);
    expect(check.Check({ ...base, options: { colour: 'red' } })).toBe(false);
    expect(check.Check({ ...base, options: { seatMap: { abc: 1 } } })).toBe(false);
    expect(check.Check({ ...base, options: { verifyMs: 1 } })).toBe(false);
  });
});
