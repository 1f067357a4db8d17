// The messages between the transcriber (in the room's process) and the speech worker (a child
// process running whisper.cpp), over Node's IPC channel with `serialization: 'advanced'`, so that
// PCM travels as a Float32Array (structured clone, one copy) and not as JSON numbers.
// docs/transcription.md "Worker protocol".
import type { ModelFileInfo } from './ggml-model.ts';

export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];

/**
 * Why a job or a load did not give text.
 * - E_NO_MODEL: no model is configured, or its file is missing (recording goes on without text).
 * - E_BAD_MODEL: the file is not a model whisper.cpp can load (or the engine dies loading it).
 * - E_NO_ENGINE: the native binding is missing or was not built (`./room` builds it on install).
 * - E_WORKER_DIED: the worker died during the job on every attempt (crash, out-of-memory kill).
 * - E_TIMEOUT: the job or the load took longer than its bound; the worker was killed.
 * - E_BAD_INPUT: the job itself is wrong (not a Float32Array, unknown language).
 * - E_ENGINE: whisper.cpp returned an error for this audio.
 * - E_CLOSED: the transcriber was closed before the job ran.
 */
export type TranscribeErrorCode =
  | 'E_NO_MODEL'
  | 'E_BAD_MODEL'
  | 'E_NO_ENGINE'
  | 'E_WORKER_DIED'
  | 'E_TIMEOUT'
  | 'E_BAD_INPUT'
  | 'E_ENGINE'
  | 'E_CLOSED';

export interface TokenTiming {
  text: string;
  id: number;
  /** Probability the model gave the token. */
  p: number;
  startMs: number;
  endMs: number;
}

export interface Segment {
  /** Milliseconds, relative to the job's audio plus the job's offsetMs. */
  startMs: number;
  endMs: number;
  text: string;
  /** Only when the job asked for token timestamps. Special tokens are left out. */
  tokens?: TokenTiming[];
}

/** Decoding knobs; the defaults suit minutes (greedy with whisper.cpp's temperature fallback). */
export interface DecodeOptions {
  /** 1 = greedy (default); more = beam search of that width (slower, a little more accurate). */
  beamSize?: number;
  /** Per-token timestamps in the segments (`tokens`). */
  tokenTimestamps?: boolean;
  /** Text that conditions the decoder (names, terms of the agenda). */
  prompt?: string;
  /** Stop a segment after this many tokens (0 = whisper.cpp's own limit). */
  maxTokens?: number;
  /** One segment without timestamps per 30 s window (benchmarks). */
  noTimestamps?: boolean;
  /** Retry a window at higher temperatures when decoding looks stuck (default true). */
  temperatureFallback?: boolean;
}

export type ToWorker =
  | { type: 'load'; modelPath: string; threads: number }
  | {
      type: 'transcribe';
      jobId: string;
      pcm: Float32Array;
      language: Language;
      offsetMs: number;
      options: DecodeOptions;
    };

export type FromWorker =
  | { type: 'hello'; pid: number }
  | { type: 'loaded'; model: ModelFileInfo; loadMs: number }
  | { type: 'load-failed'; code: TranscribeErrorCode; message: string }
  | { type: 'segment'; jobId: string; segment: Segment }
  | { type: 'done'; jobId: string; segments: Segment[]; language: string; computeMs: number }
  | { type: 'failed'; jobId: string; code: TranscribeErrorCode; message: string };
