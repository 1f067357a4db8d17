// Meetings as the logged-in person sees them (issue 4): the list, one meeting, its roll call, and the
// directory the pickers search. Everything comes from the meeting routes
// (appliance/src/http/routes/meeting-routes.ts) through api.ts, which sends the session's CSRF
// token; the socket's `{t:'meeting'}` message (room-store `meetingNews`) says which meeting changed,
// and its readers fetch it again, so an organiser sees answers arrive without reloading.
import { signal } from '@preact/signals';
import type {
  AgendaItem,
  AnswerSummary,
  MeetingDraft,
  MeetingPatch,
  MeetingStatus,
  MeetingStep,
  ParticipantRole,
} from '../../appliance/src/domain/meeting.ts';
import type { NoticeResult } from '../../appliance/src/domain/notice.ts';
import type { MeetingRole } from '../../appliance/src/http/permissions.ts';
import type { GlobalRole } from '../../appliance/src/people/roles.ts';
import { type ApiResult, api } from './api.ts';

export type { AgendaItem, MeetingDraft, MeetingPatch, MeetingStatus };

export type AnswerView = (
  | { answer: 'attend' }
  | { answer: 'substitute'; substituteId: string; note?: string }
  | { answer: 'decline'; reason: string }
) & { at: number; name: string | null };

/**
 * One lifecycle step of a meeting, oldest first in `history`: `meeting.created`, `.submitted`,
 * `.returned` (with `reason`), `.approved`, `.published` (with `notice`), `.started`, `.paused`,
 * `.resumed`, `.ended`, `.archived`, `.cancelled` (with `reason`). `by`: the person, `name` theirs.
 */
export interface HistoryEntry {
  type: string;
  at: number;
  by: string | null;
  name: string | null;
  reason?: string;
  notice?: NoticeResult;
}

/** GET /api/meetings/:id as meeting-routes.ts `view` answers it. */
export interface MeetingView {
  id: string;
  status: MeetingStatus;
  fields: MeetingDraft;
  organiserId: string;
  createdAt: number;
  updatedAt: number;
  submittedAt: number | null;
  approval: { by: string; at: number } | null;
  returned: { by: string; at: number; reason: string } | null;
  published: { at: number; late: NoticeResult | null } | null;
  startedAt: number | null;
  endedAt: number | null;
  pausedAt: number | null;
  cancelled: { by: string; at: number; reason: string } | null;
  currentItem: string | null;
  answerDeadline: number;
  answersOpen: boolean;
  myRoles: MeetingRole[];
  names: Record<string, string | null>;
  unitNames: Record<string, string | null>;
  answers: Record<string, AnswerView>;
  unitAnswers: Record<string, { attendeeId: string; by: string; at: number }>;
  summary: AnswerSummary | null;
  seats: { seat: number; holderId: string; personId: string | null; name: string | null }[];
  missing: string[];
  noticeNow: NoticeResult | null;
  /** Only in the answer to a late publish. */
  warning?: { code: string; message: string } & NoticeResult;
  /** Only from GET /api/meetings/:id (not the list, not the answers to steps): every step taken. */
  history?: HistoryEntry[];
}

/** GET /api/meetings/:id/attendance, one row per participant. */
export interface AttendanceRow {
  personId: string;
  name: string | null;
  role: ParticipantRole;
  substituteFor: string | null;
  unitId: string | null;
  answer: 'attend' | 'substitute' | 'decline' | null;
  seat: number | null;
  present: boolean | null;
}

export interface PersonEntry {
  id: string;
  unitId: string;
  fullName: string;
  title: string | null;
  roles: GlobalRole[];
  active: boolean;
  username: string | null;
}

export interface UnitEntry {
  id: string;
  name: string;
  shortName: string | null;
  parentId: string | null;
  active: boolean;
}

export type Refusal = Extract<ApiResult, { ok: false }>;
export type Result<T> = { ok: true; data: T } | Refusal;

const wrap = <T>(r: ApiResult): Result<T> => (r.ok ? { ok: true, data: r.data as T } : r);
const enc = encodeURIComponent;

export const fetchMeetings = async (): Promise<Result<MeetingView[]>> =>
  wrap(await api('GET', '/api/meetings'));

export const fetchMeeting = async (id: string): Promise<Result<MeetingView>> =>
  wrap(await api('GET', `/api/meetings/${enc(id)}`));

export const createMeeting = async (draft: MeetingDraft): Promise<Result<MeetingView>> =>
  wrap(await api('POST', '/api/meetings', draft));

export const patchMeeting = async (id: string, patch: MeetingPatch): Promise<Result<MeetingView>> =>
  wrap(await api('PATCH', `/api/meetings/${enc(id)}`, patch));

/** The steps without a body (submit, approve, publish, start, pause, resume, end, archive), and return / cancel with their reason. */
export const stepMeeting = async (
  id: string,
  step: Extract<
    MeetingStep,
    'submit' | 'approve' | 'publish' | 'start' | 'pause' | 'resume' | 'end' | 'archive' | 'return' | 'cancel'
  >,
  reason?: string,
): Promise<Result<MeetingView>> =>
  wrap(await api('POST', `/api/meetings/${enc(id)}/${step}`, reason === undefined ? {} : { reason }));

export type AnswerInput =
  | { answer: 'attend' }
  | { answer: 'substitute'; substituteId: string; note?: string }
  | { answer: 'decline'; reason: string };

export const answerMeeting = async (id: string, a: AnswerInput): Promise<Result<MeetingView>> =>
  wrap(await api('PUT', `/api/meetings/${enc(id)}/answer`, a));

/** An invited unit names who attends for it (that unit's administrator): an active person of the unit. */
export const answerForUnit = async (
  id: string,
  unitId: string,
  attendeeId: string,
): Promise<Result<MeetingView>> =>
  wrap(await api('PUT', `/api/meetings/${enc(id)}/units/${enc(unitId)}/answer`, { attendeeId }));

/** The active persons of one unit (whom its administrator may name). */
export const fetchUnitPersons = async (unitId: string): Promise<Result<PersonEntry[]>> =>
  wrap(await api('GET', `/api/persons?unitId=${enc(unitId)}&active=true`));

export const assignSeat = async (
  id: string,
  seat: number,
  personId: string | null,
): Promise<Result<MeetingView>> =>
  wrap(await api('PUT', `/api/meetings/${enc(id)}/seats/${seat}`, { personId }));

export const moveAgenda = async (id: string, itemId: string | null): Promise<Result<MeetingView>> =>
  wrap(await api('POST', `/api/meetings/${enc(id)}/agenda`, { itemId }));

export const fetchAttendance = async (id: string): Promise<Result<AttendanceRow[]>> =>
  wrap(await api('GET', `/api/meetings/${enc(id)}/attendance`));

export const markAttendance = async (seat: number, present: boolean): Promise<Result<unknown>> =>
  wrap(await api('PUT', `/api/attendance/${seat}`, { present }));

/** The chair pauses or resumes recording and transcription of the meeting in progress (issue 5). */
export const stepRecording = async (step: 'pause' | 'resume'): Promise<Result<unknown>> =>
  wrap(await api('POST', `/api/recording/${step}`, {}));

// ---------------------------------------------------------------------------------------------------
// The directory for the pickers: every active person and unit, fetched once per page and searched here
// (a province's directory is a few thousand names at most).

export const persons = signal<PersonEntry[] | null>(null);
export const units = signal<UnitEntry[] | null>(null);
let directoryLoad: Promise<void> | null = null;

export function loadDirectory(): Promise<void> {
  directoryLoad ??= (async () => {
    const [p, u] = await Promise.all([api('GET', '/api/persons?active=true'), api('GET', '/api/units')]);
    if (p.ok) persons.value = p.data as PersonEntry[];
    if (u.ok) units.value = (u.data as UnitEntry[]).filter((x) => x.active);
    if (!p.ok || !u.ok) directoryLoad = null;
  })();
  return directoryLoad;
}

/** Lower case without diacritics, so "nguyen van" finds "Nguyễn Văn" and "đ" matches "d". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

export function matches(query: string, ...texts: (string | null | undefined)[]): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = fold(texts.filter(Boolean).join(' '));
  return words.every((w) => hay.includes(w));
}

export const personById = (id: string | null | undefined): PersonEntry | null =>
  (id && persons.value?.find((p) => p.id === id)) || null;
export const unitById = (id: string | null | undefined): UnitEntry | null =>
  (id && units.value?.find((u) => u.id === id)) || null;

/** A person's name from the meeting's `names`, else from the directory, else the id. */
export function nameOf(m: Pick<MeetingView, 'names'> | null, id: string | null | undefined): string {
  if (!id) return '';
  return m?.names[id] ?? personById(id)?.fullName ?? id;
}

export function unitNameOf(m: Pick<MeetingView, 'unitNames'> | null, id: string | null | undefined): string {
  if (!id) return '';
  return m?.unitNames[id] ?? unitById(id)?.name ?? id;
}

// ---------------------------------------------------------------------------------------------------
// Helpers the pages share.

/** A new agenda item id (the domain's id pattern: letters, digits, _ and -). */
export function newItemId(): string {
  return `i${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

/** `datetime-local` value (local time) for a time in ms, and back. */
export function toLocalInput(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fromLocalInput(v: string): number | null {
  if (!v) return null;
  const ms = new Date(v).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Statuses in which the meeting is in the room now. */
export const LIVE_STATUSES: readonly MeetingStatus[] = ['in_progress', 'paused'];
export const PAST_STATUSES: readonly MeetingStatus[] = ['ended', 'archived', 'cancelled'];
/** Steps and the statuses they start from (domain/meeting.ts MEETING_STEPS_FROM, the ones the pages offer). */
export const STEP_FROM = {
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
  answer: ['published'],
  assignSeat: ['draft', 'submitted', 'approved', 'returned', 'published', 'in_progress', 'paused'],
} as const satisfies Partial<Record<MeetingStep, readonly MeetingStatus[]>>;

export const canStepNow = (m: MeetingView, step: keyof typeof STEP_FROM): boolean =>
  (STEP_FROM[step] as readonly MeetingStatus[]).includes(m.status);

/** What this person may do with this meeting right now (permissions.ts, by the meeting's roles). */
export function abilities(m: MeetingView, globalRoles: readonly GlobalRole[]) {
  const r = new Set(m.myRoles);
  const admin = globalRoles.includes('sysadmin');
  const organiser = r.has('organiser') || admin;
  return {
    edit: organiser && canStepNow(m, 'update'),
    submit: organiser && canStepNow(m, 'submit'),
    approve: r.has('approver') && canStepNow(m, 'approve'),
    publish: organiser && canStepNow(m, 'publish'),
    run: r.has('chair'),
    start: r.has('chair') && canStepNow(m, 'start'),
    pause: r.has('chair') && canStepNow(m, 'pause'),
    resume: r.has('chair') && canStepNow(m, 'resume'),
    end: r.has('chair') && canStepNow(m, 'end'),
    archive: (r.has('organiser') || r.has('secretary') || admin) && canStepNow(m, 'archive'),
    cancel: (r.has('organiser') || r.has('approver') || admin) && canStepNow(m, 'cancel'),
    seatPlan: (r.has('organiser') || r.has('secretary') || r.has('chair')) && canStepNow(m, 'assignSeat'),
    answer: r.has('invitee') && m.answersOpen,
    invitee: r.has('invitee'),
    unitAdmin: r.has('unit_admin'),
    seesAnswers: m.summary !== null,
  };
}

/**
 * The invited units this person names the attendee for: their own unit, when they administer it
 * (`myRoles` has `unit_admin` once the meeting is published) and it is on the invitation.
 */
export function unitsToAnswer(m: MeetingView, person: { unitId: string } | null): string[] {
  if (!person || !m.myRoles.includes('unit_admin')) return [];
  return (m.fields.invitedUnits ?? []).filter((u) => u === person.unitId);
}

// ---------------------------------------------------------------------------------------------------
// A paired seat tablet acts with its device key (api.ts sends it on every request from /seat/…), so
// what the person logged in on that tablet may read is asked without the key: the session cookie
// alone. Reads only: nothing is changed as the person from a paired screen.

async function personGet<T>(path: string): Promise<T | null> {
  try {
    const res = await fetch(path, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
    });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

/** Who is logged in in this browser, whatever key the page acts with (null: nobody). */
export async function sessionPerson(): Promise<{ id: string; name: string } | null> {
  const s = await personGet<{ principal?: { role?: string; person?: { id: string; name: string } } }>(
    '/api/auth/session',
  );
  return s?.principal?.role === 'person' && s.principal.person ? s.principal.person : null;
}

/** That person's meetings (GET /api/meetings with the cookie only). */
export const personMeetings = (): Promise<MeetingView[] | null> => personGet<MeetingView[]>('/api/meetings');
