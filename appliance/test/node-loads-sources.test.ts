// Production runs the TypeScript sources with Node's own type stripping, not with vitest's
// transform, and the two do not accept the same syntax (Node's stripper, for one, could not parse
// `'seat' in cmd` inside a default parameter, which vitest ran happily). So every source module
// is loaded here by a real Node process, the way `./room start` would load it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/appliance-process.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('sources load under Node itself', () => {
  it('every module of bridge/src, appliance/src and firmware-config imports in a plain node process', () => {
    const files = [
      ...sources(join(ROOT, 'bridge/src')),
      // main.ts starts the appliance when imported: it is covered by every test that spawns it.
      ...sources(join(ROOT, 'appliance/src')).filter((f) => !f.endsWith('/main.ts')),
      join(ROOT, 'firmware-config/generate-schemas.ts'),
    ];
    expect(files.length).toBeGreaterThan(40);
    const script = `
      const failed = [];
      for (const url of ${JSON.stringify(files.map((f) => pathToFileURL(f).href))}) {
        try { await import(url); } catch (err) { failed.push(url + ': ' + String(err?.message ?? err).split('\\n')[0]); }
      }
      console.log(JSON.stringify(failed));
      process.exit(0);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const failed = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as string[];
    expect(failed.map((f) => f.replace(`${pathToFileURL(ROOT).href}/`, ''))).toEqual([]);
  });
});
