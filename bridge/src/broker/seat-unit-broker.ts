// The embedded MQTT broker (aedes) for seat units, with per-unit authentication and ACL
// (shared/protocols/seat-unit-mqtt.md, "Timing and safety"):
// - a unit logs in as its unit id with its own secret;
// - a unit may publish only its own `hello`, `status` and `key`, and subscribe only to its own
//   `state` and to `display`; it cannot speak or vote for another seat, nor read another's state;
// - service accounts (the appliance's own driver) may publish and subscribe under the room.
// An external broker (Mosquitto) is configured with the equivalent ACL; see docs/seat-units.md.

import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { PROTOCOL_PREFIX } from '../contract/seat-unit.ts';
import type { UnitCredentials } from './unit-credentials.ts';

export interface ServiceAccount {
  username: string;
  password: string;
}

export interface SeatUnitBrokerOptions {
  room: string;
  credentials: UnitCredentials;
  service: readonly ServiceAccount[];
  host?: string;
  port?: number;
  /** Called for every refused connect, publish or subscribe (the technician's page counts them). */
  onRefused?: (r: {
    kind: 'connect' | 'publish' | 'subscribe';
    username: string | null;
    topic?: string;
  }) => void;
}

type Principal = { kind: 'unit'; unit: string } | { kind: 'service'; username: string };

const UNIT_LEAVES = new Set(['hello', 'status', 'key']);

export class SeatUnitBroker {
  #opts: SeatUnitBrokerOptions;
  #aedes: Aedes | null = null;
  #server: Server | null = null;
  #principals = new WeakMap<Client, Principal>();

  constructor(opts: SeatUnitBrokerOptions) {
    this.#opts = opts;
  }

  get port(): number {
    const a = this.#server?.address();
    return a && typeof a === 'object' ? a.port : 0;
  }

  get clientCount(): number {
    return this.#aedes?.connectedClients ?? 0;
  }

  async start(): Promise<void> {
    const { room } = this.#opts;
    const roomPrefix = `${PROTOCOL_PREFIX}/${room}/`;
    const unitPrefix = (unit: string) => `${roomPrefix}unit/${unit}/`;
    const aedes = await Aedes.createBroker({
      // A frozen subscriber must not stall delivery to the other units (aedes docs, drainTimeout).
      drainTimeout: 10_000,
      maxTopicLevels: 16,
      heartbeatInterval: 60_000,
      connectTimeout: 10_000,
    });
    this.#aedes = aedes;

    aedes.authenticate = (client, username, password, done) => {
      const principal = this.#authenticate(username, password);
      if (!principal) {
        this.#opts.onRefused?.({ kind: 'connect', username: username ?? null });
        const err = new Error('bad username or password') as AuthenticateError;
        err.returnCode = 4;
        return done(err, false);
      }
      this.#principals.set(client, principal);
      done(null, true);
    };

    aedes.authorizePublish = (client, packet, done) => {
      const p = client ? this.#principals.get(client) : undefined;
      const topic = packet.topic;
      if (p?.kind === 'service' && topic.startsWith(roomPrefix)) return done(null);
      if (p?.kind === 'unit' && topic.startsWith(unitPrefix(p.unit))) {
        const leaf = topic.slice(unitPrefix(p.unit).length);
        if (UNIT_LEAVES.has(leaf)) {
          // Only `status` is retained in the protocol; a retained key would replay on every restart.
          if (leaf !== 'status') packet.retain = false;
          return done(null);
        }
      }
      this.#opts.onRefused?.({ kind: 'publish', username: principalName(p), topic });
      done(new Error(`not allowed to publish to ${topic}`));
    };

    aedes.authorizeSubscribe = (client, sub, done) => {
      const p = this.#principals.get(client);
      const t = sub.topic;
      const allowed =
        (p?.kind === 'service' && t.startsWith(roomPrefix)) ||
        (p?.kind === 'unit' && (t === `${unitPrefix(p.unit)}state` || t === `${roomPrefix}display`));
      if (!allowed) this.#opts.onRefused?.({ kind: 'subscribe', username: principalName(p), topic: t });
      // A refused subscription is negated (SUBACK 0x80), not an error: the unit stays connected
      // and its firmware can log the refusal.
      done(null, allowed ? sub : null);
    };

    // noDelay: small MQTT packets go out at once, not behind delayed ACKs (see the driver).
    const server = createServer({ noDelay: true }, aedes.handle);
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#opts.port ?? 1883, this.#opts.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  #authenticate(username: string | undefined, password: Buffer | undefined): Principal | null {
    if (!username || !password) return null;
    for (const s of this.#opts.service) {
      const a = Buffer.from(s.password);
      if (s.username === username && a.length === password.length && timingSafeEqual(a, password)) {
        return { kind: 'service', username };
      }
    }
    if (this.#opts.service.some((s) => s.username === username)) return null;
    return this.#opts.credentials.verify(username, password) ? { kind: 'unit', unit: username } : null;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    const aedes = this.#aedes;
    this.#server = null;
    this.#aedes = null;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Existing connections would hold close() open; aedes.close() ends them.
        if (aedes) aedes.close();
        else resolve();
      });
    } else if (aedes) {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    }
  }
}

function principalName(p: Principal | undefined): string | null {
  if (!p) return null;
  return p.kind === 'unit' ? p.unit : p.username;
}
