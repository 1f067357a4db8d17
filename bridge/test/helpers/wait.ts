// What every test that runs real parts needs: bounded waits that say what they waited for, and
// cleanups that always run (every one, even when another fails), so no socat, socket or process
// outlives its test.
import { afterEach } from 'vitest';

/**
 * Polls `check` (sync or async) every `everyMs`; rejects naming `what` once `ms` have passed.
 * Resolves with the milliseconds it took.
 */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 3000,
  everyMs = 5,
): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return Date.now() - started;
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];

/** Runs `fn` after the current test, newest first; the test fails if a cleanup throws. */
export function onCleanup(fn: () => Promise<unknown> | unknown): void {
  cleanups.push(fn);
}

// Registered when a test file imports this module (hooks cannot be added while a test runs).
afterEach(async () => {
  let failure: unknown;
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure) throw failure;
});
