// The transcript page's strings (vi, en): the secretary's live view of what is said, the progress
// of the transcription, the player and the plain-text export (issue 5, R-ROOM-5). Both tables are
// typed by `TranscriptMessages`, so a missing translation is a type error. Follows the language
// toggle like `t`, `tm` and `trec`.
import { computed } from '@preact/signals';
import { lang } from './i18n.ts';

export type OutageReason = 'device_lost' | 'disk_full';

export interface TranscriptMessages {
  /** The page's name (top bar, the meeting page's link). */
  section: string;
  linkHint: string;
  backToMeeting: string;
  toMeetings: string;
  loading: string;
  /** A secret meeting: R-MTG-4. */
  secretTitle: string;
  secretBody: string;
  refusedTitle: string;
  refusedBody: string;
  notFound: string;
  loadFailed: (message: string) => string;

  // Progress of the transcription.
  live: string;
  liveHint: string;
  paused: string;
  pausedHint: string;
  noModel: string;
  noModelHint: string;
  /** Live, but the recorder hears nothing (device or stream lost; it retries by itself). */
  audioLost: string;
  audioLostHint: string;
  /** Live, transcribed, but the disk is full: the audio is not kept. */
  notSaved: string;
  notSavedHint: string;
  backlog: (done: string, total: string) => string;
  eta: (left: string) => string;
  waiting: (done: string, total: string) => string;
  waitingHint: string;
  done: (total: string) => string;
  notStarted: string;
  /** 45 giây, 2 phút, 1 giờ 5 phút. */
  duration: (seconds: number) => string;

  // The lines.
  empty: string;
  emptyEnded: string;
  noMatches: string;
  unattributed: string;
  unattributedHint: string;
  overlap: (names: string) => string;
  overlapHint: string;
  seat: (n: number) => string;
  notFinal: string;
  pause: (from: string, to: string) => string;
  pauseOpen: (from: string) => string;
  outage: Record<OutageReason, string>;
  outageSpan: (reason: string, from: string, to: string) => string;
  outageOpen: (reason: string, from: string) => string;
  elapsedTitle: string;
  playFrom: (time: string) => string;
  newLines: string;

  // Toolbar.
  search: string;
  searchPlaceholder: string;
  clearSearch: string;
  speaker: string;
  allSpeakers: string;
  speakerOption: (label: string, n: number) => string;
  count: (n: number) => string;
  countOf: (shown: number, all: number) => string;
  copy: string;
  copied: string;
  copyFailed: string;
  download: string;
  speakers: string;
  speakersHint: string;
  lineCount: (n: number) => string;

  // The player.
  player: string;
  play: string;
  pausePlayback: string;
  back: (s: number) => string;
  forward: (s: number) => string;
  rate: string;
  seekLabel: string;
  playerIdle: string;
  noRecording: string;
  recordingRefused: string;
  playFailed: string;
  listeningAt: (time: string) => string;
  stoppedAt: (time: string) => string;

  // The plain-text export (for the minutes).
  exportTitle: (title: string) => string;
  exportMeta: (when: string) => string;
  exportMade: (at: string, n: number) => string;
  exportFilter: (what: string) => string;
  exportNote: string;
  fileStem: string;
}

const viDuration = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} giây`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} phút`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} giờ ${m % 60} phút` : `${h} giờ`;
};

const enDuration = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
};

const vi: TranscriptMessages = {
  section: 'Bản ghi lời nói',
  linkHint: 'Theo dõi lời phát biểu trực tiếp, nghe lại ghi âm và tải về để viết biên bản.',
  backToMeeting: '← Về cuộc họp',
  toMeetings: '← Cuộc họp của tôi',
  loading: 'Đang tải bản ghi lời nói…',
  secretTitle: 'Họp mật: không ghi âm, không chép lời',
  secretBody: 'Cuộc họp mật không được ghi âm, nên không có bản ghi lời nói để xem hay nghe lại.',
  refusedTitle: 'Bạn không xem được bản ghi lời nói của cuộc họp này',
  refusedBody:
    'Chỉ chủ trì, thư ký của cuộc họp và quản trị hệ thống được xem bản ghi lời nói và nghe lại ghi âm.',
  notFound: 'Không tìm thấy cuộc họp này, hoặc bạn không tham gia cuộc họp.',
  loadFailed: (message) => `Không tải được bản ghi lời nói: ${message}`,

  live: 'Đang chép lời trực tiếp',
  liveHint: 'Lời phát biểu hiện ở đây vài giây sau khi được nói.',
  paused: 'Tạm dừng chép lời',
  pausedHint: 'Ghi âm đang tạm dừng; lời nói được chép tiếp khi ghi âm tiếp tục.',
  noModel: 'Chưa cài mô hình nhận dạng: chỉ ghi âm',
  noModelHint: 'Ghi âm vẫn được lưu; khi kỹ thuật viên cài mô hình, phần đã ghi sẽ được chép lời sau.',
  audioLost: 'Mất tín hiệu âm thanh: không ghi âm, không chép lời',
  audioLostHint: 'Thiết bị được thử lại tự động; cuộc họp vẫn tiếp tục. Hãy báo kỹ thuật viên.',
  notSaved: 'Ổ đĩa đầy: lời nói vẫn được chép, âm thanh không được lưu',
  notSavedHint: 'Phần này sẽ không nghe lại được. Hãy báo kỹ thuật viên giải phóng dung lượng.',
  backlog: (done, total) => `Đang chép lời phần còn lại: ${done} / ${total}`,
  eta: (left) => `còn khoảng ${left}`,
  waiting: (done, total) => `Chờ chép lời phần còn lại: đã chép ${done} / ${total}`,
  waitingHint: 'Máy nhận dạng đang bận với cuộc họp đang diễn ra; phần còn lại được chép ngay khi rảnh.',
  done: (total) => `Đã chép lời toàn bộ ghi âm (${total})`,
  notStarted: 'Cuộc họp chưa khai mạc: lời phát biểu sẽ hiện ở đây khi bắt đầu ghi âm.',
  duration: viDuration,

  empty: 'Chưa có lời phát biểu nào. Lời nói hiện ở đây vài giây sau khi được nói.',
  emptyEnded: 'Không có lời phát biểu nào được chép lại.',
  noMatches: 'Không có lời nào khớp với bộ lọc.',
  unattributed: 'Không rõ người nói',
  unattributedHint: 'Lúc đó không có micrô đại biểu nào mở',
  overlap: (names) => `Nhiều người cùng nói: ${names}`,
  overlapHint: 'Nhiều micrô cùng mở: nên nghe lại để biết ai nói câu nào',
  seat: (n) => `Ghế ${n}`,
  notFinal: 'đang nhận dạng…',
  pause: (from, to) => `Tạm dừng ghi âm ${from}–${to}`,
  pauseOpen: (from) => `Tạm dừng ghi âm từ ${from}`,
  outage: { device_lost: 'Mất tín hiệu âm thanh', disk_full: 'Hết chỗ lưu ghi âm' },
  outageSpan: (reason, from, to) => `${reason}: không ghi âm được ${from}–${to}`,
  outageOpen: (reason, from) => `${reason} từ ${from}: đang thử ghi âm lại`,
  elapsedTitle: 'Thời gian kể từ khi khai mạc',
  playFrom: (time) => `Nghe lại từ ${time}`,
  newLines: 'Có lời mới ↓',

  search: 'Tìm',
  searchPlaceholder: 'Tìm trong lời nói…',
  clearSearch: 'Xóa tìm kiếm',
  speaker: 'Người nói',
  allSpeakers: 'Tất cả người nói',
  speakerOption: (label, n) => `${label} (${n})`,
  count: (n) => `${n} lời`,
  countOf: (shown, all) => `${shown} / ${all} lời`,
  copy: 'Sao chép',
  copied: 'Đã sao chép',
  copyFailed: 'Không sao chép được: hãy tải về',
  download: 'Tải về (.txt)',
  speakers: 'Người phát biểu',
  speakersHint: 'Bấm vào tên để chỉ xem lời của người đó.',
  lineCount: (n) => `${n} lời`,

  player: 'Nghe lại ghi âm',
  play: 'Phát',
  pausePlayback: 'Tạm dừng',
  back: (s) => `Lùi ${s} giây`,
  forward: (s) => `Tới ${s} giây`,
  rate: 'Tốc độ',
  seekLabel: 'Vị trí trong ghi âm',
  playerIdle: 'Bấm vào giờ của một lời để nghe lại từ đó.',
  noRecording: 'Cuộc họp chưa có ghi âm để nghe lại.',
  recordingRefused: 'Bạn không được nghe ghi âm của cuộc họp này.',
  playFailed: 'Không phát được ghi âm.',
  listeningAt: (time) => `Đang nghe ${time}`,
  stoppedAt: (time) => `Dừng ở ${time}`,

  exportTitle: (title) => `BẢN GHI LỜI NÓI: ${title}`,
  exportMeta: (when) => `Thời gian: ${when}`,
  exportMade: (at, n) => `Xuất lúc ${at}, ${n} lời.`,
  exportFilter: (what) => `Chỉ gồm: ${what}`,
  exportNote:
    'Chép lời tự động từ ghi âm cuộc họp; cần nghe lại để đối chiếu trước khi đưa vào biên bản. Giờ theo đồng hồ thiết bị phòng họp; [+mm:ss] là thời gian kể từ khi khai mạc.',
  fileStem: 'ban-ghi-loi-noi',
};

const en: TranscriptMessages = {
  section: 'Transcript',
  linkHint: 'Follow what is said live, play the recording back and download it to write the minutes.',
  backToMeeting: '← Back to the meeting',
  toMeetings: '← My meetings',
  loading: 'Loading the transcript…',
  secretTitle: 'Secret meeting: not recorded, not transcribed',
  secretBody: 'A secret meeting is never recorded, so there is no transcript to read or recording to play.',
  refusedTitle: 'You cannot read the transcript of this meeting',
  refusedBody:
    'Only the chair and the secretary of the meeting and system administrators may read the transcript and play the recording.',
  notFound: 'This meeting was not found, or you do not take part in it.',
  loadFailed: (message) => `The transcript could not be loaded: ${message}`,

  live: 'Transcribing live',
  liveHint: 'What is said appears here a few seconds later.',
  paused: 'Transcription paused',
  pausedHint: 'Recording is paused; transcription goes on when recording resumes.',
  noModel: 'No speech model installed: recording only',
  noModelHint:
    'The recording is kept; once the technician installs a model, what was recorded is transcribed afterwards.',
  audioLost: 'Audio lost: nothing is recorded or transcribed',
  audioLostHint: 'The device is retried automatically; the meeting goes on. Tell the technician.',
  notSaved: 'Disk full: speech is transcribed, the audio is not kept',
  notSavedHint: 'This part cannot be played back. Ask the technician to free some space.',
  backlog: (done, total) => `Transcribing the rest: ${done} / ${total}`,
  eta: (left) => `about ${left} left`,
  waiting: (done, total) => `Waiting to transcribe the rest: ${done} / ${total} done`,
  waitingHint: 'The engine is busy with the meeting in progress; the rest follows as soon as it is free.',
  done: (total) => `The whole recording is transcribed (${total})`,
  notStarted: 'The meeting has not started: what is said appears here once recording begins.',
  duration: enDuration,

  empty: 'Nothing said yet. What is said appears here a few seconds later.',
  emptyEnded: 'Nothing was transcribed.',
  noMatches: 'No line matches the filter.',
  unattributed: 'Speaker unknown',
  unattributedHint: 'No delegate microphone was open then',
  overlap: (names) => `Several speaking at once: ${names}`,
  overlapHint: 'Several microphones were open: listen to tell who said what',
  seat: (n) => `Seat ${n}`,
  notFinal: 'recognising…',
  pause: (from, to) => `Recording paused ${from}–${to}`,
  pauseOpen: (from) => `Recording paused since ${from}`,
  outage: { device_lost: 'Audio signal lost', disk_full: 'Recording storage full' },
  outageSpan: (reason, from, to) => `${reason}: nothing recorded ${from}–${to}`,
  outageOpen: (reason, from) => `${reason} since ${from}: trying to record again`,
  elapsedTitle: 'Time since the meeting opened',
  playFrom: (time) => `Play from ${time}`,
  newLines: 'New lines ↓',

  search: 'Search',
  searchPlaceholder: 'Search what was said…',
  clearSearch: 'Clear the search',
  speaker: 'Speaker',
  allSpeakers: 'All speakers',
  speakerOption: (label, n) => `${label} (${n})`,
  count: (n) => `${n} ${n === 1 ? 'line' : 'lines'}`,
  countOf: (shown, all) => `${shown} / ${all} lines`,
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy: download it instead',
  download: 'Download (.txt)',
  speakers: 'Speakers',
  speakersHint: 'Press a name to see only what they said.',
  lineCount: (n) => `${n} ${n === 1 ? 'line' : 'lines'}`,

  player: 'Recording playback',
  play: 'Play',
  pausePlayback: 'Pause',
  back: (s) => `Back ${s} s`,
  forward: (s) => `Forward ${s} s`,
  rate: 'Speed',
  seekLabel: 'Position in the recording',
  playerIdle: 'Press the time of a line to play the recording from there.',
  noRecording: 'The meeting has no recording to play yet.',
  recordingRefused: 'You may not play the recording of this meeting.',
  playFailed: 'The recording could not be played.',
  listeningAt: (time) => `Playing ${time}`,
  stoppedAt: (time) => `Paused at ${time}`,

  exportTitle: (title) => `TRANSCRIPT: ${title}`,
  exportMeta: (when) => `When: ${when}`,
  exportMade: (at, n) => `Exported at ${at}, ${n} ${n === 1 ? 'line' : 'lines'}.`,
  exportFilter: (what) => `Only: ${what}`,
  exportNote:
    'Transcribed automatically from the meeting’s recording; listen again to check before it goes into the minutes. Times are the room appliance’s clock; [+mm:ss] is the time since the meeting opened.',
  fileStem: 'transcript',
};

export const TRANSCRIPT_MESSAGES = { vi, en } as const satisfies Record<'vi' | 'en', TranscriptMessages>;

/** The transcript strings in the current language. */
export const ttr = computed<TranscriptMessages>(() => TRANSCRIPT_MESSAGES[lang.value]);
