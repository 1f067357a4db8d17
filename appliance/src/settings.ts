// Settings: validated once at start; every problem printed as a `path: message` line and the
// process exits with 78 (EX_CONFIG) (ARCHITECTURE.md "Conventions").
// `--demo` runs on embedded defaults; `./room start` reads ROOM_SETTINGS (a JSON file) over them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { schemaProblems } from '@room/bridge';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { FLOOR_MODES, MAX_OPEN_LIMIT } from './domain/floor.ts';

export const Settings = Type.Object(
  {
    room: Type.Object(
      {
        id: Type.String({ pattern: '^[a-z0-9-]{1,32}$' }),
        name: Type.String({ minLength: 1, maxLength: 120 }),
        /** The seat plan (firmware-config/seat-plans/*.json). */
        seatPlan: Type.String({ minLength: 1 }),
      },
      { additionalProperties: false },
    ),
    http: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        /**
         * The address tablets reach the appliance at (e.g. `http://10.1.2.3:8080`): the pairing links
         * in `links.txt` use it. Default: `http://{host}:{port}`.
         */
        publicUrl: Type.Optional(Type.String({ pattern: '^https?://[^/\\s]+$' })),
        /**
         * Serve HTTPS (R-ACC-6, encrypted transport): PEM files, checked at start (http/tls.ts). The
         * certificate file may hold the chain after the server's own certificate. A self-signed pair:
         * `./room tls-self-signed --out DIR` (systemd/install.sh makes one in /etc/room-appliance/tls/).
         * With it, the default `publicUrl` is `https://{host}:{port}`.
         */
        tls: Type.Optional(
          Type.Object(
            {
              certFile: Type.String({ minLength: 1 }),
              keyFile: Type.String({ minLength: 1 }),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    mqtt: Type.Object(
      {
        /** Run the embedded broker (aedes); false to use an external one (Mosquitto). */
        embedded: Type.Boolean(),
        host: Type.String({ minLength: 1 }),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        /** External broker only: the appliance's own account there. */
        username: Type.Optional(Type.String({ minLength: 1 })),
        passwordFile: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false },
    ),
    /** SQLite file, secrets and generated links live here. */
    dataDir: Type.String({ minLength: 1 }),
    /**
     * Device instances (`<id>.json`: conference systems, mixers, cameras), one file per device
     * (bridge/src/contract/device-instance.ts). Env `ROOM_DEVICES_DIR`. Default: `firmware-config/
     * devices/`; the demo keeps its own in `<dataDir>/devices/`, so trying the technician page never
     * edits the checkout.
     */
    devicesDir: Type.String({ minLength: 1 }),
    /**
     * Unit id → SHA-256 (hex) of that unit's secret, from the technician's provisioning
     * (`./room provision-units`). Demo: absent, and each unit's secret is its own id.
     */
    unitSecretsFile: Type.Optional(Type.String({ minLength: 1 })),
    floor: Type.Object(
      {
        mode: Type.Enum(FLOOR_MODES),
        maxOpen: Type.Integer({ minimum: 1, maximum: MAX_OPEN_LIMIT }),
      },
      { additionalProperties: false },
    ),
    vote: Type.Object(
      { entitlement: Type.Union([Type.Literal('all'), Type.Literal('present')]) },
      { additionalProperties: false },
    ),
    logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  },
  { additionalProperties: false },
);
export type Settings = Type.Static<typeof Settings>;

const check = Compile(Settings);

/** The demo room: fixed so anyone can try it and test it black-box (issue: demo room). */
export function demoSettings(root: string, env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    room: {
      id: 'demo',
      name: 'Phòng họp demo',
      seatPlan: resolve(root, 'firmware-config/seat-plans/demo.json'),
    },
    http: { host: env.HOST ?? '127.0.0.1', port: envPort(env.PORT, 8080) },
    mqtt: { embedded: true, host: env.MQTT_HOST ?? '127.0.0.1', port: envPort(env.MQTT_PORT, 1883) },
    dataDir: resolve(root, env.ROOM_DATA_DIR ?? 'data'),
    devicesDir: resolve(root, env.ROOM_DEVICES_DIR ?? join(env.ROOM_DATA_DIR ?? 'data', 'devices')),
    floor: { mode: 'request', maxOpen: 4 },
    vote: { entitlement: 'all' },
    logLevel: (env.LOG_LEVEL as Settings['logLevel'] | undefined) ?? 'info',
  };
}

function envPort(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  return /^\d+$/.test(v) ? Number(v) : Number.NaN; // NaN fails validation with a clear path
}

export class SettingsError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

export function validateSettings(value: unknown): Settings {
  if (check.Check(value)) return value;
  throw new SettingsError(schemaProblems(check.Errors(value)));
}

/** Production: the file named by ROOM_SETTINGS, merged over the demo defaults, then validated. */
export function loadSettings(root: string, env: NodeJS.ProcessEnv = process.env): Settings {
  const file = env.ROOM_SETTINGS ?? '/etc/room-appliance/settings.json';
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SettingsError([`${file}: ${(err as Error).message}`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SettingsError([`${file}: must be a JSON object`]);
  }
  const base = {
    ...demoSettings(root, env),
    devicesDir: resolve(root, env.ROOM_DEVICES_DIR ?? 'firmware-config/devices'),
  } as unknown as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(raw)) {
    const b = base[k];
    merged[k] =
      b && typeof b === 'object' && v && typeof v === 'object' && !Array.isArray(v) ? { ...b, ...v } : v;
  }
  // Production never falls back to "each unit's secret is its id".
  if (merged.unitSecretsFile === undefined) {
    throw new SettingsError(['/unitSecretsFile: required outside the demo (run ./room provision-units)']);
  }
  return validateSettings(merged);
}
