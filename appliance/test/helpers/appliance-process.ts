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
): Promise<ApplianceProcess> {
  // The demo seeds <dataDir>/devices only when the folder does not exist yet.
  if (!demoDevices) mkdirSync(join(dataDir, 'devices'), { recursive: true });
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
    if (child.exitCode !== null) throw new Error(`appliance exited with ${child.exitCode}:\n${out}`);
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
