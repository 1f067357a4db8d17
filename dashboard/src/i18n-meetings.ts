// The meeting pages' strings (vi, en): the list, the organiser's editor, the invitation and its
// answers, the seat plan, the lifecycle steps and their timeline, and the meeting parts of the chair
// console and the seat tablet. Both tables are typed by `MeetingMessages`, so a missing translation
// is a type error (tsc). Vietnamese first, in the words a provincial office uses: Giấy mời, Chủ trì,
// Thư ký, Lãnh đạo phê duyệt, Thành phần mời, Dự thay, Báo vắng, Điểm danh.
import { computed } from '@preact/signals';
import type {
  MeetingForm,
  MeetingKind,
  MeetingLanguage,
  MeetingStatus,
  ParticipantRole,
} from '../../appliance/src/domain/meeting.ts';
import type { MeetingRole } from '../../appliance/src/http/permissions.ts';
import { errorText, lang, t } from './i18n.ts';

export type AnswerKind = 'attend' | 'substitute' | 'decline';
/** The editor's fields, as the server's `missing` list and the form name them. */
export type FieldName =
  | 'title'
  | 'kind'
  | 'form'
  | 'secret'
  | 'language'
  | 'invitationNumber'
  | 'invitationText'
  | 'agenda'
  | 'startsAt'
  | 'endsAt'
  | 'roomId'
  | 'location'
  | 'chairId'
  | 'secretaryId'
  | 'approverId'
  | 'preparerId'
  | 'preparingUnitId'
  | 'invitedUnits'
  | 'invitedPersons'
  | 'supportStaff'
  | 'answerDeadline';
export type StepName =
  | 'submit'
  | 'approve'
  | 'return'
  | 'publish'
  | 'start'
  | 'pause'
  | 'resume'
  | 'end'
  | 'archive'
  | 'cancel';
export type TimelineKind =
  | 'created'
  | 'submitted'
  | 'resubmitted'
  | 'returned'
  | 'approved'
  | 'published'
  | 'started'
  | 'paused'
  | 'resumed'
  | 'ended'
  | 'archived'
  | 'cancelled';

/** Refusals of the meeting routes (meeting-routes.ts, domain/meeting.ts, meeting-service.ts). */
export const MEETING_ERROR_CODES = [
  'E_BAD_STATE',
  'E_NOT_EDITABLE',
  'E_INCOMPLETE',
  'E_INVALID',
  'E_BAD_REFERENCE',
  'E_DEADLINE_PASSED',
  'E_NOT_INVITED',
  'E_BAD_SUBSTITUTE',
  'E_BAD_ATTENDEE',
  'E_UNKNOWN_ITEM',
  'E_UNKNOWN_SEAT',
  'E_NOT_PARTICIPANT',
  'E_ROOM_BUSY',
  'E_OTHER_ROOM',
  'E_CSRF',
  'E_PASSWORD_CHANGE_REQUIRED',
  'E_FORBIDDEN',
  'E_UNAUTHENTICATED',
  'E_NOT_FOUND',
] as const;
export type MeetingErrorCode = (typeof MEETING_ERROR_CODES)[number];

export interface MeetingMessages {
  section: string;
  myMeetings: string;
  newMeeting: string;
  backToList: string;
  loading: string;
  loadFailed: string;
  retry: string;
  loginNeeded: string;
  loginNeededBody: string;
  login: string;
  noMeetings: string;
  noMeetingsOrganiser: string;
  noMatch: string;
  all: string;
  groups: { live: string; upcoming: string; past: string };
  status: Record<MeetingStatus, string>;
  statusHint: Record<MeetingStatus, string>;
  kind: Record<MeetingKind, string>;
  form: Record<MeetingForm, string>;
  language: Record<MeetingLanguage, string>;
  secret: string;
  secretHint: string;
  roles: Record<MeetingRole, string>;
  participantRole: Record<ParticipantRole, string>;
  answer: Record<AnswerKind | 'pending', string>;
  /** The same, short, for the counts. */
  answerShort: Record<AnswerKind | 'pending', string>;
  myAnswer: (a: string) => string;
  field: Record<FieldName, string>;
  fieldHint: Partial<Record<FieldName, string>>;
  problems: { required: string; endAfterStart: string; deadlineBeforeStart: string; itemTitle: string };
  /** The server's `missing` entries, as a checklist. */
  missing: Record<string, string>;
  sections: { general: string; time: string; people: string; agenda: string; invitation: string };
  invitationNumberPlaceholder: string;
  invitationTextPlaceholder: string;
  locationPlaceholder: string;
  noRoom: string;
  thisRoom: (name: string) => string;
  agendaEmpty: string;
  addItem: string;
  itemTitle: string;
  itemTitlePlaceholder: string;
  presenter: string;
  minutes: string;
  moveUp: string;
  moveDown: string;
  remove: string;
  itemN: (n: number) => string;
  totalMinutes: (n: number) => string;
  search: string;
  searchPerson: string;
  searchUnit: string;
  noResults: string;
  none: string;
  clear: string;
  add: string;
  selectedN: (n: number) => string;
  unknownPerson: string;
  create: string;
  save: string;
  saved: (clock: string) => string;
  unsaved: string;
  noChanges: string;
  saving: string;
  tabs: { details: string; invitation: string; seats: string; answers: string };
  readOnly: string;
  readOnlyHint: string;
  steps: Record<StepName, string>;
  stepDone: Record<StepName, string>;
  nextStep: string;
  noSteps: string;
  missingTitle: string;
  missingNone: string;
  saveFirst: string;
  returnReason: string;
  returnReasonPlaceholder: string;
  cancelReason: string;
  cancelReasonPlaceholder: string;
  confirmReturn: string;
  confirmCancel: string;
  back: string;
  returnedBanner: string;
  cancelledBanner: string;
  lateTitle: string;
  lateBody: (kind: string, required: string, actual: string) => string;
  lateAfterStart: string;
  lateConfirm: string;
  lateRecorded: (required: string, actual: string) => string;
  onTime: (actual: string) => string;
  confirmEnd: string;
  openChairConsole: string;
  timeline: string;
  timelineEmpty: string;
  event: Record<TimelineKind, string>;
  /** After a step's name when it is the second, third… of its kind: "(lần 2)". */
  nth: (n: number) => string;
  by: (name: string) => string;
  reason: (r: string) => string;
  // Invitation and answers.
  invitationTitle: string;
  invitationNo: (n: string) => string;
  when: string;
  where: string;
  chairedBy: string;
  attendees: string;
  agendaTitle: string;
  presentedBy: (name: string) => string;
  minutesShort: (n: number) => string;
  yourAnswer: string;
  notAnswered: string;
  answeredAt: (clock: string) => string;
  deadline: (when: string) => string;
  deadlinePassed: (when: string) => string;
  answersNotOpen: string;
  choose: string;
  substituteWho: string;
  substituteExplain: string;
  substituteNote: string;
  declineReason: string;
  declineReasonPlaceholder: string;
  sendAnswer: string;
  changeAnswer: string;
  answerSaved: string;
  substituteFor: (name: string) => string;
  sendsSubstitute: (name: string) => string;
  answersTitle: string;
  invitee: string;
  answerCol: string;
  detailCol: string;
  timeCol: string;
  units: string;
  unitNamed: (name: string) => string;
  unitPending: string;
  unitsSummary: (named: number, pending: number) => string;
  /** Who named the unit's attendee, and when (the organiser's list). */
  unitNamedBy: (clock: string, name: string) => string;
  // An invited unit's administrator names who attends for it.
  unitAnswerTitle: string;
  unitNamedChip: string;
  unitAttendee: string;
  unitNoneYet: string;
  unitNamedAt: (clock: string, name: string) => string;
  unitSavedAt: (clock: string) => string;
  unitDeadline: (when: string) => string;
  unitDeadlinePassed: (when: string) => string;
  unitExplain: string;
  unitWho: string;
  unitPickHint: (unit: string) => string;
  unitNoPeople: string;
  unitSend: string;
  unitChange: string;
  unitSaved: (name: string) => string;
  unitNotInvited: string;
  unitLateRefused: (when: string) => string;
  /** The steps card, for the administrator of an invited unit while it may name someone. */
  unitStepHint: string;
  noInvitees: string;
  liveUpdates: string;
  // Seat plan.
  seatPlan: string;
  seatPlanHint: string;
  seatPlanReadOnly: string;
  emptySeat: string;
  seatN: (n: number) => string;
  chairSeat: string;
  unseated: string;
  allSeated: string;
  sitsFor: (name: string) => string;
  noRoomSeats: string;
  // Chair console and seat tablet.
  inProgress: string;
  currentItem: string;
  betweenItems: string;
  prevItem: string;
  nextItem: string;
  goToItem: string;
  attendance: string;
  attendanceHint: string;
  presentN: (present: number, expected: number) => string;
  present: string;
  absent: string;
  substitute: string;
  declined: string;
  noSeat: string;
  markPresent: string;
  markAbsent: string;
  notChairTitle: string;
  notChairBody: string;
  noMeetingLive: string;
  keyOnlyControls: string;
  myMeetingsOnSeat: string;
  noUpcoming: string;
  upcoming: string;
  seatedHere: string;
  // Formatting.
  weekday: readonly string[];
  duration: (minutes: number) => string;
  errors: Record<MeetingErrorCode, string>;
}

const vi: MeetingMessages = {
  section: 'Cuộc họp',
  myMeetings: 'Cuộc họp của tôi',
  newMeeting: 'Tạo cuộc họp',
  backToList: '← Cuộc họp của tôi',
  loading: 'Đang tải…',
  loadFailed: 'Không tải được',
  retry: 'Thử lại',
  loginNeeded: 'Cần đăng nhập',
  loginNeededBody: 'Hãy đăng nhập bằng tài khoản của bạn để xem các cuộc họp.',
  login: 'Đăng nhập',
  noMeetings: 'Bạn chưa có cuộc họp nào.',
  noMeetingsOrganiser: 'Chưa có cuộc họp nào. Bấm “Tạo cuộc họp” để đăng ký cuộc họp mới.',
  noMatch: 'Không có cuộc họp nào ở trạng thái này.',
  all: 'Tất cả',
  groups: { live: 'Đang diễn ra', upcoming: 'Sắp tới và đang chuẩn bị', past: 'Đã qua' },
  status: {
    draft: 'Nháp',
    submitted: 'Chờ duyệt',
    approved: 'Đã duyệt',
    returned: 'Trả lại',
    published: 'Đã gửi giấy mời',
    in_progress: 'Đang họp',
    paused: 'Tạm dừng',
    ended: 'Đã kết thúc',
    archived: 'Lưu trữ',
    cancelled: 'Đã hủy',
  },
  statusHint: {
    draft: 'Hoàn thiện thông tin rồi trình lãnh đạo phê duyệt.',
    submitted: 'Đang chờ lãnh đạo phê duyệt.',
    approved: 'Đã được phê duyệt: có thể gửi giấy mời.',
    returned: 'Lãnh đạo đã trả lại: sửa theo ý kiến rồi trình lại.',
    published: 'Giấy mời đã gửi: chờ đại biểu xác nhận và chủ trì khai mạc.',
    in_progress: 'Cuộc họp đang diễn ra.',
    paused: 'Cuộc họp đang tạm dừng.',
    ended: 'Cuộc họp đã kết thúc: có thể lưu trữ.',
    archived: 'Cuộc họp đã được lưu trữ.',
    cancelled: 'Cuộc họp đã bị hủy.',
  },
  kind: { regular: 'Thường kỳ', ad_hoc: 'Đột xuất', emergency: 'Khẩn cấp' },
  form: { in_person: 'Trực tiếp', online: 'Trực tuyến', hybrid: 'Kết hợp trực tiếp và trực tuyến' },
  language: { vi: 'Tiếng Việt', en: 'Tiếng Anh' },
  secret: 'Mật',
  secretHint: 'Cuộc họp có nội dung mật: không tải tài liệu mật lên, không ghi âm.',
  roles: {
    organiser: 'Tổ chức',
    chair: 'Chủ trì',
    secretary: 'Thư ký',
    approver: 'Phê duyệt',
    delegate: 'Đại biểu',
    invitee: 'Được mời',
    support: 'Phục vụ',
    unit_admin: 'Đơn vị được mời',
  },
  participantRole: {
    chair: 'Chủ trì',
    secretary: 'Thư ký',
    invitee: 'Được mời',
    unit_attendee: 'Đại diện đơn vị',
    substitute: 'Dự thay',
    support: 'Phục vụ',
  },
  answer: { attend: 'Tham dự', substitute: 'Cử người dự thay', decline: 'Báo vắng', pending: 'Chưa trả lời' },
  answerShort: { attend: 'Tham dự', substitute: 'Dự thay', decline: 'Báo vắng', pending: 'Chưa trả lời' },
  myAnswer: (a) => `Trả lời: ${a}`,
  field: {
    title: 'Tên cuộc họp',
    kind: 'Loại cuộc họp',
    form: 'Hình thức',
    secret: 'Mật',
    language: 'Ngôn ngữ biên bản',
    invitationNumber: 'Số giấy mời',
    invitationText: 'Nội dung giấy mời',
    agenda: 'Chương trình họp',
    startsAt: 'Bắt đầu',
    endsAt: 'Kết thúc',
    roomId: 'Phòng họp',
    location: 'Địa điểm / đường liên kết',
    chairId: 'Chủ trì',
    secretaryId: 'Thư ký',
    approverId: 'Lãnh đạo phê duyệt',
    preparerId: 'Người chuẩn bị tài liệu',
    preparingUnitId: 'Đơn vị chuẩn bị',
    invitedUnits: 'Đơn vị được mời',
    invitedPersons: 'Thành phần mời (cá nhân)',
    supportStaff: 'Cán bộ phục vụ',
    answerDeadline: 'Hạn xác nhận tham dự',
  },
  fieldHint: {
    location: 'Ghi thêm nơi họp, hoặc đường liên kết khi họp trực tuyến.',
    answerDeadline: 'Để trống: đại biểu trả lời được đến giờ bắt đầu.',
    invitedUnits: 'Đơn vị tự cử người dự.',
    language: 'Ngôn ngữ dùng để ghi biên bản.',
  },
  problems: {
    required: 'Bắt buộc',
    endAfterStart: 'Phải sau giờ bắt đầu',
    deadlineBeforeStart: 'Không được sau giờ bắt đầu',
    itemTitle: 'Mỗi nội dung cần có tên',
  },
  missing: {
    form: 'Hình thức',
    roomId: 'Phòng họp',
    'invitation text': 'Nội dung giấy mời',
    chairId: 'Chủ trì',
    secretaryId: 'Thư ký',
    approverId: 'Lãnh đạo phê duyệt',
    preparerId: 'Người chuẩn bị tài liệu',
    preparingUnitId: 'Đơn vị chuẩn bị',
    'agenda (at least one item)': 'Chương trình họp (ít nhất một nội dung)',
    'invitees (at least one unit or person)': 'Thành phần mời (ít nhất một đơn vị hoặc cá nhân)',
  },
  sections: {
    general: 'Thông tin chung',
    time: 'Thời gian và địa điểm',
    people: 'Thành phần',
    agenda: 'Chương trình họp',
    invitation: 'Giấy mời',
  },
  invitationNumberPlaceholder: 'Ví dụ: 123/GM-UBND',
  invitationTextPlaceholder: 'Kính mời các đồng chí dự họp…',
  locationPlaceholder: 'Ví dụ: Tầng 3, trụ sở UBND tỉnh',
  noRoom: 'Chưa chọn phòng',
  thisRoom: (name) => name,
  agendaEmpty: 'Chưa có nội dung nào.',
  addItem: 'Thêm nội dung',
  itemTitle: 'Nội dung',
  itemTitlePlaceholder: 'Ví dụ: Dự toán ngân sách năm 2027',
  presenter: 'Người trình bày',
  minutes: 'Phút',
  moveUp: 'Đưa lên',
  moveDown: 'Đưa xuống',
  remove: 'Xóa',
  itemN: (n) => `Nội dung ${n}`,
  totalMinutes: (n) => `Tổng thời lượng: ${n} phút`,
  search: 'Tìm',
  searchPerson: 'Gõ tên để tìm người…',
  searchUnit: 'Gõ tên để tìm đơn vị…',
  noResults: 'Không tìm thấy',
  none: '— Chưa chọn —',
  clear: 'Bỏ chọn',
  add: 'Thêm',
  selectedN: (n) => `Đã chọn ${n}`,
  unknownPerson: '(không rõ)',
  create: 'Tạo cuộc họp (lưu nháp)',
  save: 'Lưu nháp',
  saved: (clock) => `Đã lưu lúc ${clock}`,
  unsaved: 'Có thay đổi chưa lưu',
  noChanges: 'Không có thay đổi',
  saving: 'Đang lưu…',
  tabs: {
    details: 'Thông tin cuộc họp',
    invitation: 'Giấy mời',
    seats: 'Sơ đồ chỗ ngồi',
    answers: 'Trả lời',
  },
  readOnly: 'Chỉ xem',
  readOnlyHint: 'Cuộc họp chỉ sửa được khi còn là bản nháp hoặc bị trả lại, bởi người tổ chức.',
  steps: {
    submit: 'Trình duyệt',
    approve: 'Phê duyệt',
    return: 'Trả lại',
    publish: 'Gửi giấy mời',
    start: 'Khai mạc cuộc họp',
    pause: 'Tạm dừng',
    resume: 'Tiếp tục họp',
    end: 'Kết thúc cuộc họp',
    archive: 'Lưu trữ',
    cancel: 'Hủy cuộc họp',
  },
  stepDone: {
    submit: 'Đã trình lãnh đạo phê duyệt.',
    approve: 'Đã phê duyệt.',
    return: 'Đã trả lại cho người tổ chức.',
    publish: 'Đã gửi giấy mời.',
    start: 'Cuộc họp đã khai mạc.',
    pause: 'Đã tạm dừng.',
    resume: 'Đã tiếp tục.',
    end: 'Cuộc họp đã kết thúc.',
    archive: 'Đã lưu trữ.',
    cancel: 'Đã hủy cuộc họp.',
  },
  nextStep: 'Thao tác',
  noSteps: 'Bạn không có thao tác nào ở bước này.',
  missingTitle: 'Còn thiếu trước khi trình duyệt',
  missingNone: 'Đã đủ thông tin để trình duyệt.',
  saveFirst: 'Thay đổi chưa lưu sẽ được lưu trước khi trình.',
  returnReason: 'Lý do trả lại',
  returnReasonPlaceholder: 'Ví dụ: Bổ sung báo cáo ngân sách',
  cancelReason: 'Lý do hủy',
  cancelReasonPlaceholder: 'Ví dụ: Lãnh đạo đi công tác đột xuất',
  confirmReturn: 'Xác nhận trả lại',
  confirmCancel: 'Xác nhận hủy',
  back: 'Thôi',
  returnedBanner: 'Lãnh đạo trả lại',
  cancelledBanner: 'Cuộc họp đã bị hủy',
  lateTitle: 'Gửi muộn',
  lateBody: (kind, required, actual) =>
    `Cuộc họp ${kind.toLowerCase()} cần gửi giấy mời trước ít nhất ${required}; nếu gửi bây giờ chỉ còn ${actual} trước giờ họp. Việc gửi muộn sẽ được ghi lại.`,
  lateAfterStart: 'đã quá giờ bắt đầu',
  lateConfirm: 'Vẫn gửi giấy mời (gửi muộn)',
  lateRecorded: (required, actual) => `Gửi muộn: cần trước ${required}, thực tế ${actual}`,
  onTime: (actual) => `Đúng hạn: trước ${actual}`,
  confirmEnd: 'Nhấn lần nữa để kết thúc',
  openChairConsole: 'Mở bàn chủ tọa',
  timeline: 'Diễn biến',
  timelineEmpty: 'Chưa có bước nào.',
  event: {
    created: 'Tạo cuộc họp',
    submitted: 'Trình duyệt',
    resubmitted: 'Trình duyệt lại',
    returned: 'Trả lại',
    approved: 'Phê duyệt',
    published: 'Gửi giấy mời',
    started: 'Khai mạc',
    paused: 'Tạm dừng',
    resumed: 'Tiếp tục họp',
    ended: 'Kết thúc',
    archived: 'Lưu trữ',
    cancelled: 'Hủy',
  },
  nth: (n) => `(lần ${n})`,
  by: (name) => `bởi ${name}`,
  reason: (r) => `Lý do: ${r}`,
  invitationTitle: 'Giấy mời',
  invitationNo: (n) => `Số: ${n}`,
  when: 'Thời gian',
  where: 'Địa điểm',
  chairedBy: 'Chủ trì',
  attendees: 'Thành phần',
  agendaTitle: 'Nội dung',
  presentedBy: (name) => `Trình bày: ${name}`,
  minutesShort: (n) => `${n} phút`,
  yourAnswer: 'Xác nhận tham dự',
  notAnswered: 'Bạn chưa trả lời giấy mời này.',
  answeredAt: (clock) => `Đã trả lời lúc ${clock}`,
  deadline: (when) => `Hạn trả lời: ${when}`,
  deadlinePassed: (when) => `Đã hết hạn trả lời (${when}).`,
  answersNotOpen: 'Chưa hoặc không còn nhận trả lời.',
  choose: 'Chọn câu trả lời',
  substituteWho: 'Người dự thay',
  substituteExplain:
    'Người dự thay ngồi vào ghế của bạn và có đủ quyền của bạn trong cuộc họp: phát biểu, biểu quyết, điểm danh.',
  substituteNote: 'Ghi chú (không bắt buộc)',
  declineReason: 'Lý do vắng',
  declineReasonPlaceholder: 'Ví dụ: Đi công tác',
  sendAnswer: 'Gửi trả lời',
  changeAnswer: 'Cập nhật trả lời',
  answerSaved: 'Đã ghi nhận trả lời.',
  substituteFor: (name) => `dự thay ${name}`,
  sendsSubstitute: (name) => `Cử ${name} dự thay`,
  answersTitle: 'Tình hình xác nhận tham dự',
  invitee: 'Người được mời',
  answerCol: 'Trả lời',
  detailCol: 'Chi tiết',
  timeCol: 'Lúc',
  units: 'Đơn vị được mời',
  unitNamed: (name) => `Cử ${name}`,
  unitPending: 'Chưa cử người',
  unitsSummary: (named, pending) => `Đơn vị: ${named} đã cử người, ${pending} chưa`,
  unitNamedBy: (clock, name) => `${clock}, ${name} cử`,
  unitAnswerTitle: 'Đơn vị được mời: cử người dự',
  unitNamedChip: 'Đã cử người',
  unitAttendee: 'Người dự họp của đơn vị',
  unitNoneYet: 'Đơn vị chưa cử người dự.',
  unitNamedAt: (clock, name) => `Cử lúc ${clock}, bởi ${name}`,
  unitSavedAt: (clock) => `Đã lưu lúc ${clock}`,
  unitDeadline: (when) => `Hạn cử người: ${when}`,
  unitDeadlinePassed: (when) => `Đã hết hạn cử người (${when}).`,
  unitExplain:
    'Người được cử dự họp với tư cách đại biểu của đơn vị: ngồi ghế đại biểu, phát biểu, biểu quyết, điểm danh. Có thể đổi người cho đến hạn.',
  unitWho: 'Người dự họp',
  unitPickHint: (unit) =>
    `Chỉ chọn được cán bộ đang công tác tại ${unit}; người đã có vai trò khác trong cuộc họp không có trong danh sách.`,
  unitNoPeople: 'Đơn vị chưa có cán bộ nào có thể cử.',
  unitSend: 'Cử người dự',
  unitChange: 'Đổi người dự',
  unitSaved: (name) => `Đã lưu: ${name} dự họp thay mặt đơn vị.`,
  unitNotInvited: 'Đơn vị không có trong thành phần mời của cuộc họp này.',
  unitLateRefused: (when) => `Đã hết hạn cử người dự (hạn ${when}): không lưu được.`,
  unitStepHint: 'Cử người dự họp cho đơn vị ở thẻ “Giấy mời”.',
  noInvitees: 'Chưa có thành phần mời.',
  liveUpdates: 'Tự cập nhật khi có trả lời mới',
  seatPlan: 'Sơ đồ chỗ ngồi',
  seatPlanHint: 'Chọn người ngồi ở từng ghế. Người dự thay ngồi vào ghế của người được mời.',
  seatPlanReadOnly: 'Chỉ người tổ chức, thư ký hoặc chủ trì xếp chỗ ngồi.',
  emptySeat: '— Trống —',
  seatN: (n) => `Ghế ${n}`,
  chairSeat: 'Ghế chủ tọa',
  unseated: 'Chưa xếp chỗ',
  allSeated: 'Mọi người đã có chỗ ngồi.',
  sitsFor: (name) => `Dự thay ${name}`,
  noRoomSeats: 'Chưa có sơ đồ ghế của phòng họp.',
  inProgress: 'Cuộc họp đang diễn ra',
  currentItem: 'Đang thảo luận',
  betweenItems: 'Chưa vào nội dung nào',
  prevItem: '← Nội dung trước',
  nextItem: 'Nội dung tiếp →',
  goToItem: 'Chuyển đến',
  attendance: 'Điểm danh đại biểu',
  attendanceHint: 'Theo danh sách cuộc họp; cập nhật khi đại biểu điểm danh.',
  presentN: (present, expected) => `${present}/${expected} có mặt`,
  present: 'Có mặt',
  absent: 'Vắng',
  substitute: 'Dự thay',
  declined: 'Báo vắng',
  noSeat: 'Chưa xếp ghế',
  markPresent: 'Có mặt',
  markAbsent: 'Vắng',
  notChairTitle: 'Chỉ chủ trì cuộc họp dùng được bàn chủ tọa',
  notChairBody:
    'Bàn chủ tọa mở bằng đường liên kết ghép nối, hoặc khi chủ trì cuộc họp đang diễn ra đăng nhập.',
  noMeetingLive: 'Chưa có cuộc họp nào đang diễn ra trong phòng.',
  keyOnlyControls:
    'Chuyển nội dung, tạm dừng, kết thúc: chủ trì mở bàn chủ tọa khi đã đăng nhập bằng tài khoản của mình (không qua đường liên kết ghép nối).',
  myMeetingsOnSeat: 'Cuộc họp của tôi',
  noUpcoming: 'Không có cuộc họp sắp tới.',
  upcoming: 'Sắp tới',
  seatedHere: 'Đại biểu tại ghế',
  weekday: ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  duration: (minutes) => {
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const mm = minutes % 60;
    const parts = [d ? `${d} ngày` : '', h ? `${h} giờ` : '', mm || (!d && !h) ? `${mm} phút` : ''];
    return parts.filter(Boolean).join(' ');
  },
  errors: {
    E_BAD_STATE: 'Cuộc họp không ở bước cho phép thao tác này (có thể người khác vừa thay đổi).',
    E_NOT_EDITABLE: 'Cuộc họp chỉ sửa được khi là bản nháp hoặc bị trả lại.',
    E_INCOMPLETE: 'Còn thiếu thông tin, chưa trình duyệt được.',
    E_INVALID: 'Thông tin không hợp lệ.',
    E_BAD_REFERENCE: 'Có người hoặc đơn vị không còn trong danh bạ.',
    E_DEADLINE_PASSED: 'Đã hết hạn trả lời giấy mời.',
    E_NOT_INVITED: 'Bạn không có trong thành phần mời.',
    E_BAD_SUBSTITUTE: 'Không cử được người này dự thay (người này đã tham gia cuộc họp với vai trò khác).',
    E_BAD_ATTENDEE:
      'Không cử được người này dự họp cho đơn vị: phải là cán bộ đang công tác tại đơn vị và chưa tham gia cuộc họp với vai trò khác.',
    E_UNKNOWN_ITEM: 'Nội dung này không có trong chương trình.',
    E_UNKNOWN_SEAT: 'Ghế này không có trong sơ đồ phòng họp.',
    E_NOT_PARTICIPANT: 'Người này không tham dự cuộc họp tại ghế.',
    E_ROOM_BUSY: 'Phòng đang có cuộc họp khác diễn ra.',
    E_OTHER_ROOM: 'Cuộc họp này được bố trí ở phòng khác.',
    E_CSRF: 'Phiên làm việc đã thay đổi. Hãy tải lại trang.',
    E_PASSWORD_CHANGE_REQUIRED: 'Bạn cần đổi mật khẩu trước.',
    E_FORBIDDEN: 'Bạn không có quyền làm thao tác này.',
    E_UNAUTHENTICATED: 'Cần đăng nhập.',
    E_NOT_FOUND: 'Không tìm thấy cuộc họp.',
  },
};

const en: MeetingMessages = {
  section: 'Meetings',
  myMeetings: 'My meetings',
  newMeeting: 'New meeting',
  backToList: '← My meetings',
  loading: 'Loading…',
  loadFailed: 'Could not load',
  retry: 'Retry',
  loginNeeded: 'Please log in',
  loginNeededBody: 'Log in with your account to see your meetings.',
  login: 'Log in',
  noMeetings: 'You have no meetings.',
  noMeetingsOrganiser: 'No meetings yet. Press “New meeting” to register one.',
  noMatch: 'No meeting has this status.',
  all: 'All',
  groups: { live: 'Under way', upcoming: 'Upcoming and in preparation', past: 'Past' },
  status: {
    draft: 'Draft',
    submitted: 'Awaiting approval',
    approved: 'Approved',
    returned: 'Returned',
    published: 'Invitations sent',
    in_progress: 'In session',
    paused: 'Paused',
    ended: 'Ended',
    archived: 'Archived',
    cancelled: 'Cancelled',
  },
  statusHint: {
    draft: 'Complete the details, then submit them for approval.',
    submitted: 'Waiting for the approving leader.',
    approved: 'Approved: the invitation can be sent.',
    returned: 'Returned by the approver: fix it and submit again.',
    published: 'Invitations sent: waiting for answers and for the chair to open the meeting.',
    in_progress: 'The meeting is in session.',
    paused: 'The meeting is paused.',
    ended: 'The meeting has ended: it can be archived.',
    archived: 'The meeting is archived.',
    cancelled: 'The meeting was cancelled.',
  },
  kind: { regular: 'Regular', ad_hoc: 'Ad hoc', emergency: 'Emergency' },
  form: { in_person: 'In person', online: 'Online', hybrid: 'Hybrid (in person and online)' },
  language: { vi: 'Vietnamese', en: 'English' },
  secret: 'Secret',
  secretHint: 'Secret meeting: no secret documents are uploaded, nothing is recorded.',
  roles: {
    organiser: 'Organiser',
    chair: 'Chair',
    secretary: 'Secretary',
    approver: 'Approver',
    delegate: 'Delegate',
    invitee: 'Invited',
    support: 'Support',
    unit_admin: 'Invited unit',
  },
  participantRole: {
    chair: 'Chair',
    secretary: 'Secretary',
    invitee: 'Invited',
    unit_attendee: 'For a unit',
    substitute: 'Substitute',
    support: 'Support',
  },
  answer: { attend: 'Attend', substitute: 'Send a substitute', decline: 'Decline', pending: 'No answer yet' },
  answerShort: { attend: 'Attending', substitute: 'Substitute', decline: 'Declined', pending: 'No answer' },
  myAnswer: (a) => `Answer: ${a}`,
  field: {
    title: 'Title',
    kind: 'Kind of meeting',
    form: 'Form',
    secret: 'Secret',
    language: 'Minutes language',
    invitationNumber: 'Invitation number',
    invitationText: 'Invitation text',
    agenda: 'Agenda',
    startsAt: 'Starts',
    endsAt: 'Ends',
    roomId: 'Meeting room',
    location: 'Location / link',
    chairId: 'Chair',
    secretaryId: 'Secretary',
    approverId: 'Approving leader',
    preparerId: 'Documents prepared by',
    preparingUnitId: 'Preparing unit',
    invitedUnits: 'Invited units',
    invitedPersons: 'Invited persons',
    supportStaff: 'Support staff',
    answerDeadline: 'Answer deadline',
  },
  fieldHint: {
    location: 'Where exactly, or the link for an online meeting.',
    answerDeadline: 'Empty: invitees may answer until the start.',
    invitedUnits: 'Each unit names who attends for it.',
    language: 'The language the minutes are taken in.',
  },
  problems: {
    required: 'Required',
    endAfterStart: 'Must be after the start',
    deadlineBeforeStart: 'Must not be after the start',
    itemTitle: 'Every item needs a title',
  },
  missing: {
    form: 'Form',
    roomId: 'Meeting room',
    'invitation text': 'Invitation text',
    chairId: 'Chair',
    secretaryId: 'Secretary',
    approverId: 'Approving leader',
    preparerId: 'Documents prepared by',
    preparingUnitId: 'Preparing unit',
    'agenda (at least one item)': 'Agenda (at least one item)',
    'invitees (at least one unit or person)': 'Invitees (at least one unit or person)',
  },
  sections: {
    general: 'General',
    time: 'Time and place',
    people: 'People',
    agenda: 'Agenda',
    invitation: 'Invitation',
  },
  invitationNumberPlaceholder: 'e.g. 123/GM-UBND',
  invitationTextPlaceholder: 'You are invited to attend…',
  locationPlaceholder: 'e.g. 3rd floor, provincial office',
  noRoom: 'No room chosen',
  thisRoom: (name) => name,
  agendaEmpty: 'No items yet.',
  addItem: 'Add item',
  itemTitle: 'Item',
  itemTitlePlaceholder: 'e.g. 2027 budget estimate',
  presenter: 'Presenter',
  minutes: 'Minutes',
  moveUp: 'Move up',
  moveDown: 'Move down',
  remove: 'Remove',
  itemN: (n) => `Item ${n}`,
  totalMinutes: (n) => `Total: ${n} min`,
  search: 'Search',
  searchPerson: 'Type a name to find a person…',
  searchUnit: 'Type a name to find a unit…',
  noResults: 'Nothing found',
  none: '— None —',
  clear: 'Clear',
  add: 'Add',
  selectedN: (n) => `${n} selected`,
  unknownPerson: '(unknown)',
  create: 'Create meeting (save draft)',
  save: 'Save draft',
  saved: (clock) => `Saved at ${clock}`,
  unsaved: 'Unsaved changes',
  noChanges: 'No changes',
  saving: 'Saving…',
  tabs: { details: 'Meeting details', invitation: 'Invitation', seats: 'Seat plan', answers: 'Answers' },
  readOnly: 'Read only',
  readOnlyHint: 'A meeting can be edited by its organiser while it is a draft or returned.',
  steps: {
    submit: 'Submit for approval',
    approve: 'Approve',
    return: 'Return',
    publish: 'Send invitations',
    start: 'Open the meeting',
    pause: 'Pause',
    resume: 'Resume',
    end: 'End the meeting',
    archive: 'Archive',
    cancel: 'Cancel meeting',
  },
  stepDone: {
    submit: 'Submitted for approval.',
    approve: 'Approved.',
    return: 'Returned to the organiser.',
    publish: 'Invitations sent.',
    start: 'The meeting is open.',
    pause: 'Paused.',
    resume: 'Resumed.',
    end: 'The meeting has ended.',
    archive: 'Archived.',
    cancel: 'The meeting is cancelled.',
  },
  nextStep: 'Actions',
  noSteps: 'Nothing for you to do at this step.',
  missingTitle: 'Missing before it can be submitted',
  missingNone: 'Everything needed for approval is there.',
  saveFirst: 'Unsaved changes are saved before submitting.',
  returnReason: 'Reason for returning',
  returnReasonPlaceholder: 'e.g. Add the budget report',
  cancelReason: 'Reason for cancelling',
  cancelReasonPlaceholder: 'e.g. The chair is called away',
  confirmReturn: 'Return it',
  confirmCancel: 'Cancel it',
  back: 'Back',
  returnedBanner: 'Returned by the approver',
  cancelledBanner: 'This meeting was cancelled',
  lateTitle: 'Late notice',
  lateBody: (kind, required, actual) =>
    `A ${kind.toLowerCase()} meeting needs its invitation sent at least ${required} before; sent now it gives only ${actual}. The late notice is recorded.`,
  lateAfterStart: 'after the start',
  lateConfirm: 'Send anyway (late notice)',
  lateRecorded: (required, actual) => `Late notice: ${required} required, ${actual} given`,
  onTime: (actual) => `In time: ${actual} before`,
  confirmEnd: 'Press again to end',
  openChairConsole: 'Open the chair console',
  timeline: 'Timeline',
  timelineEmpty: 'No steps yet.',
  event: {
    created: 'Registered',
    submitted: 'Submitted',
    resubmitted: 'Submitted again',
    returned: 'Returned',
    approved: 'Approved',
    published: 'Invitations sent',
    started: 'Opened',
    paused: 'Paused',
    resumed: 'Resumed',
    ended: 'Ended',
    archived: 'Archived',
    cancelled: 'Cancelled',
  },
  nth: (n) =>
    `(${n}${n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'} time)`,
  by: (name) => `by ${name}`,
  reason: (r) => `Reason: ${r}`,
  invitationTitle: 'Invitation',
  invitationNo: (n) => `No. ${n}`,
  when: 'When',
  where: 'Where',
  chairedBy: 'Chair',
  attendees: 'Invited',
  agendaTitle: 'Agenda',
  presentedBy: (name) => `Presented by ${name}`,
  minutesShort: (n) => `${n} min`,
  yourAnswer: 'Your answer',
  notAnswered: 'You have not answered this invitation yet.',
  answeredAt: (clock) => `Answered at ${clock}`,
  deadline: (when) => `Answer by ${when}`,
  deadlinePassed: (when) => `Answers closed (${when}).`,
  answersNotOpen: 'Answers are not open.',
  choose: 'Your answer',
  substituteWho: 'Substitute',
  substituteExplain:
    'Your substitute takes your seat and all your rights in this meeting: speaking, voting, roll call.',
  substituteNote: 'Note (optional)',
  declineReason: 'Reason',
  declineReasonPlaceholder: 'e.g. On a business trip',
  sendAnswer: 'Send answer',
  changeAnswer: 'Update answer',
  answerSaved: 'Your answer is recorded.',
  substituteFor: (name) => `for ${name}`,
  sendsSubstitute: (name) => `Sends ${name}`,
  answersTitle: 'Answers',
  invitee: 'Invited',
  answerCol: 'Answer',
  detailCol: 'Details',
  timeCol: 'At',
  units: 'Invited units',
  unitNamed: (name) => `Sends ${name}`,
  unitPending: 'Not named yet',
  unitsSummary: (named, pending) => `Units: ${named} named someone, ${pending} not yet`,
  unitNamedBy: (clock, name) => `${clock}, named by ${name}`,
  unitAnswerTitle: 'Invited unit: who attends',
  unitNamedChip: 'Named',
  unitAttendee: 'Attending for the unit',
  unitNoneYet: 'The unit has not named anyone yet.',
  unitNamedAt: (clock, name) => `Named at ${clock} by ${name}`,
  unitSavedAt: (clock) => `Saved at ${clock}`,
  unitDeadline: (when) => `Name someone by ${when}`,
  unitDeadlinePassed: (when) => `The deadline to name someone has passed (${when}).`,
  unitExplain:
    'The person named attends as the unit’s delegate: a delegate seat, speaking, voting, roll call. They can be changed until the deadline.',
  unitWho: 'Attendee',
  unitPickHint: (unit) =>
    `Only active members of ${unit} can be named; those who already take part in another capacity are not listed.`,
  unitNoPeople: 'The unit has nobody who can be named.',
  unitSend: 'Name attendee',
  unitChange: 'Change attendee',
  unitSaved: (name) => `Saved: ${name} attends for the unit.`,
  unitNotInvited: 'The unit is not invited to this meeting.',
  unitLateRefused: (when) => `The deadline to name someone has passed (${when}): nothing was saved.`,
  unitStepHint: 'Name who attends for your unit on the “Invitation” tab.',
  noInvitees: 'Nobody is invited yet.',
  liveUpdates: 'Updates live as answers arrive',
  seatPlan: 'Seat plan',
  seatPlanHint: "Choose who sits at each seat. A substitute sits in their invitee's seat.",
  seatPlanReadOnly: 'The organiser, the secretary or the chair plans the seats.',
  emptySeat: '— Empty —',
  seatN: (n) => `Seat ${n}`,
  chairSeat: 'Chair seat',
  unseated: 'Not seated',
  allSeated: 'Everyone has a seat.',
  sitsFor: (name) => `Substitute for ${name}`,
  noRoomSeats: 'The room has no seat plan yet.',
  inProgress: 'Meeting in session',
  currentItem: 'Under discussion',
  betweenItems: 'Between items',
  prevItem: '← Previous item',
  nextItem: 'Next item →',
  goToItem: 'Go to',
  attendance: 'Roll call',
  attendanceHint: "The meeting's list; follows the room as delegates check in.",
  presentN: (present, expected) => `${present}/${expected} present`,
  present: 'Present',
  absent: 'Absent',
  substitute: 'Substitute',
  declined: 'Declined',
  noSeat: 'No seat',
  markPresent: 'Present',
  markAbsent: 'Absent',
  notChairTitle: 'Only the chair of the meeting may use the chair console',
  notChairBody: 'Open the console with its pairing link, or log in as the chair of the meeting in session.',
  noMeetingLive: 'No meeting is in session in this room.',
  keyOnlyControls:
    'Moving through the agenda, pausing, ending: the chair opens the console logged in with their own account (not the pairing link).',
  myMeetingsOnSeat: 'My meetings',
  noUpcoming: 'No upcoming meetings.',
  upcoming: 'Upcoming',
  seatedHere: 'Seated here',
  weekday: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  duration: (minutes) => {
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const mm = minutes % 60;
    const parts = [
      d ? `${d} day${d === 1 ? '' : 's'}` : '',
      h ? `${h} h` : '',
      mm || (!d && !h) ? `${mm} min` : '',
    ];
    return parts.filter(Boolean).join(' ');
  },
  errors: {
    E_BAD_STATE: 'The meeting is not at a step that allows this (someone may just have changed it).',
    E_NOT_EDITABLE: 'A meeting can be edited only while it is a draft or returned.',
    E_INCOMPLETE: 'Some details are missing: it cannot be submitted yet.',
    E_INVALID: 'Something entered is not valid.',
    E_BAD_REFERENCE: 'A person or unit is no longer in the directory.',
    E_DEADLINE_PASSED: 'Answers to this invitation have closed.',
    E_NOT_INVITED: 'You are not on the invitation.',
    E_BAD_SUBSTITUTE: 'This person cannot substitute (they already take part in another capacity).',
    E_BAD_ATTENDEE:
      'This person cannot attend for the unit: they must be an active member of it, not already taking part in another capacity.',
    E_UNKNOWN_ITEM: 'This item is not on the agenda.',
    E_UNKNOWN_SEAT: 'This seat is not in the room’s seat plan.',
    E_NOT_PARTICIPANT: 'This person does not sit at a seat in this meeting.',
    E_ROOM_BUSY: 'Another meeting is in session in this room.',
    E_OTHER_ROOM: 'This meeting is planned for another room.',
    E_CSRF: 'Your session changed. Reload the page.',
    E_PASSWORD_CHANGE_REQUIRED: 'Change your password first.',
    E_FORBIDDEN: 'You may not do this.',
    E_UNAUTHENTICATED: 'Please log in.',
    E_NOT_FOUND: 'Meeting not found.',
  },
};

export const MEETING_MESSAGES = { vi, en } as const satisfies Record<'vi' | 'en', MeetingMessages>;

/** The meeting strings in the current language (follows the toggle like `t`). */
export const tm = computed<MeetingMessages>(() => MEETING_MESSAGES[lang.value]);

/**
 * A refusal of a meeting route as a sentence: our words for the code, and the server's message
 * after it (it names the missing field or the conflicting person), else the dashboard's own table.
 */
export function meetingErrorText(code: string, message: string): string {
  const m = tm.value;
  if ((MEETING_ERROR_CODES as readonly string[]).includes(code)) {
    const ours = m.errors[code as MeetingErrorCode];
    // The server's words add the field or person concerned; the missing list already says what is missing.
    return message && code !== 'E_CSRF' && code !== 'E_INCOMPLETE' ? `${ours} (${message})` : ours;
  }
  return errorText(t.value, code, message);
}
