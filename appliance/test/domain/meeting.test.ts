// R-MTG-1..4, R-ATT-1: the meeting's life from registration to archive, invitees' answers, the seat plan.
import { describe, expect, it } from 'vitest';
import {
  answerSummary,
  applyMeeting,
  decideMeeting,
  effectivePerson,
  MEETING_STATUSES,
  type Meeting,
  type MeetingCommand,
  type MeetingContext,
  type MeetingDraft,
  type MeetingEvent,
  type MeetingStatus,
  type MeetingStep,
  missingForSubmit,
  participants,
  personAtSeat,
  roleOf,
  seatOfPerson,
} from '../../src/domain/meeting.ts';
import { checkNotice, DEFAULT_NOTICE } from '../../src/domain/notice.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const START = Date.UTC(2025, 5, 10, 1, 0);
const END = START + 3 * 60 * MIN;
const ROOM: MeetingContext = { seats: new Set([1, 2, 3, 4, 5, 6]) };
const ORGANISER = 'org1';

/** Everything submitting asks for. Invitees p1..p3, units u1 and u2. */
const complete = (): MeetingDraft => ({
  title: 'Họp giao ban tháng 6',
  kind: 'regular',
  form: 'in_person',
  secret: false,
  language: 'vi',
  invitation: { number: '12/GM-UBND', text: 'Kính mời ...' },
  agenda: [
    { id: 'i1', title: 'Báo cáo tình hình', presenter: 'p1', minutes: 30 },
    { id: 'i2', title: 'Thảo luận' },
  ],
  startsAt: START,
  endsAt: END,
  roomId: 'room-1',
  chairId: 'chair',
  secretaryId: 'sec',
  approverId: 'boss',
  preparerId: 'prep',
  preparingUnitId: 'office',
  invitedUnits: ['u1', 'u2'],
  invitedPersons: ['p1', 'p2', 'p3'],
  supportStaff: ['tech'],
});

let clock = START - 10 * DAY;
const tick = () => (clock += MIN);

type Cmd = MeetingCommand extends infer C ? (C extends unknown ? Omit<C, 'at' | 'by'> : never) : never;

/** Live path: decide then apply, failing the test on a refusal. Keeps every event for replay tests. */
class Live {
  m: Meeting | null = null;
  readonly log: MeetingEvent[] = [];
  send(c: Cmd, by = ORGANISER, at = tick()): MeetingEvent[] {
    const d = decideMeeting(this.m, { ...c, at, by } as MeetingCommand, ROOM);
    if (!d.ok) throw new Error(`${c.type} refused: ${d.code} ${d.message}`);
    for (const e of d.events) {
      this.m = applyMeeting(this.m, e);
      this.log.push(e);
    }
    return d.events;
  }
  get meeting(): Meeting {
    if (!this.m) throw new Error('no meeting');
    return this.m;
  }
}

const notice = () => checkNotice('regular', START, clock, DEFAULT_NOTICE);

/** The steps that lead to each status from a fresh complete draft. */
const PATHS: Record<MeetingStatus, Cmd[]> = {
  draft: [],
  submitted: [{ type: 'submit' }],
  approved: [{ type: 'submit' }, { type: 'approve' }],
  returned: [{ type: 'submit' }, { type: 'return', reason: 'thiếu tài liệu' }],
  published: [{ type: 'submit' }, { type: 'approve' }, { type: 'publish', notice: notice() }],
  in_progress: [
    { type: 'submit' },
    { type: 'approve' },
    { type: 'publish', notice: notice() },
    { type: 'start' },
  ],
  paused: [
    { type: 'submit' },
    { type: 'approve' },
    { type: 'publish', notice: notice() },
    { type: 'start' },
    { type: 'pause' },
  ],
  ended: [
    { type: 'submit' },
    { type: 'approve' },
    { type: 'publish', notice: notice() },
    { type: 'start' },
    { type: 'end' },
  ],
  archived: [
    { type: 'submit' },
    { type: 'approve' },
    { type: 'publish', notice: notice() },
    { type: 'start' },
    { type: 'end' },
    { type: 'archive' },
  ],
  cancelled: [{ type: 'cancel', reason: 'lãnh đạo đi công tác' }],
};

function meetingIn(status: MeetingStatus, fields: MeetingDraft = complete()): Live {
  const live = new Live();
  live.send({ type: 'create', id: 'm1', fields });
  for (const c of PATHS[status]) live.send(c);
  expect(live.meeting.status).toBe(status);
  return live;
}

/** One valid command per step: whether it is accepted depends on the status alone. */
const STEP_COMMANDS: Record<MeetingStep, Cmd> = {
  update: { type: 'update', patch: { title: 'Họp giao ban (sửa)' } },
  submit: { type: 'submit' },
  approve: { type: 'approve' },
  return: { type: 'return', reason: 'xem lại chương trình' },
  publish: { type: 'publish', notice: { requiredMinutes: 4320, actualMinutes: 5000, late: false } },
  start: { type: 'start' },
  pause: { type: 'pause' },
  resume: { type: 'resume' },
  end: { type: 'end' },
  archive: { type: 'archive' },
  cancel: { type: 'cancel', reason: 'hoãn' },
  moveAgenda: { type: 'moveAgenda', itemId: 'i2' },
  answer: { type: 'answer', answer: 'attend' },
  answerForUnit: { type: 'answerForUnit', unitId: 'u1', attendeeId: 'a1' },
  assignSeat: { type: 'assignSeat', seat: 1, personId: 'chair' },
};

/** The process as the regulations describe it, written out independently of the implementation. */
const ALLOWED: Record<MeetingStep, MeetingStatus[]> = {
  update: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  return: ['submitted'],
  publish: ['approved'],
  start: ['published'],
  pause: ['in_progress'],
  resume: ['paused'],
  end: ['in_progress', 'paused'],
  archive: ['ended'],
  cancel: ['draft', 'submitted', 'approved', 'returned', 'published'],
  moveAgenda: ['in_progress', 'paused'],
  answer: ['published'],
  answerForUnit: ['published'],
  assignSeat: ['draft', 'submitted', 'approved', 'returned', 'published', 'in_progress', 'paused'],
};

const NEXT_STATUS: Partial<Record<MeetingStep, MeetingStatus>> = {
  submit: 'submitted',
  approve: 'approved',
  return: 'returned',
  publish: 'published',
  start: 'in_progress',
  pause: 'paused',
  resume: 'in_progress',
  end: 'ended',
  archive: 'archived',
  cancel: 'cancelled',
};

const WORDS: Partial<Record<MeetingStep, string>> = {
  moveAgenda: 'move the agenda of',
  answerForUnit: 'answer for a unit of',
  assignSeat: 'assign a seat in',
};

function decide(live: Live, c: Cmd, by = ORGANISER, at = clock + 1, ctx = ROOM) {
  return decideMeeting(live.m, { ...c, at, by } as MeetingCommand, ctx);
}

describe('R-MTG-2 the meeting process: every step from every status', () => {
  for (const status of MEETING_STATUSES) {
    for (const [step, command] of Object.entries(STEP_COMMANDS) as [MeetingStep, Cmd][]) {
      const allowed = ALLOWED[step].includes(status);
      it(`R-MTG-2 ${step} from ${status}: ${allowed ? 'allowed' : 'refused'}`, () => {
        const live = meetingIn(status);
        const by = step === 'answer' ? 'p1' : ORGANISER;
        const d = decide(live, command, by);
        if (!allowed) {
          expect(d).toEqual({
            ok: false,
            code: step === 'update' ? 'E_NOT_EDITABLE' : 'E_BAD_STATE',
            message: `cannot ${step === 'update' ? 'edit' : (WORDS[step] ?? step)} a meeting that is ${status}`,
          });
          return;
        }
        expect(d.ok, JSON.stringify(d)).toBe(true);
        if (!d.ok) return;
        expect(d.events.length).toBeGreaterThan(0);
        let m = live.meeting;
        for (const e of d.events) {
          expect(e.meetingId).toBe('m1');
          m = applyMeeting(m, e);
        }
        expect(m.status).toBe(NEXT_STATUS[step] ?? status);
      });
    }
  }

  it('R-MTG-2 the message names the status and the step', () => {
    const d = decide(meetingIn('draft'), { type: 'approve' });
    expect(d).toEqual({ ok: false, code: 'E_BAD_STATE', message: 'cannot approve a meeting that is draft' });
  });

  it('R-MTG-2 the record keeps who approved, who returned and why, when it was published', () => {
    const live = meetingIn('draft');
    live.send({ type: 'submit' }, ORGANISER, START - 9 * DAY);
    live.send({ type: 'return', reason: '  thiếu giấy mời  ' }, 'boss', START - 8 * DAY);
    expect(live.meeting.returned).toEqual({ by: 'boss', at: START - 8 * DAY, reason: 'thiếu giấy mời' });
    live.send({ type: 'update', patch: { invitation: { text: 'Kính mời (bản 2)' } } });
    live.send({ type: 'submit' }, ORGANISER, START - 7 * DAY);
    live.send({ type: 'approve' }, 'boss', START - 6 * DAY);
    const m = live.meeting;
    expect(m.submittedAt).toBe(START - 7 * DAY);
    expect(m.approval).toEqual({ by: 'boss', at: START - 6 * DAY });
    // The last return stays on the record after the resubmission.
    expect(m.returned?.reason).toBe('thiếu giấy mời');
    expect(m.organiserId).toBe(ORGANISER);
  });

  it('R-MTG-2 returning and cancelling need a reason; a blank one is refused', () => {
    const submitted = meetingIn('submitted');
    expect(decide(submitted, { type: 'return', reason: '   ' })).toMatchObject({
      ok: false,
      code: 'E_INVALID',
    });
    expect(decide(submitted, { type: 'return', reason: 'x'.repeat(1001) })).toMatchObject({
      code: 'E_INVALID',
    });
    expect(decide(submitted, { type: 'cancel', reason: '' })).toMatchObject({ ok: false, code: 'E_INVALID' });
    const live = meetingIn('published');
    live.send({ type: 'cancel', reason: 'bão' }, 'chair', START - DAY);
    expect(live.meeting.cancelled).toEqual({ by: 'chair', at: START - DAY, reason: 'bão' });
  });

  it('R-MTG-3 publishing records the notice check: late or in time', () => {
    const inTime = meetingIn('approved');
    inTime.send({ type: 'publish', notice: checkNotice('regular', START, START - 3 * DAY, DEFAULT_NOTICE) });
    expect(inTime.meeting.published?.late).toBeNull();
    const late = meetingIn('approved');
    const n = checkNotice('regular', START, START - DAY, DEFAULT_NOTICE);
    const [e] = late.send({ type: 'publish', notice: n }, ORGANISER, START - DAY);
    expect(e).toMatchObject({ type: 'meeting.published', notice: n });
    expect(late.meeting.published).toEqual({ at: START - DAY, late: n });
    expect(decide(meetingIn('approved'), { type: 'publish', notice: {} as never })).toMatchObject({
      code: 'E_INVALID',
    });
  });

  it('R-MTG-2 starting opens the first agenda item; pause, resume and end keep the times', () => {
    const live = meetingIn('published');
    live.send({ type: 'start' }, 'chair', START);
    expect(live.meeting).toMatchObject({ status: 'in_progress', startedAt: START, currentItem: 'i1' });
    live.send({ type: 'pause' }, 'chair', START + 10 * MIN);
    expect(live.meeting.pausedAt).toBe(START + 10 * MIN);
    live.send({ type: 'resume' }, 'chair', START + 20 * MIN);
    expect(live.meeting.status).toBe('in_progress');
    expect('pausedAt' in live.meeting).toBe(false);
    expect(live.meeting.currentItem).toBe('i1');
    live.send({ type: 'pause' }, 'chair', START + 30 * MIN);
    live.send({ type: 'end' }, 'chair', START + 40 * MIN);
    expect(live.meeting).toMatchObject({ status: 'ended', endedAt: START + 40 * MIN, currentItem: null });
    expect('pausedAt' in live.meeting).toBe(false);
  });

  it('R-MTG-2 the agenda moves to items that exist, or to none', () => {
    const live = meetingIn('in_progress');
    expect(decide(live, { type: 'moveAgenda', itemId: 'nope' })).toMatchObject({
      ok: false,
      code: 'E_UNKNOWN_ITEM',
    });
    live.send({ type: 'moveAgenda', itemId: 'i2' }, 'chair');
    expect(live.meeting.currentItem).toBe('i2');
    expect(decide(live, { type: 'moveAgenda', itemId: 'i2' })).toEqual({ ok: true, events: [] });
    live.send({ type: 'pause' }, 'chair');
    live.send({ type: 'moveAgenda', itemId: null }, 'chair');
    expect(live.meeting.currentItem).toBeNull();
  });

  it('a missing meeting, an existing id and bad actors are refused', () => {
    expect(decideMeeting(null, { type: 'approve', at: 1, by: 'boss' })).toMatchObject({
      code: 'E_NOT_FOUND',
    });
    const live = meetingIn('draft');
    expect(decide(live, { type: 'create', id: 'm1', fields: complete() })).toMatchObject({
      code: 'E_EXISTS',
    });
    expect(decide(live, { type: 'approve' }, 'not an id')).toMatchObject({ code: 'E_INVALID' });
    expect(decide(live, { type: 'approve' }, 'boss', -1)).toMatchObject({ code: 'E_INVALID' });
  });
});

describe('R-MTG-1 fields', () => {
  const create = (fields: unknown, id = 'm1') =>
    decideMeeting(null, { type: 'create', id, fields: fields as MeetingDraft, at: clock, by: ORGANISER });
  const minimal = (): MeetingDraft => ({ title: 'Họp', kind: 'ad_hoc', startsAt: START, endsAt: END });

  it('R-MTG-1 a draft needs only title, kind and times; defaults are filled in the event (R-MTG-4 not secret)', () => {
    const d = create(minimal());
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.events).toEqual([
      {
        type: 'meeting.created',
        meetingId: 'm1',
        at: clock,
        by: ORGANISER,
        fields: {
          ...minimal(),
          secret: false,
          language: 'vi',
          agenda: [],
          invitedUnits: [],
          invitedPersons: [],
          supportStaff: [],
        },
      },
    ]);
    const m = applyMeeting(null, d.events[0]!);
    expect(m).toMatchObject({
      id: 'm1',
      status: 'draft',
      organiserId: ORGANISER,
      currentItem: null,
      seats: {},
    });
  });

  it('R-MTG-4 the secret flag is kept as given', () => {
    const live = new Live();
    live.send({ type: 'create', id: 'm1', fields: { ...complete(), secret: true } });
    expect(live.meeting.fields.secret).toBe(true);
  });

  it.each([
    ['no title', { title: undefined }, 'required properties title'],
    ['a blank title', { title: '   ' }, '/title: must not be blank'],
    ['an end before the start', { endsAt: START }, '/endsAt: must be after startsAt'],
    ['an answer deadline after the start', { answerDeadline: START + 1 }, '/answerDeadline'],
    ['an unknown field', { colour: 'red' }, '/colour: unknown field'],
    ['a bad person id', { chairId: 'a b' }, '/chairId'],
    ['an invitee twice', { invitedPersons: ['p1', 'p1'] }, '/invitedPersons'],
    [
      'an agenda id twice',
      {
        agenda: [
          { id: 'a', title: 'x' },
          { id: 'a', title: 'y' },
        ],
      },
      'item id a',
    ],
    ['a title too long', { title: 'x'.repeat(301) }, '/title'],
    ['an agenda item of 0 minutes', { agenda: [{ id: 'a', title: 'x', minutes: 0 }] }, '/agenda/0/minutes'],
    ['a language other than vi/en', { language: 'fr' }, '/language'],
  ])('R-MTG-1 refuses %s', (_name, change, path) => {
    const d = create({ ...complete(), ...change });
    expect(d).toMatchObject({ ok: false, code: 'E_INVALID' });
    if (!d.ok) expect(d.message).toContain(path);
  });

  it('R-MTG-1 the answer deadline may be the start itself; meeting ids are checked', () => {
    expect(create({ ...complete(), answerDeadline: START }).ok).toBe(true);
    expect(create(complete(), '../m1')).toMatchObject({ code: 'E_INVALID' });
  });

  it('R-MTG-1 an edit records only what changed; null removes an optional field; no change, no event', () => {
    const live = meetingIn('draft', { ...complete(), location: 'Phòng 2', answerDeadline: START - DAY });
    const [e, ...rest] = live.send({
      type: 'update',
      patch: { title: 'Họp giao ban tháng 6', location: null, answerDeadline: null, kind: 'ad_hoc' },
    });
    expect(e).toMatchObject({
      type: 'meeting.updated',
      patch: { location: null, answerDeadline: null, kind: 'ad_hoc' },
    });
    expect(e && 'title' in (e as { patch: object }).patch).toBe(false);
    expect(rest).toEqual([]);
    expect(live.meeting.fields).not.toHaveProperty('location');
    expect(live.meeting.fields).not.toHaveProperty('answerDeadline');
    expect(live.meeting.fields.kind).toBe('ad_hoc');
    expect(decide(live, { type: 'update', patch: { kind: 'ad_hoc', location: null } })).toEqual({
      ok: true,
      events: [],
    });
  });

  it('R-MTG-1 an edit is checked against the whole meeting it makes', () => {
    const live = meetingIn('draft', { ...complete(), answerDeadline: START - DAY });
    expect(decide(live, { type: 'update', patch: { startsAt: START - 2 * DAY } })).toMatchObject({
      ok: false,
      code: 'E_INVALID',
      message: expect.stringContaining('/answerDeadline: must not be after startsAt'),
    });
    expect(decide(live, { type: 'update', patch: { title: null } as never })).toMatchObject({
      code: 'E_INVALID',
    });
    expect(decide(live, { type: 'update', patch: { extra: 1 } as never })).toMatchObject({
      code: 'E_INVALID',
    });
  });

  it('R-MTG-2 submitting lists everything still missing', () => {
    const live = new Live();
    live.send({ type: 'create', id: 'm1', fields: minimal() });
    expect(decide(live, { type: 'submit' })).toEqual({
      ok: false,
      code: 'E_INCOMPLETE',
      message:
        'cannot submit: missing form, roomId, invitation text, chairId, secretaryId, approverId, preparerId, ' +
        'preparingUnitId, agenda (at least one item), invitees (at least one unit or person)',
    });
    const { secretaryId: _s, approverId: _a, ...noSecretaryNoApprover } = complete();
    expect(missingForSubmit(noSecretaryNoApprover)).toEqual(['secretaryId', 'approverId']);
    expect(missingForSubmit({ ...complete(), invitation: { text: ' ' } })).toEqual(['invitation text']);
    expect(missingForSubmit({ ...complete(), agenda: [] })).toEqual(['agenda (at least one item)']);
  });

  it('R-MTG-2 submitting needs an invitee: a unit or a person is enough', () => {
    expect(missingForSubmit({ ...complete(), invitedUnits: [], invitedPersons: [] })).toEqual([
      'invitees (at least one unit or person)',
    ]);
    expect(missingForSubmit({ ...complete(), invitedPersons: [] })).toEqual([]);
    expect(missingForSubmit({ ...complete(), invitedUnits: [] })).toEqual([]);
    const live = new Live();
    live.send({ type: 'create', id: 'm1', fields: { ...complete(), secretaryId: undefined } });
    expect(decide(live, { type: 'submit' })).toEqual({
      ok: false,
      code: 'E_INCOMPLETE',
      message: 'cannot submit: missing secretaryId',
    });
    live.send({ type: 'update', patch: { secretaryId: 'sec' } });
    live.send({ type: 'submit' });
    expect(live.meeting.status).toBe('submitted');
  });
});

describe('R-ATT-1 answers', () => {
  const published = (fields: Partial<MeetingDraft> = {}) =>
    meetingIn('published', { ...complete(), ...fields });

  it('R-ATT-1 an invitee attends, sends a substitute or declines; the summary counts them', () => {
    const live = published();
    expect(answerSummary(live.meeting)).toEqual({
      attend: 0,
      substitute: 0,
      decline: 0,
      pending: 3,
      units: { named: 0, pending: 2 },
    });
    live.send({ type: 'answer', answer: 'attend' }, 'p1');
    live.send({ type: 'answer', answer: 'substitute', substituteId: 'd1', note: ' phó phòng ' }, 'p2');
    live.send({ type: 'answer', answer: 'decline', reason: ' đi công tác ' }, 'p3');
    live.send({ type: 'answerForUnit', unitId: 'u1', attendeeId: 'a1' }, 'u1-admin');
    const m = live.meeting;
    expect(m.answers.get('p2')).toEqual({
      answer: 'substitute',
      substituteId: 'd1',
      at: clock - 2 * MIN,
      note: 'phó phòng',
    });
    expect(m.answers.get('p3')).toEqual({ answer: 'decline', reason: 'đi công tác', at: clock - MIN });
    expect(m.unitAnswers.get('u1')).toEqual({ attendeeId: 'a1', by: 'u1-admin', at: clock });
    expect(answerSummary(m)).toEqual({
      attend: 1,
      substitute: 1,
      decline: 1,
      pending: 0,
      units: { named: 1, pending: 1 },
    });
  });

  it('R-ATT-1 a secretary records an answer for an invitee; the event says who did', () => {
    const live = published();
    const [e] = live.send({ type: 'answer', personId: 'p1', answer: 'decline', reason: 'ốm' }, 'sec');
    expect(e).toMatchObject({ type: 'meeting.answered', by: 'sec', personId: 'p1' });
  });

  it('R-ATT-1 answers are accepted exactly at the deadline and refused 1 ms after it', () => {
    const deadline = START - DAY;
    const live = published({ answerDeadline: deadline });
    expect(decide(live, { type: 'answer', answer: 'attend' }, 'p1', deadline).ok).toBe(true);
    expect(decide(live, { type: 'answer', answer: 'attend' }, 'p1', deadline + 1)).toEqual({
      ok: false,
      code: 'E_DEADLINE_PASSED',
      message: `answers closed at ${new Date(deadline).toISOString()}`,
    });
    const unit: Cmd = { type: 'answerForUnit', unitId: 'u1', attendeeId: 'a1' };
    expect(decide(live, unit, 'x', deadline).ok).toBe(true);
    expect(decide(live, unit, 'x', deadline + 1)).toMatchObject({ code: 'E_DEADLINE_PASSED' });
  });

  it('R-ATT-1 without an answer deadline, answers close at the start', () => {
    const live = published();
    expect(decide(live, { type: 'answer', answer: 'attend' }, 'p1', START).ok).toBe(true);
    expect(decide(live, { type: 'answer', answer: 'attend' }, 'p1', START + 1)).toMatchObject({
      code: 'E_DEADLINE_PASSED',
    });
  });

  it('R-ATT-1 only invited persons answer; the chair and the secretary attend by role', () => {
    const live = published();
    for (const who of ['chair', 'sec', 'stranger', 'tech']) {
      expect(decide(live, { type: 'answer', answer: 'attend' }, who)).toEqual({
        ok: false,
        code: 'E_NOT_INVITED',
        message: `${who} is not invited to this meeting`,
      });
    }
    expect(decide(live, { type: 'answerForUnit', unitId: 'u9', attendeeId: 'a1' })).toMatchObject({
      code: 'E_NOT_INVITED',
    });
  });

  it('R-ATT-1 a substitute is someone not yet taking part', () => {
    const live = published();
    live.send({ type: 'answer', answer: 'substitute', substituteId: 'd1' }, 'p1');
    live.send({ type: 'answerForUnit', unitId: 'u1', attendeeId: 'a1' });
    const sub = (substituteId: string) =>
      decide(live, { type: 'answer', answer: 'substitute', substituteId }, 'p2');
    expect(sub('p2')).toMatchObject({
      code: 'E_BAD_SUBSTITUTE',
      message: 'an invitee cannot stand in for themselves',
    });
    expect(sub('p3')).toMatchObject({
      code: 'E_BAD_SUBSTITUTE',
      message: 'p3 already takes part as an invitee',
    });
    expect(sub('d1')).toMatchObject({
      code: 'E_BAD_SUBSTITUTE',
      message: 'd1 already takes part as the substitute for p1',
    });
    expect(sub('chair')).toMatchObject({
      code: 'E_BAD_SUBSTITUTE',
      message: 'chair already takes part as the chair',
    });
    expect(sub('a1')).toMatchObject({
      code: 'E_BAD_SUBSTITUTE',
      message: 'a1 already takes part as the attendee for unit u1',
    });
    expect(sub('tech')).toMatchObject({ code: 'E_BAD_SUBSTITUTE' });
    expect(sub('bad id')).toMatchObject({ code: 'E_INVALID' });
    // Naming one's own substitute again is no conflict, and no new fact.
    expect(decide(live, { type: 'answer', answer: 'substitute', substituteId: 'd1' }, 'p1')).toEqual({
      ok: true,
      events: [],
    });
  });

  it('R-ATT-1 a unit’s attendee is someone not yet taking part; the unit may name another', () => {
    const live = published();
    live.send({ type: 'answer', answer: 'substitute', substituteId: 'd1' }, 'p1');
    const name = (attendeeId: string, unitId = 'u1') =>
      decide(live, { type: 'answerForUnit', unitId, attendeeId });
    expect(name('p2')).toMatchObject({ code: 'E_BAD_ATTENDEE' });
    expect(name('d1')).toMatchObject({ code: 'E_BAD_ATTENDEE' });
    live.send({ type: 'answerForUnit', unitId: 'u1', attendeeId: 'a1' });
    expect(name('a1', 'u2')).toMatchObject({
      code: 'E_BAD_ATTENDEE',
      message: 'a1 already takes part as the attendee for unit u1',
    });
    expect(name('a1')).toEqual({ ok: true, events: [] });
    live.send({ type: 'answerForUnit', unitId: 'u1', attendeeId: 'a2' });
    expect(live.meeting.unitAnswers.get('u1')?.attendeeId).toBe('a2');
    expect(roleOf(live.meeting, 'a1').has('delegate')).toBe(false);
    expect(roleOf(live.meeting, 'a2').has('delegate')).toBe(true);
  });

  it('R-ATT-1 a decline needs a reason of 1..500 characters', () => {
    const live = published();
    const decline = (reason: string) => decide(live, { type: 'answer', answer: 'decline', reason }, 'p1');
    expect(decline('  ')).toMatchObject({ code: 'E_INVALID', message: 'a reason is required' });
    expect(decline('x'.repeat(501))).toMatchObject({ code: 'E_INVALID' });
    expect(decline('x'.repeat(500)).ok).toBe(true);
  });

  it('R-ATT-1 a declining invitee is nobody’s delegate and leaves the seat empty', () => {
    const live = published();
    live.send({ type: 'assignSeat', seat: 3, personId: 'p3' });
    live.send({ type: 'answer', answer: 'decline', reason: 'ốm' }, 'p3');
    const m = live.meeting;
    expect(effectivePerson(m, 'p3')).toBeNull();
    expect(roleOf(m, 'p3').has('delegate')).toBe(false);
    expect(personAtSeat(m, 3)).toBeNull();
    expect(seatOfPerson(m, 'p3')).toBeNull();
    // The seat stays reserved: p3 may still change their mind before the deadline.
    expect(m.seats[3]).toBe('p3');
  });

  it('R-ATT-1 re-answering before the deadline replaces the answer; the seat follows who comes', () => {
    const live = published();
    live.send({ type: 'assignSeat', seat: 2, personId: 'p1' });
    live.send({ type: 'answer', answer: 'attend' }, 'p1');
    expect(personAtSeat(live.meeting, 2)).toBe('p1');
    live.send({ type: 'answer', answer: 'substitute', substituteId: 'd1' }, 'p1');
    expect(personAtSeat(live.meeting, 2)).toBe('d1');
    live.send({ type: 'answer', answer: 'substitute', substituteId: 'd2' }, 'p1');
    expect(personAtSeat(live.meeting, 2)).toBe('d2');
    expect(seatOfPerson(live.meeting, 'd1')).toBeNull();
    expect(roleOf(live.meeting, 'd1').size).toBe(0);
    live.send({ type: 'answer', answer: 'decline', reason: 'bận' }, 'p1');
    expect(personAtSeat(live.meeting, 2)).toBeNull();
    live.send({ type: 'answer', answer: 'attend' }, 'p1');
    expect(personAtSeat(live.meeting, 2)).toBe('p1');
    expect(seatOfPerson(live.meeting, 'p1')).toBe(2);
    expect(answerSummary(live.meeting)).toMatchObject({ attend: 1, pending: 2 });
    // The same answer again records nothing.
    expect(decide(live, { type: 'answer', answer: 'attend' }, 'p1')).toEqual({ ok: true, events: [] });
  });
});

describe('R-ATT-1 substitutes, roles and seats', () => {
  it('R-ATT-1 the substitute gets the seat and the rights of the invitee', () => {
    const live = meetingIn('published');
    live.send({ type: 'assignSeat', seat: 4, personId: 'p2' });
    live.send({ type: 'answer', answer: 'substitute', substituteId: 'd1' }, 'p2');
    const m = live.meeting;
    expect(effectivePerson(m, 'p2')).toBe('d1');
    expect(personAtSeat(m, 4)).toBe('d1');
    expect(seatOfPerson(m, 'd1')).toBe(4);
    expect(seatOfPerson(m, 'p2')).toBeNull();
    expect([...roleOf(m, 'd1')]).toEqual(['delegate']);
    expect(roleOf(m, 'p2').has('delegate')).toBe(false);
  });

  it('R-ATT-1 seating a substitute seats them in the invitee’s place', () => {
    const live = meetingIn('published');
    live.send({ type: 'answer', answer: 'substitute', substituteId: 'd1' }, 'p2');
    const [e] = live.send({ type: 'assignSeat', seat: 5, personId: 'd1' }, 'sec');
    expect(e).toMatchObject({ type: 'meeting.seat_assigned', seat: 5, personId: 'p2' });
    expect(seatOfPerson(live.meeting, 'd1')).toBe(5);
  });

  it('R-ROLE-4 roles: organiser (registrar or preparer), chair, secretary, approver, delegate, support', () => {
    const live = meetingIn('published', { ...complete(), invitedPersons: ['p1', 'boss'] });
    const m = live.meeting;
    const roles = (p: string) => [...roleOf(m, p)].sort();
    expect(roles(ORGANISER)).toEqual(['organiser']);
    expect(roles('prep')).toEqual(['organiser']);
    expect(roles('chair')).toEqual(['chair']);
    expect(roles('sec')).toEqual(['secretary']);
    expect(roles('boss')).toEqual(['approver', 'delegate']);
    expect(roles('p1')).toEqual(['delegate']);
    expect(roles('tech')).toEqual(['support']);
    expect(roles('stranger')).toEqual([]);
  });

  it('R-MTG-1 participants: chair, secretary, invitees with their substitutes, unit attendees, support', () => {
    const live = meetingIn('published');
    live.send({ type: 'answer', answer: 'substitute', substituteId: 'd1' }, 'p2');
    live.send({ type: 'answer', answer: 'decline', reason: 'ốm' }, 'p3');
    live.send({ type: 'answerForUnit', unitId: 'u2', attendeeId: 'a2' });
    expect(participants(live.meeting)).toEqual([
      { personId: 'chair', role: 'chair' },
      { personId: 'sec', role: 'secretary' },
      { personId: 'p1', role: 'invitee' },
      { personId: 'p2', role: 'invitee' },
      { personId: 'd1', role: 'substitute', substituteFor: 'p2' },
      { personId: 'p3', role: 'invitee' },
      { personId: 'a2', role: 'unit_attendee', unitId: 'u2' },
      { personId: 'tech', role: 'support' },
    ]);
  });

  it('R-MTG-1 seats: a person holds one seat, assigning moves them, a seat holds one person', () => {
    const live = meetingIn('draft');
    live.send({ type: 'assignSeat', seat: 1, personId: 'chair' });
    live.send({ type: 'assignSeat', seat: 2, personId: 'p1' });
    live.send({ type: 'assignSeat', seat: 3, personId: 'p1' });
    expect(live.meeting.seats).toEqual({ 1: 'chair', 3: 'p1' });
    live.send({ type: 'assignSeat', seat: 3, personId: 'p2' });
    expect(live.meeting.seats).toEqual({ 1: 'chair', 3: 'p2' });
    expect(seatOfPerson(live.meeting, 'p1')).toBeNull();
    live.send({ type: 'assignSeat', seat: 1, personId: null });
    expect(live.meeting.seats).toEqual({ 3: 'p2' });
    expect(decide(live, { type: 'assignSeat', seat: 1, personId: null })).toEqual({ ok: true, events: [] });
    expect(decide(live, { type: 'assignSeat', seat: 3, personId: 'p2' })).toEqual({ ok: true, events: [] });
  });

  it('R-MTG-1 seats outside the room’s seat plan are refused', () => {
    const live = meetingIn('draft');
    const seat = (n: number, ctx?: MeetingContext) =>
      decideMeeting(live.m, { type: 'assignSeat', seat: n, personId: 'p1', at: clock, by: ORGANISER }, ctx);
    expect(seat(99, ROOM)).toEqual({
      ok: false,
      code: 'E_UNKNOWN_SEAT',
      message: "seat 99 is not in the room's seat plan",
    });
    expect(seat(1.5, ROOM)).toMatchObject({ code: 'E_UNKNOWN_SEAT' });
    expect(seat(1)).toMatchObject({ code: 'E_UNKNOWN_SEAT' });
  });

  it('R-MTG-1 only participants get a seat; support staff and strangers do not', () => {
    const live = meetingIn('published');
    for (const who of ['tech', 'stranger', 'boss', 'prep']) {
      expect(decide(live, { type: 'assignSeat', seat: 1, personId: who })).toMatchObject({
        ok: false,
        code: 'E_NOT_PARTICIPANT',
      });
    }
    live.send({ type: 'answerForUnit', unitId: 'u1', attendeeId: 'a1' });
    live.send({ type: 'assignSeat', seat: 6, personId: 'a1' });
    expect(seatOfPerson(live.meeting, 'a1')).toBe(6);
    // The unit sends someone else: the seat planned for its delegate goes with it.
    live.send({ type: 'answerForUnit', unitId: 'u1', attendeeId: 'a2' });
    expect(live.meeting.seats[6]).toBe('a2');
    expect(seatOfPerson(live.meeting, 'a1')).toBeNull();
  });

  it('R-MTG-1 an edit frees the seats of people it removes, and all seats when the room changes', () => {
    const live = meetingIn('draft');
    live.send({ type: 'assignSeat', seat: 1, personId: 'chair' });
    live.send({ type: 'assignSeat', seat: 2, personId: 'p1' });
    live.send({ type: 'assignSeat', seat: 3, personId: 'p2' });
    const events = live.send({ type: 'update', patch: { invitedPersons: ['p2', 'p3'] } });
    expect(events.map((e) => e.type)).toEqual(['meeting.updated', 'meeting.seat_assigned']);
    expect(events[1]).toMatchObject({ seat: 2, personId: null });
    expect(live.meeting.seats).toEqual({ 1: 'chair', 3: 'p2' });
    live.send({ type: 'update', patch: { roomId: 'room-2' } });
    expect(live.meeting.seats).toEqual({});
  });
});

describe('the event log', () => {
  it('R-MTG-2 replaying the JSON-stored events gives the same meeting as the live path', () => {
    const live = new Live();
    live.send({ type: 'create', id: 'm1', fields: { ...complete(), location: 'Hội trường A' } });
    live.send({ type: 'assignSeat', seat: 1, personId: 'chair' });
    live.send({ type: 'assignSeat', seat: 2, personId: 'p1' });
    live.send({ type: 'update', patch: { location: null, invitedPersons: ['p2', 'p3'] } });
    live.send({ type: 'submit' });
    live.send({ type: 'return', reason: 'bổ sung' }, 'boss');
    live.send({ type: 'update', patch: { answerDeadline: START - DAY } });
    live.send({ type: 'submit' });
    live.send({ type: 'approve' }, 'boss');
    live.send({ type: 'publish', notice: checkNotice('regular', START, clock, DEFAULT_NOTICE) });
    live.send({ type: 'assignSeat', seat: 3, personId: 'p2' });
    live.send({ type: 'answer', answer: 'substitute', substituteId: 'd1', note: 'phó' }, 'p2');
    live.send({ type: 'answer', answer: 'decline', reason: 'ốm' }, 'p3');
    live.send({ type: 'answerForUnit', unitId: 'u1', attendeeId: 'a1' });
    live.send({ type: 'assignSeat', seat: 4, personId: 'a1' });
    live.send({ type: 'answerForUnit', unitId: 'u1', attendeeId: 'a2' });
    live.send({ type: 'start' }, 'chair', START);
    live.send({ type: 'moveAgenda', itemId: 'i2' }, 'chair');
    live.send({ type: 'pause' }, 'chair');
    live.send({ type: 'resume' }, 'chair');
    live.send({ type: 'end' }, 'chair');
    live.send({ type: 'archive' });

    const stored: MeetingEvent[] = JSON.parse(JSON.stringify(live.log));
    expect(stored).toEqual(live.log);
    const replayed = stored.reduce<Meeting | null>((m, e) => applyMeeting(m, e), null);
    expect(replayed).toEqual(live.meeting);
    // Derived views agree too (Maps compare by content above; here the helpers on top of them).
    expect(participants(replayed!)).toEqual(participants(live.meeting));
    expect(personAtSeat(replayed!, 3)).toBe('d1');
    expect(replayed!.seats).toEqual({ 1: 'chair', 3: 'p2', 4: 'a2' });
  });

  it('an event for a meeting that was never created is a broken log', () => {
    expect(() => applyMeeting(null, { type: 'meeting.approved', meetingId: 'x', at: 1, by: 'boss' })).toThrow(
      /before it was created/,
    );
  });
});
