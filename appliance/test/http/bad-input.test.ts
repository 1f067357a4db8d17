// Bad input is rejected with a clear error, never a crash or a 5xx (R-ACC-6): schema checks with
// unknown fields rejected, and a fuzz of malformed requests against every route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../../bridge/test/helpers/prng.ts';
import { inProcessRoom } from '../helpers/in-process-room.ts';

describe('bad input', () => {
  let room: Awaited<ReturnType<typeof inProcessRoom>>;
  let chair: Record<string, string>;

  beforeAll(async () => {
    room = await inProcessRoom();
    chair = { authorization: `Bearer ${room.keys.keyFor({ role: 'chair', seat: 1 })}` };
  });
  afterAll(() => room.close());

  it('rejects unknown fields, wrong types and out-of-range values with E_VALIDATION and the path', async () => {
    for (const [url, payload] of [
      ['/api/floor/grant', { seat: 5, extra: true }],
      ['/api/floor/grant', { seat: 'five' }],
      ['/api/floor/grant', { seat: 0 }],
      ['/api/votes', { title: '', secret: true }],
      ['/api/votes', { secret: 'yes' }],
    ] as const) {
      const r = await room.app.inject({ method: 'POST', url, headers: chair, payload });
      expect(r.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(r.json().error.code).toBe('E_VALIDATION');
      expect(r.json().error.details.length).toBeGreaterThan(0);
    }
  });

  it('answers domain refusals with their codes', async () => {
    const r = await room.app.inject({ method: 'POST', url: '/api/floor/next', headers: chair, payload: {} });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('E_NO_REQUESTS');
    const g = await room.app.inject({
      method: 'POST',
      url: '/api/floor/grant',
      headers: chair,
      payload: { seat: 99 },
    });
    expect(g.statusCode).toBe(404);
    expect(g.json().error.code).toBe('E_UNKNOWN_SEAT');
  });

  it('survives 10 000 malformed requests without a 5xx', async () => {
    const routes = [
      ['POST', '/api/floor/grant'],
      ['POST', '/api/floor/settings'],
      ['PUT', '/api/floor/settings'],
      ['POST', '/api/votes'],
      ['POST', '/api/votes/close'],
      ['POST', '/api/seats/1/ballot'],
      ['POST', '/api/seats/1/speak'],
      ['PUT', '/api/attendance/3'],
      ['GET', '/api/seats/1'],
      ['POST', '/api/floor/priority'],
    ] as const;
    // A deterministic generator, so a failure can be replayed.
    const rnd = prng(0x2545f491);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const values = [
      null,
      true,
      -1,
      0,
      1.5,
      2 ** 53,
      'x'.repeat(300),
      '',
      '💥',
      [],
      {},
      { seat: 1 },
      [1, 2],
      'yes',
    ];
    const keys = [
      'seat',
      'choice',
      'mode',
      'maxOpen',
      'title',
      'secret',
      'on',
      'present',
      'action',
      '__proto__',
      'constructor',
    ];
    const bodies = () => {
      const r = rnd();
      if (r < 0.15)
        return pick(['{', '}', 'null', '[]', '"x"', 'nul', '{"seat":}', '\u0000', '{"a":'.repeat(50)]);
      const o: Record<string, unknown> = {};
      const n = Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) o[pick(keys)] = pick(values);
      return JSON.stringify(o);
    };
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const [method, url] = pick(routes);
      const ct =
        rnd() < 0.9 ? 'application/json' : pick(['text/plain', 'application/xml', 'multipart/form-data']);
      const seatPath = url.replace(
        /\/(1|3)(?=\/|$)/,
        `/${pick(['1', '0', '-1', 'abc', '99999999', '1e3', '%00'])}`,
      );
      const r = await room.app.inject({
        method,
        url: rnd() < 0.3 ? seatPath : url,
        headers: { ...chair, 'content-type': ct },
        payload: method === 'GET' ? undefined : bodies(),
      });
      statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      if (r.statusCode >= 500) throw new Error(`${method} ${url} → ${r.statusCode}: ${r.body}`);
    }
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    // The room is still consistent and serving.
    expect(room.log.verify().ok).toBe(true);
    expect((await room.app.inject({ method: 'GET', url: '/api/room' })).statusCode).toBe(200);
  }, 120_000);
});
