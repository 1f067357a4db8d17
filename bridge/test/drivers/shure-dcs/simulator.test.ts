// Level 2 groundwork: the Shure DCS simulator over real loopback TCP, checked against the fact sheet
// (shared/protocols/conference-systems.md, "Shure DCS 6000 / DDS 5900 / DIS-CCU"). The client here
// splits lines itself on the documented CR LF, so neither the codec nor the framer is involved.
import net from 'node:net';
import { duplexPair } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ShureSimulator,
  type ShureSimulatorOptions,
  type ShureSimulatorTcp,
  startShureSimulatorTcp,
} from '../../../src/drivers/shure-dcs/simulator.ts';

const WAIT_MS = 2000;

class Client {
  readonly socket: net.Socket;
  readonly lines: string[] = [];
  raw = Buffer.alloc(0);
  closed = false;
  #text = '';

  constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.raw = Buffer.concat([this.raw, chunk]);
      this.#text += chunk.toString('utf8');
      const parts = this.#text.split('\r\n'); // fact sheet: unit → host lines end with CR LF
      this.#text = parts.pop()!;
      this.lines.push(...parts);
    });
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => {});
  }

  send(line: string, eol = '\r'): void {
    this.socket.write(line + eol);
  }

  /** The next `n` lines, failing with what did arrive if they do not come within WAIT_MS. */
  async take(n: number): Promise<string[]> {
    const deadline = Date.now() + WAIT_MS;
    while (this.lines.length < n) {
      if (Date.now() > deadline) throw new Error(`wanted ${n} lines, got ${JSON.stringify(this.lines)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.lines.splice(0, n);
  }

  /**
   * Everything the unit says in answer to `cmd`, proven complete without sleeping: a junk command sent
   * right after is answered `command_error unknown command` only to us, and the unit handles lines in
   * order, so whatever arrives before that marker is the whole answer (possibly nothing).
   */
  async answer(cmd: string): Promise<string[]> {
    this.send(cmd);
    this.send('ping');
    const deadline = Date.now() + WAIT_MS;
    const marker = () => this.lines.indexOf('command_error unknown command');
    while (marker() < 0) {
      if (Date.now() > deadline) throw new Error(`no marker after ${cmd}; got ${JSON.stringify(this.lines)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const at = marker();
    const out = this.lines.splice(0, at + 1);
    out.pop();
    return out;
  }

  async until(pred: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

let running: ShureSimulatorTcp | undefined;
const clients: Client[] = [];

async function start(options: ShureSimulatorOptions = {}) {
  running = await startShureSimulatorTcp({ port: 0, ...options });
  return running;
}

async function connect(): Promise<Client> {
  const { port, sim } = running!;
  const before = sim.clientCount;
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const client = new Client(socket);
  clients.push(client);
  // The unit must have the connection before unsolicited lines are expected on it.
  await client.until(() => sim.clientCount > before, 'the simulator to accept');
  return client;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await running?.close();
  running = undefined;
});

describe('Shure DCS simulator over loopback TCP', { timeout: 10_000 }, () => {
  it('answers a command only if it acted (fact sheet)', async () => {
    const { sim } = await start({ seats: 4, maxSpeakers: 2 });
    const c = await connect();
    expect(await c.answer('mic_on 1')).toEqual(['mic_on 1']);
    // Exact bytes: lines end CR LF (fact sheet); the error is the answer to the `ping` marker.
    expect(c.raw.toString('latin1')).toBe('mic_on 1\r\ncommand_error unknown command\r\n');
    expect(await c.answer('mic_on 1')).toEqual([]); // already on
    expect(await c.answer('mic_on 99')).toEqual([]); // no such seat: never online
    sim.setSeatOnline(3, false);
    expect(await c.take(1)).toEqual(['seat_state 3 passive']);
    expect(await c.answer('mic_on 3')).toEqual([]); // seat offline
    expect(await c.answer('mic_request_on 3')).toEqual([]);
    expect(await c.answer('mic_on 2')).toEqual(['mic_on 2']);
    expect(await c.answer('mic_on 4')).toEqual([]); // list full (max 2), interrupt off
    expect(await c.answer('mic_off 4')).toEqual([]); // was not on
    expect(await c.answer('mic_request_off 4')).toEqual([]); // was not queued
    expect(await c.answer('mic_off 1')).toEqual(['mic_off 1']);
    expect(sim.state.on).toEqual([2]);
  });

  it('accepts CR, LF and CRLF, in any case, split across TCP writes', async () => {
    await start({ seats: 4 });
    const c = await connect();
    c.send('MIC_ON 1', '\n');
    c.send('Mic_Request_On 2', '\r\n');
    c.socket.write('mic_o');
    await new Promise((r) => setTimeout(r, 20));
    c.socket.write('ff 1\r');
    expect(await c.take(3)).toEqual(['mic_on 1', 'mic_request_on 2', 'mic_off 1']);
  });

  it('a queued seat turned on echoes mic_on then mic_request_off; next takes the FIFO head', async () => {
    const { sim } = await start({ seats: 6, maxSpeakers: 2 });
    const c = await connect();
    expect(await c.answer('mic_request_on 4')).toEqual(['mic_request_on 4']);
    expect(await c.answer('mic_request_on 2')).toEqual(['mic_request_on 2']);
    expect(await c.answer('mic_request_on 5')).toEqual(['mic_request_on 5']);
    expect(await c.answer('mic_request_on 5')).toEqual([]); // already queued
    expect(await c.answer('mic_on 2')).toEqual(['mic_on 2', 'mic_request_off 2']);
    expect(await c.answer('mic_next_on')).toEqual(['mic_on 4', 'mic_request_off 4']);
    expect(await c.answer('mic_next_on')).toEqual([]); // full: 2 of 2, interrupt off
    expect(sim.state).toMatchObject({ on: [2, 4], requests: [5] });
    expect(await c.answer('mic_all_requests_off')).toEqual(['mic_request_off 5']);
    expect(await c.answer('mic_all_requests_off')).toEqual([]);
  });

  it('full list: silence with interrupt off; with interrupt on the longest speaker goes off', async () => {
    const { sim } = await start({ seats: 5, maxSpeakers: 2 });
    const c = await connect();
    expect(await c.answer('mic_on 3')).toEqual(['mic_on 3']);
    expect(await c.answer('mic_on 1')).toEqual(['mic_on 1']);
    expect(await c.answer('mic_on 5')).toEqual([]);
    expect(sim.state.on).toEqual([3, 1]);
    expect(await c.answer('mic_interrupt on')).toEqual(['mic_interrupt on']);
    expect(await c.answer('mic_interrupt on')).toEqual([]); // unchanged: did not act
    expect(await c.answer('mic_on 5')).toEqual(['mic_off 3', 'mic_on 5']);
    expect(await c.answer('mic_on 2')).toEqual(['mic_off 1', 'mic_on 2']);
    expect(sim.state.on).toEqual([5, 2]);
  });

  it('chair seats are exempt from max_speakers and stay on at mic_all_delegates_off', async () => {
    const seats = [
      { seat: 1, name: 'Chair', chair: true },
      { seat: 2, name: 'A' },
      { seat: 3, name: 'B' },
    ];
    const { sim } = await start({ seats, maxSpeakers: 1 });
    const c = await connect();
    expect(await c.answer('mic_on 2')).toEqual(['mic_on 2']);
    expect(await c.answer('mic_on 1')).toEqual(['mic_on 1']);
    expect(await c.answer('mic_on 3')).toEqual([]);
    expect(await c.answer('mic_all_delegates_off')).toEqual(['mic_off 2']);
    expect(sim.state.on).toEqual([1]);
  });

  it('mic_status dumps seats, settings, on and request lines, then mic_status_done', async () => {
    const seats = [
      { seat: 1, name: 'Voorzitter', chair: true },
      { seat: 2, name: 'Jan de Vries' },
      { seat: 7, name: 'Zoë Müller', online: false },
      { seat: 9, name: 'Piet' },
    ];
    await start({ seats, maxSpeakers: 3, maxRequests: 20, mode: 'fifo', interrupt: true });
    const c = await connect();
    expect(await c.answer('mic_on 9')).toEqual(['mic_on 9']);
    expect(await c.answer('mic_on 1')).toEqual(['mic_on 1']);
    expect(await c.answer('MIC_STATUS')).toEqual([
      'seat_number 1 active Voorzitter',
      'seat_number 2 active Jan de Vries',
      'seat_number 7 passive Zoë Müller',
      'seat_number 9 active Piet',
      'max_speakers 3',
      'max_total_speakers 8',
      'max_requests 20',
      'mic_mode fifo',
      'mic_interrupt on',
      'mic_on 9',
      'mic_on 1',
      'mic_status_done',
    ]);
  });

  it('a request shows in the dump in FIFO order', async () => {
    await start({ seats: 4, maxSpeakers: 1 });
    const c = await connect();
    await c.answer('mic_on 1');
    await c.answer('mic_request_on 4');
    await c.answer('mic_request_on 2');
    const dump = await c.answer('mic_status');
    expect(dump.slice(-4)).toEqual(['mic_on 1', 'mic_request_on 4', 'mic_request_on 2', 'mic_status_done']);
  });

  it('settings echo when they change; out-of-range values are syntax errors', async () => {
    const { sim } = await start();
    const c = await connect();
    expect(await c.answer('max_speakers 8')).toEqual(['max_speakers 8']);
    expect(await c.answer('max_speakers 8')).toEqual([]);
    expect(await c.answer('max_total_speakers 2')).toEqual(['max_total_speakers 2']);
    expect(await c.answer('max_requests 0')).toEqual(['max_requests 0']);
    expect(await c.answer('mic_mode VOX')).toEqual(['mic_mode vox']);
    expect(await c.answer('max_speakers 9')).toEqual(['command_error syntax error']);
    expect(await c.answer('max_requests 251')).toEqual(['command_error syntax error']);
    expect(await c.answer('mic_mode open')).toEqual(['command_error syntax error']);
    expect(await c.answer('mic_request_on 1')).toEqual([]); // max_requests 0: no queue
    expect(sim.state).toMatchObject({ maxSpeakers: 8, maxTotalSpeakers: 2, maxRequests: 0, mode: 'vox' });
  });

  it('junk gets command_error unknown command / syntax error, only on the connection that sent it', async () => {
    await start();
    const a = await connect();
    const b = await connect();
    a.send('hello there');
    a.send('mic_on');
    a.send('mic_on twelve');
    a.send('mic_on 0');
    a.send('mic_on 65536');
    a.send('mic_on 1 2');
    a.send('mic_status now');
    expect(await a.take(7)).toEqual([
      'command_error unknown command',
      ...Array(6).fill('command_error syntax error'),
    ]);
    // A state change goes to every connection; the errors above went to `a` only.
    a.send('mic_on 1');
    expect(await b.take(1)).toEqual(['mic_on 1']);
    expect(await a.take(1)).toEqual(['mic_on 1']);
  });

  it('a button press sends what the mode causes: manual → request, auto → on, fifo → request then grant', async () => {
    const { sim } = await start({ seats: 6, maxSpeakers: 1, mode: 'manual' });
    const c = await connect();
    sim.pressButton(2);
    expect(await c.take(1)).toEqual(['mic_request_on 2']);
    sim.pressButton(2); // pressing again withdraws the request
    expect(await c.take(1)).toEqual(['mic_request_off 2']);

    await c.answer('mic_mode auto');
    sim.pressButton(3);
    expect(await c.take(1)).toEqual(['mic_on 3']);
    sim.pressButton(4); // full, interrupt off → queued
    expect(await c.take(1)).toEqual(['mic_request_on 4']);

    await c.answer('mic_mode fifo');
    sim.pressButton(3); // speaker done: the FIFO head is granted automatically
    expect(await c.take(3)).toEqual(['mic_off 3', 'mic_on 4', 'mic_request_off 4']);
    sim.pressButton(5); // full → waits
    expect(await c.take(1)).toEqual(['mic_request_on 5']);
    expect(await c.answer('mic_off 4')).toEqual(['mic_off 4', 'mic_on 5', 'mic_request_off 5']);
    expect(sim.pressButton(1)).toEqual(['mic_request_on 1']);
    expect(await c.take(1)).toEqual(['mic_request_on 1']);
    expect(sim.state).toMatchObject({ on: [5], requests: [1] });
  });

  it('a seat going offline reports seat_state and loses its mic', async () => {
    const { sim } = await start({ seats: 3 });
    const c = await connect();
    await c.answer('mic_on 2');
    sim.setSeatOnline(2, false);
    expect(await c.take(2)).toEqual(['seat_state 2 passive', 'mic_off 2']);
    expect(sim.pressButton(2)).toEqual([]);
    sim.setSeatOnline(2, true);
    expect(await c.take(1)).toEqual(['seat_state 2 active']);
  });

  it('voting: configurations, start, interim after each vote, stop with final results', async () => {
    const { sim } = await start({ seats: 5 });
    const c = await connect();
    expect(await c.answer('voting_status')).toEqual([
      'voting_configuration 1 3-button voting',
      'voting_configuration 2 3-button secret voting',
      'voting_status_done',
    ]);
    expect(sim.castVote(1, 1)).toBe(false); // no vote running
    expect(await c.answer('start_voting 1')).toEqual(['voting_started 1']);
    expect(await c.answer('start_voting 1')).toEqual([]); // already running
    expect(sim.castVote(1, 1)).toBe(true);
    expect(await c.take(3)).toEqual([
      'interim_voting_result 1 1 Yes',
      'interim_voting_result 2 0 Abstain',
      'interim_voting_result 3 0 No',
    ]);
    sim.castVote(2, 3);
    sim.castVote(1, 3); // changed mind: the later vote counts
    expect((await c.take(6)).slice(3)).toEqual([
      'interim_voting_result 1 0 Yes',
      'interim_voting_result 2 0 Abstain',
      'interim_voting_result 3 2 No',
    ]);
    expect(sim.castVote(3, 4)).toBe(false); // no such option
    expect(await c.answer('stop_voting')).toEqual([
      'voting_stopped',
      'final_voting_result 1 0 Yes',
      'final_voting_result 2 0 Abstain',
      'final_voting_result 3 2 No',
    ]);
    expect(await c.answer('stop_voting')).toEqual([]);
    expect(await c.answer('start_voting 7')).toEqual([]); // no such configuration
  });

  it('voting: a secret configuration withholds interim results; cancel ends without results', async () => {
    const { sim } = await start({ seats: 5 });
    const c = await connect();
    expect(await c.answer('start_voting 2')).toEqual(['voting_started 2']);
    expect(sim.castVote(1, 1)).toBe(true);
    expect(sim.castVote(2, 1)).toBe(true);
    expect(sim.castVote(3, 2)).toBe(true);
    expect(await c.answer('voting_status')).toEqual([
      'voting_configuration 1 3-button voting',
      'voting_configuration 2 3-button secret voting',
      'voting_status_done',
    ]); // nothing interim arrived before this answer
    expect(await c.answer('stop_voting')).toEqual([
      'voting_stopped',
      'final_voting_result 1 2 Yes',
      'final_voting_result 2 1 Abstain',
      'final_voting_result 3 0 No',
    ]);
    expect(await c.answer('start_voting 1')).toEqual(['voting_started 1']);
    expect(await c.answer('cancel_voting')).toEqual(['voting_cancelled']);
    expect(await c.answer('cancel_voting')).toEqual([]);
  });

  it('faults: garble, delay, silence, dropped connection', async () => {
    const { sim } = await start({ seats: 3 });
    let c = await connect();
    sim.garble(Buffer.from([0x00, 0xff, 0x0d, 0x0a]));
    await c.until(() => c.raw.length === 4, 'garbage');
    expect([...c.raw]).toEqual([0x00, 0xff, 0x0d, 0x0a]);
    c.lines.length = 0;

    sim.setDelay(150);
    const t0 = Date.now();
    expect(await c.answer('mic_on 1')).toEqual(['mic_on 1']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    sim.setDelay(0);

    sim.setSilent(true);
    const before = c.raw.length;
    c.send('mic_on 2');
    c.send('hello');
    await new Promise((r) => setTimeout(r, 200));
    expect(c.raw.length).toBe(before); // not one byte
    expect(sim.state.on).toEqual([1, 2]); // but it acted
    sim.setSilent(false);

    sim.dropConnection();
    await c.until(() => c.closed, 'the connection to drop');
    expect(sim.clientCount).toBe(0);
    c = await connect(); // the unit is still there after a reconnect, state intact
    const dump = await c.answer('mic_status');
    expect(dump.slice(-3)).toEqual(['mic_on 1', 'mic_on 2', 'mic_status_done']);
  });

  it('serves any Duplex stream, not only TCP (a pty end wrapped with Duplex.from)', async () => {
    const sim = new ShureSimulator({ seats: 2 });
    const [unit, host] = duplexPair();
    sim.attach(unit);
    const got: Buffer[] = [];
    host.on('data', (c: Buffer) => got.push(c));
    host.write('mic_on 2\rmic_on 2\rbogus\r');
    const deadline = Date.now() + WAIT_MS;
    while (Buffer.concat(got).length < 41 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    expect(Buffer.concat(got).toString('latin1')).toBe('mic_on 2\r\ncommand_error unknown command\r\n');
    sim.dropConnection();
    expect(sim.clientCount).toBe(0);
    host.destroy();
  });
});
