// The wall display (public): readable from the back of the room. Speakers with their speaking time,
// the request queue in order, the vote with its live chart, how many are present, and whether the
// meeting is being recorded (issue 5, R-ROOM-4).
import { Elapsed } from '../components/elapsed.tsx';
import { Headcount } from '../components/headcount.tsx';
import { RecordingIndicator } from '../components/recording-indicator.tsx';
import { SeatName } from '../components/seat-name.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { VoteChart, VoteHeading } from '../components/vote-chart.tsx';
import { formatClock } from '../format.ts';
import { t } from '../i18n.ts';
import { serverNow, view } from '../room-store.ts';

export function DisplayPage() {
  const m = t.value;
  const v = view.value;
  return (
    <div class="page page--display">
      <TopBar role={m.wallDisplay}>
        <DisplayClock />
        <Headcount />
      </TopBar>
      <DisplayMeeting />
      <main class="display-grid">
        <section class="panel panel--speakers" data-testid="speakers" aria-labelledby="h-speakers">
          <h2 class="panel__title" id="h-speakers">
            {m.speakers}
          </h2>
          <DisplaySpeakers />
        </section>
        <section class="panel panel--requests" data-testid="requests" aria-labelledby="h-requests">
          <h2 class="panel__title" id="h-requests">
            {m.requests}
            {v && v.floor.requests.length > 0 ? (
              <span class="panel__count">{v.floor.requests.length}</span>
            ) : null}
          </h2>
          <DisplayRequests />
        </section>
        <section class="panel panel--vote" data-testid="vote" aria-labelledby="h-vote">
          <h2 class="panel__title" id="h-vote">
            {m.vote}
          </h2>
          {v?.vote ? (
            <div class="display-vote">
              <VoteHeading vote={v.vote} level={3} />
              <VoteChart vote={v.vote} size="large" />
            </div>
          ) : (
            <p class="empty empty--large">{m.noVote}</p>
          )}
        </section>
      </main>
    </div>
  );
}

/** The meeting in session and whether it is recorded, in a strip of its own (no meeting: nothing). */
function DisplayMeeting() {
  const v = view.value;
  if (!v || (!v.meeting && v.recording.status === 'off')) return null;
  return (
    <div class="display-meeting" data-testid="display-meeting">
      <span class="display-meeting__title">{v.meeting?.title ?? ''}</span>
      <RecordingIndicator large />
    </div>
  );
}

function DisplayClock() {
  return <span class="display-clock">{formatClock(serverNow.value)}</span>;
}

function DisplaySpeakers() {
  const v = view.value;
  const m = t.value;
  if (!v || v.floor.speakers.length === 0) return <p class="empty empty--large">{m.noSpeakers}</p>;
  return (
    <ul class={v.floor.speakers.length > 4 ? 'speaker-cards speaker-cards--many' : 'speaker-cards'}>
      {v.floor.speakers.map((s) => (
        <li class="speaker-card" key={s.seat} data-seat={s.seat}>
          <span class="speaker-card__mic" aria-hidden="true" />
          <SeatName seat={s.seat} />
          <Elapsed since={s.since} class="speaker-card__time" />
        </li>
      ))}
    </ul>
  );
}

function DisplayRequests() {
  const v = view.value;
  const m = t.value;
  if (!v || v.floor.requests.length === 0) return <p class="empty">{m.noRequests}</p>;
  return (
    <ol class="queue">
      {v.floor.requests.map((r, i) => (
        <li class="queue__item" key={r.seat} data-seat={r.seat}>
          <span class="queue__pos">{i + 1}</span>
          <SeatName seat={r.seat} />
        </li>
      ))}
    </ol>
  );
}
