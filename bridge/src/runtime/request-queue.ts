// One request in flight at a time (zwave-js, herdsman): most conference and camera protocols answer
// in order and cannot tell whose request a reply belongs to if two overlap. Every promise settles:
// a request times out once sent, waiting requests are bounded in number, and `clear()` fails them
// all when the link goes down.
import { BridgeError } from '../contract/device.ts';

export interface RequestQueueOptions {
  /** Requests allowed to wait behind the one in flight; more are rejected with E_REJECTED. */
  maxLength?: number;
  /** When given and false, a request fails with E_NOT_CONNECTED instead of being sent into the void. */
  isUp?: () => boolean;
}

interface Request<F> {
  send: () => void;
  match: (frame: F) => boolean;
  timeoutMs: number;
  resolve: (frame: F) => void;
  reject: (error: Error) => void;
}

export class RequestQueue<F> {
  #waiting: Request<F>[] = [];
  #current: { request: Request<F>; timer: NodeJS.Timeout } | undefined;
  #maxLength: number;
  #isUp: () => boolean;

  constructor(options: RequestQueueOptions = {}) {
    this.#maxLength = options.maxLength ?? 32;
    this.#isUp = options.isUp ?? (() => true);
  }

  /** Requests not yet settled, the one in flight included. */
  get size(): number {
    return this.#waiting.length + (this.#current ? 1 : 0);
  }

  /**
   * `send` writes the request when its turn comes; the promise resolves with the first frame that
   * `match` accepts, or rejects with E_TIMEOUT `timeoutMs` after sending (the wait in line before is
   * bounded by `maxLength` requests ahead, each bounded by its own timeout).
   */
  enqueue(send: () => void, match: (frame: F) => boolean, timeoutMs: number): Promise<F> {
    // A programming error, not a device state: setTimeout would turn Infinity into 1 ms.
    if (!(timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) throw new RangeError(`bad timeout ${timeoutMs} ms`);
    if (!this.#isUp()) {
      return Promise.reject(new BridgeError('E_NOT_CONNECTED', 'the device is not connected'));
    }
    if (this.#waiting.length >= this.#maxLength) {
      return Promise.reject(
        new BridgeError('E_REJECTED', `${this.#waiting.length} requests already waiting`),
      );
    }
    return new Promise<F>((resolve, reject) => {
      this.#waiting.push({ send, match, timeoutMs, resolve, reject });
      this.#next();
    });
  }

  /** Offers a received frame; true if it answered the request in flight (else it is unsolicited). */
  handle(frame: F): boolean {
    const current = this.#current;
    if (!current?.request.match(frame)) return false;
    this.#settle(() => current.request.resolve(frame));
    return true;
  }

  /** Fails everything in flight and waiting, e.g. when the link goes down. */
  clear(error: Error = new BridgeError('E_NOT_CONNECTED', 'the device disconnected')): void {
    const all = [...(this.#current ? [this.#current.request] : []), ...this.#waiting];
    if (this.#current) clearTimeout(this.#current.timer);
    this.#current = undefined;
    this.#waiting = [];
    for (const request of all) request.reject(error);
  }

  #next(): void {
    while (!this.#current) {
      const request = this.#waiting.shift();
      if (!request) return;
      if (!this.#isUp()) {
        request.reject(new BridgeError('E_NOT_CONNECTED', 'the device is not connected'));
        continue;
      }
      const timer = setTimeout(() => {
        this.#settle(() =>
          request.reject(new BridgeError('E_TIMEOUT', `no reply within ${request.timeoutMs} ms`)),
        );
      }, request.timeoutMs);
      // In flight before send(): a transport (or test double) may answer synchronously.
      this.#current = { request, timer };
      try {
        request.send();
      } catch (err) {
        if (this.#current?.request === request) {
          this.#settle(() => request.reject(err instanceof Error ? err : new Error(String(err))));
        }
      }
    }
  }

  /**
   * Ends the request in flight. The next one is sent a microtask later, so whoever awaited this one
   * sees its outcome before the next request goes out.
   */
  #settle(outcome: () => void): void {
    if (this.#current) clearTimeout(this.#current.timer);
    this.#current = undefined;
    outcome();
    queueMicrotask(() => this.#next());
  }
}
