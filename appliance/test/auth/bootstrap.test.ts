// No default password (R-ACC-3): the first administrator gets a one-time password in a 0600 file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Accounts } from '../../src/auth/accounts.ts';
import { Sessions } from '../../src/auth/sessions.ts';
import { ensureFirstAdmin, FIRST_ADMIN_FILE } from '../../src/people/bootstrap.ts';
import { Directory } from '../../src/people/directory.ts';
import { DEFAULT_AUTH } from '../../src/settings.ts';
import { type Db, openDatabase } from '../../src/store/database.ts';
import { tempDir } from '../helpers/temp-dir.ts';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

function setup(now: () => number = Date.now) {
  const dir = tempDir('bootstrap-');
  const db: Db = openDatabase(join(dir.path, 'room.sqlite'));
  cleanup = () => {
    db.close();
    dir.cleanup();
  };
  const directory = new Directory(db, { now });
  const sessions = new Sessions(db, { idleMinutes: 30, maxHours: 12 }, now);
  const accounts = new Accounts(db, directory, sessions, DEFAULT_AUTH, now);
  const events: string[] = [];
  const audit = async (e: { type: string }) => {
    events.push(e.type);
  };
  const ensure = () => ensureFirstAdmin(dir.path, directory, accounts, audit, 'Phòng họp');
  return { dir: dir.path, directory, accounts, ensure, events };
}

const otpIn = (file: string) => /one-time password: (\S+)/.exec(readFileSync(file, 'utf8'))![1]!;

describe('the first administrator', () => {
  it('is created once with a one-time password in a 0600 file, which goes once it was changed', async () => {
    const t = setup();
    const made = await t.ensure();
    expect(made?.username).toBe('admin');
    const file = join(t.dir, FIRST_ADMIN_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const otp = otpIn(file);
    expect(otp).toBe(made!.oneTimePassword);
    const login = await t.accounts.login('admin', otp);
    expect(login.ok && login.session.restricted).toBe('must_change');
    expect(await t.ensure()).toBe(null); // not twice
    expect(existsSync(file)).toBe(true);
    const person = t.directory.persons({ role: 'sysadmin' })[0]!;
    expect((await t.accounts.changePassword(person.id, otp, 'Bảo-mật-phòng-họp-9')).ok).toBe(true);
    await t.ensure();
    expect(existsSync(file)).toBe(false);
    expect(t.events).toEqual(['account.bootstrapped']);
  });

  it('renews an unused one-time password that expired, so the appliance never locks everyone out', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    const t = setup(() => now);
    await t.ensure();
    const first = otpIn(join(t.dir, FIRST_ADMIN_FILE));
    now += (DEFAULT_AUTH.oneTimePasswordHours + 1) * 3_600_000;
    const realNow = Date.now;
    Date.now = () => now;
    try {
      const again = await t.ensure();
      expect(again?.oneTimePassword).toBeDefined();
      expect(again!.oneTimePassword).not.toBe(first);
      expect((await t.accounts.login('admin', first)).ok).toBe(false);
      expect((await t.accounts.login('admin', again!.oneTimePassword)).ok).toBe(true);
    } finally {
      Date.now = realNow;
    }
  });
});
