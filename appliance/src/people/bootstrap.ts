// The first system administrator. There is no default password (R-ACC-3, issue 4): on the first
// start of an installation with nobody able to administer it, the appliance creates the account
// `admin` with a one-time password, writes it to `<dataDir>/first-admin.txt` (mode 0600, readable
// by the service user and root only) and says so in the journal. The first login must change it;
// the file is removed once that happened.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Accounts } from '../auth/accounts.ts';
import type { Audit } from '../http/app-types.ts';
import type { Directory } from './directory.ts';

export const FIRST_ADMIN_FILE = 'first-admin.txt';

export interface Bootstrapped {
  username: string;
  oneTimePassword: string;
  file: string;
}

export async function ensureFirstAdmin(
  dataDir: string,
  directory: Directory,
  accounts: Accounts,
  audit: Audit,
  roomName: string,
): Promise<Bootstrapped | null> {
  const file = join(dataDir, FIRST_ADMIN_FILE);
  const admins = directory.persons({ active: true, role: 'sysadmin' });
  if (admins.length > 0) {
    const first = admins.find((a) => a.username === 'admin');
    const status = first ? accounts.status(first.id) : null;
    // The one-time password was changed: the note has done its work.
    if (existsSync(file) && status?.mustChange === false) rmSync(file);
    // Nobody used it in time and it is the only administrator: a new one, or nobody could get in.
    const expired = status?.oneTimeExpiresAt != null && status.oneTimeExpiresAt <= Date.now();
    if (!(first && expired && admins.length === 1)) return null;
    const oneTimePassword = await accounts.reset(first.id);
    writeNote(file, oneTimePassword);
    await audit({
      type: 'account.bootstrapped',
      actor: 'appliance',
      payload: { person: first.id, username: 'admin', renewed: true },
    });
    return { username: 'admin', oneTimePassword, file };
  }
  const unit =
    directory.units().find((u) => u.active) ?? directory.createUnit({ name: `Đơn vị quản lý ${roomName}` });
  let person = directory.persons({ q: 'admin' }).find((p) => p.username === 'admin');
  let oneTimePassword: string;
  if (person) {
    // An `admin` account exists but lost its role or was deactivated: give it back, with a new password.
    directory.setActive(person.id, true);
    directory.setRoles(person.id, [...new Set([...person.roles, 'sysadmin' as const])]);
    oneTimePassword = await accounts.reset(person.id);
  } else {
    person = directory.createPerson({ unitId: unit.id, fullName: 'Quản trị hệ thống' }, ['sysadmin']);
    oneTimePassword = await accounts.create(person.id, 'admin');
  }
  writeNote(file, oneTimePassword);
  await audit({
    type: 'account.bootstrapped',
    actor: 'appliance',
    payload: { person: person.id, username: 'admin' },
  });
  return { username: 'admin', oneTimePassword, file };
}

function writeNote(file: string, oneTimePassword: string): void {
  writeFileSync(
    file,
    [
      'First system administrator of this appliance (Quản trị hệ thống).',
      'Log in with it once; you must then choose your own password, and this file is removed.',
      'Unused, it expires; the next start of the appliance then writes a new one here.',
      '',
      'username: admin',
      `one-time password: ${oneTimePassword}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
}
