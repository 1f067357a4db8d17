// Device instance files: one JSON file per device, `<id>.json`, in the devices folder. Reading is
// forgiving about the folder (a bad file costs that device, never the room) and strict about each
// file: unknown fields, an unknown driver, options the driver's schema refuses, or a transport URL
// that cannot name a channel make the device `bad_config`, with every reason as a `path: message`
// line for the technician page.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Compile } from 'typebox/compile';
import { DeviceInstance } from '../contract/device-instance.ts';
import type { DriverDefinition } from '../contract/driver.ts';
import type { DriverRegistry } from '../drivers/registry.ts';
import { schemaProblems } from '../runtime/schema-errors.ts';
import { parseTransportUrl, TransportUrlError } from '../transports/create-transport.ts';

const checkInstance = Compile(DeviceInstance);
const validators = new WeakMap<DriverDefinition, ReturnType<typeof Compile>>();
const validatorOf = (d: DriverDefinition) => {
  let v = validators.get(d);
  if (!v) {
    v = Compile(d.options);
    validators.set(d, v);
  }
  return v;
};

/** A file is small; anything bigger is not a device instance (and must not cost memory). */
export const MAX_FILE_BYTES = 64 * 1024;

export type LoadedInstance =
  | { ok: true; file: string; instance: DeviceInstance; options: unknown }
  | {
      ok: false;
      file: string;
      /** What could be read of it, so the page can still name the device. */
      partial: { id: string; driver?: string; transport?: string; disabled?: boolean };
      problems: string[];
    };

/**
 * Validates one instance (from a file or from the technician's form). `options` comes back with
 * the schema's defaults applied, as the driver receives it; the instance itself is kept as written.
 */
export function validateInstance(
  raw: unknown,
  registry: DriverRegistry,
  expectedId?: string,
): { ok: true; instance: DeviceInstance; options: unknown } | { ok: false; problems: string[] } {
  if (!checkInstance.Check(raw)) return { ok: false, problems: schemaProblems(checkInstance.Errors(raw)) };
  const problems: string[] = [];
  if (expectedId !== undefined && raw.id !== expectedId) {
    problems.push(`/id: must be "${expectedId}" (the file name), got "${raw.id}"`);
  }
  const def = registry.get(raw.driver);
  if (!def) {
    problems.push(`/driver: unknown driver "${raw.driver}"; known: ${[...registry.keys()].join(', ')}`);
  }
  try {
    const t = parseTransportUrl(raw.transport);
    if (def && !def.transports.includes(t.scheme)) {
      problems.push(
        `/transport: ${def.id} cannot use ${t.scheme}://; it works over ${def.transports.map((s) => `${s}://`).join(', ')}`,
      );
    }
  } catch (err) {
    if (!(err instanceof TransportUrlError)) throw err;
    problems.push(`/transport: ${err.message}`);
  }
  let options: unknown = raw.options ?? {};
  if (def) {
    const v = validatorOf(def);
    options = v.Default(structuredClone(options));
    if (!v.Check(options)) problems.push(...schemaProblems(v.Errors(options), '/options'));
  }
  return problems.length ? { ok: false, problems } : { ok: true, instance: raw, options };
}

/** The devices in `dir`, sorted by id. A missing folder is an empty room, not an error. */
export function loadInstances(dir: string, registry: DriverRegistry): LoadedInstance[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  // The id is the file name (and must match the file's `id`), so ids are unique by construction.
  return names.sort().map((name) => loadOne(join(dir, name), basename(name, '.json'), registry));
}

/** One device's file as it is on disk now; null when there is no such file. */
export function loadInstance(dir: string, id: string, registry: DriverRegistry): LoadedInstance | null {
  const file = join(dir, `${id}.json`);
  return existsSync(file) ? loadOne(file, id, registry) : null;
}

function loadOne(file: string, id: string, registry: DriverRegistry): LoadedInstance {
  const fail = (
    problems: string[],
    partial: Partial<LoadedInstance & { ok: false }>['partial'] = { id },
  ) => ({
    ok: false as const,
    file,
    partial: { ...partial, id },
    problems,
  });
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES)
      return fail([`/: the file is larger than ${MAX_FILE_BYTES} bytes`]);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return fail([`/: cannot read: ${(err as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail([`/: not JSON: ${(err as Error).message}`]);
  }
  const r = validateInstance(raw, registry, id);
  if (r.ok) return { ok: true, file, instance: r.instance, options: r.options };
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 300) : undefined);
  return fail(r.problems, {
    id,
    ...(str(o.driver) ? { driver: str(o.driver) } : {}),
    ...(str(o.transport) ? { transport: str(o.transport) } : {}),
    ...(o.disabled === true ? { disabled: true } : {}),
  });
}

/**
 * Writes `<id>.json` atomically (a temp file renamed over it), so a power cut leaves the old file
 * or the new one, never half of one. `schemasDir` lets new files point editors at the schema.
 */
export function writeInstance(dir: string, instance: DeviceInstance, schemasDir?: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${instance.id}.json`);
  const $schema =
    instance.$schema ??
    (schemasDir ? relative(dir, join(schemasDir, `${instance.driver}.schema.json`)) : undefined);
  const { $schema: _, ...rest } = instance;
  const body = `${JSON.stringify($schema ? { $schema, ...rest } : rest, null, 2)}\n`;
  const tmp = join(dir, `.${instance.id}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(tmp, body, { mode: 0o644 });
  renameSync(tmp, file);
  return file;
}

export function removeInstance(dir: string, id: string): void {
  rmSync(join(dir, `${id}.json`), { force: true });
}
