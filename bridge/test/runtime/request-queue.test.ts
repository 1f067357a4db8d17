// The one-in-flight request queue, driven like a driver drives it: send() writes, handle() offers
// each received frame. Real timers with short timeouts.
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../src/contract/device.ts';
import { RequestQueue } from '../../src/runtime/request-queue.ts';

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (err: unknown) => (err instanceof BridgeError ? err.code : `not a BridgeError: ${err}`),
  );

describe('RequestQueue', () => {
  it('resolves with the matching frame and passes on the frames that do not match', async () => {
    const queue = new RequestQueue<string>();
    const sent: string[] = [];
    const reply = queue.enqueue(
      () => sent.push('GET 1'),
      (f) => f.startsWith('REP 1'),
      1000,
    );
    expect(sent).toEqual(['GET 1']);
    expect(queue.handle('EVENT key')).toBe(false);
    expect(queue.handle('REP 1 on')).toBe(true);
    await expect(reply).resolves.toBe('REP 1 on');
    expect(queue.handle('REP 1 on')).toBe(false);
    expect(queue.size).toBe(0);
  });

  it('sends one request at a time: the next only after the previous has settled', async () => {
    const queue = new RequestQueue<string>();
    const log: string[] = [];
    const first = queue
      .enqueue(
        () => log.push('send 1'),
        (f) => f === 'ack 1',
        1000,
      )
      .then((f) => log.push(`got ${f}`));
    const second = queue
      .enqueue(
        () => log.push('send 2'),
        (f) => f === 'ack 2',
        1000,
      )
      .then((f) => log.push(`got ${f}`));
    expect(log).toEqual(['send 1']);
    expect(queue.size).toBe(2);
    expect(queue.handle('ack 2')).toBe(false); // not the one in flight
    queue.handle('ack 1');
    await first;
    expect(log).toEqual(['send 1', 'got ack 1', 'send 2']);
    queue.handle('ack 2');
    await second;
    expect(log).toEqual(['send 1', 'got ack 1', 'send 2', 'got ack 2']);
  });

  it('times out with E_TIMEOUT, counted from the send, and moves on to the next request', async () => {
    const queue = new RequestQueue<string>();
    const sentAt: number[] = [];
    const t0 = performance.now();
    const first = code(
      queue.enqueue(
        () => sentAt.push(performance.now() - t0),
        () => false,
        50,
      ),
    );
    const second = code(
      queue.enqueue(
        () => sentAt.push(performance.now() - t0),
        () => false,
        50,
      ),
    );
    expect(await first).toBe('E_TIMEOUT');
    expect(await second).toBe('E_TIMEOUT');
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(45);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('clear() fails the one in flight and every waiting one with E_NOT_CONNECTED', async () => {
    const queue = new RequestQueue<string>();
    let sends = 0;
    const all = [1, 2, 3].map(() =>
      code(
        queue.enqueue(
          () => sends++,
          () => true,
          5000,
        ),
      ),
    );
    queue.clear();
    expect(await Promise.all(all)).toEqual(['E_NOT_CONNECTED', 'E_NOT_CONNECTED', 'E_NOT_CONNECTED']);
    expect(sends).toBe(1);
    expect(queue.size).toBe(0);
    expect(queue.handle('late reply')).toBe(false);
  });

  it('refuses with E_NOT_CONNECTED while the link is down, without sending', async () => {
    let up = false;
    let sends = 0;
    const queue = new RequestQueue<string>({ isUp: () => up });
    expect(
      await code(
        queue.enqueue(
          () => sends++,
          () => true,
          100,
        ),
      ),
    ).toBe('E_NOT_CONNECTED');
    up = true;
    const reply = queue.enqueue(
      () => sends++,
      () => true,
      100,
    );
    queue.handle('x');
    await expect(reply).resolves.toBe('x');
    expect(sends).toBe(1);
  });

  it('rejects with E_REJECTED when too many are waiting', async () => {
    const queue = new RequestQueue<string>({ maxLength: 2 });
    const inFlight = code(
      queue.enqueue(
        () => {},
        () => true,
        5000,
      ),
    );
    const waiting = [
      code(
        queue.enqueue(
          () => {},
          () => true,
          5000,
        ),
      ),
      code(
        queue.enqueue(
          () => {},
          () => true,
          5000,
        ),
      ),
    ];
    expect(
      await code(
        queue.enqueue(
          () => {},
          () => true,
          5000,
        ),
      ),
    ).toBe('E_REJECTED');
    queue.clear();
    expect(await Promise.all([inFlight, ...waiting])).toEqual([
      'E_NOT_CONNECTED',
      'E_NOT_CONNECTED',
      'E_NOT_CONNECTED',
    ]);
  });

  it('rejects with what send() threw and carries on with the next request', async () => {
    const queue = new RequestQueue<string>();
    const broken = queue.enqueue(
      () => {
        throw new Error('encoder failed');
      },
      () => true,
      1000,
    );
    const fine = queue.enqueue(
      () => {},
      (f) => f === 'ok',
      1000,
    );
    await expect(broken).rejects.toThrow('encoder failed');
    queue.handle('ok');
    await expect(fine).resolves.toBe('ok');
  });

  it('refuses a timeout that could wait forever', () => {
    const queue = new RequestQueue<string>();
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      expect(() =>
        queue.enqueue(
          () => {},
          () => true,
          ms,
        ),
      ).toThrow(RangeError);
    }
    expect(queue.size).toBe(0);
  });

  it('accepts a reply that arrives synchronously inside send()', async () => {
    const queue = new RequestQueue<string>();
    const reply = queue.enqueue(
      () => queue.handle('instant'),
      () => true,
      1000,
    );
    await expect(reply).resolves.toBe('instant');
  });
});
