// Small waits for transport tests: every wait is bounded and says what it waited for.
import { EventEmitter, once } from 'node:events';

/** Resolves with the event's arguments, or rejects after `ms` naming the event. */
export async function next<T extends unknown[] = unknown[]>(emitter: EventEmitter, event: string, ms = 3000) {
  try {
    return (await once(emitter, event, { signal: AbortSignal.timeout(ms) })) as T;
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw new Error(`no "${event}" within ${ms} ms`);
    throw err;
  }
}

/** Gathers `data` chunks; `bytes(n)` resolves with everything so far once at least n bytes are in. */
export function collect(emitter: { on(event: 'data', listener: (chunk: Buffer) => void): unknown }) {
  const chunks: Buffer[] = [];
  const arrived = new EventEmitter();
  emitter.on('data', (chunk) => {
    chunks.push(chunk);
    arrived.emit('more');
  });
  const all = () => Buffer.concat(chunks);
  return {
    chunks,
    all,
    async bytes(n: number, ms = 3000): Promise<Buffer> {
      const deadline = Date.now() + ms;
      while (all().length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`only ${all().length} of ${n} bytes within ${ms} ms`);
        await next(arrived, 'more', left).catch(() => {});
      }
      return all();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
