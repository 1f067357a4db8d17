// Fans the room out to dashboard clients: one serialisation per change, sent to every socket.
import type { WebSocket } from 'ws';
import type { RoomController } from '../room/room-controller.ts';
import { type AccessKeys, type Principal, PUBLIC } from './access.ts';
import { authorize } from './permissions.ts';
import type { ClientMessage, ServerMessage } from './ws-protocol.ts';

/** A client this far behind is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const MAX_CLIENT_MESSAGE_BYTES = 4096;

/** A tablet that dropped off the Wi-Fi without closing is found within two of these. */
export const HEARTBEAT_MS = 30_000;

interface Client {
  socket: WebSocket;
  principal: Principal;
  /** Answered the last protocol ping (browsers answer pings by themselves). */
  alive: boolean;
}

export class WsHub {
  #room: RoomController;
  #keys: AccessKeys;
  #clients = new Set<Client>();
  #seq: () => number;
  #pending: (() => void)[] = [];
  #heartbeat: NodeJS.Timeout;

  constructor(room: RoomController, keys: AccessKeys, seq: () => number, heartbeatMs = HEARTBEAT_MS) {
    this.#room = room;
    this.#keys = keys;
    this.#seq = seq;
    this.#heartbeat = setInterval(() => {
      for (const c of this.#clients) {
        if (!c.alive) {
          c.socket.terminate();
          this.#clients.delete(c);
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
    }, heartbeatMs);
    this.#heartbeat.unref();
    room.on('view', (changes) => {
      const payload = JSON.stringify({ t: 'view', seq: this.#seq(), changes } satisfies ServerMessage);
      this.#later(() => this.#broadcast(payload));
    });
    room.on('unit', (seat, state) => {
      const payload = JSON.stringify({ t: 'seat', state } satisfies ServerMessage);
      this.#later(() => {
        for (const c of this.#clients) {
          if (c.principal.role !== 'public' && c.principal.seat === seat) this.#send(c, payload);
        }
      });
    });
  }

  /**
   * Screens are served after seat units. The units' `state` publishes were just written to the
   * broker, which (when embedded) forwards them in the next poll phase of this same process;
   * sending to 100 sockets first would hold that back. setImmediate runs after that poll phase.
   */
  #later(send: () => void): void {
    this.#pending.push(send);
    if (this.#pending.length > 1) return;
    setImmediate(() => {
      const batch = this.#pending;
      this.#pending = [];
      for (const f of batch) f();
    });
  }

  get size(): number {
    return this.#clients.size;
  }

  accept(socket: WebSocket): void {
    const client: Client = { socket, principal: PUBLIC, alive: true };
    this.#clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => this.#clients.delete(client));
    socket.on('error', () => this.#clients.delete(client));
    socket.on('message', (data, isBinary) => this.#onMessage(client, data as Buffer, isBinary));
    this.#snapshot(client);
  }

  closeAll(): void {
    clearInterval(this.#heartbeat);
    for (const c of this.#clients) c.socket.close(1001, 'appliance stopping');
    this.#clients.clear();
  }

  #snapshot(c: Client): void {
    const seat =
      c.principal.role !== 'public' &&
      authorize(c.principal, { action: 'seat.read', ownSeat: true }, c.principal.seat).ok
        ? this.#room.unitState(c.principal.seat)
        : null;
    const msg: ServerMessage = {
      t: 'snapshot',
      seq: this.#seq(),
      now: Date.now(),
      view: this.#room.view,
      principal: c.principal,
      seat,
    };
    this.#send(c, JSON.stringify(msg));
  }

  #onMessage(c: Client, data: Buffer, isBinary: boolean): void {
    const err = (code: string, message: string) =>
      this.#send(c, JSON.stringify({ t: 'error', code, message } satisfies ServerMessage));
    if (isBinary || data.length > MAX_CLIENT_MESSAGE_BYTES) {
      err('E_BAD_MESSAGE', 'send small JSON text frames');
      return;
    }
    let msg: ClientMessage;
    try {
      msg = JSON.parse(data.toString('utf8')) as ClientMessage;
    } catch {
      err('E_BAD_MESSAGE', 'not JSON');
      return;
    }
    if (msg === null || typeof msg !== 'object') {
      err('E_BAD_MESSAGE', 'expected an object');
      return;
    }
    switch (msg.t) {
      case 'ping':
        this.#send(c, JSON.stringify({ t: 'pong' } satisfies ServerMessage));
        return;
      case 'auth': {
        const p = typeof msg.key === 'string' ? this.#keys.verify(msg.key) : null;
        if (!p) {
          err('E_BAD_KEY', 'this access key is not valid for this room');
          return;
        }
        c.principal = p;
        this.#snapshot(c);
        return;
      }
      default:
        err('E_BAD_MESSAGE', 'unknown message type');
        return;
    }
  }

  #broadcast(payload: string): void {
    for (const c of this.#clients) this.#send(c, payload);
  }

  #send(c: Client, payload: string): void {
    if (c.socket.readyState !== c.socket.OPEN) return;
    if (c.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      c.socket.terminate();
      this.#clients.delete(c);
      return;
    }
    c.socket.send(payload);
  }
}
