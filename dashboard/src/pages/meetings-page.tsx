// `/meetings`: the meetings I take part in (GET /api/meetings; everything for an administrator),
// under way first, then upcoming by start, then past; filtered by status with a chip per status.
// Organisers (and administrators) register a new one from here. The list refetches when the socket
// says one of them changed.
import { useEffect, useState } from 'preact/hooks';
import type { MeetingStatus } from '../../../appliance/src/domain/meeting.ts';
import { AnswerChip, RoleChips, SecretChip, StatusChip } from '../components/meetings/chips.tsx';
import { span } from '../components/meetings/format.ts';
import { whereOf } from '../components/meetings/invitation.tsx';
import { PersonGate } from '../components/person-gate.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { meetingErrorText, tm } from '../i18n-meetings.ts';
import { fetchMeetings, LIVE_STATUSES, type MeetingView, PAST_STATUSES } from '../meetings.ts';
import { meetingNews } from '../room-store.ts';
import { hasRole, me } from '../session.ts';
import '../components/meetings/meetings.css';

const STATUS_ORDER: readonly MeetingStatus[] = [
  'in_progress',
  'paused',
  'draft',
  'returned',
  'submitted',
  'approved',
  'published',
  'ended',
  'archived',
  'cancelled',
];

export function MeetingsPage() {
  const m = tm.value;
  return (
    <div class="page page--meetings">
      <TopBar role={m.section} />
      <PersonGate page={m.myMeetings}>
        <MeetingList />
      </PersonGate>
    </div>
  );
}

function MeetingList() {
  const m = tm.value;
  const [list, setList] = useState<MeetingView[] | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [filter, setFilter] = useState<MeetingStatus | 'all'>(() => {
    const s = new URLSearchParams(location.search).get('status');
    return s && (STATUS_ORDER as readonly string[]).includes(s) ? (s as MeetingStatus) : 'all';
  });
  const load = async () => {
    const r = await fetchMeetings();
    if (r.ok) {
      setList(r.data);
      setError(null);
    } else setError({ code: r.code, message: r.message });
  };
  const news = meetingNews.value;
  useEffect(() => {
    void load();
  }, [news?.n]);

  const pick = (f: MeetingStatus | 'all') => {
    setFilter(f);
    const url = new URL(location.href);
    if (f === 'all') url.searchParams.delete('status');
    else url.searchParams.set('status', f);
    history.replaceState(history.state, '', `${url.pathname}${url.search}`);
  };

  const organiser = hasRole(['organiser', 'sysadmin']);
  const counts = new Map<MeetingStatus, number>();
  for (const x of list ?? []) counts.set(x.status, (counts.get(x.status) ?? 0) + 1);
  const shown = (list ?? []).filter((x) => filter === 'all' || x.status === filter);
  const live = shown.filter((x) => LIVE_STATUSES.includes(x.status));
  const past = shown
    .filter((x) => PAST_STATUSES.includes(x.status))
    .sort((a, b) => b.fields.startsAt - a.fields.startsAt);
  const upcoming = shown
    .filter((x) => !LIVE_STATUSES.includes(x.status) && !PAST_STATUSES.includes(x.status))
    .sort((a, b) => a.fields.startsAt - b.fields.startsAt);

  return (
    <main class="mtg-page" data-testid="meetings-page">
      <header class="mtg-page__head">
        <h1 class="mtg-page__title">{m.myMeetings}</h1>
        {organiser ? (
          <a class="btn btn--primary" href="/meetings/new" data-testid="new-meeting">
            + {m.newMeeting}
          </a>
        ) : null}
      </header>
      {error ? (
        <p class="mtg-error" role="alert" data-testid="list-error">
          {meetingErrorText(error.code, error.message)}{' '}
          <button type="button" class="btn btn--small" onClick={() => void load()}>
            {m.retry}
          </button>
        </p>
      ) : null}
      {list === null && !error ? <p class="empty">{m.loading}</p> : null}
      {list !== null && list.length > 0 ? (
        <nav class="mtg-filters" aria-label={m.section} data-testid="status-filters">
          <button
            type="button"
            class="mtg-filter"
            aria-pressed={filter === 'all'}
            data-status="all"
            onClick={() => pick('all')}
          >
            {m.all} <span class="mtg-filter__n">{list.length}</span>
          </button>
          {STATUS_ORDER.filter((s) => counts.has(s)).map((s) => (
            <button
              type="button"
              key={s}
              class={`mtg-filter mtg-filter--${s}`}
              aria-pressed={filter === s}
              data-status={s}
              onClick={() => pick(s)}
            >
              {m.status[s]} <span class="mtg-filter__n">{counts.get(s)}</span>
            </button>
          ))}
        </nav>
      ) : null}
      {list !== null && list.length === 0 ? (
        <p class="mtg-empty" data-testid="no-meetings">
          {organiser ? m.noMeetingsOrganiser : m.noMeetings}
        </p>
      ) : null}
      {list !== null && list.length > 0 && shown.length === 0 ? <p class="empty">{m.noMatch}</p> : null}
      <Group title={m.groups.live} items={live} testid="group-live" />
      <Group title={m.groups.upcoming} items={upcoming} testid="group-upcoming" />
      <Group title={m.groups.past} items={past} testid="group-past" />
    </main>
  );
}

function Group({ title, items, testid }: { title: string; items: MeetingView[]; testid: string }) {
  if (items.length === 0) return null;
  return (
    <section class="mtg-group" data-testid={testid}>
      <h2 class="mtg-group__title">
        {title}
        <span class="panel__count">{items.length}</span>
      </h2>
      <ul class="mtg-list">
        {items.map((x) => (
          <MeetingRow key={x.id} meeting={x} />
        ))}
      </ul>
    </section>
  );
}

function MeetingRow({ meeting: x }: { meeting: MeetingView }) {
  const m = tm.value;
  const mine = me.value ? x.answers[me.value.id] : undefined;
  const invitee = x.myRoles.includes('invitee');
  return (
    <li class={`mtg-row mtg-row--${x.status}`} data-meeting={x.id} data-status={x.status}>
      <a class="mtg-row__link" href={`/meetings/${encodeURIComponent(x.id)}`}>
        <span class="mtg-row__top">
          <StatusChip status={x.status} />
          {x.fields.secret ? <SecretChip /> : null}
          <span class="mtg-chip mtg-chip--kind">{m.kind[x.fields.kind]}</span>
        </span>
        <span class="mtg-row__title">{x.fields.title}</span>
        <span class="mtg-row__when">{span(x.fields.startsAt, x.fields.endsAt)}</span>
        <span class="mtg-row__where">{whereOf(x)}</span>
        <span class="mtg-row__roles">
          <RoleChips roles={x.myRoles} />
          {invitee ? <AnswerChip answer={mine?.answer ?? 'pending'} /> : null}
        </span>
      </a>
    </li>
  );
}
