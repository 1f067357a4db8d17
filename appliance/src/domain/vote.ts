// Quick votes in the room: yes / no / abstain, open or secret, one ballot per entitled seat,
// no change after casting, tally with not-voted. Pure. R-VOTE-1 (open/secret), R-VOTE-2 (keypads,
// tablets), R-VOTE-6 (live results).
//
// Secret ballots are unlinkable to the voter (ARCHITECTURE.md "One log"): a cast makes two facts,
// `vote.voted` (who voted; goes to the event log) and `vote.secret_ballot` (what was chosen, with no
// seat; the store keeps it apart from the log, in random order, without time or sequence).

import type { Decision } from './floor.ts';

export const CHOICES = ['yes', 'no', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
  not_voted: number;
}

export interface VoteState {
  readonly id: string;
  readonly title: string;
  readonly secret: boolean;
  readonly state: 'open' | 'closed';
  readonly entitled: readonly number[];
  /** Seats that cast a ballot. */
  readonly voted: ReadonlySet<number>;
  /**
   * Seat → choice. For an open vote, from the log. For a secret vote, only what this process saw
   * being cast (so a unit's LED shows its own choice); empty after a restart, by design.
   */
  readonly choices: ReadonlyMap<number, Choice>;
  /** Counts of cast ballots (secret votes included: counts carry no seat). */
  readonly counts: { yes: number; no: number; abstain: number };
  readonly openedAt: number;
  readonly closedAt: number | null;
  /** Final result, fixed at close. */
  readonly result: Tally | null;
}

export type VoteEvent =
  | { type: 'vote.opened'; voteId: string; title: string; secret: boolean; entitled: number[] }
  | { type: 'vote.ballot'; voteId: string; seat: number; choice: Choice }
  | { type: 'vote.voted'; voteId: string; seat: number }
  | { type: 'vote.secret_ballot'; voteId: string; choice: Choice }
  | { type: 'vote.closed'; voteId: string; result: Tally };

export type VoteCommand =
  | { type: 'open'; voteId: string; title: string; secret: boolean; entitled: number[] }
  | { type: 'cast'; seat: number; choice: Choice }
  | { type: 'close' };

export type VoteErrorCode =
  | 'E_VOTE_OPEN'
  | 'E_NO_VOTE'
  | 'E_NOT_ENTITLED'
  | 'E_ALREADY_VOTED'
  | 'E_BAD_CHOICE'
  | 'E_BAD_VOTE';

const fail = (code: VoteErrorCode, message: string): Decision<VoteEvent, VoteErrorCode> => ({
  ok: false,
  code,
  message,
});

export function tally(v: VoteState): Tally {
  return { ...v.counts, not_voted: v.entitled.filter((s) => !v.voted.has(s)).length };
}

export function decideVote(v: VoteState | null, c: VoteCommand): Decision<VoteEvent, VoteErrorCode> {
  switch (c.type) {
    case 'open': {
      if (v?.state === 'open') return fail('E_VOTE_OPEN', `vote "${v.title}" is still open; close it first`);
      const title = c.title.trim();
      if (!title || title.length > 200)
        return fail('E_BAD_VOTE', 'a vote needs a title of 1..200 characters');
      if (c.entitled.length === 0) return fail('E_BAD_VOTE', 'no seat is entitled to vote');
      const entitled = [...new Set(c.entitled)].sort((a, b) => a - b);
      return {
        ok: true,
        events: [{ type: 'vote.opened', voteId: c.voteId, title, secret: c.secret, entitled }],
      };
    }
    case 'cast': {
      if (v?.state !== 'open') return fail('E_NO_VOTE', 'no vote is open');
      if (!CHOICES.includes(c.choice)) return fail('E_BAD_CHOICE', `unknown choice ${String(c.choice)}`);
      if (!v.entitled.includes(c.seat))
        return fail('E_NOT_ENTITLED', `seat ${c.seat} may not vote in this vote`);
      if (v.voted.has(c.seat)) return fail('E_ALREADY_VOTED', `seat ${c.seat} has already voted`);
      const events: VoteEvent[] = v.secret
        ? [
            { type: 'vote.voted', voteId: v.id, seat: c.seat },
            { type: 'vote.secret_ballot', voteId: v.id, choice: c.choice },
          ]
        : [{ type: 'vote.ballot', voteId: v.id, seat: c.seat, choice: c.choice }];
      return { ok: true, events };
    }
    case 'close':
      if (v?.state !== 'open') return fail('E_NO_VOTE', 'no vote is open');
      return { ok: true, events: [{ type: 'vote.closed', voteId: v.id, result: tally(v) }] };
  }
}

/**
 * `seat` is passed beside a secret ballot only while the process saw the cast happen (so the unit
 * can show its own choice); it never reaches storage.
 */
export function applyVote(v: VoteState | null, e: VoteEvent, at: number, castBy?: number): VoteState | null {
  if (e.type === 'vote.opened') {
    return {
      id: e.voteId,
      title: e.title,
      secret: e.secret,
      state: 'open',
      entitled: e.entitled,
      voted: new Set(),
      choices: new Map(),
      counts: { yes: 0, no: 0, abstain: 0 },
      openedAt: at,
      closedAt: null,
      result: null,
    };
  }
  if (!v || v.id !== e.voteId) return v;
  switch (e.type) {
    case 'vote.ballot':
      return {
        ...v,
        voted: new Set(v.voted).add(e.seat),
        choices: new Map(v.choices).set(e.seat, e.choice),
        counts: { ...v.counts, [e.choice]: v.counts[e.choice] + 1 },
      };
    case 'vote.voted':
      return { ...v, voted: new Set(v.voted).add(e.seat) };
    case 'vote.secret_ballot':
      return {
        ...v,
        choices: castBy === undefined ? v.choices : new Map(v.choices).set(castBy, e.choice),
        counts: { ...v.counts, [e.choice]: v.counts[e.choice] + 1 },
      };
    case 'vote.closed':
      return { ...v, state: 'closed', closedAt: at, result: e.result };
  }
}
