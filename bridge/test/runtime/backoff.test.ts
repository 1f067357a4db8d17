// The reconnect delay stays within the 3 s issue 3 allows from "link back" to "floor re-applied".
import { describe, expect, it } from 'vitest';
import { RECONNECT_MAX_MS, reconnectDelay } from '../../src/runtime/backoff.ts';

describe('reconnectDelay', () => {
  it('is 1 s three times, then 2 s for ever: never more, however long the outage', () => {
    expect([0, 1, 2, 3, 4, 10, 1000, 1e6].map(reconnectDelay)).toEqual([
      1000, 1000, 1000, 2000, 2000, 2000, 2000, 2000,
    ]);
    expect(RECONNECT_MAX_MS).toBeLessThan(3000);
  });
});
