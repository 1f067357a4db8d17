// The recording's manifest.json (issue 5): what audio is on disk and when it was heard, on the
// appliance's clock (the clock of the event log). Written atomically (temp file, fsync, rename),
// after every segment and every change of state. docs/recording.md "The manifest".
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AudioSource } from './audio-source.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_VERSION = 1;
/** The clock of every sample index in the manifest and of the PCM stream. */
export const SAMPLE_RATE = 16_000;

export type RunReason = 'start' | 'resume' | 'retry' | 'restart';
export type RunEnd = 'pause' | 'stop' | 'device_lost' | 'disk_full' | 'disk_ok' | 'source_ended' | 'crash';

export interface ManifestClock {
  /** How `firstSampleAtMs` was found (docs/recording.md "Clock"). */
  method: 'device' | 'arrival' | 'none';
  /** The estimate is at most this much off (ms), as far as measured. */
  uncertaintyMs: number;
  /** When ffmpeg was started. */
  spawnedAtMs: number;
  /** When the first PCM bytes arrived. */
  firstPcmAtMs: number;
  /** ALSA / PulseAudio: ffmpeg's capture timestamp of the first sample. */
  deviceStartMs?: number;
  /** The arrival bound: min over chunks of (arrival − duration up to the chunk's end). */
  arrivalEstimateMs?: number;
}

export interface ManifestRun {
  index: number;
  reason: RunReason;
  /** Index (16 kHz samples, recording audio time) of the run's first sample. */
  firstSample: number;
  /** Samples the run delivered (so far, while it runs). */
  samples: number;
  /** Wall clock (ms since the epoch) of the first sample; null until audio arrived. */
  firstSampleAtMs: number | null;
  clock: ManifestClock | null;
  /** Segment files are written (false while the disk is full: PCM for transcription only). */
  savingAudio: boolean;
  endedAtMs: number | null;
  endReason: RunEnd | null;
}

export interface ManifestSegment {
  file: string;
  run: number;
  firstSample: number;
  /** Null while being written, and for the segment a crash interrupted. */
  samples: number | null;
  /** Wall clock of the first sample, from the run's clock. */
  startedAtMs: number | null;
  complete: boolean;
  bytes: number | null;
  /**
   * Arrival bound for this segment minus the run's clock (ms): how far the audio clock has drifted
   * from the appliance's by then (a sound card's crystal against NTP), ≥ 0 up to latency jitter.
   */
  driftMs: number | null;
}

export interface ManifestGap {
  fromMs: number;
  toMs: number | null;
  /** The index the next audio will have; audio time does not advance across a gap. */
  atSample: number;
}

export interface ManifestOutage extends ManifestGap {
  reason: 'device_lost' | 'disk_full';
  detail: string;
}

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  sampleRate: typeof SAMPLE_RATE;
  meetingId: string | null;
  source: AudioSource;
  audio: { container: 'ogg'; codec: 'opus'; sampleRate: number; channels: 1; bitrate: number };
  segmentSeconds: number;
  createdAtMs: number;
  updatedAtMs: number;
  state: 'recording' | 'paused' | 'stopped';
  /** The index the next sample will have. */
  nextSample: number;
  nextSegment: number;
  runs: ManifestRun[];
  segments: ManifestSegment[];
  pauses: ManifestGap[];
  /** Times audio was not recorded (device lost) or not saved (disk full). */
  outages: ManifestOutage[];
}

/** Wall clock of a sample, from its run's clock (null when the run had none). */
export function sampleTimeMs(m: Manifest, sample: number): number | null {
  let run: ManifestRun | undefined;
  for (const r of m.runs) if (r.firstSample <= sample) run = r;
  if (!run || run.firstSampleAtMs === null) return null;
  return run.firstSampleAtMs + ((sample - run.firstSample) * 1000) / SAMPLE_RATE;
}

export async function readManifest(dir: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const m = JSON.parse(text) as Manifest;
  if (m.version !== MANIFEST_VERSION || m.sampleRate !== SAMPLE_RATE || !Array.isArray(m.runs)) {
    throw new Error(`${join(dir, MANIFEST_FILE)}: not a version ${MANIFEST_VERSION} manifest`);
  }
  return m;
}

/** Temp file, fsync, rename over, fsync the directory: the old or the new manifest, never half. */
export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  const path = join(dir, MANIFEST_FILE);
  const tmp = `${path}.tmp`;
  try {
    const f = await open(tmp, 'w');
    try {
      await f.writeFile(`${JSON.stringify(m, null, 1)}\n`);
      await f.sync();
    } finally {
      await f.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
  await fsyncPath(dir);
}

/** fsync a file or directory; errors are ignored (not every filesystem can). */
export async function fsyncPath(path: string): Promise<void> {
  try {
    const f = await open(path, 'r');
    try {
      await f.sync();
    } finally {
      await f.close();
    }
  } catch {
    // best effort
  }
}
