// `/meetings/new` and `/meetings/:id`: one meeting. The organiser edits a draft (or a returned one)
// and saves only what changed (PATCH); everyone sees the steps they may take now, the timeline (the
// meeting's history), the invitation (invitees answer it there, an invited unit's administrator
// names who comes for the unit), the answers and the seat plan. The page refetches the
// meeting when the socket says it changed, so answers and steps taken elsewhere appear live.
import { useEffect, useRef, useState } from 'preact/hooks';
import { RoleChips, SecretChip, StatusChip } from '../components/meetings/chips.tsx';
import { clock, span } from '../components/meetings/format.ts';
import { AnswerForm, AnswersPanel, InvitationCard, whereOf } from '../components/meetings/invitation.tsx';
import { MeetingDetails } from '../components/meetings/meeting-details.tsx';
import { MeetingEditor } from '../components/meetings/meeting-editor.tsx';
import {
  blankForm,
  draftOf,
  formOf,
  formProblems,
  type MeetingFormState,
  patchOf,
} from '../components/meetings/meeting-form.ts';
import { MeetingSteps, MeetingTimeline } from '../components/meetings/meeting-steps.tsx';
import { SeatPlan } from '../components/meetings/seat-plan.tsx';
import { UnitAnswerPanel } from '../components/meetings/unit-answer.tsx';
import { PersonGate } from '../components/person-gate.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { TranscriptLink } from '../components/transcript/transcript-link.tsx';
import { meetingErrorText, tm } from '../i18n-meetings.ts';
import {
  abilities,
  createMeeting,
  fetchMeeting,
  loadDirectory,
  type MeetingView,
  nameOf,
  patchMeeting,
  unitNameOf,
  unitsToAnswer,
} from '../meetings.ts';
import { meetingNews, view } from '../room-store.ts';
import { me } from '../session.ts';
import '../components/meetings/meetings.css';

type Tab = 'details' | 'invitation' | 'seats';
const TABS: readonly Tab[] = ['details', 'invitation', 'seats'];

export function MeetingPage({ id }: { id: string | null }) {
  const m = tm.value;
  return (
    <div class="page page--meeting">
      <TopBar role={m.section} />
      {id === null ? (
        <PersonGate page={m.newMeeting} roles={['organiser', 'sysadmin']}>
          <NewMeeting />
        </PersonGate>
      ) : (
        <PersonGate page={m.section}>
          <MeetingScreen id={id} />
        </PersonGate>
      )}
    </div>
  );
}

interface Problem {
  code: string;
  message: string;
  details?: { path: string; message: string }[];
}

function ProblemText({ problem, testid }: { problem: Problem; testid: string }) {
  return (
    <div class="mtg-error" role="alert" data-testid={testid} data-code={problem.code}>
      {meetingErrorText(problem.code, problem.message)}
      {problem.details?.length ? (
        <ul class="mtg-error__details">
          {problem.details.map((d) => (
            <li key={d.path}>
              {d.path}: {d.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function NewMeeting() {
  const m = tm.value;
  const roomId = view.value?.room.id ?? '';
  const [form, setForm] = useState<MeetingFormState>(() => blankForm(roomId, me.value));
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  useEffect(() => {
    void loadDirectory();
  }, []);
  // The room is known once the feed's first snapshot arrives.
  useEffect(() => {
    if (roomId && !form.roomId) setForm((f) => ({ ...f, roomId }));
  }, [roomId]);
  const problems = formProblems(form);
  const create = async () => {
    setTried(true);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    const r = await createMeeting(draftOf(form));
    if (!r.ok) {
      setBusy(false);
      setError({ code: r.code, message: r.message, details: r.details });
      return;
    }
    location.assign(`/meetings/${encodeURIComponent(r.data.id)}`);
  };
  return (
    <main class="mtg-page" data-testid="meeting-new">
      <a class="mtg-back" href="/meetings">
        {m.backToList}
      </a>
      <header class="mtg-page__head">
        <h1 class="mtg-page__title">{m.newMeeting}</h1>
      </header>
      <MeetingEditor
        state={form}
        set={(p) => setForm((f) => ({ ...f, ...p }))}
        problems={tried ? problems : {}}
        nameOf={(id) => nameOf(null, id)}
        unitNameOf={(id) => unitNameOf(null, id)}
        disabled={busy}
      />
      <div class="mtg-savebar">
        <button type="button" class="btn btn--primary" data-testid="create" disabled={busy} onClick={create}>
          {busy ? m.saving : m.create}
        </button>
        {error ? <ProblemText problem={error} testid="save-error" /> : null}
      </div>
    </main>
  );
}

function MeetingScreen({ id }: { id: string }) {
  const m = tm.value;
  const [mt, setMt] = useState<MeetingView | null>(null);
  const [loadError, setLoadError] = useState<Problem | null>(null);
  const [form, setForm] = useState<MeetingFormState | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Problem | null>(null);
  const [tried, setTried] = useState(false);
  const [tab, setTab] = useState<Tab | null>(() => {
    const t = new URLSearchParams(location.search).get('tab');
    return t && (TABS as readonly string[]).includes(t) ? (t as Tab) : null;
  });

  // What is on screen now, for answers that arrive after a render (a refetch started earlier).
  const current = useRef<{ mt: MeetingView | null; form: MeetingFormState | null }>({ mt: null, form: null });
  current.current = { mt, form };

  /**
   * A fresh meeting from the server; the form follows it unless it holds unsaved edits. The answers
   * to steps, edits and answers carry no `history`: the timeline keeps what it had and the meeting
   * is fetched again for it. An answer older than what is on screen (a refetch that started before
   * a step) is dropped.
   */
  const take = (fresh: MeetingView, resetForm: boolean) => {
    const { mt: before, form: f } = current.current;
    if (before && fresh.id === before.id && fresh.updatedAt < before.updatedAt) return;
    const next = fresh.history === undefined ? { ...fresh, history: before?.history } : fresh;
    if (fresh.history === undefined) void load(false);
    const keep =
      !resetForm && f !== null && before !== null && Object.keys(patchOf(before.fields, f)).length > 0;
    current.current = { mt: next, form: keep ? f : formOf(next.fields) };
    setMt(next);
    if (!keep) setForm(current.current.form);
  };

  const load = async (resetForm: boolean) => {
    const r = await fetchMeeting(id);
    if (!r.ok) {
      setLoadError({ code: r.code, message: r.message });
      return;
    }
    setLoadError(null);
    take(r.data, resetForm);
  };

  useEffect(() => {
    void loadDirectory();
    void load(true);
  }, [id]);
  const news = meetingNews.value;
  useEffect(() => {
    if (news && news.meetingId === id) void load(false);
  }, [news?.n]);

  if (loadError && !mt) {
    return (
      <main class="mtg-page">
        <a class="mtg-back" href="/meetings">
          {m.backToList}
        </a>
        <ProblemText problem={loadError} testid="load-error" />
      </main>
    );
  }
  if (!mt || !form) {
    return (
      <main class="mtg-page">
        <p class="empty">{m.loading}</p>
      </main>
    );
  }

  const can = abilities(mt, me.value?.roles ?? []);
  const patch = can.edit ? patchOf(mt.fields, form) : {};
  const dirty = Object.keys(patch).length > 0;
  const problems = formProblems(form);
  const answerUnits = unitsToAnswer(mt, me.value);
  const shownTab: Tab =
    tab ?? ((can.invitee || answerUnits.length > 0) && !can.seesAnswers ? 'invitation' : 'details');
  const pickTab = (t: Tab) => {
    setTab(t);
    const url = new URL(location.href);
    url.searchParams.set('tab', t);
    history.replaceState(history.state, '', `${url.pathname}${url.search}`);
  };

  /** Saves the edits; false when there were problems or the appliance refused. */
  const save = async (): Promise<boolean> => {
    setTried(true);
    if (Object.keys(problems).length > 0) return false;
    if (!dirty) return true;
    setSaving(true);
    setSaveError(null);
    const r = await patchMeeting(mt.id, patch);
    setSaving(false);
    if (!r.ok) {
      setSaveError({ code: r.code, message: r.message, details: r.details });
      return false;
    }
    setSavedAt(Date.now());
    setTried(false);
    take(r.data, true);
    return true;
  };

  const f = mt.fields;
  return (
    <main class="mtg-page" data-testid="meeting-page" data-meeting={mt.id} data-status={mt.status}>
      <a class="mtg-back" href="/meetings">
        {m.backToList}
      </a>
      <header class="mtg-head">
        <div class="mtg-head__chips">
          <StatusChip status={mt.status} large />
          <span class="mtg-chip mtg-chip--kind">{m.kind[f.kind]}</span>
          {f.form ? <span class="mtg-chip">{m.form[f.form]}</span> : null}
          {f.secret ? <SecretChip /> : null}
          <RoleChips roles={mt.myRoles} />
        </div>
        <h1 class="mtg-head__title" data-testid="meeting-title">
          {f.title}
        </h1>
        <p class="mtg-head__when">
          {span(f.startsAt, f.endsAt)}
          {whereOf(mt) ? ` · ${whereOf(mt)}` : ''}
        </p>
      </header>

      {mt.status === 'returned' && mt.returned ? (
        <div class="mtg-banner mtg-banner--returned" role="alert" data-testid="returned-reason">
          <strong>
            {m.returnedBanner} ({nameOf(mt, mt.returned.by)}):
          </strong>{' '}
          {mt.returned.reason}
        </div>
      ) : null}
      {mt.status === 'cancelled' && mt.cancelled ? (
        <div class="mtg-banner mtg-banner--cancelled" role="alert" data-testid="cancelled-reason">
          <strong>{m.cancelledBanner}:</strong> {mt.cancelled.reason}
        </div>
      ) : null}

      <div class="mtg-layout">
        <div class="mtg-layout__main">
          <div class="mtg-tabs" role="tablist">
            {TABS.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                class="mtg-tab"
                aria-selected={shownTab === t}
                data-tab={t}
                onClick={() => pickTab(t)}
              >
                {t === 'invitation' && can.seesAnswers
                  ? `${m.tabs.invitation} · ${m.tabs.answers}`
                  : m.tabs[t]}
                {t === 'invitation' && mt.summary && mt.status !== 'draft' ? (
                  <span class="panel__count">
                    {mt.summary.attend + mt.summary.substitute + mt.summary.decline}/
                    {(f.invitedPersons ?? []).length}
                  </span>
                ) : null}
              </button>
            ))}
          </div>

          {shownTab === 'details' ? (
            can.edit ? (
              <>
                <MeetingEditor
                  state={form}
                  set={(p) => setForm((x) => (x ? { ...x, ...p } : x))}
                  problems={tried ? problems : {}}
                  nameOf={(pid) => nameOf(mt, pid)}
                  unitNameOf={(uid) => unitNameOf(mt, uid)}
                  disabled={saving}
                />
                <div class="mtg-savebar" data-testid="savebar" data-dirty={dirty}>
                  <button
                    type="button"
                    class="btn btn--primary"
                    data-testid="save"
                    disabled={saving || !dirty}
                    onClick={() => void save()}
                  >
                    {saving ? m.saving : m.save}
                  </button>
                  <span class={dirty ? 'mtg-savebar__state mtg-savebar__state--dirty' : 'mtg-savebar__state'}>
                    {dirty ? m.unsaved : savedAt ? m.saved(clock(savedAt)) : m.noChanges}
                  </span>
                  {saveError ? <ProblemText problem={saveError} testid="save-error" /> : null}
                </div>
              </>
            ) : (
              <>
                <p class="mtg-muted mtg-readonly-hint">{m.readOnlyHint}</p>
                <MeetingDetails meeting={mt} />
              </>
            )
          ) : null}

          {shownTab === 'invitation' ? (
            <div class="mtg-stack">
              {answerUnits.map((u) => (
                <UnitAnswerPanel key={u} meeting={mt} unitId={u} onChanged={(x) => take(x, false)} />
              ))}
              {can.invitee && me.value ? (
                <AnswerForm meeting={mt} meId={me.value.id} onChanged={(x) => take(x, false)} />
              ) : null}
              {/* Those following the answers see them first; the invitation as sent follows. */}
              <AnswersPanel meeting={mt} />
              <InvitationCard meeting={mt} />
            </div>
          ) : null}

          {shownTab === 'seats' ? (
            <SeatPlan meeting={mt} editable={can.seatPlan} onChanged={(x) => take(x, false)} />
          ) : null}
        </div>

        <aside class="mtg-layout__side">
          <TranscriptLink meeting={mt} />
          <MeetingSteps
            meeting={mt}
            can={can}
            saveFirst={can.submit && dirty ? save : null}
            onChanged={(x) => take(x, true)}
          />
          <MeetingTimeline meeting={mt} />
        </aside>
      </div>
    </main>
  );
}
