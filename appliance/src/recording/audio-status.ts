// What the technician page shows about the room's audio (issue 5): where it comes from, whether it
// is being recorded and saved (a vanished device, a full disk), the speech engine (model, its size
// and language, the worker) and how far each meeting's transcript is behind its recording.
import { type AudioSource, describeSource } from '../audio/audio-source.ts';
import type { RecorderStatus } from '../audio/recorder.ts';
import type { RecordingState } from '../domain/recording.ts';
import type { Transcriber, TranscriberStatus } from '../transcribe/transcriber.ts';
import type { RecordingService } from './recording-service.ts';
import type { TranscriptionPipeline, TranscriptProgress } from './transcription-pipeline.ts';

export interface AudioStatus {
  /** The configured source (a stream URL's password hidden); null: none, nothing is recorded. */
  source: AudioSource | null;
  /** What the facts say: the meeting being recorded, paused or not. */
  recording: RecordingState;
  /** The recorder of that meeting (null when nothing is being recorded). */
  recorder: RecorderStatus | null;
  transcriber: TranscriberStatus;
  /** Meetings whose transcript is being made or is behind, since the appliance started. */
  transcripts: (TranscriptProgress & { title: string | null })[];
}

/** The status now, from the parts that hold it; meetings give each progress its title. */
export function audioStatusOf(o: {
  source: AudioSource | null;
  recording: RecordingService;
  pipeline: TranscriptionPipeline;
  transcriber: Transcriber;
  meetingTitle: (meetingId: string) => string | null;
}): AudioStatus {
  return {
    source: o.source ? describeSource(o.source) : null,
    recording: o.recording.state,
    recorder: o.pipeline.recorderStatus,
    transcriber: o.transcriber.status(),
    transcripts: o.pipeline.progress().map((p) => ({ ...p, title: o.meetingTitle(p.meetingId) })),
  };
}
