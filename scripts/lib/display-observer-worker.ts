// Worker thread of display-observer.ts: one light MQTT client that only reads the room `display`,
// on its own event loop, so its timestamps do not queue behind the bench's hundreds of units.
import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';

const o = workerData as { url: string; room: string; unit: string; password: string };
const port = parentPort!;
const client = await mqtt.connectAsync(o.url, {
  username: o.unit,
  password: o.password,
  clientId: `${o.unit}-observer-${Math.random().toString(36).slice(2, 8)}`,
  clean: true,
  protocolVersion: 4,
  reconnectPeriod: 0,
  connectTimeout: 10_000,
});
(client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
client.on('message', (_topic, payload) => {
  port.postMessage({
    t: 'display',
    at: performance.timeOrigin + performance.now(),
    payload: payload.toString('utf8'),
  });
});
await client.subscribeAsync(`ecab/v1/${o.room}/display`, { qos: 1 });
port.on('message', (m: { t: string }) => {
  if (m.t === 'stop') client.endAsync(true).finally(() => port.close());
});
port.postMessage({ t: 'ready' });
