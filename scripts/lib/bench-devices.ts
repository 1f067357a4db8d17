// `./room bench`, part e: the room with a conference system on a serial line (issue 3). The
// appliance runs as a production child with one Shure DCS device on a real pseudo-terminal pair
// (Debian socat); the bench holds the other end with the Shure simulator on a SerialPort, exactly
// where a central unit's RS-232 port would be. Measured:
//   - a request frame from the unit (`mic_request_on N` written to the pty) → the request on the
//     `display` topic (observer thread) and on the chair console's WebSocket;
//   - a floor decision → its command bytes arriving at the unit: the chair grants N over HTTP; the
//     decision's own time is the `since` the room gives the new speaker (the appliance's clock when
//     the engine decided; the hardware is told before the event log's fsync), the bytes' time is when `mic_on N` (or
//     `mic_next_on`, when N heads the unit's queue) reaches the unit end of the pty. Both clocks are
//     the machine's wall clock; the appliance's is whole milliseconds, so this reads up to 1 ms high.
//     Beside it, the chair's whole action: HTTP request sent → bytes at the unit, for grant and end;
//   - the cable pulled (socat killed) for a short and a long outage, then plugged back → device
//     `ok` and → the floor re-applied at the unit (a delegate closed a mic meanwhile);
//   - seat-unit key press → own state in the same room, with a second device that never answers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import WebSocket from 'ws';
import { ShureSimulator } from '../../bridge/src/drivers/shure-dcs/simulator.ts';
import { type PtyPair, startPtyPair } from '../../bridge/test/transports/pty-pair.ts';
import { type ApplianceChild, api, startApplianceChild, writeRoom } from './appliance-child.ts';
import { sleep, waitUntil, withTimeout } from './async.ts';
import { absNow, DisplayObserver } from './display-observer.ts';
import { SeatUnitClient } from './seat-unit-client.ts';
import { type Summary, summarize } from './stats.ts';

export interface DeviceBenchConfig {
  samples: number;
  warmup: number;
  /** Outages before the cable goes back in, ms (the reconnect delay grows during the first 3 s). */
  outagesMs: number[];
  pressSamples: number;
  timeoutMs: number;
}

export interface ReconnectRun {
  outageMs: number;
  /** Socat back (both ptys exist) → the appliance reports the device `ok` (state read). */
  okMs: number;
  /** … → the unit shows the room's floor again. */
  appliedMs: number;
}

export interface DeviceBenchResult {
  requestToDisplay: Summary;
  requestToConsole: Summary;
  decisionToBytes: Summary;
  /** The chair's request sent (HTTP) → the command bytes at the unit, grant and end. */
  actionToBytes: Summary;
  /** HTTP answer time of the same grant / end requests, for comparison. */
  decisionHttp: Summary;
  timeouts: number;
  reconnects: ReconnectRun[];
  pressWithDevices: Summary;
  pressTimeouts: number;
}

type Log = (msg: string) => void;

export async function benchDevices(
  tmp: string,
  cfg: DeviceBenchConfig,
  log: Log,
): Promise<DeviceBenchResult> {
  const dir = join(tmp, 'devices');
  const links: [string, string] = [join(dir, 'pty-appliance'), join(dir, 'pty-unit')];
  mkdirSync(dir, { recursive: true });
  const files = await writeRoom(join(dir, 'room'), { room: 'bench', seats: 60, prefix: 'bench-' });
  const devicesDir = files.devicesDir;
  mkdirSync(devicesDir, { recursive: true });
  // A unit that accepts the connection and never answers: the room must not wait for it.
  const deafSockets: Socket[] = [];
  const deaf = createServer((s) => {
    deafSockets.push(s);
    s.resume();
  });
  await new Promise<void>((r) => deaf.listen(0, '127.0.0.1', r));
  const device = (id: string, transport: string) =>
    writeFileSync(join(devicesDir, `${id}.json`), JSON.stringify({ id, driver: 'shure-dcs', transport }));
  device('dcs', `serial://${links[0]}?baudRate=9600`);
  device('deaf', `tcp://127.0.0.1:${(deaf.address() as { port: number }).port}`);

  const sim = new ShureSimulator({
    seats: Array.from({ length: 30 }, (_, i) => ({ seat: i + 1, name: `Seat ${i + 1}`, chair: i === 0 })),
  });
  let wire: { pair: PtyPair; port: SerialPort } | null = null;
  const plugIn = async () => {
    const pair = await startPtyPair(links);
    const port = new SerialPort({ path: links[1], baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on('error', () => undefined);
    sim.attach(port);
    wire = { pair, port };
  };
  const pullOut = async () => {
    const w = wire;
    wire = null;
    if (!w) return;
    await w.pair.kill();
    if (w.port.isOpen) await new Promise((r) => w.port.close(r));
  };

  let app: ApplianceChild | null = null;
  let observer: DisplayObserver | null = null;
  let consoleWs: WebSocket | null = null;
  let units: SeatUnitClient[] = [];
  try {
    await plugIn();
    app = await startApplianceChild(files);
    const base = app.base;
    const status = async (id: string) =>
      ((await api<{ devices: { id: string; status: string }[] }>(base, null, 'GET', '/health')).devices.find(
        (d) => d.id === id,
      )?.status ?? 'missing') as string;
    if (!(await waitFor(async () => (await status('dcs')) === 'ok', 10_000))) {
      throw new Error(`the conference system did not come up:\n${app.output()}`);
    }
    const chair = await app.chairKey();
    observer = await DisplayObserver.start({
      url: app.mqttUrl,
      room: files.room,
      unit: files.units[0]!,
      password: files.secrets.get(files.units[0]!)!,
    });
    // The chair console: a WebSocket with the chair's key, as the console page holds it.
    const consoleRequests: { seats: number[]; at: number }[] = [];
    const since = new Map<number, number>(); // seat → when the engine gave it the floor
    consoleWs = await openConsole(
      base,
      chair,
      (seats, at) => consoleRequests.push({ seats, at }),
      (speakers) => {
        for (const sp of speakers) since.set(sp.seat, sp.since);
      },
    );
    const commands: { line: string; at: number }[] = [];
    sim.on('command', (line) => commands.push({ line, at: absNow() }));

    // ---- request frame → display / console; decision → bytes ----
    const toDisplay: number[] = [];
    const toConsole: number[] = [];
    const toBytes: number[] = [];
    const actionBytes: number[] = [];
    const http: number[] = [];
    let timeouts = 0;
    const total = cfg.warmup + cfg.samples;
    log(`e. conference system on a pty: ${cfg.warmup} warm-up + ${cfg.samples} request / grant / end cycles`);
    for (let i = 0; i < total; i++) {
      const seat = 2 + (i % 28);
      const counted = i >= cfg.warmup;
      const seenDisplay = nextDisplay(observer, (d) => d.requests.includes(seat), cfg.timeoutMs);
      const mark = consoleRequests.length;
      const t0 = absNow();
      sim.pressButton(seat); // manual mode (pushed from the room's request mode): `mic_request_on N`
      const dAt = await seenDisplay;
      const cOk = await waitUntil(
        () => consoleRequests.slice(mark).some((r) => r.seats.includes(seat)),
        cfg.timeoutMs,
        1,
      );
      const cAt = consoleRequests.slice(mark).find((r) => r.seats.includes(seat))?.at;
      if (dAt === null || !cOk || cAt === undefined) {
        timeouts++;
        await resetFloor(base, chair);
        continue;
      }
      if (counted) {
        toDisplay.push(dAt - t0);
        toConsole.push(cAt - t0);
      }
      for (const [path, lines] of [
        ['/api/floor/grant', [`mic_on ${seat}`, 'mic_next_on']],
        ['/api/floor/end', [`mic_off ${seat}`]],
      ] as const) {
        const from = commands.length;
        since.delete(seat);
        const t1 = absNow();
        await api(base, chair, 'POST', path, { seat });
        const t2 = absNow();
        const sent = () => commands.slice(from).find((c) => (lines as readonly string[]).includes(c.line));
        const ok = await waitUntil(() => sent() !== undefined, cfg.timeoutMs, 1);
        const at = sent()?.at;
        if (!ok || at === undefined) {
          timeouts++;
          continue;
        }
        if (path === '/api/floor/grant') {
          const decided = (await waitUntil(() => since.has(seat), cfg.timeoutMs, 1))
            ? since.get(seat)
            : undefined;
          if (decided === undefined) timeouts++;
          else if (counted) toBytes.push(at - decided);
        }
        if (counted) {
          actionBytes.push(at - t1);
          http.push(t2 - t1);
        }
      }
      if ((i + 1) % 100 === 0) log(`  ${i + 1}/${total} cycles`);
      await sleep(2 + Math.random() * 3);
    }

    // ---- seat-unit key press → state, with both devices attached ----
    // Delegates 10..29 in turn (also seats of the conference system): one unit pressing every
    // 10 ms would hit the per-unit key rate limit (10/s), which is not what is measured here.
    units = await Promise.all(
      files.units.slice(9, 29).map((u) =>
        SeatUnitClient.connect({
          url: app!.mqttUrl,
          room: files.room,
          unit: u,
          password: files.secrets.get(u)!,
        }),
      ),
    );
    await waitUntil(() => units.every((u) => u.state !== null), 5000);
    const press: number[] = [];
    let pressTimeouts = 0;
    for (let i = 0; i < cfg.pressSamples; i++) {
      const unit = units[i % units.length]!;
      const want = unit.state?.mic === 'requesting' ? 'off' : 'requesting';
      const t0 = performance.now();
      const ms = await new Promise<number>((resolve) => {
        const timer = setTimeout(() => {
          unit.off('state', on);
          resolve(Number.NaN);
        }, cfg.timeoutMs);
        const on = (st: { mic: string }, at: number) => {
          if (st.mic !== want) return;
          clearTimeout(timer);
          unit.off('state', on);
          resolve(at - t0);
        };
        unit.on('state', on);
        unit.press('speak').catch(() => undefined);
      });
      if (Number.isNaN(ms)) pressTimeouts++;
      else press.push(ms);
      await sleep(5 + Math.random() * 5);
    }

    // ---- the cable pulled and plugged back ----
    const reconnects: ReconnectRun[] = [];
    for (const outageMs of cfg.outagesMs) {
      await resetFloor(base, chair);
      await api(base, chair, 'POST', '/api/floor/grant', { seat: 5 });
      if (!(await waitUntil(() => sim.state.on.includes(5), 3000)))
        throw new Error('grant 5 did not reach the unit');
      await pullOut();
      if (!(await waitFor(async () => (await status('dcs')) === 'disconnected', 5000))) {
        throw new Error('the appliance did not notice the pulled cable');
      }
      sim.pressButton(5); // meanwhile the delegate closes the mic at the unit; nobody hears it
      await sleep(outageMs);
      await plugIn();
      const back = performance.now();
      const okAt = await waitFor(async () => (await status('dcs')) === 'ok', 10_000, 5);
      const okMs = performance.now() - back;
      const applied = await waitUntil(() => sim.state.on.includes(5), 10_000, 1);
      const appliedMs = performance.now() - back;
      if (!okAt || !applied) throw new Error(`no recovery after a ${outageMs} ms outage`);
      reconnects.push({ outageMs, okMs, appliedMs });
      log(
        `  cable out ${outageMs / 1000} s → back: ok ${okMs.toFixed(0)} ms, floor re-applied ${appliedMs.toFixed(0)} ms`,
      );
    }
    await resetFloor(base, chair);

    return {
      requestToDisplay: summarize(toDisplay),
      requestToConsole: summarize(toConsole),
      decisionToBytes: summarize(toBytes),
      actionToBytes: summarize(actionBytes),
      decisionHttp: summarize(http),
      timeouts,
      reconnects,
      pressWithDevices: summarize(press),
      pressTimeouts,
    };
  } finally {
    consoleWs?.terminate();
    await Promise.all(units.map((u) => u.end().catch(() => undefined)));
    await observer?.stop();
    await app?.stop();
    await pullOut();
    for (const s of deafSockets) s.destroy();
    await new Promise((r) => deaf.close(r));
  }
}

/** Polls an async check every `everyMs`; true once it holds, false after `ms`. */
async function waitFor(check: () => Promise<boolean>, ms: number, everyMs = 10): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}

/** The observer's absolute arrival time of the first display that satisfies `pred`, or null. */
function nextDisplay(
  observer: DisplayObserver,
  pred: (d: { requests: number[] }) => boolean,
  ms: number,
): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      observer.off('display', on);
      resolve(null);
    }, ms);
    const on = (d: { requests: number[] }, at: number) => {
      if (!pred(d)) return;
      clearTimeout(timer);
      observer.off('display', on);
      resolve(at);
    };
    observer.on('display', on);
  });
}

async function openConsole(
  base: string,
  key: string,
  onRequests: (seats: number[], at: number) => void,
  onSpeakers: (speakers: { seat: number; since: number }[]) => void,
): Promise<WebSocket> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`);
  ws.on('message', (data) => {
    const at = absNow();
    const m = JSON.parse(String(data)) as {
      t: string;
      changes?: { floor?: { requests: { seat: number }[]; speakers: { seat: number; since: number }[] } };
    };
    const floor = m.t === 'view' ? m.changes?.floor : undefined;
    if (!floor) return;
    onRequests(
      floor.requests.map((r) => r.seat),
      at,
    );
    onSpeakers(floor.speakers);
  });
  await withTimeout(new Promise((r) => ws.once('open', r)), 5000, 'console WebSocket');
  ws.send(JSON.stringify({ t: 'auth', key }));
  return ws;
}

async function resetFloor(base: string, chair: string): Promise<void> {
  const view = await api<{ floor: { speakers: { seat: number }[] } }>(base, chair, 'GET', '/api/room');
  for (const s of view.floor.speakers) await api(base, chair, 'POST', '/api/floor/end', { seat: s.seat });
  await api(base, chair, 'POST', '/api/floor/clear', {}).catch(() => undefined);
}
