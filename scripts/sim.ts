// `./room sim`: simulated seat units pressing buttons against a running appliance (e.g. `./room demo`).
// Each unit speaks shared/protocols/seat-unit-mqtt.md as firmware would: will "offline", retained
// "online", hello, its own `state` and the room `display`, key events with QoS 1 and a per-unit seq
// from a random start. Presses follow a plausible pattern: requests to speak (and cancelling them),
// roll call, one ballot per unit while a vote is open; the chair unit calls the next speaker and
// opens / closes quick votes. Bounded in time; ends every MQTT client before it exits.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RoomDisplay, SeatKey } from '../bridge/src/contract/seat-unit.ts';
import { mapLimit, sleep } from './lib/async.ts';
import { SeatUnitClient, unitIds } from './lib/seat-unit-client.ts';

const USAGE = `usage: ./room sim [options]
  Simulated seat units pressing keys against a running appliance (start one with ./room demo).
  --url URL          broker (default mqtt://127.0.0.1:1883)
  --room ID          room id (default demo)
  --units N          number of units (default 60)
  --prefix P         unit ids are P01, P02, … (default demo-)
  --pad N            digits of the unit number (default: 2, or more when N needs it)
  --secrets FILE     JSON object unit id → secret (default: the secret is the unit id, as in the demo)
  --duration S       seconds to run, 1..3600 (default 60)
  --rate R           key presses per second over all units, 0.1..500 (default 2)
  --no-chair         the chair unit (the first one) does not call speakers nor open/close votes
  -h, --help         this text
  Prints one summary line per second; Ctrl-C ends early (cleanly).`;

function fail(msg: string): never {
  console.error(`sim: ${msg}\n${USAGE}`);
  process.exit(64);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      room: { type: 'string', default: 'demo' },
      units: { type: 'string', default: '60' },
      prefix: { type: 'string', default: 'demo-' },
      pad: { type: 'string' },
      secrets: { type: 'string' },
      duration: { type: 'string', default: '60' },
      rate: { type: 'string', default: '2' },
      'no-chair': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
}
try {
  parsed = parse();
} catch (err) {
  fail((err as Error).message);
}
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}

function num(name: string, v: string, min: number, max: number, integer = false): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    fail(`--${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got "${v}"`);
  }
  return n;
}

const count = num('units', parsed.units, 1, 2000, true);
const pad =
  parsed.pad === undefined ? Math.max(2, String(count).length) : num('pad', parsed.pad, 1, 10, true);
const durationS = num('duration', parsed.duration, 1, 3600);
const rate = num('rate', parsed.rate, 0.1, 500);
if (!/^[a-z0-9-]{1,32}$/.test(parsed.room)) fail(`--room must match [a-z0-9-]{1,32}`);
if (!/^mqtts?:\/\//.test(parsed.url)) fail('--url must be mqtt://host:port');
const ids = unitIds(parsed.prefix, count, pad);
let secrets: Record<string, string> | null = null;
if (parsed.secrets) {
  try {
    secrets = JSON.parse(readFileSync(parsed.secrets, 'utf8')) as Record<string, string>;
  } catch (err) {
    fail(`--secrets ${parsed.secrets}: ${(err as Error).message}`);
  }
}
const chairEnabled = !parsed['no-chair'];

// ---------- counters ----------
const sent: Partial<Record<SeatKey, number>> = {};
let presses = 0;
let pubacks = 0;
let publishErrors = 0;
let stopping = false;
let lostAll = false;

const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];

function press(u: SeatUnitClient, key: SeatKey): void {
  if (!u.connected) return;
  presses++;
  sent[key] = (sent[key] ?? 0) + 1;
  u.press(key).then(
    () => pubacks++,
    () => publishErrors++,
  );
}

// ---------- behaviour ----------
let voteOpenedAt = 0;
let lastVoteEndedAt = performance.now();
const CHAIR_MAX_OPEN = 4;

function roomDisplay(units: SeatUnitClient[]): RoomDisplay | null {
  return units.find((u) => u.display !== null)?.display ?? null;
}

/** The vote key toggles: after a press, wait until `display` shows the change (or 3 s passed). */
let voteToggle: { was: string; at: number } | null = null;
const voteSig = (d: RoomDisplay | null) => `${d?.vote?.id ?? ''}/${d?.vote?.state ?? ''}`;

function pressVote(chair: SeatUnitClient, d: RoomDisplay | null, now: number): true {
  voteToggle = { was: voteSig(d), at: now };
  press(chair, 'vote');
  return true;
}

/** The chair's move, or false when the chair has nothing to do now. */
function chairMove(chair: SeatUnitClient, d: RoomDisplay | null): boolean {
  const now = performance.now();
  const vote = d?.vote;
  if (voteToggle && (voteToggle.was !== voteSig(d) || now - voteToggle.at > 3000)) voteToggle = null;
  if (vote?.state === 'open') {
    if (!voteOpenedAt) voteOpenedAt = now;
    // The chair unit does not vote here: "everyone voted" leaves one seat not voted.
    const notVoted = (vote.counts as { not_voted?: number }).not_voted;
    if (!voteToggle && ((notVoted !== undefined && notVoted <= 1) || now - voteOpenedAt > 30_000)) {
      voteOpenedAt = 0;
      lastVoteEndedAt = now;
      return pressVote(chair, d, now); // closes the open vote
    }
  } else if (!voteToggle && now - lastVoteEndedAt > 20_000 && Math.random() < 0.2) {
    voteOpenedAt = now;
    return pressVote(chair, d, now); // opens a quick vote
  }
  const speakers = (d?.speakers ?? []).filter((s) => s !== chair.state?.seat).length;
  if ((d?.requests.length ?? 0) > 0 && speakers < CHAIR_MAX_OPEN && Math.random() < 0.5) {
    press(chair, 'next');
    return true;
  }
  return false;
}

/** A delegate's move: which unit presses which key (null when nobody can). */
function delegateMove(delegates: SeatUnitClient[], d: RoomDisplay | null): [SeatUnitClient, SeatKey] | null {
  // While a vote is open, mostly ballots: each unit once.
  if (d?.vote?.state === 'open' && Math.random() < 0.8) {
    const voters = delegates.filter(
      (u) => u.state?.vote?.open && u.state.vote.choice === null && !u.state.vote.cast,
    );
    const u = pick(voters);
    if (u) {
      const r = Math.random();
      return [u, r < 0.6 ? 'yes' : r < 0.85 ? 'no' : 'abstain'];
    }
  }
  // Someone does something meaningful: mostly requests to speak; a few cancel, end, or check in.
  for (let tries = 0; tries < 10; tries++) {
    const u = pick(delegates);
    if (!u) return null;
    if (u.state && !u.state.present && Math.random() < 0.3) return [u, 'present'];
    const mic = u.state?.mic ?? 'off';
    if (mic === 'off' && Math.random() < 0.7) return [u, 'speak']; // request to speak
    if (mic === 'requesting' && Math.random() < 0.15) return [u, 'speak']; // cancel the request
    if ((mic === 'on' || mic === 'muted') && Math.random() < 0.4) return [u, 'speak']; // end one's speech
  }
  return null;
}

// ---------- run ----------
const t0 = performance.now();
const elapsed = () => (performance.now() - t0) / 1000;
const tty = process.stdout.isTTY;

const offline = (units: SeatUnitClient[]) => units.filter((u) => !u.connected).length;

function summary(units: SeatUnitClient[], last: { presses: number }): string {
  const d = roomDisplay(units);
  const states = units.reduce((a, u) => a + u.statesReceived, 0);
  const displays = units.reduce((a, u) => a + u.displaysReceived, 0);
  let vote = 'no vote';
  if (d?.vote) {
    const c = d.vote.counts as Record<string, number>;
    vote =
      'cast' in c
        ? `vote ${d.vote.state} cast ${c.cast}`
        : `vote ${d.vote.state} y${c.yes} n${c.no} a${c.abstain} nv${c.not_voted}`;
  }
  const line =
    `[${elapsed().toFixed(0).padStart(4)} s] presses ${presses} (+${presses - last.presses}) acked ${pubacks}` +
    ` | states ${states} displays ${displays}` +
    ` | speakers [${(d?.speakers ?? []).join(',')}] requests ${d?.requests.length ?? 0}` +
    ` | ${vote} | present ${d?.present ?? 0}/${d?.expected ?? 0}` +
    (offline(units) ? ` | disconnected ${offline(units)}` : '') +
    (publishErrors ? ` | publish errors ${publishErrors}` : '');
  last.presses = presses;
  return line;
}

async function main(): Promise<number> {
  console.log(
    `sim: ${count} units (${ids[0]}…${ids.at(-1)}) → ${parsed.url} room ${parsed.room}, ${rate}/s for ${durationS} s`,
  );
  const failures: string[] = [];
  const connected = await mapLimit(ids, 25, async (unit) => {
    if (stopping) return null;
    try {
      return await SeatUnitClient.connect({
        url: parsed.url,
        room: parsed.room,
        unit,
        password: secrets ? (secrets[unit] ?? '') : unit,
        connectTimeoutMs: 10_000,
      });
    } catch (err) {
      failures.push(`${unit}: ${(err as Error).message}`);
      return null;
    }
  });
  const units = connected.filter((u): u is SeatUnitClient => u !== null);
  if (failures.length) {
    console.error(
      `sim: ${failures.length} unit(s) could not connect, e.g. ${failures.slice(0, 3).join('; ')}`,
    );
  }
  if (units.length === 0 || stopping) {
    await Promise.all(units.map((u) => u.end()));
    console.error('sim: no unit connected (is the appliance running? ./room demo)');
    return 1;
  }
  console.log(`sim: ${units.length} units online`);
  const [chair, ...rest] = units;
  const delegates = chairEnabled ? rest : units;

  const endAt = t0 + durationS * 1000;
  const last = { presses: 0 };
  const ticker = setInterval(() => {
    const line = summary(units, last);
    if (tty) process.stdout.write(`\r${line}\x1b[K`);
    else console.log(line);
  }, 1000);
  const intervalMs = 1000 / rate;
  let next = performance.now();
  const maxPresses = Math.ceil(rate * durationS) + 1;
  try {
    while (!stopping && performance.now() < endAt && presses < maxPresses) {
      if (offline(units) === units.length) {
        console.error('\nsim: every unit lost its connection (appliance stopped?); ending');
        lostAll = true;
        break;
      }
      const d = roomDisplay(units);
      if (!(chairEnabled && chair && Math.random() < 0.15 && chairMove(chair, d))) {
        const move = delegateMove(delegates, d);
        if (move) press(...move);
      }
      // Poisson-like spacing around the mean rate, never faster than 1 ms.
      next += Math.max(1, -Math.log(1 - Math.random()) * intervalMs);
      // In slices, so that Ctrl-C is honoured quickly even at a low rate.
      const wakeAt = Math.min(next, endAt);
      while (!stopping && performance.now() < wakeAt) await sleep(Math.min(200, wakeAt - performance.now()));
    }
    // Let the last acknowledgements and states arrive (bounded).
    const until = performance.now() + 2000;
    while (pubacks + publishErrors < presses && performance.now() < until) await sleep(20);
  } finally {
    clearInterval(ticker);
    if (tty) process.stdout.write('\n');
    console.log(summary(units, last));
    await mapLimit(units, 50, (u) => Promise.race([u.end(), sleep(3000)]).then(() => u.kill()));
  }
  const byKey = Object.entries(sent)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `sim: done after ${elapsed().toFixed(1)} s: ${presses} presses (${byKey || 'none'}), ${pubacks} acknowledged`,
  );
  return publishErrors || lostAll ? 1 : 0;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) process.exit(130);
    stopping = true; // the loop ends and the units say goodbye; a second signal exits at once
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`sim failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
