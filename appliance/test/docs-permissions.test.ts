// docs/permissions.md is generated from the one permission table and must not go stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PERMISSIONS } from '../src/http/permissions.ts';
import { permissionsMarkdown } from '../src/http/permissions-doc.ts';

it('docs/permissions.md matches the permission table (./room node scripts/permission-table.ts)', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/permissions.md'), 'utf8');
  expect(doc).toBe(permissionsMarkdown());
  for (const action of Object.keys(PERMISSIONS)) expect(doc).toContain(`\`${action}\``);
});
