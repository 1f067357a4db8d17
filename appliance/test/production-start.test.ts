// Outside the demo, seat units log in with provisioned random secrets only (R-ACC-6: no default or
// shared passwords; seat-unit-mqtt.md "Timing and safety").
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { connectUnit } from '../../bridge/test/helpers/fake-unit.ts';
import { type ApplianceProcess, ROOT, startAppliance } from './helpers/appliance-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

describe('production start', () => {
  const dir = tempDir('room-prod-');
  let app: ApplianceProcess;
  afterAll(async () => {
    await app?.stop();
    dir.cleanup();
  });

  it('accepts a unit with its provisioned secret and refuses the demo password', async () => {
    const secretsFile = join(dir.path, 'unit-secrets.json');
    const printed = execFileSync(
      process.execPath,
      [
        join(ROOT, 'scripts/provision-units.ts'),
        '--plan',
        join(ROOT, 'firmware-config/seat-plans/demo.json'),
        '--out',
        secretsFile,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const secrets = new Map(
      printed
        .trim()
        .split('\n')
        .map((l) => l.split('\t') as [string, string]),
    );
    expect(secrets.size).toBe(60);
    const settings = join(dir.path, 'settings.json');
    writeFileSync(
      settings,
      JSON.stringify({ unitSecretsFile: secretsFile, dataDir: join(dir.path, 'data') }),
    );
    app = await startAppliance(join(dir.path, 'data'), undefined, settings);

    await expect(
      mqtt.connectAsync(app.mqttUrl, { username: 'demo-05', password: 'demo-05', reconnectPeriod: 0 }),
    ).rejects.toThrow();
    const u5 = await connectUnit(app.mqttUrl, 'demo', 'demo-05', secrets.get('demo-05')!);
    await u5.press('speak');
    await u5.waitFor((m) => m.topic.endsWith('/demo-05/state') && JSON.parse(m.payload).mic === 'requesting');
    await u5.end();
  }, 30_000);

  it('a tls key that cannot be read stops the start with exit 78, naming the file (R-ACC-6)', () => {
    const tls = join(dir.path, 'tls');
    execFileSync(process.execPath, [join(ROOT, 'scripts/tls-self-signed.ts'), '--out', tls], {
      stdio: 'ignore',
    });
    const settings = join(dir.path, 'settings-tls.json');
    const keyFile = join(dir.path, 'no-such-dir/key.pem');
    writeFileSync(
      settings,
      JSON.stringify({
        unitSecretsFile: join(dir.path, 'unit-secrets.json'),
        dataDir: join(dir.path, 'data'),
        http: { tls: { certFile: join(tls, 'cert.pem'), keyFile } },
      }),
    );
    const r = spawnSync(process.execPath, [join(ROOT, 'appliance/src/main.ts')], {
      env: { ...process.env, ROOM_SETTINGS: settings },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain(`/http/tls/keyFile: cannot read ${keyFile}: no such file`);
  });
});
