// Playing the meeting's recording from a transcript line (issue 5: "timestamps that seek the
// recording"). The recording is a row of Opus segment files on one sample clock (16 kHz, pauses
// not in it); a line's `audioOffsetMs × 16` is its sample. Its segment is the last one starting at
// or before that sample; one <audio> element plays that segment's URL (the appliance answers Range
// requests, so the browser seeks without fetching the whole file) from `(sample − firstSample) /
// 16000` s, and goes on with the next segment when one ends. Every segment played from its start
// is an audited read on the appliance, so nothing is fetched before someone presses play.
import { signal } from '@preact/signals';
import type { RecordingManifest, RecordingSegment } from '../../transcript-store.ts';

export type PlaybackProblem = 'no-recording' | 'failed';

/** Where a position of the recording is: its segment and the seconds into it. */
export function locate(
  m: RecordingManifest,
  offsetMs: number,
): { segment: RecordingSegment; seconds: number } | null {
  const rate = m.sampleRate || 16_000;
  const sample = Math.max(0, Math.round((offsetMs * rate) / 1000));
  let at = -1;
  for (let i = 0; i < m.segments.length; i++) {
    if (m.segments[i]!.firstSample <= sample) at = i;
    else break;
  }
  if (at === -1) {
    const first = m.segments[0];
    return first ? { segment: first, seconds: 0 } : null;
  }
  const seg = m.segments[at]!;
  const next = m.segments[at + 1];
  // A few samples between runs (a pause) belong to no file: the next one starts there.
  if (next && seg.samples !== null && sample >= seg.firstSample + seg.samples) {
    return { segment: next, seconds: 0 };
  }
  return { segment: seg, seconds: (sample - seg.firstSample) / rate };
}

/** The appliance's clock at a position of the recording, from its segment's start; null if unknown. */
export function clockAt(m: RecordingManifest, offsetMs: number): number | null {
  const where = locate(m, offsetMs);
  if (!where || where.segment.startedAtMs === null) return null;
  return where.segment.startedAtMs + where.seconds * 1000;
}

export const segmentUrl = (meetingId: string, index: number): string =>
  `/api/meetings/${encodeURIComponent(meetingId)}/recording/segments/${index}`;

/**
 * The recording's length in ms. While it is being recorded the manifest says what its finished
 * segments hold; the segment being written has grown since it started, by the clock.
 */
export function lengthMs(m: RecordingManifest, now: number): number {
  const last = m.segments.at(-1);
  const done = m.seconds * 1000;
  if (m.state !== 'recording' || !last || last.complete || last.startedAtMs === null) return done;
  return Math.max(done, (last.firstSample / (m.sampleRate || 16_000)) * 1000 + (now - last.startedAtMs));
}

export class Playback {
  readonly playing = signal(false);
  /** Position in the recording, ms from its first sample; null until something was played. */
  readonly positionMs = signal<number | null>(null);
  /** The segment in the player. */
  readonly segment = signal<number | null>(null);
  readonly problem = signal<PlaybackProblem | null>(null);
  readonly rate = signal(1);

  #meetingId: string;
  #manifest: () => RecordingManifest | null;
  #refresh: () => Promise<RecordingManifest | null>;
  #audio: HTMLAudioElement | null = null;
  #seg: RecordingSegment | null = null;
  /** Seconds to seek to once the new source's metadata is in. */
  #pending: number | null = null;
  #off: (() => void) | null = null;

  constructor(
    meetingId: string,
    manifest: () => RecordingManifest | null,
    refresh: () => Promise<RecordingManifest | null>,
  ) {
    this.#meetingId = meetingId;
    this.#manifest = manifest;
    this.#refresh = refresh;
  }

  attach(audio: HTMLAudioElement): void {
    this.detach();
    this.#audio = audio;
    const on = (type: string, f: () => void) => {
      audio.addEventListener(type, f);
      return () => audio.removeEventListener(type, f);
    };
    const offs = [
      on('loadedmetadata', () => {
        if (this.#pending !== null) audio.currentTime = this.#pending;
        this.#pending = null;
        audio.playbackRate = this.rate.peek();
      }),
      on('timeupdate', () => this.#track()),
      on('seeked', () => this.#track()),
      on('play', () => {
        this.playing.value = true;
      }),
      on('pause', () => {
        this.playing.value = false;
      }),
      on('ended', () => void this.#next()),
      on('error', () => {
        if (!audio.getAttribute('src')) return;
        this.playing.value = false;
        this.problem.value = 'failed';
      }),
    ];
    this.#off = () => {
      for (const off of offs) off();
    };
  }

  detach(): void {
    this.#off?.();
    this.#off = null;
    this.#audio?.pause();
    this.#audio = null;
  }

  /** Plays the recording from `offsetMs` (a line's `audioOffsetMs`). */
  async playFrom(offsetMs: number): Promise<void> {
    let m = this.#manifest();
    const last = m?.segments.at(-1);
    // While it is still recorded, a newer segment (or a longer current one) may hold the position.
    if (!m || !last || (m.state !== 'stopped' && offsetMs >= (last.firstSample / m.sampleRate) * 1000)) {
      m = (await this.#refresh()) ?? m;
    }
    const where = m ? locate(m, offsetMs) : null;
    if (!where) {
      this.problem.value = 'no-recording';
      return;
    }
    this.problem.value = null;
    this.positionMs.value = offsetMs;
    await this.#load(where.segment, where.seconds);
  }

  /** Play / pause; after the end of what was recorded, plays again from where it stopped. */
  async toggle(): Promise<void> {
    const a = this.#audio;
    if (!a) return;
    if (!a.paused) {
      a.pause();
      return;
    }
    const at = this.positionMs.peek();
    if (!this.#seg || a.ended || at === null) {
      await this.playFrom(at ?? 0);
      return;
    }
    await this.#play();
  }

  /** Moves by `deltaMs` (back 5 s to hear a phrase again). */
  async skip(deltaMs: number): Promise<void> {
    const at = this.positionMs.peek();
    if (at === null) return;
    const m = this.#manifest();
    const end = m ? lengthMs(m, Date.now()) : Number.POSITIVE_INFINITY;
    await this.playFrom(Math.min(Math.max(0, at + deltaMs), end));
  }

  setRate(rate: number): void {
    this.rate.value = rate;
    if (this.#audio) this.#audio.playbackRate = rate;
  }

  async #load(seg: RecordingSegment, seconds: number): Promise<void> {
    const a = this.#audio;
    if (!a) return;
    const url = new URL(segmentUrl(this.#meetingId, seg.index), location.href).href;
    this.#seg = seg;
    this.segment.value = seg.index;
    // A segment still being written has grown since the browser read it: read it again.
    const grown = !seg.complete && a.src === url && (a.ended || seconds >= a.duration - 0.5);
    if (a.src !== url || a.error || grown) {
      // The seek waits for the new file's metadata; the browser fetches the bytes it needs.
      this.#pending = seconds;
      a.src = url;
      a.currentTime = seconds;
    } else {
      a.currentTime = seconds;
    }
    await this.#play();
  }

  async #play(): Promise<void> {
    const a = this.#audio;
    if (!a) return;
    try {
      a.playbackRate = this.rate.peek();
      await a.play();
    } catch (err) {
      // Interrupted by the next seek: that one plays.
      if ((err as DOMException).name === 'AbortError') return;
      this.playing.value = false;
      this.problem.value = 'failed';
    }
  }

  #track(): void {
    const a = this.#audio;
    const seg = this.#seg;
    if (!a || !seg || this.#pending !== null) return;
    const rate = this.#manifest()?.sampleRate || 16_000;
    this.positionMs.value = (seg.firstSample / rate) * 1000 + a.currentTime * 1000;
  }

  /** A segment ended: the next one, if the recording has one (asked again while it goes on). */
  async #next(): Promise<void> {
    const seg = this.#seg;
    if (!seg) return;
    let m = this.#manifest();
    const isLast = !m || m.segments.at(-1)?.index === seg.index;
    if (isLast && m?.state !== 'stopped') m = (await this.#refresh()) ?? m;
    const next = m?.segments.find((s) => s.index === seg.index + 1);
    if (next) {
      this.positionMs.value = (next.firstSample / (m?.sampleRate || 16_000)) * 1000;
      await this.#load(next, 0);
      return;
    }
    // The end of what is recorded (a live meeting: play again later for what came since).
    this.playing.value = false;
  }
}
