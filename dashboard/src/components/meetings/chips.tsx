// Small labels of a meeting: its status (one colour per step), "Mật", the caller's roles, an answer.
import type { MeetingStatus } from '../../../../appliance/src/domain/meeting.ts';
import type { MeetingRole } from '../../../../appliance/src/http/permissions.ts';
import { type AnswerKind, tm } from '../../i18n-meetings.ts';
import './meetings.css';

export function StatusChip({ status, large = false }: { status: MeetingStatus; large?: boolean }) {
  return (
    <span
      class={`mtg-status mtg-status--${status}${large ? ' mtg-status--large' : ''}`}
      data-testid="meeting-status"
      data-status={status}
    >
      {tm.value.status[status]}
    </span>
  );
}

export function SecretChip() {
  const m = tm.value;
  return (
    <span class="mtg-chip mtg-chip--secret" title={m.secretHint} data-testid="secret-chip">
      {m.secret}
    </span>
  );
}

/** The caller's roles in the meeting; `invitee` is left out when they also attend as a delegate. */
export function RoleChips({ roles }: { roles: readonly MeetingRole[] }) {
  const m = tm.value;
  const shown = roles.filter((r) => !(r === 'invitee' && roles.includes('delegate')));
  if (shown.length === 0) return null;
  return (
    <span class="mtg-roles" data-testid="my-roles">
      {shown.map((r) => (
        <span key={r} class={`mtg-chip mtg-chip--role mtg-chip--${r}`} data-role={r}>
          {m.roles[r]}
        </span>
      ))}
    </span>
  );
}

export function AnswerChip({ answer }: { answer: AnswerKind | 'pending' }) {
  return (
    <span class={`mtg-chip mtg-chip--answer mtg-chip--${answer}`} data-answer={answer}>
      {tm.value.answer[answer]}
    </span>
  );
}
