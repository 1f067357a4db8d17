// The other side of the wire: a seat unit as firmware would be, speaking seat-unit-mqtt.md.
import mqtt, { type MqttClient } from 'mqtt';

export interface FakeUnit {
  id: string;
  client: MqttClient;
  /** Messages received, newest last. */
  received: { topic: string; payload: string; retain: boolean }[];
  press(key: string, extra?: Record<string, unknown>): Promise<void>;
  publishRaw(leaf: string, payload: string | Buffer): Promise<void>;
  /** Resolves with the first message (already received or future) that matches. */
  waitFor(
    pred: (m: { topic: string; payload: string }) => boolean,
    timeoutMs?: number,
  ): Promise<{ topic: string; payload: string }>;
  end(): Promise<void>;
}

export async function connectUnit(
  url: string,
  room: string,
  id: string,
  password: string,
  opts: { subscribe?: string[]; seq?: number } = {},
): Promise<FakeUnit> {
  const base = `ecab/v1/${room}/unit/${id}`;
  const client = await mqtt.connectAsync(url, {
    username: id,
    password,
    clientId: `fake-${id}-${Math.random().toString(36).slice(2, 8)}`,
    reconnectPeriod: 0,
    will: { topic: `${base}/status`, payload: Buffer.from('"offline"'), qos: 1, retain: true },
  });
  const received: FakeUnit['received'] = [];
  const waiters = new Set<{
    pred: (m: { topic: string; payload: string }) => boolean;
    resolve: (m: { topic: string; payload: string }) => void;
  }>();
  client.on('message', (topic, payload, packet) => {
    const m = { topic, payload: payload.toString(), retain: packet.retain };
    received.push(m);
    for (const w of waiters) {
      if (w.pred(m)) {
        waiters.delete(w);
        w.resolve(m);
      }
    }
  });
  const subs = opts.subscribe ?? [`${base}/state`, `ecab/v1/${room}/display`];
  if (subs.length) await client.subscribeAsync(subs, { qos: 1 });
  let seq = opts.seq ?? Math.floor(Math.random() * 1e6);
  return {
    id,
    client,
    received,
    async press(key, extra = {}) {
      await client.publishAsync(
        `${base}/key`,
        JSON.stringify({ key, action: 'press', seq: seq++, ...extra }),
        { qos: 1 },
      );
    },
    async publishRaw(leaf, payload) {
      await client.publishAsync(`${base}/${leaf}`, payload, { qos: 1 });
    },
    waitFor(pred, timeoutMs = 3000) {
      const hit = received.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.add(w);
        setTimeout(() => {
          if (waiters.delete(w)) reject(new Error(`unit ${id}: no matching message within ${timeoutMs} ms`));
        }, timeoutMs);
      });
    },
    end: () => client.endAsync(true),
  };
}
