// Hardware voting on a Shure DCS 6000 / DIS-CCU (fact sheet, "Voting"): the room's vote drives the
// central unit's own voting, and the unit's counts feed the room's vote. The unit reports aggregate
// counts only (`interim_voting_result <idx> <count> <label>`, `final_voting_result …`), never who
// voted what, which is also what a secret ballot needs.
//
//   room vote opens   → start_voting K    → voting_started K
//   keypads pressed   → interim_voting_result lines (withheld for secret configurations)
//   room vote closes  → stop_voting       → voting_stopped, then final_voting_result lines
//   room vote gone    → cancel_voting     → voting_cancelled
import type { DeviceVoteTally, RoomVote } from '../../contract/driver.ts';
import type { ShureCommand, ShureMessage } from './codec.ts';

export type VoteChoiceName = 'yes' | 'no' | 'abstain';

export interface ShureVotingOptions {
  /** Configuration started for an open room vote (fact sheet example: 1 "3-button voting"). */
  configuration: number;
  /** Configuration for a secret room vote (example: 2 "3-button secret voting"); default `configuration`. */
  secretConfiguration?: number;
  /**
   * Which choice each result index is, first index first, for labels we do not recognise. Fact
   * sheet: "3-button = Yes / Abstain / No".
   */
  order?: VoteChoiceName[];
  /** Index of the first option in result lines; the fact sheet does not say (our choice: 1). */
  indexBase?: number;
}

interface HardwareVote {
  id: string;
  config: number;
  started: boolean;
  stopping: boolean;
  counts: Map<number, { count: number; label: string }>;
}

/**
 * Labels as a DCS shows them, in English or as a Vietnamese installer may have renamed them.
 * Abstain first: "không biểu quyết" must not be read as "không" (no).
 */
const LABELS: [RegExp, VoteChoiceName][] = [
  [/^(abstain|abstention|không biểu quyết|phiếu trắng|không ý kiến)(?!\p{L})/iu, 'abstain'],
  [/^(yes|for|tán thành|đồng ý|có)(?!\p{L})/iu, 'yes'],
  [/^(no|against|không tán thành|không đồng ý|không)(?!\p{L})/iu, 'no'],
];

export class ShureVoting {
  readonly #o: Required<Omit<ShureVotingOptions, 'secretConfiguration'>> & { secretConfiguration: number };
  readonly #send: (cmd: ShureCommand) => void;
  readonly #emit: (tally: DeviceVoteTally) => void;
  #vote: HardwareVote | undefined;
  #emitTimer: NodeJS.Timeout | undefined;
  /** Configurations the unit listed (`voting_status`), for the technician page. */
  configurations = new Map<number, string>();

  constructor(
    options: ShureVotingOptions,
    send: (cmd: ShureCommand) => void,
    emit: (tally: DeviceVoteTally) => void,
  ) {
    this.#o = {
      configuration: options.configuration,
      secretConfiguration: options.secretConfiguration ?? options.configuration,
      order: options.order ?? ['yes', 'abstain', 'no'],
      indexBase: options.indexBase ?? 1,
    };
    this.#send = send;
    this.#emit = emit;
  }

  /** What the unit is doing for the room, for details() and the alarm check. */
  get current(): { id: string; config: number; started: boolean; stopping: boolean } | null {
    const v = this.#vote;
    return v ? { id: v.id, config: v.config, started: v.started, stopping: v.stopping } : null;
  }

  /** The room's vote now (null: none). Idempotent: the same vote twice sends nothing. */
  update(vote: RoomVote | null): void {
    const v = this.#vote;
    if (v && (!vote || vote.id !== v.id)) {
      // The room moved on while the unit still collects: cancel, so keypads do not vote into nothing.
      if (!v.stopping) this.#send({ type: 'cancel_voting' });
      this.#drop();
    }
    if (!vote) return;
    if (!this.#vote && vote.state === 'open') {
      const config = vote.secret ? this.#o.secretConfiguration : this.#o.configuration;
      this.#vote = { id: vote.id, config, started: false, stopping: false, counts: new Map() };
      this.#send({ type: 'start_voting', config });
    } else if (this.#vote && vote.state === 'closed' && !this.#vote.stopping) {
      this.#vote.stopping = true;
      this.#send({ type: 'stop_voting' });
    }
  }

  /** A line from the unit; true if it was about voting. */
  handle(msg: ShureMessage): boolean {
    const v = this.#vote;
    switch (msg.type) {
      case 'voting_configuration':
        this.configurations.set(msg.config, msg.name);
        return true;
      case 'voting_status_done':
        return true;
      case 'voting_started':
        if (v && msg.config === v.config) v.started = true;
        return true;
      case 'interim_voting_result':
      case 'final_voting_result':
        if (!v) return true;
        // Finals replace interim counts; a final line arriving means the unit stopped (ours or not).
        if (msg.type === 'final_voting_result') v.stopping = true;
        v.counts.set(msg.index, { count: msg.count, label: msg.label });
        this.#scheduleEmit(msg.type === 'final_voting_result');
        return true;
      case 'voting_stopped':
        if (v) {
          v.stopping = true;
          v.counts.clear();
        }
        return true;
      case 'voting_cancelled':
        if (v && !v.stopping) v.started = false;
        return true;
      default:
        return false;
    }
  }

  /** The lines of one result arrive one by one (9600 baud): tell the room once they are all in. */
  #scheduleEmit(final: boolean): void {
    clearTimeout(this.#emitTimer);
    this.#emitTimer = setTimeout(() => {
      this.#emitTimer = undefined;
      const v = this.#vote;
      if (!v) return;
      const tally: DeviceVoteTally = { voteId: v.id, yes: 0, no: 0, abstain: 0, final, at: Date.now() };
      for (const [index, { count, label }] of v.counts) {
        const choice = this.choiceOf(index, label);
        if (choice) tally[choice] += count;
      }
      this.#emit(tally);
      if (final) this.#drop();
    }, 30);
  }

  choiceOf(index: number, label: string): VoteChoiceName | undefined {
    for (const [re, choice] of LABELS) if (re.test(label.trim())) return choice;
    return this.#o.order[index - this.#o.indexBase];
  }

  #drop(): void {
    clearTimeout(this.#emitTimer);
    this.#emitTimer = undefined;
    this.#vote = undefined;
  }

  stop(): void {
    this.#drop();
  }
}
