// The appliance's side of the seat-unit MQTT protocol (shared/protocols/seat-unit-mqtt.md).
// An MQTT client: the same code runs against the embedded broker or an external one (Mosquitto).
// Inbound: hello / status / key from every unit of the room → validated, de-duplicated,
// rate-limited, mapped unit → seat → `seat.input`. Outbound: each unit's retained `state` and the
// room's retained `display`. Anything malformed is dropped, counted and logged, never thrown.
import { EventEmitter } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import { Compile } from 'typebox/compile';
import type { DeviceStatus, SeatInput } from '../../contract/device.ts';
import { type Logger, silentLogger as silent } from '../../contract/driver.ts';
import {
  HelloMessage,
  KeyMessage,
  parseUnitTopic,
  type RoomDisplay,
  topics,
  type UnitState,
  UnitStatusMessage,
} from '../../contract/seat-unit.ts';
import { reconnectDelay } from '../../runtime/backoff.ts';
import { TokenBucket } from '../../runtime/token-bucket.ts';
import { SeqDedupe } from './seq-dedupe.ts';

const checkKey = Compile(KeyMessage);
const checkHello = Compile(HelloMessage);
const checkStatus = Compile(UnitStatusMessage);

/** Key events are tiny; anything bigger is not a key event. */
const MAX_PAYLOAD_BYTES = 1024;

export interface SeatUnitDriverOptions {
  /** `mqtt://host:port` */
  url: string;
  username: string;
  password: string;
  room: string;
  /** Seat plan: unit id → seat. Units not in it are "unassigned": seen, shown, their keys ignored. */
  units: ReadonlyMap<string, number>;
  /** Key events per second a unit may send (burst twice that); the rest is dropped and counted. */
  keyRate?: number;
  logger?: Logger;
  now?: () => number;
  clientId?: string;
}

export interface UnitInfo {
  unit: string;
  seat: number | null;
  online: boolean;
  model?: string;
  fw?: string;
  lastSeen: number | null;
}

export interface SeatUnitCounters {
  received: number;
  accepted: number;
  duplicates: number;
  malformed: number;
  unassigned: number;
  rateLimited: number;
  published: number;
}

type Events = {
  'seat.input': [SeatInput];
  'device.status': [DeviceStatus, string | undefined];
  'unit.changed': [UnitInfo];
  /** After every (re)connect: the broker may have lost retained messages; republish them. */
  connected: [];
};

export class SeatUnitDriver extends EventEmitter<Events> {
  readonly id = 'seat-units';
  #o: Required<Omit<SeatUnitDriverOptions, 'clientId'>> & { clientId?: string };
  #client: MqttClient | null = null;
  #status: DeviceStatus = 'disconnected';
  #dedupe = new SeqDedupe();
  #buckets = new Map<string, TokenBucket>();
  #units = new Map<string, UnitInfo>();
  #seatToUnit = new Map<number, string>();
  #attempt = 0;
  readonly counters: SeatUnitCounters = {
    received: 0,
    accepted: 0,
    duplicates: 0,
    malformed: 0,
    unassigned: 0,
    rateLimited: 0,
    published: 0,
  };

  constructor(opts: SeatUnitDriverOptions) {
    super();
    this.#o = { keyRate: 10, logger: silent, now: Date.now, ...opts };
    for (const [unit, seat] of opts.units) {
      this.#seatToUnit.set(seat, unit);
      this.#units.set(unit, { unit, seat, online: false, lastSeen: null });
    }
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  units(): UnitInfo[] {
    return [...this.#units.values()];
  }

  /** Connects in the background; never throws for connectivity (status says how it goes). */
  start(): void {
    this.#setStatus('connecting');
    const client = mqtt.connect(this.#o.url, {
      username: this.#o.username,
      password: this.#o.password,
      clientId: this.#o.clientId ?? `room-appliance-${this.#o.room}-${process.pid}`,
      clean: true,
      reconnectPeriod: reconnectDelay(0),
      connectTimeout: 5000,
      keepalive: 30,
      protocolVersion: 4,
    });
    this.#client = client;
    client.on('connect', () => {
      // Nagle's algorithm would hold small publishes back behind delayed ACKs (~40 ms per hop on
      // Linux); a key press must reach its unit's LED within 20 ms (seat-unit-mqtt.md, "Timing").
      (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      this.#attempt = 0;
      client.options.reconnectPeriod = reconnectDelay(0);
      client.subscribe(topics.unitInputs(this.#o.room), { qos: 1 }, (err) => {
        if (err) {
          this.#setStatus('protocol_error', `subscribe refused: ${err.message}`);
          return;
        }
        this.#setStatus('ok');
        this.emit('connected');
      });
    });
    client.on('reconnect', () => {
      this.#attempt++;
      client.options.reconnectPeriod = reconnectDelay(this.#attempt);
      this.#setStatus('connecting');
    });
    client.on('close', () => {
      if (this.#status !== 'connection_failure') this.#setStatus('disconnected');
    });
    client.on('error', (err) => {
      const code = (err as { code?: unknown }).code;
      // CONNACK refusals (bad credentials) are configuration errors, not flaky links.
      const refused = code === 4 || code === 5 || code === 134 || code === 135;
      this.#setStatus(refused ? 'bad_config' : 'connection_failure', err.message);
    });
    client.on('message', (topic, payload) => this.#onMessage(topic, payload));
  }

  async stop(): Promise<void> {
    const c = this.#client;
    this.#client = null;
    if (c) await c.endAsync(true);
    this.#setStatus('disconnected');
  }

  /** Publishes a unit's whole state, retained; resolves when the broker has it (QoS 1). */
  publishState(seat: number, state: UnitState): Promise<void> {
    const unit = this.#seatToUnit.get(seat);
    if (!unit) return Promise.resolve();
    return this.#publish(topics.state(this.#o.room, unit), state);
  }

  publishDisplay(display: RoomDisplay): Promise<void> {
    return this.#publish(topics.display(this.#o.room), display);
  }

  #publish(topic: string, body: unknown): Promise<void> {
    const c = this.#client;
    // Offline: the next connect republishes everything from stored state, so nothing is lost.
    if (!c?.connected) return Promise.resolve();
    this.counters.published++;
    return new Promise((resolve) => {
      c.publish(topic, JSON.stringify(body), { qos: 1, retain: true }, (err) => {
        if (err) this.#o.logger.warn({ topic, err: err.message }, 'publish failed');
        resolve();
      });
    });
  }

  #setStatus(status: DeviceStatus, message?: string): void {
    if (status === this.#status && message === undefined) return;
    this.#status = status;
    this.emit('device.status', status, message);
  }

  #onMessage(topic: string, payload: Buffer): void {
    this.counters.received++;
    const t = parseUnitTopic(topic);
    if (!t || t.room !== this.#o.room) return;
    const now = this.#o.now();
    const drop = (reason: string) => {
      this.counters.malformed++;
      this.#o.logger.warn({ unit: t.unit, topic, reason }, 'dropped seat-unit message');
    };
    if (payload.length > MAX_PAYLOAD_BYTES) {
      drop(`payload of ${payload.length} bytes`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      drop('not JSON');
      return;
    }
    const info = this.#unit(t.unit);
    switch (t.leaf) {
      case 'status':
        if (!checkStatus.Check(body)) {
          drop('status is not "online" or "offline"');
          return;
        }
        this.#touch(info, { online: body === 'online' }, now);
        return;
      case 'hello':
        if (!checkHello.Check(body)) {
          drop('hello does not match the protocol');
          return;
        }
        this.#touch(info, { online: true, model: body.model, fw: body.fw }, now);
        return;
      case 'key': {
        if (!checkKey.Check(body)) {
          drop('key event does not match the protocol');
          return;
        }
        if (info.seat === null) {
          this.counters.unassigned++;
          this.#o.logger.warn(
            { unit: t.unit, key: body.key },
            'key from a unit not in the seat plan ignored',
          );
          return;
        }
        let bucket = this.#buckets.get(t.unit);
        if (!bucket) {
          bucket = new TokenBucket(this.#o.keyRate, this.#o.keyRate * 2, now);
          this.#buckets.set(t.unit, bucket);
        }
        if (!bucket.take(now)) {
          this.counters.rateLimited++;
          return;
        }
        if (!this.#dedupe.accept(t.unit, body.seq, now)) {
          this.counters.duplicates++;
          return;
        }
        this.counters.accepted++;
        info.lastSeen = now;
        const input: SeatInput = {
          seat: info.seat,
          key: body.key,
          action: body.action ?? 'press',
          at: now,
          source: `unit:${t.unit}`,
        };
        if (body.uid !== undefined) input.uid = body.uid;
        this.emit('seat.input', input);
        return;
      }
      default:
        drop(`unknown topic leaf ${t.leaf}`);
        return;
    }
  }

  #unit(unit: string): UnitInfo {
    let info = this.#units.get(unit);
    if (!info) {
      info = { unit, seat: null, online: false, lastSeen: null };
      this.#units.set(unit, info);
    }
    return info;
  }

  #touch(info: UnitInfo, patch: Partial<UnitInfo>, now: number): void {
    Object.assign(info, patch, { lastSeen: now });
    this.emit('unit.changed', { ...info });
  }
}
