// The appliance as a child process for benchmarks: a generated production room (settings file, seat
// plan, unit secrets) in a temp dir, random free ports on 127.0.0.1, start timed from spawn to the
// first `GET /health` 200, and a kill on every exit path of the parent.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import { freePort, sleep } from './async.ts';
import { unitIds } from './seat-unit-client.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'appliance/src/main.ts');

export interface RoomFiles {
  room: string;
  dir: string;
  settingsFile: string;
  dataDir: string;
  /** Device instances (empty unless the caller writes some): never the checkout's own folder. */
  devicesDir: string;
  /** Unit ids in seat order: units[0] sits at seat 1 (the chair). */
  units: string[];
  /** Unit id → its secret (the appliance only holds the SHA-256 of it). */
  secrets: Map<string, string>;
  httpPort: number;
  mqttPort: number;
}

/**
 * Writes a production room into `dir`: `seats` seats, seat 1 the chair, units `${prefix}001`…,
 * floor mode `request` with 4 open microphones, quick votes open to every seat.
 */
export async function writeRoom(
  dir: string,
  o: { room: string; seats: number; prefix: string; logLevel?: string; auth?: Record<string, number> },
): Promise<RoomFiles> {
  mkdirSync(dir, { recursive: true });
  const units = unitIds(o.prefix, o.seats, Math.max(3, String(o.seats).length));
  const secrets = new Map(units.map((u) => [u, randomBytes(16).toString('base64url')]));
  const plan = {
    room: o.room,
    name: `Bench room, ${o.seats} seats`,
    seats: units.map((unit, i) => ({
      seat: i + 1,
      unit,
      role: i === 0 ? 'chair' : 'delegate',
      label: i === 0 ? 'Chair' : `Delegate ${i + 1}`,
    })),
  };
  const digests = Object.fromEntries(
    [...secrets].map(([u, s]) => [u, createHash('sha256').update(s, 'utf8').digest('hex')]),
  );
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const dataDir = join(dir, 'data');
  const devicesDir = join(dir, 'devices');
  const seatPlan = join(dir, 'seat-plan.json');
  const unitSecretsFile = join(dir, 'unit-secrets.json');
  const settingsFile = join(dir, 'settings.json');
  writeFileSync(seatPlan, JSON.stringify(plan, null, 2));
  writeFileSync(unitSecretsFile, JSON.stringify(digests, null, 2), { mode: 0o600 });
  const settings = {
    room: { id: o.room, name: plan.name, seatPlan },
    http: { host: '127.0.0.1', port: httpPort },
    mqtt: { embedded: true, host: '127.0.0.1', port: mqttPort },
    dataDir,
    devicesDir,
    unitSecretsFile,
    floor: { mode: 'request', maxOpen: 4 },
    vote: { entitlement: 'all' },
    logLevel: o.logLevel ?? 'info',
    ...(o.auth ? { auth: o.auth } : {}),
  };
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  return { room: o.room, dir, settingsFile, dataDir, devicesDir, units, secrets, httpPort, mqttPort };
}

const children = new Set<ChildProcess>();

/** SIGKILLs every appliance child still running (safe to call from an `exit` handler). */
export function killAllChildren(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  children.clear();
}

export interface ApplianceChild {
  pid: number;
  base: string;
  mqttUrl: string;
  files: RoomFiles;
  /** Spawn → first `GET /health` 200, in ms. */
  startMs: number;
  /** What the appliance logged as its own start-up time (module loaded → listening), when found. */
  selfReportedStartMs: number | null;
  output(): string;
  chairKey(): Promise<string>;
  rssKiB(): number;
  /** SIGTERM (graceful) and wait; SIGKILL after `graceMs`. Resolves with how it ended. */
  stop(graceMs?: number): Promise<string>;
}

const OUTPUT_LIMIT = 256 * 1024;

/** Spawns `node appliance/src/main.ts` with ROOM_SETTINGS and waits for `/health` (≤ `timeoutMs`). */
export async function startApplianceChild(
  files: RoomFiles,
  o: { timeoutMs?: number; nodeArgs?: string[]; pollMs?: number } = {},
): Promise<ApplianceChild> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), MAIN], {
    cwd: ROOT,
    env: { ...process.env, ROOM_SETTINGS: files.settingsFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString('utf8');
    if (out.length > OUTPUT_LIMIT) out = out.slice(-OUTPUT_LIMIT / 2);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${files.httpPort}`;
  const timeoutMs = o.timeoutMs ?? 30_000;
  let startMs = Number.NaN;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `appliance exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${out}`,
      );
    }
    const status = await httpStatus(`${base}/health`);
    if (status === 200) {
      startMs = performance.now() - t0;
      break;
    }
    if (performance.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`appliance not healthy after ${timeoutMs} ms:\n${out}`);
    }
    await sleep(o.pollMs ?? 5);
  }
  const pid = child.pid!;
  const exited = () =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => child.once('exit', () => r()));
  return {
    pid,
    base,
    mqttUrl: `mqtt://127.0.0.1:${files.mqttPort}`,
    files,
    startMs,
    get selfReportedStartMs() {
      const m = /"startupMs":(\d+)/.exec(out);
      return m ? Number(m[1]) : null;
    },
    output: () => out,
    async chairKey() {
      const file = join(files.dataDir, 'links.txt');
      // links.txt is written just after the HTTP server listens: /health can answer first.
      for (let i = 0; i < 200 && !existsSync(file); i++) await sleep(10);
      const line = readFileSync(file, 'utf8').split('\n')[0] ?? '';
      const key = line.split('#key=')[1];
      if (!key || !line.includes('/chair#')) throw new Error(`no chair link in ${file}`);
      return key;
    },
    rssKiB: () => rssKiB(pid),
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return 'already exited';
      const gone = exited();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
      return child.signalCode ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`;
    },
  };
}

/** VmRSS of a process in KiB, from /proc/PID/status; NaN when it cannot be read. */
export function rssKiB(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Status code of a GET, or 0 when nothing answers. No keep-alive, no fetch start-up cost. */
export function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** JSON over HTTP with an access key: the status and the parsed body, whatever the status. */
export async function request(
  base: string,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the wire; callers check what they read
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

/** JSON over HTTP with an access key; throws on a non-2xx answer. */
export async function api<T = unknown>(
  base: string,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
) {
  const r = await request(base, key, method, path, body);
  if (r.status < 200 || r.status > 299)
    throw new Error(`${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}
