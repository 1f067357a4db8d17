// The invitation (giấy mời) as an invitee receives it, their answer (R-ATT-1: attend, send a
// substitute who takes the seat and the rights, or decline with a reason; changeable until the
// deadline, read-only after it), and the answers as the organiser, chair and secretary follow them.
import { useEffect, useState } from 'preact/hooks';
import { type AnswerKind, meetingErrorText, tm } from '../../i18n-meetings.ts';
import { answerMeeting, type MeetingView, nameOf, unitNameOf } from '../../meetings.ts';
import { view } from '../../room-store.ts';
import { AnswerChip, SecretChip } from './chips.tsx';
import { clockDate, span } from './format.ts';
import { PersonPicker } from './pickers.tsx';
import './meetings.css';

/** Where: the room's name when it is this appliance's room, then the location as typed. */
export function whereOf(mt: MeetingView): string {
  const room = view.value?.room;
  const roomName = mt.fields.roomId && room && room.id === mt.fields.roomId ? room.name : mt.fields.roomId;
  return [roomName, mt.fields.location].filter(Boolean).join(' · ');
}

export function InvitationCard({ meeting: mt }: { meeting: MeetingView }) {
  const m = tm.value;
  const f = mt.fields;
  return (
    <article class="mtg-card mtg-invitation" data-testid="invitation">
      <header class="mtg-invitation__head">
        <span class="mtg-invitation__kicker">{m.invitationTitle}</span>
        {f.invitation?.number ? (
          <span class="mtg-invitation__no" data-testid="invitation-number">
            {m.invitationNo(f.invitation.number)}
          </span>
        ) : null}
        {f.secret ? <SecretChip /> : null}
      </header>
      <h2 class="mtg-invitation__title">{f.title}</h2>
      <dl class="mtg-facts">
        <dt>{m.when}</dt>
        <dd data-testid="invitation-when">{span(f.startsAt, f.endsAt)}</dd>
        <dt>{m.where}</dt>
        <dd>{whereOf(mt) || '—'}</dd>
        {f.form ? (
          <>
            <dt>{m.field.form}</dt>
            <dd>{m.form[f.form]}</dd>
          </>
        ) : null}
        {f.chairId ? (
          <>
            <dt>{m.chairedBy}</dt>
            <dd>{nameOf(mt, f.chairId)}</dd>
          </>
        ) : null}
        {(f.invitedPersons ?? []).length + (f.invitedUnits ?? []).length > 0 ? (
          <>
            <dt>{m.attendees}</dt>
            <dd data-testid="invitation-attendees">
              {[
                ...(f.invitedPersons ?? []).map((id) => nameOf(mt, id)),
                ...(f.invitedUnits ?? []).map((id) => unitNameOf(mt, id)),
              ].join('; ')}
            </dd>
          </>
        ) : null}
      </dl>
      {(f.agenda ?? []).length > 0 ? (
        <>
          <h3 class="mtg-invitation__sub">{m.agendaTitle}</h3>
          <ol class="mtg-agenda">
            {(f.agenda ?? []).map((a) => (
              <li key={a.id} class="mtg-agenda__item">
                <span class="mtg-agenda__title">{a.title}</span>
                <span class="mtg-agenda__meta">
                  {[
                    a.presenter ? m.presentedBy(nameOf(mt, a.presenter)) : '',
                    a.minutes ? m.minutesShort(a.minutes) : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {f.invitation?.text ? <p class="mtg-invitation__text">{f.invitation.text}</p> : null}
    </article>
  );
}

export function AnswerForm({
  meeting: mt,
  meId,
  onChanged,
}: {
  meeting: MeetingView;
  meId: string;
  onChanged: (m: MeetingView) => void;
}) {
  const m = tm.value;
  const current = mt.answers[meId] ?? null;
  const [choice, setChoice] = useState<AnswerKind | null>(current?.answer ?? null);
  const [substituteId, setSubstituteId] = useState(
    current?.answer === 'substitute' ? current.substituteId : '',
  );
  const [note, setNote] = useState(current?.answer === 'substitute' ? (current.note ?? '') : '');
  const [reason, setReason] = useState(current?.answer === 'decline' ? current.reason : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [saved, setSaved] = useState(false);
  // The answer changed elsewhere (another device): show it.
  useEffect(() => {
    setChoice(current?.answer ?? null);
    if (current?.answer === 'substitute') setSubstituteId(current.substituteId);
    if (current?.answer === 'decline') setReason(current.reason);
  }, [current?.at]);

  const open = mt.answersOpen;
  const f = mt.fields;
  // Who cannot stand in: the invitee, and everyone who already takes part in another capacity.
  const taken = [
    meId,
    f.chairId,
    f.secretaryId,
    ...(f.invitedPersons ?? []),
    ...(f.supportStaff ?? []),
    ...Object.entries(mt.answers)
      .filter(([pid, a]) => pid !== meId && a.answer === 'substitute')
      .map(([, a]) => (a.answer === 'substitute' ? a.substituteId : '')),
  ].filter((x): x is string => !!x);

  const ready =
    choice === 'attend' ||
    (choice === 'substitute' && !!substituteId) ||
    (choice === 'decline' && reason.trim().length > 0);

  const send = async (e: Event) => {
    e.preventDefault();
    if (!choice || !ready) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    const body =
      choice === 'attend'
        ? { answer: 'attend' as const }
        : choice === 'substitute'
          ? { answer: 'substitute' as const, substituteId, ...(note.trim() ? { note: note.trim() } : {}) }
          : { answer: 'decline' as const, reason: reason.trim() };
    const r = await answerMeeting(mt.id, body);
    setBusy(false);
    if (!r.ok) {
      setError({ code: r.code, message: r.message });
      return;
    }
    setSaved(true);
    onChanged(r.data);
  };

  return (
    <section
      class={`mtg-card mtg-answer${open ? ' mtg-answer--open' : ''}`}
      aria-labelledby="h-answer"
      data-testid="my-answer"
      data-answer={current?.answer ?? 'pending'}
      data-open={open}
    >
      <h2 class="mtg-card__title" id="h-answer">
        {m.yourAnswer}
        <AnswerChip answer={current?.answer ?? 'pending'} />
      </h2>
      <p class={open ? 'mtg-answer__deadline' : 'mtg-answer__deadline mtg-answer__deadline--closed'}>
        {open
          ? m.deadline(clockDate(mt.answerDeadline))
          : mt.status === 'published'
            ? m.deadlinePassed(clockDate(mt.answerDeadline))
            : m.answersNotOpen}
      </p>
      {current ? (
        <p class="mtg-muted" data-testid="answered-at">
          {m.answeredAt(clockDate(current.at))}
          {current.answer === 'substitute' ? ` · ${m.sendsSubstitute(nameOf(mt, current.substituteId))}` : ''}
          {current.answer === 'decline' ? ` · ${m.reason(current.reason)}` : ''}
        </p>
      ) : (
        <p class="mtg-muted">{m.notAnswered}</p>
      )}
      {open ? (
        <form class="mtg-answer__form" onSubmit={send}>
          <fieldset class="mtg-choices" aria-label={m.choose}>
            {(['attend', 'substitute', 'decline'] as const).map((k) => (
              <label key={k} class={`mtg-choice mtg-choice--${k}${choice === k ? ' mtg-choice--on' : ''}`}>
                <input
                  type="radio"
                  name="answer"
                  value={k}
                  checked={choice === k}
                  data-testid={`answer-${k}`}
                  onChange={() => {
                    setChoice(k);
                    setSaved(false);
                  }}
                />
                <span>{m.answer[k]}</span>
              </label>
            ))}
          </fieldset>
          {choice === 'substitute' ? (
            <div class="mtg-answer__more">
              <p class="mtg-note" data-testid="substitute-explain">
                {m.substituteExplain}
              </p>
              <div class="mtg-field">
                <span class="field__label">{m.substituteWho}</span>
                <PersonPicker
                  testid="picker-substitute"
                  value={substituteId}
                  onChange={setSubstituteId}
                  exclude={taken}
                  fallbackName={(id) => nameOf(mt, id)}
                />
              </div>
              <label class="mtg-field">
                <span class="field__label">{m.substituteNote}</span>
                <input
                  class="field__control"
                  type="text"
                  maxLength={500}
                  value={note}
                  data-testid="substitute-note"
                  onInput={(e) => setNote(e.currentTarget.value)}
                />
              </label>
            </div>
          ) : null}
          {choice === 'decline' ? (
            <label class="mtg-field mtg-answer__more">
              <span class="field__label">{m.declineReason}</span>
              <textarea
                class="field__control mtg-textarea"
                rows={2}
                maxLength={500}
                placeholder={m.declineReasonPlaceholder}
                value={reason}
                data-testid="decline-reason"
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </label>
          ) : null}
          <button type="submit" class="btn btn--primary" data-testid="send-answer" disabled={busy || !ready}>
            {current ? m.changeAnswer : m.sendAnswer}
          </button>
          {error ? (
            <p class="mtg-error" role="alert" data-testid="answer-error" data-code={error.code}>
              {meetingErrorText(error.code, error.message)}
            </p>
          ) : null}
          {saved && !error ? (
            <p class="mtg-ok" role="status" data-testid="answer-saved">
              {m.answerSaved}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}

/** The answers so far (organiser, chair, secretary, approver): counts, then one row per invitee. */
export function AnswersPanel({ meeting: mt }: { meeting: MeetingView }) {
  const m = tm.value;
  const s = mt.summary;
  if (!s) return null;
  const invited = mt.fields.invitedPersons ?? [];
  const invitedUnits = mt.fields.invitedUnits ?? [];
  return (
    <section class="mtg-card" aria-labelledby="h-answers" data-testid="answers">
      <h2 class="mtg-card__title" id="h-answers">
        {m.answersTitle}
        <span class="mtg-live" title={m.liveUpdates}>
          <span class="mtg-live__dot" aria-hidden="true" />
          {m.liveUpdates}
        </span>
      </h2>
      <div class="mtg-summary" data-testid="answers-summary">
        {(['attend', 'substitute', 'decline', 'pending'] as const).map((k) => (
          <span key={k} class={`mtg-summary__item mtg-summary__item--${k}`} data-kind={k} data-count={s[k]}>
            <span class="mtg-summary__n">{s[k]}</span>
            <span class="mtg-summary__label">{m.answerShort[k]}</span>
          </span>
        ))}
      </div>
      {invitedUnits.length > 0 ? (
        <p class="mtg-muted">{m.unitsSummary(s.units.named, s.units.pending)}</p>
      ) : null}
      {invited.length === 0 && invitedUnits.length === 0 ? <p class="empty">{m.noInvitees}</p> : null}
      {invited.length > 0 ? (
        <table class="mtg-table" data-testid="answers-table">
          <thead>
            <tr>
              <th>{m.invitee}</th>
              <th>{m.answerCol}</th>
              <th>{m.detailCol}</th>
              <th>{m.timeCol}</th>
            </tr>
          </thead>
          <tbody>
            {invited.map((pid) => {
              const a = mt.answers[pid];
              return (
                <tr key={pid} data-person={pid} data-answer={a?.answer ?? 'pending'}>
                  <td class="mtg-table__name">{nameOf(mt, pid)}</td>
                  <td>
                    <AnswerChip answer={a?.answer ?? 'pending'} />
                  </td>
                  <td class="mtg-table__detail">
                    {a?.answer === 'substitute' ? (
                      <>
                        <strong>{nameOf(mt, a.substituteId)}</strong>
                        {a.note ? ` · ${a.note}` : ''}
                      </>
                    ) : a?.answer === 'decline' ? (
                      a.reason
                    ) : (
                      ''
                    )}
                  </td>
                  <td class="mtg-table__time">{a ? clockDate(a.at) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {invitedUnits.length > 0 ? (
        <>
          <h3 class="mtg-invitation__sub">{m.units}</h3>
          <ul class="mtg-unit-answers">
            {invitedUnits.map((uid) => {
              const a = mt.unitAnswers[uid];
              return (
                <li key={uid} data-unit={uid} data-attendee={a?.attendeeId ?? ''}>
                  <span class="mtg-table__name">{unitNameOf(mt, uid)}</span>
                  {a ? (
                    <span class="mtg-unit-answers__named">
                      <strong>{m.unitNamed(nameOf(mt, a.attendeeId))}</strong>
                      <span class="mtg-table__time">{m.unitNamedBy(clockDate(a.at), nameOf(mt, a.by))}</span>
                    </span>
                  ) : (
                    <span class="mtg-muted">{m.unitPending}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
