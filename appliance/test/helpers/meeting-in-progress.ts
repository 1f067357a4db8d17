// A meeting started in an in-process room, with its organiser, chair, secretary, approver and one
// delegate logged in: the recording and transcript tests (issue 5) start from here.
import { expect } from 'vitest';
import { type InProcess, inProcessRoom } from './in-process-room.ts';
import { addPerson, type LoggedIn, login } from './people.ts';

export const MEETING_ROLES = ['organiser', 'chair', 'secretary', 'approver', 'delegate'] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

export interface StartedMeeting {
  r: InProcess;
  mid: string;
  /** Each person's id, by their part in the meeting. */
  id: Record<MeetingRole, string>;
  sessions: Record<MeetingRole, LoggedIn>;
  /** The unit every one of them belongs to. */
  unitId: string;
  call(
    who: MeetingRole,
    method: string,
    url: string,
    payload?: object,
  ): Promise<{ status: number; body: any }>;
}

export async function startedMeeting(o: { secret: boolean; seats?: number }): Promise<StartedMeeting> {
  const r = await inProcessRoom(o.seats ?? 4);
  const unit = r.people.directory.createUnit({ name: 'Văn phòng UBND tỉnh' });
  const sessions = {} as Record<MeetingRole, LoggedIn>;
  const id = {} as Record<MeetingRole, string>;
  for (const u of MEETING_ROLES) {
    id[u] = (
      await addPerson(r.people, u, { unitId: unit.id, roles: u === 'organiser' ? ['organiser'] : [] })
    ).id;
    sessions[u] = await login(r.app, u);
  }
  const call = async (who: MeetingRole, method: string, url: string, payload: object = {}) => {
    const res = await r.app.inject({
      method: method as 'POST',
      url,
      headers: sessions[who].headers,
      payload,
    });
    return { status: res.statusCode, body: res.json() };
  };
  const start = Date.now() + 7 * 86_400_000;
  const m = await call('organiser', 'POST', '/api/meetings', {
    title: o.secret ? 'Họp nội dung mật' : 'Họp thường kỳ',
    kind: 'regular',
    secret: o.secret,
    startsAt: start,
    endsAt: start + 3_600_000,
    form: 'in_person',
    invitation: { text: 'Kính mời.' },
    agenda: [{ id: 'a1', title: 'Nội dung' }],
    chairId: id.chair,
    secretaryId: id.secretary,
    approverId: id.approver,
    preparerId: id.organiser,
    preparingUnitId: unit.id,
    invitedPersons: [id.delegate],
  });
  const mid = m.body.id as string;
  await call('organiser', 'POST', `/api/meetings/${mid}/submit`);
  await call('approver', 'POST', `/api/meetings/${mid}/approve`);
  await call('organiser', 'POST', `/api/meetings/${mid}/publish`);
  expect((await call('chair', 'POST', `/api/meetings/${mid}/start`)).status).toBe(200);
  return { r, call, mid, id, sessions, unitId: unit.id };
}
