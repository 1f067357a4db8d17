// The technician page's audio strings (vi, en): the recorder, the speech engine and transcript
// progress (issue 5). Both tables are typed by `AudioMessages`, so a missing translation is a type
// error; follows the language toggle like `t`. The engine's own `summary` and ffmpeg's details come
// from the appliance in English and are shown as details under these words.
import { computed } from '@preact/signals';
import type { AudioReason } from './audio-health.ts';
import { lang } from './i18n.ts';

type EngineState = 'no-model' | 'loading' | 'ready' | 'busy' | 'restarting' | 'failed';
type RecorderState = 'idle' | 'starting' | 'recording' | 'paused' | 'stopped' | 'device_lost' | 'disk_full';
type ProgressState = 'live' | 'backlog' | 'waiting' | 'no_model' | 'done';

export interface AudioMessages {
  title: string;
  subtitle: string;
  reason: Record<AudioReason, string>;
  /** What to do about it, when there is something to do. */
  advice: Partial<Record<AudioReason, string>>;
  source: string;
  sourceKind: Record<'alsa' | 'pulse' | 'stream' | 'file', string>;
  noSource: string;
  recorder: string;
  recorderState: Record<RecorderState, string>;
  notRecording: string;
  meeting: string;
  savingAudio: string;
  freeSpace: string;
  attempt: (n: number, inSeconds: number | null) => string;
  retry: string;
  seconds: (s: number) => string;
  noAudioYet: string;
  problemDetail: string;
  engine: string;
  engineState: Record<EngineState, string>;
  model: string;
  noModel: string;
  modelSize: string;
  weights: string;
  fileSize: string;
  language: string;
  languageName: Record<string, string>;
  multilingual: string;
  threads: string;
  loadTime: string;
  worker: string;
  restarts: (n: number) => string;
  /** The worker held for delegates' keys (floor-first): row label, and the facts. */
  heldForKeys: string;
  heldText: (now: boolean, times: number, duration: string) => string;
  queue: string;
  queueText: (jobs: number, seconds: string) => string;
  lastError: string;
  engineSummary: string;
  transcripts: string;
  noTranscripts: string;
  progressState: Record<ProgressState, string>;
  progressText: (done: string, total: string) => string;
  eta: (minutes: number) => string;
  yes: string;
  no: string;
  loading: string;
  loadFailed: string;
}

const vi: AudioMessages = {
  title: 'Âm thanh & chép lời',
  subtitle: 'Ghi âm phòng họp và nhận dạng giọng nói tại chỗ',
  reason: {
    no_source: 'Chưa cấu hình nguồn âm thanh',
    device_lost: 'Mất thiết bị âm thanh',
    disk_full: 'Đầy ổ đĩa: âm thanh không được lưu',
    engine_failed: 'Bộ nhận dạng giọng nói bị lỗi',
    no_model: 'Chưa cài mô hình: chỉ ghi âm',
    engine_restarting: 'Bộ nhận dạng đang khởi động lại',
    starting: 'Đang mở thiết bị âm thanh',
    recording: 'Đang ghi âm',
    paused: 'Tạm dừng ghi âm',
    idle: 'Sẵn sàng',
  },
  advice: {
    no_source:
      'Cuộc họp vẫn diễn ra nhưng không được ghi âm. Đặt audio.source trong cấu hình (xem docs/recording.md).',
    device_lost:
      'Cuộc họp vẫn diễn ra; thiết bị được thử lại tự động. Kiểm tra cáp, bàn trộn hoặc luồng âm thanh.',
    disk_full:
      'Lời nói vẫn được chép, nhưng âm thanh không được lưu cho đến khi ổ đĩa có chỗ trống. Hãy giải phóng dung lượng.',
    engine_failed: 'Ghi âm vẫn tiếp tục. Xem lỗi bên dưới; mô hình có thể hỏng hoặc thiếu bộ nhớ.',
    no_model:
      'Ghi âm vẫn tiếp tục; lời nói sẽ được chép sau khi cài mô hình: ./room model install TỆP (docs/transcription.md).',
  },
  source: 'Nguồn âm thanh',
  sourceKind: { alsa: 'Thiết bị ALSA', pulse: 'PulseAudio', stream: 'Luồng mạng', file: 'Tệp' },
  noSource: 'Chưa có',
  recorder: 'Ghi âm',
  recorderState: {
    idle: 'Chờ cuộc họp',
    starting: 'Đang mở thiết bị',
    recording: 'Đang ghi',
    paused: 'Tạm dừng',
    stopped: 'Đã dừng',
    device_lost: 'Mất thiết bị, đang thử lại',
    disk_full: 'Đầy ổ đĩa',
  },
  notRecording: 'Không có cuộc họp nào đang được ghi âm',
  meeting: 'Cuộc họp',
  savingAudio: 'Lưu âm thanh',
  freeSpace: 'Dung lượng trống',
  attempt: (n, s) => `Lần thử ${n}${s === null ? '' : `, thử lại sau ${s} giây`}`,
  problemDetail: 'Chi tiết',
  retry: 'Thử lại',
  seconds: (x) => `${x.toFixed(1).replace('.', ',')} giây`,
  noAudioYet: 'Chưa có âm thanh',
  engine: 'Nhận dạng giọng nói',
  engineState: {
    'no-model': 'Chưa có mô hình',
    loading: 'Đang nạp mô hình',
    ready: 'Sẵn sàng',
    busy: 'Đang chép lời',
    restarting: 'Đang khởi động lại',
    failed: 'Lỗi',
  },
  model: 'Mô hình',
  noModel: 'Chưa cài',
  modelSize: 'Cỡ mô hình',
  weights: 'Kiểu trọng số',
  fileSize: 'Dung lượng tệp',
  language: 'Ngôn ngữ mặc định',
  languageName: { vi: 'Tiếng Việt', en: 'Tiếng Anh' },
  multilingual: 'Đa ngôn ngữ',
  threads: 'Số luồng CPU',
  loadTime: 'Thời gian nạp',
  worker: 'Tiến trình',
  restarts: (n) => (n === 0 ? 'chưa khởi động lại lần nào' : `đã khởi động lại ${n} lần`),
  heldForKeys: 'Tạm dừng khi bấm phím',
  heldText: (now, times, duration) =>
    `${now ? 'đang tạm dừng · ' : ''}${times === 0 ? 'chưa lần nào' : `${times} lần, tổng ${duration}`}`,
  queue: 'Hàng đợi',
  queueText: (jobs, seconds) => (jobs === 0 ? 'trống' : `${jobs} đoạn, ${seconds} âm thanh`),
  lastError: 'Lỗi gần nhất',
  engineSummary: 'Trạng thái (từ thiết bị)',
  transcripts: 'Tiến độ chép lời',
  noTranscripts: 'Chưa có cuộc họp nào được ghi âm từ khi thiết bị khởi động.',
  progressState: {
    live: 'Trực tiếp',
    backlog: 'Đang chép phần còn lại',
    waiting: 'Chờ đến lượt',
    no_model: 'Chờ cài mô hình',
    done: 'Xong',
  },
  progressText: (done, total) => `${done} / ${total}`,
  eta: (m) => (m < 1 ? 'còn dưới 1 phút' : `còn khoảng ${m} phút`),
  yes: 'Có',
  no: 'Không',
  loading: 'Đang tải…',
  loadFailed: 'Không tải được trạng thái âm thanh',
};

const en: AudioMessages = {
  title: 'Audio & transcription',
  subtitle: 'Room recording and local speech recognition',
  reason: {
    no_source: 'No audio source configured',
    device_lost: 'Audio device lost',
    disk_full: 'Disk full: audio is not being saved',
    engine_failed: 'The speech engine failed',
    no_model: 'No model installed: recording only',
    engine_restarting: 'The speech engine is restarting',
    starting: 'Opening the audio device',
    recording: 'Recording',
    paused: 'Recording paused',
    idle: 'Ready',
  },
  advice: {
    no_source:
      'Meetings go on but are not recorded. Set audio.source in the settings (see docs/recording.md).',
    device_lost:
      'The meeting goes on; the device is retried automatically. Check the cable, the mixer or the audio stream.',
    disk_full:
      'Speech is still transcribed, but audio is not saved until the disk has room. Free some space.',
    engine_failed: 'Recording goes on. See the error below; the model may be damaged or memory short.',
    no_model:
      'Recording goes on; speech is transcribed once a model is installed: ./room model install FILE (docs/transcription.md).',
  },
  source: 'Audio source',
  sourceKind: { alsa: 'ALSA device', pulse: 'PulseAudio', stream: 'Network stream', file: 'File' },
  noSource: 'None',
  recorder: 'Recording',
  recorderState: {
    idle: 'Waiting for a meeting',
    starting: 'Opening the device',
    recording: 'Recording',
    paused: 'Paused',
    stopped: 'Stopped',
    device_lost: 'Device lost, retrying',
    disk_full: 'Disk full',
  },
  notRecording: 'No meeting is being recorded',
  meeting: 'Meeting',
  savingAudio: 'Saving audio',
  freeSpace: 'Free space',
  attempt: (n, s) => `Attempt ${n}${s === null ? '' : `, next in ${s} s`}`,
  problemDetail: 'Details',
  retry: 'Retry',
  seconds: (x) => `${x.toFixed(1)} s`,
  noAudioYet: 'No audio yet',
  engine: 'Speech recognition',
  engineState: {
    'no-model': 'No model',
    loading: 'Loading the model',
    ready: 'Ready',
    busy: 'Transcribing',
    restarting: 'Restarting',
    failed: 'Failed',
  },
  model: 'Model',
  noModel: 'Not installed',
  modelSize: 'Model size',
  weights: 'Weight type',
  fileSize: 'File size',
  language: 'Default language',
  languageName: { vi: 'Vietnamese', en: 'English' },
  multilingual: 'Multilingual',
  threads: 'CPU threads',
  loadTime: 'Load time',
  worker: 'Process',
  restarts: (n) => (n === 0 ? 'never restarted' : `restarted ${n} ${n === 1 ? 'time' : 'times'}`),
  heldForKeys: 'Held for keys',
  heldText: (now, times, duration) =>
    `${now ? 'held now · ' : ''}${times === 0 ? 'never' : `${times} ${times === 1 ? 'time' : 'times'}, ${duration} in all`}`,
  queue: 'Queue',
  queueText: (jobs, seconds) => (jobs === 0 ? 'empty' : `${jobs} windows, ${seconds} of audio`),
  lastError: 'Last error',
  engineSummary: 'Status (from the appliance)',
  transcripts: 'Transcript progress',
  noTranscripts: 'No meeting has been recorded since the appliance started.',
  progressState: {
    live: 'Live',
    backlog: 'Working off the backlog',
    waiting: 'Waiting its turn',
    no_model: 'Waiting for a model',
    done: 'Done',
  },
  progressText: (done, total) => `${done} / ${total}`,
  eta: (m) => (m < 1 ? 'under a minute left' : `about ${m} min left`),
  yes: 'Yes',
  no: 'No',
  loading: 'Loading…',
  loadFailed: 'The audio status could not be loaded',
};

export const AUDIO_MESSAGES = { vi, en } as const satisfies Record<'vi' | 'en', AudioMessages>;

/** The audio strings in the current language. */
export const taudio = computed<AudioMessages>(() => AUDIO_MESSAGES[lang.value]);
