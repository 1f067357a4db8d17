// The permission table, one test per cell: every /api route × every kind of caller, allowed and
// denied (R-ACC-6). The expected matrix is written out here, not derived from the table under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessRoom } from '../helpers/in-process-room.ts';

type Caller = 'public' | 'forged' | 'delegate5' | 'delegate6' | 'chair' | 'technician';
const CALLERS: Caller[] = ['public', 'forged', 'delegate5', 'delegate6', 'chair', 'technician'];
const dcs = { id: 'dcs', driver: 'shure-dcs', transport: 'tcp://127.0.0.1:9', disabled: true };

// [method, url, body, callers allowed]. Seat routes act for seat 5.
const MATRIX: [string, string, unknown, Caller[]][] = [
  ['GET', '/api/room', undefined, ['public', 'delegate5', 'delegate6', 'chair']],
  ['GET', '/api/seats/5', undefined, ['delegate5']],
  ['POST', '/api/seats/5/speak', {}, ['delegate5']],
  ['POST', '/api/seats/5/ballot', { choice: 'yes' }, ['delegate5']],
  ['POST', '/api/seats/5/present', {}, ['delegate5']],
  ['GET', '/api/seats/1', undefined, ['chair']],
  ['POST', '/api/seats/1/speak', {}, ['chair']],
  ['POST', '/api/floor/grant', { seat: 5 }, ['chair']],
  ['POST', '/api/floor/deny', { seat: 5 }, ['chair']],
  ['POST', '/api/floor/end', { seat: 5 }, ['chair']],
  ['POST', '/api/floor/next', {}, ['chair']],
  ['POST', '/api/floor/clear', {}, ['chair']],
  ['POST', '/api/floor/all-off', {}, ['chair']],
  ['POST', '/api/floor/priority', {}, ['chair']],
  ['PUT', '/api/floor/settings', { mode: 'request', maxOpen: 2 }, ['chair']],
  ['POST', '/api/votes', {}, ['chair']],
  ['POST', '/api/votes/close', {}, ['chair']],
  ['PUT', '/api/attendance/5', { present: true }, ['chair']],
  ['POST', '/api/attendance/reset', {}, ['chair']],
  ['GET', '/api/devices', undefined, ['technician']],
  ['GET', '/api/devices/drivers', undefined, ['technician']],
  ['POST', '/api/devices', dcs, ['technician']],
  ['GET', '/api/devices/dcs', undefined, ['technician']],
  ['GET', '/api/devices/dcs/traffic', undefined, ['technician']],
  ['PUT', '/api/devices/dcs', dcs, ['technician']],
  ['POST', '/api/devices/dcs/enable', {}, ['technician']],
  ['POST', '/api/devices/dcs/disable', {}, ['technician']],
  ['POST', '/api/devices/dcs/restart', {}, ['technician']],
  ['POST', '/api/devices/dcs/commands', { type: 'refresh' }, ['technician']],
  ['DELETE', '/api/devices/dcs', undefined, ['technician']],
];

describe('permission table', () => {
  let room: Awaited<ReturnType<typeof inProcessRoom>>;
  let headers: Record<Caller, Record<string, string>>;

  beforeAll(async () => {
    room = await inProcessRoom();
    const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
    headers = {
      public: {},
      forged: bearer(`chair-1.${'A'.repeat(43)}`),
      delegate5: bearer(room.keys.keyFor({ role: 'delegate', seat: 5 })),
      delegate6: bearer(room.keys.keyFor({ role: 'delegate', seat: 6 })),
      chair: bearer(room.keys.keyFor({ role: 'chair', seat: 1 })),
      technician: bearer(room.keys.keyFor({ role: 'technician' })),
    };
  });
  afterAll(() => room.close());

  it('covers every /api route the app serves', async () => {
    const doc = (await room.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map(
        (m) => `${m.toUpperCase()} ${path.replace('{seat}', ':seat').replace('{id}', ':id')}`,
      ),
    );
    const tested = new Set(
      MATRIX.map(
        ([m, u]) =>
          `${m} ${u.replace(/\/(1|5)(?=\/|$)/, '/:seat').replace(/\/devices\/dcs(?=\/|$)/, '/devices/:id')}`,
      ),
    );
    expect(served.filter((r) => r.includes('/api/') && !tested.has(r))).toEqual([]);
  });

  for (const [method, url, body, allowed] of MATRIX) {
    for (const caller of CALLERS) {
      const ok = allowed.includes(caller);
      it(`${method} ${url} — ${caller} ${ok ? 'allowed' : 'denied'}`, async () => {
        const r = await room.app.inject({
          method: method as 'GET',
          url,
          headers: headers[caller],
          ...(body === undefined ? {} : { payload: body as object }),
        });
        if (ok) {
          expect([401, 403]).not.toContain(r.statusCode);
          expect(r.statusCode).toBeLessThan(500);
        } else {
          expect([401, 403]).toContain(r.statusCode);
          const code = r.json().error.code;
          expect(['E_UNAUTHENTICATED', 'E_FORBIDDEN', 'E_NOT_YOUR_SEAT', 'E_BAD_KEY']).toContain(code);
        }
      });
    }
  }
});
