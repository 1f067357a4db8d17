// The camera follows the speaker: which preset to show for a floor, and when it may move. Pure: no
// timers, no I/O, time passed in, so every rule is testable without a camera.
//
// The rule is the one the fact sheet gives "used by directors" (shared/protocols/conference-systems.md,
// "Others, for later drivers", VISCA): priority speaker first, else the most recently opened mic, else
// the overview preset. Two refinements of ours, both for the viewer:
// - a seat without a preset is skipped (the camera cannot frame it; the next candidate is shown);
// - a minimum hold time after every move, so the picture does not hunt when mics flap; when it runs
//   out the camera goes to whatever the target is *then* (not to every target it missed).
import type { RoomFloor } from '../../contract/driver.ts';

export interface FollowConfig {
  /** Room seat → preset. */
  presets: ReadonlyMap<number, number>;
  overviewPreset: number;
  /** Minimum time between two moves, ms. */
  holdMs: number;
}

export type FollowReason = 'priority' | 'speaker' | 'overview';

export interface FollowTarget {
  preset: number;
  reason: FollowReason;
  /** The seat being shown (absent for the overview). */
  seat?: number;
}

export interface FollowState {
  /** The preset last sent to the camera, or null when unknown (start, reconnect, failed recall). */
  current: number | null;
  /** When that move was sent (ms, the caller's clock); null before the first move. */
  movedAt: number | null;
}

export const INITIAL_FOLLOW_STATE: FollowState = { current: null, movedAt: null };

export type FollowDecision =
  /** The camera is already on the target: send nothing. */
  | { action: 'none'; target: FollowTarget }
  /** Recall this preset now, and record it with `moved()`. */
  | { action: 'recall'; preset: number; target: FollowTarget }
  /** The hold time forbids a move: decide again at `at` (with the floor as it is then). */
  | { action: 'wait'; at: number; target: FollowTarget };

/** Which preset the floor asks for, ignoring time. */
export function followTarget(
  floor: Pick<RoomFloor, 'speakers' | 'priority'>,
  config: FollowConfig,
): FollowTarget {
  if (floor.priority !== null) {
    const preset = config.presets.get(floor.priority);
    if (preset !== undefined) return { preset, reason: 'priority', seat: floor.priority };
  }
  // `speakers` is in opening order, so the most recently opened mic is the last.
  for (let i = floor.speakers.length - 1; i >= 0; i--) {
    const seat = floor.speakers[i]!;
    const preset = config.presets.get(seat);
    if (preset !== undefined) return { preset, reason: 'speaker', seat };
  }
  return { preset: config.overviewPreset, reason: 'overview' };
}

/** What to do now: recall, nothing, or wait until the hold time is over. */
export function follow(
  state: FollowState,
  floor: Pick<RoomFloor, 'speakers' | 'priority'>,
  config: FollowConfig,
  now: number,
): FollowDecision {
  const target = followTarget(floor, config);
  if (state.current === target.preset) return { action: 'none', target };
  if (state.movedAt !== null) {
    const at = state.movedAt + config.holdMs;
    if (now < at) return { action: 'wait', at, target };
  }
  return { action: 'recall', preset: target.preset, target };
}

/** The state after a recall was sent at `now`. */
export function moved(_state: FollowState, preset: number, now: number): FollowState {
  return { current: preset, movedAt: now };
}

/**
 * The state after a recall failed: the camera's position is unknown, so the next decision re-sends
 * the target; the hold still counts from the attempt (a failing camera is not hammered by flapping mics).
 */
export function lost(state: FollowState): FollowState {
  return { current: null, movedAt: state.movedAt };
}
