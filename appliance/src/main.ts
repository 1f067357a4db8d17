// The process: settings, build, listen, stop gracefully. Nothing else lives here.
//   node appliance/src/main.ts --demo   the demo room on embedded defaults
//   node appliance/src/main.ts          production, from ROOM_SETTINGS
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { buildApp } from './app.ts';
import { type SsoClient, ssoClientFromSettings } from './auth/oidc.ts';
import { type DemoDevices, startDemoDevices } from './demo-devices.ts';
import { DEMO_ACCOUNTS_FILE } from './demo-people.ts';
import { type LoadedTls, loadTls } from './http/tls.ts';
import { startRoomService } from './room-service.ts';
import { demoSettings, loadSettings, type Settings, SettingsError } from './settings.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const demo = process.argv.includes('--demo');

let settings: Settings;
let tls: LoadedTls | null;
let sso: SsoClient | null;
try {
  settings = demo ? demoSettings(ROOT) : loadSettings(ROOT);
  tls = settings.http.tls ? loadTls(settings.http.tls) : null;
  sso = ssoClientFromSettings(settings);
} catch (err) {
  if (err instanceof SettingsError) {
    for (const p of err.problems) console.error(p);
    process.exit(78);
  }
  throw err;
}

const logger = pino({ level: settings.logLevel, base: { room: settings.room.id } });
if (tls) {
  const { subject, expiresAt, fingerprint, warning } = tls;
  logger.info({ subject, expiresAt, fingerprint }, 'https certificate');
  if (warning) logger.warn(warning);
}

async function run() {
  // Demo only: simulated conference hardware on sim:// devices, attached before the devices connect.
  const demoDevices: DemoDevices | null = demo ? startDemoDevices(settings.devicesDir) : null;
  const service = await startRoomService(settings, logger, { demoUnitSecrets: demo });
  const app = await buildApp({
    room: service.room,
    keys: service.keys,
    devices: service.devices,
    audit: service.audit,
    people: service.people,
    meetings: service.meetings,
    recording: service.recording,
    transcripts: service.transcripts,
    transcription: service.pipeline,
    recordingsDir: join(settings.dataDir, 'recordings'),
    meetingAccess: service.meetings,
    search: (f) => service.log.search(f),
    seq: () => service.log.lastSeq,
    health: service.health,
    audioStatus: service.audioStatus,
    dashboardDir: join(ROOT, 'dashboard/dist'),
    logger: logger.child({ part: 'http' }),
    ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
    ...(sso ? { ssoClient: sso } : {}),
  });
  await app.listen({ host: settings.http.host, port: settings.http.port });
  const base = `${tls ? 'https' : 'http'}://${settings.http.host}:${settings.http.port}`;
  const links = pairingLinks(service, settings.http.publicUrl ?? base);
  writeFileSync(join(settings.dataDir, 'links.txt'), `${links.join('\n')}\n`, { mode: 0o600 });
  // performance.now() counts from the process's start, so module loading is included.
  logger.info({ startupMs: Math.round(performance.now()), url: base }, 'room ready');
  if (demo) {
    console.log(
      [
        '',
        `  Phòng họp demo / demo room is ready at ${base}`,
        `  Wall display:   ${base}/display`,
        `  Chair console:  ${links[0]}`,
        `  Seat tablet 2:  ${links[1]}`,
        `  Log in:         ${base}/login${service.firstAdmin ? ` (first administrator: ${service.firstAdmin.file})` : ''}`,
        `  Demo accounts:  ${join(settings.dataDir, DEMO_ACCOUNTS_FILE)} (one-time passwords)`,
        `  Every seat's link: ${join(settings.dataDir, 'links.txt')}`,
        `  API docs:       ${base}/docs`,
        `  Seat units:     mqtt://${settings.mqtt.host}:${settings.mqtt.port} (demo only: password = unit id)`,
        `  Devices:        ${settings.devicesDir} (simulated: ${demoDevices?.simulated.join(', ') || 'none'})`,
        '',
      ].join('\n'),
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await service.close();
    await demoDevices?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Chair consoles first, then the seat tablets (paired seat devices; people log in at /login). */
function pairingLinks(service: Awaited<ReturnType<typeof startRoomService>>, base: string): string[] {
  const seats = service.room.state.config.seats
    .map((s) =>
      s.role === 'chair'
        ? `${base}/chair#key=${service.keys.keyFor({ role: 'chair', seat: s.seat })}`
        : `${base}/seat/${s.seat}#key=${service.keys.keyFor({ role: 'delegate', seat: s.seat })}`,
    )
    .sort((a, b) => Number(b.includes('/chair')) - Number(a.includes('/chair')));
  return seats;
}

run().catch((err) => {
  if (err instanceof SettingsError) {
    for (const p of err.problems) console.error(p);
    process.exit(78);
  }
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    const { address, port } = err as { address?: string; port?: number };
    console.error(`${address}:${port} is already in use (another appliance running?); set PORT / MQTT_PORT`);
    process.exit(75); // EX_TEMPFAIL: it may work once the other process is gone
  }
  logger.fatal({ err }, 'start failed');
  process.exit(1);
});
