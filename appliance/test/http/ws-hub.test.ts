// The dashboard feed over a real WebSocket: snapshot, deltas, keys, sessions, bad messages, dead
// peers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { inProcessRoom } from '../helpers/in-process-room.ts';
import { addPerson, login } from '../helpers/people.ts';

describe('WebSocket hub', () => {
  let room: Awaited<ReturnType<typeof inProcessRoom>>;
  let url: string;
  let origin: string;

  beforeAll(async () => {
    room = await inProcessRoom(10, { wsHeartbeatMs: 200 });
    await room.app.listen({ host: '127.0.0.1', port: 0 });
    const a = room.app.server.address();
    origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    url = `${origin.replace('http', 'ws')}/ws`;
  });
  afterAll(() => room.close());

  function connect(opts: WebSocket.ClientOptions = {}) {
    const ws = new WebSocket(url, opts);
    const msgs: any[] = [];
    ws.on('message', (d) => msgs.push(JSON.parse(String(d))));
    return { ws, msgs, open: new Promise((r) => ws.once('open', r)) };
  }

  it('answers bad frames with an error and keeps the connection', async () => {
    const c = connect();
    await c.open;
    c.ws.send('not json');
    c.ws.send(JSON.stringify({ t: 'launch' }));
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    c.ws.send(JSON.stringify({ t: 'ping' }));
    await expect.poll(() => c.msgs.filter((m) => m.t === 'error').length).toBe(3);
    await expect.poll(() => c.msgs.some((m) => m.t === 'pong')).toBe(true);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('sends a seat its own state only', async () => {
    const five = connect();
    const six = connect();
    await Promise.all([five.open, six.open]);
    five.ws.send(JSON.stringify({ t: 'auth', key: room.keys.keyFor({ role: 'delegate', seat: 5 }) }));
    six.ws.send(JSON.stringify({ t: 'auth', key: room.keys.keyFor({ role: 'delegate', seat: 6 }) }));
    await expect.poll(() => six.msgs.some((m) => m.t === 'snapshot' && m.principal.seat === 6)).toBe(true);
    await expect.poll(() => five.msgs.some((m) => m.t === 'snapshot' && m.principal.seat === 5)).toBe(true);
    await room.room.dispatch({ type: 'speak', seat: 5, action: 'press' }, 'test');
    await expect.poll(() => five.msgs.some((m) => m.t === 'seat' && m.state.mic === 'requesting')).toBe(true);
    await expect.poll(() => six.msgs.some((m) => m.t === 'view')).toBe(true);
    expect(six.msgs.filter((m) => m.t === 'seat')).toEqual([]);
    five.ws.close();
    six.ws.close();
  });

  it("knows a person by their session cookie, from this appliance's origin only", async () => {
    const unit = room.people.directory.createUnit({ name: 'Văn phòng UBND tỉnh' });
    const tech = await addPerson(room.people, 'ky.thuat', { unitId: unit.id, roles: ['technician'] });
    const s = await login(room.app, 'ky.thuat');
    const mine = connect({ headers: { cookie: s.cookie, origin } });
    await mine.open;
    await expect.poll(() => mine.msgs.find((m) => m.t === 'snapshot')?.principal.person?.id).toBe(tech.id);
    // A technician's socket carries the devices too.
    await expect.poll(() => mine.msgs.some((m) => m.t === 'devices')).toBe(true);
    // The same cookie from another site's page is refused outright.
    const hijack = connect({ headers: { cookie: s.cookie, origin: 'https://evil.example' } });
    const code = await new Promise((r) => hijack.ws.once('close', (c) => r(c)));
    expect(code).toBe(4403);
    expect(hijack.msgs).toEqual([]);
    // After logging out the cookie is worth nothing: the socket is the public's.
    await room.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers, payload: {} });
    const after = connect({ headers: { cookie: s.cookie, origin } });
    await after.open;
    await expect.poll(() => after.msgs.find((m) => m.t === 'snapshot')?.principal.role).toBe('public');
    expect(after.msgs.some((m) => m.t === 'devices')).toBe(false);
    mine.ws.close();
    after.ws.close();
  });

  it('drops a peer that stops answering protocol pings, keeps one that answers', async () => {
    const dead = connect({ autoPong: false });
    const alive = connect();
    await Promise.all([dead.open, alive.open]);
    const closed = new Promise((r) => dead.ws.once('close', r));
    await closed; // within two heartbeats (200 ms each)
    await new Promise((r) => setTimeout(r, 500));
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
    alive.ws.close();
  });
});
