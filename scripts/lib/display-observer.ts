// A `display` observer on its own thread (display-observer-worker.ts). The bench's units all share
// one JavaScript thread: after a vote closes, 500 of them receive their `state` and the `display`
// at once, and the last one in the queue stamps its message late. The observer stamps on arrival.
// It logs in with a unit's credentials (a second connection; it announces nothing, subscribes only
// to `display`). Times are absolute: performance.timeOrigin + performance.now(), comparable across
// threads of one process.
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { RoomDisplay } from '../../bridge/src/contract/seat-unit.ts';
import { withTimeout } from './async.ts';

export const absNow = (): number => performance.timeOrigin + performance.now();

export class DisplayObserver extends EventEmitter<{ display: [display: RoomDisplay, absAt: number] }> {
  #worker: Worker;
  last: RoomDisplay | null = null;

  private constructor(worker: Worker) {
    super();
    this.#worker = worker;
    worker.on('message', (m: { t: string; at: number; payload: string }) => {
      if (m.t !== 'display') return;
      try {
        this.last = JSON.parse(m.payload) as RoomDisplay;
      } catch {
        return;
      }
      this.emit('display', this.last, m.at);
    });
  }

  static async start(o: {
    url: string;
    room: string;
    unit: string;
    password: string;
  }): Promise<DisplayObserver> {
    const worker = new Worker(new URL('./display-observer-worker.ts', import.meta.url), { workerData: o });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`display observer exited with ${code}`)));
      worker.on('message', (m: { t: string }) => m.t === 'ready' && resolve());
    });
    try {
      await withTimeout(ready, 15_000, 'display observer');
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return new DisplayObserver(worker);
  }

  async stop(): Promise<void> {
    this.#worker.postMessage({ t: 'stop' });
    await withTimeout(
      new Promise<void>((resolve) => this.#worker.once('exit', () => resolve())),
      3000,
      'display observer stop',
    ).catch(() => this.#worker.terminate());
  }
}
