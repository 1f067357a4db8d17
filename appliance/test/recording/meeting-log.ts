// What the pipeline tests start from: a meeting m1 in a real SQLite event log and transcript
// store, one seat's microphone opened before the audio starts, and the tiny generated model.
import { join } from 'node:path';
import type { MeetingAudioInfo } from '../../src/recording/transcription-pipeline.ts';
import { openDatabase } from '../../src/store/database.ts';
import { EventLog } from '../../src/store/event-log.ts';
import { TranscriptStore } from '../../src/store/transcript-store.ts';
import { writeWhisperModel } from '../../src/transcribe/ggml-model.ts';

export interface MeetingLog {
  log: EventLog;
  store: TranscriptStore;
  /** The tiny generated model, in `dir`. */
  model: string;
  /** The seat's microphone was opened a second before this; the meeting a second before that. */
  startedAt: number;
  meetingInfo: () => MeetingAudioInfo;
}

/** `seat` holds the floor in meeting m1 (chair at seat 1); `onCleanup` closes the database. */
export async function meetingLog(
  dir: string,
  seat: number,
  seatNames: [number, string][],
  onCleanup: (fn: () => void) => void,
): Promise<MeetingLog> {
  const model = join(dir, 'tiny-test.bin');
  writeWhisperModel(model, { preset: 'tiny-test' });
  const db = openDatabase(join(dir, 'room.sqlite'));
  onCleanup(() => db.close());
  const log = new EventLog(db);
  const store = new TranscriptStore(db);
  const startedAt = Date.now();
  await log.append([
    {
      at: startedAt - 1000,
      meetingId: 'm1',
      type: 'floor.granted',
      actor: 'chair:1',
      payload: { seat, by: 'chair' },
    },
  ]);
  return {
    log,
    store,
    model,
    startedAt,
    meetingInfo: () => ({
      language: 'vi',
      startedAt: startedAt - 2000,
      chairSeats: [1],
      seatNames: new Map(seatNames),
    }),
  };
}
