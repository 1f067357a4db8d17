// Whether the room is being recorded and transcribed now (R-ROOM-4, R-MTG-4, issue 5). Pure.
// Every meeting is recorded unless it is secret ("Mật"): for a secret meeting recording cannot be
// started at all, whoever asks. Recording follows the meeting (it starts when the meeting starts,
// pauses while the meeting is paused, stops when it ends), and the chair may pause and resume it
// for sensitive parts while the meeting goes on; a pause the chair asked for holds until the
// chair resumes, even across a pause of the meeting.
import type { Decision } from './floor.ts';

export type RecordingStatus = 'off' | 'recording' | 'paused';

export interface RecordingState {
  readonly meetingId: string | null;
  readonly status: RecordingStatus;
  /** The chair paused it (as opposed to the meeting being paused). */
  readonly heldByChair: boolean;
  /** Since when the status holds, ms. */
  readonly since: number | null;
}

export const NO_RECORDING: RecordingState = {
  meetingId: null,
  status: 'off',
  heldByChair: false,
  since: null,
};

/** What the recording needs to know of the meeting. */
export interface MeetingFacts {
  id: string;
  secret: boolean;
  status: 'in_progress' | 'paused' | 'other';
}

export type RecordingCommand =
  /** The meeting started or resumed: record unless secret or held by the chair. */
  | { type: 'follow'; meeting: MeetingFacts }
  /** The chair pauses recording and transcription (the meeting goes on). */
  | { type: 'pause' }
  /** The chair resumes them. */
  | { type: 'resume'; meeting: MeetingFacts }
  /** The meeting ended (or another started). */
  | { type: 'stop' };

export type RecordingEvent =
  | { type: 'recording.started'; meetingId: string }
  | { type: 'recording.paused'; meetingId: string; by: 'chair' | 'meeting' }
  | { type: 'recording.resumed'; meetingId: string }
  | { type: 'recording.stopped'; meetingId: string };

export type RecordingErrorCode = 'E_SECRET_MEETING' | 'E_NO_MEETING' | 'E_BAD_STATE';

export type RecordingDecision = Decision<RecordingEvent, RecordingErrorCode>;

const ok = (events: RecordingEvent[]): RecordingDecision => ({ ok: true, events });
const fail = (code: RecordingErrorCode, message: string): RecordingDecision => ({ ok: false, code, message });

export function decideRecording(s: RecordingState, c: RecordingCommand): RecordingDecision {
  switch (c.type) {
    case 'follow': {
      const m = c.meeting;
      // R-MTG-4 / BĐ Điều 9.1: a secret meeting is never recorded, not even for a moment.
      if (m.secret) return s.status === 'off' ? ok([]) : ok([{ type: 'recording.stopped', meetingId: m.id }]);
      if (m.status === 'other')
        return s.status === 'off' ? ok([]) : ok([{ type: 'recording.stopped', meetingId: m.id }]);
      if (s.meetingId !== m.id || s.status === 'off') {
        const events: RecordingEvent[] = [];
        if (s.status !== 'off' && s.meetingId)
          events.push({ type: 'recording.stopped', meetingId: s.meetingId });
        events.push({ type: 'recording.started', meetingId: m.id });
        if (m.status === 'paused') events.push({ type: 'recording.paused', meetingId: m.id, by: 'meeting' });
        return ok(events);
      }
      if (m.status === 'paused' && s.status === 'recording') {
        return ok([{ type: 'recording.paused', meetingId: m.id, by: 'meeting' }]);
      }
      if (m.status === 'in_progress' && s.status === 'paused' && !s.heldByChair) {
        return ok([{ type: 'recording.resumed', meetingId: m.id }]);
      }
      return ok([]);
    }
    case 'pause':
      if (!s.meetingId || s.status === 'off') return fail('E_NO_MEETING', 'nothing is being recorded');
      if (s.status === 'paused' && s.heldByChair) return ok([]);
      return ok([{ type: 'recording.paused', meetingId: s.meetingId, by: 'chair' }]);
    case 'resume': {
      const m = c.meeting;
      if (m.secret) return fail('E_SECRET_MEETING', 'a secret meeting is not recorded (R-MTG-4)');
      if (!s.meetingId || s.status === 'off' || s.meetingId !== m.id) {
        return fail('E_NO_MEETING', 'no recording of this meeting to resume');
      }
      if (m.status !== 'in_progress') return fail('E_BAD_STATE', 'the meeting is paused: resume the meeting');
      if (s.status === 'recording') return ok([]);
      return ok([{ type: 'recording.resumed', meetingId: m.id }]);
    }
    case 'stop':
      return s.status === 'off' || !s.meetingId
        ? ok([])
        : ok([{ type: 'recording.stopped', meetingId: s.meetingId }]);
  }
}

export function applyRecording(s: RecordingState, e: RecordingEvent, at: number): RecordingState {
  switch (e.type) {
    case 'recording.started':
      return { meetingId: e.meetingId, status: 'recording', heldByChair: false, since: at };
    case 'recording.paused':
      return { ...s, status: 'paused', heldByChair: s.heldByChair || e.by === 'chair', since: at };
    case 'recording.resumed':
      return { ...s, status: 'recording', heldByChair: false, since: at };
    case 'recording.stopped':
      return NO_RECORDING;
  }
}
