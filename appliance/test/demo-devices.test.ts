// `./room demo` brings simulated conference hardware (issue 3): a Shure DCS and a VISCA camera on
// sim:// transports, seeded into the demo's own devices folder on its first start and simulated
// in-process, so the technician page and the floor show real devices with no hardware. The
// technician is a person with the technician role, created by the first administrator, logged in.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../bridge/test/helpers/wait.ts';
import {
  type ApplianceProcess,
  adminSession,
  api,
  type HttpSession,
  sessionApi,
  startAppliance,
  technicianSession,
} from './helpers/appliance-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

/** The demo starts its simulators and devices in a real process: allow it a few seconds. */
const wait = (what: string, check: () => Promise<boolean>) => until(what, check, 8000, 50);

describe('the demo room with simulated devices', () => {
  const dir = tempDir('room-demo-devices-');
  let app: ApplianceProcess;
  let tech: HttpSession;
  beforeAll(async () => {
    app = await startAppliance(dir.path, undefined, undefined, true);
    tech = await technicianSession(app.base, await adminSession(app.base, dir.path));
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    dir.cleanup();
  });

  it('seeds its devices folder with a conference system and a camera, as ordinary instance files', () => {
    const devices = join(dir.path, 'devices');
    expect(readdirSync(devices).sort()).toEqual(['demo-camera.json', 'demo-dcs.json']);
    const dcs = JSON.parse(readFileSync(join(devices, 'demo-dcs.json'), 'utf8'));
    expect(dcs).toMatchObject({ driver: 'shure-dcs', transport: 'sim://demo-dcs' });
    // The $schema points at the committed schema from wherever the data dir is.
    expect(existsSync(join(devices, dcs.$schema))).toBe(true);
  });

  it('both come up, and the floor reaches them: the conference system opens the mic, the camera turns', async () => {
    const status = async () =>
      Object.fromEntries(
        (
          (await sessionApi(app.base, tech, 'GET', '/api/devices')).body as {
            id: string;
            status: { status: string };
          }[]
        ).map((d) => [d.id, d.status.status]),
      );
    await wait('both ok', async () => {
      const s = await status();
      return s['demo-dcs'] === 'ok' && s['demo-camera'] === 'ok';
    });
    expect((await api(app.base, app.chairKey(), 'POST', '/api/floor/grant', { seat: 3 })).status).toBe(200);
    await wait('mic 3 on at the simulated unit', async () => {
      const d = (await sessionApi(app.base, tech, 'GET', '/api/devices/demo-dcs')).body.device;
      return d.details.reported.speakers.includes(3);
    });
    await wait('camera on preset 3', async () => {
      const d = (await sessionApi(app.base, tech, 'GET', '/api/devices/demo-camera')).body.device;
      return d.details.preset === 3; // the camera's current preset, as it confirmed it
    });
    // A test command is a state-changing request: the session's CSRF token goes with it.
    const cmd = await sessionApi(app.base, tech, 'POST', '/api/devices/demo-dcs/commands', {
      type: 'refresh',
    });
    expect(cmd.status, JSON.stringify(cmd.body)).toBe(200);
    const forged = await sessionApi(
      app.base,
      { ...tech, csrf: 'x' },
      'POST',
      '/api/devices/demo-dcs/restart',
      {},
    );
    expect(forged).toMatchObject({ status: 403, body: { error: { code: 'E_CSRF' } } });
  });
});
