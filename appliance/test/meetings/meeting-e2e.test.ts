// Issue 4, end to end over HTTP and a real WebSocket with a temp SQLite file: a meeting from draft
// to archived, each step by the role allowed (R-MTG-2), the late-notice warning (R-MTG-3),
// invitations with a substitute who takes the seat and the rights (R-ATT-1), roll call and the
// floor attached to the meeting in progress (R-ATT-2, R-ROOM-1), and everything in the event log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { inProcessRoom } from '../helpers/in-process-room.ts';
import { addPerson, type LoggedIn, login } from '../helpers/people.ts';

const HOUR = 3_600_000;

describe('a meeting from draft to archive', () => {
  let room: Awaited<ReturnType<typeof inProcessRoom>>;
  let base: string;
  const s: Record<string, LoggedIn> = {};
  const id: Record<string, string> = {};
  let unitId = '';
  let otherUnitId = '';
  let meetingId = '';

  const call = async (who: string, method: string, url: string, payload?: unknown) => {
    const res = await room.app.inject({
      method: method as 'GET',
      url,
      headers: s[who]!.headers,
      ...(payload !== undefined ? { payload: payload as object } : method !== 'GET' ? { payload: {} } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    room = await inProcessRoom(6);
    await room.app.listen({ host: '127.0.0.1', port: 0 });
    const a = room.app.server.address();
    base = `127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    const unit = room.people.directory.createUnit({ name: 'Văn phòng UBND tỉnh' });
    const other = room.people.directory.createUnit({ name: 'Sở Tài chính' });
    unitId = unit.id;
    otherUnitId = other.id;
    const people: [string, string, ('organiser' | 'sysadmin')[], string?][] = [
      ['organiser', 'Lê Văn Tổ Chức', ['organiser']],
      ['chair', 'Nguyễn Văn Chủ Trì', []],
      ['secretary', 'Trần Thị Thư Ký', []],
      ['approver', 'Phạm Lãnh Đạo', []],
      ['invitee', 'Hoàng Đại Biểu', []],
      ['substitute', 'Vũ Dự Thay', []],
      ['decliner', 'Đỗ Báo Vắng', []],
      ['stranger', 'Người Ngoài', []],
      ['finance', 'Bùi Tài Chính', [], other.id],
    ];
    for (const [username, fullName, roles, u] of people) {
      const p = await addPerson(room.people, username, { unitId: u ?? unit.id, roles, fullName });
      id[username] = p.id;
      s[username] = await login(room.app, username);
    }
    id.financeadmin = (
      await addPerson(room.people, 'financeadmin', { unitId: other.id, roles: ['unit_admin'] })
    ).id;
    s.financeadmin = await login(room.app, 'financeadmin');
  });
  afterAll(() => room.close());

  it('R-MTG-1/2: an organiser registers a draft; others cannot see it; submitting names what is missing', async () => {
    const starts = Date.now() + 2 * 24 * HOUR; // regular meetings need 3 days' notice: this one will be late
    const created = await call('organiser', 'POST', '/api/meetings', {
      title: 'Họp UBND tỉnh thường kỳ tháng 12',
      kind: 'regular',
      startsAt: starts,
      endsAt: starts + 3 * HOUR,
    });
    expect(created.status).toBe(201);
    meetingId = created.body.id;
    expect(created.body.status).toBe('draft');
    expect(created.body.fields.roomId).toBe('test');
    expect((await call('chair', 'GET', `/api/meetings/${meetingId}`)).status).toBe(403);
    expect((await call('stranger', 'GET', '/api/meetings')).body).toEqual([]);
    // A person who is not an organiser registers nothing.
    expect(
      (
        await call('stranger', 'POST', '/api/meetings', {
          title: 'x',
          kind: 'regular',
          startsAt: starts,
          endsAt: starts + 1,
        })
      ).status,
    ).toBe(403);
    const early = await call('organiser', 'POST', `/api/meetings/${meetingId}/submit`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('E_INCOMPLETE');
    expect(early.body.error.message).toMatch(/chair/);
  });

  it('refuses unknown persons and units in a meeting, and unknown fields', async () => {
    const bad = await call('organiser', 'PATCH', `/api/meetings/${meetingId}`, {
      chairId: 'nobody-like-this',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('E_BAD_REFERENCE');
    const unknown = await call('organiser', 'PATCH', `/api/meetings/${meetingId}`, { colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('E_VALIDATION');
  });

  it('completes the meeting, submits; the approver returns it with a reason, then approves', async () => {
    const done = await call('organiser', 'PATCH', `/api/meetings/${meetingId}`, {
      form: 'in_person',
      invitation: { number: '123/GM-UBND', text: 'Kính mời các đồng chí dự họp.' },
      agenda: [
        { id: 'a1', title: 'Tình hình kinh tế - xã hội', minutes: 60 },
        { id: 'a2', title: 'Dự toán ngân sách 2027', minutes: 90 },
      ],
      chairId: id.chair,
      secretaryId: id.secretary,
      approverId: id.approver,
      preparerId: id.organiser,
      preparingUnitId: unitId,
      invitedPersons: [id.invitee, id.decliner],
      invitedUnits: [otherUnitId],
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.missing).toEqual([]);
    expect((await call('organiser', 'POST', `/api/meetings/${meetingId}/submit`)).body.status).toBe(
      'submitted',
    );
    // The organiser cannot approve their own meeting; the chair cannot either.
    expect((await call('organiser', 'POST', `/api/meetings/${meetingId}/approve`)).status).toBe(403);
    expect((await call('chair', 'POST', `/api/meetings/${meetingId}/approve`)).status).toBe(403);
    const back = await call('approver', 'POST', `/api/meetings/${meetingId}/return`, {
      reason: 'Bổ sung báo cáo ngân sách',
    });
    expect(back.body.status).toBe('returned');
    const seen = await call('organiser', 'GET', `/api/meetings/${meetingId}`);
    expect(seen.body.returned.reason).toBe('Bổ sung báo cáo ngân sách');
    await call('organiser', 'PATCH', `/api/meetings/${meetingId}`, {
      agenda: [
        { id: 'a1', title: 'Tình hình kinh tế - xã hội', minutes: 60 },
        { id: 'a2', title: 'Dự toán ngân sách 2027 (có báo cáo)', minutes: 90 },
      ],
    });
    await call('organiser', 'POST', `/api/meetings/${meetingId}/submit`);
    // Invitees do not see a meeting that has not gone out.
    expect((await call('invitee', 'GET', `/api/meetings/${meetingId}`)).status).toBe(403);
    expect((await call('approver', 'POST', `/api/meetings/${meetingId}/approve`)).body.status).toBe(
      'approved',
    );
  });

  it('R-MTG-3: publishing late is allowed, warned about before and after, and recorded', async () => {
    const before = await call('organiser', 'GET', `/api/meetings/${meetingId}`);
    expect(before.body.noticeNow).toMatchObject({ late: true, requiredMinutes: 3 * 24 * 60 });
    const pub = await call('organiser', 'POST', `/api/meetings/${meetingId}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body.status).toBe('published');
    expect(pub.body.warning).toMatchObject({ code: 'W_LATE_NOTICE', late: true });
    const logged = room.log.search({ types: ['meeting.published'], limit: 1 })[0]!;
    expect(logged.meetingId).toBe(meetingId);
    expect(logged.actor).toBe(`person:${id.organiser}`);
    expect(logged.payload.notice).toMatchObject({ late: true });
  });

  it('R-ATT-1: invitees answer; a substitute is named; a unit names its attendee; the organiser sees it live', async () => {
    const ws = new WebSocket(`ws://${base}/ws`, {
      headers: { cookie: s.organiser!.cookie, origin: `http://${base}` },
    });
    const msgs: { t: string; meetingId?: string }[] = [];
    ws.on('message', (d) => msgs.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    await expect.poll(() => JSON.stringify(msgs)).toMatch(/snapshot/);

    const sub = await call('invitee', 'PUT', `/api/meetings/${meetingId}/answer`, {
      answer: 'substitute',
      substituteId: id.substitute,
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    await expect.poll(() => msgs.some((m) => m.t === 'meeting' && m.meetingId === meetingId)).toBe(true);
    const dec = await call('decliner', 'PUT', `/api/meetings/${meetingId}/answer`, {
      answer: 'decline',
      reason: 'Đi công tác',
    });
    expect(dec.status).toBe(200);
    // Someone not invited cannot answer; a decline needs its reason.
    expect(
      (await call('stranger', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'attend' })).status,
    ).toBe(403);
    expect(
      (await call('decliner', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'decline' })).status,
    ).toBe(400);
    // The invited unit's administrator sees the meeting (and nobody else's administrator does).
    const seenByUnit = await call('financeadmin', 'GET', '/api/meetings');
    expect(seenByUnit.body.map((m: { id: string }) => m.id)).toEqual([meetingId]);
    expect(seenByUnit.body[0].myRoles).toEqual(['unit_admin']);
    // Only that unit's administrator names the unit's attendee, and only a person of that unit.
    const unitUrl = `/api/meetings/${meetingId}/units/${otherUnitId}/answer`;
    expect((await call('organiser', 'PUT', unitUrl, { attendeeId: id.finance })).status).toBe(403);
    expect((await call('financeadmin', 'PUT', unitUrl, { attendeeId: id.stranger })).status).toBe(400);
    const named = await call('financeadmin', 'PUT', unitUrl, { attendeeId: id.finance });
    expect(named.status).toBe(200);
    // The unit's administrator sees whom their unit sends; the step's answer carries the timeline.
    expect(named.body.unitAnswers[otherUnitId]).toMatchObject({ attendeeId: id.finance });
    expect(named.body.history.map((h: { type: string }) => h.type)).toEqual(['meeting.published']);
    const view = await call('organiser', 'GET', `/api/meetings/${meetingId}`);
    expect(view.body.summary).toMatchObject({
      substitute: 1,
      decline: 1,
      pending: 0,
      units: { named: 1, pending: 0 },
    });
    // The invitee who sent a substitute is no longer a delegate; the substitute is.
    expect((await call('substitute', 'GET', `/api/meetings/${meetingId}`)).body.myRoles).toContain(
      'delegate',
    );
    expect((await call('invitee', 'GET', `/api/meetings/${meetingId}`)).body.myRoles).not.toContain(
      'delegate',
    );
    ws.close();
  });

  it('the seat plan: the substitute takes the invitee’s seat, and their unit shows the name', async () => {
    expect(
      (await call('secretary', 'PUT', `/api/meetings/${meetingId}/seats/1`, { personId: id.chair })).status,
    ).toBe(200);
    expect(
      (await call('secretary', 'PUT', `/api/meetings/${meetingId}/seats/2`, { personId: id.invitee })).status,
    ).toBe(200);
    expect(
      (await call('secretary', 'PUT', `/api/meetings/${meetingId}/seats/3`, { personId: id.finance })).status,
    ).toBe(200);
    expect(
      (await call('secretary', 'PUT', `/api/meetings/${meetingId}/seats/99`, { personId: id.finance }))
        .status,
    ).toBe(404);
    expect(
      (await call('secretary', 'PUT', `/api/meetings/${meetingId}/seats/4`, { personId: id.stranger }))
        .status,
    ).toBe(400);
    expect(
      (await call('stranger', 'PUT', `/api/meetings/${meetingId}/seats/4`, { personId: id.finance })).status,
    ).toBe(403);
    const view = await call('organiser', 'GET', `/api/meetings/${meetingId}`);
    expect(view.body.seats.find((x: { seat: number }) => x.seat === 2)).toMatchObject({
      holderId: id.invitee,
      personId: id.substitute,
      name: 'Vũ Dự Thay',
    });
  });

  it('R-ROOM-1: only the chair starts it; roll call starts afresh; units show the delegates', async () => {
    await room.room.dispatch({ type: 'present', seat: 5, via: 'tablet' }, 'test'); // left over from before
    expect((await call('organiser', 'POST', `/api/meetings/${meetingId}/start`)).status).toBe(403);
    const started = await call('chair', 'POST', `/api/meetings/${meetingId}/start`);
    expect(started.body.status).toBe('in_progress');
    expect(started.body.currentItem).toBe('a1');
    await expect.poll(() => room.room.state.meeting?.id).toBe(meetingId);
    await expect.poll(() => room.room.state.present.size).toBe(0);
    expect(room.room.unitState(2).name).toBe('Vũ Dự Thay');
    expect(room.room.unitState(2).meeting).toBe('in_progress');
    expect(room.room.display().meeting).toMatchObject({
      id: meetingId,
      title: 'Họp UBND tỉnh thường kỳ tháng 12',
    });
  });

  it('R-ATT-2 and R-ROOM-2: the substitute speaks and marks present from their seat; the chair person runs the floor', async () => {
    const speak = await call('substitute', 'POST', '/api/seats/2/speak', {});
    expect(speak.status, JSON.stringify(speak.body)).toBe(200);
    // Not from someone else's seat, and the invitee who sent a substitute has no seat any more.
    expect((await call('substitute', 'POST', '/api/seats/3/speak', {})).body.error.code).toBe(
      'E_NOT_YOUR_SEAT',
    );
    expect((await call('invitee', 'POST', '/api/seats/2/speak', {})).status).toBe(403);
    expect((await call('substitute', 'POST', '/api/seats/2/present', {})).status).toBe(200);
    // The chair, logged in as a person, grants the floor; the secretary marks a seat present.
    expect((await call('chair', 'POST', '/api/floor/grant', { seat: 2 })).status).toBe(200);
    expect((await call('secretary', 'PUT', '/api/attendance/3', { present: true })).status).toBe(200);
    expect((await call('stranger', 'POST', '/api/floor/next', {})).status).toBe(403);
    const roll = await call('chair', 'GET', `/api/meetings/${meetingId}/attendance`);
    const row = (who: string) => roll.body.find((r: { personId: string }) => r.personId === id[who]);
    expect(row('substitute')).toMatchObject({
      role: 'substitute',
      substituteFor: id.invitee,
      seat: 2,
      present: true,
    });
    expect(row('finance')).toMatchObject({ role: 'unit_attendee', seat: 3, present: true });
    expect(row('decliner')).toMatchObject({ answer: 'decline', seat: null });
    // The floor facts belong to the meeting and its agenda item.
    const granted = room.log.search({ types: ['floor.granted'], limit: 1 })[0]!;
    expect(granted.meetingId).toBe(meetingId);
    expect(granted.payload.agendaItem).toBe('a1');
  });

  it('moves through the agenda, pauses, resumes and ends; the end closes the vote and the microphones', async () => {
    expect(
      (await call('chair', 'POST', `/api/meetings/${meetingId}/agenda`, { itemId: 'a2' })).body.currentItem,
    ).toBe('a2');
    expect((await call('chair', 'POST', `/api/meetings/${meetingId}/agenda`, { itemId: 'zz' })).status).toBe(
      404,
    );
    const vote = await call('chair', 'POST', '/api/votes', { title: 'Thông qua dự toán', secret: false });
    expect(vote.status, JSON.stringify(vote.body)).toBe(200);
    expect(room.log.search({ types: ['vote.opened'], limit: 1 })[0]!.payload.agendaItem).toBe('a2');
    expect((await call('chair', 'POST', `/api/meetings/${meetingId}/pause`)).body.status).toBe('paused');
    await expect.poll(() => room.room.unitState(2).meeting).toBe('paused');
    expect((await call('chair', 'POST', `/api/meetings/${meetingId}/resume`)).body.status).toBe(
      'in_progress',
    );
    expect((await call('chair', 'POST', `/api/meetings/${meetingId}/end`)).body.status).toBe('ended');
    await expect.poll(() => room.room.state.meeting).toBe(null);
    expect(room.room.state.vote?.state).toBe('closed');
    expect(room.room.state.floor.speakers.filter((x) => x.seat !== 1)).toEqual([]);
    expect(room.room.unitState(2).name).not.toBe('Vũ Dự Thay');
  });

  it('archives; every step is in the hash-chained log with its actor', async () => {
    expect((await call('chair', 'POST', `/api/meetings/${meetingId}/archive`)).status).toBe(403);
    expect((await call('organiser', 'POST', `/api/meetings/${meetingId}/archive`)).body.status).toBe(
      'archived',
    );
    const steps = room.log
      .search({ types: ['meeting.'], meetingId, limit: 100 })
      .reverse()
      .map((e) => `${e.type}:${e.actor}`);
    const who = (name: string) => `person:${id[name]}`;
    for (const step of [
      `meeting.created:${who('organiser')}`,
      `meeting.submitted:${who('organiser')}`,
      `meeting.returned:${who('approver')}`,
      `meeting.approved:${who('approver')}`,
      `meeting.published:${who('organiser')}`,
      `meeting.answered:${who('invitee')}`,
      `meeting.unit_answered:${who('financeadmin')}`,
      `meeting.seat_assigned:${who('secretary')}`,
      `meeting.started:${who('chair')}`,
      `meeting.paused:${who('chair')}`,
      `meeting.ended:${who('chair')}`,
      `meeting.archived:${who('organiser')}`,
    ]) {
      expect(steps).toContain(step);
    }
    expect(room.log.verify().ok).toBe(true);
    // The meeting's own timeline says the same, with names and the return's reason.
    const timeline = (await call('organiser', 'GET', `/api/meetings/${meetingId}`)).body.history;
    expect(timeline.map((h: { type: string }) => h.type)).toEqual([
      'meeting.created',
      'meeting.submitted',
      'meeting.returned',
      'meeting.submitted',
      'meeting.approved',
      'meeting.published',
      'meeting.started',
      'meeting.paused',
      'meeting.resumed',
      'meeting.ended',
      'meeting.archived',
    ]);
    expect(timeline[2]).toMatchObject({ name: 'Phạm Lãnh Đạo', reason: 'Bổ sung báo cáo ngân sách' });
    expect(timeline[5].notice).toMatchObject({ late: true });
    // A participant sees what concerns them, not the approval's back-and-forth.
    const theirs = (await call('substitute', 'GET', `/api/meetings/${meetingId}`)).body.history;
    expect(theirs.map((h: { type: string }) => h.type)).toEqual([
      'meeting.published',
      'meeting.started',
      'meeting.paused',
      'meeting.resumed',
      'meeting.ended',
      'meeting.archived',
    ]);
  });

  it('rebuilds every meeting from the log after a restart', async () => {
    const { MeetingService } = await import('../../src/meetings/meeting-service.ts');
    const again = new MeetingService({
      log: room.log,
      roomId: 'test',
      seats: new Set([1, 2, 3, 4, 5, 6]),
      notice: room.meetings.notice,
    });
    const a = again.get(meetingId)!;
    const b = room.meetings.get(meetingId)!;
    expect(a.status).toBe('archived');
    expect(JSON.stringify({ ...a, answers: [...a.answers], unitAnswers: [...a.unitAnswers] })).toBe(
      JSON.stringify({ ...b, answers: [...b.answers], unitAnswers: [...b.unitAnswers] }),
    );
  });
});
