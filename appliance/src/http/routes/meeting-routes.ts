// Meetings over HTTP (issue 4, R-MTG-*, R-ATT-1, R-ROOM-1): register, edit, submit, approve or
// return, publish (with the notice check, R-MTG-3), cancel; in the room start, pause, resume, end
// and move through the agenda; invitations answered by invitees and invited units; the seat plan.
// Who may do which step is the permission table's (the meeting's own roles); which step a meeting
// can take now is the domain's. Every step is an event in the log with its actor.
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  AnswerInputSchema,
  answerDeadlineOf,
  answerSummary,
  type Meeting,
  MeetingDraftSchema,
  MeetingPatchSchema,
  type MeetingStep,
  missingForSubmit,
  participants,
  personAtSeat,
  ReasonSchema,
} from '../../domain/meeting.ts';
import { checkNotice } from '../../domain/notice.ts';
import type { MeetingRequest, MeetingResult, MeetingService } from '../../meetings/meeting-service.ts';
import type { FastifyTypebox, RouteConfigAccess } from '../app-types.ts';
import { ErrorBody } from '../errors.ts';
import type { Action } from '../permissions.ts';
import type { AuditSearch } from './audit-routes.ts';
import { Id } from './people-routes.ts';

const access = (a: RouteConfigAccess) => ({ access: a });
const Refused = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const MeetingParam = Type.Object({ meetingId: Id }, { additionalProperties: false });
const Loose = Type.Object({}, { additionalProperties: true });
const NO_MEETING = { error: { code: 'E_NOT_FOUND', message: 'no such meeting' } };
const Empty = Type.Optional(Type.Object({}, { additionalProperties: false }));

const STATUS: Record<string, number> = {
  E_NOT_FOUND: 404,
  E_INVALID: 400,
  E_BAD_REFERENCE: 400,
  E_BAD_SUBSTITUTE: 400,
  E_BAD_ATTENDEE: 400,
  E_NOT_PARTICIPANT: 400,
  E_UNKNOWN_SEAT: 404,
  E_UNKNOWN_ITEM: 404,
  E_NOT_INVITED: 403,
};

/** Steps without a body, the action that allows each, and what it means for OpenAPI. */
const STEPS: [MeetingStep, Action, string][] = [
  ['submit', 'meeting.prepare', 'Submit for approval (R-MTG-2); refused while fields are missing'],
  ['approve', 'meeting.approve', 'Approve a submitted meeting (the meeting’s approver)'],
  [
    'publish',
    'meeting.prepare',
    'Send the invitation out; a late notice (R-MTG-3) is warned about and recorded',
  ],
  ['start', 'meeting.run', 'The chair opens the meeting in the room: roll call starts afresh'],
  ['pause', 'meeting.run', 'Pause the meeting'],
  ['resume', 'meeting.run', 'Resume a paused meeting'],
  ['end', 'meeting.run', 'End the meeting: an open vote closes, every microphone goes off'],
  ['archive', 'meeting.archive', 'Archive an ended meeting'],
];

/** The steps a meeting's timeline shows (answers and seats have their own lists). */
/** Steps every participant sees on the timeline. */
const PUBLIC_STEPS = new Set([
  'meeting.published',
  'meeting.started',
  'meeting.paused',
  'meeting.resumed',
  'meeting.ended',
  'meeting.archived',
  'meeting.cancelled',
]);

const TIMELINE = new Set([
  'meeting.created',
  'meeting.submitted',
  'meeting.approved',
  'meeting.returned',
  'meeting.published',
  'meeting.started',
  'meeting.paused',
  'meeting.resumed',
  'meeting.ended',
  'meeting.archived',
  'meeting.cancelled',
]);

export function meetingRoutes(app: FastifyTypebox, meetings: MeetingService, search: AuditSearch): void {
  const { directory } = app.people;
  const personId = (req: FastifyRequest) =>
    req.principal.role === 'person' ? req.principal.person.id : null;
  const isAdmin = (req: FastifyRequest) =>
    req.principal.role === 'person' && req.principal.person.roles.includes('sysadmin');

  const send = (
    reply: FastifyReply,
    r: MeetingResult,
    req: FastifyRequest,
    extra: Record<string, unknown> = {},
  ) => {
    if (!r.ok) return reply.code(STATUS[r.code] ?? 409).send({ error: { code: r.code, message: r.message } });
    return { ...withHistory(r.meeting, req), ...extra };
  };

  /**
   * The meeting with its timeline. Those preparing or running it see every step; participants see
   * what concerns them (published, started, …, cancelled with its reason), not the approval's
   * back-and-forth, which is internal to the office that prepares the meeting.
   */
  const withHistory = (m: Meeting, req: FastifyRequest) => {
    const v = view(m, req);
    const all = seesAll(m, req);
    const history = search({ meetingId: m.id, types: ['meeting.'], limit: 10_000 })
      .filter((e) => TIMELINE.has(e.type) && (all || PUBLIC_STEPS.has(e.type)))
      .reverse()
      .map((e) => {
        const by = e.actor.startsWith('person:') ? e.actor.slice(7) : null;
        const p = e.payload as { reason?: string; notice?: { late: boolean } };
        return {
          type: e.type,
          at: e.at,
          by,
          name: by ? (directory.person(by)?.fullName ?? null) : null,
          ...(p.reason ? { reason: p.reason } : {}),
          ...(p.notice ? { notice: p.notice } : {}),
        };
      });
    return { ...v, history };
  };

  /** Persons and units a meeting names must exist (and persons be active): typos fail early. */
  const badReferences = (f: Record<string, unknown>) => {
    const problems: string[] = [];
    const person = (id: unknown, path: string) => {
      if (typeof id !== 'string') return;
      const p = directory.person(id);
      if (!p) problems.push(`${path}: no person ${id}`);
      else if (!p.active) problems.push(`${path}: ${p.fullName} is deactivated`);
    };
    for (const k of ['chairId', 'secretaryId', 'approverId', 'preparerId'] as const) person(f[k], `/${k}`);
    for (const k of ['invitedPersons', 'supportStaff'] as const) {
      for (const [i, id] of ((f[k] as string[] | undefined) ?? []).entries()) person(id, `/${k}/${i}`);
    }
    for (const [i, a] of ((f.agenda as { presenter?: string }[] | undefined) ?? []).entries()) {
      person(a.presenter, `/agenda/${i}/presenter`);
    }
    const unit = (id: unknown, path: string) => {
      if (typeof id === 'string' && !directory.unit(id)) problems.push(`${path}: no unit ${id}`);
    };
    unit(f.preparingUnitId, '/preparingUnitId');
    for (const [i, id] of ((f.invitedUnits as string[] | undefined) ?? []).entries())
      unit(id, `/invitedUnits/${i}`);
    return problems.length ? { error: { code: 'E_BAD_REFERENCE', message: problems.join('; ') } } : null;
  };

  const rolesIn = (m: Meeting, req: FastifyRequest): ReadonlySet<string> => {
    const me = personId(req);
    return me ? (meetings.rolesOf(m.id, me) ?? new Set()) : new Set();
  };
  /** Those preparing or running the meeting (and system administrators) see all of it. */
  const seesAll = (m: Meeting, req: FastifyRequest) => {
    const roles = rolesIn(m, req);
    return isAdmin(req) || ['organiser', 'chair', 'secretary', 'approver'].some((r) => roles.has(r));
  };

  /** What a caller sees of a meeting: everything for those preparing or running it, else their own answer. */
  const view = (m: Meeting, req: FastifyRequest) => {
    const me = personId(req);
    const roles = rolesIn(m, req);
    const full = seesAll(m, req);
    const myUnit = req.principal.role === 'person' ? req.principal.person.unitId : null;
    const name = (id: string | null | undefined) => (id ? (directory.person(id)?.fullName ?? null) : null);
    const answers = Object.fromEntries(
      [...m.answers]
        .filter(([pid]) => full || pid === me)
        .map(([pid, a]) => [pid, { ...a, name: name(pid) }]),
    );
    const f = m.fields;
    const now = Date.now();
    return {
      id: m.id,
      status: m.status,
      fields: f,
      organiserId: m.organiserId,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      submittedAt: m.submittedAt ?? null,
      approval: m.approval ?? null,
      returned: m.returned ?? null,
      published: m.published ?? null,
      startedAt: m.startedAt ?? null,
      endedAt: m.endedAt ?? null,
      pausedAt: m.pausedAt ?? null,
      cancelled: m.cancelled ?? null,
      currentItem: m.currentItem,
      answerDeadline: answerDeadlineOf(f),
      answersOpen: m.status === 'published' && now <= answerDeadlineOf(f),
      myRoles: [...roles],
      names: Object.fromEntries(
        [
          f.chairId,
          f.secretaryId,
          f.approverId,
          f.preparerId,
          m.organiserId,
          ...(f.invitedPersons ?? []),
          ...(f.supportStaff ?? []),
          ...participants(m).map((p) => p.personId),
        ]
          .filter((x): x is string => typeof x === 'string')
          .map((id) => [id, name(id)]),
      ),
      unitNames: Object.fromEntries(
        [f.preparingUnitId, ...(f.invitedUnits ?? [])]
          .filter((x): x is string => typeof x === 'string')
          .map((id) => [id, directory.unit(id)?.name ?? null]),
      ),
      answers,
      // An invited unit's administrator sees whom their own unit sends.
      unitAnswers: Object.fromEntries(
        [...m.unitAnswers].filter(([unitId]) => full || (roles.has('unit_admin') && unitId === myUnit)),
      ),
      summary: full ? answerSummary(m) : null,
      seats: Object.entries(m.seats).map(([seat, holder]) => ({
        seat: Number(seat),
        holderId: holder,
        personId: personAtSeat(m, Number(seat)),
        name: name(personAtSeat(m, Number(seat))),
      })),
      missing: m.status === 'draft' || m.status === 'returned' ? missingForSubmit(f) : [],
      /** What publishing now would say (R-MTG-3), so the organiser sees a late notice before sending. */
      noticeNow: m.status === 'approved' ? checkNotice(f.kind, f.startsAt, now, meetings.notice) : null,
    };
  };

  app.get(
    '/api/meetings',
    {
      config: access({ action: 'meeting.list' }),
      schema: {
        tags: ['meetings'],
        summary: 'The meetings I take part in (all of them for a system administrator), newest first',
        querystring: Type.Object(
          { status: Type.Optional(Type.String({ pattern: '^[a-z_]{1,20}(,[a-z_]{1,20}){0,9}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Loose), ...Refused },
      },
    },
    async (req) => {
      const wanted = req.query.status?.split(',');
      return meetings
        .visibleTo(personId(req)!, isAdmin(req))
        .filter((m) => !wanted || wanted.includes(m.status))
        .map((m) => view(m, req));
    },
  );

  app.post(
    '/api/meetings',
    {
      config: access({ action: 'meeting.create' }),
      schema: {
        tags: ['meetings'],
        summary: 'Register a meeting (a draft: only title, kind and times are needed yet)',
        body: MeetingDraftSchema,
        response: { 201: Loose, ...Refused },
      },
    },
    async (req, reply) => {
      const bad = badReferences(req.body as Record<string, unknown>);
      if (bad) return reply.code(400).send(bad);
      const r = await meetings.create(personId(req)!, { roomId: meetings.roomId, ...req.body });
      if (!r.ok) return send(reply, r, req);
      return reply.code(201).send(view(r.meeting, req));
    },
  );

  app.get(
    '/api/meetings/:meetingId',
    {
      config: access({ action: 'meeting.read' }),
      schema: {
        tags: ['meetings'],
        summary: 'One meeting, with the timeline of its steps (every submission, return and approval)',
        params: MeetingParam,
        response: { 200: Loose, ...Refused },
      },
    },
    async (req, reply) => {
      const m = meetings.get(req.params.meetingId);
      if (!m) return reply.code(404).send(NO_MEETING);
      return withHistory(m, req);
    },
  );

  const step = (req: FastifyRequest<{ Params: { meetingId: string } }>, request: Record<string, unknown>) =>
    meetings.dispatch(req.params.meetingId, { ...request, by: personId(req)! } as MeetingRequest);

  app.patch(
    '/api/meetings/:meetingId',
    {
      config: access({ action: 'meeting.prepare' }),
      schema: {
        tags: ['meetings'],
        summary: 'Edit a draft or returned meeting (only the fields sent; null removes an optional one)',
        params: MeetingParam,
        body: MeetingPatchSchema,
        response: { 200: Loose, ...Refused },
      },
    },
    async (req, reply) => {
      const bad = badReferences(req.body as Record<string, unknown>);
      if (bad) return reply.code(400).send(bad);
      return send(reply, await step(req, { type: 'update', patch: req.body }), req);
    },
  );

  for (const [name, action, summary] of STEPS) {
    app.post(
      `/api/meetings/:meetingId/${name}`,
      {
        config: access({ action }),
        schema: {
          tags: ['meetings'],
          summary,
          params: MeetingParam,
          body: Empty,
          response: { 200: Loose, ...Refused },
        },
      },
      async (req, reply) => {
        const r = await step(req, { type: name });
        if (name === 'publish' && r.ok && r.meeting.published?.late) {
          const late = r.meeting.published.late;
          return send(reply, r, req, {
            warning: {
              code: 'W_LATE_NOTICE',
              message: `published ${late.actualMinutes} min before the start; ${late.requiredMinutes} min are required for this kind of meeting`,
              ...late,
            },
          });
        }
        return send(reply, r, req);
      },
    );
  }

  for (const [name, action, summary] of [
    ['return', 'meeting.approve', 'Return a submitted meeting to its organiser, with the reason'],
    ['cancel', 'meeting.cancel', 'Cancel a meeting before it starts, with the reason'],
  ] as const) {
    app.post(
      `/api/meetings/:meetingId/${name}`,
      {
        config: access({ action }),
        schema: {
          tags: ['meetings'],
          summary,
          params: MeetingParam,
          body: Type.Object({ reason: ReasonSchema }, { additionalProperties: false }),
          response: { 200: Loose, ...Refused },
        },
      },
      async (req, reply) => send(reply, await step(req, { type: name, reason: req.body.reason }), req),
    );
  }

  app.post(
    '/api/meetings/:meetingId/agenda',
    {
      config: access({ action: 'meeting.run' }),
      schema: {
        tags: ['meetings'],
        summary: 'Move to an agenda item (null: between items)',
        params: MeetingParam,
        body: Type.Object({ itemId: Type.Union([Id, Type.Null()]) }, { additionalProperties: false }),
        response: { 200: Loose, ...Refused },
      },
    },
    async (req, reply) => send(reply, await step(req, { type: 'moveAgenda', itemId: req.body.itemId }), req),
  );

  app.put(
    '/api/meetings/:meetingId/answer',
    {
      config: access({ action: 'meeting.answer' }),
      schema: {
        tags: ['meetings'],
        summary:
          'Answer my invitation (R-ATT-1): attend, send a substitute (naming them), or decline with a reason',
        params: MeetingParam,
        body: AnswerInputSchema,
        response: { 200: Loose, ...Refused },
      },
    },
    async (req, reply) => {
      const body = req.body;
      if (body.answer === 'substitute') {
        const s = directory.person(body.substituteId);
        if (!s?.active) {
          return reply
            .code(400)
            .send({ error: { code: 'E_BAD_SUBSTITUTE', message: `no active person ${body.substituteId}` } });
        }
      }
      return send(reply, await step(req, { type: 'answer', ...body }), req);
    },
  );

  app.put(
    '/api/meetings/:meetingId/units/:unitId/answer',
    {
      config: access({
        action: 'meeting.answer_unit',
        unit: (req) => (req.params as { unitId: string }).unitId,
      }),
      schema: {
        tags: ['meetings'],
        summary: 'An invited unit names who attends for it (that unit’s administrator)',
        params: Type.Object({ meetingId: Id, unitId: Id }, { additionalProperties: false }),
        body: Type.Object({ attendeeId: Id }, { additionalProperties: false }),
        response: { 200: Loose, ...Refused },
      },
    },
    async (req, reply) => {
      const a = directory.person(req.body.attendeeId);
      if (!a?.active || a.unitId !== req.params.unitId) {
        return reply.code(400).send({
          error: { code: 'E_BAD_ATTENDEE', message: 'the attendee must be an active person of that unit' },
        });
      }
      return send(
        reply,
        await step(req, {
          type: 'answerForUnit',
          unitId: req.params.unitId,
          attendeeId: req.body.attendeeId,
        }),
        req,
      );
    },
  );

  app.put(
    '/api/meetings/:meetingId/seats/:seat',
    {
      config: access({ action: 'meeting.seat_plan' }),
      schema: {
        tags: ['meetings'],
        summary: 'Seat a participant for this meeting (null frees the seat); their unit shows their name',
        params: Type.Object(
          { meetingId: Id, seat: Type.Integer({ minimum: 1, maximum: 65535 }) },
          { additionalProperties: false },
        ),
        body: Type.Object({ personId: Type.Union([Id, Type.Null()]) }, { additionalProperties: false }),
        response: { 200: Loose, ...Refused },
      },
    },
    async (req, reply) =>
      send(
        reply,
        await step(req, { type: 'assignSeat', seat: req.params.seat, personId: req.body.personId }),
        req,
      ),
  );

  app.get(
    '/api/meetings/:meetingId/attendance',
    {
      config: access({ action: 'meeting.read' }),
      schema: {
        tags: ['meetings'],
        summary: 'Who is expected, who came, who sent whom (R-ATT-2): live while the meeting runs',
        params: MeetingParam,
        response: { 200: Type.Array(Loose), ...Refused },
      },
    },
    async (req, reply) => {
      const m = meetings.get(req.params.meetingId);
      if (!m) return reply.code(404).send(NO_MEETING);
      return attendance(m, meetings, app.room.state.present, directory);
    },
  );
}

/** One row per participant: role, answer, seat, present (seat units, tablets, secretary). */
export function attendance(
  m: Meeting,
  meetings: MeetingService,
  present: ReadonlySet<number>,
  directory: { person(id: string): { fullName: string } | null },
) {
  const live = meetings.currentId() === m.id;
  return participants(m).map((p) => {
    const seat = meetings.seatOf(m.id, p.personId) ?? null;
    const answer = m.answers.get(p.personId) ?? null;
    return {
      personId: p.personId,
      name: directory.person(p.personId)?.fullName ?? null,
      role: p.role,
      substituteFor: p.substituteFor ?? null,
      unitId: p.unitId ?? null,
      answer: answer?.answer ?? null,
      seat,
      present: live && seat !== null ? present.has(seat) : null,
    };
  });
}
