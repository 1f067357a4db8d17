// What every device driver that talks over a Link has in common, so each driver is only its
// protocol: the status in companion's vocabulary (changes only), start/stop that never throw for
// connectivity or configuration, the Link's events, the raw traffic ring, and alarms keyed by cause
// (a repeat replaces, `alarm.cleared` names what went away). A driver extends this and implements
// the protocol's `onUp` / `onDown` / `onData`, plus `floor`, `vote`, `execute`, `counters`, `details`.
import { EventEmitter } from 'node:events';
import type { DeviceStatus, DeviceStatusReport } from '../contract/device.ts';
import type { DeviceAlarm, DeviceDriver, DriverEvents, RoomFloor, RoomVote } from '../contract/driver.ts';
import { Link, type LinkOptions, type LinkStatus, type TrafficEntry } from './link.ts';

export interface LinkDriverOptions {
  id: string;
  /** Transport URL. */
  url: string;
  link?: Omit<LinkOptions, 'url'> | undefined;
  /**
   * Status message while the link is open but the device has not shown it is there (a UDP socket
   * is "open" with nobody behind it): the driver reports `ok` itself once it knows.
   */
  waiting: string;
}

export abstract class LinkDriver extends EventEmitter<DriverEvents> implements DeviceDriver {
  readonly id: string;
  protected readonly link: Link;
  readonly #waiting: string;
  #status: DeviceStatusReport;
  #configError: string | undefined;
  #running = false;
  #alarms = new Map<string, DeviceAlarm>();

  constructor(o: LinkDriverOptions) {
    super();
    this.id = o.id;
    this.#waiting = o.waiting;
    this.#status = { device: o.id, status: 'disconnected', message: 'not started', at: Date.now() };
    this.link = new Link({ ...o.link, url: o.url });
    this.link.on('status', (s) => this.onLinkStatus(s));
    this.link.on('up', () => this.onUp());
    this.link.on('down', (err) => this.onDown(err));
    this.link.on('data', (chunk) => this.onData(chunk));
  }

  get status(): DeviceStatusReport {
    return { ...this.#status };
  }

  /** Between start() and stop(). */
  protected get running(): boolean {
    return this.#running;
  }

  /** Options the schema let through but the driver cannot use: start() reports `bad_config`. */
  protected refuseConfig(reason: string | undefined): void {
    this.#configError = reason;
  }

  /** Never throws for connectivity or configuration: watch `device.status`. */
  start(): void {
    if (this.#running) return;
    if (this.#configError) {
      this.setStatus('bad_config', this.#configError);
      return;
    }
    this.#running = true;
    this.link.start();
  }

  /** Ends the connection and every timer (`onStop`); `start()` may be called again. */
  async stop(): Promise<void> {
    this.#running = false;
    this.onStop();
    await this.link.stop();
    this.setStatus('disconnected', 'stopped');
  }

  traffic(): TrafficEntry[] {
    return this.link.traffic();
  }

  alarms(): DeviceAlarm[] {
    return [...this.#alarms.values()].map((a) => ({ ...a }));
  }

  abstract floor(floor: RoomFloor): void;
  abstract vote(vote: RoomVote | null): void;
  abstract execute(command: unknown): Promise<unknown>;
  abstract counters(): Record<string, number>;
  abstract details(): Record<string, unknown>;

  // ---- for the protocol ----

  /** Bytes can flow: read the device's whole state again (it may have rebooted or changed). */
  protected abstract onUp(): void;
  /** The link that was up is gone: fail what is in flight, stop the timers that need the device. */
  protected abstract onDown(error: Error | undefined): void;
  protected abstract onData(chunk: Buffer): void;
  /** stop(): clear timers and queues (the link is closed after). */
  protected onStop(): void {}

  /** The link open is not yet the device answering: `connecting` until the driver knows. */
  protected onLinkStatus(s: LinkStatus): void {
    if (s.status === 'ok') this.setStatus('connecting', this.#waiting);
    else this.setStatus(s.status, s.message);
  }

  protected setStatus(status: DeviceStatus, message?: string): void {
    if (status === this.#status.status && message === this.#status.message) return;
    this.#status =
      message === undefined
        ? { device: this.id, status, at: Date.now() }
        : { device: this.id, status, message, at: Date.now() };
    this.emit('device.status', this.status);
  }

  protected alarm(key: string): DeviceAlarm | undefined {
    return this.#alarms.get(key);
  }

  protected get alarmKeys(): string[] {
    return [...this.#alarms.keys()];
  }

  /**
   * Raises (or replaces) the alarm for `alarm.key`; nothing when one with the same message is up,
   * or when `same(old)` says the old one has the same cause. True when it was raised.
   */
  protected raiseAlarm(alarm: Omit<DeviceAlarm, 'at'>, same?: (old: DeviceAlarm) => boolean): boolean {
    const old = this.#alarms.get(alarm.key);
    if (old && (old.message === alarm.message || same?.(old))) return false;
    const raised: DeviceAlarm = { ...alarm, at: Date.now() };
    this.#alarms.set(alarm.key, raised);
    this.emit('alarm', { ...raised });
    return true;
  }

  protected clearAlarm(key: string): void {
    const alarm = this.#alarms.get(key);
    if (!alarm) return;
    this.#alarms.delete(key);
    this.emit('alarm.cleared', {
      key,
      ...(alarm.seat !== undefined ? { seat: alarm.seat } : {}),
      at: Date.now(),
    });
  }
}
