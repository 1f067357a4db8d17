// The room's devices: one driver per instance file, all told the same floor and vote, all their
// events passed on with the device named. A bad file, a driver bug or a dead device costs that
// device only: the rest of the room starts and keeps working. The technician's edits go through
// here too (validated, written atomically, the device restarted with the new settings).
import { EventEmitter } from 'node:events';
import { Compile } from 'typebox/compile';
import { BridgeError, type DeviceStatusReport, type SeatInput } from '../contract/device.ts';
import type { DeviceInstance } from '../contract/device-instance.ts';
import {
  type DeviceAlarm,
  type DeviceDriver,
  type DeviceVoteTally,
  type DriverDefinition,
  type Logger,
  type RoomFloor,
  type RoomVote,
  silentLogger,
} from '../contract/driver.ts';
import { DRIVERS, type DriverRegistry } from '../drivers/registry.ts';
import type { LinkOptions, TrafficEntry } from '../runtime/link.ts';
import { schemaProblems } from '../runtime/schema-errors.ts';
import {
  type LoadedInstance,
  loadInstance,
  loadInstances,
  removeInstance,
  validateInstance,
  writeInstance,
} from './device-files.ts';

export interface DeviceView {
  id: string;
  driver: string;
  /** The driver's title, or null when the driver is unknown. */
  title: string | null;
  transport: string;
  disabled: boolean;
  /** As written in the file (without defaults), for the edit form. */
  options: Record<string, unknown>;
  status: DeviceStatusReport;
  /** Why the file is not a valid device (`path: message`), when `bad_config` from the file. */
  problems: string[];
  lastError: { message: string; at: number } | null;
  counters: Record<string, number>;
  alarms: DeviceAlarm[];
  /** How the raw traffic view shows this device's bytes by default. */
  traffic: 'lines' | 'hex';
  details: Record<string, unknown>;
}

export type DeviceManagerEvents = {
  'seat.input': [SeatInput];
  'vote.tally': [DeviceVoteTally & { device: string }];
  'device.status': [DeviceStatusReport];
  alarm: [DeviceAlarm & { device: string }];
  'alarm.cleared': [{ device: string; key: string; seat?: number; at: number }];
  /** Something of the device's view changed (status, alarms, configuration); counters do not count. */
  changed: [id: string];
};

export interface DeviceManagerOptions {
  dir: string;
  registry?: DriverRegistry;
  logger?: Logger;
  /** Where the generated `<driver>.schema.json` files are, so written files can name theirs. */
  schemasDir?: string;
  /** For tests and the bench: passed to every driver's Link (fast reconnects, transport factory). */
  link?: Omit<LinkOptions, 'url'>;
}

interface Entry {
  loaded: LoadedInstance;
  driver: DeviceDriver | undefined;
  status: DeviceStatusReport;
  lastError: { message: string; at: number } | null;
}

/**
 * Why a change was refused: the instance is not valid, its id is taken or unknown, or the devices
 * folder cannot be written (read-only disk, permissions): not the technician's input at all.
 */
export type PutFailure = 'invalid' | 'exists' | 'missing' | 'storage';
export type PutResult =
  | { ok: true; device: DeviceView }
  | { ok: false; reason: PutFailure; problems: string[] };

const FAILING = new Set(['connection_failure', 'disconnected', 'protocol_error', 'bad_config']);

export class DeviceManager extends EventEmitter<DeviceManagerEvents> {
  readonly dir: string;
  readonly #registry: DriverRegistry;
  readonly #logger: Logger;
  readonly #schemasDir: string | undefined;
  readonly #link: Omit<LinkOptions, 'url'> | undefined;
  readonly #commandChecks = new Map<string, ReturnType<typeof Compile>>();
  #entries = new Map<string, Entry>();
  #floor: RoomFloor | null = null;
  #vote: RoomVote | null = null;
  /** Per device: the operation under way (start, stop, edit), so two edits never interleave. */
  #ops = new Map<string, Promise<unknown>>();
  #running = false;
  #folderError: string | null = null;

  constructor(options: DeviceManagerOptions) {
    super();
    this.dir = options.dir;
    this.#registry = options.registry ?? DRIVERS;
    this.#logger = options.logger ?? silentLogger;
    this.#schemasDir = options.schemasDir;
    this.#link = options.link;
  }

  get drivers(): DriverDefinition[] {
    return [...this.#registry.values()];
  }

  /**
   * Why the devices folder could not be read at start (not a folder, no permission), or null. The
   * room runs without its devices then; /health says so.
   */
  get folderError(): string | null {
    return this.#folderError;
  }

  /** Reads the folder and starts every valid, enabled device. Never throws for a bad file or folder. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    let loaded: LoadedInstance[];
    try {
      loaded = loadInstances(this.dir, this.#registry);
    } catch (err) {
      this.#folderError = `${this.dir}: ${(err as Error).message}`;
      this.#logger.warn({ dir: this.dir, err: String(err) }, 'devices folder cannot be read');
      return;
    }
    for (const l of loaded) this.#add(l);
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all([...this.#entries.keys()].map((id) => this.#serial(id, () => this.#stopDriver(id))));
  }

  list(): DeviceView[] {
    return [...this.#entries.keys()].sort().map((id) => this.view(id)!);
  }

  view(id: string): DeviceView | undefined {
    const e = this.#entries.get(id);
    if (!e) return undefined;
    const l = e.loaded;
    const instance = l.ok ? l.instance : l.partial;
    const def = instance.driver ? this.#registry.get(instance.driver) : undefined;
    const d = e.driver;
    return {
      id,
      driver: instance.driver ?? '',
      title: def?.title ?? null,
      transport: instance.transport ?? '',
      disabled: instance.disabled === true,
      options: l.ok ? { ...(l.instance.options ?? {}) } : {},
      status: { ...e.status },
      problems: l.ok ? [] : [...l.problems],
      lastError: e.lastError,
      counters: d ? safe(() => d.counters(), {}) : {},
      alarms: d ? safe(() => d.alarms(), []) : [],
      traffic: def?.traffic ?? 'hex',
      details: d ? safe(() => d.details(), {}) : {},
    };
  }

  /** The instance as stored, for the edit form (null for an unknown id or an unreadable file). */
  instance(id: string): DeviceInstance | null {
    const l = this.#entries.get(id)?.loaded;
    return l?.ok ? structuredClone(l.instance) : null;
  }

  traffic(id: string): TrafficEntry[] | undefined {
    const e = this.#entries.get(id);
    if (!e) return undefined;
    return e.driver ? safe(() => e.driver!.traffic(), []) : [];
  }

  /** The room's floor, for every device now and for every device started later. */
  floor(floor: RoomFloor): void {
    this.#floor = floor;
    for (const [id, e] of this.#entries) if (e.driver) this.#guard(id, () => e.driver!.floor(floor));
  }

  vote(vote: RoomVote | null): void {
    this.#vote = vote;
    for (const [id, e] of this.#entries) if (e.driver) this.#guard(id, () => e.driver!.vote(vote));
  }

  /** Room seats that vote on some device's keypads now (see DeviceDriver.keypadSeats). */
  keypadSeats(): number[] {
    const seats = new Set<number>();
    for (const e of this.#entries.values()) {
      const d = e.driver;
      if (d?.keypadSeats) for (const s of safe(() => d.keypadSeats!(), [])) seats.add(s);
    }
    return [...seats].sort((a, b) => a - b);
  }

  /**
   * Adds or replaces a device from the technician's form: validated like a file, written atomically,
   * then (re)started. `create` refuses an id that exists; otherwise the id must exist.
   */
  async put(raw: unknown, mode: 'create' | 'replace', id?: string): Promise<PutResult> {
    const r = validateInstance(raw, this.#registry, id);
    if (!r.ok) return { ok: false, reason: 'invalid', problems: r.problems };
    const target = r.instance.id;
    return this.#serial(target, async (): Promise<PutResult> => {
      const exists = this.#entries.has(target);
      if (mode === 'create' && exists)
        return { ok: false, reason: 'exists', problems: [`/id: a device "${target}" exists already`] };
      if (mode === 'replace' && !exists)
        return { ok: false, reason: 'missing', problems: [`/id: no device "${target}"`] };
      let file: string;
      try {
        file = writeInstance(this.dir, r.instance, this.#schemasDir);
      } catch (err) {
        // A read-only disk or wrong permissions: the running device stays as it was.
        this.#logger.warn({ device: target, err: String(err) }, 'device instance not written');
        return {
          ok: false,
          reason: 'storage',
          problems: [`/: ${this.dir} cannot be written: ${(err as Error).message}`],
        };
      }
      await this.#stopDriver(target);
      this.#entries.delete(target);
      this.#logger.info({ device: target, mode }, 'device instance written');
      this.#add({ ok: true, file, instance: r.instance, options: r.options });
      return { ok: true, device: this.view(target)! };
    });
  }

  async setDisabled(id: string, disabled: boolean): Promise<PutResult> {
    const instance = this.instance(id);
    if (!instance) return { ok: false, reason: 'missing', problems: [`/id: no valid device "${id}"`] };
    if (disabled) instance.disabled = true;
    else delete instance.disabled;
    return this.put(instance, 'replace', id);
  }

  /**
   * Stops the driver and starts a fresh one from the file as it is now (a stuck device, a new
   * cable, a file edited by hand). A file that is gone removes the device.
   */
  async restart(id: string): Promise<DeviceView | undefined> {
    if (!this.#entries.has(id)) return undefined;
    await this.#serial(id, async () => {
      await this.#stopDriver(id);
      this.#entries.delete(id);
      const loaded = loadInstance(this.dir, id, this.#registry);
      if (loaded) this.#add(loaded);
      else this.emit('changed', id);
    });
    return this.view(id);
  }

  /** Throws when the file cannot be deleted (the device keeps running then). */
  async remove(id: string): Promise<boolean> {
    if (!this.#entries.has(id)) return false;
    await this.#serial(id, async () => {
      removeInstance(this.dir, id);
      await this.#stopDriver(id);
      this.#entries.delete(id);
    });
    this.#logger.info({ device: id }, 'device instance removed');
    this.emit('changed', id);
    return true;
  }

  /** A technician's command, validated against the driver's command schema. */
  async execute(id: string, command: unknown): Promise<unknown> {
    const e = this.#entries.get(id);
    if (!e?.loaded.ok) throw new BridgeError('E_BAD_COMMAND', `no valid device "${id}"`);
    const def = this.#registry.get(e.loaded.instance.driver)!;
    let check = this.#commandChecks.get(def.id);
    if (!check) {
      check = Compile(def.commands);
      this.#commandChecks.set(def.id, check);
    }
    if (!check.Check(command)) {
      const why = schemaProblems(check.Errors(command));
      throw new BridgeError('E_BAD_COMMAND', `not a ${def.id} command: ${why.join('; ')}`);
    }
    if (!e.driver) throw new BridgeError('E_NOT_CONNECTED', `device "${id}" is not running`);
    return e.driver.execute(command);
  }

  // ---- internals ----

  #add(loaded: LoadedInstance): void {
    const id = loaded.ok ? loaded.instance.id : loaded.partial.id;
    const now = Date.now();
    const entry: Entry = {
      loaded,
      driver: undefined,
      status: { device: id, status: 'disconnected', message: 'not started', at: now },
      lastError: null,
    };
    this.#entries.set(id, entry);
    if (!loaded.ok) {
      this.#logger.warn({ device: id, problems: loaded.problems }, 'device instance is not valid');
      this.#setStatus(entry, {
        device: id,
        status: 'bad_config',
        message: loaded.problems.join('; '),
        at: now,
      });
      return;
    }
    if (loaded.instance.disabled) {
      this.#setStatus(entry, { device: id, status: 'disconnected', message: 'disabled', at: now });
      return;
    }
    const def = this.#registry.get(loaded.instance.driver)!;
    let driver: DeviceDriver;
    try {
      driver = def.create(
        { id, transport: loaded.instance.transport, options: loaded.options as never },
        { logger: this.#logger, ...(this.#link ? { link: this.#link } : {}) },
      );
    } catch (err) {
      // Options passed the schema but the driver still refused them: its own cross-field checks.
      this.#setStatus(entry, {
        device: id,
        status: 'bad_config',
        message: String((err as Error).message),
        at: now,
      });
      return;
    }
    entry.driver = driver;
    driver.on('device.status', (s) => this.#setStatus(entry, { ...s, device: id }, true));
    driver.on('seat.input', (input) => this.emit('seat.input', input));
    driver.on('vote.tally', (tally) => this.emit('vote.tally', { ...tally, device: id }));
    driver.on('alarm', (alarm) => {
      this.#logger.warn({ device: id, alarm }, 'device alarm');
      this.emit('alarm', { ...alarm, device: id });
      this.emit('changed', id);
    });
    driver.on('alarm.cleared', (c) => {
      this.emit('alarm.cleared', { ...c, device: id });
      this.emit('changed', id);
    });
    this.#guard(id, () => driver.start());
    if (this.#floor) this.#guard(id, () => driver.floor(this.#floor!));
    if (this.#vote) this.#guard(id, () => driver.vote(this.#vote));
    this.emit('changed', id);
  }

  async #stopDriver(id: string): Promise<void> {
    const e = this.#entries.get(id);
    const driver = e?.driver;
    if (!e || !driver) return;
    e.driver = undefined;
    try {
      await driver.stop();
    } catch (err) {
      this.#logger.warn({ device: id, err: String(err) }, 'device did not stop cleanly');
    }
    driver.removeAllListeners();
  }

  /**
   * `fromDriver`: what the device did (its failures become `lastError`), as opposed to the manager's
   * own statuses (not started, disabled, an invalid file: shown by the status and `problems`).
   */
  #setStatus(entry: Entry, status: DeviceStatusReport, fromDriver = false): void {
    entry.status = status;
    if (fromDriver && FAILING.has(status.status) && status.message && status.message !== 'stopped') {
      entry.lastError = { message: status.message, at: status.at };
    }
    this.#logger.info(
      { device: status.device, status: status.status, message: status.message },
      'device status',
    );
    this.emit('device.status', { ...status });
    this.emit('changed', status.device);
  }

  /** A driver bug costs that device, never the room: it is logged and shown, not thrown. */
  #guard(id: string, f: () => void): void {
    try {
      f();
    } catch (err) {
      this.#logger.warn({ device: id, err: String((err as Error).stack ?? err) }, 'driver failed');
      const e = this.#entries.get(id);
      if (e) e.lastError = { message: `driver error: ${(err as Error).message}`, at: Date.now() };
      this.emit('changed', id);
    }
  }

  #serial<T>(id: string, op: () => Promise<T>): Promise<T> {
    const before = this.#ops.get(id) ?? Promise.resolve();
    const next = before.then(op, op);
    const settled = next.catch(() => {});
    this.#ops.set(id, settled);
    void settled.then(() => {
      if (this.#ops.get(id) === settled) this.#ops.delete(id);
    });
    return next;
  }
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
