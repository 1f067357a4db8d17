// The meeting in session on the chair console (R-ROOM-1, R-ATT-2): title, status, the agenda with
// the item under discussion and previous / next, pause / resume / end, and the roll call by name
// (present, absent, who stands in for whom), live as seats check in. The room view's `meeting`
// says what is on; a chair logged in as a person also runs it (meeting.run) and reads the
// meeting's attendance. With the paired chair key alone the agenda and roll call come from the
// room view, and the steps are the chair person's. The recording indicator sits under the title
// (issue 5, R-ROOM-4); the meeting's chair pauses and resumes recording there.
import { useEffect, useState } from 'preact/hooks';
import { usesDeviceKey } from '../../api.ts';
import { meetingErrorText, tm } from '../../i18n-meetings.ts';
import { recordingErrorText, trec } from '../../i18n-recording.ts';
import {
  type AttendanceRow,
  abilities,
  fetchAttendance,
  fetchMeeting,
  type MeetingView,
  markAttendance,
  moveAgenda,
  nameOf,
  stepMeeting,
  stepRecording,
} from '../../meetings.ts';
import { meetingNews, principal, view } from '../../room-store.ts';
import { me } from '../../session.ts';
import { RecordingIndicator } from '../recording-indicator.tsx';
import { StatusChip } from './chips.tsx';
import './meetings.css';

type Problem = { code: string; message: string };

export type LiveMeeting =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'refused'; code: string }
  | { state: 'ok'; meeting: MeetingView };

/**
 * The meeting in session as the logged-in person may read it (GET /api/meetings/:id), fetched again
 * when the room view says it moved on or the socket says it changed. `none`: no meeting in session,
 * or the page acts with a device key (which reads no meetings).
 */
export function useLiveMeeting(): LiveMeeting {
  const live = view.value?.meeting ?? null;
  const person = usesDeviceKey() ? null : me.value;
  const [got, setGot] = useState<{ id: string; r: LiveMeeting } | null>(null);
  const news = meetingNews.value;
  const relevant = news && live && news.meetingId === live.id ? news.n : 0;
  useEffect(() => {
    if (!live || !person) return;
    let gone = false;
    void fetchMeeting(live.id).then((r) => {
      if (gone) return;
      setGot({
        id: live.id,
        r: r.ok ? { state: 'ok', meeting: r.data } : { state: 'refused', code: r.code },
      });
    });
    return () => {
      gone = true;
    };
  }, [live?.id, live?.status, live?.currentItem, person?.id, relevant]);
  if (!live || !person) return { state: 'none' };
  return got && got.id === live.id ? got.r : { state: 'loading' };
}

export function LiveMeetingPanel({ meeting: mt }: { meeting: MeetingView | null }) {
  const m = tm.value;
  const v = view.value;
  const live = v?.meeting ?? null;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  useEffect(() => {
    if (!confirmEnd) return;
    const timer = setTimeout(() => setConfirmEnd(false), 4000);
    return () => clearTimeout(timer);
  }, [confirmEnd]);
  if (!live) return null;

  const can = mt ? abilities(mt, me.value?.roles ?? []) : null;
  const agenda = live.agenda;
  const at = agenda.findIndex((a) => a.id === live.currentItem);
  const full = mt?.fields.agenda ?? [];
  const act = async (id: string, f: () => Promise<{ ok: boolean; code?: string; message?: string }>) => {
    setBusy(id);
    setError(null);
    const r = await f();
    setBusy(null);
    if (!r.ok) setError({ code: r.code ?? 'E_INTERNAL', message: r.message ?? '' });
  };
  const go = (itemId: string | null) => act(`item-${itemId}`, () => moveAgenda(live.id, itemId));
  const step = (s: 'pause' | 'resume' | 'end') => act(s, () => stepMeeting(live.id, s));

  return (
    <section
      class="panel mtg-live-panel"
      aria-labelledby="h-live"
      data-testid="live-meeting"
      data-meeting={live.id}
      data-status={live.status}
      data-current={live.currentItem ?? ''}
    >
      <header class="mtg-live-panel__head">
        <div class="mtg-live-panel__titles">
          <span class="mtg-live-panel__kicker">{m.inProgress}</span>
          <h2 class="mtg-live-panel__title" id="h-live" data-testid="live-title">
            {live.title}
          </h2>
        </div>
        <StatusChip status={live.status} large />
        {can?.run ? (
          <div class="mtg-live-panel__steps">
            {live.status === 'in_progress' ? (
              <button
                type="button"
                class="btn"
                data-testid="live-pause"
                disabled={busy !== null}
                onClick={() => void step('pause')}
              >
                {m.steps.pause}
              </button>
            ) : (
              <button
                type="button"
                class="btn btn--primary"
                data-testid="live-resume"
                disabled={busy !== null}
                onClick={() => void step('resume')}
              >
                {m.steps.resume}
              </button>
            )}
            <button
              type="button"
              class={confirmEnd ? 'btn btn--danger' : 'btn btn--danger-soft'}
              data-testid="live-end"
              disabled={busy !== null}
              onClick={() => (confirmEnd ? void step('end') : setConfirmEnd(true))}
            >
              {confirmEnd ? m.confirmEnd : m.steps.end}
            </button>
          </div>
        ) : null}
      </header>
      <RecordingBar secret={mt?.fields.secret === true} chair={can?.run === true} />
      {error ? (
        <p class="mtg-error" role="alert" data-testid="live-error" data-code={error.code}>
          {meetingErrorText(error.code, error.message)}
        </p>
      ) : null}
      {!can?.run ? <p class="mtg-muted">{m.keyOnlyControls}</p> : null}

      <div class="mtg-live-panel__grid">
        <div class="mtg-live-agenda" data-testid="live-agenda">
          <h3 class="subpanel__title">{m.agendaTitle}</h3>
          <p class="mtg-live-agenda__now" data-testid="live-current">
            <span class="mtg-muted">{m.currentItem}:</span>{' '}
            <strong>{at >= 0 ? `${at + 1}. ${agenda[at]?.title}` : m.betweenItems}</strong>
          </p>
          <ol class="mtg-agenda mtg-agenda--live">
            {agenda.map((a, i) => {
              const more = full.find((x) => x.id === a.id);
              const current = a.id === live.currentItem;
              return (
                <li
                  key={a.id}
                  class={current ? 'mtg-agenda__item mtg-agenda__item--current' : 'mtg-agenda__item'}
                  data-item={a.id}
                  aria-current={current ? 'step' : undefined}
                >
                  <span class="mtg-agenda__n">{i + 1}</span>
                  <span class="mtg-agenda__text">
                    <span class="mtg-agenda__title">{a.title}</span>
                    {more && (more.presenter || more.minutes) ? (
                      <span class="mtg-agenda__meta">
                        {[
                          more.presenter ? m.presentedBy(nameOf(mt, more.presenter)) : '',
                          more.minutes ? m.minutesShort(more.minutes) : '',
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                    ) : null}
                  </span>
                  {can?.run && !current ? (
                    <button
                      type="button"
                      class="btn btn--small btn--ghost"
                      data-action="go"
                      disabled={busy !== null}
                      onClick={() => void go(a.id)}
                    >
                      {m.goToItem}
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {can?.run ? (
            <div class="mtg-live-agenda__nav">
              <button
                type="button"
                class="btn"
                data-testid="item-prev"
                disabled={busy !== null || at <= 0}
                onClick={() => void go(agenda[at - 1]?.id ?? null)}
              >
                {m.prevItem}
              </button>
              <button
                type="button"
                class="btn btn--primary"
                data-testid="item-next"
                disabled={busy !== null || at >= agenda.length - 1}
                onClick={() => void go(agenda[at + 1]?.id ?? null)}
              >
                {m.nextItem}
              </button>
            </div>
          ) : null}
        </div>
        <RollCall meeting={mt} />
      </div>
    </section>
  );
}

/**
 * The recording indicator, and for the meeting's chair "Tạm dừng ghi âm" / "Tiếp tục ghi âm". A pause
 * that came with the meeting's pause can be made the chair's (it then holds when the meeting
 * resumes); a secret meeting has no buttons (it is never recorded). The paired chair key only sees.
 */
function RecordingBar({ secret, chair }: { secret: boolean; chair: boolean }) {
  const m = trec.value;
  const r = view.value?.recording ?? null;
  const meetingStatus = view.value?.meeting?.status ?? null;
  // The room view says whether the meeting in progress is secret; the chair's page also knows it.
  secret = secret || view.value?.meeting?.secret === true;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  // A refusal is about the state it was sent in ("resume the meeting first"): once the recording
  // or the meeting moves on it no longer applies.
  useEffect(() => setError(null), [r?.status, r?.heldByChair, meetingStatus]);
  if (!r || (r.status === 'off' && !secret)) return null;
  const act = async (step: 'pause' | 'resume') => {
    setBusy(true);
    setError(null);
    const res = await stepRecording(step);
    setBusy(false);
    if (!res.ok) setError({ code: res.code, message: res.message });
  };
  const resume = r.status === 'paused' && r.heldByChair;
  return (
    <div class="mtg-rec-bar" data-testid="recording-bar">
      <RecordingIndicator secret={secret} />
      {r.status === 'paused' ? (
        <span class="mtg-rec-bar__hint mtg-muted">{r.heldByChair ? m.heldHint : m.withMeetingHint}</span>
      ) : (
        <span class="mtg-rec-bar__hint" />
      )}
      {chair && r.status !== 'off' ? (
        <button
          type="button"
          class={resume ? 'btn btn--primary' : 'btn'}
          data-testid={resume ? 'recording-resume' : 'recording-pause'}
          disabled={busy}
          onClick={() => void act(resume ? 'resume' : 'pause')}
        >
          {resume ? m.resume : m.pause}
        </button>
      ) : null}
      {error ? (
        <p
          class="mtg-error mtg-rec-bar__error"
          role="alert"
          data-testid="recording-error"
          data-code={error.code}
        >
          {recordingErrorText(error.code, error.message)}
        </p>
      ) : null}
    </div>
  );
}

interface Line {
  key: string;
  name: string;
  role: AttendanceRow['role'] | null;
  seat: number | null;
  /** present / absent at a seat; `declined` / `substituted`: not coming themselves. */
  state: 'present' | 'absent' | 'declined' | 'substituted' | 'no_seat';
  note: string;
}

function linesOf(rows: AttendanceRow[], mt: MeetingView | null): Line[] {
  const m = tm.value;
  const subOf = new Map(rows.filter((r) => r.role === 'substitute').map((r) => [r.substituteFor, r]));
  return rows
    .filter((r) => r.role !== 'support')
    .map((r) => {
      const name = r.name ?? nameOf(mt, r.personId);
      let state: Line['state'];
      let note = '';
      if (r.role === 'invitee' && r.answer === 'substitute') {
        state = 'substituted';
        note = m.sendsSubstitute(subOf.get(r.personId)?.name ?? '');
      } else if (r.role === 'invitee' && r.answer === 'decline') {
        state = 'declined';
      } else if (r.seat === null) {
        state = 'no_seat';
      } else {
        state = r.present ? 'present' : 'absent';
      }
      if (r.role === 'substitute' && r.substituteFor) note = m.substituteFor(nameOf(mt, r.substituteFor));
      return { key: `${r.role}-${r.personId}`, name, role: r.role, seat: r.seat, state, note };
    });
}

/** The roll call by name; the chair (key or person) and the secretary mark seats present or absent. */
function RollCall({ meeting: mt }: { meeting: MeetingView | null }) {
  const m = tm.value;
  const v = view.value;
  const live = v?.meeting ?? null;
  const [rows, setRows] = useState<AttendanceRow[] | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const present = v?.present ?? [];
  // Live: the roll call is fetched again whenever the room's `present` list changes.
  useEffect(() => {
    if (!mt || !live) {
      setRows(null);
      return;
    }
    let gone = false;
    void fetchAttendance(live.id).then((r) => {
      if (!gone && r.ok) setRows(r.data);
    });
    return () => {
      gone = true;
    };
  }, [mt?.id, mt?.updatedAt, live?.id, present.join(',')]);
  if (!v || !live) return null;

  const here = new Set(present);
  // With the chair key only: the seats that have someone seated, by the room view's names.
  const lines: Line[] = rows
    ? linesOf(rows, mt)
    : live.seatNames.map((s) => ({
        key: `seat-${s.seat}`,
        name: s.name,
        role: null,
        seat: s.seat,
        state: here.has(s.seat) ? ('present' as const) : ('absent' as const),
        note: '',
      }));
  const seated = lines.filter((l) => l.seat !== null && (l.state === 'present' || l.state === 'absent'));
  const count = seated.filter((l) => l.state === 'present').length;
  const roles = new Set(mt?.myRoles ?? []);
  const mayMark = principal.value.role === 'chair' || roles.has('chair') || roles.has('secretary');
  const mark = async (seat: number, on: boolean) => {
    setBusy(seat);
    setError(null);
    const r = await markAttendance(seat, on);
    setBusy(null);
    if (!r.ok) setError({ code: r.code, message: r.message });
  };
  return (
    <div class="mtg-rollcall" data-testid="live-rollcall" data-present={count} data-expected={seated.length}>
      <h3 class="subpanel__title">
        {m.attendance}
        <span class="panel__count" data-testid="live-present-count">
          {m.presentN(count, seated.length)}
        </span>
      </h3>
      <p class="mtg-muted">{m.attendanceHint}</p>
      {error ? (
        <p class="mtg-error" role="alert" data-code={error.code}>
          {meetingErrorText(error.code, error.message)}
        </p>
      ) : null}
      <ul class="mtg-rollcall__list">
        {lines.map((l) => (
          <li
            key={l.key}
            class={`mtg-rollcall__row mtg-rollcall__row--${l.state}`}
            data-seat={l.seat ?? ''}
            data-state={l.state}
          >
            <span class={l.seat !== null ? 'seat-badge' : 'seat-badge seat-badge--none'}>
              {l.seat ?? '–'}
            </span>
            <span class="mtg-rollcall__who">
              <span class="mtg-rollcall__name">{l.name}</span>
              <span class="mtg-rollcall__sub">
                {[l.role ? m.participantRole[l.role] : '', l.note].filter(Boolean).join(' · ')}
              </span>
            </span>
            <span class={`mtg-chip mtg-chip--att-${l.state}`} data-testid="att-state">
              {l.state === 'present'
                ? m.present
                : l.state === 'absent'
                  ? m.absent
                  : l.state === 'declined'
                    ? m.declined
                    : l.state === 'substituted'
                      ? m.substitute
                      : m.noSeat}
            </span>
            {mayMark && l.seat !== null && (l.state === 'present' || l.state === 'absent') ? (
              <button
                type="button"
                class={l.state === 'present' ? 'btn btn--small btn--ghost' : 'btn btn--small btn--primary'}
                data-action={l.state === 'present' ? 'mark-absent' : 'mark-present'}
                disabled={busy !== null}
                onClick={() => void mark(l.seat as number, l.state !== 'present')}
              >
                {l.state === 'present' ? m.markAbsent : m.markPresent}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
