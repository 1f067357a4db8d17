// The real appliance as a child process (`node appliance/src/main.ts --demo`), on free ports, with
// its own data directory; the dashboard's tests drive it through Chromium like a room would.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const DIST_INDEX = join(ROOT, 'dashboard/dist/index.html');

/** A port nobody listens on right now: the kernel picks one for port 0, we release it. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** `./room test` builds the dashboard first; a bare `vitest run` builds it here when missing. */
export function ensureDashboardBuilt(): void {
  if (existsSync(DIST_INDEX)) return;
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: join(ROOT, 'dashboard'),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0 || !existsSync(DIST_INDEX)) {
    throw new Error(`dashboard build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

export interface Appliance {
  base: string;
  ports: { http: number; mqtt: number };
  dataDir: string;
  child: ChildProcess;
  output(): string;
  chairKey(): string;
  seatKey(seat: number): string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

export async function startAppliance(
  dataDir: string,
  ports?: { http: number; mqtt: number },
): Promise<Appliance> {
  const p = ports ?? { http: await freePort(), mqtt: await freePort() };
  const child = spawn(process.execPath, [join(ROOT, 'appliance/src/main.ts'), '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(p.http),
      MQTT_PORT: String(p.mqtt),
      ROOM_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const base = `http://127.0.0.1:${p.http}`;
  const until = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`appliance exited with ${child.exitCode}:\n${out}`);
    const healthy = await fetch(`${base}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`appliance did not become healthy within 20 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const links = () => readFileSync(join(dataDir, 'links.txt'), 'utf8').trim().split('\n');
  const keyOf = (marker: string) => {
    const line = links().find((l) => l.includes(marker));
    if (!line) throw new Error(`no pairing link with ${marker} in links.txt`);
    return line.split('#key=')[1] ?? '';
  };
  return {
    base,
    ports: p,
    dataDir,
    child,
    output: () => out,
    chairKey: () => keyOf('/chair#'),
    seatKey: (seat) => keyOf(`/seat/${seat}#`),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** JSON over HTTP with an access key, as the dashboard sends it. */
export async function api(
  base: string,
  key: string | null,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (method !== 'GET') headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, {
    method,
    headers,
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}
