// The key press → own state measurement (docs/bench.md, c), shared by the latency part and the
// speech part so that both measure exactly the same thing.
import { sleep } from './async.ts';
import type { SeatUnitClient } from './seat-unit-client.ts';

export interface PressOptions {
  /** A press whose state has not come back by then is a timeout (not a sample). */
  timeoutMs: number;
  /** Pause between presses, uniformly random in [lo, hi] ms. */
  spacingMs: readonly [number, number];
  /** Progress every 250 presses, when given. */
  progress?: (done: number, n: number) => void;
}

/**
 * One sample: a delegate presses `speak`; the time until its own `state` shows the new mic
 * (`off` → `requesting`, `requesting` → `off`). One press in flight at a time, delegates in turn.
 */
export async function measurePresses(
  delegates: readonly SeatUnitClient[],
  n: number,
  o: PressOptions,
): Promise<{ samples: number[]; timeouts: number }> {
  const samples: number[] = [];
  let timeouts = 0;
  for (let i = 0; i < n; i++) {
    const u = delegates[i % delegates.length]!;
    const want = u.state?.mic === 'requesting' ? 'off' : 'requesting';
    const start = performance.now();
    const ms = await new Promise<number>((resolve) => {
      const timer = setTimeout(() => {
        u.off('state', on);
        resolve(Number.NaN);
      }, o.timeoutMs);
      const on = (s: { mic: string }, at: number) => {
        if (s.mic !== want) return;
        clearTimeout(timer);
        u.off('state', on);
        resolve(at - start);
      };
      u.on('state', on);
      u.press('speak').catch(() => undefined);
    });
    if (Number.isNaN(ms)) timeouts++;
    else samples.push(ms);
    if (o.progress && (i + 1) % 250 === 0) o.progress(i + 1, n);
    const [lo, hi] = o.spacingMs;
    await sleep(lo + Math.random() * (hi - lo));
  }
  return { samples, timeouts };
}
