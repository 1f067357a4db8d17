// An invited unit names who attends for it (R-ATT-1): _Đơn vị được mời: cử người dự_, for the
// administrator of that unit (`myRoles` has `unit_admin` once the meeting is published). The unit,
// who it sends now, the deadline, a picker of the unit's active people (GET /api/persons?unitId=…)
// and PUT /api/meetings/:id/units/:unitId/answer, its refusals in words.
//
// Who the unit sends: the view's `unitAnswers` has it for those who follow the answers, not for the
// unit's administrator; for them it is the unit's row of GET /api/meetings/:id/attendance, else the
// person they have just named here.
import { useEffect, useState } from 'preact/hooks';
import { meetingErrorText, tm } from '../../i18n-meetings.ts';
import {
  answerForUnit,
  fetchAttendance,
  fetchUnitPersons,
  type MeetingView,
  nameOf,
  type PersonEntry,
  unitNameOf,
} from '../../meetings.ts';
import { clock, clockDate } from './format.ts';
import { PersonPicker } from './pickers.tsx';
import './meetings.css';

interface Named {
  attendeeId: string | null;
  /** When this was known: the newest of what attendance said and what was saved here wins. */
  known: number;
}

export function UnitAnswerPanel({
  meeting: mt,
  unitId,
  onChanged,
}: {
  meeting: MeetingView;
  unitId: string;
  onChanged: (m: MeetingView) => void;
}) {
  const m = tm.value;
  const [people, setPeople] = useState<PersonEntry[] | null>(null);
  const [fromAttendance, setFromAttendance] = useState<Named | null>(null);
  const [saved, setSaved] = useState<{ attendeeId: string; at: number } | null>(null);
  const [sayDone, setSayDone] = useState(false);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  /** `who`: the name of the person refused, said with the refusal (the picker is cleared). */
  const [error, setError] = useState<{ code: string; message: string; who: string } | null>(null);

  const loadPeople = async () => {
    const r = await fetchUnitPersons(unitId);
    if (r.ok) setPeople(r.data.filter((p) => p.active && p.unitId === unitId));
  };
  useEffect(() => {
    void loadPeople();
  }, [unitId]);

  const fromView = mt.unitAnswers[unitId] ?? null;
  // The view does not say whom the unit sends to its administrator: the attendance list does.
  useEffect(() => {
    if (mt.summary !== null) return;
    const asked = Date.now();
    let stale = false;
    void fetchAttendance(mt.id).then((r) => {
      if (stale || !r.ok) return;
      const row = r.data.find((x) => x.role === 'unit_attendee' && x.unitId === unitId);
      setFromAttendance({ attendeeId: row?.personId ?? null, known: asked });
    });
    return () => {
      stale = true;
    };
  }, [mt.id, mt.updatedAt, unitId, mt.summary === null]);

  const current: string | null = fromView
    ? fromView.attendeeId
    : saved && (!fromAttendance || saved.at >= fromAttendance.known)
      ? saved.attendeeId
      : (fromAttendance?.attendeeId ?? null);

  const f = mt.fields;
  const open = mt.answersOpen;
  const unitName = unitNameOf(mt, unitId);
  const nameOfPerson = (id: string) => people?.find((p) => p.id === id)?.fullName ?? nameOf(mt, id);
  // Who already takes part in another capacity (as far as this view shows): not offered.
  const taken = [
    f.chairId,
    f.secretaryId,
    ...(f.invitedPersons ?? []),
    ...(f.supportStaff ?? []),
    current,
  ].filter((x): x is string => !!x);

  const send = async (e: Event) => {
    e.preventDefault();
    if (!choice) return;
    setBusy(true);
    setError(null);
    setSayDone(false);
    const r = await answerForUnit(mt.id, unitId, choice);
    setBusy(false);
    if (!r.ok) {
      setError({ code: r.code, message: r.message, who: nameOfPerson(choice) });
      // Someone who left the unit (or was deactivated) since the list was fetched: fetch it again.
      if (r.code === 'E_BAD_ATTENDEE') {
        setChoice('');
        void loadPeople();
      }
      return;
    }
    setSaved({ attendeeId: choice, at: Date.now() });
    setSayDone(true);
    setChoice('');
    onChanged(r.data);
  };

  const refusal = (code: string, message: string) =>
    code === 'E_DEADLINE_PASSED'
      ? m.unitLateRefused(clockDate(mt.answerDeadline))
      : code === 'E_NOT_INVITED'
        ? m.unitNotInvited
        : meetingErrorText(code, message);

  return (
    <section
      class={`mtg-card mtg-answer mtg-unit-answer${open ? ' mtg-answer--open' : ''}`}
      aria-labelledby={`h-unit-${unitId}`}
      data-testid="unit-answer"
      data-unit={unitId}
      data-attendee={current ?? ''}
      data-open={open}
    >
      <h2 class="mtg-card__title" id={`h-unit-${unitId}`}>
        {m.unitAnswerTitle}
        <span
          class={`mtg-chip mtg-chip--answer mtg-chip--${current ? 'attend' : 'pending'}`}
          data-testid="unit-answer-state"
        >
          {current ? m.unitNamedChip : m.unitPending}
        </span>
      </h2>
      <p class="mtg-unit-answer__unit" data-testid="unit-answer-unit">
        {unitName}
      </p>
      <p class={open ? 'mtg-answer__deadline' : 'mtg-answer__deadline mtg-answer__deadline--closed'}>
        {open
          ? m.unitDeadline(clockDate(mt.answerDeadline))
          : mt.status === 'published'
            ? m.unitDeadlinePassed(clockDate(mt.answerDeadline))
            : m.answersNotOpen}
      </p>
      <div class="mtg-unit-answer__now" data-testid="unit-answer-now">
        <span class="field__label">{m.unitAttendee}</span>
        {current ? (
          <>
            <strong class="mtg-unit-answer__who">{nameOfPerson(current)}</strong>
            <span class="mtg-muted">
              {fromView
                ? m.unitNamedAt(clockDate(fromView.at), nameOf(mt, fromView.by))
                : saved && saved.attendeeId === current
                  ? m.unitSavedAt(clock(saved.at))
                  : ''}
            </span>
          </>
        ) : (
          <span class="mtg-muted">{m.unitNoneYet}</span>
        )}
      </div>
      {open ? (
        <form class="mtg-answer__form" onSubmit={send}>
          <p class="mtg-note">{m.unitExplain}</p>
          <div class="mtg-field">
            <span class="field__label">{m.unitWho}</span>
            <PersonPicker
              testid="picker-unit-attendee"
              value={choice}
              onChange={(id) => {
                setChoice(id);
                setError(null);
                setSayDone(false);
              }}
              from={people ?? []}
              exclude={taken}
              fallbackName={nameOfPerson}
              disabled={busy || people === null}
            />
            <span class="mtg-field__hint">
              {people?.length === 0 ? m.unitNoPeople : m.unitPickHint(unitName)}
            </span>
          </div>
          <button
            type="submit"
            class="btn btn--primary"
            data-testid="send-unit-answer"
            disabled={busy || !choice}
          >
            {current ? m.unitChange : m.unitSend}
          </button>
          {error ? (
            <p class="mtg-error" role="alert" data-testid="unit-answer-error" data-code={error.code}>
              <strong>{error.who}:</strong> {refusal(error.code, error.message)}
            </p>
          ) : null}
          {saved && sayDone && !error ? (
            <p class="mtg-ok" role="status" data-testid="unit-answer-saved">
              {m.unitSaved(nameOfPerson(saved.attendeeId))}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
