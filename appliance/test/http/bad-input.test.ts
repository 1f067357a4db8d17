// Bad input is rejected with a clear error, never a crash or a 5xx (R-ACC-6): schema checks with
// unknown fields rejected on every route, and a seeded fuzz of malformed requests against every
// route of the OpenAPI document, as a logged-in system administrator (so the permission check does
// not stop them before the body is looked at), some as the public and a seat key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../../bridge/test/helpers/prng.ts';
import { type RoomFixture, roomFixture } from '../helpers/room-fixture.ts';
import { fill, ROUTES, routeKey } from '../helpers/route-table.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Op {
  key: string;
  method: Method;
  /** Fastify form: /api/persons/:personId */
  path: string;
  hasBody: boolean;
  query: string[];
}

const isErrorShape = (body: string) => {
  try {
    const e = JSON.parse(body)?.error;
    return typeof e?.code === 'string' && typeof e.message === 'string';
  } catch {
    return false;
  }
};

describe('bad input', () => {
  let f: RoomFixture;
  let ops: Op[];
  let admin: Record<string, string>;
  let chair: Record<string, string>;

  beforeAll(async () => {
    f = await roomFixture();
    admin = f.callers.sysadmin.headers;
    chair = f.callers.seatChair.headers;
    const doc = (await f.room.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; parameters?: { in: string; name: string }[] }>
      >;
    };
    ops = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/'))
      .flatMap(([p, byMethod]) =>
        Object.entries(byMethod).map(([m, op]) => ({
          key: routeKey(m, p),
          method: m.toUpperCase() as Method,
          path: p.replace(/\{(\w+)\}/g, ':$1'),
          hasBody: op.requestBody !== undefined,
          query: (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name),
        })),
      );
  }, 120_000);
  afterAll(() => f?.close());

  /** The route's first sample from the route table, with the fixture's ids. */
  const sampleOf = (op: Op) => {
    const s = ROUTES[op.key]?.samples[0];
    if (!s) throw new Error(`no sample for ${op.key} in route-table.ts`);
    return { url: fill(s.url, f.ids), body: s.body === undefined ? undefined : fill(s.body, f.ids) };
  };

  it('rejects unknown fields, wrong types and out-of-range values with E_VALIDATION and the path', async () => {
    for (const [url, payload] of [
      ['/api/floor/grant', { seat: 5, extra: true }],
      ['/api/floor/grant', { seat: 'five' }],
      ['/api/floor/grant', { seat: 0 }],
      ['/api/votes', { title: '', secret: true }],
      ['/api/votes', { secret: 'yes' }],
    ] as const) {
      const r = await f.room.app.inject({ method: 'POST', url, headers: chair, payload });
      expect(r.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(r.json().error.code).toBe('E_VALIDATION');
      expect(r.json().error.details.length).toBeGreaterThan(0);
    }
  });

  it('answers domain refusals with their codes', async () => {
    const r = await f.room.app.inject({
      method: 'POST',
      url: '/api/floor/next',
      headers: chair,
      payload: {},
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('E_NO_REQUESTS');
    const g = await f.room.app.inject({
      method: 'POST',
      url: '/api/floor/grant',
      headers: chair,
      payload: { seat: 99 },
    });
    expect(g.statusCode).toBe(404);
    expect(g.json().error.code).toBe('E_UNKNOWN_SEAT');
  });

  /** The OpenID provider adds parameters of its own to the callback (a bounded number, all short). */
  const OPEN_BY_DESIGN = ['GET /api/auth/sso/callback'];

  it('every body and query schema rejects an unknown field, on every route', async () => {
    const accepted: string[] = [];
    for (const op of ops) {
      const s = sampleOf(op);
      if (op.hasBody) {
        const payload = { ...((s.body as object | undefined) ?? {}), unknownField: 1 };
        const r = await f.room.app.inject({ method: op.method, url: s.url, headers: admin, payload });
        // A device's test command is checked against its driver's command schema (open here).
        const want = op.key === 'POST /api/devices/:id/commands' ? 'E_BAD_COMMAND' : 'E_VALIDATION';
        if (r.statusCode !== 400 || r.json().error.code !== want)
          accepted.push(`${op.key} body → ${r.statusCode} ${r.body}`);
      }
      if (op.query.length && !OPEN_BY_DESIGN.includes(op.key)) {
        const url = `${s.url}${s.url.includes('?') ? '&' : '?'}unknownField=1`;
        const r = await f.room.app.inject({ method: op.method, url, headers: admin });
        if (r.statusCode !== 400 || r.json().error.code !== 'E_VALIDATION')
          accepted.push(`${op.key} query → ${r.statusCode}`);
      }
    }
    expect(accepted).toEqual([]);
    // Every route that changes something declares its body, so none ignores one.
    expect(
      ops.filter((o) => o.method !== 'GET' && o.method !== 'DELETE' && !o.hasBody).map((o) => o.key),
    ).toEqual([]);
  });

  it('GET /api/audit/export refuses unknown query fields', async () => {
    for (const q of ['unknownField=1', 'before=abc']) {
      const r = await f.room.app.inject({ method: 'GET', url: `/api/audit/export?${q}`, headers: admin });
      expect(r.statusCode, q).toBe(400);
    }
  });

  // Fastify's router refuses these before any handler; `frameworkErrors` in app.ts answers them in
  // the common shape.
  for (const [what, url] of [
    ['a malformed percent-encoding (FST_ERR_BAD_URL)', '/api/seats/%E0%A4%A'],
    ['a path parameter over 100 characters (FST_ERR_MAX_PARAM_LENGTH)', `/api/persons/${'x'.repeat(101)}`],
  ] as const) {
    it(`answers ${what} in the common error shape`, async () => {
      const r = await f.room.app.inject({ method: 'GET', url, headers: admin });
      expect(r.statusCode).toBeLessThan(500);
      expect(isErrorShape(r.body), `${url} → ${r.statusCode} ${r.body}`).toBe(true);
    });
  }

  it('survives 12 000 malformed requests across every route without a 5xx', async () => {
    const N = 12_000;
    // A deterministic generator, so a failure can be replayed.
    const rnd = prng(0x5eed_4a11);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const chance = (p: number) => rnd() < p;
    const junk: unknown[] = [
      null,
      true,
      false,
      -1,
      0,
      1.5,
      2 ** 53,
      -(2 ** 63),
      1e308,
      '',
      ' ',
      'x'.repeat(300),
      'x'.repeat(20_000),
      '💥',
      '\u0000',
      '\ud800',
      '\u202e\u200b\ufeff',
      'Ghế 5 ơ ư đ',
      '<script>alert(1)</script>',
      "'; DROP TABLE persons; --",
      '../../etc/passwd',
      '__proto__',
      'constructor',
      'yes',
      'request',
      'sysadmin',
      '2030-01-01',
      [],
      [1, 2],
      ['sysadmin', 'sysadmin'],
      [null],
      {},
      { seat: 1 },
      { __proto__x: 1 },
      { id: 'a', title: 'b' },
      [{}],
    ];
    const keys = [
      ...new Set(
        Object.values(ROUTES).flatMap((r) =>
          r.samples.flatMap((s) => (s.body && typeof s.body === 'object' ? Object.keys(s.body) : [])),
        ),
      ),
      'unitId',
      'roles',
      'members',
      'agenda',
      'invitedPersons',
      'options',
      '$schema',
      'prototype',
      'toString',
      'hasOwnProperty',
    ];
    const badParams = [
      '0',
      '-1',
      '1e3',
      '1.5',
      '99999999',
      '65536',
      'abc',
      'A',
      '%00',
      '%E0%A4%A',
      '%',
      '..',
      '%2e%2e',
      '__proto__',
      'constructor',
      'prototype',
      'hasOwnProperty',
      'x'.repeat(64),
      'x'.repeat(65),
      'x'.repeat(101),
      encodeURIComponent('💥'),
      encodeURIComponent('Ghế'),
      '%20',
      'null',
      'undefined',
      '%5B%5D',
      encodeURIComponent("'; DROP TABLE persons;--"),
      'no-such-thing-1',
    ];
    const badQueries = [
      'limit=abc',
      'limit=0',
      'limit=501',
      'limit=1&limit=2',
      'after=-1',
      'active=maybe',
      'role=god',
      'status=PUBLISHED',
      `q=${'x'.repeat(5000)}`,
      'q=',
      'type=auth.,,',
      '__proto__[admin]=1',
      'constructor[prototype][admin]=1',
      'a=%',
      'unitId=..',
      'from=1e999',
      `personId=${encodeURIComponent('💥')}`,
    ];
    const invalidJson = [
      '{',
      '}',
      'nul',
      '{"seat":}',
      '{"a":1,}',
      "{'a':1}",
      '{"a":"\\x"}',
      `${'{"a":'.repeat(500)}`,
      '\u0000',
      '[1,2',
      '{"a" 1}',
      'NaN',
      '01',
    ];
    const contentTypes = [
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'application/jsonx',
      'application/octet-stream',
    ];
    /** `json` with one more key written raw (a key like __proto__ cannot be set on an object literal). */
    const withRawKey = (json: string, key: string, value: string) =>
      json === '{}' ? `{"${key}":${value}}` : json.replace(/^\{/, `{"${key}":${value},`);
    const randomObject = () => {
      const o: Record<string, unknown> = {};
      for (let n = Math.floor(rnd() * 5); n > 0; n--) o[pick(keys)] = pick(junk);
      return o;
    };
    const mutate = (base: unknown): string => {
      const o: Record<string, unknown> =
        base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as object) } : {};
      const ks = Object.keys(o);
      switch (Math.floor(rnd() * 6)) {
        case 0: // a wrong type or value
          if (ks.length) o[pick(ks)] = pick(junk);
          else o[pick(keys)] = pick(junk);
          break;
        case 1: // a missing field
          if (ks.length) delete o[pick(ks)];
          else o[pick(keys)] = pick(junk);
          break;
        case 2: // an unknown field
          o[`x${Math.floor(rnd() * 1000)}`] = pick(junk);
          break;
        case 3: // prototype pollution attempts
          return withRawKey(
            JSON.stringify(o),
            pick(['__proto__', 'constructor', 'prototype']),
            pick(['{"admin":true}', '{"prototype":{"admin":true}}', 'null', '[]']),
          );
        case 4: // several things at once
          for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) o[pick([...ks, ...keys])] = pick(junk);
          break;
        default: // a field made huge (over the body limit, or just under it)
          o[ks.length ? pick(ks) : pick(keys)] = 'ư'.repeat(pick([10_000, 40_000]));
      }
      return JSON.stringify(o);
    };
    const bodyFor = (op: Op, sample: unknown): string | Buffer | undefined => {
      const r = rnd();
      if (r < 0.4) return mutate(sample);
      if (r < 0.55) return JSON.stringify(randomObject());
      if (r < 0.65) return pick(invalidJson);
      if (r < 0.7) {
        const d = pick([100, 1000, 10_000]);
        return chance(0.5) ? `${'['.repeat(d)}${']'.repeat(d)}` : `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`;
      }
      if (r < 0.75) return pick(['null', '[]', '"x"', '1', 'true', '[{}]', '""']);
      if (r < 0.8) return Buffer.from([0xff, 0xfe, 0x7b, 0xc0, 0x80, 0x22, 0xed, 0xa0, 0x80, 0x7d]);
      if (r < 0.85) return '';
      if (r < 0.9) return undefined;
      return op.hasBody ? JSON.stringify(sample ?? {}) : mutate(sample);
    };
    const urlFor = (op: Op, sampleUrl: string) => {
      let url = sampleUrl;
      if (chance(0.3) && op.path.includes(':')) {
        // A bad value in one of the path's parameters (the others as in the sample).
        const parts = op.path.split('/');
        const real = sampleUrl.split('?')[0]!.split('/');
        const params = parts.flatMap((p, i) => (p.startsWith(':') ? [i] : []));
        real[pick(params)] = pick(badParams);
        url = real.join('/') + (sampleUrl.includes('?') ? `?${sampleUrl.split('?')[1]}` : '');
      }
      if (chance(0.2)) url += `${url.includes('?') ? '&' : '?'}${pick(badQueries)}`;
      return url;
    };

    const t0 = performance.now();
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const badShape: string[] = [];
    let relogins = 0;
    let asPublic = 0;
    const perRoute = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      // Round robin over the routes, so every one gets its share; the rest is random.
      const op = ops[i % ops.length]!;
      const sample = sampleOf(op);
      const who = rnd();
      const asAdmin = who < 0.85;
      if (!asAdmin && who < 0.95) asPublic++;
      const headers: Record<string, string> = asAdmin ? { ...admin } : who < 0.95 ? {} : { ...chair };
      const body =
        op.method === 'GET' || op.method === 'DELETE'
          ? chance(0.05)
            ? bodyFor(op, {})
            : undefined
          : bodyFor(op, sample.body);
      if (body !== undefined)
        headers['content-type'] = chance(0.88) ? 'application/json' : pick(contentTypes);
      const url = urlFor(op, sample.url);
      const r = await f.room.app.inject({
        method: op.method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body }),
      });
      statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      perRoute.set(op.key, (perRoute.get(op.key) ?? 0) + 1);
      const what = () => `#${i} ${op.method} ${url.slice(0, 120)} ${String(body ?? '').slice(0, 120)}`;
      if (r.statusCode >= 500) failures.push(`${what()} → ${r.statusCode} ${r.body.slice(0, 300)}`);
      else if (r.statusCode >= 400 && !isErrorShape(r.body)) {
        badShape.push(`${what()} → ${r.statusCode} ${r.body.slice(0, 300)}`);
      }
      // Logging out ends the administrator's session: log in again (the password is unchanged).
      if (asAdmin && op.key === 'POST /api/auth/logout' && r.statusCode === 200) {
        admin = (await f.callers.sysadmin.freshSession!()).headers;
        relogins++;
      }
    }
    const ms = Math.round(performance.now() - t0);
    console.log(
      `bad input fuzz: ${N} requests over ${ops.length} routes in ${ms} ms (${Math.round((N / ms) * 1000)}/s); ` +
        `${asPublic} as the public; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ` +
        `admin logged in again ${relogins}×`,
    );
    expect(failures.slice(0, 10)).toEqual([]);
    expect(badShape.slice(0, 10)).toEqual([]);
    expect(ops.every((o) => (perRoute.get(o.key) ?? 0) >= Math.floor(N / ops.length))).toBe(true);
    // Nothing reached Object.prototype, the log is intact, the appliance still answers.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(f.room.log.verify().ok).toBe(true);
    expect((await f.room.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await f.room.app.inject({ method: 'GET', url: '/api/room' })).statusCode).toBe(200);
  }, 300_000);
});
