// `./room bench`, part f: people and access (issue 4). The appliance runs as a production child; the
// bench logs in as its first administrator (the one-time password in first-admin.txt), creates a
// person and a published meeting over HTTP, then measures, side by side in one run:
//   - a login (Argon2id verification, a session row, the login diary's event) with the right
//     password, a wrong password, and an unknown username, interleaved: the last two must cost the
//     same, or the timing tells which usernames exist;
//   - the same read (`GET /api/room`) as the public, with a seat device's key, and with a person's
//     session cookie, interleaved: what identifying the caller costs per request;
//   - an invitee's answer (`PUT /api/meetings/:id/answer`): a meeting step that is decided, appended
//     to the event log and fsynced before it is answered.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApplianceChild, startApplianceChild, writeRoom } from './appliance-child.ts';
import { type Summary, summarize } from './stats.ts';

export interface AccessBenchConfig {
  logins: number;
  reads: number;
  answers: number;
}

export interface AccessBenchResult {
  login: { ok: Summary; wrongPassword: Summary; unknownUser: Summary };
  read: { public: Summary; seatKey: Summary; session: Summary };
  answer: Summary;
}

interface Session {
  cookie: string;
  csrf: string;
  personId: string;
}

const PASSWORD = 'Bench-phong-hop-2026!';

async function call(
  base: string,
  method: string,
  path: string,
  o: { session?: Session; key?: string; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the wire; callers check what they read
): Promise<{ status: number; body: any; ms: number; res: Response }> {
  const headers: Record<string, string> = {};
  if (o.session) {
    headers.cookie = o.session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = o.session.csrf;
  }
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: o.body === undefined ? null : JSON.stringify(o.body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  return { status: res.status, body: text ? JSON.parse(text) : null, ms, res };
}

async function login(base: string, username: string, password: string): Promise<Session> {
  const r = await call(base, 'POST', '/api/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  const cookie = r.res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('room_session='))!;
  return { cookie, csrf: r.body.csrfToken, personId: r.body.principal.person.id };
}

async function firstLogin(base: string, username: string, otp: string): Promise<Session> {
  const s = await login(base, username, otp);
  const r = await call(base, 'POST', '/api/auth/password', {
    session: s,
    body: { current: otp, next: PASSWORD },
  });
  if (r.status !== 200) throw new Error(`password ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return s;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire; callers check what they read
async function must(p: Promise<{ status: number; body: any }>, what: string) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function benchAccess(
  tmp: string,
  cfg: AccessBenchConfig,
  log: (s: string) => void,
): Promise<AccessBenchResult> {
  log(
    `f. people and access: ${cfg.logins} logins each (right / wrong password / unknown user), ` +
      `${cfg.reads} reads each (public / seat key / session), ${cfg.answers} invitation answers`,
  );
  const files = await writeRoom(join(tmp, 'access'), {
    room: 'bench-access',
    seats: 12,
    prefix: 'acc-',
    // The login rate limit and lockout would stop a bench that logs in 3×N times a minute.
    auth: { loginPerMinutePerIp: 600, maxFailedLogins: 20 },
  });
  const app: ApplianceChild = await startApplianceChild(files);
  try {
    const base = app.base;
    const note = readFileSync(join(files.dataDir, 'first-admin.txt'), 'utf8');
    const otp = /^one-time password: (\S+)$/m.exec(note)![1]!;
    const admin = await firstLogin(base, 'admin', otp);
    const unit = await must(
      call(base, 'POST', '/api/units', { session: admin, body: { name: 'Sở Bench' } }),
      'unit',
    );
    const created = await must(
      call(base, 'POST', '/api/persons', {
        session: admin,
        body: { unitId: unit.id, fullName: 'Người đo', username: 'nguoi.do', roles: ['organiser'] },
      }),
      'person',
    );
    const user = await firstLogin(base, 'nguoi.do', created.oneTimePassword);

    // Logins, interleaved so the machine's noise falls on all three alike.
    const ok: number[] = [];
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < cfg.logins; i++) {
      ok.push(
        (await call(base, 'POST', '/api/auth/login', { body: { username: 'nguoi.do', password: PASSWORD } }))
          .ms,
      );
      wrong.push(
        (await call(base, 'POST', '/api/auth/login', { body: { username: 'nguoi.do', password: `x${i}` } }))
          .ms,
      );
      unknown.push(
        (await call(base, 'POST', '/api/auth/login', { body: { username: `nobody${i}`, password: `x${i}` } }))
          .ms,
      );
      // A success resets the failure count, so the wrong passwords never lock the account.
    }

    const key = await app.chairKey();
    const reads = { public: [] as number[], seatKey: [] as number[], session: [] as number[] };
    for (let i = 0; i < cfg.reads; i++) {
      reads.public.push((await call(base, 'GET', '/api/room')).ms);
      reads.seatKey.push((await call(base, 'GET', '/api/room', { key })).ms);
      reads.session.push((await call(base, 'GET', '/api/room', { session: user })).ms);
    }

    // A published meeting the person is invited to (they also hold the other roles, for brevity).
    const start = Date.now() + 7 * 86_400_000;
    const m = await must(
      call(base, 'POST', '/api/meetings', {
        session: user,
        body: {
          title: 'Bench',
          kind: 'regular',
          startsAt: start,
          endsAt: start + 3_600_000,
          form: 'in_person',
          invitation: { text: 'Bench' },
          agenda: [{ id: 'a1', title: 'Một' }],
          chairId: admin.personId,
          secretaryId: admin.personId,
          approverId: user.personId,
          preparerId: user.personId,
          preparingUnitId: unit.id,
          invitedPersons: [user.personId],
          invitedUnits: [],
          supportStaff: [],
        },
      }),
      'meeting',
    );
    for (const step of ['submit', 'approve', 'publish']) {
      await must(call(base, 'POST', `/api/meetings/${m.id}/${step}`, { session: user, body: {} }), step);
    }
    const answers: number[] = [];
    for (let i = 0; i < cfg.answers; i++) {
      const body = i % 2 ? { answer: 'attend' } : { answer: 'decline', reason: `Bận ${i}` };
      const r = await call(base, 'PUT', `/api/meetings/${m.id}/answer`, { session: user, body });
      if (r.status !== 200) throw new Error(`answer: ${r.status} ${JSON.stringify(r.body)}`);
      answers.push(r.ms);
    }
    const result: AccessBenchResult = {
      login: { ok: summarize(ok), wrongPassword: summarize(wrong), unknownUser: summarize(unknown) },
      read: {
        public: summarize(reads.public),
        seatKey: summarize(reads.seatKey),
        session: summarize(reads.session),
      },
      answer: summarize(answers),
    };
    log(
      `  login p50 ${result.login.ok.p50.toFixed(1)} ms (wrong ${result.login.wrongPassword.p50.toFixed(1)}, unknown ` +
        `${result.login.unknownUser.p50.toFixed(1)}); read p50 public ${result.read.public.p50.toFixed(2)} / key ` +
        `${result.read.seatKey.p50.toFixed(2)} / session ${result.read.session.p50.toFixed(2)} ms; answer p50 ` +
        `${result.answer.p50.toFixed(2)} ms`,
    );
    return result;
  } finally {
    await app.stop();
  }
}
