// The demo room's people and one meeting (`./room demo` only), so the login, the admin pages, the
// meeting editor and a meeting in the room can be tried at once. Even here there is no default
// password: every demo account gets its own one-time password, written to
// `<dataDir>/demo-accounts.txt` (0600), and must choose its own at first login. Seeded once: a
// directory that already has people is left as it is.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Accounts } from './auth/accounts.ts';
import type { MeetingService } from './meetings/meeting-service.ts';
import type { Directory } from './people/directory.ts';
import type { GlobalRole } from './people/roles.ts';

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.txt';

interface DemoPerson {
  username: string;
  fullName: string;
  title: string;
  roles: GlobalRole[];
  unit: 'office' | 'finance' | 'planning';
}

const PEOPLE: DemoPerson[] = [
  {
    username: 'chutich',
    fullName: 'Nguyễn Văn Minh',
    title: 'Chủ tịch UBND tỉnh',
    roles: [],
    unit: 'office',
  },
  { username: 'thuky', fullName: 'Trần Thị Lan', title: 'Chuyên viên Văn phòng', roles: [], unit: 'office' },
  {
    username: 'tochuc',
    fullName: 'Lê Hoàng Nam',
    title: 'Phó Chánh Văn phòng',
    roles: ['organiser'],
    unit: 'office',
  },
  { username: 'pheduyet', fullName: 'Phạm Quốc Huy', title: 'Chánh Văn phòng', roles: [], unit: 'office' },
  {
    username: 'kythuat',
    fullName: 'Đỗ Minh Tuấn',
    title: 'Kỹ thuật viên',
    roles: ['technician'],
    unit: 'office',
  },
  {
    username: 'taichinh',
    fullName: 'Vũ Thị Hạnh',
    title: 'Giám đốc Sở Tài chính',
    roles: [],
    unit: 'finance',
  },
  {
    username: 'kehoach',
    fullName: 'Bùi Đức Long',
    title: 'Giám đốc Sở Kế hoạch và Đầu tư',
    roles: [],
    unit: 'planning',
  },
  {
    username: 'daibieu1',
    fullName: 'Hoàng Thu Trang',
    title: 'Phó Giám đốc Sở Tài chính',
    roles: [],
    unit: 'finance',
  },
  {
    username: 'daibieu2',
    fullName: 'Ngô Văn Sơn',
    title: 'Phó Giám đốc Sở Kế hoạch và Đầu tư',
    roles: [],
    unit: 'planning',
  },
];

export async function seedDemoPeople(
  dataDir: string,
  directory: Directory,
  accounts: Accounts,
  meetings: MeetingService,
): Promise<string | null> {
  // Only the first administrator exists on a fresh demo: anything more means it was seeded (or
  // someone has been using it) and is left alone.
  if (directory.persons().length > 1) return null;
  const units = {
    office: directory.units()[0] ?? directory.createUnit({ name: 'Văn phòng UBND tỉnh' }),
    finance: directory.createUnit({ name: 'Sở Tài chính', shortName: 'STC' }),
    planning: directory.createUnit({ name: 'Sở Kế hoạch và Đầu tư', shortName: 'SKHĐT' }),
  };
  const ids: Record<string, string> = {};
  const lines = [
    'Demo accounts (./room demo only). Each password is one-time: choose your own at first login.',
    '',
  ];
  for (const p of PEOPLE) {
    const person = directory.createPerson(
      { unitId: units[p.unit].id, fullName: p.fullName, title: p.title },
      p.roles,
    );
    ids[p.username] = person.id;
    const otp = await accounts.create(person.id, p.username);
    lines.push(`${p.username.padEnd(10)} ${otp}   ${p.fullName}, ${p.title}`);
  }
  // A meeting in an hour: published, seated, ready for the chair to start.
  const start = Date.now() + 3_600_000;
  const by = ids.tochuc!;
  const created = await meetings.create(by, {
    title: 'Phiên họp UBND tỉnh thường kỳ (demo)',
    kind: 'regular',
    startsAt: start,
    endsAt: start + 3 * 3_600_000,
    form: 'in_person',
    roomId: meetings.roomId,
    invitation: { number: '01/GM-VP', text: 'Kính mời các đồng chí dự phiên họp thường kỳ của UBND tỉnh.' },
    agenda: [
      { id: 'muc-1', title: 'Tình hình kinh tế - xã hội tháng 11', minutes: 45 },
      { id: 'muc-2', title: 'Dự toán ngân sách năm 2027', minutes: 60, presenter: ids.taichinh! },
      { id: 'muc-3', title: 'Kế hoạch đầu tư công trung hạn', minutes: 45, presenter: ids.kehoach! },
    ],
    chairId: ids.chutich!,
    secretaryId: ids.thuky!,
    approverId: ids.pheduyet!,
    preparerId: by,
    preparingUnitId: units.office.id,
    invitedPersons: [ids.taichinh!, ids.kehoach!, ids.daibieu1!, ids.daibieu2!],
    invitedUnits: [],
    supportStaff: [ids.kythuat!],
  });
  if (created.ok) {
    const id = created.meeting.id;
    await meetings.dispatch(id, { type: 'submit', by });
    await meetings.dispatch(id, { type: 'approve', by: ids.pheduyet! });
    await meetings.dispatch(id, { type: 'publish', by });
    const seating = ['chutich', 'taichinh', 'kehoach', 'daibieu1', 'daibieu2'];
    for (const [i, u] of seating.entries()) {
      await meetings.dispatch(id, { type: 'assignSeat', seat: i + 1, personId: ids[u]!, by });
    }
  }
  const file = join(dataDir, DEMO_ACCOUNTS_FILE);
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}
