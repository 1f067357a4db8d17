// Writes docs/permissions.md from the one permission table (appliance/src/http/permissions.ts), so
// the document cannot drift from the code: appliance/test/docs-permissions.test.ts fails when it is
// stale. Run: ./room node scripts/permission-table.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsMarkdown } from '../appliance/src/http/permissions-doc.ts';

const out = join(import.meta.dirname, '../docs/permissions.md');
writeFileSync(out, permissionsMarkdown());
console.log(`wrote ${out}`);
