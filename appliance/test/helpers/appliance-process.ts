// The whole appliance as a real process (level 3 of ARCHITECTURE.md's test levels): started the
// way `./room demo` starts it, killed the way a power cut kills it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../../bridge/test/helpers/brokers.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface ApplianceProcess {
  base: string;
  ports: { http: number; mqtt: number };
  mqttUrl: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  /** The chair console's access key, and a seat tablet's, from the pairing links file. */
  chairKey(): string;
  seatKey(seat: number): string;
  /** SIGKILL: no graceful stop, like pulling the plug. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

export async function startAppliance(
  dataDir: string,
  ports?: { http: number; mqtt: number },
  /** Production mode: the settings file (ROOM_SETTINGS) instead of --demo. */
  settingsFile?: string,
  /** Demo mode: let the demo seed its simulated devices (by default the test's room has none). */
  demoDevices = false,
  /** More environment, e.g. ROOM_AUDIO (the demo's audio settings as JSON). */
  env: NodeJS.ProcessEnv = {},
): Promise<ApplianceProcess> {
  // The demo seeds <dataDir>/devices only when the folder does not exist yet.
  if (!demoDevices) mkdirSync(join(dataDir, 'devices'), { recursive: true });
  // A free port is free when asked, not necessarily when the appliance binds it: another test's
  // server or outgoing connection may take it in between. The appliance then stops with 75
  // (EX_TEMPFAIL, "already in use"); with ports of our own choosing, choose again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnAppliance(dataDir, ports, settingsFile, env);
    } catch (err) {
      if (ports || attempt >= 3 || !(err instanceof PortTaken)) throw err;
    }
  }
}

/** The appliance stopped at start because a port it was given was taken meanwhile. */
class PortTaken extends Error {}

async function spawnAppliance(
  dataDir: string,
  ports: { http: number; mqtt: number } | undefined,
  settingsFile: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<ApplianceProcess> {
  const http = ports?.http ?? (await freePort());
  const mqtt = ports?.mqtt ?? (await freePort());
  const args = settingsFile ? [] : ['--demo'];
  const child = spawn(process.execPath, [join(ROOT, 'appliance/src/main.ts'), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(http),
      MQTT_PORT: String(mqtt),
      ROOM_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...(settingsFile ? { ROOM_SETTINGS: settingsFile } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const base = `http://127.0.0.1:${http}`;
  const until = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      const message = `appliance exited with ${child.exitCode}:\n${out}`;
      throw child.exitCode === 75 && out.includes('already in use')
        ? new PortTaken(message)
        : new Error(message);
    }
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`appliance did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const links = () => readFileSync(join(dataDir, 'links.txt'), 'utf8').trim().split('\n');
  const keyOf = (marker: string) => {
    const line = links().find((l) => l.includes(marker));
    if (!line) throw new Error(`no pairing link with ${marker} in links.txt`);
    return line.split('#key=')[1] ?? '';
  };
  const exited = () =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => child.once('exit', () => r()));
  return {
    base,
    ports: { http, mqtt },
    mqttUrl: `mqtt://127.0.0.1:${mqtt}`,
    dataDir,
    child,
    output: () => out,
    chairKey: () => keyOf('/chair#'),
    seatKey: (seat) => keyOf(`/seat/${seat}#`),
    async kill() {
      const gone = exited();
      child.kill('SIGKILL');
      await gone;
    },
    async stop() {
      const gone = exited();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** JSON over HTTP with an access key: `{ status, body }` whatever the status. */
export { request as api } from '../../../scripts/lib/appliance-child.ts';

/** A person logged in over HTTP: the session cookie, and the CSRF token unsafe requests carry. */
export interface HttpSession {
  cookie: string;
  csrf: string;
  personId: string;
}

/** The password the helpers below choose when they change a one-time password. */
export const PROCESS_PASSWORD = 'Bieu-quyet-2026!';

/** JSON over HTTP as a logged-in person: `{ status, body }` whatever the status. */
export async function sessionApi(
  base: string,
  session: HttpSession,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { cookie: session.cookie };
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) headers['x-csrf-token'] = session.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await r.text();
  const type = r.headers.get('content-type') ?? '';
  return { status: r.status, body: text && type.includes('json') ? JSON.parse(text) : text || null };
}

/** Logs in over HTTP (POST /api/auth/login). */
export async function loginHttp(base: string, username: string, password: string): Promise<HttpSession> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await r.json()) as { csrfToken?: string; principal?: { person?: { id: string } } };
  if (r.status !== 200) throw new Error(`login ${username}: HTTP ${r.status} ${JSON.stringify(body)}`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('room_session='));
  if (!cookie || !body.csrfToken) throw new Error(`login ${username}: no session cookie or CSRF token`);
  return { cookie, csrf: body.csrfToken, personId: body.principal?.person?.id ?? '' };
}

/** Logs in with a one-time password and chooses `next` (POST /api/auth/password); the session goes on. */
export async function firstLoginHttp(
  base: string,
  username: string,
  oneTimePassword: string,
  next = PROCESS_PASSWORD,
): Promise<HttpSession> {
  const s = await loginHttp(base, username, oneTimePassword);
  const r = await sessionApi(base, s, 'POST', '/api/auth/password', { current: oneTimePassword, next });
  if (r.status !== 200 || r.body.mustChangePassword !== false) {
    throw new Error(`password change for ${username}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { ...s, csrf: r.body.csrfToken ?? s.csrf };
}

/**
 * The first system administrator of a fresh appliance: logs in with the one-time password the
 * first start wrote to `<dataDir>/first-admin.txt`, and changes it. Once per data directory (the
 * note is removed at the next start after the change).
 */
export async function adminSession(
  base: string,
  dataDir: string,
  next = PROCESS_PASSWORD,
): Promise<HttpSession> {
  const note = readFileSync(join(dataDir, 'first-admin.txt'), 'utf8');
  const username = /^username: (\S+)$/m.exec(note)?.[1];
  const otp = /^one-time password: (\S+)$/m.exec(note)?.[1];
  if (!username || !otp) throw new Error(`first-admin.txt names no username and one-time password:\n${note}`);
  return firstLoginHttp(base, username, otp, next);
}

/**
 * A new person with `roles` in a new unit, created over HTTP by an administrator (POST /api/units,
 * POST /api/persons with a username → one-time password), logged in, password changed.
 */
export async function personSession(
  base: string,
  admin: HttpSession,
  o: { username: string; roles: string[]; fullName?: string; unitName?: string },
): Promise<HttpSession> {
  const unit = await sessionApi(base, admin, 'POST', '/api/units', {
    name: o.unitName ?? 'Trung tâm Kỹ thuật',
  });
  if (unit.status !== 201)
    throw new Error(`POST /api/units: HTTP ${unit.status} ${JSON.stringify(unit.body)}`);
  const created = await sessionApi(base, admin, 'POST', '/api/persons', {
    unitId: unit.body.id,
    fullName: o.fullName ?? 'Kỹ thuật viên',
    roles: o.roles,
    username: o.username,
  });
  if (created.status !== 201 || !created.body.oneTimePassword) {
    throw new Error(`POST /api/persons: HTTP ${created.status} ${JSON.stringify(created.body)}`);
  }
  return firstLoginHttp(base, o.username, created.body.oneTimePassword);
}

/** A technician (a person with the technician role who logs in), created over HTTP by `admin`. */
export const technicianSession = (base: string, admin: HttpSession, username = 'ky.thuat.vien') =>
  personSession(base, admin, { username, roles: ['technician'], fullName: 'Kỹ thuật viên phòng họp' });
