// Strings of the pages people log in to (vi, en): login, account (password), home, the top bar's
// person, the administration pages (units, persons, committees) and the audit log. Both tables are
// typed by `AdminMessages`, so a missing translation is a type error; `ta` follows the language
// signal of i18n.ts. Names, titles and the appliance's own messages are shown as written.
import { computed } from '@preact/signals';
import type { GlobalRole } from '../../appliance/src/people/roles.ts';
import { lang } from './i18n.ts';

/** Why the appliance sent the browser back from the SSO provider to `/login?sso=…` (sso-routes.ts). */
export const SSO_OUTCOMES = ['unknown', 'error', 'expired', 'disabled', 'unavailable'] as const;
export type SsoOutcome = (typeof SSO_OUTCOMES)[number];

/** The audit page's presets: kinds of events by type prefix (`GET /api/audit?type=`). */
export const AUDIT_PRESETS = {
  logins: 'auth.',
  directory: 'person.,account.,unit.,committee.',
  meetings: 'meeting.',
  devices: 'device.',
  all: '',
} as const;
export type AuditPreset = keyof typeof AUDIT_PRESETS;

const pad = (n: number) => String(n).padStart(2, '0');
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const VI_DAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const time = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

export interface AdminMessages {
  // --- shared ---
  loading: string;
  retry: string;
  save: string;
  saving: string;
  saved: string;
  cancel: string;
  close: string;
  optional: string;
  required: string;
  never: string;
  /** 14:05 01/12/2026 */
  dateTime: (ms: number) => string;
  date: (ms: number) => string;
  /** Thứ Ba, 01/12/2026 */
  dayHeading: (ms: number) => string;
  timeOfDay: (ms: number) => string;
  /** "trong 3 ngày nữa", "2 giờ trước" */
  relative: (ms: number, now: number) => string;
  roles: Record<GlobalRole, string>;
  roleHints: Record<GlobalRole, string>;
  pages: {
    home: string;
    admin: string;
    audit: string;
    technician: string;
    meetings: string;
    display: string;
    account: string;
  };

  // --- the person in the top bar, gates ---
  signedInAs: string;
  logout: string;
  loggingOut: string;
  changePassword: string;
  checkingSession: string;
  loginNeededTitle: string;
  loginNeededBody: string;
  loginButton: string;
  noRoleTitle: string;
  noRoleBody: (page: string, roles: string) => string;
  backHome: string;
  unreachableTitle: string;
  unreachableBody: string;
  sessionEnded: string;
  sessionEndedLink: string;
  mustChangeFirst: string;

  // --- login ---
  login: {
    title: string;
    subtitle: string;
    username: string;
    password: string;
    showPassword: string;
    hidePassword: string;
    submit: string;
    submitting: string;
    or: string;
    ssoButton: (label: string) => string;
    missing: string;
    failed: string;
    locked: (minutes: number | null) => string;
    rateLimited: (seconds: number) => string;
    otpExpired: string;
    network: string;
    other: (message: string) => string;
    sso: Record<SsoOutcome, string>;
    ssoOther: (why: string) => string;
    alreadyIn: (name: string) => string;
    continueAs: string;
    otherAccount: string;
    firstTime: string;
  };

  // --- account: change the password ---
  account: {
    title: string;
    forcedTitle: string;
    mustChange: string;
    expired: string;
    voluntary: string;
    expiresOn: (date: string) => string;
    current: string;
    currentOneTime: string;
    next: string;
    repeat: string;
    submit: string;
    submitting: string;
    rules: string;
    ruleLength: (min: number) => string;
    ruleClasses: string;
    ruleClassesDetail: (have: number) => string;
    ruleName: string;
    ruleCommon: string;
    ruleHistory: string;
    ruleSame: string;
    ruleMatch: string;
    mismatch: string;
    sameAsCurrent: string;
    problems: {
      too_short: (min: number) => string;
      too_long: (max: number) => string;
      too_simple: string;
      contains_name: string;
      common: string;
      reused: (last: number) => string;
    };
    wrongCurrent: string;
    refused: string;
    ssoOnly: string;
    done: string;
    doneBody: string;
    continue: string;
    currentMissing: string;
    showPasswords: string;
  };

  // --- home ---
  home: {
    welcome: (name: string) => string;
    intro: string;
    loginPrompt: string;
    mustChange: string;
    tiles: Record<'admin' | 'audit' | 'technician' | 'meetings' | 'display' | 'account', string>;
    paired: string;
  };

  // --- administration ---
  admin: {
    title: string;
    scopeAll: string;
    scopeUnit: (unit: string) => string;
    tabs: { persons: string; units: string; committees: string; audit: string };
    // persons
    search: string;
    searchPlaceholder: string;
    unit: string;
    allUnits: string;
    role: string;
    anyRole: string;
    state: string;
    activeOnly: string;
    inactiveOnly: string;
    anyState: string;
    addPerson: string;
    personsCount: (n: number) => string;
    noPersons: string;
    noAccount: string;
    inactive: string;
    active: string;
    selectPerson: string;
    fullName: string;
    titleField: string;
    email: string;
    phone: string;
    username: string;
    usernameHint: string;
    usernameNone: string;
    ssoSubject: string;
    ssoSubjectHint: string;
    details: string;
    rolesTitle: string;
    rolesSysadminOnly: string;
    saveRoles: string;
    rolesSaved: string;
    detailsSaved: string;
    createTitle: string;
    create: string;
    creating: string;
    created: (name: string) => string;
    accountTitle: string;
    accountStatus: string;
    statusOk: string;
    statusMustChange: string;
    statusExpired: string;
    statusLocked: (until: string) => string;
    passwordExpires: string;
    lockedUntil: string;
    notLocked: string;
    failedLogins: string;
    lastLogin: string;
    resetPassword: string;
    resetConfirm: (name: string) => string;
    resetConfirmBody: string;
    createAccount: string;
    createAccountHint: string;
    deactivate: string;
    activate: string;
    deactivateConfirm: (name: string) => string;
    deactivateBody: string;
    activateConfirm: (name: string) => string;
    activateBody: string;
    deactivated: string;
    activated: string;
    // one-time password dialog
    otpTitle: string;
    otpFor: (name: string) => string;
    otpUsername: string;
    otpPassword: string;
    otpCopy: string;
    otpCopied: string;
    otpCopyFailed: string;
    otpExpires: (when: string) => string;
    otpOnce: string;
    otpMustChange: string;
    otpDone: string;
    // units
    units: string;
    unitName: string;
    shortName: string;
    parentUnit: string;
    noParent: string;
    expiryDays: string;
    expiryDaysHint: string;
    expiresEvery: (days: number) => string;
    addUnit: string;
    unitCreated: (name: string) => string;
    unitsOnlySysadmin: string;
    peopleIn: (n: number) => string;
    rename: string;
    unitDeactivate: string;
    unitActivate: string;
    unitDeactivateConfirm: (name: string) => string;
    unitDeactivateBody: string;
    unitActivateConfirm: (name: string) => string;
    unitActivateBody: string;
    unitInactive: string;
    // committees
    committees: string;
    committeeName: string;
    committeeUnit: string;
    noUnit: string;
    addCommittee: string;
    committeeCreated: (name: string) => string;
    members: string;
    membersCount: (n: number) => string;
    noMembers: string;
    addMember: string;
    addMemberPlaceholder: string;
    removeMember: string;
    noCommittees: string;
    committeeDeactivate: string;
    committeeActivate: string;
    committeeDeactivateBody: string;
    committeeActivateBody: string;
    editMembers: string;
    // errors in forms
    fieldErrors: string;
    invalid: Record<
      | 'fullName'
      | 'title'
      | 'email'
      | 'phone'
      | 'username'
      | 'usernameTaken'
      | 'name'
      | 'shortName'
      | 'expiryDays'
      | 'ssoSubject',
      string
    >;
    saveFirst: string;
  };

  // --- audit ---
  audit: {
    title: string;
    presets: Record<AuditPreset, string>;
    person: string;
    anyPerson: string;
    from: string;
    to: string;
    text: string;
    textPlaceholder: string;
    clear: string;
    exportCsv: string;
    exportHint: string;
    older: string;
    loadingOlder: string;
    shown: (n: number) => string;
    end: string;
    empty: string;
    unitScope: string;
    types: Record<string, string>;
    groups: Record<string, string>;
    actors: {
      public: string;
      appliance: string;
      chair: (seat: string) => string;
      delegate: (seat: string) => string;
      device: (id: string) => string;
      unknownPerson: (id: string) => string;
    };
    reasons: Record<string, string>;
    keys: Record<string, string>;
    via: Record<'password' | 'sso', string>;
    rawDetails: string;
    restricted: string;
    rows: (n: number) => string;
    renewed: string;
  };

  /** Refusals of these pages' API calls; other codes fall back to `errors` in i18n.ts. */
  errors: Record<string, string>;
}

export const adminVi: AdminMessages = {
  loading: 'Đang tải…',
  retry: 'Thử lại',
  save: 'Lưu',
  saving: 'Đang lưu…',
  saved: 'Đã lưu',
  cancel: 'Hủy',
  close: 'Đóng',
  optional: 'không bắt buộc',
  required: 'bắt buộc',
  never: 'Chưa bao giờ',
  dateTime: (ms) => {
    const d = new Date(ms);
    return `${time(d)} ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  },
  date: (ms) => {
    const d = new Date(ms);
    return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  },
  dayHeading: (ms) => {
    const d = new Date(ms);
    return `${VI_DAYS[d.getDay()]}, ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  },
  timeOfDay: (ms) => {
    const d = new Date(ms);
    return `${time(d)}:${pad(d.getSeconds())}`;
  },
  relative: (ms, now) => {
    const diff = ms - now;
    const a = Math.abs(diff);
    const n =
      a < 3_600_000
        ? `${Math.max(1, Math.round(a / 60_000))} phút`
        : a < 172_800_000
          ? `${Math.round(a / 3_600_000)} giờ`
          : `${Math.round(a / 86_400_000)} ngày`;
    return diff >= 0 ? `còn ${n}` : `${n} trước`;
  },
  roles: {
    sysadmin: 'Quản trị hệ thống',
    unit_admin: 'Quản trị đơn vị',
    organiser: 'Tổ chức cuộc họp',
    technician: 'Kỹ thuật viên',
  },
  roleHints: {
    sysadmin: 'Toàn quyền: mọi đơn vị, người dùng, thiết bị và nhật ký',
    unit_admin: 'Quản lý người dùng và ban chỉ đạo của đơn vị mình',
    organiser: 'Đăng ký và chuẩn bị cuộc họp',
    technician: 'Theo dõi và cấu hình thiết bị phòng họp',
  },
  pages: {
    home: 'Trang chủ',
    admin: 'Quản trị',
    audit: 'Nhật ký hệ thống',
    technician: 'Thiết bị phòng họp',
    meetings: 'Cuộc họp',
    display: 'Màn hình phòng họp',
    account: 'Tài khoản',
  },

  signedInAs: 'Đang đăng nhập',
  logout: 'Đăng xuất',
  loggingOut: 'Đang đăng xuất…',
  changePassword: 'Đổi mật khẩu',
  checkingSession: 'Đang kiểm tra đăng nhập…',
  loginNeededTitle: 'Cần đăng nhập',
  loginNeededBody: 'Trang này dành cho người đã đăng nhập. Hãy đăng nhập bằng tài khoản của bạn.',
  loginButton: 'Đăng nhập',
  noRoleTitle: 'Bạn không có quyền mở trang này',
  noRoleBody: (page, roles) =>
    `Trang “${page}” dành cho: ${roles}. Nếu bạn cần dùng, hãy nhờ quản trị viên cấp vai trò.`,
  backHome: 'Về trang chủ',
  unreachableTitle: 'Không liên lạc được với thiết bị phòng họp',
  unreachableBody: 'Kiểm tra kết nối mạng rồi thử lại.',
  sessionEnded: 'Phiên đăng nhập đã kết thúc. Những gì bạn đã nhập vẫn còn trên trang này.',
  sessionEndedLink: 'Đăng nhập lại (thẻ mới), rồi bấm lưu lần nữa',
  mustChangeFirst: 'Bạn cần đổi mật khẩu trước khi dùng hệ thống.',

  login: {
    title: 'Đăng nhập',
    subtitle: 'Hệ thống phòng họp không giấy',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    showPassword: 'Hiện',
    hidePassword: 'Ẩn',
    submit: 'Đăng nhập',
    submitting: 'Đang đăng nhập…',
    or: 'hoặc',
    ssoButton: (label) => `Đăng nhập bằng ${label}`,
    missing: 'Hãy nhập tên đăng nhập và mật khẩu.',
    failed: 'Sai tên đăng nhập hoặc mật khẩu. Hãy kiểm tra lại (chữ hoa, chữ thường, bộ gõ tiếng Việt).',
    locked: (min) =>
      `Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Hãy thử lại sau ${min ?? 'vài'} phút, hoặc nhờ quản trị viên cấp lại mật khẩu.`,
    rateLimited: (s) =>
      `Có quá nhiều lần đăng nhập từ máy này. Hãy đợi ${s >= 60 ? `${Math.ceil(s / 60)} phút` : `${s} giây`} rồi thử lại.`,
    otpExpired: 'Mật khẩu dùng một lần này đã hết hạn. Hãy nhờ quản trị viên cấp mật khẩu mới cho bạn.',
    network: 'Không kết nối được với thiết bị phòng họp. Kiểm tra mạng rồi thử lại.',
    other: (message) => `Không đăng nhập được: ${message}`,
    sso: {
      unknown:
        'Tài khoản của bạn trên hệ thống đăng nhập một lần chưa được gắn với người dùng nào ở đây. Hãy nhờ quản trị viên gắn tài khoản.',
      error: 'Đăng nhập một lần không thành công. Hãy thử lại, hoặc đăng nhập bằng tài khoản của hệ thống.',
      expired: 'Lượt đăng nhập một lần đã quá thời gian. Hãy bấm đăng nhập lại.',
      disabled: 'Tài khoản của bạn đã ngừng hoạt động. Hãy liên hệ quản trị viên.',
      unavailable: 'Hệ thống đăng nhập một lần đang không trả lời. Hãy thử lại sau hoặc dùng mật khẩu.',
    },
    ssoOther: (why) => `Đăng nhập một lần không thành công (${why}).`,
    alreadyIn: (name) => `Bạn đang đăng nhập với tên ${name}.`,
    continueAs: 'Tiếp tục',
    otherAccount: 'Đăng nhập tài khoản khác',
    firstTime:
      'Lần đầu đăng nhập? Dùng mật khẩu dùng một lần do quản trị viên cấp; bạn sẽ được yêu cầu đặt mật khẩu riêng.',
  },

  account: {
    title: 'Đổi mật khẩu',
    forcedTitle: 'Đặt mật khẩu của bạn',
    mustChange:
      'Bạn đang dùng mật khẩu dùng một lần. Hãy đặt mật khẩu riêng trước khi tiếp tục; chỉ bạn biết mật khẩu này.',
    expired: 'Mật khẩu của bạn đã hết hạn. Hãy đặt mật khẩu mới để tiếp tục.',
    voluntary: 'Mật khẩu mới có hiệu lực ngay; các phiên đăng nhập khác của bạn sẽ kết thúc.',
    expiresOn: (date) => `Mật khẩu hiện tại hết hạn ngày ${date}.`,
    current: 'Mật khẩu hiện tại',
    currentOneTime: 'Mật khẩu dùng một lần',
    next: 'Mật khẩu mới',
    repeat: 'Nhập lại mật khẩu mới',
    submit: 'Đổi mật khẩu',
    submitting: 'Đang đổi…',
    rules: 'Mật khẩu mới cần',
    ruleLength: (min) => `Ít nhất ${min} ký tự`,
    ruleClasses: 'Có 3 trong 4 loại: chữ thường, chữ hoa, chữ số, ký hiệu',
    ruleClassesDetail: (have) => `hiện có ${have}/4`,
    ruleName: 'Không chứa họ tên hoặc tên đăng nhập của bạn',
    ruleCommon: 'Không phải mật khẩu phổ biến (như “Matkhau@1234”)',
    ruleHistory: 'Khác 5 mật khẩu gần nhất',
    ruleSame: 'Khác mật khẩu hiện tại',
    ruleMatch: 'Hai lần nhập giống nhau',
    mismatch: 'Hai lần nhập mật khẩu mới chưa giống nhau.',
    sameAsCurrent: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
    problems: {
      too_short: (min) => `Mật khẩu mới quá ngắn: cần ít nhất ${min} ký tự.`,
      too_long: (max) => `Mật khẩu mới quá dài: tối đa ${max} ký tự.`,
      too_simple: 'Mật khẩu mới quá đơn giản: cần 3 trong 4 loại chữ thường, chữ hoa, chữ số, ký hiệu.',
      contains_name: 'Mật khẩu mới không được chứa họ tên hoặc tên đăng nhập của bạn.',
      common: 'Mật khẩu mới quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.',
      reused: (last) => `Mật khẩu mới phải khác ${last} mật khẩu gần nhất của bạn.`,
    },
    wrongCurrent: 'Mật khẩu hiện tại không đúng.',
    refused: 'Chưa đổi được mật khẩu: xem các điểm được đánh dấu.',
    ssoOnly: 'Bạn đăng nhập bằng đăng nhập một lần (SSO); mật khẩu được quản lý ở hệ thống đó.',
    done: 'Đã đổi mật khẩu',
    doneBody: 'Từ nay hãy đăng nhập bằng mật khẩu mới.',
    continue: 'Tiếp tục',
    currentMissing: 'Hãy nhập mật khẩu bạn đang dùng.',
    showPasswords: 'Hiện mật khẩu',
  },

  home: {
    welcome: (name) => `Xin chào, ${name}`,
    intro: 'Chọn việc bạn muốn làm',
    loginPrompt: 'Đăng nhập để quản lý cuộc họp, người dùng và thiết bị phòng họp.',
    mustChange: 'Bạn cần đặt mật khẩu riêng trước khi dùng hệ thống.',
    tiles: {
      admin: 'Đơn vị, người dùng, vai trò, ban chỉ đạo',
      audit: 'Nhật ký đăng nhập và thao tác, xuất CSV',
      technician: 'Trạng thái, cấu hình và lệnh thử thiết bị',
      meetings: 'Lịch họp, giấy mời, chương trình họp',
      display: 'Màn hình chung của phòng họp',
      account: 'Đổi mật khẩu của bạn',
    },
    paired: 'Bàn chủ tọa và máy tính bảng đại biểu được mở bằng đường liên kết ghép nối riêng.',
  },

  admin: {
    title: 'Quản trị',
    scopeAll: 'Toàn hệ thống',
    scopeUnit: (unit) => `Đơn vị: ${unit}`,
    tabs: { persons: 'Người dùng', units: 'Đơn vị', committees: 'Ban chỉ đạo', audit: 'Nhật ký' },
    search: 'Tìm kiếm',
    searchPlaceholder: 'Họ tên hoặc tên đăng nhập',
    unit: 'Đơn vị',
    allUnits: 'Tất cả đơn vị',
    role: 'Vai trò',
    anyRole: 'Mọi vai trò',
    state: 'Trạng thái',
    activeOnly: 'Đang hoạt động',
    inactiveOnly: 'Đã ngừng',
    anyState: 'Tất cả',
    addPerson: 'Thêm người dùng',
    personsCount: (n) => `${n} người`,
    noPersons: 'Không có ai khớp với bộ lọc.',
    noAccount: 'Chưa có tài khoản',
    inactive: 'Đã ngừng',
    active: 'Đang hoạt động',
    selectPerson: 'Chọn một người trong danh sách để xem và sửa.',
    fullName: 'Họ và tên',
    titleField: 'Chức vụ',
    email: 'Thư điện tử',
    phone: 'Điện thoại',
    username: 'Tên đăng nhập',
    usernameHint:
      'Chữ thường không dấu, số và . _ - (3–64 ký tự), ví dụ nguyen.van.an. Để trống nếu chưa cần.',
    usernameNone: 'Không có',
    ssoSubject: 'Mã SSO',
    ssoSubjectHint: 'Mã định danh của người này trên hệ thống SSO của tỉnh, nếu có.',
    details: 'Thông tin',
    rolesTitle: 'Vai trò',
    rolesSysadminOnly: 'Chỉ quản trị hệ thống mới cấp hoặc bỏ vai trò này.',
    saveRoles: 'Lưu vai trò',
    rolesSaved: 'Đã lưu vai trò',
    detailsSaved: 'Đã lưu thông tin',
    createTitle: 'Thêm người dùng',
    create: 'Thêm người dùng',
    creating: 'Đang thêm…',
    created: (name) => `Đã thêm ${name}`,
    accountTitle: 'Tài khoản đăng nhập',
    accountStatus: 'Tình trạng',
    statusOk: 'Đang dùng bình thường',
    statusMustChange: 'Chờ đổi mật khẩu lần đầu',
    statusExpired: 'Mật khẩu đã hết hạn',
    statusLocked: (until) => `Đang bị khóa đến ${until}`,
    passwordExpires: 'Mật khẩu hết hạn',
    lockedUntil: 'Khóa đến',
    notLocked: 'Không bị khóa',
    failedLogins: 'Số lần đăng nhập sai liên tiếp',
    lastLogin: 'Đăng nhập gần nhất',
    resetPassword: 'Cấp lại mật khẩu',
    resetConfirm: (name) => `Cấp lại mật khẩu cho ${name}?`,
    resetConfirmBody:
      'Mật khẩu hiện tại sẽ không dùng được nữa và các phiên đăng nhập của người này kết thúc. Bạn sẽ nhận một mật khẩu dùng một lần để trao cho họ.',
    createAccount: 'Tạo tài khoản',
    createAccountHint: 'Người này chưa có tài khoản đăng nhập bằng mật khẩu.',
    deactivate: 'Ngừng hoạt động',
    activate: 'Kích hoạt lại',
    deactivateConfirm: (name) => `Ngừng hoạt động ${name}?`,
    deactivateBody:
      'Người này sẽ không đăng nhập được nữa và các phiên đang mở kết thúc ngay. Không có gì bị xóa: có thể kích hoạt lại bất cứ lúc nào.',
    activateConfirm: (name) => `Kích hoạt lại ${name}?`,
    activateBody: 'Người này sẽ đăng nhập lại được bằng tài khoản của mình.',
    deactivated: 'Đã ngừng hoạt động',
    activated: 'Đã kích hoạt lại',
    otpTitle: 'Mật khẩu dùng một lần',
    otpFor: (name) => `Cho ${name}`,
    otpUsername: 'Tên đăng nhập',
    otpPassword: 'Mật khẩu',
    otpCopy: 'Sao chép',
    otpCopied: 'Đã sao chép',
    otpCopyFailed: 'Không sao chép được: hãy chép tay',
    otpExpires: (when) => `Hết hạn lúc ${when}`,
    otpOnce: 'Mật khẩu chỉ hiện một lần này. Hãy trao tận tay cho người dùng.',
    otpMustChange: 'Người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên.',
    otpDone: 'Tôi đã ghi lại',
    units: 'Đơn vị',
    unitName: 'Tên đơn vị',
    shortName: 'Tên viết tắt',
    parentUnit: 'Trực thuộc',
    noParent: 'Không trực thuộc đơn vị nào',
    expiryDays: 'Đổi mật khẩu sau (ngày)',
    expiryDaysHint: 'Để trống: theo quy định chung. Chỉ có tác dụng khi ngắn hơn quy định chung.',
    expiresEvery: (days) => `đổi mật khẩu mỗi ${days} ngày`,
    addUnit: 'Thêm đơn vị',
    unitCreated: (name) => `Đã thêm đơn vị ${name}`,
    unitsOnlySysadmin: 'Chỉ quản trị hệ thống mới thêm, đổi tên hoặc ngừng hoạt động đơn vị.',
    peopleIn: (n) => `${n} người`,
    rename: 'Đổi tên',
    unitDeactivate: 'Ngừng hoạt động',
    unitActivate: 'Hoạt động lại',
    unitDeactivateConfirm: (name) => `Ngừng hoạt động đơn vị ${name}?`,
    unitDeactivateBody: 'Đơn vị không được chọn cho người dùng và cuộc họp mới nữa. Không có gì bị xóa.',
    unitActivateConfirm: (name) => `Cho đơn vị ${name} hoạt động lại?`,
    unitActivateBody: 'Đơn vị lại được chọn cho người dùng và cuộc họp mới.',
    unitInactive: 'Đã ngừng',
    committees: 'Ban chỉ đạo',
    committeeName: 'Tên ban chỉ đạo',
    committeeUnit: 'Thuộc đơn vị',
    noUnit: 'Không thuộc đơn vị nào',
    addCommittee: 'Thành lập ban chỉ đạo',
    committeeCreated: (name) => `Đã thành lập ${name}`,
    members: 'Thành viên',
    membersCount: (n) => `${n} thành viên`,
    noMembers: 'Chưa có thành viên',
    addMember: 'Thêm thành viên',
    addMemberPlaceholder: 'Tìm người để thêm…',
    removeMember: 'Bỏ',
    noCommittees: 'Chưa có ban chỉ đạo nào.',
    committeeDeactivate: 'Giải thể',
    committeeActivate: 'Hoạt động lại',
    committeeDeactivateBody: 'Ban chỉ đạo không còn được chọn cho cuộc họp mới. Không có gì bị xóa.',
    committeeActivateBody: 'Ban chỉ đạo lại được chọn cho cuộc họp mới.',
    editMembers: 'Sửa thành viên',
    fieldErrors: 'Chưa lưu được: xem các ô được đánh dấu.',
    invalid: {
      fullName: 'Hãy nhập họ và tên (tối đa 200 ký tự).',
      title: 'Chức vụ tối đa 200 ký tự.',
      email: 'Địa chỉ thư điện tử chưa đúng (ví dụ an.nguyen@tinh.gov.vn).',
      phone: 'Số điện thoại chỉ gồm chữ số, dấu cách và + ( ) . - (3–30 ký tự).',
      username:
        'Tên đăng nhập cần 3–64 ký tự: chữ thường không dấu, chữ số, . _ -, bắt đầu bằng chữ hoặc số.',
      usernameTaken: 'Tên đăng nhập này đã có người dùng. Hãy chọn tên khác.',
      name: 'Hãy nhập tên (tối đa 200 ký tự).',
      shortName: 'Tên viết tắt tối đa 60 ký tự.',
      expiryDays: 'Nhập số ngày từ 1 đến 365, hoặc để trống.',
      ssoSubject: 'Mã SSO này đã gắn với người khác.',
    },
    saveFirst: 'Có thay đổi chưa lưu',
  },

  audit: {
    title: 'Nhật ký hệ thống',
    presets: {
      logins: 'Nhật ký đăng nhập',
      directory: 'Người dùng & đơn vị',
      meetings: 'Cuộc họp',
      devices: 'Thiết bị',
      all: 'Tất cả',
    },
    person: 'Người thực hiện',
    anyPerson: 'Mọi người',
    from: 'Từ ngày',
    to: 'Đến ngày',
    text: 'Nội dung',
    textPlaceholder: 'Tên đăng nhập, địa chỉ IP, mã…',
    clear: 'Xóa bộ lọc',
    exportCsv: 'Xuất CSV',
    exportHint: 'Tải về đúng các sự kiện đang lọc (tối đa 50 000 dòng). Việc xuất cũng được ghi nhật ký.',
    older: 'Xem cũ hơn',
    loadingOlder: 'Đang tải…',
    shown: (n) => `${n} sự kiện`,
    end: 'Đã hết nhật ký cho bộ lọc này.',
    empty: 'Không có sự kiện nào khớp với bộ lọc.',
    unitScope: 'Bạn thấy thao tác của người dùng thuộc đơn vị mình.',
    types: {
      'auth.login': 'Đăng nhập',
      'auth.login_failed': 'Đăng nhập không thành công',
      'auth.logout': 'Đăng xuất',
      'auth.password_changed': 'Đổi mật khẩu',
      'auth.password_change_failed': 'Đổi mật khẩu không thành công',
      'account.bootstrapped': 'Tạo quản trị viên đầu tiên',
      'account.created': 'Tạo tài khoản',
      'account.password_reset': 'Cấp lại mật khẩu',
      'person.created': 'Thêm người dùng',
      'person.updated': 'Sửa thông tin người dùng',
      'person.roles_changed': 'Thay đổi vai trò',
      'person.deactivated': 'Ngừng hoạt động người dùng',
      'person.activated': 'Kích hoạt lại người dùng',
      'unit.created': 'Thêm đơn vị',
      'unit.updated': 'Sửa đơn vị',
      'committee.created': 'Thành lập ban chỉ đạo',
      'committee.updated': 'Sửa ban chỉ đạo',
      'audit.exported': 'Xuất nhật ký (CSV)',
      'device.added': 'Thêm thiết bị',
      'device.changed': 'Sửa cấu hình thiết bị',
      'device.disabled': 'Tắt thiết bị',
      'device.enabled': 'Bật thiết bị',
      'device.restarted': 'Khởi động lại thiết bị',
      'device.removed': 'Xóa thiết bị',
      'device.command': 'Gửi lệnh thử tới thiết bị',
      'meeting.created': 'Đăng ký cuộc họp',
      'meeting.updated': 'Sửa cuộc họp',
      'meeting.submitted': 'Trình duyệt cuộc họp',
      'meeting.approved': 'Duyệt cuộc họp',
      'meeting.returned': 'Trả lại để sửa',
      'meeting.published': 'Phát hành giấy mời',
      'meeting.cancelled': 'Hủy cuộc họp',
      'meeting.started': 'Bắt đầu cuộc họp',
      'meeting.paused': 'Tạm dừng cuộc họp',
      'meeting.resumed': 'Tiếp tục cuộc họp',
      'meeting.ended': 'Kết thúc cuộc họp',
      'meeting.archived': 'Lưu trữ cuộc họp',
      'meeting.agenda_moved': 'Chuyển nội dung chương trình',
      'meeting.answered': 'Trả lời giấy mời',
      'meeting.unit_answered': 'Đơn vị cử người dự họp',
      'meeting.seat_assigned': 'Xếp chỗ ngồi',
      'floor.requested': 'Đăng ký phát biểu',
      'floor.granted': 'Cho phát biểu',
      'floor.ended': 'Kết thúc phát biểu',
      'floor.request_removed': 'Hủy đăng ký phát biểu',
      'floor.requests_cleared': 'Xóa danh sách đăng ký',
      'floor.priority': 'Ưu tiên chủ tọa',
      'floor.settings': 'Đổi chế độ phát biểu',
      'vote.opened': 'Bắt đầu biểu quyết',
      'vote.closed': 'Kết thúc biểu quyết',
      'vote.voted': 'Bỏ phiếu',
      'vote.ballot': 'Bỏ phiếu',
      'vote.secret_ballot': 'Bỏ phiếu kín',
      'vote.device_tally': 'Kết quả từ hệ thống hội nghị',
      'attendance.present': 'Điểm danh có mặt',
      'attendance.absent': 'Đánh dấu vắng',
      'attendance.reset': 'Điểm danh lại',
      'rollcall.reset': 'Điểm danh lại',
    },
    groups: {
      auth: 'Đăng nhập',
      account: 'Tài khoản',
      person: 'Người dùng',
      unit: 'Đơn vị',
      committee: 'Ban chỉ đạo',
      meeting: 'Cuộc họp',
      device: 'Thiết bị',
      floor: 'Phát biểu',
      vote: 'Biểu quyết',
      attendance: 'Điểm danh',
      rollcall: 'Điểm danh',
      audit: 'Nhật ký',
    },
    actors: {
      public: 'Chưa đăng nhập',
      appliance: 'Hệ thống',
      chair: (seat) => `Bàn chủ tọa (ghế ${seat})`,
      delegate: (seat) => `Máy tính bảng ghế ${seat}`,
      device: (id) => `Thiết bị ${id}`,
      unknownPerson: (id) => `Người dùng ${id}`,
    },
    reasons: {
      unknown_user: 'tên đăng nhập không tồn tại',
      bad_password: 'sai mật khẩu',
      disabled: 'tài khoản đã ngừng hoạt động',
      locked: 'tài khoản đang bị khóa',
      one_time_expired: 'mật khẩu dùng một lần đã hết hạn',
      rate_limited: 'quá nhiều lần thử từ địa chỉ này',
      sso_expired: 'SSO: quá thời gian',
      sso_provider_error: 'SSO: nhà cung cấp báo lỗi',
      sso_invalid: 'SSO: phản hồi không hợp lệ',
      sso_unavailable: 'SSO: không liên lạc được',
      sso_unknown_subject: 'SSO: tài khoản chưa được gắn',
      E_BAD_PASSWORD: 'sai mật khẩu hiện tại',
      E_WEAK_PASSWORD: 'mật khẩu mới chưa đạt yêu cầu',
    },
    keys: {
      username: 'Tên đăng nhập',
      ip: 'Địa chỉ',
      agent: 'Trình duyệt',
      reason: 'Lý do',
      via: 'Cách đăng nhập',
      person: 'Người dùng',
      unitId: 'Đơn vị',
      unit: 'Đơn vị',
      fullName: 'Họ tên',
      roles: 'Vai trò',
      before: 'Trước',
      after: 'Sau',
      changes: 'Thay đổi',
      name: 'Tên',
      members: 'Thành viên',
      committee: 'Ban chỉ đạo',
      device: 'Thiết bị',
      rows: 'Số dòng',
      filter: 'Bộ lọc',
      sessionsEnded: 'Phiên bị kết thúc',
      session: 'Phiên',
      subject: 'Mã SSO',
      restricted: 'Phải đổi mật khẩu',
      seat: 'Ghế',
    },
    via: { password: 'mật khẩu', sso: 'đăng nhập một lần (SSO)' },
    rawDetails: 'Chi tiết',
    restricted: 'phải đổi mật khẩu',
    rows: (n) => `${n} dòng`,
    renewed: 'cấp lại vì mật khẩu đầu tiên hết hạn',
  },

  errors: {
    E_UNAUTHENTICATED: 'Bạn chưa đăng nhập, hoặc phiên đăng nhập đã kết thúc.',
    E_FORBIDDEN: 'Bạn không có quyền làm việc này.',
    E_PASSWORD_CHANGE_REQUIRED: 'Bạn cần đổi mật khẩu trước khi làm việc khác.',
    E_CSRF: 'Phiên đăng nhập đã thay đổi. Hãy tải lại trang.',
    E_CROSS_ORIGIN: 'Yêu cầu bị từ chối vì không đến từ trang của thiết bị phòng họp.',
    E_CONFLICT: 'Đã có một mục trùng (ví dụ tên đăng nhập đã được dùng).',
    E_BAD_REFERENCE: 'Tham chiếu không hợp lệ (đơn vị hoặc người không tồn tại, hoặc đã ngừng).',
    E_NOT_FOUND: 'Không tìm thấy mục này (có thể đã bị thay đổi).',
    E_LAST_ADMIN: 'Đây là quản trị hệ thống cuối cùng: phải còn ít nhất một người giữ vai trò này.',
    E_NO_LOCAL_ACCOUNT: 'Người này đăng nhập bằng SSO, không có mật khẩu ở đây.',
    E_VALIDATION: 'Dữ liệu chưa hợp lệ.',
    E_NETWORK: 'Không gửi được yêu cầu: mất kết nối với thiết bị phòng họp. Dữ liệu bạn nhập vẫn còn.',
    E_INTERNAL: 'Thiết bị phòng họp gặp lỗi. Hãy thử lại.',
  },
};

export const adminEn: AdminMessages = {
  loading: 'Loading…',
  retry: 'Try again',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Saved',
  cancel: 'Cancel',
  close: 'Close',
  optional: 'optional',
  required: 'required',
  never: 'Never',
  dateTime: (ms) => {
    const d = new Date(ms);
    return `${d.getDate()} ${EN_MONTHS[d.getMonth()]} ${d.getFullYear()}, ${time(d)}`;
  },
  date: (ms) => {
    const d = new Date(ms);
    return `${d.getDate()} ${EN_MONTHS[d.getMonth()]} ${d.getFullYear()}`;
  },
  dayHeading: (ms) => {
    const d = new Date(ms);
    return `${EN_DAYS[d.getDay()]}, ${d.getDate()} ${EN_MONTHS[d.getMonth()]} ${d.getFullYear()}`;
  },
  timeOfDay: (ms) => {
    const d = new Date(ms);
    return `${time(d)}:${pad(d.getSeconds())}`;
  },
  relative: (ms, now) => {
    const diff = ms - now;
    const a = Math.abs(diff);
    const [n, unit] =
      a < 3_600_000
        ? [Math.max(1, Math.round(a / 60_000)), 'minute']
        : a < 172_800_000
          ? [Math.round(a / 3_600_000), 'hour']
          : [Math.round(a / 86_400_000), 'day'];
    const s = `${n} ${unit}${n === 1 ? '' : 's'}`;
    return diff >= 0 ? `in ${s}` : `${s} ago`;
  },
  roles: {
    sysadmin: 'System administrator',
    unit_admin: 'Unit administrator',
    organiser: 'Meeting organiser',
    technician: 'Technician',
  },
  roleHints: {
    sysadmin: 'Everything: every unit, person, device and the audit log',
    unit_admin: "Manages their own unit's people and committees",
    organiser: 'Registers and prepares meetings',
    technician: "Monitors and configures the room's devices",
  },
  pages: {
    home: 'Home',
    admin: 'Administration',
    audit: 'Audit log',
    technician: 'Room devices',
    meetings: 'Meetings',
    display: 'Wall display',
    account: 'Account',
  },

  signedInAs: 'Signed in',
  logout: 'Log out',
  loggingOut: 'Logging out…',
  changePassword: 'Change password',
  checkingSession: 'Checking your login…',
  loginNeededTitle: 'Please log in',
  loginNeededBody: 'This page is for people who are logged in. Log in with your account.',
  loginButton: 'Log in',
  noRoleTitle: 'You may not open this page',
  noRoleBody: (page, roles) =>
    `“${page}” is for: ${roles}. If you need it, ask an administrator to give you the role.`,
  backHome: 'Back to the home page',
  unreachableTitle: 'The room appliance cannot be reached',
  unreachableBody: 'Check the network connection and try again.',
  sessionEnded: 'Your session has ended. What you typed is still on this page.',
  sessionEndedLink: 'Log in again (new tab), then save once more',
  mustChangeFirst: 'You need to change your password before using the system.',

  login: {
    title: 'Log in',
    subtitle: 'Paperless meeting room',
    username: 'Username',
    password: 'Password',
    showPassword: 'Show',
    hidePassword: 'Hide',
    submit: 'Log in',
    submitting: 'Logging in…',
    or: 'or',
    ssoButton: (label) => `Log in with ${label}`,
    missing: 'Enter your username and password.',
    failed: 'Wrong username or password. Check upper and lower case and the keyboard layout.',
    locked: (min) =>
      `The account is locked after too many failed logins. Try again in ${min ?? 'a few'} minute${min === 1 ? '' : 's'}, or ask an administrator to reset your password.`,
    rateLimited: (s) =>
      `Too many login attempts from this device. Wait ${s >= 60 ? `${Math.ceil(s / 60)} minute${Math.ceil(s / 60) === 1 ? '' : 's'}` : `${s} seconds`} and try again.`,
    otpExpired: 'This one-time password has expired. Ask an administrator for a new one.',
    network: 'The room appliance cannot be reached. Check the network and try again.',
    other: (message) => `Could not log in: ${message}`,
    sso: {
      unknown: 'Your single sign-on account is not linked to anyone here. Ask an administrator to link it.',
      error: 'Single sign-on did not succeed. Try again, or log in with your account here.',
      expired: 'The single sign-on attempt took too long. Press the button again.',
      disabled: 'Your account has been deactivated. Contact an administrator.',
      unavailable:
        'The single sign-on service is not answering. Try again later or log in with your password.',
    },
    ssoOther: (why) => `Single sign-on did not succeed (${why}).`,
    alreadyIn: (name) => `You are logged in as ${name}.`,
    continueAs: 'Continue',
    otherAccount: 'Log in with another account',
    firstTime:
      'First time? Use the one-time password an administrator gave you; you will then choose your own.',
  },

  account: {
    title: 'Change password',
    forcedTitle: 'Choose your password',
    mustChange:
      'You are using a one-time password. Choose your own password before going on; only you will know it.',
    expired: 'Your password has expired. Choose a new one to go on.',
    voluntary: 'The new password works at once; your other sessions are ended.',
    expiresOn: (date) => `Your current password expires on ${date}.`,
    current: 'Current password',
    currentOneTime: 'One-time password',
    next: 'New password',
    repeat: 'Repeat the new password',
    submit: 'Change password',
    submitting: 'Changing…',
    rules: 'The new password needs',
    ruleLength: (min) => `At least ${min} characters`,
    ruleClasses: 'Three of four kinds: lower case, upper case, digits, symbols',
    ruleClassesDetail: (have) => `${have}/4 now`,
    ruleName: 'Not your name or username',
    ruleCommon: 'Not a well-known password (like “Password@1234”)',
    ruleHistory: 'Different from your last 5 passwords',
    ruleSame: 'Different from the current password',
    ruleMatch: 'Both entries the same',
    mismatch: 'The two new passwords are not the same.',
    sameAsCurrent: 'The new password must differ from the current one.',
    problems: {
      too_short: (min) => `The new password is too short: at least ${min} characters.`,
      too_long: (max) => `The new password is too long: at most ${max} characters.`,
      too_simple: 'The new password is too simple: use three of lower case, upper case, digits, symbols.',
      contains_name: 'The new password must not contain your name or username.',
      common: 'The new password is too well known and easy to guess. Choose another.',
      reused: (last) => `The new password must differ from your last ${last} passwords.`,
    },
    wrongCurrent: 'The current password is not right.',
    refused: 'The password was not changed: see what is marked.',
    ssoOnly: 'You log in with single sign-on (SSO); your password is managed there.',
    done: 'Password changed',
    doneBody: 'From now on, log in with your new password.',
    continue: 'Continue',
    currentMissing: 'Enter the password you are using now.',
    showPasswords: 'Show passwords',
  },

  home: {
    welcome: (name) => `Hello, ${name}`,
    intro: 'What would you like to do?',
    loginPrompt: "Log in to manage meetings, people and the room's devices.",
    mustChange: 'Choose your own password before using the system.',
    tiles: {
      admin: 'Units, people, roles, steering committees',
      audit: 'Login diary and audit log, CSV export',
      technician: 'Device status, configuration and test commands',
      meetings: 'Meeting schedule, invitations, agendas',
      display: "The room's shared screen",
      account: 'Change your password',
    },
    paired: 'The chair console and the seat tablets open with their own pairing links.',
  },

  admin: {
    title: 'Administration',
    scopeAll: 'Whole system',
    scopeUnit: (unit) => `Unit: ${unit}`,
    tabs: { persons: 'People', units: 'Units', committees: 'Committees', audit: 'Audit log' },
    search: 'Search',
    searchPlaceholder: 'Name or username',
    unit: 'Unit',
    allUnits: 'All units',
    role: 'Role',
    anyRole: 'Any role',
    state: 'State',
    activeOnly: 'Active',
    inactiveOnly: 'Deactivated',
    anyState: 'All',
    addPerson: 'Add a person',
    personsCount: (n) => `${n} ${n === 1 ? 'person' : 'people'}`,
    noPersons: 'Nobody matches these filters.',
    noAccount: 'No account',
    inactive: 'Deactivated',
    active: 'Active',
    selectPerson: 'Pick someone in the list to see and edit them.',
    fullName: 'Full name',
    titleField: 'Title',
    email: 'Email',
    phone: 'Phone',
    username: 'Username',
    usernameHint:
      'Lower-case letters, digits and . _ - (3–64), e.g. nguyen.van.an. Leave empty if not needed yet.',
    usernameNone: 'None',
    ssoSubject: 'SSO subject',
    ssoSubjectHint: "This person's identifier at the province's SSO, if any.",
    details: 'Details',
    rolesTitle: 'Roles',
    rolesSysadminOnly: 'Only a system administrator gives or takes this role.',
    saveRoles: 'Save roles',
    rolesSaved: 'Roles saved',
    detailsSaved: 'Details saved',
    createTitle: 'Add a person',
    create: 'Add person',
    creating: 'Adding…',
    created: (name) => `${name} added`,
    accountTitle: 'Login account',
    accountStatus: 'Status',
    statusOk: 'In use',
    statusMustChange: 'Waiting for the first password change',
    statusExpired: 'Password expired',
    statusLocked: (until) => `Locked until ${until}`,
    passwordExpires: 'Password expires',
    lockedUntil: 'Locked until',
    notLocked: 'Not locked',
    failedLogins: 'Failed logins in a row',
    lastLogin: 'Last login',
    resetPassword: 'Reset password',
    resetConfirm: (name) => `Reset the password of ${name}?`,
    resetConfirmBody:
      "The current password stops working and this person's sessions end. You get a one-time password to hand to them.",
    createAccount: 'Create account',
    createAccountHint: 'This person has no password login yet.',
    deactivate: 'Deactivate',
    activate: 'Reactivate',
    deactivateConfirm: (name) => `Deactivate ${name}?`,
    deactivateBody:
      'They can no longer log in and their open sessions end now. Nothing is deleted: they can be reactivated at any time.',
    activateConfirm: (name) => `Reactivate ${name}?`,
    activateBody: 'They can log in with their account again.',
    deactivated: 'Deactivated',
    activated: 'Reactivated',
    otpTitle: 'One-time password',
    otpFor: (name) => `For ${name}`,
    otpUsername: 'Username',
    otpPassword: 'Password',
    otpCopy: 'Copy',
    otpCopied: 'Copied',
    otpCopyFailed: 'Could not copy: write it down',
    otpExpires: (when) => `Expires ${when}`,
    otpOnce: 'This password is shown this once only. Hand it to the person yourself.',
    otpMustChange: 'They must change it at their first login.',
    otpDone: 'I have noted it',
    units: 'Units',
    unitName: 'Unit name',
    shortName: 'Short name',
    parentUnit: 'Part of',
    noParent: 'Not part of another unit',
    expiryDays: 'Change passwords every (days)',
    expiryDaysHint: "Empty: the deployment's rule. Only applies when shorter than that rule.",
    expiresEvery: (days) => `passwords every ${days} days`,
    addUnit: 'Add unit',
    unitCreated: (name) => `Unit ${name} added`,
    unitsOnlySysadmin: 'Only a system administrator adds, renames or deactivates units.',
    peopleIn: (n) => `${n} ${n === 1 ? 'person' : 'people'}`,
    rename: 'Rename',
    unitDeactivate: 'Deactivate',
    unitActivate: 'Reactivate',
    unitDeactivateConfirm: (name) => `Deactivate the unit ${name}?`,
    unitDeactivateBody: 'It can no longer be picked for new people and meetings. Nothing is deleted.',
    unitActivateConfirm: (name) => `Reactivate the unit ${name}?`,
    unitActivateBody: 'It can be picked for new people and meetings again.',
    unitInactive: 'Deactivated',
    committees: 'Steering committees',
    committeeName: 'Committee name',
    committeeUnit: 'Unit',
    noUnit: 'No unit',
    addCommittee: 'Create committee',
    committeeCreated: (name) => `${name} created`,
    members: 'Members',
    membersCount: (n) => `${n} member${n === 1 ? '' : 's'}`,
    noMembers: 'No members yet',
    addMember: 'Add member',
    addMemberPlaceholder: 'Find someone to add…',
    removeMember: 'Remove',
    noCommittees: 'No steering committees yet.',
    committeeDeactivate: 'Dissolve',
    committeeActivate: 'Reactivate',
    committeeDeactivateBody: 'It can no longer be picked for new meetings. Nothing is deleted.',
    committeeActivateBody: 'It can be picked for new meetings again.',
    editMembers: 'Edit members',
    fieldErrors: 'Not saved: see the marked fields.',
    invalid: {
      fullName: 'Enter the full name (at most 200 characters).',
      title: 'The title has at most 200 characters.',
      email: 'This email address does not look right (e.g. an.nguyen@province.gov.vn).',
      phone: 'A phone number has digits, spaces and + ( ) . - only (3–30 characters).',
      username:
        'A username has 3–64 characters: lower-case letters, digits, . _ -, starting with a letter or digit.',
      usernameTaken: 'This username is taken. Choose another.',
      name: 'Enter a name (at most 200 characters).',
      shortName: 'The short name has at most 60 characters.',
      expiryDays: 'Enter a number of days from 1 to 365, or leave it empty.',
      ssoSubject: 'This SSO subject belongs to someone else.',
    },
    saveFirst: 'Unsaved changes',
  },

  audit: {
    title: 'Audit log',
    presets: {
      logins: 'Login diary',
      directory: 'People & units',
      meetings: 'Meetings',
      devices: 'Devices',
      all: 'Everything',
    },
    person: 'Done by',
    anyPerson: 'Anyone',
    from: 'From',
    to: 'To',
    text: 'Text',
    textPlaceholder: 'Username, IP address, id…',
    clear: 'Clear filters',
    exportCsv: 'Export CSV',
    exportHint: 'Downloads the events as filtered (up to 50,000 rows). The export is itself logged.',
    older: 'Older',
    loadingOlder: 'Loading…',
    shown: (n) => `${n} event${n === 1 ? '' : 's'}`,
    end: 'No older events for these filters.',
    empty: 'No events match these filters.',
    unitScope: 'You see what the people of your unit did.',
    types: {
      'auth.login': 'Logged in',
      'auth.login_failed': 'Failed login',
      'auth.logout': 'Logged out',
      'auth.password_changed': 'Changed password',
      'auth.password_change_failed': 'Password change refused',
      'account.bootstrapped': 'First administrator created',
      'account.created': 'Account created',
      'account.password_reset': 'Password reset',
      'person.created': 'Person added',
      'person.updated': 'Person details changed',
      'person.roles_changed': 'Roles changed',
      'person.deactivated': 'Person deactivated',
      'person.activated': 'Person reactivated',
      'unit.created': 'Unit added',
      'unit.updated': 'Unit changed',
      'committee.created': 'Committee created',
      'committee.updated': 'Committee changed',
      'audit.exported': 'Audit log exported (CSV)',
      'device.added': 'Device added',
      'device.changed': 'Device configuration changed',
      'device.disabled': 'Device disabled',
      'device.enabled': 'Device enabled',
      'device.restarted': 'Device restarted',
      'device.removed': 'Device removed',
      'device.command': 'Test command sent',
      'meeting.created': 'Meeting registered',
      'meeting.updated': 'Meeting changed',
      'meeting.submitted': 'Meeting submitted for approval',
      'meeting.approved': 'Meeting approved',
      'meeting.returned': 'Meeting returned for changes',
      'meeting.published': 'Invitations published',
      'meeting.cancelled': 'Meeting cancelled',
      'meeting.started': 'Meeting started',
      'meeting.paused': 'Meeting paused',
      'meeting.resumed': 'Meeting resumed',
      'meeting.ended': 'Meeting ended',
      'meeting.archived': 'Meeting archived',
      'meeting.agenda_moved': 'Agenda moved on',
      'meeting.answered': 'Invitation answered',
      'meeting.unit_answered': 'Unit named its attendee',
      'meeting.seat_assigned': 'Seat assigned',
      'floor.requested': 'Requested to speak',
      'floor.granted': 'Floor granted',
      'floor.ended': 'Speech ended',
      'floor.request_removed': 'Request withdrawn',
      'floor.requests_cleared': 'Requests cleared',
      'floor.priority': 'Chair priority',
      'floor.settings': 'Floor mode changed',
      'vote.opened': 'Vote opened',
      'vote.closed': 'Vote closed',
      'vote.voted': 'Ballot cast',
      'vote.ballot': 'Ballot cast',
      'vote.secret_ballot': 'Secret ballot cast',
      'vote.device_tally': 'Tally from the conference system',
      'attendance.present': 'Marked present',
      'attendance.absent': 'Marked absent',
      'attendance.reset': 'Roll call reset',
      'rollcall.reset': 'Roll call reset',
    },
    groups: {
      auth: 'Login',
      account: 'Account',
      person: 'People',
      unit: 'Unit',
      committee: 'Committee',
      meeting: 'Meeting',
      device: 'Device',
      floor: 'Floor',
      vote: 'Vote',
      attendance: 'Roll call',
      rollcall: 'Roll call',
      audit: 'Audit',
    },
    actors: {
      public: 'Not logged in',
      appliance: 'System',
      chair: (seat) => `Chair console (seat ${seat})`,
      delegate: (seat) => `Seat ${seat} tablet`,
      device: (id) => `Device ${id}`,
      unknownPerson: (id) => `Person ${id}`,
    },
    reasons: {
      unknown_user: 'no such username',
      bad_password: 'wrong password',
      disabled: 'account deactivated',
      locked: 'account locked',
      one_time_expired: 'one-time password expired',
      rate_limited: 'too many attempts from this address',
      sso_expired: 'SSO: took too long',
      sso_provider_error: 'SSO: provider error',
      sso_invalid: 'SSO: invalid answer',
      sso_unavailable: 'SSO: unreachable',
      sso_unknown_subject: 'SSO: account not linked',
      E_BAD_PASSWORD: 'wrong current password',
      E_WEAK_PASSWORD: 'new password not acceptable',
    },
    keys: {
      username: 'Username',
      ip: 'Address',
      agent: 'Browser',
      reason: 'Reason',
      via: 'Method',
      person: 'Person',
      unitId: 'Unit',
      unit: 'Unit',
      fullName: 'Name',
      roles: 'Roles',
      before: 'Before',
      after: 'After',
      changes: 'Changes',
      name: 'Name',
      members: 'Members',
      committee: 'Committee',
      device: 'Device',
      rows: 'Rows',
      filter: 'Filter',
      sessionsEnded: 'Sessions ended',
      session: 'Session',
      subject: 'SSO subject',
      restricted: 'Must change password',
      seat: 'Seat',
    },
    via: { password: 'password', sso: 'single sign-on (SSO)' },
    rawDetails: 'Details',
    restricted: 'must change password',
    rows: (n) => `${n} row${n === 1 ? '' : 's'}`,
    renewed: 'renewed: the first password had expired',
  },

  errors: {
    E_UNAUTHENTICATED: 'You are not logged in, or your session has ended.',
    E_FORBIDDEN: 'You may not do that.',
    E_PASSWORD_CHANGE_REQUIRED: 'Change your password before anything else.',
    E_CSRF: 'Your session changed. Reload the page.',
    E_CROSS_ORIGIN: "Refused: the request did not come from the room appliance's pages.",
    E_CONFLICT: 'Something with the same identity exists already (e.g. the username is taken).',
    E_BAD_REFERENCE: 'A reference is not valid (a unit or person that does not exist or is deactivated).',
    E_NOT_FOUND: 'Not found (it may have changed meanwhile).',
    E_LAST_ADMIN: 'This is the last system administrator: someone must keep the role.',
    E_NO_LOCAL_ACCOUNT: 'This person logs in with SSO and has no password here.',
    E_VALIDATION: 'The data is not valid.',
    E_NETWORK: 'Could not send: the room appliance is not reachable. What you typed is kept.',
    E_INTERNAL: 'The room appliance had an error. Try again.',
  },
};

/** The admin pages' strings in the current language. */
export const ta = computed(() => (lang.value === 'en' ? adminEn : adminVi));
