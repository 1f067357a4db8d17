// R-ACC-1..4, R-ACC-6: local accounts over HTTP with a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/auth/password-hash.ts';
import { passwordProblems } from '../../src/auth/password-policy.ts';
import { inProcessRoom } from '../helpers/in-process-room.ts';
import { addPerson, login, sessionOf, TEST_PASSWORD } from '../helpers/people.ts';

let room: Awaited<ReturnType<typeof inProcessRoom>> | null = null;
afterEach(async () => {
  await room?.close();
  room = null;
});

async function setup(auth = {}, now?: () => number) {
  room = await inProcessRoom(4, { auth, ...(now ? { now } : {}) });
  const unit = room.people.directory.createUnit({ name: 'Sở Thông tin và Truyền thông' });
  return { room, unit };
}

describe('password hashing (R-ACC-6)', () => {
  it('stores Argon2id PHC strings that verify the right password only', async () => {
    const h = await hashPassword('Đúng-mật-khẩu-1');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'Đúng-mật-khẩu-1')).toBe(true);
    expect(await verifyPassword(h, 'Đúng-mật-khẩu-2')).toBe(false);
    expect(await verifyPassword('garbage', 'x')).toBe(false);
  });
  it('refuses short, simple, name-based and well-known passwords', () => {
    expect(passwordProblems('short1A!').map((p) => p.code)).toContain('too_short');
    expect(passwordProblems('alllowercaseletters').map((p) => p.code)).toContain('too_simple');
    expect(passwordProblems('Nguyen-Van-An-2026', ['Nguyễn Văn An']).map((p) => p.code)).toContain(
      'contains_name',
    );
    expect(passwordProblems('Matkhau@1234').map((p) => p.code)).toContain('common');
    expect(passwordProblems('Phòng-họp-xanh-7')).toEqual([]);
  });
});

describe('login (R-ACC-4, R-ACC-6)', () => {
  it('sets a Secure HttpOnly SameSite=Strict cookie and records the login with address and agent', async () => {
    const { room, unit } = await setup();
    const p = await addPerson(room.people, 'an.nguyen', { unitId: unit.id });
    const res = await room.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'user-agent': 'Tablet/1.0' },
      payload: { username: 'an.nguyen', password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.headers['set-cookie'] as string;
    expect(cookie).toMatch(/room_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const s = sessionOf(res, res.json());
    const me = await room.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: s.cookie },
    });
    expect(me.json().principal.person.id).toBe(p.id);
    const logged = room.log.search({ types: ['auth.login'], limit: 10 });
    expect(logged[0]).toMatchObject({ type: 'auth.login', actor: `person:${p.id}` });
    expect(logged[0]!.payload).toMatchObject({ username: 'an.nguyen', agent: 'Tablet/1.0', ip: '127.0.0.1' });
  });

  it('says the same for an unknown user and a wrong password, and records both', async () => {
    const { room, unit } = await setup();
    await addPerson(room.people, 'an.nguyen', { unitId: unit.id });
    const a = await room.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'x' },
    });
    const b = await room.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'an.nguyen', password: 'x' },
    });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().error).toEqual(b.json().error);
    const failed = room.log.search({ types: ['auth.login_failed'], limit: 10 }).map((e) => e.payload.reason);
    expect(failed.sort()).toEqual(['bad_password', 'unknown_user']);
  });

  it('locks an account after repeated failures, then lets it in after the lockout', async () => {
    let t = Date.parse('2026-12-01T08:00:00Z');
    const { room, unit } = await setup({ maxFailedLogins: 3, lockoutMinutes: 15 }, () => t);
    await addPerson(room.people, 'an.nguyen', { unitId: unit.id });
    const tryLogin = (password: string) =>
      room.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'an.nguyen', password },
      });
    expect((await tryLogin('bad-1')).statusCode).toBe(401);
    expect((await tryLogin('bad-2')).statusCode).toBe(401);
    const locked = await tryLogin('bad-3');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('E_LOCKED');
    // Even the right password waits for the lock to pass.
    expect((await tryLogin(TEST_PASSWORD)).statusCode).toBe(423);
    t += 15 * 60_000;
    expect((await tryLogin(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('rate-limits logins per address whatever the usernames', async () => {
    const { room } = await setup({ loginPerMinutePerIp: 5 });
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await room.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `u${i}`, password: 'x' },
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429, 429]);
  });

  it('a deactivated person cannot log in and their sessions end (R-ACC-1)', async () => {
    const { room, unit } = await setup();
    const p = await addPerson(room.people, 'an.nguyen', { unitId: unit.id });
    const s = await login(room.app, 'an.nguyen');
    room.people.directory.setActive(p.id, false);
    const me = await room.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: s.cookie },
    });
    expect(me.statusCode).toBe(401);
    const again = await room.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'an.nguyen', password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(401);
  });
});

describe('one-time passwords and expiry (R-ACC-2, R-ACC-3)', () => {
  it('a reset issues a one-time password that only lets the person change it', async () => {
    const { room, unit } = await setup();
    await addPerson(room.people, 'admin', { unitId: unit.id, roles: ['sysadmin'] });
    const target = await addPerson(room.people, 'an.nguyen', { unitId: unit.id });
    const admin = await login(room.app, 'admin');
    const reset = await room.app.inject({
      method: 'POST',
      url: `/api/persons/${target.id}/password-reset`,
      headers: admin.headers,
      payload: {},
    });
    expect(reset.statusCode, reset.body).toBe(200);
    const otp = reset.json().oneTimePassword as string;
    expect(otp).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    // The old password is gone.
    expect(
      (
        await room.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'an.nguyen', password: TEST_PASSWORD },
        })
      ).statusCode,
    ).toBe(401);
    const s = await login(room.app, 'an.nguyen', otp);
    expect(s.body.mustChangePassword).toBe('must_change');
    const blocked = await room.app.inject({
      method: 'GET',
      url: '/api/meetings',
      headers: { cookie: s.cookie },
    });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('E_PASSWORD_CHANGE_REQUIRED');
    const weak = await room.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: s.headers,
      payload: { current: otp, next: 'short' },
    });
    expect(weak.statusCode).toBe(422);
    const changed = await room.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: s.headers,
      payload: { current: otp, next: 'Mật-khẩu-mới-2026' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().mustChangePassword).toBe(false);
    const now = await room.app.inject({ method: 'GET', url: '/api/meetings', headers: { cookie: s.cookie } });
    expect(now.statusCode).toBe(200);
    // The password was not in the log.
    expect(JSON.stringify([...room.log.read()])).not.toContain(otp);
  });

  it('an expired password forces a change at the next login, and old passwords cannot come back', async () => {
    let t = Date.parse('2026-12-01T08:00:00Z');
    const { room, unit } = await setup({ passwordExpiryDays: 90 }, () => t);
    await addPerson(room.people, 'an.nguyen', { unitId: unit.id });
    t += 89 * 86_400_000;
    expect((await login(room.app, 'an.nguyen')).body.mustChangePassword).toBe(false);
    t += 1 * 86_400_000;
    const s = await login(room.app, 'an.nguyen');
    expect(s.body.mustChangePassword).toBe('expired');
    const reuse = await room.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: s.headers,
      payload: { current: TEST_PASSWORD, next: TEST_PASSWORD },
    });
    expect(reuse.statusCode).toBe(422);
    expect(reuse.json().error.problems.map((p: { code: string }) => p.code)).toContain('reused');
  });

  it('a unit may ask for monthly changes (R-ACC-2, BP): its people expire sooner, others do not', async () => {
    let t = Date.parse('2026-12-01T08:00:00Z');
    const { room, unit } = await setup({ passwordExpiryDays: 90 }, () => t);
    await addPerson(room.people, 'admin', { unitId: unit.id, roles: ['sysadmin'] });
    const admin = await login(room.app, 'admin');
    const monthly = await room.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: admin.headers,
      payload: { name: 'Sở Công an', passwordExpiryDays: 30 },
    });
    expect(monthly.statusCode).toBe(201);
    expect(monthly.json().passwordExpiryDays).toBe(30);
    await addPerson(room.people, 'cong.an', { unitId: monthly.json().id });
    await addPerson(room.people, 'van.phong', { unitId: unit.id });
    t += 31 * 86_400_000;
    expect((await login(room.app, 'cong.an')).body.mustChangePassword).toBe('expired');
    expect((await login(room.app, 'van.phong')).body.mustChangePassword).toBe(false);
    // Back to the deployment's period.
    const back = await room.app.inject({
      method: 'PATCH',
      url: `/api/units/${monthly.json().id}`,
      headers: (await login(room.app, 'admin')).headers,
      payload: { passwordExpiryDays: null },
    });
    expect(back.json().passwordExpiryDays).toBe(null);
    expect((await login(room.app, 'cong.an')).body.mustChangePassword).toBe(false);
  });

  it('a one-time password expires unused', async () => {
    let t = Date.parse('2026-12-01T08:00:00Z');
    const { room, unit } = await setup({ oneTimePasswordHours: 72 }, () => t);
    const p = room.people.directory.createPerson({ unitId: unit.id, fullName: 'Trần Thị Bình' });
    const otp = await room.people.accounts.create(p.id, 'binh.tran');
    t += 73 * 3_600_000;
    const r = await room.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'binh.tran', password: otp },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('E_ONE_TIME_EXPIRED');
  });
});

describe('accounts are personal (R-ACC-1)', () => {
  it('a taken username creates nobody: the person and the account come together or not at all', async () => {
    const { room, unit } = await setup();
    await addPerson(room.people, 'admin', { unitId: unit.id, roles: ['sysadmin'] });
    const admin = await login(room.app, 'admin');
    const add = (fullName: string) =>
      room.app.inject({
        method: 'POST',
        url: '/api/persons',
        headers: admin.headers,
        payload: { unitId: unit.id, fullName, username: 'an.nguyen' },
      });
    expect((await add('Nguyễn Văn An')).statusCode).toBe(201);
    const again = await add('Nguyễn Văn An (2)');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('E_CONFLICT');
    expect(room.people.directory.persons({ q: 'Nguyễn Văn An' }).map((p) => p.fullName)).toEqual([
      'Nguyễn Văn An',
    ]);
  });
});

describe('the directory as colleagues see it', () => {
  it('shows the SSO subject to those who manage the person only', async () => {
    const { room, unit } = await setup();
    await addPerson(room.people, 'admin', { unitId: unit.id, roles: ['sysadmin'] });
    await addPerson(room.people, 'colleague', { unitId: unit.id });
    const p = room.people.directory.createPerson({
      unitId: unit.id,
      fullName: 'Lý Thị Mai',
      ssoSubject: 'vn-id-123',
    });
    const get = async (who: string) =>
      (
        await room.app.inject({
          method: 'GET',
          url: `/api/persons/${p.id}`,
          headers: (await login(room.app, who)).headers,
        })
      ).json().ssoSubject;
    expect(await get('admin')).toBe('vn-id-123');
    expect(await get('colleague')).toBe(null);
  });
});

describe('CSRF and origin (R-ACC-6)', () => {
  it('refuses a state-changing request without the session’s token, or from another origin', async () => {
    const { room, unit } = await setup();
    await addPerson(room.people, 'admin', { unitId: unit.id, roles: ['sysadmin'] });
    const s = await login(room.app, 'admin');
    const body = { name: 'Sở Tài chính' };
    const noToken = await room.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: s.cookie },
      payload: body,
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('E_CSRF');
    const cross = await room.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { ...s.headers, origin: 'https://evil.example', host: 'localhost:80' },
      payload: body,
    });
    expect(cross.json().error.code).toBe('E_CROSS_ORIGIN');
    const ok = await room.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: s.headers,
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
  });
});
