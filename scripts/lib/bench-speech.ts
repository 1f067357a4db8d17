// `./room bench`, part g: the speech numbers of issue 5, with random-weight models of the real
// base size (q5_1) on 2 threads (docs/bench.md, g):
//   1. real-time factor: a generated meeting (Vietnamese espeak-ng speech, several speakers, floor
//      changes) cut by the project's WindowCutter and transcribed by the project's Transcriber (its
//      worker process) as a backlog, every speech window queued at once;
//   2. end of an utterance → its text on the secretary's WebSocket: the real appliance as a child
//      process records a file source at real-time pace (ffmpeg `-re`, as if it were the room's
//      microphone) during a meeting in progress, the chair's console gives the floor at each
//      change of speaker, and each utterance's last sample (the recording's manifest puts it on the
//      clock) is compared with the arrival of its first transcript line;
//   3. key press → unit state while the worker transcribes, beside the same while it is idle: the
//      audio played again in real time, blocks of presses interleaved and each kept only when the
//      technician's status shows the transcriber in the same state before and after it. Twice, side
//      by side: in part 2's appliance with the worker never held (`holdForKeysMs: 0`), then in a
//      second one as the product runs, keys holding the worker (floor-first.ts); there each block
//      starts after the hold of the one before ended, so its first key meets a computing worker.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { type Manifest, readManifest, sampleTimeMs } from '../../appliance/src/audio/manifest.ts';
import type { StoredLine } from '../../appliance/src/store/transcript-store.ts';
import { type GeneratedModel, writeWhisperModel } from '../../appliance/src/transcribe/ggml-model.ts';
import { int16ToFloat32 } from '../../appliance/src/transcribe/pcm.ts';
import {
  type DecodeOptions,
  Transcriber,
  type TranscriberStatus,
} from '../../appliance/src/transcribe/transcriber.ts';
import { type AudioWindow, type CutReason, WindowCutter } from '../../appliance/src/transcribe/windows.ts';
import {
  adminSession,
  firstLoginHttp,
  type HttpSession,
  sessionApi,
} from '../../appliance/test/helpers/appliance-process.ts';
import { type ApplianceChild, api, startApplianceChild, writeRoom } from './appliance-child.ts';
import { mapLimit, sleep, withTimeout } from './async.ts';
import { type CpuShare, cpuShare } from './cpu-share.ts';
import { measurePresses } from './key-presses.ts';
import { type MeetingAudio, makeMeetingAudio, SAMPLE_RATE, type Turn } from './meeting-audio.ts';
import { SeatUnitClient } from './seat-unit-client.ts';
import { type Summary, summarize } from './stats.ts';

export interface SpeechBenchConfig {
  quick: boolean;
  /** Part 1: the meeting's length in seconds. */
  meetingSeconds: number;
  /** Part 2: turns (speakers' utterances) in the live meeting. */
  liveTurns: number;
  /** Part 3: samples wanted on each side (idle, busy); presses per block; warm-up presses. */
  pressSamples: number;
  blockPresses: number;
  warmupPresses: number;
  spacingMs: readonly [number, number];
  pressTimeoutMs: number;
  unitNoDelay: boolean;
  threads: number;
}

export interface RtfResult {
  audioS: number;
  speechShare: number;
  turns: number;
  floorChanges: number;
  windows: number;
  speechWindows: number;
  reasons: Partial<Record<CutReason, number>>;
  /** Audio per speech window, s. */
  windowAudioS: Summary;
  /** Per speech window: the transcriber's job started → done, ms. */
  jobMs: Summary;
  /** Tokens decoded, in all (the maxTokens given, which the babble model always reaches). */
  tokens: number;
  loadMs: number;
  wallS: number;
  rtf: number;
  failed: number;
  /** The first speech windows again with the appliance's own decoding options (parts 2 and 3). */
  applianceOptionsJobMs: Summary;
  /** The machine while the backlog ran: other processes' share says how clean the figure is. */
  cpu: CpuShare;
}

export interface LiveResult {
  audioS: number;
  utterances: number;
  /** End of utterance (its last sample on the recording's clock) → first line on the WebSocket, ms. */
  latencyMs: Summary;
  /** Utterances no line arrived for. */
  missing: number;
  lines: number;
  /** Lines attributed to the seat that had the floor for that utterance. */
  attributedRight: number;
  clockUncertaintyMs: number;
  cpu: CpuShare;
  /** Per utterance; `startMs`: its end → its (last) window's job seen running; `jobMs`: how long it ran. */
  each: { seat: number; lengthMs: number; ms: number; startMs: number; jobMs: number }[];
  /** Over the utterances whose job was seen (polled every 100 ms, so ±100 ms). */
  jobStartMs: Summary;
  jobMs: Summary;
}

export interface PressesWhileTranscribing {
  idle: Summary;
  busy: Summary;
  idleBlocks: number;
  busyBlocks: number;
  /** Blocks during which the transcriber changed state (neither side). */
  discarded: number;
  timeouts: number;
  /** Distinct transcription jobs (windows) the busy blocks ran under. */
  busyJobs: number;
  cpu: CpuShare;
  /** The first key of each block: it arrived while nothing held the worker (a key on its own). */
  firstIdle: Summary;
  firstBusy: Summary;
  /** Over the busy blocks: the share of their time the worker was held, and the holds begun. */
  heldShare: number;
  holds: number;
}

export interface SpeechBenchResult {
  model: { preset: string; weightType: string; bytes: number; sha256: string; babble: boolean };
  threads: number;
  rtf: RtfResult;
  live: LiveResult;
  /** g3 as the product runs: keys hold the worker (floor-first.ts). */
  presses: PressesWhileTranscribing;
  /** g3 with the worker never held (`holdForKeysMs: 0`), beside it. */
  pressesNotHeld: PressesWhileTranscribing;
}

type Log = (msg: string) => void;

/**
 * Decoded tokens per spoken syllable (a Vietnamese word is a syllable): an estimate, since Whisper's
 * tokenizer is not available here to count with. Its multilingual BPE keeps common syllables whole
 * and splits the others into byte-level pieces (tones and vowel marks are multi-byte); 2 leans to
 * the expensive side. At espeak's pace (~4.3 syllables a second of speech) that is ~8.6 tokens a
 * second, so a 30 s window of dense speech comes near Whisper's own ceiling of 224 tokens.
 */
export const TOKENS_PER_SYLLABLE = 2;
/** whisper.cpp decodes at most n_text_ctx / 2 − 4 = 220 tokens in one pass over a window. */
export const MAX_TOKENS = 220;
const CHUNK = 1600; // 100 ms, as the recorder delivers PCM
/** Part 3: how many blocks one side may run ahead of the other, and the most blocks under one job. */
const BLOCKS_AHEAD = 4;

export async function benchSpeech(tmp: string, cfg: SpeechBenchConfig, log: Log): Promise<SpeechBenchResult> {
  const dir = join(tmp, 'speech');
  // One model for all three: the real base dimensions, q5_1, and `babble` (the decoder never picks
  // end-of-text), so part 1 decodes exactly the tokens it asks for; parts 2 and 3 run the
  // appliance's own options on it (bench.md, g).
  const modelPath = join(dir, 'base-q5_1-babble.bin');
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const model: GeneratedModel = writeWhisperModel(modelPath, {
    preset: 'base',
    weightType: 'q5_1',
    babble: true,
  });
  log(
    `g. speech (issue 5): random base q5_1 model (babble), ${(model.bytes / 1e6).toFixed(1)} MB in ${Math.round(performance.now() - t0)} ms`,
  );
  const rtf = await benchRtf(dir, cfg, modelPath, log);
  const { live, pressesNotHeld, audio } = await benchLive(dir, cfg, modelPath, log);
  const presses = await benchHeld(dir, cfg, modelPath, audio, log);
  return {
    model: {
      preset: model.preset,
      weightType: model.weightType,
      bytes: model.bytes,
      sha256: model.sha256,
      babble: model.babble,
    },
    threads: cfg.threads,
    rtf,
    live,
    presses,
    pressesNotHeld,
  };
}

// ---------- 1. real-time factor over a meeting, as a backlog ----------

/** Syllables spoken inside [a, b), sentences counted by the share of them that falls inside. */
function syllablesIn(audio: MeetingAudio, a: number, b: number): number {
  let n = 0;
  for (const t of audio.turns) {
    for (const s of t.sentences) {
      const overlap = Math.min(b, s.end) - Math.max(a, s.start);
      if (overlap > 0) n += (s.syllables * overlap) / (s.end - s.start);
    }
  }
  return n;
}

export function tokensFor(audio: MeetingAudio, w: AudioWindow): number {
  const n = Math.round(TOKENS_PER_SYLLABLE * syllablesIn(audio, w.startSample, w.endSample));
  return Math.min(MAX_TOKENS, Math.max(1, n));
}

/** The windows the appliance's cutter makes of this audio (default options, floor changes marked). */
function cut(audio: MeetingAudio): AudioWindow[] {
  const cutter = new WindowCutter();
  // Floor changes ahead of the audio, as the event log usually hears of them before the samples come.
  for (const f of audio.floorChanges) cutter.floorChange(f.sample);
  for (let at = 0; at < audio.samples; at += CHUNK) {
    cutter.push(audio.pcm.subarray(at, Math.min(at + CHUNK, audio.samples)), at);
  }
  cutter.end();
  return cutter.flush();
}

async function readyTranscriber(modelPath: string, threads: number): Promise<Transcriber> {
  const tr = new Transcriber({ modelPath, threads, language: 'vi' });
  tr.start();
  const until = performance.now() + 120_000;
  for (;;) {
    const s = tr.status();
    if (s.state === 'ready') return tr;
    if (s.state === 'failed' || performance.now() > until) {
      await tr.close();
      throw new Error(`speech engine not ready: ${s.state} ${s.summary}`);
    }
    await sleep(20);
  }
}

async function benchRtf(
  dir: string,
  cfg: SpeechBenchConfig,
  modelPath: string,
  log: Log,
): Promise<RtfResult> {
  const audio = await makeMeetingAudio(dir, 'backlog', {
    seconds: cfg.meetingSeconds,
    seed: 5,
    gapMs: [1000, 3000],
  });
  const audioS = audio.samples / SAMPLE_RATE;
  const windows = cut(audio);
  const speech = windows.filter((w) => w.speech);
  const reasons: Partial<Record<CutReason, number>> = {};
  for (const w of speech) reasons[w.reason] = (reasons[w.reason] ?? 0) + 1;
  const tokens = speech.map((w) => tokensFor(audio, w));
  log(
    `g1. real-time factor: ${fmtS(audioS)} meeting${cfg.quick ? ' (--quick: shorter than the 10 minutes of issue 5)' : ''}, ` +
      `${audio.turns.length} turns, ${audio.floorChanges.length} floor changes, ${speech.length} speech windows ` +
      `of ${windows.length}, ${tokens.reduce((a, b) => a + b, 0)} tokens to decode`,
  );
  const tr = await readyTranscriber(modelPath, cfg.threads);
  try {
    const loadMs = tr.status().model?.loadMs ?? Number.NaN;
    const started = new Map<string, number>();
    const jobMs = new Map<string, number>();
    tr.on('job-started', (e: { jobId: string }) => started.set(e.jobId, performance.now()));
    tr.on('job-done', (o: { jobId: string }) => {
      const s = started.get(o.jobId);
      if (s !== undefined) jobMs.set(o.jobId, performance.now() - s);
    });
    let done = 0;
    const submit = (w: AudioWindow, jobId: string, options: DecodeOptions, progress = false) =>
      tr
        .transcribe({
          jobId,
          // Read when its turn comes, as a backlog would be (transcription.md): not all in memory.
          pcm: async () => int16ToFloat32(audio.pcm.subarray(w.startSample, w.endSample)),
          audioMs: ((w.endSample - w.startSample) * 1000) / SAMPLE_RATE,
          offsetMs: (w.startSample * 1000) / SAMPLE_RATE,
          options,
        })
        .then((o) => {
          if (progress && ++done % 10 === 0) log(`  ${done}/${speech.length} windows transcribed`);
          return o;
        });
    const t1 = performance.now();
    const load = cpuShare();
    const outcomes = await withTimeout(
      Promise.all(
        speech.map((w, i) =>
          submit(w, `w${i}`, { noTimestamps: true, temperatureFallback: false, maxTokens: tokens[i]! }, true),
        ),
      ),
      Math.max(120_000, audioS * 1500),
      'the backlog',
    );
    const wallS = (performance.now() - t1) / 1000;
    const cpu = load.stop();
    const failed = outcomes.filter((o) => !o.ok).length;
    const times = speech.map((_, i) => jobMs.get(`w${i}`)).filter((x): x is number => x !== undefined);
    // What the appliance's live options (one pass: no timestamps, no temperature fallback;
    // transcription-pipeline.ts) cost on this model, for 2 and 3.
    const calib = speech.slice(0, cfg.quick ? 2 : 4);
    await withTimeout(
      Promise.all(
        calib.map((w, i) => submit(w, `appliance-${i}`, { noTimestamps: true, temperatureFallback: false })),
      ),
      calib.length * 120_000,
      'the windows with the appliance options',
    );
    const calibMs = calib
      .map((_, i) => jobMs.get(`appliance-${i}`))
      .filter((x): x is number => x !== undefined);
    const result: RtfResult = {
      audioS,
      speechShare: audio.speechSamples / audio.samples,
      turns: audio.turns.length,
      floorChanges: audio.floorChanges.length,
      windows: windows.length,
      speechWindows: speech.length,
      reasons,
      windowAudioS: summarize(speech.map((w) => (w.endSample - w.startSample) / SAMPLE_RATE)),
      jobMs: summarize(times),
      tokens: tokens.reduce((a, b) => a + b, 0),
      loadMs,
      wallS,
      rtf: wallS / audioS,
      failed,
      applianceOptionsJobMs: summarize(calibMs),
      cpu,
    };
    log(
      `  RTF ${result.rtf.toFixed(3)} (${wallS.toFixed(1)} s for ${fmtS(audioS)}), per window p50 ` +
        `${Math.round(result.jobMs.p50)} ms / p99 ${Math.round(result.jobMs.p99)} ms, ${failed} failed, ` +
        `other processes ${Math.round(cpu.others * 100)} % of the machine; ` +
        `appliance options: p50 ${Math.round(result.applianceOptionsJobMs.p50)} ms per window`,
    );
    return result;
  } finally {
    await tr.close();
  }
}

const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmtS = (s: number) => (s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);

// ---------- 2 + 3. the appliance: a live meeting, then key presses while transcribing ----------

/** What the bench needs to know of the speech engine and the recorder, from the appliance. */
interface Engine {
  state: string;
  recorder: string | null;
  /** The job in flight, its attempt, the jobs finished and waiting: null where only the state is known. */
  jobId: string | null;
  attempt: number | null;
  done: number | null;
  waiting: number | null;
  /** Whether the worker is held for keys now, and its held time in all (ms): null where unknown. */
  held: boolean | null;
  heldMs: number | null;
  heldTimes: number | null;
}

type EngineStatus = Pick<TranscriberStatus, 'state' | 'progress'> & Partial<Pick<TranscriberStatus, 'held'>>;

function engineFrom(t: EngineStatus | string, recorder: { state: string } | string | null): Engine {
  const rec = recorder === null ? null : typeof recorder === 'string' ? recorder : recorder.state;
  if (typeof t === 'string')
    return {
      state: t,
      recorder: rec,
      jobId: null,
      attempt: null,
      done: null,
      waiting: null,
      held: null,
      heldMs: null,
      heldTimes: null,
    };
  const p = t.progress;
  return {
    state: t.state,
    recorder: rec,
    jobId: p.running?.jobId ?? null,
    attempt: p.running?.attempt ?? null,
    done: p.completed + p.failed,
    waiting: p.jobsWaiting,
    held: t.held?.now ?? null,
    heldMs: t.held?.ms ?? null,
    heldTimes: t.held?.times ?? null,
  };
}

/**
 * The engine's state from /health's `recording` (the state, or the whole status in older builds),
 * or, where the appliance has it, from the technician's GET /api/audio, which also names the job in
 * flight: then a busy block is known to have run under one job from start to end.
 */
function engineReader(base: string, admin: HttpSession) {
  let detailed: boolean | null = null;
  return async (): Promise<Engine> => {
    if (detailed !== false) {
      const r = await sessionApi(base, admin, 'GET', '/api/audio');
      detailed = r.status === 200 && typeof r.body?.transcriber?.state === 'string';
      if (detailed) return engineFrom(r.body.transcriber, r.body.recorder ?? null);
    }
    const h = await api<{
      recording?: { transcriber: EngineStatus | string; recorder: { state: string } | string | null };
    }>(base, null, 'GET', '/health');
    if (!h.recording) throw new Error('/health has no recording status');
    return engineFrom(h.recording.transcriber, h.recording.recorder);
  };
}

/** Polls until `check` holds; throws with `what` after `timeoutMs`. */
async function waitEngine(
  read: () => Promise<Engine>,
  check: (e: Engine) => boolean,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<Engine> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const e = await read();
    if (check(e)) return e;
    if (performance.now() > until)
      throw new Error(`${what}: not within ${timeoutMs} ms (${JSON.stringify(e)})`);
    await sleep(everyMs);
  }
}

/** Nothing running and, where known, nothing waiting. */
const isIdle = (e: Engine) => e.state === 'ready' && e.jobId === null && (e.waiting ?? 0) === 0;

// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire; callers read what they need
async function must(p: Promise<{ status: number; body: any }>, what: string): Promise<any> {
  const r = await p;
  if (r.status < 200 || r.status > 299)
    throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

interface People {
  unitId: string;
  admin: HttpSession;
  chair: HttpSession;
  secretary: HttpSession;
  /** Seat → person seated there (1: the chair). */
  seats: Map<number, string>;
}

/** The meeting's people over HTTP, as an administrator would add them (first-admin.txt to start). */
async function addPeople(app: ApplianceChild): Promise<People> {
  const base = app.base;
  const admin = await adminSession(base, app.files.dataDir);
  const unit = await must(
    sessionApi(base, admin, 'POST', '/api/units', { name: 'Văn phòng UBND tỉnh' }),
    'unit',
  );
  const person = async (fullName: string, username?: string, roles: string[] = []) =>
    must(
      sessionApi(base, admin, 'POST', '/api/persons', {
        unitId: unit.id,
        fullName,
        roles,
        ...(username ? { username } : {}),
      }),
      `person ${fullName}`,
    );
  // The chair also prepares and approves the meeting: fewer logins, the same steps.
  const chairMade = await person('Nguyễn Văn Minh', 'chu.toa', ['organiser']);
  const chair = await firstLoginHttp(base, 'chu.toa', chairMade.oneTimePassword);
  const secMade = await person('Trần Thị Lan', 'thu.ky');
  const secretary = await firstLoginHttp(base, 'thu.ky', secMade.oneTimePassword);
  const seats = new Map<number, string>([[1, chair.personId]]);
  const names = ['Vũ Thị Hạnh', 'Bùi Đức Long', 'Hoàng Thu Trang', 'Ngô Văn Sơn', 'Phạm Quốc Huy'];
  for (const [i, n] of names.entries()) seats.set(i + 2, (await person(n)).person.id);
  return { unitId: unit.id, admin, chair, secretary, seats };
}

/** A published, seated meeting chaired by `p.chair`, with `p.secretary` writing the minutes. */
async function publishMeeting(base: string, p: People, title: string): Promise<string> {
  const start = Date.now() + 3_600_000;
  const delegates = [...p.seats].filter(([seat]) => seat !== 1).map(([, id]) => id);
  const m = await must(
    sessionApi(base, p.chair, 'POST', '/api/meetings', {
      title,
      kind: 'regular',
      startsAt: start,
      endsAt: start + 3 * 3_600_000,
      form: 'in_person',
      invitation: { text: title },
      agenda: [{ id: 'muc-1', title: 'Dự toán ngân sách năm tới' }],
      chairId: p.chair.personId,
      secretaryId: p.secretary.personId,
      approverId: p.chair.personId,
      preparerId: p.chair.personId,
      preparingUnitId: p.unitId,
      invitedPersons: delegates,
      invitedUnits: [],
      supportStaff: [],
    }),
    'meeting',
  );
  for (const step of ['submit', 'approve', 'publish']) {
    await must(sessionApi(base, p.chair, 'POST', `/api/meetings/${m.id}/${step}`, {}), step);
  }
  for (const [seat, personId] of p.seats) {
    await must(
      sessionApi(base, p.chair, 'PUT', `/api/meetings/${m.id}/seats/${seat}`, { personId }),
      `seat ${seat}`,
    );
  }
  return m.id as string;
}

/** The recording's manifest once its first run has a clock (the first audio arrived). */
async function firstClock(dataDir: string, meetingId: string, timeoutMs = 20_000): Promise<Manifest> {
  const dir = join(dataDir, 'recordings', meetingId);
  const until = performance.now() + timeoutMs;
  for (;;) {
    const m = await readManifest(dir).catch(() => null);
    if (m?.runs[0]?.firstSampleAtMs != null) return m;
    if (performance.now() > until) throw new Error(`no recording clock in ${dir} after ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** The secretary's live view: a WebSocket with the session cookie, every transcript line with its arrival. */
async function transcriptReader(base: string, s: HttpSession) {
  const lines: { line: StoredLine; at: number }[] = [];
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, { headers: { cookie: s.cookie } });
  ws.on('error', () => undefined);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.once('message', (data) => {
        const snap = JSON.parse(String(data)) as { t: string; principal?: { role?: string } };
        if (snap.t !== 'snapshot' || snap.principal?.role !== 'person') {
          reject(new Error(`the WebSocket did not take the session: ${String(data).slice(0, 200)}`));
        } else resolve();
      });
    }),
    10_000,
    'transcript WebSocket',
  );
  ws.on('message', (data) => {
    const at = Date.now();
    const msg = JSON.parse(String(data)) as { t: string; line?: StoredLine };
    if (msg.t === 'transcript' && msg.line) lines.push({ line: msg.line, at });
  });
  return { lines, close: () => ws.terminate() };
}

/**
 * Which utterance a sample belongs to: the audio between two turns is split at the middle of the
 * gap. A line goes to the turn its audio's middle falls in: with random weights a segment's times
 * are anywhere inside its window, and a window lies between those middles (the gaps are longer than
 * the cutter's early close plus its lead-in; bench.md, g).
 */
function turnAt(turns: readonly Turn[], sample: number): number {
  for (let i = 0; i < turns.length; i++) {
    const next = turns[i + 1];
    if (!next || sample < (turns[i]!.end + next.start) / 2) return i;
  }
  return turns.length - 1;
}

const lineMiddle = (line: StoredLine) =>
  (line.audioOffsetMs + (line.endMs - line.startMs) / 2) * (SAMPLE_RATE / 1000);

/**
 * The appliance's transcription jobs as the technician's status shows them, polled: when each was
 * first and last seen running (±the poll interval). A diagnostic beside g2, to tell the wait for a
 * window from its decoding; empty where the appliance does not name its jobs.
 */
function watchJobs(engine: () => Promise<Engine>, everyMs = 100) {
  const seen = new Map<string, { first: number; last: number }>();
  let on = true;
  const loop = (async () => {
    while (on) {
      const e = await engine().catch(() => null);
      const now = Date.now();
      if (e?.jobId) {
        const j = seen.get(e.jobId);
        if (j) j.last = now;
        else seen.set(e.jobId, { first: now, last: now });
      }
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      return seen;
    },
  };
}

/** A 60-seat appliance recording `audio` as its microphone, with the bench's people and units. */
interface SpeechRoom {
  app: ApplianceChild;
  people: People;
  engine: () => Promise<Engine>;
  units: SeatUnitClient[];
  floor: (path: 'grant' | 'end', seat: number) => Promise<unknown>;
  close: () => Promise<void>;
}

async function speechRoom(
  dir: string,
  audio: MeetingAudio,
  cfg: SpeechBenchConfig,
  modelPath: string,
  extra: Record<string, unknown>,
): Promise<SpeechRoom> {
  const files = await writeRoom(dir, { room: 'bench-speech', seats: 60, prefix: 'sp-' });
  // The room's audio is the file, read at the pace it plays (ffmpeg -re), as a microphone delivers it.
  const settings = JSON.parse(readFileSync(files.settingsFile, 'utf8')) as Record<string, unknown>;
  settings.audio = {
    source: { kind: 'file', path: audio.path, realtime: true, raw: { sampleRate: SAMPLE_RATE, channels: 1 } },
    model: modelPath,
    threads: cfg.threads,
    ...extra,
  };
  writeFileSync(files.settingsFile, JSON.stringify(settings, null, 2));
  const app = await startApplianceChild(files);
  let units: SeatUnitClient[] = [];
  const close = async () => {
    await mapLimit(units, 20, (u) => withTimeout(u.end(), 5000, `end ${u.unit}`).catch(() => u.kill()));
    await app.stop();
  };
  try {
    const base = app.base;
    const key = await app.chairKey();
    const people = await addPeople(app);
    const engine = engineReader(base, people.admin);
    await waitEngine(engine, (e) => e.state === 'ready', 120_000, 'model loaded');
    units = await mapLimit(files.units, 20, (unit) =>
      SeatUnitClient.connect({
        url: app.mqttUrl,
        room: files.room,
        unit,
        password: files.secrets.get(unit)!,
        connectTimeoutMs: 20_000,
        noDelay: cfg.unitNoDelay,
      }),
    );
    const floor = (path: 'grant' | 'end', seat: number) =>
      api(base, key, 'POST', `/api/floor/${path}`, { seat });
    return { app, people, engine, units, floor, close };
  } catch (err) {
    const failure = withOutput(err, app);
    await close();
    throw failure;
  }
}

/** The error, with the tail of what the appliance printed: what went wrong is usually there. */
function withOutput(err: unknown, app: ApplianceChild): Error {
  return new Error(
    `${(err as Error).message}\n--- appliance output (tail) ---\n${app.output().slice(-4000)}`,
  );
}

/** Runs `fn` on the room, closes it whatever happens, and adds the appliance's output to an error. */
async function inRoom<T>(room: SpeechRoom, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw withOutput(err, room.app);
  } finally {
    await room.close();
  }
}

async function benchLive(
  dir: string,
  cfg: SpeechBenchConfig,
  modelPath: string,
  log: Log,
): Promise<{ live: LiveResult; pressesNotHeld: PressesWhileTranscribing; audio: MeetingAudio }> {
  const audio = await makeMeetingAudio(dir, 'live', {
    turns: cfg.liveTurns,
    seed: 7,
    gapMs: [2500, 3500],
    maxSentences: 3,
    // One window per utterance: no pause inside one reaches the cutter's early close.
    longPauseShare: 0,
  });
  const audioS = audio.samples / SAMPLE_RATE;
  // Keys never hold the worker here: part 2 presses none, and part 3 runs here without the hold.
  const room = await speechRoom(join(dir, 'room'), audio, cfg, modelPath, { holdForKeysMs: 0 });
  let reader: Awaited<ReturnType<typeof transcriptReader>> | null = null;
  return inRoom(room, async () => {
    const { app, people, engine, floor } = room;
    const base = app.base;
    const meetings = [
      await publishMeeting(base, people, 'Phiên họp thường kỳ (bench, phần 2)'),
      await publishMeeting(base, people, 'Phiên họp thường kỳ (bench, phần 3)'),
    ];
    reader = await transcriptReader(base, people.secretary);
    try {
      // ---- 2. a live meeting: the floor follows the speakers, lines arrive on the WebSocket ----
      log(
        `g2. end of utterance → text: ${fmtS(audioS)} of audio in real time, ${audio.turns.length} utterances, ` +
          `seats ${[...new Set(audio.turns.map((t) => t.seat))].sort().join(', ')}`,
      );
      const m1 = meetings[0]!;
      const load = cpuShare();
      const jobs = watchJobs(engine);
      await must(sessionApi(base, people.chair, 'POST', `/api/meetings/${m1}/start`, {}), 'start');
      const clock = await firstClock(app.files.dataDir, m1);
      for (const f of audio.floorChanges) {
        // The chair switches microphones in the silence between two speakers, on the recording's clock.
        await sleep(sampleTimeMs(clock, f.sample)! - Date.now());
        if (f.from !== null) await floor('end', f.from);
        await floor('grant', f.to);
      }
      await sleep(sampleTimeMs(clock, audio.samples)! - Date.now());
      await waitEngine(
        engine,
        (e) => e.recorder === 'stopped' && isIdle(e),
        60_000,
        'recording ended and transcribed',
        200,
      );
      await sleep(500); // the last line's WebSocket message
      const manifest = (await readManifest(join(app.files.dataDir, 'recordings', m1)))!;
      const live = liveResult(audio, manifest, reader.lines, m1, load.stop(), await jobs.stop());
      log(
        `  each utterance (seat, length → text): ${live.each
          .map(
            (u) =>
              `${u.seat}, ${s1(u.lengthMs)} → ${Number.isNaN(u.ms) ? 'none' : s1(u.ms)}` +
              (Number.isNaN(u.jobMs) ? '' : ` (job from ${s1(u.startMs)}, ${s1(u.jobMs)})`),
          )
          .join('; ')}`,
      );
      log(
        `  ${live.utterances - live.missing}/${live.utterances} utterances got text: end → text p50 ` +
          `${Math.round(live.latencyMs.p50)} ms, p99 ${Math.round(live.latencyMs.p99)} ms, max ${Math.round(live.latencyMs.max)} ms; ` +
          `${live.attributedRight}/${live.lines} lines attributed to the speaking seat`,
      );
      await must(sessionApi(base, people.chair, 'POST', `/api/meetings/${m1}/end`, {}), 'end');

      // ---- 3. key presses, idle and busy interleaved, while the same audio plays again ----
      log('g3a. key press → state while transcribing, the worker never held (holdForKeysMs 0)');
      const pressesNotHeld = await pressesInMeeting(room, meetings[1]!, cfg, audioS, log);
      return { live, pressesNotHeld, audio };
    } finally {
      reader?.close();
    }
  });
}

/** g3 as the product runs: a second appliance with the default hold for keys. */
async function benchHeld(
  dir: string,
  cfg: SpeechBenchConfig,
  modelPath: string,
  audio: MeetingAudio,
  log: Log,
): Promise<PressesWhileTranscribing> {
  const room = await speechRoom(join(dir, 'room-held'), audio, cfg, modelPath, {});
  return inRoom(room, async () => {
    const m = await publishMeeting(room.app.base, room.people, 'Phiên họp thường kỳ (bench, phần 3b)');
    log('g3b. key press → state while transcribing, keys holding the worker (the default)');
    return pressesInMeeting(room, m, cfg, audio.samples / SAMPLE_RATE, log);
  });
}

/** Part 3 in one appliance: warm-up, the meeting started with one speaker, the blocks. */
async function pressesInMeeting(
  room: SpeechRoom,
  meetingId: string,
  cfg: SpeechBenchConfig,
  audioS: number,
  log: Log,
): Promise<PressesWhileTranscribing> {
  const { app, people, engine, floor } = room;
  const pressers = room.units.slice(9); // seats 10–60: never speakers, so presses never move the floor
  const pressOpts = { timeoutMs: cfg.pressTimeoutMs, spacingMs: cfg.spacingMs };
  log(
    `  ${cfg.warmupPresses} warm-up presses, then blocks of ${cfg.blockPresses}, up to ${cfg.pressSamples} samples idle and busy`,
  );
  await measurePresses(pressers, cfg.warmupPresses, pressOpts);
  await must(sessionApi(app.base, people.chair, 'POST', `/api/meetings/${meetingId}/start`, {}), 'start');
  // One speaker holds the floor throughout: no floor fan-out during the blocks of either side.
  await floor('grant', 2);
  const presses = await pressBlocks(engine, pressers, cfg, audioS, log);
  await must(sessionApi(app.base, people.chair, 'POST', `/api/meetings/${meetingId}/end`, {}), 'end');
  return presses;
}

function liveResult(
  audio: MeetingAudio,
  manifest: Manifest,
  arrived: readonly { line: StoredLine; at: number }[],
  meetingId: string,
  cpu: CpuShare,
  jobs: ReadonlyMap<string, { first: number; last: number }>,
): LiveResult {
  const turns = audio.turns;
  const first = new Map<number, number>();
  let right = 0;
  const mine = arrived.filter((a) => a.line.meetingId === meetingId);
  for (const a of mine) {
    const i = turnAt(turns, lineMiddle(a.line));
    const end = sampleTimeMs(manifest, turns[i]!.end) ?? Number.NaN;
    // A line before the utterance ended came from an earlier window of it: not its end's text.
    if (!first.has(i) && a.at >= end) first.set(i, a.at);
    if (a.line.seats.includes(turns[i]!.seat)) right++;
  }
  // The pipeline names a job `<meeting>:<first sample of the window>`. A window may start anywhere in
  // the silence before its utterance (at the floor change, or just before the speech), so it is the
  // window of the first utterance not over when it starts; the last such job is the utterance end's.
  const lastJob = new Map<number, { first: number; last: number }>();
  for (const [id, j] of jobs) {
    const m = /^(.*):(\d+)$/.exec(id);
    if (m?.[1] !== meetingId) continue;
    const i = turns.findIndex((t) => t.end > Number(m[2]));
    if (i < 0) continue;
    if ((lastJob.get(i)?.first ?? -1) < j.first) lastJob.set(i, j);
  }
  const latency: number[] = [];
  const each: LiveResult['each'] = [];
  for (const [i, t] of turns.entries()) {
    const at = first.get(i);
    const end = sampleTimeMs(manifest, t.end) ?? Number.NaN;
    const ms = at !== undefined ? at - end : Number.NaN;
    if (!Number.isNaN(ms)) latency.push(ms);
    const job = lastJob.get(i);
    each.push({
      seat: t.seat,
      lengthMs: ((t.end - t.start) * 1000) / SAMPLE_RATE,
      ms,
      startMs: job ? job.first - end : Number.NaN,
      jobMs: job ? job.last - job.first : Number.NaN,
    });
  }
  const known = (xs: number[]) => xs.filter((x) => !Number.isNaN(x));
  return {
    audioS: audio.samples / SAMPLE_RATE,
    utterances: turns.length,
    latencyMs: summarize(latency),
    missing: turns.length - latency.length,
    lines: mine.length,
    attributedRight: right,
    clockUncertaintyMs: manifest.runs[0]?.clock?.uncertaintyMs ?? Number.NaN,
    cpu,
    each,
    jobStartMs: summarize(known(each.map((u) => u.startMs))),
    jobMs: summarize(known(each.map((u) => u.jobMs))),
  };
}

/**
 * Blocks of presses, each kept as "idle" or "busy" only when /health shows the transcriber in the
 * same state before and after it (busy: the same job running at both ends, so the worker computed
 * throughout; idle: nothing running or waiting, and no job finished in between). Neither side may
 * run more than a few blocks ahead of the other, so the machine's noise falls on both alike.
 */
async function pressBlocks(
  engine: () => Promise<Engine>,
  pressers: readonly SeatUnitClient[],
  cfg: SpeechBenchConfig,
  audioS: number,
  log: Log,
): Promise<PressesWhileTranscribing> {
  const idle: number[] = [];
  const busy: number[] = [];
  const firstIdle: number[] = [];
  const firstBusy: number[] = [];
  let busyMs = 0;
  let heldMs = 0;
  let holds = 0;
  let idleBlocks = 0;
  let busyBlocks = 0;
  let discarded = 0;
  let timeouts = 0;
  /** Busy blocks per job: the busy side must span several windows, not one long job. */
  const perJob = new Map<string, number>();
  const lead = BLOCKS_AHEAD * cfg.blockPresses;
  const pressOpts = { timeoutMs: cfg.pressTimeoutMs, spacingMs: cfg.spacingMs };
  const allowed = (mine: number[], other: number[]) =>
    mine.length < cfg.pressSamples &&
    (mine.length <= other.length + lead || other.length >= cfg.pressSamples);
  const until = performance.now() + audioS * 1000 + 30_000;
  const load = cpuShare();
  let ended = false;
  let period = 0;
  let lastNews = performance.now();
  let wasBusy = false;
  while ((idle.length < cfg.pressSamples || busy.length < cfg.pressSamples) && performance.now() < until) {
    const before = await engine();
    // The hold of the last block still on: wait it out, so this block's first key meets a worker
    // that computes (and the hold it starts is counted in this block).
    if (before.held) {
      await sleep(25);
      continue;
    }
    if (performance.now() - lastNews > 10_000) {
      lastNews = performance.now();
      log(
        `  waiting for the engine to be ${busy.length < idle.length ? 'busy' : 'idle'}: ${JSON.stringify(before)}`,
      );
    }
    // Without job names, a busy stretch between two idle readings counts as one job.
    if (before.state === 'busy' && !wasBusy) period++;
    wasBusy = before.state === 'busy';
    const kind = before.state === 'busy' ? 'busy' : isIdle(before) ? 'idle' : null;
    const job = before.jobId ?? `period ${period}`;
    const open =
      kind === 'busy'
        ? allowed(busy, idle) && (perJob.get(job) ?? 0) < BLOCKS_AHEAD
        : kind === 'idle' && allowed(idle, busy);
    if (!open) {
      // Nothing more can become busy once the recording ended and the queue is empty.
      if (kind === 'idle' && busy.length < cfg.pressSamples && before.recorder === 'stopped') {
        ended = true;
        break;
      }
      await sleep(25);
      continue;
    }
    const t0 = performance.now();
    const r = await measurePresses(pressers, cfg.blockPresses, pressOpts);
    const after = await engine();
    const blockMs = performance.now() - t0;
    // Where the job is not named, a job (≥ 2 s) cannot fit in an idle block, and a busy block that
    // spans two jobs needs one to end and the next to start within it.
    const same =
      kind === 'busy'
        ? after.state === 'busy' && after.jobId === before.jobId && after.attempt === before.attempt
        : isIdle(after) && after.done === before.done;
    if (!same) {
      discarded++;
      continue;
    }
    timeouts += r.timeouts;
    const first = r.samples[0];
    if (kind === 'busy') {
      busy.push(...r.samples);
      if (first !== undefined) firstBusy.push(first);
      busyMs += blockMs;
      if (after.heldMs !== null && before.heldMs !== null) heldMs += after.heldMs - before.heldMs;
      if (after.heldTimes !== null && before.heldTimes !== null) holds += after.heldTimes - before.heldTimes;
      busyBlocks++;
      perJob.set(job, (perJob.get(job) ?? 0) + 1);
    } else {
      idle.push(...r.samples);
      if (first !== undefined) firstIdle.push(first);
      idleBlocks++;
    }
    lastNews = performance.now();
    if ((idleBlocks + busyBlocks) % 10 === 0) log(`  ${idle.length} idle / ${busy.length} busy samples`);
  }
  if (ended || busy.length < cfg.pressSamples) {
    log(`  the audio ended with ${busy.length} busy samples (${cfg.pressSamples} wanted)`);
  }
  const result: PressesWhileTranscribing = {
    idle: summarize(idle),
    busy: summarize(busy),
    idleBlocks,
    busyBlocks,
    discarded,
    timeouts,
    busyJobs: perJob.size,
    cpu: load.stop(),
    firstIdle: summarize(firstIdle),
    firstBusy: summarize(firstBusy),
    heldShare: busyMs > 0 ? heldMs / busyMs : 0,
    holds,
  };
  log(
    `  idle p50 ${result.idle.p50.toFixed(2)} / p99 ${result.idle.p99.toFixed(2)} ms, busy p50 ` +
      `${result.busy.p50.toFixed(2)} / p99 ${result.busy.p99.toFixed(2)} ms (${busyBlocks} busy blocks under ` +
      `${perJob.size} windows, ${idleBlocks} idle, ${discarded} discarded); worker held ` +
      `${Math.round(100 * result.heldShare)} % of the busy blocks' time; a block's first key: idle p50 ` +
      `${result.firstIdle.p50.toFixed(2)}, busy p50 ${result.firstBusy.p50.toFixed(2)} / max ${result.firstBusy.max.toFixed(2)} ms`,
  );
  return result;
}
