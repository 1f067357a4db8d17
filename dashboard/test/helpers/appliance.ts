// The dashboard's tests drive the real appliance (appliance/test/helpers/appliance-process.ts)
// through Chromium like a room would; the built dashboard must exist for it to serve.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../appliance/test/helpers/appliance-process.ts';

export {
  type ApplianceProcess as Appliance,
  api,
  startAppliance,
} from '../../../appliance/test/helpers/appliance-process.ts';
export const DIST_INDEX = join(ROOT, 'dashboard/dist/index.html');

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
