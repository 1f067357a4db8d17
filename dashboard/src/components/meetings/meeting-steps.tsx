// The lifecycle (R-MTG-2, R-MTG-3, R-ROOM-1): the steps this person may take now, each with what it
// needs (a reason to return or cancel, a confirmation to publish late, a second press to end), the
// appliance's refusal shown under the buttons; and the timeline of the steps taken so far.
import { useEffect, useState } from 'preact/hooks';
import { meetingErrorText, type StepName, type TimelineKind, tm } from '../../i18n-meetings.ts';
import { type abilities, type MeetingView, nameOf, stepMeeting } from '../../meetings.ts';
import { clockDate, leadTime } from './format.ts';
import './meetings.css';

type Can = ReturnType<typeof abilities>;

interface Props {
  meeting: MeetingView;
  can: Can;
  /** Unsaved edits: saved before submitting. Resolves false when the save was refused. */
  saveFirst: (() => Promise<boolean>) | null;
  onChanged: (m: MeetingView) => void;
}

export function MeetingSteps({ meeting: mt, can, saveFirst, onChanged }: Props) {
  const m = tm.value;
  const [busy, setBusy] = useState<StepName | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [done, setDone] = useState<StepName | null>(null);
  const [asking, setAsking] = useState<'return' | 'cancel' | 'publish' | null>(null);
  const [reason, setReason] = useState('');
  const [confirmEnd, setConfirmEnd] = useState(false);
  useEffect(() => {
    if (!confirmEnd) return;
    const timer = setTimeout(() => setConfirmEnd(false), 4000);
    return () => clearTimeout(timer);
  }, [confirmEnd]);
  // Another step (here or elsewhere) moved the meeting on: what was being asked no longer applies.
  useEffect(() => {
    setAsking(null);
    setConfirmEnd(false);
  }, [mt.status]);

  const go = async (step: StepName, why?: string) => {
    setBusy(step);
    setError(null);
    setDone(null);
    try {
      if (step === 'submit' && saveFirst && !(await saveFirst())) return;
      const r = await stepMeeting(mt.id, step, why);
      if (!r.ok) {
        setError({ code: r.code, message: r.message });
        return;
      }
      setAsking(null);
      setReason('');
      setDone(step);
      onChanged(r.data);
    } finally {
      setBusy(null);
    }
  };

  const late = mt.status === 'approved' ? mt.noticeNow : null;
  const button = (step: StepName, cls = 'btn', onClick?: () => void) => (
    <button
      type="button"
      class={cls}
      data-step={step}
      disabled={busy !== null}
      onClick={onClick ?? (() => void go(step))}
    >
      {m.steps[step]}
    </button>
  );

  const buttons = [
    can.submit ? button('submit', 'btn btn--primary') : null,
    can.approve ? button('approve', 'btn btn--primary') : null,
    can.approve ? button('return', 'btn', () => setAsking('return')) : null,
    can.publish
      ? button('publish', 'btn btn--primary', () => (late?.late ? setAsking('publish') : void go('publish')))
      : null,
    can.start ? button('start', 'btn btn--primary') : null,
    can.resume ? button('resume', 'btn btn--primary') : null,
    can.pause ? button('pause', 'btn') : null,
    can.end ? (
      <button
        type="button"
        class={confirmEnd ? 'btn btn--danger' : 'btn btn--danger-soft'}
        data-step="end"
        disabled={busy !== null}
        onClick={() => (confirmEnd ? void go('end') : setConfirmEnd(true))}
      >
        {confirmEnd ? m.confirmEnd : m.steps.end}
      </button>
    ) : null,
    can.archive ? button('archive', 'btn btn--primary') : null,
    can.cancel ? button('cancel', 'btn btn--danger-soft', () => setAsking('cancel')) : null,
  ].filter(Boolean);

  return (
    <section class="mtg-card mtg-steps" aria-labelledby="h-steps" data-testid="meeting-steps">
      <h2 class="mtg-card__title" id="h-steps">
        {m.nextStep}
      </h2>
      <p class="mtg-steps__hint">{m.statusHint[mt.status]}</p>

      {mt.status === 'draft' || mt.status === 'returned' ? <MissingList meeting={mt} /> : null}

      {late?.late && can.publish ? (
        <div class="mtg-warning" role="alert" data-testid="late-warning">
          <strong class="mtg-warning__title">{m.lateTitle}</strong>
          <span>
            {m.lateBody(m.kind[mt.fields.kind], leadTime(late.requiredMinutes), leadTime(late.actualMinutes))}
          </span>
        </div>
      ) : null}

      {asking === 'publish' && late ? (
        <div class="mtg-ask" data-testid="confirm-late">
          <button
            type="button"
            class="btn btn--danger"
            data-testid="confirm-publish"
            disabled={busy !== null}
            onClick={() => void go('publish')}
          >
            {m.lateConfirm}
          </button>
          <button type="button" class="btn btn--ghost" onClick={() => setAsking(null)}>
            {m.back}
          </button>
        </div>
      ) : null}

      {asking === 'return' || asking === 'cancel' ? (
        <form
          class="mtg-ask mtg-ask--reason"
          data-testid={`ask-${asking}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) void go(asking, reason.trim());
          }}
        >
          <label class="mtg-field mtg-field--wide">
            <span class="field__label">{asking === 'return' ? m.returnReason : m.cancelReason}</span>
            <textarea
              class="field__control mtg-textarea"
              rows={3}
              maxLength={1000}
              required
              placeholder={asking === 'return' ? m.returnReasonPlaceholder : m.cancelReasonPlaceholder}
              value={reason}
              data-testid="reason"
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          <div class="mtg-ask__buttons">
            <button
              type="submit"
              class={asking === 'return' ? 'btn btn--primary' : 'btn btn--danger'}
              data-testid="confirm-reason"
              disabled={busy !== null || !reason.trim()}
            >
              {asking === 'return' ? m.confirmReturn : m.confirmCancel}
            </button>
            <button type="button" class="btn btn--ghost" onClick={() => setAsking(null)}>
              {m.back}
            </button>
          </div>
        </form>
      ) : null}

      {asking === null ? (
        buttons.length > 0 ? (
          <div class="mtg-steps__buttons">{buttons}</div>
        ) : (
          <p class="empty">{m.noSteps}</p>
        )
      ) : null}
      {saveFirst && can.submit ? <p class="mtg-muted">{m.saveFirst}</p> : null}

      {error ? (
        <p class="mtg-error" role="alert" data-testid="step-error" data-code={error.code}>
          {meetingErrorText(error.code, error.message)}
        </p>
      ) : null}
      {done && !error ? (
        <p class="mtg-ok" role="status" data-testid="step-done" data-step={done}>
          {m.stepDone[done]}
          {done === 'publish' && mt.published?.late
            ? ` ${m.lateRecorded(leadTime(mt.published.late.requiredMinutes), leadTime(mt.published.late.actualMinutes))}`
            : ''}
        </p>
      ) : null}
      {can.run && (mt.status === 'in_progress' || mt.status === 'paused') ? (
        <a class="btn btn--wide mtg-steps__console" href="/chair" data-testid="open-chair">
          {m.openChairConsole}
        </a>
      ) : null}
    </section>
  );
}

/** What the server says is still missing before a submission, as a checklist linking to the fields. */
export function MissingList({ meeting: mt }: { meeting: MeetingView }) {
  const m = tm.value;
  const anchor: Record<string, string> = {
    'invitation text': 'invitationText',
    'agenda (at least one item)': 'agenda',
    'invitees (at least one unit or person)': 'invitedPersons',
  };
  if (mt.missing.length === 0) {
    return (
      <p class="mtg-ok" data-testid="missing-none">
        {m.missingNone}
      </p>
    );
  }
  return (
    <div class="mtg-missing" data-testid="missing">
      <h3 class="mtg-missing__title">{m.missingTitle}</h3>
      <ul class="mtg-missing__list">
        {mt.missing.map((k) => (
          <li key={k} data-missing={k}>
            <a href={`#f-${anchor[k] ?? k}`}>{m.missing[k] ?? k}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface Step {
  kind: TimelineKind;
  at: number;
  by?: string | null;
  note?: string;
  tone?: 'warn' | 'bad' | 'ok';
}

/** The steps this meeting has been through, oldest first, from what the meeting view keeps. */
export function timelineOf(mt: MeetingView): Step[] {
  const m = tm.value;
  const steps: Step[] = [{ kind: 'created', at: mt.createdAt, by: mt.organiserId }];
  if (mt.returned) {
    steps.push({
      kind: 'returned',
      at: mt.returned.at,
      by: mt.returned.by,
      note: m.reason(mt.returned.reason),
      tone: 'bad',
    });
  }
  if (mt.submittedAt !== null) {
    const again = mt.returned !== null && mt.submittedAt > mt.returned.at;
    steps.push({ kind: again ? 'resubmitted' : 'submitted', at: mt.submittedAt });
  }
  if (mt.approval) steps.push({ kind: 'approved', at: mt.approval.at, by: mt.approval.by, tone: 'ok' });
  if (mt.published) {
    const late = mt.published.late;
    steps.push({
      kind: 'published',
      at: mt.published.at,
      ...(late
        ? {
            note: m.lateRecorded(leadTime(late.requiredMinutes), leadTime(late.actualMinutes)),
            tone: 'warn' as const,
          }
        : { note: m.onTime(leadTime(Math.floor((mt.fields.startsAt - mt.published.at) / 60_000))) }),
    });
  }
  if (mt.startedAt !== null) steps.push({ kind: 'started', at: mt.startedAt });
  if (mt.pausedAt !== null) steps.push({ kind: 'paused', at: mt.pausedAt });
  if (mt.endedAt !== null) steps.push({ kind: 'ended', at: mt.endedAt });
  if (mt.status === 'archived') steps.push({ kind: 'archived', at: mt.updatedAt });
  if (mt.cancelled) {
    steps.push({
      kind: 'cancelled',
      at: mt.cancelled.at,
      by: mt.cancelled.by,
      note: m.reason(mt.cancelled.reason),
      tone: 'bad',
    });
  }
  return steps.sort((a, b) => a.at - b.at);
}

export function MeetingTimeline({ meeting: mt }: { meeting: MeetingView }) {
  const m = tm.value;
  const steps = timelineOf(mt);
  return (
    <section class="mtg-card" aria-labelledby="h-timeline" data-testid="timeline">
      <h2 class="mtg-card__title" id="h-timeline">
        {m.timeline}
      </h2>
      <ol class="mtg-timeline">
        {steps.map((s) => (
          <li
            key={`${s.kind}-${s.at}`}
            class={`mtg-timeline__item${s.tone ? ` mtg-timeline__item--${s.tone}` : ''}`}
            data-kind={s.kind}
          >
            <span class="mtg-timeline__dot" aria-hidden="true" />
            <div class="mtg-timeline__body">
              <div class="mtg-timeline__head">
                <span class="mtg-timeline__what">{m.event[s.kind]}</span>
                <time class="mtg-timeline__at">{clockDate(s.at)}</time>
              </div>
              {s.by ? <span class="mtg-timeline__by">{m.by(nameOf(mt, s.by))}</span> : null}
              {s.note ? <span class="mtg-timeline__note">{s.note}</span> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
