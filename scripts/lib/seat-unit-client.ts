// A simulated seat unit: the unit side of shared/protocols/seat-unit-mqtt.md, as firmware does it.
// Connects as its unit id, sets the will `"offline"`, subscribes its own `state` and the room
// `display`, announces `status` "online" (retained) and `hello`, and sends key events with QoS 1
// and a per-unit `seq` that starts at a random value and wraps at 2^31.
import { EventEmitter } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import type { RoomDisplay, SeatKey, UnitState } from '../../bridge/src/contract/seat-unit.ts';

const SEQ_LIMIT = 2 ** 31; // seq is 0..2^31-1

export interface SeatUnitOptions {
  /** `mqtt://host:port` */
  url: string;
  room: string;
  unit: string;
  password: string;
  connectTimeoutMs?: number;
  /**
   * TCP_NODELAY on the unit's socket (default true). With Nagle's algorithm on, a key event queued
   * behind the unit's own PUBACK for a QoS 1 `display` waits for the appliance host's delayed ACK
   * (~40 ms on Linux): a cost of the unit's TCP stack. Set false to see what such a unit sees.
   */
  noDelay?: boolean;
}

type Events = {
  /** A `state` message; `at` is performance.now() when it arrived. */
  state: [state: UnitState, at: number];
  display: [display: RoomDisplay, at: number];
};

export class SeatUnitClient extends EventEmitter<Events> {
  readonly unit: string;
  readonly room: string;
  readonly client: MqttClient;
  /** The last `state` received (retained on subscribe, then every change). */
  state: UnitState | null = null;
  display: RoomDisplay | null = null;
  statesReceived = 0;
  displaysReceived = 0;
  keysSent = 0;
  /** Connection errors seen after connecting (the client does not reconnect by itself). */
  errors = 0;
  #seq = Math.floor(Math.random() * SEQ_LIMIT);
  #base: string;
  #stateTopic: string;
  #displayTopic: string;

  private constructor(client: MqttClient, room: string, unit: string) {
    super();
    this.client = client;
    this.room = room;
    this.unit = unit;
    this.#base = `ecab/v1/${room}/unit/${unit}`;
    this.#stateTopic = `${this.#base}/state`;
    this.#displayTopic = `ecab/v1/${room}/display`;
    client.on('message', (topic, payload) => this.#onMessage(topic, payload));
    // An 'error' without a listener would throw; a lost connection shows as `connected` false.
    client.on('error', () => this.errors++);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Connects, subscribes, announces itself; rejects on refusal or after the connect timeout. */
  static async connect(o: SeatUnitOptions): Promise<SeatUnitClient> {
    const base = `ecab/v1/${o.room}/unit/${o.unit}`;
    const client = await mqtt.connectAsync(o.url, {
      username: o.unit,
      password: o.password,
      clientId: `${o.unit}-${Math.random().toString(36).slice(2, 8)}`,
      clean: true,
      protocolVersion: 4,
      keepalive: 60,
      reconnectPeriod: 0,
      connectTimeout: o.connectTimeoutMs ?? 10_000,
      will: { topic: `${base}/status`, payload: Buffer.from('"offline"'), qos: 1, retain: true },
    });
    const unit = new SeatUnitClient(client, o.room, o.unit);
    const socket = client.stream as { setNoDelay?: (on: boolean) => void };
    socket.setNoDelay?.(o.noDelay ?? true);
    try {
      const granted = await client.subscribeAsync([unit.#stateTopic, unit.#displayTopic], { qos: 1 });
      const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
      if (refused.length) throw new Error(`${o.unit}: subscription refused for ${refused.join(', ')}`);
      await client.publishAsync(`${base}/status`, '"online"', { qos: 1, retain: true });
      await client.publishAsync(
        `${base}/hello`,
        JSON.stringify({
          model: 'sim-seat',
          fw: '0.0.0-sim',
          keys: ['speak', 'yes', 'no', 'abstain', 'present'],
        }),
        { qos: 1 },
      );
    } catch (err) {
      client.end(true);
      throw err;
    }
    return unit;
  }

  /** The next key event's seq (then advances the counter). */
  nextSeq(): number {
    const s = this.#seq;
    this.#seq = (this.#seq + 1) % SEQ_LIMIT;
    return s;
  }

  /** Publishes a key press with QoS 1; resolves on the broker's PUBACK. */
  press(key: SeatKey): Promise<void> {
    this.keysSent++;
    const body = JSON.stringify({ key, action: 'press', seq: this.nextSeq() });
    return this.client.publishAsync(`${this.#base}/key`, body, { qos: 1 }).then(() => undefined);
  }

  /** A clean goodbye: retained "offline" (a clean disconnect does not fire the will), then end. */
  async end(): Promise<void> {
    if (this.client.connected) {
      await this.client
        .publishAsync(`${this.#base}/status`, '"offline"', { qos: 1, retain: true })
        .catch(() => undefined);
    }
    await this.client.endAsync(false).catch(() => undefined);
  }

  /** Drops the connection at once (the broker then publishes the will). */
  kill(): void {
    this.client.end(true);
  }

  #onMessage(topic: string, payload: Buffer): void {
    const at = performance.now();
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    if (topic === this.#stateTopic) {
      this.statesReceived++;
      this.state = body as UnitState;
      this.emit('state', this.state, at);
    } else if (topic === this.#displayTopic) {
      this.displaysReceived++;
      this.display = body as RoomDisplay;
      this.emit('display', this.display, at);
    }
  }
}

/** `prefix` + zero-padded number: unitIds('demo-', 3, 2) → demo-01, demo-02, demo-03. */
export function unitIds(prefix: string, count: number, pad: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(pad, '0')}`);
}
