// A meeting from registration to archive: fields, approval, publication, the day itself, invitees'
// answers and the seat plan. R-MTG-1..5, R-ATT-1. Pure: no I/O, no clock; time comes in.
// (meeting | null, command) → events | error; (meeting | null, event) → meeting.
//
// Who may send which command is not decided here: the HTTP layer's permission table does that. The
// domain keeps the meeting consistent: which step is possible in which status, and which data is.
// Events are plain JSON (the event log stores them and re-applies them after a restart), so each
// one carries everything `applyMeeting` needs: meeting id, time and actor included.

import { schemaProblems } from '@room/bridge/runtime/schema-errors.ts';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { Decision } from './floor.ts';
import type { NoticeResult } from './notice.ts';

// ---------------------------------------------------------------------------------------------------
// Fields (R-MTG-1): TypeBox schemas, so the HTTP layer uses the very same ones as route bodies.

export const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
const ID_RE = new RegExp(ID_PATTERN);
export const IdSchema = Type.String({ pattern: ID_PATTERN, maxLength: 64 });

export const MEETING_KINDS = ['regular', 'ad_hoc', 'emergency'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_FORMS = ['in_person', 'online', 'hybrid'] as const;
export type MeetingForm = (typeof MEETING_FORMS)[number];
export const MEETING_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'returned',
  'published',
  'in_progress',
  'paused',
  'ended',
  'archived',
  'cancelled',
] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_LANGUAGES = ['vi', 'en'] as const;
export type MeetingLanguage = (typeof MEETING_LANGUAGES)[number];

const Title = Type.String({ minLength: 1, maxLength: 300 });
const Time = Type.Integer({ minimum: 0, description: 'ms since the epoch' });
const Kind = Type.Enum(MEETING_KINDS);
const Form = Type.Enum(MEETING_FORMS);
const Secret = Type.Boolean({ description: '"Mật" (R-MTG-4): no secret documents uploaded, no recording' });
const Language = Type.Enum(MEETING_LANGUAGES, { default: 'vi', description: 'the transcription language' });
const Location = Type.String({ maxLength: 300, description: 'a place, or for online/hybrid the link' });

/** Giấy mời. */
export const InvitationSchema = Type.Object(
  {
    /** The invitation's document number ("Số: 123/GM-UBND"). */
    number: Type.Optional(Type.String({ maxLength: 60 })),
    text: Type.String({ maxLength: 20000 }),
  },
  { additionalProperties: false },
);
export type Invitation = Type.Static<typeof InvitationSchema>;

export const AgendaItemSchema = Type.Object(
  {
    id: IdSchema,
    title: Title,
    /** Person id. */
    presenter: Type.Optional(IdSchema),
    minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  },
  { additionalProperties: false },
);
export type AgendaItem = Type.Static<typeof AgendaItemSchema>;

const Agenda = Type.Array(AgendaItemSchema, { maxItems: 100 });
const Units = Type.Array(IdSchema, { maxItems: 200, uniqueItems: true });
const Persons = Type.Array(IdSchema, { maxItems: 1000, uniqueItems: true });
const Support = Type.Array(IdSchema, { maxItems: 100, uniqueItems: true });

/** A complete meeting. Secretary and approver may still be missing: submitting asks for them. */
export const MeetingFieldsSchema = Type.Object(
  {
    title: Title,
    kind: Kind,
    form: Form,
    secret: Secret,
    language: Type.Optional(Language),
    invitation: InvitationSchema,
    agenda: Agenda,
    startsAt: Time,
    endsAt: Time,
    roomId: IdSchema,
    location: Type.Optional(Location),
    chairId: IdSchema,
    secretaryId: Type.Optional(IdSchema),
    approverId: Type.Optional(IdSchema),
    /** Who prepares the documents. */
    preparerId: IdSchema,
    preparingUnitId: IdSchema,
    invitedUnits: Units,
    invitedPersons: Persons,
    supportStaff: Support,
    /** Answers (R-ATT-1) close here; without it, at the start. Not after the start. */
    answerDeadline: Type.Optional(Time),
  },
  { additionalProperties: false },
);
export type MeetingFields = Type.Static<typeof MeetingFieldsSchema>;

/** A draft is saved incomplete: only what a meeting is and when are required. */
export const MeetingDraftSchema = Type.Object(
  {
    title: Title,
    kind: Kind,
    form: Type.Optional(Form),
    secret: Type.Optional(Secret),
    language: Type.Optional(Language),
    invitation: Type.Optional(InvitationSchema),
    agenda: Type.Optional(Agenda),
    startsAt: Time,
    endsAt: Time,
    roomId: Type.Optional(IdSchema),
    location: Type.Optional(Location),
    chairId: Type.Optional(IdSchema),
    secretaryId: Type.Optional(IdSchema),
    approverId: Type.Optional(IdSchema),
    preparerId: Type.Optional(IdSchema),
    preparingUnitId: Type.Optional(IdSchema),
    invitedUnits: Type.Optional(Units),
    invitedPersons: Type.Optional(Persons),
    supportStaff: Type.Optional(Support),
    answerDeadline: Type.Optional(Time),
  },
  { additionalProperties: false },
);
export type MeetingDraft = Type.Static<typeof MeetingDraftSchema>;

const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Optional(Type.Union([t, Type.Null()]));

/**
 * An edit: only the fields that change. `null` removes an optional field (the answer deadline, a
 * location, a secretary who can no longer come); the four a draft needs cannot be removed, and lists
 * are emptied with `[]`.
 */
export const MeetingPatchSchema = Type.Object(
  {
    title: Type.Optional(Title),
    kind: Type.Optional(Kind),
    form: orNull(Form),
    secret: Type.Optional(Secret),
    language: Type.Optional(Language),
    invitation: orNull(InvitationSchema),
    agenda: Type.Optional(Agenda),
    startsAt: Type.Optional(Time),
    endsAt: Type.Optional(Time),
    roomId: orNull(IdSchema),
    location: orNull(Location),
    chairId: orNull(IdSchema),
    secretaryId: orNull(IdSchema),
    approverId: orNull(IdSchema),
    preparerId: orNull(IdSchema),
    preparingUnitId: orNull(IdSchema),
    invitedUnits: Type.Optional(Units),
    invitedPersons: Type.Optional(Persons),
    supportStaff: Type.Optional(Support),
    answerDeadline: orNull(Time),
  },
  { additionalProperties: false },
);
export type MeetingPatch = Type.Static<typeof MeetingPatchSchema>;

/** Reason of a return or a cancellation. */
export const ReasonSchema = Type.String({ minLength: 1, maxLength: 1000 });
const DECLINE_REASON_MAX = 500;
const NOTE_MAX = 500;

/** An invitee's answer as sent (R-ATT-1); the time is the command's. */
export const AnswerInputSchema = Type.Union([
  Type.Object({ answer: Type.Literal('attend') }, { additionalProperties: false }),
  Type.Object(
    {
      answer: Type.Literal('substitute'),
      substituteId: IdSchema,
      note: Type.Optional(Type.String({ maxLength: NOTE_MAX })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { answer: Type.Literal('decline'), reason: Type.String({ minLength: 1, maxLength: DECLINE_REASON_MAX }) },
    { additionalProperties: false },
  ),
]);
export type AnswerInput = Type.Static<typeof AnswerInputSchema>;

// ---------------------------------------------------------------------------------------------------
// State, commands, events.

export type Answer =
  | { answer: 'attend'; at: number }
  | { answer: 'substitute'; substituteId: string; at: number; note?: string }
  | { answer: 'decline'; reason: string; at: number };

/** An invited unit names who comes for it. */
export interface UnitAnswer {
  attendeeId: string;
  by: string;
  at: number;
}

export interface Meeting {
  readonly id: string;
  readonly status: MeetingStatus;
  /** What the organiser entered; complete from submission on (see `missingForSubmit`). */
  readonly fields: MeetingDraft;
  /** The person who registered it (R-ROLE-3). */
  readonly organiserId: string;
  readonly createdAt: number;
  /** Time of the latest event of any kind. */
  readonly updatedAt: number;
  /** The latest submission. */
  readonly submittedAt?: number;
  readonly approval?: { by: string; at: number };
  /** The latest return: kept after a resubmission so the approver sees what was asked for. */
  readonly returned?: { by: string; at: number; reason: string };
  /** `late`: the notice check when the invitation went out late (R-MTG-3), null when in time. */
  readonly published?: { at: number; late: NoticeResult | null };
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** Set while paused only. */
  readonly pausedAt?: number;
  readonly cancelled?: { by: string; at: number; reason: string };
  /** The agenda item under discussion. */
  readonly currentItem: string | null;
  /** Invitee person id → their answer (a Map: ids such as `__proto__` are valid ids). */
  readonly answers: ReadonlyMap<string, Answer>;
  /** Invited unit id → the person it sends. */
  readonly unitAnswers: ReadonlyMap<string, UnitAnswer>;
  /**
   * Seat number → person, for this meeting. An invitee keeps the seat when naming a substitute; the
   * substitute sits there (see `personAtSeat`), and it returns to the invitee if they come after all.
   */
  readonly seats: Readonly<Record<number, string>>;
}

interface Acting {
  /** ms since the epoch. */
  at: number;
  /** Person id of whoever sends it. */
  by: string;
}

export type MeetingCommand = Acting &
  (
    | { type: 'create'; id: string; fields: MeetingDraft }
    | { type: 'update'; patch: MeetingPatch }
    | { type: 'submit' }
    | { type: 'approve' }
    | { type: 'return'; reason: string }
    /** `notice`: `checkNotice` of notice.ts at the publishing time, with the deployment's settings. */
    | { type: 'publish'; notice: NoticeResult }
    | { type: 'start' }
    | { type: 'pause' }
    | { type: 'resume' }
    | { type: 'end' }
    | { type: 'archive' }
    | { type: 'cancel'; reason: string }
    | { type: 'moveAgenda'; itemId: string | null }
    /**
     * `personId`: the invitee whose answer it is; by default the sender. A secretary recording an
     * answer given by phone (R-ATT-3) sends it with their own `by`.
     */
    | ({ type: 'answer'; personId?: string } & AnswerInput)
    | { type: 'answerForUnit'; unitId: string; attendeeId: string }
    | { type: 'assignSeat'; seat: number; personId: string | null }
  );

export type MeetingStep = Exclude<MeetingCommand['type'], 'create'>;

interface Fact {
  meetingId: string;
  at: number;
  by: string;
}

export type MeetingEvent = Fact &
  (
    | { type: 'meeting.created'; fields: MeetingDraft }
    /** Only the fields that changed; `null` removed a field. */
    | { type: 'meeting.updated'; patch: MeetingPatch }
    | { type: 'meeting.submitted' }
    | { type: 'meeting.approved' }
    | { type: 'meeting.returned'; reason: string }
    | { type: 'meeting.published'; notice: NoticeResult }
    | { type: 'meeting.started'; currentItem: string | null }
    | { type: 'meeting.paused' }
    | { type: 'meeting.resumed' }
    | { type: 'meeting.ended' }
    | { type: 'meeting.archived' }
    | { type: 'meeting.cancelled'; reason: string }
    | { type: 'meeting.agenda_moved'; itemId: string | null }
    | { type: 'meeting.answered'; personId: string; answer: Answer }
    | { type: 'meeting.unit_answered'; unitId: string; attendeeId: string }
    /** `personId`: the seat's holder (for a substitute, the invitee they stand in for), null: freed. */
    | { type: 'meeting.seat_assigned'; seat: number; personId: string | null }
  );

export type MeetingErrorCode =
  | 'E_INVALID'
  | 'E_EXISTS'
  | 'E_NOT_FOUND'
  | 'E_BAD_STATE'
  | 'E_NOT_EDITABLE'
  | 'E_INCOMPLETE'
  | 'E_DEADLINE_PASSED'
  | 'E_NOT_INVITED'
  | 'E_BAD_SUBSTITUTE'
  | 'E_BAD_ATTENDEE'
  | 'E_UNKNOWN_ITEM'
  | 'E_UNKNOWN_SEAT'
  | 'E_NOT_PARTICIPANT';

export type MeetingDecision = Decision<MeetingEvent, MeetingErrorCode>;

export interface MeetingContext {
  /** Seat numbers of the meeting's room (its seat plan). */
  seats: ReadonlySet<number>;
}

/** Without a seat plan every seat is unknown: only `assignSeat` needs one. */
const NO_SEATS: MeetingContext = { seats: new Set() };

/**
 * The statuses each step may start from. Seats can be planned from the draft on and changed until
 * the meeting ends (people move during a break); never after it ended or was cancelled.
 */
export const MEETING_STEPS_FROM: Readonly<Record<MeetingStep, readonly MeetingStatus[]>> = {
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
  // A meeting under way is ended, not cancelled: what was said in it stays on the record.
  cancel: ['draft', 'submitted', 'approved', 'returned', 'published'],
  moveAgenda: ['in_progress', 'paused'],
  // Invitees see the meeting once it is published, not before.
  answer: ['published'],
  answerForUnit: ['published'],
  assignSeat: ['draft', 'submitted', 'approved', 'returned', 'published', 'in_progress', 'paused'],
};

export function canStep(status: MeetingStatus, step: MeetingStep): boolean {
  return MEETING_STEPS_FROM[step].includes(status);
}

const STEP_WORDS: Record<MeetingStep, string> = {
  update: 'edit',
  submit: 'submit',
  approve: 'approve',
  return: 'return',
  publish: 'publish',
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  end: 'end',
  archive: 'archive',
  cancel: 'cancel',
  moveAgenda: 'move the agenda of',
  answer: 'answer',
  answerForUnit: 'answer for a unit of',
  assignSeat: 'assign a seat in',
};

// ---------------------------------------------------------------------------------------------------
// Validation.

const checkDraft = Compile(MeetingDraftSchema);
const checkPatch = Compile(MeetingPatchSchema);
const isId = (v: unknown): v is string => typeof v === 'string' && ID_RE.test(v);
const isTime = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Events are stored as JSON: what goes into one is JSON already (no `undefined`, no shared objects). */
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** What the schema cannot say about a draft. */
function draftProblems(f: MeetingDraft): string[] {
  const problems: string[] = [];
  if (!f.title.trim()) problems.push('/title: must not be blank');
  if (f.endsAt <= f.startsAt) problems.push('/endsAt: must be after startsAt');
  if (f.answerDeadline !== undefined && f.answerDeadline > f.startsAt) {
    problems.push('/answerDeadline: must not be after startsAt');
  }
  const ids = (f.agenda ?? []).map((i) => i.id);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) problems.push(`/agenda: item id ${twice[0]} is used twice`);
  (f.agenda ?? []).forEach((item, i) => {
    if (!item.title.trim()) problems.push(`/agenda/${i}/title: must not be blank`);
  });
  return problems;
}

function validDraft(f: unknown): string[] {
  if (!checkDraft.Check(f)) return schemaProblems(checkDraft.Errors(f));
  return draftProblems(f);
}

/**
 * What a draft still lacks before it can be submitted for approval (R-MTG-1, R-MTG-2): everything a
 * complete meeting has (`MeetingFieldsSchema`), a secretary and an approver, an agenda item and at
 * least one invitee. The dashboard shows this list as the organiser's checklist.
 */
export function missingForSubmit(f: MeetingDraft): string[] {
  const missing: string[] = [];
  if (!f.form) missing.push('form');
  if (!f.roomId) missing.push('roomId');
  // A giấy mời without a text is not one: it is what the approver approves and invitees receive.
  if (!f.invitation?.text.trim()) missing.push('invitation text');
  if (!f.chairId) missing.push('chairId');
  if (!f.secretaryId) missing.push('secretaryId');
  if (!f.approverId) missing.push('approverId');
  if (!f.preparerId) missing.push('preparerId');
  if (!f.preparingUnitId) missing.push('preparingUnitId');
  if (!f.agenda?.length) missing.push('agenda (at least one item)');
  if (!f.invitedUnits?.length && !f.invitedPersons?.length) {
    missing.push('invitees (at least one unit or person)');
  }
  return missing;
}

/** Answers close at the answer deadline, or at the start when there is none. */
export function answerDeadlineOf(f: MeetingDraft): number {
  return f.answerDeadline ?? f.startsAt;
}

// ---------------------------------------------------------------------------------------------------
// Who takes part.

const invitees = (f: MeetingDraft) => f.invitedPersons ?? [];

/** The invitee `personId` stands in for, or null. */
function substitutingFor(m: Meeting, personId: string): string | null {
  for (const [invitee, a] of m.answers) {
    if (a.answer === 'substitute' && a.substituteId === personId && invitees(m.fields).includes(invitee)) {
      return invitee;
    }
  }
  return null;
}

/** The invited unit `personId` comes for, or null. */
function attendingForUnit(m: Meeting, personId: string): string | null {
  for (const [unitId, a] of m.unitAnswers) {
    if (a.attendeeId === personId && (m.fields.invitedUnits ?? []).includes(unitId)) return unitId;
  }
  return null;
}

/**
 * In which capacity `personId` already takes part, other than the one being (re)named: a person
 * cannot be in two places, so they cannot stand in for someone, or come for a unit, as well.
 */
function capacityOf(
  m: Meeting,
  personId: string,
  except: { substituteFor?: string; unitId?: string },
): string | null {
  const f = m.fields;
  if (f.chairId === personId) return 'the chair';
  if (f.secretaryId === personId) return 'the secretary';
  if (invitees(f).includes(personId)) return 'an invitee';
  const forInvitee = substitutingFor(m, personId);
  if (forInvitee !== null && forInvitee !== except.substituteFor) return `the substitute for ${forInvitee}`;
  const forUnit = attendingForUnit(m, personId);
  if (forUnit !== null && forUnit !== except.unitId) return `the attendee for unit ${forUnit}`;
  if ((f.supportStaff ?? []).includes(personId)) return 'support staff';
  return null;
}

/**
 * Whose seat `personId` sits in: a substitute sits in the invitee's seat, so the seat plan is stored
 * under the invitee. Null for someone who does not sit at a delegate seat (support staff, strangers).
 */
function seatHolderFor(m: Meeting, personId: string): string | null {
  const f = m.fields;
  if (f.chairId === personId || f.secretaryId === personId || invitees(f).includes(personId)) return personId;
  const forInvitee = substitutingFor(m, personId);
  if (forInvitee !== null) return forInvitee;
  return attendingForUnit(m, personId) !== null ? personId : null;
}

export type ParticipantRole = 'chair' | 'secretary' | 'invitee' | 'unit_attendee' | 'substitute' | 'support';

export interface Participant {
  personId: string;
  role: ParticipantRole;
  /** A substitute: the invitee they stand in for. */
  substituteFor?: string;
  /** A unit attendee: the unit they come for. */
  unitId?: string;
}

/**
 * Everyone the meeting expects or names, one entry per person and role: chair, secretary, each
 * invitee (whatever they answered: they are on the invitation) followed by their substitute, each
 * invited unit's named attendee, support staff.
 */
export function participants(m: Meeting): Participant[] {
  const f = m.fields;
  const out: Participant[] = [];
  if (f.chairId) out.push({ personId: f.chairId, role: 'chair' });
  if (f.secretaryId) out.push({ personId: f.secretaryId, role: 'secretary' });
  for (const personId of invitees(f)) {
    out.push({ personId, role: 'invitee' });
    const a = m.answers.get(personId);
    if (a?.answer === 'substitute') {
      out.push({ personId: a.substituteId, role: 'substitute', substituteFor: personId });
    }
  }
  for (const unitId of f.invitedUnits ?? []) {
    const a = m.unitAnswers.get(unitId);
    if (a) out.push({ personId: a.attendeeId, role: 'unit_attendee', unitId });
  }
  for (const personId of f.supportStaff ?? []) out.push({ personId, role: 'support' });
  return out;
}

/**
 * Who actually comes in place of `personId`: the substitute an invitee named, nobody (null) for an
 * invitee who declined, otherwise the person themselves. The chair and the secretary attend by role:
 * an answer they gave as invitees does not send them away.
 */
export function effectivePerson(m: Meeting, personId: string): string | null {
  if (m.fields.chairId === personId || m.fields.secretaryId === personId) return personId;
  if (!invitees(m.fields).includes(personId)) return personId;
  const a = m.answers.get(personId);
  if (a?.answer === 'substitute') return a.substituteId;
  if (a?.answer === 'decline') return null;
  return personId;
}

/** The seat `personId` sits in, or null. A substitute "gets the seat and the rights" of the invitee. */
export function seatOfPerson(m: Meeting, personId: string): number | null {
  const holder = seatHolderFor(m, personId);
  if (holder === null || effectivePerson(m, holder) !== personId) return null;
  for (const [seat, p] of Object.entries(m.seats)) if (p === holder) return Number(seat);
  return null;
}

/** Who sits at `seat`: its holder, or the holder's substitute; null when empty or the holder declined. */
export function personAtSeat(m: Meeting, seat: number): string | null {
  const holder = m.seats[seat];
  return holder === undefined ? null : effectivePerson(m, holder);
}

export type MeetingRole = 'organiser' | 'chair' | 'secretary' | 'approver' | 'delegate' | 'support';

/**
 * The roles `personId` has in this meeting. A delegate is whoever attends in an invitee's or a unit's
 * place: an invitee who attends or has not answered yet, a substitute, a unit's attendee; an invitee
 * who named a substitute or declined is not one (the rights went with the seat, or were given up).
 */
export function roleOf(m: Meeting, personId: string): ReadonlySet<MeetingRole> {
  const f = m.fields;
  const roles = new Set<MeetingRole>();
  if (m.organiserId === personId || f.preparerId === personId) roles.add('organiser');
  if (f.chairId === personId) roles.add('chair');
  if (f.secretaryId === personId) roles.add('secretary');
  if (f.approverId === personId) roles.add('approver');
  const answer = m.answers.get(personId)?.answer;
  const attendingInvitee = invitees(f).includes(personId) && (answer === undefined || answer === 'attend');
  if (attendingInvitee || substitutingFor(m, personId) !== null || attendingForUnit(m, personId) !== null) {
    roles.add('delegate');
  }
  if ((f.supportStaff ?? []).includes(personId)) roles.add('support');
  return roles;
}

export interface AnswerSummary {
  attend: number;
  substitute: number;
  decline: number;
  /** Invitees who have not answered. */
  pending: number;
  /** Invited units that named their attendee, and those that have not. */
  units: { named: number; pending: number };
}

/** Counts of the invitees' answers (R-ATT-1), as the organiser follows them before the meeting. */
export function answerSummary(m: Meeting): AnswerSummary {
  const s: AnswerSummary = {
    attend: 0,
    substitute: 0,
    decline: 0,
    pending: 0,
    units: { named: 0, pending: 0 },
  };
  for (const personId of invitees(m.fields)) s[m.answers.get(personId)?.answer ?? 'pending']++;
  for (const unitId of m.fields.invitedUnits ?? [])
    s.units[m.unitAnswers.has(unitId) ? 'named' : 'pending']++;
  return s;
}

// ---------------------------------------------------------------------------------------------------
// Decide.

const ok = (events: MeetingEvent[]): MeetingDecision => ({ ok: true, events });
const fail = (code: MeetingErrorCode, message: string): MeetingDecision => ({ ok: false, code, message });

function badState(m: Meeting, step: MeetingStep): MeetingDecision {
  return fail('E_BAD_STATE', `cannot ${STEP_WORDS[step]} a meeting that is ${m.status}`);
}

/** A reason someone must read later: required, and not just spaces. */
function reasonProblem(reason: unknown, max: number): string | null {
  if (typeof reason !== 'string' || !reason.trim()) return 'a reason is required';
  if (reason.trim().length > max) return `the reason is longer than ${max} characters`;
  return null;
}

function mergePatch(f: MeetingDraft, patch: MeetingPatch): MeetingDraft {
  const out: Record<string, unknown> = { ...f };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out as MeetingDraft;
}

/**
 * Seats freed by an edit: all of them when the meeting moves to another room (its seat numbers mean
 * nothing there), else those of people the edit took off the meeting. Explicit events, so the log
 * shows each seat that was freed and why a seat plan changed.
 */
function seatsFreedBy(before: Meeting, after: Meeting, fact: Fact): MeetingEvent[] {
  const roomChanged = before.fields.roomId !== after.fields.roomId;
  return Object.entries(after.seats)
    .filter(([, personId]) => roomChanged || seatHolderFor(after, personId) !== personId)
    .map(([seat]) => ({ type: 'meeting.seat_assigned', ...fact, seat: Number(seat), personId: null }));
}

export function decideMeeting(
  m: Meeting | null,
  c: MeetingCommand,
  ctx: MeetingContext = NO_SEATS,
): MeetingDecision {
  if (!isTime(c.at)) return fail('E_INVALID', 'at: must be a time in ms since the epoch');
  if (!isId(c.by)) return fail('E_INVALID', `by: must match ${ID_PATTERN}`);
  if (c.type === 'create') {
    if (m !== null) return fail('E_EXISTS', `meeting ${m.id} already exists`);
    if (!isId(c.id)) return fail('E_INVALID', `id: must match ${ID_PATTERN}`);
    const given = json(c.fields);
    const problems = validDraft(given);
    if (problems.length) return fail('E_INVALID', problems.join('; '));
    // Filled in once, here, so every reader sees the same meeting (and the log says what was meant).
    const fields: MeetingDraft = {
      ...given,
      secret: given.secret ?? false,
      language: given.language ?? 'vi',
      agenda: given.agenda ?? [],
      invitedUnits: given.invitedUnits ?? [],
      invitedPersons: given.invitedPersons ?? [],
      supportStaff: given.supportStaff ?? [],
    };
    return ok([{ type: 'meeting.created', meetingId: c.id, at: c.at, by: c.by, fields }]);
  }
  if (m === null) return fail('E_NOT_FOUND', 'no such meeting');
  if (!Object.hasOwn(MEETING_STEPS_FROM, c.type)) return fail('E_INVALID', `unknown step ${String(c.type)}`);
  if (!canStep(m.status, c.type)) {
    if (c.type === 'update') return fail('E_NOT_EDITABLE', `cannot edit a meeting that is ${m.status}`);
    return badState(m, c.type);
  }
  const fact: Fact = { meetingId: m.id, at: c.at, by: c.by };
  switch (c.type) {
    case 'update': {
      const patch = json(c.patch);
      if (!checkPatch.Check(patch)) {
        return fail('E_INVALID', schemaProblems(checkPatch.Errors(patch)).join('; '));
      }
      const changed: Record<string, unknown> = {};
      const f = m.fields as Record<string, unknown>;
      for (const [key, value] of Object.entries(patch)) {
        const differs = value === null ? key in f : JSON.stringify(f[key]) !== JSON.stringify(value);
        if (differs) changed[key] = value;
      }
      // Saving a form unchanged is not an edit.
      if (Object.keys(changed).length === 0) return ok([]);
      const problems = validDraft(mergePatch(m.fields, changed as MeetingPatch));
      if (problems.length) return fail('E_INVALID', problems.join('; '));
      const e: MeetingEvent = { type: 'meeting.updated', ...fact, patch: changed as MeetingPatch };
      return ok([e, ...seatsFreedBy(m, applyMeeting(m, e), fact)]);
    }
    case 'submit': {
      const missing = missingForSubmit(m.fields);
      if (missing.length) return fail('E_INCOMPLETE', `cannot submit: missing ${missing.join(', ')}`);
      return ok([{ type: 'meeting.submitted', ...fact }]);
    }
    case 'approve':
      return ok([{ type: 'meeting.approved', ...fact }]);
    case 'return':
    case 'cancel': {
      const problem = reasonProblem(c.reason, 1000);
      if (problem) return fail('E_INVALID', problem);
      const type = c.type === 'return' ? 'meeting.returned' : 'meeting.cancelled';
      return ok([{ type, ...fact, reason: c.reason.trim() }]);
    }
    case 'publish': {
      const n = c.notice;
      if (
        !n ||
        !Number.isInteger(n.requiredMinutes) ||
        !Number.isInteger(n.actualMinutes) ||
        typeof n.late !== 'boolean'
      ) {
        return fail('E_INVALID', 'notice: must be the result of checkNotice');
      }
      const notice = { requiredMinutes: n.requiredMinutes, actualMinutes: n.actualMinutes, late: n.late };
      return ok([{ type: 'meeting.published', ...fact, notice }]);
    }
    case 'start':
      // The meeting opens on its first agenda item.
      return ok([{ type: 'meeting.started', ...fact, currentItem: m.fields.agenda?.[0]?.id ?? null }]);
    case 'pause':
      return ok([{ type: 'meeting.paused', ...fact }]);
    case 'resume':
      return ok([{ type: 'meeting.resumed', ...fact }]);
    case 'end':
      return ok([{ type: 'meeting.ended', ...fact }]);
    case 'archive':
      return ok([{ type: 'meeting.archived', ...fact }]);
    case 'moveAgenda': {
      const itemId = c.itemId ?? null;
      if (itemId !== null && !(m.fields.agenda ?? []).some((i) => i.id === itemId)) {
        return fail('E_UNKNOWN_ITEM', `agenda item ${itemId} is not on the agenda`);
      }
      if (itemId === m.currentItem) return ok([]);
      return ok([{ type: 'meeting.agenda_moved', ...fact, itemId }]);
    }
    case 'answer':
      return decideAnswer(m, c, fact);
    case 'answerForUnit': {
      if (!isId(c.unitId) || !(m.fields.invitedUnits ?? []).includes(c.unitId)) {
        return fail('E_NOT_INVITED', `unit ${c.unitId} is not invited to this meeting`);
      }
      const closed = deadlineProblem(m, c.at);
      if (closed) return closed;
      if (!isId(c.attendeeId)) return fail('E_INVALID', `attendeeId: must match ${ID_PATTERN}`);
      const taken = capacityOf(m, c.attendeeId, { unitId: c.unitId });
      if (taken) return fail('E_BAD_ATTENDEE', `${c.attendeeId} already takes part as ${taken}`);
      if (m.unitAnswers.get(c.unitId)?.attendeeId === c.attendeeId) return ok([]);
      return ok([{ type: 'meeting.unit_answered', ...fact, unitId: c.unitId, attendeeId: c.attendeeId }]);
    }
    case 'assignSeat': {
      if (!Number.isInteger(c.seat) || !ctx.seats.has(c.seat)) {
        return fail('E_UNKNOWN_SEAT', `seat ${c.seat} is not in the room's seat plan`);
      }
      if (c.personId === null) {
        if (m.seats[c.seat] === undefined) return ok([]);
        return ok([{ type: 'meeting.seat_assigned', ...fact, seat: c.seat, personId: null }]);
      }
      const holder = isId(c.personId) ? seatHolderFor(m, c.personId) : null;
      if (holder === null) {
        return fail('E_NOT_PARTICIPANT', `${c.personId} does not take part in this meeting at a seat`);
      }
      if (m.seats[c.seat] === holder) return ok([]);
      return ok([{ type: 'meeting.seat_assigned', ...fact, seat: c.seat, personId: holder }]);
    }
  }
}

function deadlineProblem(m: Meeting, at: number): MeetingDecision | null {
  const deadline = answerDeadlineOf(m.fields);
  // The deadline itself is still in time: "by 17:00" includes 17:00.
  if (at <= deadline) return null;
  return fail('E_DEADLINE_PASSED', `answers closed at ${new Date(deadline).toISOString()}`);
}

function decideAnswer(
  m: Meeting,
  c: Extract<MeetingCommand, { type: 'answer' }>,
  fact: Fact,
): MeetingDecision {
  const personId = c.personId ?? c.by;
  // Only invited persons answer: the chair and the secretary attend by role, units answer by naming.
  if (!isId(personId) || !invitees(m.fields).includes(personId)) {
    return fail('E_NOT_INVITED', `${personId} is not invited to this meeting`);
  }
  const closed = deadlineProblem(m, c.at);
  if (closed) return closed;
  let answer: Answer;
  switch (c.answer) {
    case 'attend':
      answer = { answer: 'attend', at: c.at };
      break;
    case 'substitute': {
      if (!isId(c.substituteId)) return fail('E_INVALID', `substituteId: must match ${ID_PATTERN}`);
      if (c.substituteId === personId)
        return fail('E_BAD_SUBSTITUTE', 'an invitee cannot stand in for themselves');
      const taken = capacityOf(m, c.substituteId, { substituteFor: personId });
      if (taken) return fail('E_BAD_SUBSTITUTE', `${c.substituteId} already takes part as ${taken}`);
      const note = c.note?.trim();
      if (note && note.length > NOTE_MAX)
        return fail('E_INVALID', `note: longer than ${NOTE_MAX} characters`);
      answer = { answer: 'substitute', substituteId: c.substituteId, at: c.at, ...(note ? { note } : {}) };
      break;
    }
    case 'decline': {
      const problem = reasonProblem(c.reason, DECLINE_REASON_MAX);
      if (problem) return fail('E_INVALID', problem);
      answer = { answer: 'decline', reason: c.reason.trim(), at: c.at };
      break;
    }
    default:
      return fail('E_INVALID', 'answer: must be attend, substitute or decline');
  }
  // Answering the same again changes nothing; a different answer before the deadline replaces it.
  const before = m.answers.get(personId);
  if (before && JSON.stringify({ ...before, at: 0 }) === JSON.stringify({ ...answer, at: 0 })) return ok([]);
  return ok([{ type: 'meeting.answered', ...fact, personId, answer }]);
}

// ---------------------------------------------------------------------------------------------------
// Apply.

function withSeat(seats: Readonly<Record<number, string>>, seat: number, personId: string | null) {
  const next: Record<number, string> = {};
  for (const [s, p] of Object.entries(seats)) {
    // A person holds one seat: assigning them elsewhere moves them.
    if (Number(s) !== seat && p !== personId) next[Number(s)] = p;
  }
  if (personId !== null) next[seat] = personId;
  return next;
}

function omit<K extends keyof Meeting>(m: Meeting, key: K): Meeting {
  const { [key]: _dropped, ...rest } = m;
  return rest as Meeting;
}

/** Applies a fact to the meeting; `m` is null only for `meeting.created`. */
export function applyMeeting(m: Meeting | null, e: MeetingEvent): Meeting {
  if (e.type === 'meeting.created') {
    return {
      id: e.meetingId,
      status: 'draft',
      fields: e.fields,
      organiserId: e.by,
      createdAt: e.at,
      updatedAt: e.at,
      currentItem: null,
      answers: new Map(),
      unitAnswers: new Map(),
      seats: {},
    };
  }
  if (m === null) throw new Error(`event ${e.type} for meeting ${e.meetingId} before it was created`);
  const s: Meeting = { ...m, updatedAt: e.at };
  switch (e.type) {
    case 'meeting.updated':
      return { ...s, fields: mergePatch(s.fields, e.patch) };
    case 'meeting.submitted':
      return { ...s, status: 'submitted', submittedAt: e.at };
    case 'meeting.approved':
      return { ...s, status: 'approved', approval: { by: e.by, at: e.at } };
    case 'meeting.returned':
      return { ...s, status: 'returned', returned: { by: e.by, at: e.at, reason: e.reason } };
    case 'meeting.published':
      return { ...s, status: 'published', published: { at: e.at, late: e.notice.late ? e.notice : null } };
    case 'meeting.started':
      return { ...s, status: 'in_progress', startedAt: e.at, currentItem: e.currentItem };
    case 'meeting.paused':
      return { ...s, status: 'paused', pausedAt: e.at };
    case 'meeting.resumed':
      return { ...omit(s, 'pausedAt'), status: 'in_progress' };
    case 'meeting.ended':
      // After the end nothing is under discussion any more.
      return { ...omit(s, 'pausedAt'), status: 'ended', endedAt: e.at, currentItem: null };
    case 'meeting.archived':
      return { ...s, status: 'archived' };
    case 'meeting.cancelled':
      return { ...s, status: 'cancelled', cancelled: { by: e.by, at: e.at, reason: e.reason } };
    case 'meeting.agenda_moved':
      return { ...s, currentItem: e.itemId };
    case 'meeting.answered':
      return { ...s, answers: new Map(s.answers).set(e.personId, e.answer) };
    case 'meeting.unit_answered': {
      const previous = s.unitAnswers.get(e.unitId)?.attendeeId;
      const unitAnswers = new Map(s.unitAnswers).set(e.unitId, {
        attendeeId: e.attendeeId,
        by: e.by,
        at: e.at,
      });
      // The seat planned for the unit's delegate goes to whoever the unit now sends.
      const seat = previous === undefined ? undefined : seatOf(s.seats, previous);
      const seats = seat === undefined ? s.seats : withSeat(s.seats, seat, e.attendeeId);
      return { ...s, unitAnswers, seats };
    }
    case 'meeting.seat_assigned':
      return { ...s, seats: withSeat(s.seats, e.seat, e.personId) };
  }
}

function seatOf(seats: Readonly<Record<number, string>>, personId: string): number | undefined {
  for (const [seat, p] of Object.entries(seats)) if (p === personId) return Number(seat);
  return undefined;
}
