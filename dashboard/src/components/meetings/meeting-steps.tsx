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
          <p class="empty">{can.unitAdmin && mt.answersOpen ? m.unitStepHint : m.noSteps}</p>
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
  kind: TimelineKind | null;
  /** The event type, for a step this page has no words for. */
  type: string;
  at: number;
  by: string | null;
  name: string | null;
  /** The second return, the third submission…: 2, 3; 1 for the first. */
  nth: number;
  note?: string;
  tone?: 'warn' | 'bad' | 'ok';
}

const KIND: Record<string, TimelineKind> = {
  'meeting.created': 'created',
  'meeting.submitted': 'submitted',
  'meeting.returned': 'returned',
  'meeting.approved': 'approved',
  'meeting.published': 'published',
  'meeting.started': 'started',
  'meeting.paused': 'paused',
  'meeting.resumed': 'resumed',
  'meeting.ended': 'ended',
  'meeting.archived': 'archived',
  'meeting.cancelled': 'cancelled',
};

/**
 * The steps this meeting has been through, oldest first, from the event log (`history` of
 * GET /api/meetings/:id): every submission and every return with its reason, not only the latest.
 * A submission after a return is _Trình duyệt lại_.
 */
export function timelineOf(mt: MeetingView): Step[] {
  const m = tm.value;
  const seen = new Map<string, number>();
  let returned = false;
  return (mt.history ?? []).map((h) => {
    const nth = (seen.get(h.type) ?? 0) + 1;
    seen.set(h.type, nth);
    const step: Step = { kind: KIND[h.type] ?? null, type: h.type, at: h.at, by: h.by, name: h.name, nth };
    switch (step.kind) {
      case 'submitted':
        if (returned) step.kind = 'resubmitted';
        break;
      case 'returned':
        returned = true;
        step.tone = 'bad';
        if (h.reason) step.note = m.reason(h.reason);
        break;
      case 'approved':
        step.tone = 'ok';
        break;
      case 'published': {
        const n = h.notice;
        if (n?.late) {
          step.tone = 'warn';
          step.note = m.lateRecorded(leadTime(n.requiredMinutes), leadTime(n.actualMinutes));
        } else if (n) {
          step.note = m.onTime(leadTime(n.actualMinutes));
        }
        break;
      }
      case 'cancelled':
        step.tone = 'bad';
        if (h.reason) step.note = m.reason(h.reason);
        break;
      default:
        break;
    }
    return step;
  });
}

export function MeetingTimeline({ meeting: mt }: { meeting: MeetingView }) {
  const m = tm.value;
  const steps = timelineOf(mt);
  return (
    <section class="mtg-card" aria-labelledby="h-timeline" data-testid="timeline">
      <h2 class="mtg-card__title" id="h-timeline">
        {m.timeline}
      </h2>
      {mt.history === undefined ? <p class="empty">{m.loading}</p> : null}
      {mt.history !== undefined && steps.length === 0 ? <p class="empty">{m.timelineEmpty}</p> : null}
      <ol class="mtg-timeline">
        {steps.map((s, i) => (
          <li
            key={`${i}-${s.type}-${s.at}`}
            class={`mtg-timeline__item${s.tone ? ` mtg-timeline__item--${s.tone}` : ''}`}
            data-kind={s.kind ?? s.type}
            data-nth={s.nth}
          >
            <span class="mtg-timeline__dot" aria-hidden="true" />
            <div class="mtg-timeline__body">
              <div class="mtg-timeline__head">
                <span class="mtg-timeline__what">
                  {s.kind ? m.event[s.kind] : s.type}
                  {s.nth > 1 && (s.kind === 'returned' || s.kind === 'resubmitted') ? (
                    <span class="mtg-timeline__nth"> {m.nth(s.nth)}</span>
                  ) : null}
                </span>
                <time class="mtg-timeline__at" dateTime={new Date(s.at).toISOString()}>
                  {clockDate(s.at)}
                </time>
              </div>
              {s.by ? (
                <span class="mtg-timeline__by" data-by={s.by}>
                  {m.by(s.name ?? nameOf(mt, s.by))}
                </span>
              ) : null}
              {s.note ? <span class="mtg-timeline__note">{s.note}</span> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
