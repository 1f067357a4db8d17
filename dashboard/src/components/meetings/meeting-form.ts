// The organiser's form as the editor holds it (strings for the time inputs, '' for "not chosen"),
// converted from the meeting's fields and back; and the PATCH of only what changed, with `null` for
// an optional field that was emptied (MeetingPatchSchema).
import type {
  AgendaItem,
  MeetingForm as Form,
  MeetingDraft,
  MeetingKind,
  MeetingLanguage,
  MeetingPatch,
} from '../../../../appliance/src/domain/meeting.ts';
import type { FieldName } from '../../i18n-meetings.ts';
import { fromLocalInput, toLocalInput } from '../../meetings.ts';

export interface FormItem {
  id: string;
  title: string;
  presenter: string;
  /** As typed: '' or a whole number of minutes. */
  minutes: string;
}

export interface MeetingFormState {
  title: string;
  kind: MeetingKind;
  form: Form | '';
  secret: boolean;
  language: MeetingLanguage;
  invitationNumber: string;
  invitationText: string;
  agenda: FormItem[];
  startsAt: string;
  endsAt: string;
  answerDeadline: string;
  roomId: string;
  location: string;
  chairId: string;
  secretaryId: string;
  approverId: string;
  preparerId: string;
  preparingUnitId: string;
  invitedUnits: string[];
  invitedPersons: string[];
  supportStaff: string[];
}

/** A new meeting: tomorrow 08:00–11:00 in this room, prepared by whoever registers it. */
export function blankForm(roomId: string, me: { id: string; unitId: string } | null): MeetingFormState {
  const start = new Date();
  start.setDate(start.getDate() + 1);
  start.setHours(8, 0, 0, 0);
  const end = new Date(start);
  end.setHours(11);
  return {
    title: '',
    kind: 'regular',
    form: '',
    secret: false,
    language: 'vi',
    invitationNumber: '',
    invitationText: '',
    agenda: [],
    startsAt: toLocalInput(start.getTime()),
    endsAt: toLocalInput(end.getTime()),
    answerDeadline: '',
    roomId,
    location: '',
    chairId: '',
    secretaryId: '',
    approverId: '',
    preparerId: me?.id ?? '',
    preparingUnitId: me?.unitId ?? '',
    invitedUnits: [],
    invitedPersons: [],
    supportStaff: [],
  };
}

export function formOf(f: MeetingDraft): MeetingFormState {
  return {
    title: f.title,
    kind: f.kind,
    form: f.form ?? '',
    secret: f.secret ?? false,
    language: f.language ?? 'vi',
    invitationNumber: f.invitation?.number ?? '',
    invitationText: f.invitation?.text ?? '',
    agenda: (f.agenda ?? []).map((a) => ({
      id: a.id,
      title: a.title,
      presenter: a.presenter ?? '',
      minutes: a.minutes === undefined ? '' : String(a.minutes),
    })),
    startsAt: toLocalInput(f.startsAt),
    endsAt: toLocalInput(f.endsAt),
    answerDeadline: toLocalInput(f.answerDeadline),
    roomId: f.roomId ?? '',
    location: f.location ?? '',
    chairId: f.chairId ?? '',
    secretaryId: f.secretaryId ?? '',
    approverId: f.approverId ?? '',
    preparerId: f.preparerId ?? '',
    preparingUnitId: f.preparingUnitId ?? '',
    invitedUnits: [...(f.invitedUnits ?? [])],
    invitedPersons: [...(f.invitedPersons ?? [])],
    supportStaff: [...(f.supportStaff ?? [])],
  };
}

const item = (a: FormItem): AgendaItem => {
  const minutes = Number.parseInt(a.minutes, 10);
  return {
    id: a.id,
    title: a.title.trim(),
    ...(a.presenter ? { presenter: a.presenter } : {}),
    ...(Number.isInteger(minutes) && minutes > 0 ? { minutes } : {}),
  };
};

/** The same order of keys the editor sends, so unchanged values compare equal. */
const normItem = (a: AgendaItem): AgendaItem => ({
  id: a.id,
  title: a.title,
  ...(a.presenter ? { presenter: a.presenter } : {}),
  ...(a.minutes !== undefined ? { minutes: a.minutes } : {}),
});

/** Every field the form says, as the API takes them; `null`: removed. */
function fieldsOf(s: MeetingFormState): Record<keyof MeetingPatch, unknown> {
  const text = s.invitationText;
  const number = s.invitationNumber.trim();
  return {
    title: s.title.trim(),
    kind: s.kind,
    form: s.form || null,
    secret: s.secret,
    language: s.language,
    invitation: text.trim() || number ? { ...(number ? { number } : {}), text } : null,
    agenda: s.agenda.map(item),
    startsAt: fromLocalInput(s.startsAt),
    endsAt: fromLocalInput(s.endsAt),
    roomId: s.roomId || null,
    location: s.location.trim() || null,
    chairId: s.chairId || null,
    secretaryId: s.secretaryId || null,
    approverId: s.approverId || null,
    preparerId: s.preparerId || null,
    preparingUnitId: s.preparingUnitId || null,
    invitedUnits: s.invitedUnits,
    invitedPersons: s.invitedPersons,
    supportStaff: s.supportStaff,
    answerDeadline: fromLocalInput(s.answerDeadline),
  };
}

function storedOf(f: MeetingDraft): Record<keyof MeetingPatch, unknown> {
  return {
    title: f.title,
    kind: f.kind,
    form: f.form ?? null,
    secret: f.secret ?? false,
    language: f.language ?? 'vi',
    invitation: f.invitation
      ? { ...(f.invitation.number ? { number: f.invitation.number } : {}), text: f.invitation.text }
      : null,
    agenda: (f.agenda ?? []).map(normItem),
    startsAt: f.startsAt,
    endsAt: f.endsAt,
    roomId: f.roomId ?? null,
    location: f.location ?? null,
    chairId: f.chairId ?? null,
    secretaryId: f.secretaryId ?? null,
    approverId: f.approverId ?? null,
    preparerId: f.preparerId ?? null,
    preparingUnitId: f.preparingUnitId ?? null,
    invitedUnits: f.invitedUnits ?? [],
    invitedPersons: f.invitedPersons ?? [],
    supportStaff: f.supportStaff ?? [],
    answerDeadline: f.answerDeadline ?? null,
  };
}

/** Only what differs from the stored meeting. */
export function patchOf(stored: MeetingDraft, s: MeetingFormState): MeetingPatch {
  const now = fieldsOf(s);
  const before = storedOf(stored);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(now) as (keyof MeetingPatch)[]) {
    if (JSON.stringify(now[key]) !== JSON.stringify(before[key])) patch[key] = now[key];
  }
  return patch as MeetingPatch;
}

/** A new meeting's body: what is filled in (the server sets the rest). */
export function draftOf(s: MeetingFormState): MeetingDraft {
  const all = fieldsOf(s);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as unknown as MeetingDraft;
}

/** What the page can say before asking the appliance (which checks everything again). */
export function formProblems(s: MeetingFormState): Partial<Record<FieldName, 'required' | 'order'>> {
  const p: Partial<Record<FieldName, 'required' | 'order'>> = {};
  if (!s.title.trim()) p.title = 'required';
  const start = fromLocalInput(s.startsAt);
  const end = fromLocalInput(s.endsAt);
  const deadline = fromLocalInput(s.answerDeadline);
  if (start === null) p.startsAt = 'required';
  if (end === null) p.endsAt = 'required';
  if (start !== null && end !== null && end <= start) p.endsAt = 'order';
  if (start !== null && deadline !== null && deadline > start) p.answerDeadline = 'order';
  if (s.agenda.some((a) => !a.title.trim())) p.agenda = 'required';
  return p;
}
