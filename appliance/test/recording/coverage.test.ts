// The coverage arithmetic behind the transcript backlog (issue 5): what was transcribed, merged,
// and what is left, whatever order the parts were done in.
import { describe, expect, it } from 'vitest';
import {
  cover,
  coveredWithin,
  type Interval,
  parseCoverage,
  uncovered,
} from '../../src/recording/coverage.ts';

describe('coverage', () => {
  it('merges overlapping and touching intervals and keeps them ascending', () => {
    let c: Interval[] = [];
    c = cover(c, 100, 200);
    c = cover(c, 300, 400);
    expect(c).toEqual([
      [100, 200],
      [300, 400],
    ]);
    c = cover(c, 0, 50);
    expect(c[0]).toEqual([0, 50]);
    c = cover(c, 200, 300); // touches both neighbours
    expect(c).toEqual([
      [0, 50],
      [100, 400],
    ]);
    c = cover(c, 40, 120);
    expect(c).toEqual([[0, 400]]);
    expect(cover(c, 10, 10)).toEqual(c); // empty adds nothing
  });

  it('gives the same result whatever the order the windows were done in', () => {
    const parts: Interval[] = [
      [0, 10],
      [30, 40],
      [10, 20],
      [50, 60],
      [20, 30],
    ];
    const forward = parts.reduce<Interval[]>((c, [f, t]) => cover(c, f, t), []);
    const backward = [...parts].reverse().reduce<Interval[]>((c, [f, t]) => cover(c, f, t), []);
    expect(forward).toEqual([
      [0, 40],
      [50, 60],
    ]);
    expect(backward).toEqual(forward);
  });

  it('says what is left of a range and how much is done', () => {
    const c: Interval[] = [
      [10, 20],
      [30, 40],
    ];
    expect(uncovered(c, 0, 50)).toEqual([
      [0, 10],
      [20, 30],
      [40, 50],
    ]);
    expect(uncovered(c, 12, 18)).toEqual([]);
    expect(uncovered(c, 15, 35)).toEqual([[20, 30]]);
    expect(uncovered([], 5, 9)).toEqual([[5, 9]]);
    expect(coveredWithin(c, 0, 50)).toBe(20);
    expect(coveredWithin(c, 15, 35)).toBe(10);
  });

  it('reads stored coverage, and anything malformed as nothing done (the work is redone, never skipped)', () => {
    expect(parseCoverage('[[30,40],[0,10],[5,20]]')).toEqual([
      [0, 20],
      [30, 40],
    ]);
    expect(parseCoverage(null)).toEqual([]);
    expect(parseCoverage('not json')).toEqual([]);
    expect(parseCoverage('{"a":1}')).toEqual([]);
    expect(parseCoverage('[[1.5,2],["x",3],[4,9]]')).toEqual([[4, 9]]);
  });
});
