// The seam between one device driver and the rest of the appliance (ARCHITECTURE.md "The seam
// between bridge and appliance"). Everything that crosses it is plain JSON in room seats: the room
// tells every driver its whole floor (desired state), a driver tells the room what happened at the
// hardware (status, seat inputs, vote tallies, alarms). Drivers never see meetings, HTTP or SQLite.
import type { EventEmitter } from 'node:events';
import type { TSchema } from 'typebox';
import type { LinkOptions, TrafficEntry } from '../runtime/link.ts';
import type { DeviceStatusReport, SeatInput } from './device.ts';
import type { TransportScheme } from './device-instance.ts';

/** The floor modes of the appliance's floor engine (conference-systems.md, "One floor model"). */
export const ROOM_FLOOR_MODES = ['open', 'override', 'request', 'voice', 'ptt'] as const;
export type RoomFloorMode = (typeof ROOM_FLOOR_MODES)[number];

/**
 * The room's floor as the engine decided it: the desired state every driver brings its hardware
 * to. Sent whole on every change (and once when a driver starts), never as a delta, so a driver
 * that missed one has nothing to catch up on.
 */
export interface RoomFloor {
  /** Seats with the floor, in the order their microphones opened (the first is the longest-open). */
  speakers: number[];
  /** The request (waiting) list, first in line first. */
  requests: number[];
  /** Chair seats: exempt from the cap, and the priority speaker when priority is on. */
  chairSeats: number[];
  /** The chair seat speaking with priority (every delegate muted), or null. */
  priority: number | null;
  mode: RoomFloorMode;
  /** Delegate microphones open at once (chair seats not counted). */
  maxOpen: number;
}

/** A room vote, as drivers with hardware voting see it. */
export interface RoomVote {
  id: string;
  state: 'open' | 'closed';
  secret: boolean;
}

/** Counts from a conference system's own voting keypads (aggregate: the hardware names no voter). */
export interface DeviceVoteTally {
  voteId: string;
  yes: number;
  no: number;
  abstain: number;
  /** True for the final result after the hardware stopped the vote. */
  final: boolean;
  at: number;
}

/**
 * Something the technician must look at while the device is otherwise working: the hardware
 * refuses what the room asked for, a setting could not be applied. `key` is stable per cause, so a
 * repeat replaces the alarm and `alarm.cleared` names what went away.
 */
export interface DeviceAlarm {
  key: string;
  seat?: number;
  message: string;
  at: number;
}

export type DriverEvents = {
  'device.status': [DeviceStatusReport];
  'seat.input': [SeatInput];
  'vote.tally': [DeviceVoteTally];
  alarm: [DeviceAlarm];
  'alarm.cleared': [{ key: string; seat?: number; at: number }];
};

export interface DeviceDriver extends EventEmitter<DriverEvents> {
  readonly id: string;
  readonly status: DeviceStatusReport;
  /** Never throws for connectivity or configuration: watch `device.status` (companion). */
  start(): void;
  /** Ends the connection and every timer; `start()` may be called again. */
  stop(): Promise<void>;
  /** The room's floor changed (or the driver started). Fire-and-forget: returns at once. */
  floor(floor: RoomFloor): void;
  /** The room's vote opened or closed (null: none). Drivers without hardware voting ignore it. */
  vote(vote: RoomVote | null): void;
  /**
   * Room seats that vote on this device's own keypads (hardware voting configured and the device's
   * seats known). The room refuses other ways of voting from them, so no seat votes twice.
   */
  keypadSeats?(): number[];
  /**
   * A command from the technician page, validated against the definition's `commands` schema by
   * the caller. Resolves when the device acknowledged (or, for protocols without acknowledgement,
   * when the bytes were written); rejects with a coded BridgeError.
   */
  execute(command: unknown): Promise<unknown>;
  /** Counters for the technician page: bytes, frames, discarded, reconnects, retries, … */
  counters(): Record<string, number>;
  alarms(): DeviceAlarm[];
  /** Recent raw traffic, oldest first (the link's ring). */
  traffic(): TrafficEntry[];
  /** What the driver knows of the device (reported seats, settings, presets), as JSON. */
  details(): Record<string, unknown>;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}
export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };

export interface DriverContext {
  logger: Logger;
  /** For tests and the bench: a short reconnect delay, a transport factory (the driver's Link). */
  link?: Omit<LinkOptions, 'url'>;
}

/** One driver folder's entry in the registry (bridge/src/drivers/registry.ts). */
export interface DriverDefinition<Options = unknown> {
  /** The `driver` field of a device instance, e.g. `shure-dcs`. */
  id: string;
  /** For the technician page. */
  title: string;
  description: string;
  /** Transports this device can be reached over, and an example URL for the add form. */
  transports: readonly TransportScheme[];
  exampleTransport: string;
  /** How the raw traffic view shows bytes by default: ASCII protocols as lines, binary as hex. */
  traffic: 'lines' | 'hex';
  /** TypeBox schema of `options` (unknown fields rejected); JSON Schemas are generated from it. */
  options: TSchema;
  /** TypeBox schema of the technician's commands (`execute`). */
  commands: TSchema;
  /** Options already validated against `options` (defaults applied by the caller). */
  create(config: { id: string; transport: string; options: Options }, context: DriverContext): DeviceDriver;
}
