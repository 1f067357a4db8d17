// follow.ts: the camera-follows-speaker rule, pure, time passed in. The rule is the fact sheet's
// ("priority speaker first, else the most recently opened mic, else the overview preset") plus our
// hold time and "seats without a preset are skipped".
import { describe, expect, it } from 'vitest';
import type { RoomFloor } from '../../../src/contract/driver.ts';
import {
  type FollowConfig,
  type FollowState,
  follow,
  followTarget,
  INITIAL_FOLLOW_STATE,
  lost,
  moved,
} from '../../../src/drivers/visca-camera/follow.ts';

const config: FollowConfig = {
  presets: new Map([
    [1, 11], // the chair
    [2, 12],
    [3, 13],
    [4, 14],
  ]),
  overviewPreset: 0,
  holdMs: 3000,
};

const floor = (speakers: number[], priority: number | null = null): RoomFloor => ({
  speakers,
  requests: [],
  chairSeats: [1],
  priority,
  mode: 'request',
  maxOpen: 4,
});

/** Drive the rule like the driver does: recall when told, record the move, wait when told. */
function run(config: FollowConfig, steps: [at: number, floor: RoomFloor][], until: number) {
  let state: FollowState = INITIAL_FOLLOW_STATE;
  let current = steps[0]![1];
  let wakeAt: number | undefined;
  const recalls: [number, number][] = [];
  const timeline = [...steps];
  const decide = (now: number) => {
    wakeAt = undefined;
    const d = follow(state, current, config, now);
    if (d.action === 'recall') {
      recalls.push([now, d.preset]);
      state = moved(state, d.preset, now);
    } else if (d.action === 'wait') wakeAt = d.at;
  };
  for (let now = 0; now <= until; now++) {
    let changed = false;
    while (timeline.length > 0 && timeline[0]![0] === now) {
      current = timeline.shift()![1];
      changed = true;
    }
    if (changed || wakeAt === now) decide(now);
  }
  return recalls;
}

describe('followTarget', () => {
  it('overview when nobody speaks', () => {
    expect(followTarget(floor([]), config)).toEqual({ preset: 0, reason: 'overview' });
  });

  it('the most recently opened mic (the last in opening order)', () => {
    expect(followTarget(floor([2, 4, 3]), config)).toEqual({ preset: 13, reason: 'speaker', seat: 3 });
  });

  it('the priority speaker first, even when others opened later', () => {
    expect(followTarget(floor([1, 2, 3], 1), config)).toEqual({ preset: 11, reason: 'priority', seat: 1 });
    expect(followTarget(floor([2, 3], 1), config)).toMatchObject({ preset: 11, reason: 'priority' });
  });

  it('seats without a preset are skipped: the next most recent, else the overview', () => {
    expect(followTarget(floor([2, 9]), config)).toEqual({ preset: 12, reason: 'speaker', seat: 2 });
    expect(followTarget(floor([8, 9]), config)).toEqual({ preset: 0, reason: 'overview' });
    // A priority seat without a preset falls through to the speakers.
    expect(followTarget(floor([3], 9), config)).toEqual({ preset: 13, reason: 'speaker', seat: 3 });
  });

  it('with no presets at all the camera stays on the overview', () => {
    const none = { ...config, presets: new Map<number, number>(), overviewPreset: 7 };
    expect(followTarget(floor([1, 2], 1), none)).toEqual({ preset: 7, reason: 'overview' });
  });
});

describe('follow (time and state)', () => {
  it('the first decision recalls at once; the same target again is not re-sent', () => {
    const d = follow(INITIAL_FOLLOW_STATE, floor([2]), config, 1000);
    expect(d).toEqual({ action: 'recall', preset: 12, target: { preset: 12, reason: 'speaker', seat: 2 } });
    const s = moved(INITIAL_FOLLOW_STATE, 12, 1000);
    expect(follow(s, floor([2]), config, 1001)).toMatchObject({ action: 'none' });
    // Another floor with the same target (a seat without a preset opened): still nothing to send.
    expect(follow(s, floor([2, 9]), config, 99_999)).toMatchObject({ action: 'none' });
  });

  it('a new target inside the hold time waits until the hold is over', () => {
    const s = moved(INITIAL_FOLLOW_STATE, 12, 1000);
    expect(follow(s, floor([2, 3]), config, 2000)).toEqual({
      action: 'wait',
      at: 4000,
      target: { preset: 13, reason: 'speaker', seat: 3 },
    });
    expect(follow(s, floor([2, 3]), config, 3999)).toMatchObject({ action: 'wait', at: 4000 });
    expect(follow(s, floor([2, 3]), config, 4000)).toMatchObject({ action: 'recall', preset: 13 });
  });

  it('holdMs 0 moves on every change', () => {
    const s = moved(INITIAL_FOLLOW_STATE, 12, 1000);
    expect(follow(s, floor([3]), { ...config, holdMs: 0 }, 1000)).toMatchObject({
      action: 'recall',
      preset: 13,
    });
  });

  it('after a failed recall the target is sent again, but not before the hold is over', () => {
    const s = lost(moved(INITIAL_FOLLOW_STATE, 12, 1000));
    expect(s).toEqual({ current: null, movedAt: 1000 });
    expect(follow(s, floor([2]), config, 1500)).toMatchObject({ action: 'wait', at: 4000 });
    expect(follow(s, floor([2]), config, 4000)).toMatchObject({ action: 'recall', preset: 12 });
  });
});

describe('follow over a meeting (no hunting)', () => {
  it('mics flapping inside the hold time cause no extra moves', () => {
    const recalls = run(
      config,
      [
        [0, floor([2])],
        [100, floor([2, 3])], // 3 opens...
        [300, floor([2])], // ...and closes again
        [500, floor([2, 4])],
        [700, floor([2])],
        [2900, floor([2, 3])],
        [2950, floor([2])], // back to 2 just before the hold ends
      ],
      10_000,
    );
    // Only the first move: at the end of the hold (3000) the target is 12 again, where the camera is.
    expect(recalls).toEqual([[0, 12]]);
  });

  it('when the hold runs out the camera goes to the target of that moment, not the ones it missed', () => {
    const recalls = run(
      config,
      [
        [0, floor([2])],
        [100, floor([2, 3])],
        [200, floor([2, 3, 4])],
        [5000, floor([])], // everyone done
        [6000, floor([], 1)], // priority seat 1 with no speakers list entry: still its preset
        [6100, floor([1, 2], 1)],
      ],
      20_000,
    );
    expect(recalls).toEqual([
      [0, 12],
      [3000, 14], // 3 was skipped: by the end of the hold 4 had opened
      [6000, 11], // the overview (5000) was held back, then priority won; movedAt 3000 + 3000 = 6000
    ]);
  });

  it('a long meeting: never two moves closer than the hold time, and the last target is reached', () => {
    const rnd = (() => {
      let a = 12345;
      return () => {
        a = (a * 1103515245 + 12345) % 2 ** 31;
        return a / 2 ** 31;
      };
    })();
    const steps: [number, RoomFloor][] = [];
    let t = 0;
    for (let i = 0; i < 500; i++) {
      t += 1 + Math.floor(rnd() * 800);
      const speakers = [1, 2, 3, 4, 5].filter(() => rnd() < 0.3);
      steps.push([t, floor(speakers, rnd() < 0.1 ? 1 : null)]);
    }
    const recalls = run(config, steps, t + 10_000);
    for (let i = 1; i < recalls.length; i++) {
      expect(recalls[i]![0] - recalls[i - 1]![0]).toBeGreaterThanOrEqual(config.holdMs);
      expect(recalls[i]![1]).not.toBe(recalls[i - 1]![1]); // never the preset it is already on
    }
    expect(recalls.at(-1)![1]).toBe(followTarget(steps.at(-1)![1], config).preset);
    expect(recalls.length).toBeLessThan(steps.length / 2);
  });
});
