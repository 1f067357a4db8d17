// The tests' reading of a transcription outcome.
import type { TranscribeOutcome } from '../../src/transcribe/transcriber.ts';

/** The outcome's segments and figures; a failed job fails the test with its code and message. */
export function ok(outcome: TranscribeOutcome): Extract<TranscribeOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`job failed: ${outcome.code} ${outcome.message}`);
  return outcome;
}
