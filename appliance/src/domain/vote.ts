// Quick votes in the room: yes / no / abstain, open or secret, one ballot per entitled seat,
// no change after casting, tally with not-voted. Pure. R-VOTE-1 (open/secret), R-VOTE-2 (keypads,
// tablets), R-VOTE-6 (live results).
//
// Secret ballots are unlinkable to the voter (ARCHITECTURE.md "One log"): a cast makes two facts,
// `vote.voted` (who voted; goes to the event log) and `vote.secret_ballot` (what was chosen, with no
// seat; the store keeps it apart from the log, in random order, without time or sequence).
//
// A conference system with voting keypads (Shure DCS, Taiden HCS) counts its own seats and reports
// only totals. Its seats are the vote's `keypads`: they vote on the hardware, not through the room
// (a tablet cast from them is refused, so no seat votes twice), and each device's latest totals,
// `vote.device_tally`, are added to the room's count. A device's final totals may arrive just after
// the room closed the vote; they then correct the closed result.

import type { Decision } from './floor.ts';

export const CHOICES = ['yes', 'no', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
  not_voted: number;
}

/** A device's latest totals for this vote. */
export interface DeviceTally {
  yes: number;
  no: number;
  abstain: number;
  final: boolean;
}

export interface VoteState {
  readonly id: string;
  readonly title: string;
  readonly secret: boolean;
  readonly state: 'open' | 'closed';
  readonly entitled: readonly number[];
  /** Seats that vote on a conference system's keypads (their ballots arrive as device totals). */
  readonly keypads: readonly number[];
  /** Device id → its latest totals. */
  readonly devices: ReadonlyMap<string, DeviceTally>;
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
  | {
      type: 'vote.opened';
      voteId: string;
      title: string;
      secret: boolean;
      entitled: number[];
      keypads?: number[];
    }
  | { type: 'vote.ballot'; voteId: string; seat: number; choice: Choice }
  | { type: 'vote.voted'; voteId: string; seat: number }
  | { type: 'vote.secret_ballot'; voteId: string; choice: Choice }
  | { type: 'vote.closed'; voteId: string; result: Tally }
  | ({ type: 'vote.device_tally'; voteId: string; device: string } & DeviceTally);

export type VoteCommand =
  | { type: 'open'; voteId: string; title: string; secret: boolean; entitled: number[]; keypads?: number[] }
  | { type: 'cast'; seat: number; choice: Choice }
  | { type: 'close' }
  | ({ type: 'device_tally'; voteId: string; device: string } & DeviceTally);

export type VoteErrorCode =
  | 'E_VOTE_OPEN'
  | 'E_NO_VOTE'
  | 'E_NOT_ENTITLED'
  | 'E_ALREADY_VOTED'
  | 'E_BAD_CHOICE'
  | 'E_BAD_VOTE'
  | 'E_USE_KEYPAD';

const fail = (code: VoteErrorCode, message: string): Decision<VoteEvent, VoteErrorCode> => ({
  ok: false,
  code,
  message,
});

/** Everything the devices counted, summed. */
function deviceTotals(v: VoteState): { yes: number; no: number; abstain: number } {
  const t = { yes: 0, no: 0, abstain: 0 };
  for (const d of v.devices.values()) {
    t.yes += d.yes;
    t.no += d.no;
    t.abstain += d.abstain;
  }
  return t;
}

export function tally(v: VoteState): Tally {
  const hw = deviceTotals(v);
  const keypads = new Set(v.keypads);
  // Keypad seats are not named by the hardware: of them, as many have not voted as the totals leave.
  const softwareNotVoted = v.entitled.filter((s) => !keypads.has(s) && !v.voted.has(s)).length;
  const keypadSeats = v.entitled.filter((s) => keypads.has(s)).length;
  const hwCast = hw.yes + hw.no + hw.abstain;
  return {
    yes: v.counts.yes + hw.yes,
    no: v.counts.no + hw.no,
    abstain: v.counts.abstain + hw.abstain,
    not_voted: softwareNotVoted + Math.max(0, keypadSeats - hwCast),
  };
}

/** Ballots cast so far, for an open secret vote (which shows no more than that). */
export function castCount(v: VoteState): number {
  const hw = deviceTotals(v);
  return v.voted.size + hw.yes + hw.no + hw.abstain;
}

const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 100_000;

export function decideVote(v: VoteState | null, c: VoteCommand): Decision<VoteEvent, VoteErrorCode> {
  switch (c.type) {
    case 'open': {
      if (v?.state === 'open') return fail('E_VOTE_OPEN', `vote "${v.title}" is still open; close it first`);
      const title = c.title.trim();
      if (!title || title.length > 200)
        return fail('E_BAD_VOTE', 'a vote needs a title of 1..200 characters');
      if (c.entitled.length === 0) return fail('E_BAD_VOTE', 'no seat is entitled to vote');
      const entitled = [...new Set(c.entitled)].sort((a, b) => a - b);
      const keypads = [...new Set(c.keypads ?? [])].sort((a, b) => a - b);
      const opened: VoteEvent = { type: 'vote.opened', voteId: c.voteId, title, secret: c.secret, entitled };
      if (keypads.length) opened.keypads = keypads;
      return { ok: true, events: [opened] };
    }
    case 'cast': {
      if (v?.state !== 'open') return fail('E_NO_VOTE', 'no vote is open');
      if (!CHOICES.includes(c.choice)) return fail('E_BAD_CHOICE', `unknown choice ${String(c.choice)}`);
      if (!v.entitled.includes(c.seat))
        return fail('E_NOT_ENTITLED', `seat ${c.seat} may not vote in this vote`);
      if (v.voted.has(c.seat)) return fail('E_ALREADY_VOTED', `seat ${c.seat} has already voted`);
      if (v.keypads.includes(c.seat))
        return fail('E_USE_KEYPAD', `seat ${c.seat} votes on the conference system's keypad`);
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
    case 'device_tally': {
      if (!v || v.id !== c.voteId) return fail('E_NO_VOTE', `vote ${c.voteId} is not the room's vote`);
      if (![c.yes, c.no, c.abstain].every(isCount) || typeof c.final !== 'boolean')
        return fail('E_BAD_VOTE', 'device totals must be counts');
      const last = v.devices.get(c.device);
      // After the room closed the vote only the device's final totals still count, once.
      if (last?.final || (v.state === 'closed' && !c.final)) return { ok: true, events: [] };
      if (last && last.yes === c.yes && last.no === c.no && last.abstain === c.abstain && !c.final)
        return { ok: true, events: [] };
      const { type: _, ...t } = c;
      return { ok: true, events: [{ type: 'vote.device_tally', ...t }] };
    }
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
      keypads: e.keypads ?? [],
      devices: new Map(),
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
    case 'vote.device_tally': {
      const { yes, no, abstain, final } = e;
      const next = { ...v, devices: new Map(v.devices).set(e.device, { yes, no, abstain, final }) };
      // A closed vote's result is the tally at close; late final totals correct it.
      return v.state === 'closed' ? { ...next, result: tally(next) } : next;
    }
  }
}
