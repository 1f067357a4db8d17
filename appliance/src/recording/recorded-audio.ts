// The recording read back from its Opus segment files as 16 kHz PCM (issue 5): what a backlog
// transcribes when the live PCM is gone (the appliance restarted mid-meeting, or the model was
// installed after the meeting). Segment by segment through the distribution's ffmpeg, streamed:
// the pipe's back-pressure holds ffmpeg while the transcriber works, so an hour of backlog never
// sits in memory. Sample k of a segment's decoded audio is recording sample `firstSample + k`
// (the recorder counts segments after the encoder's pre-skip, docs/recording.md "Segments").
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Manifest } from '../audio/manifest.ts';
import type { PcmChunk } from '../audio/pcm-buffer.ts';
import type { Interval } from './coverage.ts';

export interface RecordedAudioOptions {
  dir: string;
  manifest: Manifest;
  /** Only these sample intervals (ascending) are read; segments outside them are not decoded. */
  ranges: readonly Interval[];
  ffmpeg: string;
  /** A segment that cannot be decoded (missing, cut short by a crash) is reported and skipped. */
  onProblem?: (file: string, detail: string) => void;
}

/** Chunks of the recording within `ranges`, in order; a gap between chunks is a gap in the audio. */
export async function* readRecordedAudio(o: RecordedAudioOptions): AsyncGenerator<PcmChunk> {
  const segments = [...o.manifest.segments].sort((a, b) => a.firstSample - b.firstSample);
  for (const seg of segments) {
    const start = seg.firstSample;
    // A segment without a count (the one a crash interrupted) is decoded to find its length.
    const end = seg.samples === null ? Number.POSITIVE_INFINITY : start + seg.samples;
    if (!o.ranges.some(([f, t]) => f < end && t > start)) continue;
    yield* decodeSegment(join(o.dir, seg.file), seg.run, start, end, o);
  }
}

async function* decodeSegment(
  file: string,
  run: number,
  start: number,
  end: number,
  o: RecordedAudioOptions,
): AsyncGenerator<PcmChunk> {
  const child = spawn(
    o.ffmpeg,
    ['-nostdin', '-v', 'error', '-i', file, '-f', 's16le', '-ac', '1', '-ar', '16000', '-'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 2000) stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (e) => {
      stderr += String(e.message);
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  let pos = start;
  let carry: Buffer | null = null;
  try {
    for await (const data of child.stdout as AsyncIterable<Buffer>) {
      let buf: Buffer = carry ? Buffer.concat([carry, data]) : data;
      carry = null;
      if (buf.length % 2) {
        carry = buf.subarray(buf.length - 1);
        buf = buf.subarray(0, buf.length - 1);
      }
      // A copy: the Int16Array must be aligned and must not share the pipe's pooled buffer.
      const samples = new Int16Array(buf.length / 2);
      Buffer.from(samples.buffer).set(buf);
      for (const piece of within(samples, pos, Math.min(end, pos + samples.length), o.ranges)) {
        yield { ...piece, run };
      }
      pos += samples.length;
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  const code = await exited;
  if (code !== 0) o.onProblem?.(file, stderr.trim() || `ffmpeg exited with ${code}`);
}

/** The parts of `samples` (recording samples [at, stop)) that lie in `ranges`. */
function* within(
  samples: Int16Array,
  at: number,
  stop: number,
  ranges: readonly Interval[],
): Generator<{ offset: number; samples: Int16Array }> {
  for (const [f, t] of ranges) {
    const from = Math.max(f, at);
    const to = Math.min(t, stop);
    if (to > from) yield { offset: from, samples: samples.subarray(from - at, to - at) };
  }
}
