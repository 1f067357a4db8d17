// The recording indicator's strings (vi, en) and the chair's pause / resume of recording (issue 5,
// R-ROOM-4): both tables are typed by `RecordingMessages`, so a missing translation is a type error.
// Follows the language toggle like `t` and `tm`.
import { computed } from '@preact/signals';
import { lang } from './i18n.ts';
import { meetingErrorText } from './i18n-meetings.ts';

/** Refusals of POST /api/recording/pause|resume (domain/recording.ts) and of the access check. */
export const RECORDING_ERROR_CODES = [
  'E_SECRET_MEETING',
  'E_NO_MEETING',
  'E_BAD_STATE',
  'E_FORBIDDEN',
] as const;
export type RecordingErrorCode = (typeof RECORDING_ERROR_CODES)[number];

export interface RecordingMessages {
  /** The indicator: recording now. */
  recording: string;
  /** The indicator: paused; `byChair` / `withMeeting` say why. */
  paused: string;
  byChair: string;
  withMeeting: string;
  /** A secret ("Mật") meeting in progress: nothing is recorded (R-MTG-4). */
  secret: string;
  pause: string;
  resume: string;
  /** Under the chair's buttons: what happens next. */
  heldHint: string;
  withMeetingHint: string;
  errors: Record<RecordingErrorCode, string>;
}

const vi: RecordingMessages = {
  recording: 'Đang ghi âm',
  paused: 'Tạm dừng ghi âm',
  byChair: 'do chủ trì',
  withMeeting: 'cùng cuộc họp',
  secret: 'Họp mật: không ghi âm',
  pause: 'Tạm dừng ghi âm',
  resume: 'Tiếp tục ghi âm',
  heldHint: 'Ghi âm dừng đến khi chủ trì bấm “Tiếp tục ghi âm”, kể cả khi cuộc họp tiếp tục.',
  withMeetingHint: 'Ghi âm sẽ tiếp tục khi cuộc họp tiếp tục.',
  errors: {
    E_SECRET_MEETING: 'Cuộc họp mật không được ghi âm.',
    E_NO_MEETING: 'Không có cuộc họp nào đang được ghi âm.',
    E_BAD_STATE: 'Cuộc họp đang tạm dừng: hãy tiếp tục cuộc họp trước.',
    E_FORBIDDEN: 'Chỉ chủ trì cuộc họp được tạm dừng hoặc tiếp tục ghi âm.',
  },
};

const en: RecordingMessages = {
  recording: 'Recording',
  paused: 'Recording paused',
  byChair: 'by the chair',
  withMeeting: 'with the meeting',
  secret: 'Secret meeting: not recorded',
  pause: 'Pause recording',
  resume: 'Resume recording',
  heldHint:
    'Recording stays paused until the chair presses “Resume recording”, even when the meeting resumes.',
  withMeetingHint: 'Recording resumes when the meeting resumes.',
  errors: {
    E_SECRET_MEETING: 'A secret meeting is not recorded.',
    E_NO_MEETING: 'No meeting is being recorded.',
    E_BAD_STATE: 'The meeting is paused: resume the meeting first.',
    E_FORBIDDEN: 'Only the chair of the meeting pauses or resumes recording.',
  },
};

export const RECORDING_MESSAGES = { vi, en } as const satisfies Record<'vi' | 'en', RecordingMessages>;

/** The recording strings in the current language. */
export const trec = computed<RecordingMessages>(() => RECORDING_MESSAGES[lang.value]);

/** A refusal of a recording route as a sentence; other codes as the meeting panel words them. */
export function recordingErrorText(code: string, message: string): string {
  if ((RECORDING_ERROR_CODES as readonly string[]).includes(code)) {
    return trec.value.errors[code as RecordingErrorCode];
  }
  return meetingErrorText(code, message);
}
