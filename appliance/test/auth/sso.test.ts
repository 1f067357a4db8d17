// R-ACC-5: single sign-on against a real OpenID provider (oidc-provider, with its development
// login and consent pages) on 127.0.0.1, and the appliance listening on a real port. A small
// browser (fetch, a cookie jar per origin, redirects followed by hand) walks the whole flow:
// start → the provider's authorize → login form → consent form → back to the callback.
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import { afterEach, describe, expect, it } from 'vitest';
import { SsoClient, safeReturnTo, ssoClientFromSettings } from '../../src/auth/oidc.ts';
import { demoSettings, SettingsError } from '../../src/settings.ts';
import { inProcessRoom } from '../helpers/in-process-room.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const CLIENT_ID = 'room-appliance';
const CLIENT_SECRET = 'test-client-secret-that-is-long-enough-0123456789';
const STEP_TIMEOUT_MS = 5_000;

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const listen = (server: Server, port = 0) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/** A port free a moment ago: the appliance's redirect URI must be known before it listens. */
async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

async function startProvider(redirectUri: string) {
  const server = createServer();
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, name: `Cán bộ ${sub}` }),
    }),
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key'] },
    jwks: { keys: [privateKey.export({ format: 'jwk' }) as never] },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { issuer, close };
}

interface Cookie {
  value: string;
  path: string;
  attributes: string;
}

/** Just enough of a browser: cookies by origin and path, redirects not followed. */
class Browser {
  jars = new Map<string, Map<string, Cookie>>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const u = new URL(url);
    const jar = this.jars.get(u.origin) ?? new Map<string, Cookie>();
    this.jars.set(u.origin, jar);
    const cookie = [...jar]
      .filter(([, c]) => u.pathname.startsWith(c.path))
      .map(([k, c]) => `${k}=${c.value}`)
      .join('; ');
    const res = await fetch(u, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        'user-agent': 'TestBrowser/1.0',
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
      signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const gone =
        value === '' ||
        attrs.some((a) => /^max-age=0$/i.test(a)) ||
        attrs.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now());
      if (gone) jar.delete(name);
      else jar.set(name, { value, path, attributes: attrs.join('; ') });
    }
    return res;
  }

  cookie(origin: string, name: string): Cookie | undefined {
    return this.jars.get(origin)?.get(name);
  }
}

/** `auth.login` events (the search matches types by prefix, so `auth.login_failed` too). */
const logins = (room: Awaited<ReturnType<typeof inProcessRoom>>) =>
  room.log.search({ types: ['auth.login'], limit: 10 }).filter((e) => e.type === 'auth.login');

const location = (res: Response, base: string) => {
  const l = res.headers.get('location');
  if (!l) throw new Error(`no redirect from ${base}: ${res.status}`);
  return new URL(l, base).href;
};

async function setup() {
  const port = await freePort();
  const appOrigin = `http://127.0.0.1:${port}`;
  const redirectUri = `${appOrigin}/api/auth/sso/callback`;
  const op = await startProvider(redirectUri);
  cleanups.push(op.close);
  const dir = tempDir('room-sso-');
  cleanups.push(dir.cleanup);
  const secretFile = join(dir.path, 'sso-secret');
  writeFileSync(secretFile, `${CLIENT_SECRET}\n`);
  const ssoClient = new SsoClient(
    { issuer: op.issuer, clientId: CLIENT_ID, clientSecretFile: secretFile, label: 'Tài khoản tỉnh' },
    { redirectUri },
  );
  const room = await inProcessRoom(4, { ssoClient });
  cleanups.push(() => room.close());
  await room.app.listen({ host: '127.0.0.1', port });
  const unit = room.people.directory.createUnit({ name: 'Sở Nội vụ' });
  const person = room.people.directory.createPerson({
    unitId: unit.id,
    fullName: 'Trần Thị Bình',
    ssoSubject: 'province|binh.tran',
  });
  return { room, appOrigin, redirectUri, op, person, ssoClient };
}

/**
 * Presses the SSO button and logs in at the provider as `subject`: returns the callback URL the
 * provider sends the browser back to (not yet visited), or stops at the login form to `abort`.
 */
async function throughProvider(
  b: Browser,
  s: { appOrigin: string; redirectUri: string },
  subject: string,
  o: { returnTo?: string; abort?: boolean } = {},
): Promise<string> {
  const q = o.returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(o.returnTo)}`;
  let url = `${s.appOrigin}/api/auth/sso/start${q}`;
  let res = await b.request(url);
  expect(res.status).toBe(302);
  for (let hop = 0; hop < 12; hop++) {
    if (res.status >= 300 && res.status < 400) {
      url = location(res, url);
      if (url.startsWith(s.redirectUri)) return url;
      res = await b.request(url);
      continue;
    }
    expect(res.status, `${url}: ${await res.clone().text()}`).toBe(200);
    const html = await res.text();
    const action = /action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
    const submit = new URL(action, url).href;
    if (o.abort) {
      url = `${submit}/abort`;
      res = await b.request(url);
      continue;
    }
    res = await b.request(submit, {
      method: 'POST',
      form: prompt === 'login' ? { prompt, login: subject, password: 'any' } : { prompt },
    });
    url = submit;
  }
  throw new Error('the provider never sent the browser back');
}

describe('single sign-on with a real OpenID provider (R-ACC-5)', () => {
  it('logs a mapped person in: session cookie, via sso, returnTo, login diary', async () => {
    const s = await setup();
    const b = new Browser();

    const options = await b.request(`${s.appOrigin}/api/auth/options`);
    expect((await options.json()).sso).toEqual({ label: 'Tài khoản tỉnh', start: '/api/auth/sso/start' });

    const start = await b.request(`${s.appOrigin}/api/auth/sso/start?returnTo=/meetings`);
    expect(start.status).toBe(302);
    const authorize = new URL(location(start, s.appOrigin));
    expect(authorize.origin).toBe(s.op.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(s.redirectUri);
    const pending = b.cookie(s.appOrigin, 'room_sso');
    expect(pending?.path).toBe('/api/auth/sso');
    expect(pending?.attributes).toMatch(/HttpOnly/);
    expect(pending?.attributes).toMatch(/SameSite=Lax/);
    expect(pending?.attributes).toMatch(/Max-Age=600/);

    const callback = await throughProvider(b, s, 'province|binh.tran', { returnTo: '/meetings' });
    const back = await b.request(callback);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/meetings');
    expect(b.cookie(s.appOrigin, 'room_sso')).toBeUndefined();
    const sessionCookie = b.cookie(s.appOrigin, 'room_session');
    expect(sessionCookie?.attributes).toMatch(/HttpOnly/);
    expect(sessionCookie?.attributes).toMatch(/SameSite=Strict/);

    const me = await b.request(`${s.appOrigin}/api/auth/session`);
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body.principal.person).toMatchObject({ id: s.person.id, via: 'sso', restricted: false });
    expect(body.mustChangePassword).toBe(false);

    const logged = logins(s.room);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actor: `person:${s.person.id}` });
    expect(logged[0]!.payload).toMatchObject({
      via: 'sso',
      subject: 'province|binh.tran',
      ip: '127.0.0.1',
      agent: 'TestBrowser/1.0',
    });
    // Used up; only the first start above, never finished, waits for its ten minutes.
    expect(s.ssoClient.pendingCount).toBe(1);
  });

  it('refuses a subject no person has, and creates nobody', async () => {
    const s = await setup();
    const b = new Browser();
    const before = s.room.people.directory.persons({}).length;
    const back = await b.request(await throughProvider(b, s, 'province|stranger'));
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/login?sso=unknown');
    expect(b.cookie(s.appOrigin, 'room_session')).toBeUndefined();
    expect(s.room.people.directory.persons({})).toHaveLength(before);
    const failed = s.room.log.search({ types: ['auth.login_failed'], limit: 10 });
    expect(failed[0]).toMatchObject({ actor: 'public' });
    expect(failed[0]!.payload).toMatchObject({
      via: 'sso',
      reason: 'sso_unknown_subject',
      subject: 'province|stranger',
    });
    expect(logins(s.room)).toHaveLength(0);
  });

  it('refuses a deactivated person', async () => {
    const s = await setup();
    s.room.people.directory.setActive(s.person.id, false);
    const b = new Browser();
    const back = await b.request(await throughProvider(b, s, 'province|binh.tran'));
    expect(back.headers.get('location')).toBe('/login?sso=disabled');
    expect(b.cookie(s.appOrigin, 'room_session')).toBeUndefined();
    const failed = s.room.log.search({ types: ['auth.login_failed'], limit: 10 });
    expect(failed[0]).toMatchObject({ actor: `person:${s.person.id}` });
    expect(failed[0]!.payload).toMatchObject({ via: 'sso', reason: 'disabled' });
  });

  it('refuses a tampered state, and the login cannot be finished afterwards', async () => {
    const s = await setup();
    const b = new Browser();
    const callback = new URL(await throughProvider(b, s, 'province|binh.tran'));
    const good = callback.href;
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const back = await b.request(callback.href);
    expect(back.headers.get('location')).toBe('/login?sso=error');
    expect(b.cookie(s.appOrigin, 'room_session')).toBeUndefined();
    const failed = s.room.log.search({ types: ['auth.login_failed'], limit: 10 });
    expect(failed[0]!.payload).toMatchObject({ via: 'sso', reason: 'sso_invalid' });
    // The pending login was used up by the bad attempt: the genuine URL no longer works either.
    const again = await b.request(good);
    expect(again.headers.get('location')).toBe('/login?sso=expired');
    expect(b.cookie(s.appOrigin, 'room_session')).toBeUndefined();
  });

  it('a callback works once: replayed, even with the same cookie, it is refused', async () => {
    const s = await setup();
    const b = new Browser();
    const callback = await throughProvider(b, s, 'province|binh.tran');
    const pending = b.cookie(s.appOrigin, 'room_sso')!;
    const first = await b.request(callback);
    expect(first.headers.get('location')).toBe('/');

    const replay = new Browser();
    replay.jars.set(s.appOrigin, new Map([['room_sso', pending]]));
    const second = await replay.request(callback);
    expect(second.status).toBe(302);
    expect(second.headers.get('location')).toBe('/login?sso=expired');
    expect(replay.cookie(s.appOrigin, 'room_session')).toBeUndefined();
    expect(logins(s.room)).toHaveLength(1);
    const failed = s.room.log.search({ types: ['auth.login_failed'], limit: 10 });
    expect(failed[0]!.payload).toMatchObject({ via: 'sso', reason: 'sso_expired' });
  });

  it("a callback from another browser (login CSRF) finds no login of that browser's", async () => {
    const s = await setup();
    const attacker = new Browser();
    const callback = await throughProvider(attacker, s, 'province|binh.tran');
    const victim = new Browser();
    const res = await victim.request(callback);
    expect(res.headers.get('location')).toBe('/login?sso=expired');
    expect(victim.cookie(s.appOrigin, 'room_session')).toBeUndefined();
  });

  it('sends an off-site returnTo home instead', async () => {
    const s = await setup();
    const b = new Browser();
    const back = await b.request(
      await throughProvider(b, s, 'province|binh.tran', { returnTo: '//evil.example' }),
    );
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/');
    expect(b.cookie(s.appOrigin, 'room_session')).toBeDefined();
  });

  it('records a cancelled login at the provider (error=access_denied)', async () => {
    const s = await setup();
    const b = new Browser();
    const callback = await throughProvider(b, s, 'province|binh.tran', { abort: true });
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    const back = await b.request(callback);
    expect(back.headers.get('location')).toBe('/login?sso=error');
    expect(b.cookie(s.appOrigin, 'room_session')).toBeUndefined();
    const failed = s.room.log.search({ types: ['auth.login_failed'], limit: 10 });
    expect(failed[0]!.payload).toMatchObject({
      via: 'sso',
      reason: 'sso_provider_error',
      error: 'access_denied',
    });
  });

  it('validates the start query and bounds the callback query', async () => {
    const s = await setup();
    const b = new Browser();
    expect((await b.request(`${s.appOrigin}/api/auth/sso/start?returnTo=/${'a'.repeat(300)}`)).status).toBe(
      400,
    );
    expect((await b.request(`${s.appOrigin}/api/auth/sso/start?other=1`)).status).toBe(400);
    expect((await b.request(`${s.appOrigin}/api/auth/sso/callback?code=${'a'.repeat(3000)}`)).status).toBe(
      400,
    );
    // Parameters of the provider's own are let through (and then fail for want of a pending login).
    const extra = await b.request(`${s.appOrigin}/api/auth/sso/callback?code=x&state=y&session_state=z`);
    expect(extra.headers.get('location')).toBe('/login?sso=expired');
  });

  it('sends the browser back to the login page when the provider cannot be reached', async () => {
    const port = await freePort();
    const dir = tempDir('room-sso-');
    cleanups.push(dir.cleanup);
    writeFileSync(join(dir.path, 'secret'), 'x');
    const ssoClient = new SsoClient(
      { issuer: `http://127.0.0.1:${port}`, clientId: CLIENT_ID, clientSecretFile: join(dir.path, 'secret') },
      { redirectUri: 'http://127.0.0.1:1/api/auth/sso/callback' },
    );
    const room = await inProcessRoom(2, { ssoClient });
    cleanups.push(() => room.close());
    const res = await room.app.inject({ method: 'GET', url: '/api/auth/sso/start' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/login?sso=unavailable');
  });
});

describe('SSO settings (R-ACC-5)', () => {
  it('reads the client secret at start and says which file is wrong', () => {
    const dir = tempDir('room-sso-');
    cleanups.push(dir.cleanup);
    const missing = join(dir.path, 'nope');
    const problems = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        if (err instanceof SettingsError) return err.problems;
        throw err;
      }
      return [];
    };
    const redirect = { redirectUri: 'https://room.example/api/auth/sso/callback' };
    expect(
      problems(
        () =>
          new SsoClient({ issuer: 'https://id.example', clientId: 'c', clientSecretFile: missing }, redirect),
      ),
    ).toEqual([`/auth/sso/clientSecretFile: cannot read ${missing}: no such file`]);
    const empty = join(dir.path, 'empty');
    writeFileSync(empty, ' \n');
    expect(
      problems(
        () =>
          new SsoClient({ issuer: 'https://id.example', clientId: 'c', clientSecretFile: empty }, redirect),
      ),
    ).toEqual([`/auth/sso/clientSecretFile: ${empty} is empty`]);
    const good = join(dir.path, 'good');
    writeFileSync(good, 'secret\n');
    expect(
      problems(
        () => new SsoClient({ issuer: 'http://id.example', clientId: 'c', clientSecretFile: good }, redirect),
      ),
    ).toEqual(['/auth/sso/issuer: must be https:// (http:// only for 127.0.0.1 or localhost)']);
    const s = demoSettings('/tmp', {});
    const withSso = {
      ...s,
      auth: { ...s.auth, sso: { issuer: 'https://id.example', clientId: 'c', clientSecretFile: good } },
    };
    expect(problems(() => ssoClientFromSettings(withSso))[0]).toMatch(
      /^\/http\/publicUrl: required with \/auth\/sso/,
    );
    const client = ssoClientFromSettings({
      ...withSso,
      http: { ...s.http, publicUrl: 'https://room.example' },
    });
    expect(client?.redirectUri).toBe('https://room.example/api/auth/sso/callback');
    expect(client?.label).toBe('Đăng nhập bằng tài khoản tỉnh');
    expect(ssoClientFromSettings(s)).toBeNull();
  });

  it('keeps returnTo on this site', () => {
    expect(safeReturnTo('/meetings/42?tab=agenda')).toBe('/meetings/42?tab=agenda');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'meetings',
      '/a b',
      '',
      7,
    ]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});
