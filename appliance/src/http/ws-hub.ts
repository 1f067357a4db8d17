// Fans the room out to dashboard clients: one serialisation per change, sent to every socket.
import type { DeviceManager } from '@room/bridge';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { TranscriptProgress } from '../recording/transcription-pipeline.ts';
import type { RoomController } from '../room/room-controller.ts';
import type { StoredLine } from '../store/transcript-store.ts';
import { type AccessKeys, type Principal, PUBLIC } from './access.ts';
import type { MeetingAccess, People } from './app-types.ts';
import { identify, principalView, sameOrigin } from './identify.ts';
import { type AccessContext, authorize, callerSeat } from './permissions.ts';
import type { ClientMessage, ServerMessage } from './ws-protocol.ts';

/** A client this far behind is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const MAX_CLIENT_MESSAGE_BYTES = 4096;

/** A tablet that dropped off the Wi-Fi without closing is found within two of these. */
export const HEARTBEAT_MS = 30_000;
/** Technicians see counters move at this pace; a status change goes out within DEVICE_CHANGE_MS. */
const DEVICE_TICK_MS = 1000;
const DEVICE_CHANGE_MS = 100;

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
  #devices: DeviceManager;
  #devicesTick: NodeJS.Timeout;
  #devicesSoon: NodeJS.Timeout | undefined;
  #lastDevices = '';

  #people: People;
  #meetings: MeetingAccess;

  constructor(
    room: RoomController,
    keys: AccessKeys,
    devices: DeviceManager,
    seq: () => number,
    heartbeatMs: number | undefined,
    people: People,
    meetings: MeetingAccess,
  ) {
    heartbeatMs ??= HEARTBEAT_MS;
    this.#people = people;
    this.#meetings = meetings;
    this.#room = room;
    this.#keys = keys;
    this.#devices = devices;
    this.#seq = seq;
    devices.on('changed', () => {
      this.#devicesSoon ??= setTimeout(() => {
        this.#devicesSoon = undefined;
        this.#pushDevices();
      }, DEVICE_CHANGE_MS);
    });
    this.#devicesTick = setInterval(() => this.#pushDevices(), DEVICE_TICK_MS);
    this.#devicesTick.unref();
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
          if (callerSeat(c.principal, this.#context(c.principal)) === seat) this.#send(c, payload);
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

  /**
   * A browser's socket carries the session cookie of its page; a page of another site could open a
   * socket to us with that cookie too (cross-site WebSocket hijacking), so its Origin must be ours.
   */
  accept(socket: WebSocket, req?: FastifyRequest): void {
    let principal: Principal = PUBLIC;
    if (req) {
      if (!sameOrigin(req)) {
        socket.close(4403, 'cross-origin');
        return;
      }
      const who = identify(
        { method: 'GET', headers: req.headers, cookies: req.cookies },
        { keys: this.#keys, people: this.#people },
      );
      if (who.ok && who.principal.role === 'person') principal = who.principal;
    }
    const client: Client = { socket, principal, alive: true };
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
    clearInterval(this.#devicesTick);
    clearTimeout(this.#devicesSoon);
    for (const c of this.#clients) c.socket.close(1001, 'appliance stopping');
    this.#clients.clear();
  }

  /** The caller's roles in the meeting in progress, and their seat there. */
  #context(p: Principal): AccessContext {
    if (p.role !== 'person') return {};
    const current = this.#meetings.currentId();
    if (!current) return {};
    const ctx: AccessContext = {};
    const roles = this.#meetings.rolesOf(current, p.person.id);
    if (roles) ctx.meetingRoles = roles;
    const seat = this.#meetings.seatOf(current, p.person.id);
    if (seat !== undefined) ctx.personSeat = seat;
    return ctx;
  }

  #snapshot(c: Client): void {
    const ctx = this.#context(c.principal);
    const own = callerSeat(c.principal, ctx);
    const seat =
      own !== undefined &&
      authorize(c.principal, { action: 'seat.read', ownSeat: true }, { ...ctx, seat: own }).ok
        ? this.#room.unitState(own)
        : null;
    const msg: ServerMessage = {
      t: 'snapshot',
      seq: this.#seq(),
      now: Date.now(),
      view: this.#room.view,
      principal: principalView(c.principal),
      seat,
    };
    this.#send(c, JSON.stringify(msg));
    if (authorize(c.principal, { action: 'device.read' }).ok) {
      this.#send(c, JSON.stringify({ t: 'devices', devices: this.#devices.list() } satisfies ServerMessage));
    }
  }

  /**
   * A meeting changed: everyone who may read it hears which one, and fetches it over HTTP (the
   * organiser sees answers arrive live; tablets see a meeting being published or started).
   */
  meetingChanged(meetingId: string, status: string, types: string[]): void {
    const payload = JSON.stringify({
      t: 'meeting',
      meetingId,
      status,
      events: types,
    } satisfies ServerMessage);
    for (const c of this.#clients) {
      if (c.principal.role !== 'person') continue;
      const roles = this.#meetings.rolesOf(meetingId, c.principal.person.id);
      const ctx: AccessContext = roles ? { meetingRoles: roles } : {};
      if (authorize(c.principal, { action: 'meeting.read' }, ctx).ok) this.#send(c, payload);
    }
  }

  /** A new transcript line: to those who may read that meeting's transcript (R-ROOM-5). */
  transcriptLine(line: StoredLine): void {
    const payload = JSON.stringify({ t: 'transcript', line } satisfies ServerMessage);
    for (const c of this.#clients) {
      if (c.principal.role !== 'person') continue;
      const roles = this.#meetings.rolesOf(line.meetingId, c.principal.person.id);
      const ctx: AccessContext = roles ? { meetingRoles: roles } : {};
      if (authorize(c.principal, { action: 'transcript.read' }, ctx).ok) this.#send(c, payload);
    }
  }

  /** How far a meeting's transcript is behind its recording: to the same readers. */
  transcriptProgress(progress: TranscriptProgress): void {
    const payload = JSON.stringify({ t: 'transcript-progress', progress } satisfies ServerMessage);
    for (const c of this.#clients) {
      if (c.principal.role !== 'person') continue;
      const roles = this.#meetings.rolesOf(progress.meetingId, c.principal.person.id);
      const ctx: AccessContext = roles ? { meetingRoles: roles } : {};
      if (authorize(c.principal, { action: 'transcript.read' }, ctx).ok) this.#send(c, payload);
    }
  }

  /** Every device to every technician, when anything (counters included) changed since the last. */
  #pushDevices(): void {
    const techs = [...this.#clients].filter((c) => authorize(c.principal, { action: 'device.read' }).ok);
    if (techs.length === 0) return;
    const payload = JSON.stringify({ t: 'devices', devices: this.#devices.list() } satisfies ServerMessage);
    if (payload === this.#lastDevices) return;
    this.#lastDevices = payload;
    for (const c of techs) this.#send(c, payload);
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
