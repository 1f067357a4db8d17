// The seat tablet, when a person is logged in on it: their meetings. The one in session with its
// agenda and the item under discussion (live from the room view), the upcoming ones with their
// status and the person's answer. Nothing when nobody is logged in.
import { useEffect, useState } from 'preact/hooks';
import { tm } from '../../i18n-meetings.ts';
import {
  LIVE_STATUSES,
  type MeetingView,
  PAST_STATUSES,
  personMeetings,
  sessionPerson,
} from '../../meetings.ts';
import { view } from '../../room-store.ts';
import { AnswerChip, StatusChip } from './chips.tsx';
import { span } from './format.ts';
import './meetings.css';

export function SeatMeetings() {
  const m = tm.value;
  const live = view.value?.meeting ?? null;
  const [who, setWho] = useState<{ id: string; name: string } | null>(null);
  const [list, setList] = useState<MeetingView[] | null>(null);
  useEffect(() => {
    let gone = false;
    void (async () => {
      const p = await sessionPerson();
      if (gone) return;
      setWho(p);
      if (!p) return;
      const l = await personMeetings();
      if (!gone) setList(l);
    })();
    return () => {
      gone = true;
    };
  }, [live?.id, live?.status]);
  if (!who || !list) return null;

  const running = list.filter((x) => LIVE_STATUSES.includes(x.status));
  const upcoming = list
    .filter((x) => !LIVE_STATUSES.includes(x.status) && !PAST_STATUSES.includes(x.status))
    .filter((x) => x.fields.endsAt >= Date.now())
    .sort((a, b) => a.fields.startsAt - b.fields.startsAt)
    .slice(0, 5);
  return (
    <section class="card mtg-seat-meetings" data-testid="seat-meetings" data-person={who.id}>
      <h2 class="card__kicker">
        {m.myMeetingsOnSeat} · {who.name}
      </h2>
      {running.map((x) => {
        const agenda = live && live.id === x.id ? live.agenda : (x.fields.agenda ?? []);
        const current = live && live.id === x.id ? live.currentItem : x.currentItem;
        return (
          <div class="mtg-seat-meetings__live" key={x.id} data-meeting={x.id}>
            <div class="mtg-seat-meetings__head">
              <StatusChip status={live && live.id === x.id ? live.status : x.status} />
              <a class="mtg-seat-meetings__title" href={`/meetings/${encodeURIComponent(x.id)}`}>
                {x.fields.title}
              </a>
            </div>
            <ol class="mtg-agenda mtg-agenda--compact" data-testid="seat-agenda">
              {agenda.map((a, i) => (
                <li
                  key={a.id}
                  class={a.id === current ? 'mtg-agenda__item mtg-agenda__item--current' : 'mtg-agenda__item'}
                  data-item={a.id}
                  aria-current={a.id === current ? 'step' : undefined}
                >
                  <span class="mtg-agenda__n">{i + 1}</span>
                  <span class="mtg-agenda__title">{a.title}</span>
                  {a.id === current ? <span class="mtg-chip mtg-chip--now">{m.currentItem}</span> : null}
                </li>
              ))}
            </ol>
          </div>
        );
      })}
      {upcoming.length > 0 || running.length === 0 ? <h3 class="subpanel__title">{m.upcoming}</h3> : null}
      {upcoming.length === 0 && running.length === 0 ? <p class="empty">{m.noUpcoming}</p> : null}
      <ul class="mtg-seat-meetings__list">
        {upcoming.map((x) => (
          <li key={x.id} data-meeting={x.id}>
            <a class="mtg-seat-meetings__row" href={`/meetings/${encodeURIComponent(x.id)}`}>
              <span class="mtg-seat-meetings__title">{x.fields.title}</span>
              <span class="mtg-muted">{span(x.fields.startsAt, x.fields.endsAt)}</span>
              <span class="mtg-seat-meetings__chips">
                <StatusChip status={x.status} />
                {x.myRoles.includes('invitee') ? (
                  <AnswerChip answer={x.answers[who.id]?.answer ?? 'pending'} />
                ) : null}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
