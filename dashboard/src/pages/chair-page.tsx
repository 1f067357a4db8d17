// The chair console: the floor (requests, speakers, next / clear / all off / priority, mode), the
// quick vote (start, live tally, close) and the roll call. Commands go over HTTP; the screen changes
// when the appliance's feed says the room changed, so what the chair sees is what the room did.
// The meeting in session (issue 4) sits above: its agenda, pause / resume / end and the roll call by
// name. The console opens with the paired chair key, or without one for the logged-in person who
// chairs the meeting in session (their session cookie; floor and votes allow `meeting.chair`).
import { useEffect, useState } from 'preact/hooks';
import { accessKey } from '../access-key.ts';
import { isBusy, run } from '../api.ts';
import { Elapsed } from '../components/elapsed.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Headcount } from '../components/headcount.tsx';
import { KeyGate, Notice } from '../components/key-gate.tsx';
import { LiveMeetingPanel, useLiveMeeting } from '../components/meetings/live-meeting.tsx';
import { SeatName } from '../components/seat-name.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { VoteChart, VoteHeading } from '../components/vote-chart.tsx';
import { FLOOR_MODES, type FloorModeName, t } from '../i18n.ts';
import { tm } from '../i18n-meetings.ts';
import type { MeetingView } from '../meetings.ts';
import { ownSeat, principal, view } from '../room-store.ts';
import { loadSession, loginHref, session } from '../session.ts';

const MAX_OPEN_CHOICES = Array.from({ length: 25 }, (_, i) => i + 1);

export function ChairPage() {
  if (!accessKey()) return <PersonChair />;
  return (
    <KeyGate accepts={(p) => p.role === 'chair'} wrongDevice={t.value.wrongDeviceChair}>
      <ChairConsole meeting={null} />
    </KeyGate>
  );
}

/** No key: the logged-in person who chairs the meeting in session; otherwise the pairing notice. */
function PersonChair() {
  const m = t.value;
  const mm = tm.value;
  const s = session.value;
  const live = useLiveMeeting();
  useEffect(() => {
    if (session.peek().status === 'loading') void loadSession();
  }, []);
  if (s.status === 'loading' || (s.status === 'in' && (!view.value || live.state === 'loading'))) {
    return (
      <Notice testid="auth-pending" title={m.checkingKey}>
        {null}
      </Notice>
    );
  }
  if (s.status !== 'in') {
    return (
      <Notice testid="pairing-needed" title={m.pairingTitle}>
        {m.pairingBody} <a href={loginHref()}>{mm.login}</a>
      </Notice>
    );
  }
  if (live.state === 'none') {
    return (
      <Notice testid="no-meeting-live" title={mm.noMeetingLive}>
        {mm.notChairBody}
      </Notice>
    );
  }
  if (live.state !== 'ok' || !live.meeting.myRoles.includes('chair')) {
    return (
      <Notice testid="not-chair" title={mm.notChairTitle} tone="error">
        {mm.notChairBody}
      </Notice>
    );
  }
  return <ChairConsole meeting={live.meeting} />;
}

function ChairConsole({ meeting }: { meeting: MeetingView | null }) {
  const m = t.value;
  return (
    <div class="page page--chair">
      <TopBar role={m.chairConsole}>
        <ChairMic />
        <Headcount small />
      </TopBar>
      <ErrorBanner />
      <LiveMeetingPanel meeting={meeting} />
      <main class="chair-grid">
        <FloorPanel />
        <VotePanel />
        <RollCallPanel />
      </main>
    </div>
  );
}

/** The chair's own microphone (the chair key belongs to a chair seat). */
function ChairMic() {
  const m = t.value;
  // The chair key's seat, or the seat of the chair person in this meeting's seat plan.
  const seat = principal.value.role === 'chair' ? principal.value.seat : (ownSeat.value?.seat ?? null);
  const mic = ownSeat.value?.mic ?? 'off';
  if (seat === null) return null;
  return (
    <button
      type="button"
      class={`chair-mic chair-mic--${mic}`}
      aria-pressed={mic === 'on'}
      data-testid="chair-mic"
      data-mic={mic}
      disabled={isBusy('chair-mic')}
      onClick={() => run('chair-mic', 'POST', `/api/seats/${seat}/speak`, {})}
    >
      <span class="chair-mic__dot" aria-hidden="true" />
      <span class="chair-mic__text">
        <span class="chair-mic__label">{m.myMic}</span>
        <span class="chair-mic__state">{m.micStatus[mic]}</span>
      </span>
    </button>
  );
}

function FloorPanel() {
  const m = t.value;
  const v = view.value;
  if (!v) return <section class="panel panel--floor" />;
  const f = v.floor;
  return (
    <section class="panel panel--floor" aria-labelledby="h-floor">
      <h2 class="panel__title" id="h-floor">
        {m.floorControl}
      </h2>

      <div class="subpanel" data-testid="speakers">
        <h3 class="subpanel__title">
          {m.speakers}
          <span class="panel__count">{f.speakers.length}</span>
        </h3>
        {f.speakers.length === 0 ? (
          <p class="empty">{m.noSpeakers}</p>
        ) : (
          <ul class="rows">
            {f.speakers.map((s) => (
              <li class="row row--speaker" key={s.seat} data-seat={s.seat}>
                <span class="row__live" aria-hidden="true" />
                <SeatName seat={s.seat} />
                <Elapsed since={s.since} class="row__time" />
                <button
                  type="button"
                  class="btn btn--danger-soft"
                  data-action="end"
                  disabled={isBusy(`end-${s.seat}`)}
                  onClick={() => run(`end-${s.seat}`, 'POST', '/api/floor/end', { seat: s.seat })}
                >
                  {m.end}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div class="subpanel" data-testid="requests">
        <h3 class="subpanel__title">
          {m.requests}
          <span class="panel__count">{f.requests.length}</span>
        </h3>
        {f.requests.length === 0 ? (
          <p class="empty">{m.noRequests}</p>
        ) : (
          <ol class="rows">
            {f.requests.map((r, i) => (
              <li class="row row--request" key={r.seat} data-seat={r.seat}>
                <span class="row__pos">{i + 1}</span>
                <SeatName seat={r.seat} />
                <span class="row__time row__time--muted">
                  {m.waiting} <Elapsed since={r.since} />
                </span>
                <span class="row__actions">
                  <button
                    type="button"
                    class="btn btn--primary"
                    data-action="grant"
                    disabled={isBusy(`grant-${r.seat}`)}
                    onClick={() => run(`grant-${r.seat}`, 'POST', '/api/floor/grant', { seat: r.seat })}
                  >
                    {m.grant}
                  </button>
                  <button
                    type="button"
                    class="btn btn--ghost"
                    data-action="deny"
                    disabled={isBusy(`deny-${r.seat}`)}
                    onClick={() => run(`deny-${r.seat}`, 'POST', '/api/floor/deny', { seat: r.seat })}
                  >
                    {m.deny}
                  </button>
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>

      <div class="toolbar">
        <button
          type="button"
          class="btn btn--primary"
          data-testid="floor-next"
          disabled={isBusy('next') || f.requests.length === 0}
          onClick={() => run('next', 'POST', '/api/floor/next', {})}
        >
          {m.next}
        </button>
        <button
          type="button"
          class="btn"
          data-testid="floor-clear"
          disabled={isBusy('clear') || f.requests.length === 0}
          onClick={() => run('clear', 'POST', '/api/floor/clear', {})}
        >
          {m.clearRequests}
        </button>
        <button
          type="button"
          class="btn"
          data-testid="floor-all-off"
          disabled={isBusy('all-off')}
          onClick={() => run('all-off', 'POST', '/api/floor/all-off', {})}
        >
          {m.allOff}
        </button>
        <button
          type="button"
          class={f.priority.on ? 'btn btn--toggle btn--toggle-on' : 'btn btn--toggle'}
          aria-pressed={f.priority.on}
          data-testid="floor-priority"
          disabled={isBusy('priority')}
          onClick={() => run('priority', 'POST', '/api/floor/priority', { on: !f.priority.on })}
        >
          {f.priority.on ? m.priorityOn : m.priority}
        </button>
      </div>

      <FloorSettings mode={f.mode} maxOpen={f.maxOpen} />
    </section>
  );
}

function FloorSettings({ mode, maxOpen }: { mode: string; maxOpen: number }) {
  const m = t.value;
  // A refused change leaves the server's value; remounting the selects puts it back on screen.
  const [generation, setGeneration] = useState(0);
  const apply = async (next: { mode: string; maxOpen: number }) => {
    const ok = await run('settings', 'PUT', '/api/floor/settings', next);
    if (!ok) setGeneration((g) => g + 1);
  };
  return (
    <div class="settings" key={generation}>
      <label class="field">
        <span class="field__label">{m.floorMode}</span>
        <select
          class="field__control"
          data-testid="floor-mode"
          value={mode}
          disabled={isBusy('settings')}
          onChange={(e) => apply({ mode: e.currentTarget.value, maxOpen })}
        >
          {FLOOR_MODES.map((x) => (
            <option key={x} value={x}>
              {m.modes[x as FloorModeName]}
            </option>
          ))}
          {(FLOOR_MODES as readonly string[]).includes(mode) ? null : <option value={mode}>{mode}</option>}
        </select>
      </label>
      <label class="field field--narrow">
        <span class="field__label">{m.maxOpen}</span>
        <select
          class="field__control"
          data-testid="floor-max-open"
          value={String(maxOpen)}
          disabled={isBusy('settings')}
          onChange={(e) => apply({ mode, maxOpen: Number(e.currentTarget.value) })}
        >
          {MAX_OPEN_CHOICES.map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function VotePanel() {
  const m = t.value;
  const v = view.value;
  const vote = v?.vote ?? null;
  const open = vote?.state === 'open';
  return (
    <section class="panel panel--vote" aria-labelledby="h-vote" data-testid="vote">
      <h2 class="panel__title" id="h-vote">
        {m.vote}
      </h2>
      {vote && open ? (
        <div class="vote-live">
          <VoteHeading vote={vote} level={3} />
          <VoteChart vote={vote} />
          <div class="vote-live__footer">
            <Elapsed since={vote.openedAt} class="vote-live__time" />
            <button
              type="button"
              class="btn btn--danger"
              data-testid="vote-close"
              disabled={isBusy('vote-close')}
              onClick={() => run('vote-close', 'POST', '/api/votes/close', {})}
            >
              {m.closeVote}
            </button>
          </div>
        </div>
      ) : (
        <>
          <StartVoteForm />
          {vote ? (
            <div class="vote-last">
              <p class="vote-last__caption">{m.lastResult}</p>
              <VoteHeading vote={vote} level={3} />
              <VoteChart vote={vote} />
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

function StartVoteForm() {
  const m = t.value;
  const [title, setTitle] = useState('');
  const [secret, setSecret] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: { title?: string; secret: boolean } = { secret };
    const trimmed = title.trim();
    if (trimmed) body.title = trimmed.slice(0, 200);
    if (await run('vote-open', 'POST', '/api/votes', body)) {
      setTitle('');
      setSecret(false);
    }
  };
  return (
    <form class="vote-form" onSubmit={submit} data-testid="vote-form">
      <h3 class="subpanel__title">{m.quickVote}</h3>
      <label class="field">
        <span class="field__label">{m.voteTitle}</span>
        <input
          class="field__control"
          type="text"
          maxLength={200}
          placeholder={m.voteTitlePlaceholder}
          data-testid="vote-title-input"
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          data-testid="vote-secret"
          checked={secret}
          onChange={(e) => setSecret(e.currentTarget.checked)}
        />
        <span>{m.secretBallot}</span>
      </label>
      <button
        type="submit"
        class="btn btn--primary btn--wide"
        data-testid="vote-start"
        disabled={isBusy('vote-open')}
      >
        {m.startVote}
      </button>
    </form>
  );
}

function RollCallPanel() {
  const m = t.value;
  const v = view.value;
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setConfirming(false), 4000);
    return () => clearTimeout(timer);
  }, [confirming]);
  if (!v) return <section class="panel panel--rollcall" />;
  const present = new Set(v.present);
  const reset = () => {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    void run('rollcall-reset', 'POST', '/api/attendance/reset', {});
  };
  return (
    <section class="panel panel--rollcall" aria-labelledby="h-rollcall" data-testid="rollcall">
      <h2 class="panel__title" id="h-rollcall">
        {m.rollCall}
      </h2>
      <div class="rollcall-summary">
        <span class="rollcall-summary__count" data-testid="present-count" data-present={v.present.length}>
          {v.present.length}
          <span class="headcount__of">/{v.expected}</span>
        </span>
        <span class="rollcall-summary__label">{m.present}</span>
        <button
          type="button"
          class={confirming ? 'btn btn--danger' : 'btn'}
          data-testid="rollcall-reset"
          disabled={isBusy('rollcall-reset')}
          onClick={reset}
        >
          {confirming ? m.confirmReset : m.resetRollCall}
        </button>
      </div>
      <ul class="seat-grid">
        {v.seats.map((s) => {
          const here = present.has(s.seat);
          const id = `att-${s.seat}`;
          return (
            <li key={s.seat}>
              <button
                type="button"
                class={here ? 'seat-tile seat-tile--present' : 'seat-tile'}
                aria-pressed={here}
                data-seat={s.seat}
                data-present={here}
                title={`${s.label}: ${here ? m.present : m.absent}`}
                disabled={isBusy(id)}
                onClick={() => run(id, 'PUT', `/api/attendance/${s.seat}`, { present: !here })}
              >
                <span class="seat-tile__number">{s.seat}</span>
                <span class="seat-tile__state">{here ? m.present : m.absent}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
