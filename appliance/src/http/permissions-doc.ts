// The permission table as Markdown (docs/permissions.md), with the doc comment of each action.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERMISSIONS } from './permissions.ts';

const ROLE_WORDS: Record<string, string> = {
  public: 'anyone',
  'seat.delegate': 'paired seat tablet (its seat)',
  'seat.chair': 'paired chair console (its seat)',
  restricted: 'a person who must change their password first',
  person: 'any logged-in person',
  sysadmin: 'system administrator',
  unit_admin: 'unit administrator (own unit only)',
  organiser: 'meeting organiser (global role)',
  technician: 'technician',
};

export function permissionsMarkdown(): string {
  // The comment above each action in the source says what it is for.
  const src = readFileSync(join(import.meta.dirname, 'permissions.ts'), 'utf8');
  const comments = new Map<string, string>();
  for (const m of src.matchAll(/\/\*\*\s*([\s\S]*?)\s*\*\/\s*\n\s*'([a-z_.]+)':/g)) {
    comments.set(m[2]!, m[1]!.replace(/\s*\n\s*\*\s?/g, ' ').trim());
  }
  const word = (r: string) => ROLE_WORDS[r] ?? (r.startsWith('meeting.') ? `the meeting's ${r.slice(8)}` : r);
  const rows = Object.entries(PERMISSIONS).map(
    ([action, roles]) =>
      `| \`${action}\` | ${(roles as readonly string[]).map(word).join(', ')} | ${comments.get(action) ?? ''} |`,
  );
  return [
    '# Who may do what',
    '',
    'Generated from `appliance/src/http/permissions.ts` by `./room node scripts/permission-table.ts`;',
    'a test fails when this file is stale. Every HTTP route names one of these actions (a route',
    'without one stops the start-up); `appliance/test/http/permissions.test.ts` checks every cell.',
    "\"The meeting's …\" roles are a person's roles in the meeting the request is about (the route's",
    'meeting, or for the floor, votes and seats the meeting in progress). See docs/access.md.',
    '',
    '| Action | Allowed | What it is |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
