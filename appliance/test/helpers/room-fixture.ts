// A room with one caller of every kind, for the permission table and the fuzz: seat-device keys,
// a person who has not changed a one-time password, global roles, unit administrators of two units,
// and two meetings with each meeting role held by a distinct person. M1 is in progress (so the
// floor, votes and seats have a meeting), M2 is published with the same people, M3 is a draft of
// the global organiser. Meetings are made over HTTP, the way an organiser makes them. Single
// sign-on is configured (its routes exist) against a provider that is not there.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { freePort } from '../../../bridge/test/helpers/brokers.ts';
import { SsoClient } from '../../src/auth/oidc.ts';
import type { GlobalRole } from '../../src/people/roles.ts';
import { type InProcessOptions, inProcessRoom } from './in-process-room.ts';
import { addPerson, type LoggedIn, login, staff, TEST_PASSWORD } from './people.ts';
import { tempDir } from './temp-dir.ts';

export type Room = Awaited<ReturnType<typeof inProcessRoom>>;

export interface Caller {
  /** Request headers (a session's include its CSRF token). */
  headers: Record<string, string>;
  /** A second, separate session of the same account (for logging out without ending `headers`). */
  freshSession?: () => Promise<LoggedIn>;
  personId?: string;
}

export type FixtureCaller =
  | 'public'
  | 'seatDelegate'
  | 'seatChair'
  | 'restricted'
  | 'person'
  | 'sysadmin'
  | 'unitAdmin'
  | 'otherUnitAdmin'
  | 'organiser'
  | 'technician'
  | 'meetingOrganiser'
  | 'meetingChair'
  | 'meetingSecretary'
  | 'meetingApprover'
  | 'meetingInvitee'
  | 'meetingSupport'
  | 'unrelated';

export interface RoomFixture {
  room: Room;
  close(): Promise<void>;
  callers: Record<FixtureCaller, Caller>;
  /** Placeholder → id, for route-table.ts samples. */
  ids: Record<string, string>;
}

export async function roomFixture(
  options: InProcessOptions & {
    /** Called before the first request (fastify takes hooks until it is ready). */
    beforeReady?: (app: Room['app']) => void;
  } = {},
): Promise<RoomFixture> {
  const { beforeReady, ...opts } = options;
  const dir = tempDir('room-fixture-');
  writeFileSync(join(dir.path, 'sso-secret'), 'not-a-real-secret\n');
  // Nothing listens there: a login with it is sent back to /login?sso=unavailable.
  const ssoClient = new SsoClient(
    {
      issuer: `http://127.0.0.1:${await freePort()}`,
      clientId: 'room',
      clientSecretFile: join(dir.path, 'sso-secret'),
    },
    { redirectUri: 'http://127.0.0.1/api/auth/sso/callback' },
  );
  const room = await inProcessRoom(10, {
    ssoClient,
    ...opts,
    // Each caller logs in, some more than once: the per-address limit is not under test here.
    auth: { loginPerMinutePerIp: 100_000, ...opts.auth },
  });
  beforeReady?.(room.app);
  const { app, people } = room;
  const s = await staff(app, people);
  const U = s.unit.id;
  const O = s.other.id;
  const session = async (username: string, password = TEST_PASSWORD): Promise<Caller> => {
    const l = await login(app, username, password);
    return {
      headers: l.headers,
      freshSession: () => login(app, username, password),
      personId: l.body.principal ? (l.body.principal as { person: { id: string } }).person.id : '',
    };
  };
  const make = async (username: string, roles: GlobalRole[] = [], unitId = U) => {
    await addPerson(people, username, { unitId, roles });
    return session(username);
  };

  // Holds sysadmin, and still may do nothing but change the one-time password.
  const r = people.directory.createPerson({ unitId: U, fullName: 'Người chưa đổi mật khẩu' }, ['sysadmin']);
  const otp = await people.accounts.create(r.id, 'restricted');

  const callers: Record<FixtureCaller, Caller> = {
    public: { headers: {} },
    seatDelegate: { headers: { authorization: `Bearer ${room.keys.keyFor({ role: 'delegate', seat: 5 })}` } },
    seatChair: { headers: { authorization: `Bearer ${room.keys.keyFor({ role: 'chair', seat: 1 })}` } },
    restricted: await session('restricted', otp),
    person: await session('person'),
    sysadmin: await session('admin'),
    unitAdmin: await session('unitadmin'),
    otherUnitAdmin: await session('otheradmin'),
    organiser: await session('organiser'),
    technician: await session('technician'),
    meetingOrganiser: await make('m.organiser', ['organiser']),
    meetingChair: await make('m.chair'),
    meetingSecretary: await make('m.secretary'),
    meetingApprover: await make('m.approver'),
    meetingInvitee: await make('m.invitee'),
    meetingSupport: await make('m.support'),
    unrelated: await make('unrelated', [], O),
  };
  const id = (c: FixtureCaller) => callers[c].personId!;

  // Targets of the directory routes, and the account the login sample logs into.
  const T = (await addPerson(people, 'target.u', { unitId: U })).id;
  const TO = (await addPerson(people, 'target.o', { unitId: O })).id;
  await addPerson(people, 'dang.nhap', { unitId: U });
  const CU = people.directory.createCommittee({ name: 'Ban Chỉ đạo U', unitId: U }).id;
  const CO = people.directory.createCommittee({ name: 'Ban Chỉ đạo O', unitId: O }).id;
  const dev = await room.devices.put(
    { id: 'dcs', driver: 'shure-dcs', transport: 'tcp://127.0.0.1:9', disabled: true },
    'create',
  );
  if (!dev.ok) throw new Error(`device: ${JSON.stringify(dev)}`);

  const call = async (who: FixtureCaller, method: 'POST' | 'PUT', url: string, payload: object = {}) => {
    const res: LightMyRequestResponse = await app.inject({
      method,
      url,
      headers: callers[who].headers,
      payload,
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const startsAt = Date.now() + 7 * 86_400_000;
  const fields = {
    title: 'Phiên họp thường kỳ',
    kind: 'regular',
    form: 'in_person',
    startsAt,
    endsAt: startsAt + 3 * 3_600_000,
    roomId: 'test',
    invitation: { number: '12/GM-UBND', text: 'Kính mời dự họp.' },
    agenda: [
      { id: 'muc-1', title: 'Khai mạc' },
      { id: 'muc-2', title: 'Thảo luận' },
    ],
    chairId: id('meetingChair'),
    secretaryId: id('meetingSecretary'),
    approverId: id('meetingApprover'),
    preparerId: id('meetingOrganiser'),
    preparingUnitId: U,
    invitedUnits: [U],
    invitedPersons: [id('meetingInvitee')],
    supportStaff: [id('meetingSupport')],
  };
  const published = async () => {
    const m = (await call('meetingOrganiser', 'POST', '/api/meetings', fields)).id as string;
    await call('meetingOrganiser', 'POST', `/api/meetings/${m}/submit`);
    await call('meetingApprover', 'POST', `/api/meetings/${m}/approve`);
    await call('meetingOrganiser', 'POST', `/api/meetings/${m}/publish`);
    return m;
  };
  const M1 = await published();
  await call('meetingOrganiser', 'PUT', `/api/meetings/${M1}/seats/1`, { personId: id('meetingChair') });
  await call('meetingOrganiser', 'PUT', `/api/meetings/${M1}/seats/5`, { personId: id('meetingInvitee') });
  await call('meetingChair', 'POST', `/api/meetings/${M1}/start`);
  const M2 = await published();
  const M3 = (
    await call('organiser', 'POST', '/api/meetings', {
      title: 'Họp chuẩn bị',
      kind: 'ad_hoc',
      startsAt,
      endsAt: startsAt + 3_600_000,
    })
  ).id as string;

  return {
    room,
    async close() {
      await room.close();
      dir.cleanup();
    },
    callers,
    ids: {
      U,
      O,
      T,
      TO,
      CU,
      CO,
      P: id('person'),
      PO: id('unrelated'),
      M1,
      M2,
      M3,
      DEV: 'dcs',
      NOBODY: 'no-such-thing-0',
      ADMIN: id('sysadmin'),
    },
  };
}
