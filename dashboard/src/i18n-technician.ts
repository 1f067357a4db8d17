// The technician's device page strings (vi, en), part of `Messages` (i18n.ts) as `tech`: both tables
// are typed by `TechnicianMessages`, so a missing translation is a type error here too. Driver
// titles, descriptions, status messages and schema errors come from the appliance as written.
import type { DeviceView } from './room-store.ts';

/** What a device's badge says: its status, or `disabled` when the technician turned it off. */
export type DeviceBadge = DeviceView['status']['status'] | 'disabled';

export interface TechnicianMessages {
  role: string;
  pageTitle: string;
  wrongDevice: string;
  badge: Record<DeviceBadge, string>;
  deviceCount: (n: number) => string;
  okCount: (n: number) => string;
  failingCount: (n: number) => string;
  loading: string;
  noDevices: string;
  noDevicesHint: string;
  addDevice: string;
  since: (clock: string) => string;
  ago: (ms: number) => string;
  lastError: string;
  alarmsN: (n: number) => string;
  restart: string;
  disable: string;
  enable: string;
  edit: string;
  remove: string;
  confirmRemove: string;
  unknownDriver: string;
  selectHint: string;
  statusDetail: string;
  alarms: string;
  noAlarms: string;
  problems: string;
  problemsHint: string;
  counters: string;
  noCounters: string;
  /** Labels of the counters drivers report; an unknown key is shown as the driver names it. */
  counterLabels: Record<string, string>;
  details: string;
  noDetails: string;
  yes: string;
  no: string;
  traffic: string;
  trafficNote: string;
  viewHex: string;
  viewLines: string;
  pause: string;
  resume: string;
  live: string;
  paused: string;
  dirOut: string;
  dirIn: string;
  noTraffic: string;
  bytes: (n: number) => string;
  truncated: (shown: number, total: number) => string;
  commands: string;
  noCommands: string;
  command: string;
  send: string;
  result: string;
  commandDone: string;
  commandFailed: string;
  addTitle: string;
  editTitle: (id: string) => string;
  driver: string;
  deviceId: string;
  deviceIdHint: string;
  transport: string;
  transportHint: (schemes: string) => string;
  example: string;
  useExample: string;
  disabledField: string;
  disabledHint: string;
  options: string;
  optionsHint: string;
  optionsHelp: string;
  defaultValue: (v: string) => string;
  badJson: (why: string) => string;
  notAnObject: string;
  formInvalid: string;
  create: string;
  save: string;
  cancel: string;
  close: string;
}

export const technicianVi: TechnicianMessages = {
  role: 'Kỹ thuật viên',
  pageTitle: 'Thiết bị phòng họp',
  wrongDevice: 'Mã truy cập này không phải của kỹ thuật viên.',
  badge: {
    ok: 'Hoạt động',
    connecting: 'Đang kết nối',
    disconnected: 'Mất kết nối',
    connection_failure: 'Không kết nối được',
    bad_config: 'Cấu hình sai',
    protocol_error: 'Lỗi giao thức',
    disabled: 'Đã tắt',
  },
  deviceCount: (n) => `${n} thiết bị`,
  okCount: (n) => `${n} hoạt động`,
  failingCount: (n) => `${n} cần kiểm tra`,
  loading: 'Đang tải danh sách thiết bị…',
  noDevices: 'Chưa có thiết bị nào',
  noDevicesHint: 'Thêm hệ thống hội nghị, bàn trộn âm thanh hoặc camera của phòng họp.',
  addDevice: 'Thêm thiết bị',
  since: (clock) => `từ ${clock}`,
  ago: (ms) => {
    const s = Math.floor(ms / 1000);
    if (s < 5) return 'vừa xong';
    if (s < 60) return `${s} giây trước`;
    if (s < 3600) return `${Math.floor(s / 60)} phút trước`;
    if (s < 86_400) return `${Math.floor(s / 3600)} giờ trước`;
    return `${Math.floor(s / 86_400)} ngày trước`;
  },
  lastError: 'Lỗi gần nhất',
  alarmsN: (n) => `${n} cảnh báo`,
  restart: 'Khởi động lại',
  disable: 'Tắt',
  enable: 'Bật',
  edit: 'Sửa',
  remove: 'Xóa',
  confirmRemove: 'Nhấn lần nữa để xóa',
  unknownDriver: 'Trình điều khiển không rõ',
  selectHint: 'Chọn một thiết bị trong danh sách để xem chi tiết, dữ liệu truyền và gửi lệnh thử.',
  statusDetail: 'Chi tiết trạng thái',
  alarms: 'Cảnh báo',
  noAlarms: 'Không có cảnh báo',
  problems: 'Lỗi trong tệp cấu hình',
  problemsHint: 'Thiết bị không chạy cho đến khi các lỗi này được sửa.',
  counters: 'Bộ đếm',
  noCounters: 'Thiết bị chưa chạy nên chưa có bộ đếm.',
  counterLabels: {
    bytesIn: 'Byte nhận',
    bytesOut: 'Byte gửi',
    linesIn: 'Dòng nhận',
    linesOut: 'Dòng gửi',
    framesIn: 'Khung nhận',
    framesOut: 'Khung gửi',
    datagramsIn: 'Gói UDP nhận',
    datagramsOut: 'Gói UDP gửi',
    messagesIn: 'Bản tin nhận',
    messagesOut: 'Bản tin gửi',
    commandsOut: 'Lệnh đã gửi',
    discarded: 'Bị loại bỏ',
    discards: 'Lần loại bỏ',
    discardedBytes: 'Byte bị loại bỏ',
    dropped: 'Bị bỏ',
    malformed: 'Sai định dạng',
    unknown: 'Không nhận ra',
    unknownLines: 'Dòng không nhận ra',
    unknownReplies: 'Phản hồi không nhận ra',
    staleReplies: 'Phản hồi quá hạn',
    commandErrors: 'Lỗi lệnh',
    cameraErrors: 'Lỗi camera',
    reconnects: 'Kết nối lại',
    retries: 'Gửi lại',
    timeouts: 'Hết thời gian chờ',
    inferredPresses: 'Lần nhấn suy ra',
    streamFrames: 'Khung trạng thái micro',
    voteFrames: 'Khung biểu quyết',
    cameraFrames: 'Khung camera',
    recalls: 'Gọi vị trí đặt sẵn',
    recallsCompleted: 'Gọi vị trí hoàn tất',
    deskChanges: 'Thay đổi từ bàn trộn',
    queued: 'Đang chờ gửi',
    alarms: 'Cảnh báo',
    unmappedSeats: 'Ghế chưa gán',
  },
  details: 'Trạng thái thiết bị báo về',
  noDetails: 'Chưa có thông tin từ thiết bị.',
  yes: 'có',
  no: 'không',
  traffic: 'Dữ liệu truyền thô',
  trafficNote: '200 gói gần nhất, đúng như trên đường truyền',
  viewHex: 'Hex',
  viewLines: 'Dòng',
  pause: 'Tạm dừng',
  resume: 'Tiếp tục',
  live: 'Trực tiếp',
  paused: 'Đã tạm dừng',
  dirOut: 'Gửi',
  dirIn: 'Nhận',
  noTraffic: 'Chưa có dữ liệu truyền.',
  bytes: (n) => `${n} byte`,
  truncated: (shown, total) => `chỉ hiện ${shown}/${total} byte`,
  commands: 'Lệnh thử',
  noCommands: 'Trình điều khiển này không có lệnh thử.',
  command: 'Lệnh',
  send: 'Gửi lệnh',
  result: 'Kết quả',
  commandDone: 'Thiết bị đã trả lời',
  commandFailed: 'Lệnh không thực hiện được',
  addTitle: 'Thêm thiết bị',
  editTitle: (id) => `Sửa thiết bị ${id}`,
  driver: 'Trình điều khiển',
  deviceId: 'Mã thiết bị',
  deviceIdHint: 'Chữ thường, số và dấu gạch ngang, ví dụ hoi-nghi-1. Đây cũng là tên tệp cấu hình.',
  transport: 'Kết nối',
  transportHint: (schemes) => `Địa chỉ dạng URL. Trình điều khiển này hỗ trợ: ${schemes}`,
  example: 'Ví dụ',
  useExample: 'Dùng ví dụ',
  disabledField: 'Tạm tắt thiết bị',
  disabledHint: 'Lưu cấu hình nhưng không kết nối',
  options: 'Tùy chọn (JSON)',
  optionsHint: 'Để {} nếu dùng giá trị mặc định.',
  optionsHelp: 'Các tùy chọn của trình điều khiển',
  defaultValue: (v) => `mặc định ${v}`,
  badJson: (why) => `JSON không hợp lệ: ${why}`,
  notAnObject: 'Tùy chọn phải là một đối tượng JSON: { … }',
  formInvalid: 'Cấu hình chưa hợp lệ, chưa lưu gì. Xem các ô được đánh dấu.',
  create: 'Thêm thiết bị',
  save: 'Lưu và khởi động lại',
  cancel: 'Hủy',
  close: 'Đóng',
};

export const technicianEn: TechnicianMessages = {
  role: 'Technician',
  pageTitle: 'Room devices',
  wrongDevice: "This access key is not the technician's.",
  badge: {
    ok: 'OK',
    connecting: 'Connecting',
    disconnected: 'Disconnected',
    connection_failure: 'Connection failure',
    bad_config: 'Bad configuration',
    protocol_error: 'Protocol error',
    disabled: 'Disabled',
  },
  deviceCount: (n) => (n === 1 ? '1 device' : `${n} devices`),
  okCount: (n) => `${n} OK`,
  failingCount: (n) => `${n} to check`,
  loading: 'Loading the devices…',
  noDevices: 'No devices yet',
  noDevicesHint: "Add the room's conference system, audio mixer or cameras.",
  addDevice: 'Add device',
  since: (clock) => `since ${clock}`,
  ago: (ms) => {
    const s = Math.floor(ms / 1000);
    if (s < 5) return 'just now';
    if (s < 60) return `${s} s ago`;
    if (s < 3600) return `${Math.floor(s / 60)} min ago`;
    if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
    return `${Math.floor(s / 86_400)} d ago`;
  },
  lastError: 'Last error',
  alarmsN: (n) => (n === 1 ? '1 alarm' : `${n} alarms`),
  restart: 'Restart',
  disable: 'Disable',
  enable: 'Enable',
  edit: 'Edit',
  remove: 'Remove',
  confirmRemove: 'Press again to remove',
  unknownDriver: 'Unknown driver',
  selectHint: 'Select a device in the list to see its details and raw traffic and to send test commands.',
  statusDetail: 'Status detail',
  alarms: 'Alarms',
  noAlarms: 'No alarms',
  problems: 'Problems in the configuration file',
  problemsHint: 'The device does not run until these are fixed.',
  counters: 'Counters',
  noCounters: 'The device is not running, so it has no counters.',
  counterLabels: {
    bytesIn: 'Bytes in',
    bytesOut: 'Bytes out',
    linesIn: 'Lines in',
    linesOut: 'Lines out',
    framesIn: 'Frames in',
    framesOut: 'Frames out',
    datagramsIn: 'Datagrams in',
    datagramsOut: 'Datagrams out',
    messagesIn: 'Messages in',
    messagesOut: 'Messages out',
    commandsOut: 'Commands sent',
    discarded: 'Discarded',
    discards: 'Discards',
    discardedBytes: 'Bytes discarded',
    dropped: 'Dropped',
    malformed: 'Malformed',
    unknown: 'Unknown',
    unknownLines: 'Unknown lines',
    unknownReplies: 'Unknown replies',
    staleReplies: 'Stale replies',
    commandErrors: 'Command errors',
    cameraErrors: 'Camera errors',
    reconnects: 'Reconnects',
    retries: 'Retries',
    timeouts: 'Timeouts',
    inferredPresses: 'Inferred presses',
    streamFrames: 'Mic stream frames',
    voteFrames: 'Vote frames',
    cameraFrames: 'Camera frames',
    recalls: 'Preset recalls',
    recallsCompleted: 'Recalls completed',
    deskChanges: 'Desk changes',
    queued: 'Queued',
    alarms: 'Alarms',
    unmappedSeats: 'Unmapped seats',
  },
  details: 'What the device reports',
  noDetails: 'Nothing reported by the device yet.',
  yes: 'yes',
  no: 'no',
  traffic: 'Raw traffic',
  trafficNote: 'The last 200 chunks, as they were on the wire',
  viewHex: 'Hex',
  viewLines: 'Lines',
  pause: 'Pause',
  resume: 'Resume',
  live: 'Live',
  paused: 'Paused',
  dirOut: 'Out',
  dirIn: 'In',
  noTraffic: 'No traffic yet.',
  bytes: (n) => (n === 1 ? '1 byte' : `${n} bytes`),
  truncated: (shown, total) => `showing ${shown} of ${total} bytes`,
  commands: 'Test commands',
  noCommands: 'This driver has no test commands.',
  command: 'Command',
  send: 'Send',
  result: 'Result',
  commandDone: 'The device answered',
  commandFailed: 'The command failed',
  addTitle: 'Add a device',
  editTitle: (id) => `Edit device ${id}`,
  driver: 'Driver',
  deviceId: 'Device id',
  deviceIdHint: 'Lower-case letters, digits and dashes, e.g. conference-1. It is also the file name.',
  transport: 'Transport',
  transportHint: (schemes) => `A URL. This driver works over: ${schemes}`,
  example: 'Example',
  useExample: 'Use example',
  disabledField: 'Disabled',
  disabledHint: 'Keep the configuration but do not connect',
  options: 'Options (JSON)',
  optionsHint: 'Leave {} for the defaults.',
  optionsHelp: "The driver's options",
  defaultValue: (v) => `default ${v}`,
  badJson: (why) => `Not valid JSON: ${why}`,
  notAnObject: 'Options must be a JSON object: { … }',
  formInvalid: 'The configuration is not valid; nothing was saved. See the marked fields.',
  create: 'Add device',
  save: 'Save and restart',
  cancel: 'Cancel',
  close: 'Close',
};
