import type { RoomView } from '../../../appliance/src/domain/views.ts';
import { percent } from '../format.ts';
import { type TallyKey, t } from '../i18n.ts';

type Vote = NonNullable<RoomView['vote']>;

const ROWS: readonly TallyKey[] = ['yes', 'no', 'abstain', 'not_voted'];

/** Title, open / closed, open or secret ballot. */
export function VoteHeading({ vote, level = 2 }: { vote: Vote; level?: 2 | 3 }) {
  const m = t.value;
  const Title = level === 2 ? 'h2' : 'h3';
  return (
    <div class="vote-heading">
      <Title class="vote-heading__title" data-testid="vote-title">
        {vote.title}
      </Title>
      <div class="vote-heading__tags">
        <span class={`pill pill--${vote.state}`} data-testid="vote-state" data-state={vote.state}>
          {vote.state === 'open' ? m.voteOpen : m.voteClosed}
        </span>
        <span class={vote.secret ? 'pill pill--secret' : 'pill pill--plain'}>
          {vote.secret ? m.secretBallot : m.openBallot}
        </span>
      </div>
    </div>
  );
}

/**
 * The live tally as a bar chart: yes / no / abstain / not voted, bars relative to the seats entitled
 * to vote. An open secret vote has no tally yet, only how many ballots were cast.
 */
export function VoteChart({ vote, size = 'normal' }: { vote: Vote; size?: 'normal' | 'large' }) {
  const m = t.value;
  const c = vote.counts;
  if ('cast' in c) {
    return (
      <div class={`vote-chart vote-chart--${size} vote-chart--secret`} data-testid="vote-chart">
        <div class="secret-count" data-testid="ballots-cast" data-count={c.cast}>
          <span class="secret-count__number">{c.cast}</span>
          <span class="secret-count__label">{m.ballotsCast(c.cast)}</span>
          <span class="secret-count__of">{m.ofEntitled(vote.entitled)}</span>
        </div>
        <div class="bar-track bar-track--secret" aria-hidden="true">
          <div class="bar-fill bar-fill--cast" style={{ width: `${percent(c.cast, vote.entitled)}%` }} />
        </div>
        <p class="vote-chart__note">{m.secretUntilClose}</p>
      </div>
    );
  }
  const whole = vote.entitled || ROWS.reduce((n, k) => n + c[k], 0);
  return (
    <div class={`vote-chart vote-chart--${size}`} data-testid="vote-chart">
      {ROWS.map((k) => (
        <div class={`bar-row bar-row--${k}`} key={k} data-choice={k} data-count={c[k]}>
          <div class="bar-row__head">
            <span class="bar-row__label">{m.choices[k]}</span>
            <span class="bar-row__nums">
              <span class="bar-row__count">{c[k]}</span>
              <span class="bar-row__pct">{percent(c[k], whole)}%</span>
            </span>
          </div>
          <div class="bar-track" aria-hidden="true">
            <div class={`bar-fill bar-fill--${k}`} style={{ width: `${percent(c[k], whole)}%` }} />
          </div>
        </div>
      ))}
    </div>
  );
}
