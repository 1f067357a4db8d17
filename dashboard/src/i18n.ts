// Every string the dashboard shows, Vietnamese first. Both tables are typed by `Messages`, so a
// missing or misspelled translation is a type error (tsc), not a blank on the wall display.
import { computed, effect, signal } from '@preact/signals';
import type { SeatMic } from '../../appliance/src/domain/floor.ts';
import type { Tally } from '../../appliance/src/domain/vote.ts';
import { type TechnicianMessages, technicianEn, technicianVi } from './i18n-technician.ts';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

/** Floor modes the appliance knows (appliance/src/domain/floor.ts FLOOR_MODES). */
export const FLOOR_MODES = ['open', 'override', 'request', 'voice', 'ptt'] as const;
export type FloorModeName = (typeof FLOOR_MODES)[number];

/** Error codes of the HTTP API and the WebSocket, plus the dashboard's own network failure. */
export const ERROR_CODES = [
  'E_FLOOR_FULL',
  'E_NOT_REQUESTING',
  'E_NOT_SPEAKING',
  'E_ALREADY_SPEAKING',
  'E_NO_REQUESTS',
  'E_NOT_CHAIR',
  'E_BAD_SETTINGS',
  'E_VOTE_OPEN',
  'E_NO_VOTE',
  'E_NOT_ENTITLED',
  'E_ALREADY_VOTED',
  'E_BAD_CHOICE',
  'E_BAD_VOTE',
  'E_USE_KEYPAD',
  'E_UNKNOWN_SEAT',
  'E_STORAGE',
  'E_BAD_KEY',
  'E_UNAUTHENTICATED',
  'E_FORBIDDEN',
  'E_NOT_YOUR_SEAT',
  'E_VALIDATION',
  'E_NOT_FOUND',
  'E_INTERNAL',
  'E_BAD_CONFIG',
  'E_BAD_COMMAND',
  'E_NOT_CONNECTED',
  'E_TIMEOUT',
  'E_REJECTED',
  'E_PROTOCOL',
  'E_NETWORK',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type TallyKey = keyof Tally;

export interface Messages {
  langName: string;
  langLabel: string;
  roomFallback: string;
  wallDisplay: string;
  chairConsole: string;
  seatTablet: string;
  connecting: string;
  disconnected: string;
  speakers: string;
  requests: string;
  noSpeakers: string;
  noRequests: string;
  waiting: string;
  seat: string;
  seatN: (n: number) => string;
  chair: string;
  vote: string;
  noVote: string;
  voteOpen: string;
  voteClosed: string;
  secretBallot: string;
  openBallot: string;
  choices: Record<TallyKey, string>;
  /** Follows the number of ballots cast, shown large: "18 phiếu đã bỏ". */
  ballotsCast: (n: number) => string;
  ofEntitled: (n: number) => string;
  secretUntilClose: string;
  present: string;
  absent: string;
  presentCount: string;
  rollCall: string;
  resetRollCall: string;
  confirmReset: string;
  grant: string;
  deny: string;
  end: string;
  next: string;
  clearRequests: string;
  allOff: string;
  priority: string;
  priorityOn: string;
  floorControl: string;
  floorMode: string;
  maxOpen: string;
  modes: Record<FloorModeName, string>;
  quickVote: string;
  voteTitle: string;
  voteTitlePlaceholder: string;
  startVote: string;
  closeVote: string;
  lastResult: string;
  myMic: string;
  micStatus: Record<SeatMic, string>;
  micAction: Record<SeatMic, string>;
  markPresent: string;
  youArePresent: string;
  yourBallotSecret: string;
  ballotCast: string;
  notCast: string;
  youChose: (choice: string) => string;
  notEntitled: string;
  noOpenVote: string;
  castYourVote: string;
  pairingTitle: string;
  pairingBody: string;
  badKeyTitle: string;
  badKeyBody: string;
  wrongDeviceChair: string;
  wrongDeviceSeat: (n: number) => string;
  checkingKey: string;
  notFound: string;
  homeIntro: string;
  homePaired: string;
  dismiss: string;
  errors: Record<ErrorCode, string>;
  errorGeneric: (message: string) => string;
  /** The technician's device page. */
  tech: TechnicianMessages;
}

const vi: Messages = {
  langName: 'Tiếng Việt',
  langLabel: 'Ngôn ngữ',
  roomFallback: 'Phòng họp',
  wallDisplay: 'Màn hình phòng họp',
  chairConsole: 'Bàn chủ tọa',
  seatTablet: 'Máy tính bảng đại biểu',
  connecting: 'Đang kết nối…',
  disconnected: 'Mất kết nối với thiết bị phòng họp. Đang kết nối lại…',
  speakers: 'Người phát biểu',
  requests: 'Đăng ký chờ',
  noSpeakers: 'Chưa có ai phát biểu',
  noRequests: 'Không có đăng ký',
  waiting: 'chờ',
  seat: 'Ghế',
  seatN: (n) => `Ghế ${n}`,
  chair: 'Chủ tọa',
  vote: 'Biểu quyết',
  noVote: 'Chưa có biểu quyết',
  voteOpen: 'Đang biểu quyết',
  voteClosed: 'Đã kết thúc',
  secretBallot: 'Phiếu kín',
  openBallot: 'Công khai',
  choices: {
    yes: 'Tán thành',
    no: 'Không tán thành',
    abstain: 'Không biểu quyết',
    not_voted: 'Chưa biểu quyết',
  },
  ballotsCast: () => 'phiếu đã bỏ',
  ofEntitled: (n) => `trên tổng số ${n} đại biểu`,
  secretUntilClose: 'Kết quả được công bố khi kết thúc biểu quyết',
  present: 'Có mặt',
  absent: 'Vắng',
  presentCount: 'Đại biểu có mặt',
  rollCall: 'Điểm danh',
  resetRollCall: 'Điểm danh lại',
  confirmReset: 'Nhấn lần nữa để xác nhận',
  grant: 'Cho phát biểu',
  deny: 'Từ chối',
  end: 'Kết thúc',
  next: 'Người tiếp theo',
  clearRequests: 'Xóa đăng ký',
  allOff: 'Tắt micro đại biểu',
  priority: 'Ưu tiên chủ tọa',
  priorityOn: 'Đang ưu tiên chủ tọa',
  floorControl: 'Điều hành phát biểu',
  floorMode: 'Chế độ',
  maxOpen: 'Số micro mở tối đa',
  modes: {
    open: 'Tự do',
    override: 'Thay thế',
    request: 'Đăng ký',
    voice: 'Kích hoạt bằng giọng nói',
    ptt: 'Nhấn giữ để nói',
  },
  quickVote: 'Biểu quyết nhanh',
  voteTitle: 'Nội dung biểu quyết',
  voteTitlePlaceholder: 'Không bắt buộc',
  startVote: 'Bắt đầu biểu quyết',
  closeVote: 'Kết thúc biểu quyết',
  lastResult: 'Kết quả lần trước',
  myMic: 'Micro của chủ tọa',
  micStatus: {
    off: 'Micro tắt',
    requesting: 'Đang chờ phát biểu',
    on: 'Micro đang mở',
    muted: 'Micro tạm tắt',
  },
  micAction: {
    off: 'Đăng ký phát biểu',
    requesting: 'Nhấn để hủy đăng ký',
    on: 'Nhấn để kết thúc phát biểu',
    muted: 'Chủ tọa đang ưu tiên. Nhấn để kết thúc',
  },
  markPresent: 'Điểm danh có mặt',
  youArePresent: 'Đã điểm danh: có mặt',
  yourBallotSecret: 'Phiếu kín: lựa chọn của bạn được giữ bí mật',
  ballotCast: 'Đã bỏ phiếu',
  notCast: 'Chưa bỏ phiếu',
  youChose: (choice) => `Bạn đã chọn: ${choice}`,
  notEntitled: 'Ghế này không tham gia lượt biểu quyết này',
  noOpenVote: 'Hiện không có biểu quyết',
  castYourVote: 'Mời bạn biểu quyết',
  pairingTitle: 'Thiết bị chưa được ghép nối',
  pairingBody:
    'Hãy mở đường liên kết ghép nối (có mã truy cập) do thư ký phòng họp cung cấp cho thiết bị này.',
  badKeyTitle: 'Mã truy cập không hợp lệ',
  badKeyBody:
    'Mã truy cập của thiết bị này không dùng được cho phòng họp. Hãy mở lại đường liên kết ghép nối.',
  wrongDeviceChair: 'Mã truy cập này không phải của bàn chủ tọa.',
  wrongDeviceSeat: (n) => `Mã truy cập này không phải của ghế ${n}.`,
  checkingKey: 'Đang kiểm tra mã truy cập…',
  notFound: 'Không tìm thấy trang này',
  homeIntro: 'Hệ thống phòng họp không giấy',
  homePaired: 'Bàn chủ tọa và máy tính bảng của đại biểu được mở bằng đường liên kết ghép nối riêng.',
  dismiss: 'Đóng',
  errors: {
    E_FLOOR_FULL: 'Đã đủ số micro được mở. Hãy kết thúc một người đang phát biểu trước.',
    E_NOT_REQUESTING: 'Ghế này không còn đăng ký phát biểu.',
    E_NOT_SPEAKING: 'Ghế này không còn đang phát biểu.',
    E_ALREADY_SPEAKING: 'Ghế này đang phát biểu.',
    E_NO_REQUESTS: 'Không có ai đang chờ phát biểu.',
    E_NOT_CHAIR: 'Chỉ ghế chủ tọa mới dùng được chức năng này.',
    E_BAD_SETTINGS: 'Thiết lập không hợp lệ.',
    E_VOTE_OPEN: 'Đang có một biểu quyết chưa kết thúc. Hãy kết thúc trước.',
    E_NO_VOTE: 'Hiện không có biểu quyết nào đang mở.',
    E_NOT_ENTITLED: 'Ghế này không có quyền biểu quyết lượt này.',
    E_ALREADY_VOTED: 'Ghế này đã bỏ phiếu; không thể thay đổi.',
    E_BAD_CHOICE: 'Lựa chọn không hợp lệ.',
    E_BAD_VOTE: 'Biểu quyết không hợp lệ (nội dung hoặc danh sách đại biểu).',
    E_USE_KEYPAD: 'Ghế này biểu quyết bằng bàn phím của hệ thống hội nghị.',
    E_UNKNOWN_SEAT: 'Ghế này không có trong sơ đồ phòng họp.',
    E_STORAGE: 'Thiết bị không lưu được thao tác; chưa có gì thay đổi. Hãy thử lại.',
    E_BAD_KEY: 'Mã truy cập không hợp lệ cho phòng họp này.',
    E_UNAUTHENTICATED: 'Cần mã truy cập. Hãy mở đường liên kết ghép nối.',
    E_FORBIDDEN: 'Thiết bị này không được phép làm thao tác này.',
    E_NOT_YOUR_SEAT: 'Mã truy cập này thuộc về ghế khác.',
    E_VALIDATION: 'Yêu cầu không hợp lệ.',
    E_NOT_FOUND: 'Không tìm thấy chức năng này trên thiết bị.',
    E_INTERNAL: 'Thiết bị phòng họp gặp lỗi. Hãy thử lại.',
    E_BAD_CONFIG: 'Cấu hình thiết bị không hợp lệ.',
    E_BAD_COMMAND: 'Lệnh không hợp lệ với trình điều khiển này.',
    E_NOT_CONNECTED: 'Thiết bị chưa kết nối nên chưa nhận lệnh được.',
    E_TIMEOUT: 'Thiết bị không trả lời kịp thời.',
    E_REJECTED: 'Thiết bị từ chối lệnh.',
    E_PROTOCOL: 'Thiết bị trả lời sai giao thức.',
    E_NETWORK: 'Không gửi được yêu cầu: mất kết nối với thiết bị phòng họp.',
  },
  errorGeneric: (message) => `Không thực hiện được: ${message}`,
  tech: technicianVi,
};

const en: Messages = {
  langName: 'English',
  langLabel: 'Language',
  roomFallback: 'Meeting room',
  wallDisplay: 'Wall display',
  chairConsole: 'Chair console',
  seatTablet: 'Seat tablet',
  connecting: 'Connecting…',
  disconnected: 'Disconnected from the room appliance. Reconnecting…',
  speakers: 'Speakers',
  requests: 'Requests',
  noSpeakers: 'No one is speaking',
  noRequests: 'No requests',
  waiting: 'waiting',
  seat: 'Seat',
  seatN: (n) => `Seat ${n}`,
  chair: 'Chair',
  vote: 'Vote',
  noVote: 'No vote yet',
  voteOpen: 'Voting open',
  voteClosed: 'Closed',
  secretBallot: 'Secret ballot',
  openBallot: 'Open vote',
  choices: {
    yes: 'Yes',
    no: 'No',
    abstain: 'Abstain',
    not_voted: 'Not voted',
  },
  ballotsCast: (n) => (n === 1 ? 'ballot cast' : 'ballots cast'),
  ofEntitled: (n) => `of ${n} delegates`,
  secretUntilClose: 'The result is shown when the vote closes',
  present: 'Present',
  absent: 'Absent',
  presentCount: 'Delegates present',
  rollCall: 'Roll call',
  resetRollCall: 'Reset roll call',
  confirmReset: 'Press again to confirm',
  grant: 'Grant',
  deny: 'Deny',
  end: 'End',
  next: 'Next speaker',
  clearRequests: 'Clear requests',
  allOff: 'All delegates off',
  priority: 'Chair priority',
  priorityOn: 'Chair priority on',
  floorControl: 'Floor control',
  floorMode: 'Mode',
  maxOpen: 'Max open mics',
  modes: {
    open: 'Open',
    override: 'Override',
    request: 'Request',
    voice: 'Voice activated',
    ptt: 'Push to talk',
  },
  quickVote: 'Quick vote',
  voteTitle: 'Motion',
  voteTitlePlaceholder: 'Optional',
  startVote: 'Start vote',
  closeVote: 'Close vote',
  lastResult: 'Last result',
  myMic: 'Chair microphone',
  micStatus: {
    off: 'Microphone off',
    requesting: 'Waiting to speak',
    on: 'Microphone on',
    muted: 'Microphone muted',
  },
  micAction: {
    off: 'Request to speak',
    requesting: 'Press to cancel the request',
    on: 'Press to end your speech',
    muted: 'The chair has priority. Press to end',
  },
  markPresent: 'Mark me present',
  youArePresent: 'You are marked present',
  yourBallotSecret: 'Secret ballot: your choice is kept secret',
  ballotCast: 'Ballot cast',
  notCast: 'Not cast yet',
  youChose: (choice) => `You voted: ${choice}`,
  notEntitled: 'This seat is not part of this vote',
  noOpenVote: 'No vote is open',
  castYourVote: 'Please cast your vote',
  pairingTitle: 'This device is not paired',
  pairingBody:
    'Open the pairing link (it carries an access key) that the meeting secretary gave this device.',
  badKeyTitle: 'Access key not valid',
  badKeyBody: "This device's access key does not work for this room. Open the pairing link again.",
  wrongDeviceChair: 'This access key is not for the chair console.',
  wrongDeviceSeat: (n) => `This access key is not for seat ${n}.`,
  checkingKey: 'Checking the access key…',
  notFound: 'Page not found',
  homeIntro: 'Paperless meeting room',
  homePaired: 'The chair console and the seat tablets open with their own pairing links.',
  dismiss: 'Dismiss',
  errors: {
    E_FLOOR_FULL: 'All microphones allowed are open. End a speech first.',
    E_NOT_REQUESTING: 'This seat is no longer requesting to speak.',
    E_NOT_SPEAKING: 'This seat no longer has the floor.',
    E_ALREADY_SPEAKING: 'This seat already has the floor.',
    E_NO_REQUESTS: 'No one is waiting to speak.',
    E_NOT_CHAIR: 'Only a chair seat can do this.',
    E_BAD_SETTINGS: 'These settings are not valid.',
    E_VOTE_OPEN: 'A vote is still open. Close it first.',
    E_NO_VOTE: 'No vote is open.',
    E_NOT_ENTITLED: 'This seat may not vote in this vote.',
    E_ALREADY_VOTED: 'This seat has voted; a ballot cannot be changed.',
    E_BAD_CHOICE: 'That choice is not valid.',
    E_BAD_VOTE: 'The vote is not valid (title or voters).',
    E_USE_KEYPAD: "This seat votes on the conference system's keypad.",
    E_UNKNOWN_SEAT: 'This seat is not in the seat plan.',
    E_STORAGE: 'The appliance could not store this; nothing changed. Try again.',
    E_BAD_KEY: 'This access key is not valid for this room.',
    E_UNAUTHENTICATED: 'An access key is needed. Open the pairing link.',
    E_FORBIDDEN: 'This device may not do that.',
    E_NOT_YOUR_SEAT: 'This access key belongs to another seat.',
    E_VALIDATION: 'The request was not valid.',
    E_NOT_FOUND: 'The appliance does not offer this.',
    E_INTERNAL: 'The room appliance had an error. Try again.',
    E_BAD_CONFIG: 'The device configuration is not valid.',
    E_BAD_COMMAND: 'That command is not valid for this driver.',
    E_NOT_CONNECTED: 'The device is not connected, so it cannot take commands.',
    E_TIMEOUT: 'The device did not answer in time.',
    E_REJECTED: 'The device refused the command.',
    E_PROTOCOL: 'The device answered outside its protocol.',
    E_NETWORK: 'Could not send: the room appliance is not reachable.',
  },
  errorGeneric: (message) => `Could not do that: ${message}`,
  tech: technicianEn,
};

export const MESSAGES: Record<Lang, Messages> = { vi, en };

const LANG_KEY = 'room.lang';

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return v === 'en' || v === 'vi' ? v : 'vi';
  } catch {
    return 'vi';
  }
}

export const lang = signal<Lang>(storedLang());
export const t = computed(() => MESSAGES[lang.value]);

export function setLang(next: Lang): void {
  lang.value = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Private mode or storage disabled: the choice lasts until reload.
  }
}

effect(() => {
  document.documentElement.lang = lang.value;
});

/** A readable sentence for an API or socket error, in the current language. */
export function errorText(m: Messages, code: string, message: string): string {
  return (ERROR_CODES as readonly string[]).includes(code)
    ? m.errors[code as ErrorCode]
    : m.errorGeneric(message || code);
}
