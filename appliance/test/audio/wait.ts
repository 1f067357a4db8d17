import type { Recorder, RecorderStatus } from '../../src/audio/recorder.ts';

/** Polls `check` until true (or throws after `ms`). */
export async function until(check: () => boolean, ms: number, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every status the recorder reports, in order. */
export function statusLog(r: Recorder): RecorderStatus[] {
  const log: RecorderStatus[] = [];
  r.on('status', (s) => log.push(s));
  return log;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
