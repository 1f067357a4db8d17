// The speech worker: a child process that holds whisper.cpp (through smart-whisper's N-API addon)
// and transcribes one job at a time for the Transcriber in the room's process. A native crash or an
// out-of-memory kill here ends only this process; the room's process restarts it
// (docs/transcription.md). Started by Transcriber with `fork` (IPC, advanced serialization); it
// exits when the channel closes, so an appliance that dies leaves no worker behind.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inspectWhisperModel, type ModelFileInfo, ModelFormatError } from './ggml-model.ts';
import { samplesToMs } from './pcm.ts';
import type { DecodeOptions, FromWorker, Segment, TokenTiming, ToWorker } from './protocol.ts';

/** The addon's surface as this worker uses it (smart-whisper 0.8, src/binding/*.cc). */
interface NativeSegment {
  from: number;
  to: number;
  text: string;
  lang?: string;
  tokens?: { text: string; id: number; p: number; from?: number; to?: number }[];
}
interface NativeModel {
  readonly handle: unknown;
  free(): Promise<void>;
}
interface NativeBinding {
  WhisperModel: { load(file: string, gpu: boolean): Promise<NativeModel> };
  transcribe(
    handle: unknown,
    pcm: Float32Array,
    params: Record<string, unknown>,
    finish: (results: NativeSegment[] | Error) => void,
    progress: (segment: NativeSegment) => void,
  ): void;
}

/**
 * The addon file itself, not the package's index: the index creates ~/.smart-whisper/models at
 * import (a download cache we never use, and a write outside the appliance's directories).
 */
function loadBinding(): NativeBinding {
  const require = createRequire(import.meta.url);
  return require('smart-whisper/build/Release/smart-whisper.node') as NativeBinding;
}

function send(message: FromWorker): void {
  process.send?.(message);
}

let binding: NativeBinding | null = null;
let model: NativeModel | null = null;
let info: ModelFileInfo | null = null;
let threads = 2;

async function load(modelPath: string, nThreads: number): Promise<void> {
  threads = nThreads;
  if (model) {
    await model.free();
    model = null;
    info = null;
  }
  if (!existsSync(modelPath)) {
    send({ type: 'load-failed', code: 'E_NO_MODEL', message: `no model file at ${modelPath}` });
    return;
  }
  let checked: ModelFileInfo;
  try {
    checked = inspectWhisperModel(modelPath);
  } catch (err) {
    const why = err instanceof ModelFormatError ? err.message : `cannot read it: ${(err as Error).message}`;
    send({ type: 'load-failed', code: 'E_BAD_MODEL', message: `${modelPath}: ${why}` });
    return;
  }
  try {
    binding ??= loadBinding();
  } catch (err) {
    send({
      type: 'load-failed',
      code: 'E_NO_ENGINE',
      message: `the whisper.cpp addon (smart-whisper) is not built: ${(err as Error).message.split('\n')[0]}`,
    });
    return;
  }
  const started = performance.now();
  try {
    model = await binding.WhisperModel.load(modelPath, false);
  } catch (err) {
    send({
      type: 'load-failed',
      code: 'E_BAD_MODEL',
      message: `whisper.cpp refused ${modelPath}: ${(err as Error).message}`,
    });
    return;
  }
  info = checked;
  send({ type: 'loaded', model: checked, loadMs: Math.round(performance.now() - started) });
}

/** whisper.cpp's parameters (whisper_full_params) for one job. */
function params(language: string, options: DecodeOptions): Record<string, unknown> {
  const beam = Math.max(1, Math.floor(options.beamSize ?? 1));
  const p: Record<string, unknown> = {
    language,
    translate: false,
    n_threads: threads,
    format: 'detail',
    strategy: beam > 1 ? 1 : 0,
    beam_size: beam,
    best_of: beam > 1 ? beam : 5,
    token_timestamps: options.tokenTimestamps ?? false,
    no_timestamps: options.noTimestamps ?? false,
    max_tokens: options.maxTokens ?? 0,
    print_progress: false,
    print_realtime: false,
    print_timestamps: false,
    no_context: true,
  };
  if (options.temperatureFallback === false) p.temperature_inc = 0;
  if (options.prompt) p.initial_prompt = options.prompt;
  return p;
}

/** The end-of-text id: tokens from it on are special (timestamps, language, task). */
function eot(): number {
  return info && info.hparams.nVocab >= 51865 ? 50257 : 50256;
}

function toSegment(s: NativeSegment, durationMs: number, offsetMs: number, withTokens: boolean): Segment {
  const clamp = (ms: number | undefined, min: number) => Math.min(durationMs, Math.max(min, ms ?? min));
  const startMs = clamp(s.from, 0);
  const endMs = clamp(s.to, startMs);
  const segment: Segment = { startMs: startMs + offsetMs, endMs: endMs + offsetMs, text: s.text };
  if (withTokens) {
    const special = eot();
    segment.tokens = (s.tokens ?? [])
      .filter((t) => t.id < special)
      .map((t): TokenTiming => {
        const ts = clamp(t.from, startMs);
        return { text: t.text, id: t.id, p: t.p, startMs: ts + offsetMs, endMs: clamp(t.to, ts) + offsetMs };
      });
  }
  return segment;
}

function transcribe(message: Extract<ToWorker, { type: 'transcribe' }>): void {
  const { jobId, pcm, language, offsetMs, options } = message;
  if (!binding || !model) {
    send({ type: 'failed', jobId, code: 'E_NO_MODEL', message: 'no model is loaded in the worker' });
    return;
  }
  if (!(pcm instanceof Float32Array)) {
    send({ type: 'failed', jobId, code: 'E_BAD_INPUT', message: 'pcm is not a Float32Array' });
    return;
  }
  const durationMs = samplesToMs(pcm.length);
  const withTokens = options.tokenTimestamps ?? false;
  const started = performance.now();
  binding.transcribe(
    model.handle,
    pcm,
    params(language, options),
    (results) => {
      if (results instanceof Error || !Array.isArray(results)) {
        const why = results instanceof Error ? results.message : 'no result';
        send({ type: 'failed', jobId, code: 'E_ENGINE', message: `whisper.cpp: ${why}` });
        return;
      }
      send({
        type: 'done',
        jobId,
        segments: results.map((s) => toSegment(s, durationMs, offsetMs, withTokens)),
        language: results.find((s) => s.lang)?.lang ?? language,
        computeMs: Math.round(performance.now() - started),
      });
    },
    (segment) =>
      send({ type: 'segment', jobId, segment: toSegment(segment, durationMs, offsetMs, withTokens) }),
  );
}

// Only as a forked child (an IPC channel): imported anywhere else, this module does nothing.
if (process.send) {
  process.on('message', (message: ToWorker) => {
    if (message.type === 'load') {
      load(message.modelPath, message.threads).catch((err: Error) =>
        send({ type: 'load-failed', code: 'E_BAD_MODEL', message: err.message }),
      );
    } else if (message.type === 'transcribe') {
      try {
        transcribe(message);
      } catch (err) {
        send({ type: 'failed', jobId: message.jobId, code: 'E_ENGINE', message: (err as Error).message });
      }
    }
  });
  // The room's process is gone (or closed the channel): nothing to work for.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'hello', pid: process.pid });
}
