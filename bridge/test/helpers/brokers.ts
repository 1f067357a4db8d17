// Real brokers for tests: the embedded aedes broker, and Debian's Mosquitto as the external one.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/lib/async.ts';
import { mosquittoAcl, mosquittoConf } from '../../src/broker/mosquitto-config.ts';
import { SeatUnitBroker } from '../../src/broker/seat-unit-broker.ts';
import { UnitCredentials } from '../../src/broker/unit-credentials.ts';

export { freePort };

export const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));
export const SERVICE = { username: 'appliance', password: 'service-secret-for-tests' };

export interface TestBroker {
  kind: 'aedes' | 'mosquitto';
  port: number;
  url: string;
  stop(): Promise<void>;
  /** Stops and starts again on the same port (a broker restart as the units see it). */
  restart(): Promise<void>;
}

export async function waitForPort(port: number, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Unit secrets for tests: unit id → secret. */
export function unitSecrets(units: string[]): Record<string, string> {
  return Object.fromEntries(units.map((u) => [u, `secret-of-${u}`]));
}

export async function startAedes(
  room: string,
  secrets: Record<string, string>,
  port = 0,
): Promise<TestBroker> {
  let broker = new SeatUnitBroker({
    room,
    credentials: UnitCredentials.fromSecrets(secrets),
    service: [SERVICE],
    port,
  });
  await broker.start();
  const p = broker.port;
  return {
    kind: 'aedes',
    port: p,
    url: `mqtt://127.0.0.1:${p}`,
    stop: () => broker.stop(),
    async restart() {
      await broker.stop();
      broker = new SeatUnitBroker({
        room,
        credentials: UnitCredentials.fromSecrets(secrets),
        service: [SERVICE],
        port: p,
      });
      await broker.start();
    },
  };
}

export async function startMosquitto(room: string, secrets: Record<string, string>): Promise<TestBroker> {
  if (!MOSQUITTO) throw new Error('mosquitto is not installed (scripts/install-system-deps.sh installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  // Started as root, Mosquitto drops to the `mosquitto` user, which must be able to read its files.
  chmodSync(dir, 0o755);
  const passwordFile = join(dir, 'passwd');
  const aclFile = join(dir, 'acl');
  writeFileSync(passwordFile, '');
  for (const [user, pass] of Object.entries({ ...secrets, [SERVICE.username]: SERVICE.password })) {
    execFileSync('mosquitto_passwd', ['-b', passwordFile, user, pass]);
  }
  writeFileSync(aclFile, mosquittoAcl(room, SERVICE.username));
  chmodSync(passwordFile, 0o644);
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, mosquittoConf({ port, host: '127.0.0.1', passwordFile, aclFile }));
  let child: ChildProcess;
  const start = async () => {
    child = spawn(MOSQUITTO!, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
    });
    try {
      await waitForPort(port);
    } catch (e) {
      throw new Error(`mosquitto did not start: ${err}`, { cause: e });
    }
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  };
  await start();
  return {
    kind: 'mosquitto',
    port,
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await start();
    },
  };
}

/**
 * Both brokers a seat-unit test runs against, for `describe.each`. Mosquitto's tests are skipped
 * (reported) where it is not installed, except in CI, where a missing Mosquitto must fail.
 */
export function bothBrokers(
  room: string,
  secrets: Record<string, string>,
): [name: string, start: () => Promise<TestBroker>, skip: boolean][] {
  const skipMosquitto = !MOSQUITTO && process.env.CI !== 'true';
  return [
    ['aedes (embedded)', () => startAedes(room, secrets), false],
    ['mosquitto (external)', () => startMosquitto(room, secrets), skipMosquitto],
  ];
}
