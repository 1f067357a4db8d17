// The seat tablet: what a seat unit does, on a screen. Request to speak (the button shows the
// microphone's state and toggles it), the ballot when a vote is open for this seat, and roll call.
// In a meeting the top bar names the delegate seated here; a person logged in on the tablet also
// sees their meetings (components/meetings/seat-meetings.tsx).
import { useRef } from 'preact/hooks';
import type { UnitState } from '../../../appliance/src/domain/views.ts';
import { isBusy, run } from '../api.ts';
import { Elapsed } from '../components/elapsed.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { KeyGate } from '../components/key-gate.tsx';
import { SeatMeetings } from '../components/meetings/seat-meetings.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { VoteChart, VoteHeading } from '../components/vote-chart.tsx';
import { t } from '../i18n.ts';
import { isChairSeat, ownSeat, seatLabel, view } from '../room-store.ts';

const CHOICES = ['yes', 'no', 'abstain'] as const;

export function SeatPage({ seat }: { seat: number }) {
  return (
    <KeyGate accepts={(p) => 'seat' in p && p.seat === seat} wrongDevice={t.value.wrongDeviceSeat(seat)}>
      <SeatTablet seat={seat} />
    </KeyGate>
  );
}

function SeatTablet({ seat }: { seat: number }) {
  const m = t.value;
  const u = ownSeat.value;
  // In a meeting, the delegate seated here (a substitute in the invitee's seat); else the seat plan's label.
  const seated = view.value?.meeting?.seatNames.find((s) => s.seat === seat)?.name;
  const label = seated ?? seatLabel(view.value, seat) ?? u?.name ?? m.seatN(seat);
  return (
    <div class="page page--seat">
      <TopBar role={m.seatTablet}>
        <span class="seat-id" data-testid="seat-label">
          <span class={isChairSeat(view.value, seat) ? 'seat-badge seat-badge--chair' : 'seat-badge'}>
            {seat}
          </span>
          <span class="seat-id__label">{label}</span>
        </span>
      </TopBar>
      <ErrorBanner />
      {u ? (
        <main class="seat-layout">
          <MicButton seat={seat} state={u} />
          <div class="seat-side">
            <BallotCard seat={seat} state={u} />
            <PresenceCard seat={seat} state={u} />
            <SeatMeetings />
          </div>
        </main>
      ) : null}
    </div>
  );
}

function MicIcon() {
  return (
    <svg class="mic-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="9" y="2.5" width="6" height="12" rx="3" />
      <path d="M5.5 11.5a6.5 6.5 0 0 0 13 0M12 18v3.5M8.5 21.5h7" fill="none" />
    </svg>
  );
}

function MicButton({ seat, state }: { seat: number; state: UnitState }) {
  const m = t.value;
  const mic = state.mic;
  const v = view.value;
  const since = v?.floor.speakers.find((s) => s.seat === seat)?.since;
  const ptt = v?.floor.mode === 'ptt';
  const held = useRef(false);
  const path = `/api/seats/${seat}/speak`;
  // Push to talk: the microphone is open while the button is held, as on a seat unit.
  const pttHandlers = ptt
    ? {
        onPointerDown: (e: PointerEvent) => {
          (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
          held.current = true;
          void run('speak', 'POST', path, { action: 'press' });
        },
        onPointerUp: () => {
          if (!held.current) return;
          held.current = false;
          void run('speak-release', 'POST', path, { action: 'release' });
        },
        onPointerCancel: () => {
          if (!held.current) return;
          held.current = false;
          void run('speak-release', 'POST', path, { action: 'release' });
        },
      }
    : { onClick: () => run('speak', 'POST', path, {}) };
  return (
    <button
      type="button"
      class={`mic-button mic-button--${mic}`}
      data-testid="mic-button"
      data-mic={mic}
      aria-pressed={mic === 'on' || mic === 'requesting'}
      disabled={!ptt && isBusy('speak')}
      {...pttHandlers}
    >
      <span class="mic-button__ring">
        <MicIcon />
      </span>
      <span class="mic-button__status" data-testid="mic-status">
        {m.micStatus[mic]}
      </span>
      <span class="mic-button__action">{mic === 'off' ? m.micAction.off : m.micAction[mic]}</span>
      {since !== undefined && (mic === 'on' || mic === 'muted') ? (
        <Elapsed since={since} class="mic-button__time" />
      ) : null}
    </button>
  );
}

function BallotCard({ seat, state }: { seat: number; state: UnitState }) {
  const m = t.value;
  const roomVote = view.value?.vote ?? null;
  const mine = state.vote;
  if (mine?.open) {
    const cast = mine.cast === true || mine.choice !== null;
    const showChoice = !mine.secret && mine.choice !== null;
    return (
      <section class="card card--ballot card--active" data-testid="ballot" data-cast={cast}>
        <h2 class="card__kicker">{m.vote}</h2>
        {roomVote ? <VoteHeading vote={roomVote} level={3} /> : null}
        {mine.secret ? <p class="ballot-note ballot-note--secret">{m.yourBallotSecret}</p> : null}
        <div class="vote-buttons" data-testid="vote-buttons">
          {CHOICES.map((c) => {
            const chosen = showChoice && mine.choice === c;
            return (
              <button
                type="button"
                key={c}
                class={`vote-btn vote-btn--${c}${chosen ? ' vote-btn--chosen' : ''}`}
                data-choice={c}
                aria-pressed={chosen}
                disabled={cast || isBusy('ballot')}
                onClick={() => run('ballot', 'POST', `/api/seats/${seat}/ballot`, { choice: c })}
              >
                <span class="vote-btn__mark" aria-hidden="true">
                  {chosen ? '✓' : ''}
                </span>
                {m.choices[c]}
              </button>
            );
          })}
        </div>
        <p class={cast ? 'ballot-status ballot-status--cast' : 'ballot-status'} data-testid="ballot-status">
          {cast
            ? showChoice && mine.choice
              ? m.youChose(m.choices[mine.choice])
              : m.ballotCast
            : m.castYourVote}
        </p>
      </section>
    );
  }
  if (roomVote?.state === 'open') {
    return (
      <section class="card card--ballot" data-testid="ballot">
        <h2 class="card__kicker">{m.vote}</h2>
        <VoteHeading vote={roomVote} level={3} />
        <p class="empty">{m.notEntitled}</p>
      </section>
    );
  }
  if (roomVote) {
    return (
      <section class="card card--ballot" data-testid="ballot">
        <h2 class="card__kicker">{m.vote}</h2>
        <VoteHeading vote={roomVote} level={3} />
        <VoteChart vote={roomVote} />
      </section>
    );
  }
  return (
    <section class="card card--ballot" data-testid="ballot">
      <h2 class="card__kicker">{m.vote}</h2>
      <p class="empty">{m.noOpenVote}</p>
    </section>
  );
}

function PresenceCard({ seat, state }: { seat: number; state: UnitState }) {
  const m = t.value;
  return (
    <section class="card card--presence">
      <h2 class="card__kicker">{m.rollCall}</h2>
      <button
        type="button"
        class={state.present ? 'presence-btn presence-btn--present' : 'presence-btn'}
        data-testid="present-button"
        data-present={state.present}
        disabled={state.present || isBusy('present')}
        onClick={() => run('present', 'POST', `/api/seats/${seat}/present`, {})}
      >
        <span class="presence-btn__mark" aria-hidden="true">
          {state.present ? '✓' : ''}
        </span>
        {state.present ? m.youArePresent : m.markPresent}
      </button>
    </section>
  );
}
