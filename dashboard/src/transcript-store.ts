// The transcript of the meeting whose transcript page is open (issue 5, R-ROOM-5), and its recording's
// manifest. Lines come two ways: `GET /api/meetings/:id/transcript?after=SEQ` (the page opening, and
// again after the socket was down) and the socket's `{t:'transcript', line}` (room-socket.ts hands
// them here). Both can say the same line, and a backlog inserts lines spoken earlier than ones
// already held, so the list is kept sorted by `startMs` and deduplicated by `id` (a later version of
// a line, still being decoded, replaces the earlier). Progress (`{t:'transcript-progress'}`) says
// how far the transcript is behind the recording. Only the chair, the secretary and system
// administrators get any of it (the appliance decides; every HTTP read is audited there).
import { effect, signal } from '@preact/signals';
import type { TranscriptProgress } from '../../appliance/src/recording/transcription-pipeline.ts';
import type { StoredLine } from '../../appliance/src/store/transcript-store.ts';
import { api } from './api.ts';
import { link } from './room-store.ts';

export type { StoredLine, TranscriptProgress };

/** GET /api/meetings/:id/recording (recording-routes.ts `Recording`). */
export interface RecordingManifest {
  meetingId: string;
  state: 'recording' | 'paused' | 'stopped';
  sampleRate: number;
  /** Seconds of audio recorded; pauses are not in it. */
  seconds: number;
  segments: RecordingSegment[];
  pauses: { fromMs: number; toMs: number | null; atSample: number }[];
  outages: {
    fromMs: number;
    toMs: number | null;
    atSample: number;
    reason: 'device_lost' | 'disk_full';
    detail: string;
  }[];
}

export interface RecordingSegment {
  index: number;
  run: number;
  /** The segment's first sample in the recording (16 kHz): a line's `audioOffsetMs × 16` seeks. */
  firstSample: number;
  samples: number | null;
  /** The appliance's clock at the segment's first sample, when known. */
  startedAtMs: number | null;
  complete: boolean;
  bytes: number | null;
}

export interface Refused {
  status: number;
  code: string;
  message: string;
}

export interface TranscriptState {
  meetingId: string;
  /** Sorted by startMs (then seq); one per id. */
  lines: StoredLine[];
  progress: TranscriptProgress | null;
  /** loading: the first pages are on their way. */
  status: 'loading' | 'ready' | 'refused';
  refused: Refused | null;
}

export type RecordingState =
  | { status: 'loading' }
  | { status: 'ready'; manifest: RecordingManifest }
  /** 404 E_NO_RECORDING: nothing was recorded (yet, or ever: a secret meeting). */
  | { status: 'none' }
  | { status: 'refused'; refused: Refused };

/** The open meeting's transcript; null when no transcript page is open. */
export const transcript = signal<TranscriptState | null>(null);
/** The open meeting's recording (fetched on demand: every listing is an audited read). */
export const recording = signal<RecordingState>({ status: 'loading' });
/** Engine without a model (GET /health `recording.transcriber`): live progress cannot say it. */
export const engineHasNoModel = signal(false);

/** The appliance answers at most this many lines per request. */
const PAGE = 10_000;
const enc = encodeURIComponent;

const byTime = (a: StoredLine, b: StoredLine) => a.startMs - b.startMs || a.seq - b.seq;

/**
 * `lines` with `incoming` merged in: sorted, one per id. Of two versions of a line the settled one
 * wins (a final line never changes again), else the one that came last.
 */
export function mergeLines(lines: readonly StoredLine[], incoming: readonly StoredLine[]): StoredLine[] {
  if (incoming.length === 0) return lines as StoredLine[];
  const last = lines.at(-1);
  // The usual case, live: one new line, spoken after everything held.
  if (incoming.length === 1 && (!last || byTime(last, incoming[0]!) < 0)) {
    const line = incoming[0]!;
    if (!lines.some((l) => l.id === line.id)) return [...lines, line];
  }
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const line of incoming) {
    const held = byId.get(line.id);
    if (held?.final && !line.final) continue;
    byId.set(line.id, line);
  }
  return [...byId.values()].sort(byTime);
}

const maxSeq = (lines: readonly StoredLine[]) => lines.reduce((n, l) => Math.max(n, l.seq), 0);

let loadToken = 0;

/** Reads every line after the highest seq held, page by page; the state follows. */
async function fetchAfter(meetingId: string): Promise<void> {
  const token = loadToken;
  for (let guard = 0; guard < 100; guard++) {
    const s = transcript.peek();
    if (!s || s.meetingId !== meetingId) return;
    const after = maxSeq(s.lines);
    const r = await api('GET', `/api/meetings/${enc(meetingId)}/transcript?after=${after}&limit=${PAGE}`);
    const now = transcript.peek();
    if (token !== loadToken || !now || now.meetingId !== meetingId) return;
    if (!r.ok) {
      // Refused (not a reader, session gone) or unreachable. A refusal is said in words; a network
      // failure keeps what is shown: the next reconnect asks again.
      if (r.status === 0) {
        if (now.status === 'loading') transcript.value = { ...now, status: 'ready' };
        return;
      }
      transcript.value = {
        ...now,
        status: 'refused',
        refused: { status: r.status, code: r.code, message: r.message },
      };
      return;
    }
    const data = r.data as { lines: StoredLine[]; progress: TranscriptProgress | null };
    const lines = mergeLines(now.lines, data.lines);
    transcript.value = {
      ...now,
      lines,
      progress: data.progress ?? now.progress,
      status: 'ready',
      refused: null,
    };
    // A full page means more may follow (the cursor is the highest seq now held).
    if (data.lines.length < PAGE) return;
  }
}

/** Whether the transcription engine has a model (public /health; checked when progress says live). */
export async function checkEngine(): Promise<void> {
  try {
    const res = await fetch('/health', { cache: 'no-store' });
    const h = (await res.json()) as { recording?: { transcriber?: string } };
    engineHasNoModel.value = h.recording?.transcriber === 'no-model';
  } catch {
    // Unknown: say nothing rather than something wrong.
  }
}

/** Fetches the recording's manifest again (segments grow while the meeting is recorded). */
export async function refreshRecording(meetingId: string): Promise<RecordingState> {
  const r = await api('GET', `/api/meetings/${enc(meetingId)}/recording`);
  if (transcript.peek()?.meetingId !== meetingId) return recording.peek();
  const next: RecordingState = r.ok
    ? { status: 'ready', manifest: r.data as RecordingManifest }
    : r.status === 404
      ? { status: 'none' }
      : { status: 'refused', refused: { status: r.status, code: r.code, message: r.message } };
  // A network failure keeps what was known.
  if (!r.ok && r.status === 0 && recording.peek().status === 'ready') return recording.peek();
  recording.value = next;
  return next;
}

/**
 * Opens a meeting's transcript: reads it all, then follows the socket; after the socket was down,
 * reads what came meanwhile. `withRecording`: also read the recording's manifest (not for a
 * secret meeting, which has none). Returns the closer.
 */
export function openTranscript(meetingId: string, withRecording: boolean): () => void {
  loadToken++;
  transcript.value = { meetingId, lines: [], progress: null, status: 'loading', refused: null };
  recording.value = withRecording ? { status: 'loading' } : { status: 'none' };
  void fetchAfter(meetingId);
  if (withRecording) void refreshRecording(meetingId);
  void checkEngine();
  let wasDown = false;
  const stop = effect(() => {
    const l = link.value;
    if (l === 'down') wasDown = true;
    else if (l === 'open' && wasDown) {
      wasDown = false;
      // Lines said while the socket was down are not sent again: ask for them.
      void fetchAfter(meetingId);
      void checkEngine();
    }
  });
  return () => {
    stop();
    loadToken++;
    if (transcript.peek()?.meetingId === meetingId) transcript.value = null;
    recording.value = { status: 'loading' };
  };
}

/** A `{t:'transcript'}` message from the socket. Lines of other meetings are not kept. */
export function takeTranscriptLine(line: StoredLine): void {
  const s = transcript.peek();
  if (!s || s.meetingId !== line.meetingId) return;
  transcript.value = { ...s, lines: mergeLines(s.lines, [line]) };
}

/** A `{t:'transcript-progress'}` message from the socket. */
export function takeTranscriptProgress(progress: TranscriptProgress): void {
  const s = transcript.peek();
  if (!s || s.meetingId !== progress.meetingId) return;
  const was = s.progress?.state;
  transcript.value = { ...s, progress };
  // A new state (live → done, no model → backlog): the engine's model may have changed with it.
  if (was !== progress.state) void checkEngine();
}

/**
 * Who may read a meeting's transcript and play its recording (permissions.ts `transcript.read`,
 * `recording.read`): its chair, its secretary, system administrators. The page asks first so the
 * others get a sentence rather than a refused request; the appliance decides either way.
 */
export function mayReadTranscript(
  meeting: { myRoles: readonly string[] },
  globalRoles: readonly string[],
): boolean {
  return (
    globalRoles.includes('sysadmin') ||
    meeting.myRoles.includes('chair') ||
    meeting.myRoles.includes('secretary')
  );
}
