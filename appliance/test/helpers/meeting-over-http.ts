// A meeting run over HTTP against an appliance process (issue 5's process and browser tests): a
// unit with an organiser, a chair and an approver created by the administrator, each logged in,
// and a meeting they take from draft to started, each step checked.
import { firstLoginHttp, type HttpSession, sessionApi } from './appliance-process.ts';

export type MeetingRoleHttp = 'organiser' | 'chair' | 'approver';

export interface MeetingPeopleHttp {
  base: string;
  unitId: string;
  people: Record<MeetingRoleHttp, HttpSession>;
}

const ok = (what: string, r: { status: number; body: unknown }, want: number) => {
  if (r.status !== want) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
};

/** A unit and its three people (usernames `<prefix>.organiser` …), created by `admin`. */
export async function meetingPeopleHttp(
  base: string,
  admin: HttpSession,
  prefix: string,
): Promise<MeetingPeopleHttp> {
  const u = await sessionApi(base, admin, 'POST', '/api/units', { name: 'Văn phòng UBND tỉnh' });
  ok('POST /api/units', u, 201);
  const people = {} as Record<MeetingRoleHttp, HttpSession>;
  for (const who of ['organiser', 'chair', 'approver'] as const) {
    const p = await sessionApi(base, admin, 'POST', '/api/persons', {
      unitId: u.body.id,
      fullName: `Người ${who}`,
      roles: who === 'organiser' ? ['organiser'] : [],
      username: `${prefix}.${who}`,
    });
    ok('POST /api/persons', p, 201);
    people[who] = await firstLoginHttp(base, `${prefix}.${who}`, p.body.oneTimePassword);
  }
  return { base, unitId: u.body.id, people };
}

/** A meeting a week ahead (no late notice) created, approved, published and started; its id. */
export async function startMeetingHttp(m: MeetingPeopleHttp, title: string): Promise<string> {
  const { people } = m;
  const as = (who: MeetingRoleHttp, method: string, path: string, body?: unknown) =>
    sessionApi(m.base, people[who], method, path, body);
  const start = Date.now() + 7 * 86_400_000;
  const created = await as('organiser', 'POST', '/api/meetings', {
    title,
    kind: 'regular',
    secret: false,
    startsAt: start,
    endsAt: start + 3_600_000,
    form: 'in_person',
    invitation: { text: 'Kính mời.' },
    agenda: [{ id: 'a1', title: 'Nội dung' }],
    chairId: people.chair.personId,
    secretaryId: people.organiser.personId,
    approverId: people.approver.personId,
    preparerId: people.organiser.personId,
    preparingUnitId: m.unitId,
    invitedPersons: [people.approver.personId],
  });
  ok('POST /api/meetings', created, 201);
  const id = created.body.id as string;
  for (const [who, step] of [
    ['organiser', 'submit'],
    ['approver', 'approve'],
    ['organiser', 'publish'],
    ['chair', 'start'],
  ] as const) {
    ok(step, await as(who, 'POST', `/api/meetings/${id}/${step}`, {}), 200);
  }
  return id;
}
