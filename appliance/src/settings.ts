// Settings: validated once at start; every problem printed as a `path: message` line and the
// process exits with 78 (EX_CONFIG) (ARCHITECTURE.md "Conventions").
// `--demo` runs on embedded defaults; `./room start` reads ROOM_SETTINGS (a JSON file) over them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { schemaProblems } from '@room/bridge';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { AudioSourceSchema } from './audio/audio-source.ts';
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
    /** Accounts and sessions (issue 4, R-ACC-2, R-ACC-6). */
    auth: Type.Object(
      {
        /** A password older than this must be changed at the next login (R-ACC-2: 90, BP: 30). */
        passwordExpiryDays: Type.Integer({ minimum: 1, maximum: 365 }),
        /** Failed logins in a row that lock an account for `lockoutMinutes`. */
        maxFailedLogins: Type.Integer({ minimum: 3, maximum: 20 }),
        lockoutMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
        /** A session unused this long ends; none lives longer than `sessionMaxHours`. */
        sessionIdleMinutes: Type.Integer({ minimum: 5, maximum: 720 }),
        sessionMaxHours: Type.Integer({ minimum: 1, maximum: 72 }),
        /** How long a one-time password (new account, reset) can be used. */
        oneTimePasswordHours: Type.Integer({ minimum: 1, maximum: 168 }),
        /** Login attempts per minute from one address, whatever the usernames. */
        loginPerMinutePerIp: Type.Integer({ minimum: 1, maximum: 600 }),
        /**
         * The province's OpenID Connect provider (R-ACC-5). `clientSecretFile` holds the secret; the
         * redirect URI to register there is `{publicUrl}/api/auth/sso/callback`.
         */
        sso: Type.Optional(
          Type.Object(
            {
              issuer: Type.String({ pattern: '^https?://' }),
              clientId: Type.String({ minLength: 1 }),
              clientSecretFile: Type.String({ minLength: 1 }),
              /** Shown on the login button ("Đăng nhập bằng tài khoản tỉnh"). */
              label: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
              scope: Type.Optional(Type.String({ minLength: 1 })),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    meetings: Type.Object(
      {
        /**
         * Minimum notice per meeting kind, in minutes (R-MTG-3): publishing later is allowed but
         * warned about and recorded. Defaults: regular 3 days, ad hoc 1 day, emergency 3 hours.
         */
        notice: Type.Object(
          {
            regular: Type.Integer({ minimum: 0, maximum: 43200 }),
            ad_hoc: Type.Integer({ minimum: 0, maximum: 43200 }),
            emergency: Type.Integer({ minimum: 0, maximum: 43200 }),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    /**
     * Recording and transcription (issue 5). `source`: the room's audio (ALSA / PulseAudio device,
     * a network stream from the conference system, or a file); absent: meetings are not recorded
     * and the appliance says so. `model`: a whisper.cpp model file (`./room model install FILE`);
     * absent: recording goes on, nothing is transcribed.
     */
    audio: Type.Object(
      {
        source: Type.Optional(AudioSourceSchema),
        model: Type.Optional(Type.String({ minLength: 1 })),
        /** Threads the speech engine may use (it runs at low priority beside the room). */
        threads: Type.Integer({ minimum: 1, maximum: 16 }),
        /**
         * How long the engine is held after a delegate's key (speak, vote, present), in ms, so
         * that keys never share the machine with it (transcribe/floor-first.ts). Default 250; 0: never.
         */
        holdForKeysMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
      },
      { additionalProperties: false },
    ),
    logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  },
  { additionalProperties: false },
);

export const DEFAULT_AUTH: Settings['auth'] = {
  passwordExpiryDays: 90,
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  oneTimePasswordHours: 72,
  loginPerMinutePerIp: 20,
};
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
    auth: DEFAULT_AUTH,
    meetings: { notice: { regular: 3 * 24 * 60, ad_hoc: 24 * 60, emergency: 3 * 60 } },
    audio: demoAudio(env.ROOM_AUDIO),
    logLevel: (env.LOG_LEVEL as Settings['logLevel'] | undefined) ?? 'info',
  };
}

/**
 * The demo records nothing unless ROOM_AUDIO gives its audio settings as JSON, e.g.
 * `{"source":{"kind":"pulse"},"model":"models/ggml-base-q5_1.bin"}` (docs/recording.md "Sources").
 */
function demoAudio(json: string | undefined): Settings['audio'] {
  if (json === undefined || json === '') return { threads: 2 };
  let given: unknown;
  try {
    given = JSON.parse(json);
  } catch {
    throw new SettingsError(['ROOM_AUDIO: not JSON (give the audio settings as a JSON object)']);
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new SettingsError(['ROOM_AUDIO: must be a JSON object like {"source":{…},"model":"…"}']);
  }
  const audio = { threads: 2, ...given };
  const problems = schemaProblems(check.Errors({ ...demoSettings('/', {}), audio })).map((p) =>
    p.replace(/^\/?audio/, 'ROOM_AUDIO'),
  );
  if (problems.length) throw new SettingsError(problems);
  return audio as Settings['audio'];
}

function envPort(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  return /^\d+$/.test(v) ? Number(v) : Number.NaN; // NaN fails validation with a clear path
}

/** Why a settings file could not be read, in the words a technician needs. */
export function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied (the service reads it as its own user)';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return (err as Error).message;
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
