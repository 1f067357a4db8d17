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
    // The one-time password was changed: the note has done its work.
    const first = admins.find((a) => a.username === 'admin');
    if (existsSync(file) && first && accounts.status(first.id)?.mustChange === false) rmSync(file);
    return null;
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
  writeFileSync(
    file,
    [
      'First system administrator of this appliance (Quản trị hệ thống).',
      'Log in with it once; you must then choose your own password, and this file is removed.',
      '',
      'username: admin',
      `one-time password: ${oneTimePassword}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  await audit({
    type: 'account.bootstrapped',
    actor: 'appliance',
    payload: { person: person.id, username: 'admin' },
  });
  return { username: 'admin', oneTimePassword, file };
}
