// Meetings in a real browser against the real appliance (issue 4, R-MTG-1..3, R-ATT-1, R-ATT-2,
// R-ROOM-1): the first administrator creates the people over the HTTP API; then, each person in their
// own browser context with their own session cookie, the organiser drafts a meeting with every field,
// sees what is missing, completes and submits it; the approver returns it twice with reasons, the
// organiser sees each reason, fixes it and submits again, and the timeline (the meeting's history)
// has both returns and all three submissions; the approver approves; the organiser publishes late
// and sees the warning; an invitee answers (declines, then sends a substitute) and the organiser sees
// it arrive live; the secretary seats people; the administrator of an invited unit finds the meeting
// and names who attends for the unit, which the organiser sees; the chair opens the meeting, moves
// through the agenda on the chair console, follows the roll call, ends it; the organiser archives it.
//
// Screenshots at tablet size (the list, the editor, the timeline, the invitation, the answers, the
// unit's answer, the seat plan, the chair console, the seat tablet) go to a temp dir, printed at the
// end; ROOM_SCREENSHOTS=1 also copies the ones the docs show to docs/img/.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminSession,
  firstLoginHttp,
  type HttpSession,
  ROOT,
  sessionApi,
} from '../../appliance/test/helpers/appliance-process.ts';
import { type Appliance, api, ensureDashboardBuilt, startAppliance } from './helpers/appliance.ts';
import { attrOf, Screens, textOf } from './helpers/browser.ts';

const SEEN_WITHIN = 6000;
const poll = { timeout: SEEN_WITHIN, interval: 100 };
const TABLET = { width: 1024, height: 768 };
const HOUR = 3_600_000;
/** Not built on any name below (the password policy refuses that). */
const PASSWORD = 'Xac-nhan-2026!';

let room: Appliance;
let dataDir: string;
let shots: string;
let screens: Screens;
let admin: HttpSession;
const people: Record<string, HttpSession & { fullName: string }> = {};
const units: Record<string, string> = {};
let meetingId = '';

/** Who takes part, by the name the test calls them. */
const PEOPLE = {
  organiser: { fullName: 'Lê Hoàng Tổ Chức', roles: ['organiser'], unit: 'office' },
  approver: { fullName: 'Phạm Quốc Phê Duyệt', roles: [], unit: 'office' },
  chair: { fullName: 'Nguyễn Văn Chủ Trì', roles: [], unit: 'office' },
  secretary: { fullName: 'Trần Thị Thư Ký', roles: [], unit: 'office' },
  invitee: { fullName: 'Hoàng Thu Đại Biểu', roles: [], unit: 'finance' },
  substitute: { fullName: 'Vũ Minh Dự Thay', roles: [], unit: 'finance' },
  guest: { fullName: 'Bùi Đức Khách Mời', roles: [], unit: 'planning' },
  support: { fullName: 'Đỗ Văn Phục Vụ', roles: [], unit: 'office' },
  // The invited unit (planning): its administrator, the person it sends, one who leaves it.
  unitadmin: { fullName: 'Đinh Quang Quản Trị', roles: ['unit_admin'], unit: 'planning' },
  unitdelegate: { fullName: 'Mai Thị Đại Diện', roles: [], unit: 'planning' },
  leaver: { fullName: 'Tạ Văn Đã Nghỉ', roles: [], unit: 'planning' },
} as const;
type Who = keyof typeof PEOPLE;

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'room-meetings-'));
  shots = mkdtempSync(join(tmpdir(), 'room-meetings-shots-'));
  room = await startAppliance(dataDir);
  screens = await Screens.launch(() => room.base, SEEN_WITHIN);
  // The first administrator (first-admin.txt), then units and people over the API, each logged in
  // once with their one-time password and a password of their own.
  admin = await adminSession(room.base, dataDir);
  for (const [key, name] of [
    ['office', 'Văn phòng Ủy ban (thử)'],
    ['finance', 'Sở Tài chính (thử)'],
    ['planning', 'Sở Kế hoạch và Đầu tư (thử)'],
  ] as const) {
    const u = await sessionApi(room.base, admin, 'POST', '/api/units', { name });
    expect(u.status, JSON.stringify(u.body)).toBe(201);
    units[key] = u.body.id;
  }
  for (const [who, p] of Object.entries(PEOPLE)) {
    const created = await sessionApi(room.base, admin, 'POST', '/api/persons', {
      unitId: units[p.unit],
      fullName: p.fullName,
      roles: p.roles,
      username: `thu.${who}`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const s = await firstLoginHttp(room.base, `thu.${who}`, created.body.oneTimePassword, PASSWORD);
    people[who] = { ...s, personId: created.body.person.id, fullName: p.fullName };
  }
}, 180_000);

afterAll(async () => {
  await screens?.close();
  await room?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (shots) console.log(`meeting screenshots: ${shots}`);
}, 30_000);

/** A person's own device: a browser context with their session cookie, `path` open. */
async function deviceOf(who: Who, path: string, viewport = TABLET): Promise<Page> {
  const page = await screens.open('/display', viewport);
  const [name, value] = people[who]!.cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: room.base, httpOnly: true, sameSite: 'Strict' }]);
  await page.goto(`${room.base}${path}`);
  return page;
}

const as = (who: Who, method: string, path: string, body?: unknown) =>
  sessionApi(room.base, people[who]!, method, path, body);
const meeting = async (who: Who = 'organiser') => (await as(who, 'GET', `/api/meetings/${meetingId}`)).body;

const attr = attrOf;
const text = (page: Page, selector: string) => textOf(page, selector, '');
const count = (page: Page, selector: string) => page.locator(selector).count();

/** Types part of a name into a picker and picks the match. */
async function pick(page: Page, scope: string, query: string, fullName: string): Promise<void> {
  await page.locator(`${scope} input`).last().fill(query);
  await page.locator(`${scope} [role=option]`, { hasText: fullName }).first().click();
  await expect.poll(() => text(page, scope), poll).toContain(fullName);
}

/** `datetime-local` text for a time (the browser and this process share the time zone). */
function local(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The pictures docs/dashboard.md shows (the others are for looking at after a run). */
const DOC_IMAGES = ['meetings-list', 'meeting-editor', 'meeting-invitation', 'meeting-chair-console'];

async function shoot(page: Page, name: string): Promise<string> {
  const file = join(shots, `${name}.png`);
  // A full-page capture draws sticky parts (the editor's save bar, the steps aside) where the first
  // screen had them; for the picture they sit where they are in the page (through the CSSOM: CSP).
  const sticky = '.mtg-savebar, .mtg-layout__side';
  await page.evaluate((sel) => {
    for (const el of document.querySelectorAll<HTMLElement>(sel)) el.style.position = 'static';
  }, sticky);
  await page.screenshot({ path: file, fullPage: true });
  await page.evaluate((sel) => {
    for (const el of document.querySelectorAll<HTMLElement>(sel)) el.style.position = '';
  }, sticky);
  if (process.env.ROOM_SCREENSHOTS === '1' && DOC_IMAGES.includes(name)) {
    copyFileSync(file, join(ROOT, 'docs/img', `${name}.png`));
  }
  return file;
}

/** One part of the page (a card) at its own size, for looking at it closely. */
async function shootPart(page: Page, selector: string, name: string): Promise<string> {
  const file = join(shots, `${name}.png`);
  await page.locator(selector).first().screenshot({ path: file });
  return file;
}

const status = (page: Page) => attr(page, '[data-testid=meeting-page]', 'data-status');

// The day after tomorrow at 09:00 (whole minutes, as the form takes them): a regular meeting needs
// 3 days' notice, so sending the invitation today is late.
const start = (() => {
  const d = new Date();
  d.setDate(d.getDate() + 2);
  d.setHours(9, 0, 0, 0);
  return d.getTime();
})();
const end = start + 2.5 * HOUR;
const deadline = start - 2 * HOUR;

/** Each person's device stays open across the steps (CSP violations and page errors are checked at the end). */
const pages: Partial<Record<Who, Page>> = {};

describe('meetings in the browser: draft to archive, each person on their own device', () => {
  it('the organiser drafts a meeting with every field, sees what is missing, completes and submits it', async () => {
    const org = await deviceOf('organiser', '/meetings');
    pages.organiser = org;
    await expect.poll(() => count(org, '[data-testid=no-meetings]'), poll).toBe(1);
    await org.click('[data-testid=new-meeting]');
    await org.waitForURL(/\/meetings\/new$/);
    await org.locator('[data-testid=meeting-editor]').waitFor();

    await org.fill('[data-testid=in-title]', 'Họp giao ban kinh tế - xã hội tháng 12');
    await org.selectOption('[data-testid=in-kind]', 'regular');
    await org.check('[data-testid=in-secret]');
    await org.selectOption('[data-testid=in-language]', 'vi');
    await org.fill('[data-testid=in-startsAt]', local(start));
    await org.fill('[data-testid=in-endsAt]', local(end));
    await org.fill('[data-testid=in-answerDeadline]', local(deadline));
    await org.fill('[data-testid=in-location]', 'Hội trường tầng 3, trụ sở UBND tỉnh');
    await pick(org, '[data-testid=picker-chairId]', 'chu tri', PEOPLE.chair.fullName);
    await pick(org, '[data-testid=picker-approverId]', 'Phê', PEOPLE.approver.fullName);
    // The preparer and the preparing unit default to whoever registers the meeting.
    expect(await attr(org, '[data-testid=picker-preparerId]', 'data-value')).toBe(people.organiser!.personId);
    expect(await attr(org, '[data-testid=picker-preparingUnitId]', 'data-value')).toBe(units.office);
    await pick(org, '[data-testid=picker-invitedPersons]', 'dai bieu', PEOPLE.invitee.fullName);
    await pick(org, '[data-testid=picker-invitedPersons]', 'khach', PEOPLE.guest.fullName);
    await pick(org, '[data-testid=picker-invitedUnits]', 'ke hoach', 'Sở Kế hoạch và Đầu tư (thử)');
    await pick(org, '[data-testid=picker-supportStaff]', 'phuc vu', PEOPLE.support.fullName);

    // Four items; the last goes up one place, the third is removed.
    const items = '[data-testid=agenda-editor] > li';
    for (const title of [
      'Báo cáo tình hình kinh tế',
      'Nội dung sẽ bỏ',
      'Dự toán ngân sách 2027',
      'Kết luận',
    ]) {
      await org.click('[data-testid=add-item]');
      await org.locator(`${items} [data-testid=item-title]`).last().fill(title);
    }
    await org.locator(`${items}:nth-child(2) [data-action=remove]`).click();
    await org.locator(`${items} [data-testid=item-minutes]`).nth(0).fill('45');
    await org.locator(`${items} [data-testid=item-minutes]`).nth(1).fill('60');
    await pick(
      org,
      `${items}:nth-child(2) [data-testid=item-presenter]`,
      'dai bieu',
      PEOPLE.invitee.fullName,
    );
    await org.locator(`${items}:nth-child(3) [data-action=up]`).click();
    await expect
      .poll(
        async () =>
          org
            .locator(`${items} [data-testid=item-title]`)
            .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
        poll,
      )
      .toEqual(['Báo cáo tình hình kinh tế', 'Kết luận', 'Dự toán ngân sách 2027']);
    await org.fill('[data-testid=in-invitationNumber]', '125/GM-UBND');

    await org.click('[data-testid=create]');
    await org.waitForURL(/\/meetings\/(?!new$)[^/]+$/);
    meetingId = decodeURIComponent(new URL(org.url()).pathname.split('/').pop() ?? '');
    expect(meetingId).not.toBe('new');
    await expect.poll(() => status(org), poll).toBe('draft');

    // Form, secretary and the invitation's text are missing: listed, and the submission is refused.
    const missing = () =>
      org
        .locator('[data-testid=missing] [data-missing]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-missing')));
    await expect.poll(missing, poll).toEqual(['form', 'invitation text', 'secretaryId']);
    expect(await text(org, '[data-testid=missing]')).toContain('Thư ký');
    await org.click('[data-step=submit]');
    await expect.poll(() => attr(org, '[data-testid=step-error]', 'data-code'), poll).toBe('E_INCOMPLETE');
    expect(await text(org, '[data-testid=step-error]')).toContain('Còn thiếu thông tin');
    await shoot(org, 'meeting-editor');

    await org.selectOption('[data-testid=in-form]', 'hybrid');
    await pick(org, '[data-testid=picker-secretaryId]', 'thu ky', PEOPLE.secretary.fullName);
    await org.fill(
      '[data-testid=in-invitationText]',
      'Kính mời các đồng chí dự họp giao ban kinh tế - xã hội tháng 12. Đề nghị đại biểu nghiên cứu tài liệu trước.',
    );
    expect(await attr(org, '[data-testid=savebar]', 'data-dirty')).toBe('true');
    await org.click('[data-testid=save]');
    await expect.poll(() => count(org, '[data-testid=missing-none]'), poll).toBe(1);
    expect(await attr(org, '[data-testid=savebar]', 'data-dirty')).toBe('false');

    // Every field went to the appliance as entered.
    const f = (await meeting()).fields;
    expect(f).toMatchObject({
      title: 'Họp giao ban kinh tế - xã hội tháng 12',
      kind: 'regular',
      form: 'hybrid',
      secret: true,
      language: 'vi',
      invitation: { number: '125/GM-UBND' },
      startsAt: start,
      endsAt: end,
      answerDeadline: deadline,
      location: 'Hội trường tầng 3, trụ sở UBND tỉnh',
      chairId: people.chair!.personId,
      secretaryId: people.secretary!.personId,
      approverId: people.approver!.personId,
      preparerId: people.organiser!.personId,
      preparingUnitId: units.office,
      invitedPersons: [people.invitee!.personId, people.guest!.personId],
      invitedUnits: [units.planning],
      supportStaff: [people.support!.personId],
    });
    expect(f.invitation.text).toMatch(/^Kính mời/);
    expect(f.agenda.map((a: { title: string }) => a.title)).toEqual([
      'Báo cáo tình hình kinh tế',
      'Kết luận',
      'Dự toán ngân sách 2027',
    ]);
    expect(f.agenda[0]).toMatchObject({ minutes: 45 });
    expect(f.agenda[2]).toMatchObject({ minutes: 60, presenter: people.invitee!.personId });
    expect(f.roomId).toBeTruthy();

    await org.click('[data-step=submit]');
    await expect.poll(() => status(org), poll).toBe('submitted');
    expect(await count(org, '[data-testid=meeting-editor]')).toBe(0);
    expect(await count(org, '[data-testid=meeting-details]')).toBe(1);
  });

  it('the approver returns it twice with reasons; the organiser sees each live, fixes it, submits again; the timeline has every return and submission; it is approved', async () => {
    const org = pages.organiser!;
    const apr = await deviceOf('approver', `/meetings/${meetingId}`);
    pages.approver = apr;
    const giveBack = async (reason: string) => {
      await expect.poll(() => status(apr), poll).toBe('submitted');
      await apr.click('[data-step=return]');
      await apr.fill('[data-testid=ask-return] [data-testid=reason]', reason);
      await apr.click('[data-testid=confirm-reason]');
      await expect.poll(() => status(apr), poll).toBe('returned');
    };
    await expect.poll(() => status(apr), poll).toBe('submitted');
    expect(await attr(apr, '[data-testid=my-roles] [data-role=approver]', 'data-role')).toBe('approver');
    await giveBack('Bổ sung báo cáo dự toán ngân sách');

    // The organiser's page follows the socket: the reason appears without a reload.
    await expect.poll(() => status(org), poll).toBe('returned');
    await expect
      .poll(() => text(org, '[data-testid=returned-reason]'), poll)
      .toContain('Bổ sung báo cáo dự toán ngân sách');
    expect(await text(org, '[data-testid=returned-reason]')).toContain(PEOPLE.approver.fullName);
    await expect
      .poll(() => text(org, '[data-testid=timeline] [data-kind=returned]'), poll)
      .toContain('Bổ sung báo cáo');

    const items = '[data-testid=agenda-editor] > li';
    await org
      .locator(`${items}:nth-child(3) [data-testid=item-title]`)
      .fill('Dự toán ngân sách 2027 (kèm báo cáo)');
    await org.click('[data-testid=save]');
    await expect.poll(() => attr(org, '[data-testid=savebar]', 'data-dirty'), poll).toBe('false');
    await org.click('[data-step=submit]');
    await expect.poll(() => status(org), poll).toBe('submitted');
    await expect.poll(() => count(org, '[data-testid=timeline] [data-kind=resubmitted]'), poll).toBe(1);

    // Returned a second time, with another reason: the banner says the new one, the timeline both.
    await giveBack('Ghi rõ người trình bày từng nội dung');
    await expect
      .poll(() => text(org, '[data-testid=returned-reason]'), poll)
      .toContain('Ghi rõ người trình bày từng nội dung');
    await expect.poll(() => count(org, '[data-testid=timeline] [data-kind=returned]'), poll).toBe(2);
    await org.locator(`${items}:nth-child(2) [data-testid=item-presenter] input`).waitFor();
    await pick(org, `${items}:nth-child(2) [data-testid=item-presenter]`, 'chu tri', PEOPLE.chair.fullName);
    await org.click('[data-step=submit]');
    await expect.poll(() => status(org), poll).toBe('submitted');

    const timeline = '[data-testid=timeline] [data-kind]';
    const kinds = () =>
      org.locator(timeline).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    await expect
      .poll(kinds, poll)
      .toEqual(['created', 'submitted', 'returned', 'resubmitted', 'returned', 'resubmitted']);
    const returns = org.locator('[data-testid=timeline] [data-kind=returned]');
    expect(await returns.nth(0).textContent()).toContain('Lý do: Bổ sung báo cáo dự toán ngân sách');
    expect(await returns.nth(1).textContent()).toContain('Lý do: Ghi rõ người trình bày từng nội dung');
    expect(await returns.nth(1).textContent()).toContain('Trả lại (lần 2)');
    for (const i of [0, 1]) expect(await returns.nth(i).textContent()).toContain(PEOPLE.approver.fullName);
    const submissions = org.locator(
      '[data-testid=timeline] [data-kind=submitted], [data-testid=timeline] [data-kind=resubmitted]',
    );
    expect(await submissions.count()).toBe(3);
    for (const i of [0, 1, 2]) {
      expect(await submissions.nth(i).textContent()).toContain(PEOPLE.organiser.fullName);
    }
    expect(await submissions.nth(2).textContent()).toContain('Trình duyệt lại (lần 3)');
    // The approver's page has the same history.
    await expect
      .poll(
        () => apr.locator(timeline).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))),
        poll,
      )
      .toEqual(['created', 'submitted', 'returned', 'resubmitted', 'returned', 'resubmitted']);
    await shoot(org, 'meeting-timeline');
    await shootPart(org, '[data-testid=timeline]', 'meeting-timeline-card');

    await expect.poll(() => status(apr), poll).toBe('submitted');
    await apr.click('[data-step=approve]');
    await expect.poll(() => status(apr), poll).toBe('approved');
    await expect.poll(() => status(org), poll).toBe('approved');
    const f = (await meeting()).fields;
    expect(f.agenda[2].title).toBe('Dự toán ngân sách 2027 (kèm báo cáo)');
    expect(f.agenda[1].presenter).toBe(people.chair!.personId);
  });

  it('the organiser publishes late: the warning names the notice needed and given, and asks to confirm', async () => {
    const org = pages.organiser!;
    await expect.poll(() => count(org, '[data-testid=late-warning]'), poll).toBe(1);
    const warning = await text(org, '[data-testid=late-warning]');
    expect(warning).toContain('Gửi muộn');
    expect(warning).toContain('3 ngày');
    await org.click('[data-step=publish]');
    await org.locator('[data-testid=confirm-late]').waitFor();
    await org.click('[data-testid=confirm-publish]');
    await expect.poll(() => status(org), poll).toBe('published');
    expect(await text(org, '[data-testid=step-done]')).toContain('Gửi muộn');
    expect(await attr(org, '[data-testid=timeline] [data-kind=published]', 'class')).toContain('--warn');
    const m = await meeting();
    expect(m.published.late).toMatchObject({ late: true, requiredMinutes: 3 * 24 * 60 });
  });

  it('an invitee declines, then sends a substitute; the organiser sees each answer arrive live', async () => {
    const org = pages.organiser!;
    await org.click('[data-tab=invitation]');
    await expect
      .poll(() => attr(org, '[data-testid=answers-summary] [data-kind=pending]', 'data-count'), poll)
      .toBe('2');

    const inv = await deviceOf('invitee', '/meetings');
    pages.invitee = inv;
    await expect
      .poll(() => attr(inv, `[data-meeting="${meetingId}"]`, 'data-status'), poll)
      .toBe('published');
    await shoot(inv, 'meetings-list');
    await inv.locator(`[data-meeting="${meetingId}"] a`).click();
    await inv.waitForURL(new RegExp(`/meetings/${meetingId}`));
    // An invitee opens on the invitation, and may answer until the deadline.
    await expect.poll(() => attr(inv, '[data-testid=my-answer]', 'data-open'), poll).toBe('true');
    expect(await text(inv, '[data-testid=invitation]')).toContain('125/GM-UBND');
    expect(await text(inv, '[data-testid=invitation]')).toContain('Dự toán ngân sách 2027 (kèm báo cáo)');
    expect(await count(inv, '[data-testid=answers]')).toBe(0);

    await inv.check('[data-testid=answer-decline]');
    await inv.fill('[data-testid=decline-reason]', 'Đi công tác Hà Nội');
    await inv.click('[data-testid=send-answer]');
    await expect.poll(() => attr(inv, '[data-testid=my-answer]', 'data-answer'), poll).toBe('decline');
    await expect
      .poll(
        () =>
          attr(
            org,
            `[data-testid=answers-table] tr[data-person="${people.invitee!.personId}"]`,
            'data-answer',
          ),
        poll,
      )
      .toBe('decline');
    expect(
      await text(org, `[data-testid=answers-table] tr[data-person="${people.invitee!.personId}"]`),
    ).toContain('Đi công tác Hà Nội');

    // The answer changes before the deadline: a substitute, who gets the seat and the rights.
    await inv.check('[data-testid=answer-substitute]');
    expect(await text(inv, '[data-testid=substitute-explain]')).toContain('ngồi vào ghế của bạn');
    await pick(inv, '[data-testid=picker-substitute]', 'du thay', PEOPLE.substitute.fullName);
    await inv.fill('[data-testid=substitute-note]', 'Phó Giám đốc dự thay');
    await shoot(inv, 'meeting-invitation');
    await inv.click('[data-testid=send-answer]');
    await expect.poll(() => attr(inv, '[data-testid=my-answer]', 'data-answer'), poll).toBe('substitute');

    const row = `[data-testid=answers-table] tr[data-person="${people.invitee!.personId}"]`;
    await expect.poll(() => attr(org, row, 'data-answer'), poll).toBe('substitute');
    expect(await text(org, row)).toContain(PEOPLE.substitute.fullName);
    await expect
      .poll(() => attr(org, '[data-testid=answers-summary] [data-kind=substitute]', 'data-count'), poll)
      .toBe('1');

    // The guest attends (over the API): the organiser's counts follow.
    expect((await as('guest', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'attend' })).status).toBe(
      200,
    );
    await expect
      .poll(() => attr(org, '[data-testid=answers-summary] [data-kind=attend]', 'data-count'), poll)
      .toBe('1');
    await expect
      .poll(() => attr(org, '[data-testid=answers-summary] [data-kind=pending]', 'data-count'), poll)
      .toBe('0');
    await shoot(org, 'meeting-answers');

    // Others read the meeting, not edit it.
    await inv.click('[data-tab=details]');
    await expect.poll(() => count(inv, '[data-testid=meeting-details]'), poll).toBe(1);
    expect(await count(inv, '[data-testid=meeting-editor]')).toBe(0);
  });

  it('the secretary seats people; the substitute sits in the invitee’s seat', async () => {
    const sec = await deviceOf('secretary', `/meetings/${meetingId}?tab=seats`);
    pages.secretary = sec;
    const seat = (n: number) => `[data-testid=seat-plan] li[data-seat="${n}"]`;
    await sec.locator(`${seat(1)} select`).waitFor();
    for (const [n, who] of [
      [1, 'chair'],
      [2, 'invitee'],
      [3, 'guest'],
      [4, 'secretary'],
    ] as const) {
      await sec.selectOption(`${seat(n)} select`, people[who]!.personId);
      await expect.poll(() => attr(sec, seat(n), 'data-holder'), poll).toBe(people[who]!.personId);
    }
    await expect.poll(() => attr(sec, seat(2), 'data-person'), poll).toBe(people.substitute!.personId);
    expect(await text(sec, `${seat(2)} [data-testid=seat-who]`)).toContain(PEOPLE.substitute.fullName);
    expect(await text(sec, `${seat(2)} [data-testid=seat-substitute]`)).toContain(PEOPLE.invitee.fullName);
    await expect.poll(() => text(sec, '[data-testid=unseated]'), poll).toContain('Mọi người đã có chỗ ngồi');
    await shoot(sec, 'meeting-seat-plan');
    const seats = (await meeting()).seats;
    expect(seats.find((s: { seat: number }) => s.seat === 2)).toMatchObject({
      holderId: people.invitee!.personId,
      personId: people.substitute!.personId,
    });
  });

  it('the invited unit’s administrator sees the meeting, names an attendee of the unit; the organiser sees the unit’s answer', async () => {
    const ua = await deviceOf('unitadmin', '/meetings');
    const row = `[data-meeting="${meetingId}"]`;
    await expect.poll(() => attr(ua, row, 'data-status'), poll).toBe('published');
    expect(await text(ua, `${row} [data-role=unit_admin]`)).toBe('Đơn vị được mời');
    await shoot(ua, 'meetings-list-unit-admin');
    await ua.locator(`${row} a`).click();
    await ua.waitForURL(new RegExp(`/meetings/${meetingId}`));

    // It opens on the invitation, with the unit's panel: nobody named yet, until the deadline.
    const panel = '[data-testid=unit-answer]';
    await expect.poll(() => attr(ua, panel, 'data-unit'), poll).toBe(units.planning);
    expect(await attr(ua, panel, 'data-open')).toBe('true');
    expect(await attr(ua, panel, 'data-attendee')).toBe('');
    expect(await text(ua, panel)).toContain('Đơn vị được mời: cử người dự');
    expect(await text(ua, '[data-testid=unit-answer-unit]')).toBe('Sở Kế hoạch và Đầu tư (thử)');
    expect(await text(ua, '[data-testid=unit-answer-now]')).toContain('Đơn vị chưa cử người dự');
    const d = new Date(deadline);
    const p2 = (n: number) => String(n).padStart(2, '0');
    expect(await text(ua, panel)).toContain(
      `Hạn cử người: ${p2(d.getHours())}:${p2(d.getMinutes())} ${p2(d.getDate())}/${p2(d.getMonth() + 1)}/${d.getFullYear()}`,
    );
    expect(await count(ua, '[data-testid=invitation]')).toBe(1);
    expect(await count(ua, '[data-testid=answers]')).toBe(0);

    // The picker offers the unit's people only: not someone of another unit, not its invited guest.
    const picker = `${panel} [data-testid=picker-unit-attendee]`;
    for (const q of ['thu ky', 'khach']) {
      await ua.locator(`${picker} input`).fill(q);
      await expect.poll(() => text(ua, `${picker} .picker__list`), poll).toContain('Không tìm thấy');
    }
    // Someone who leaves the unit after the page listed them: refused, in words.
    const left = await sessionApi(
      room.base,
      admin,
      'POST',
      `/api/persons/${people.leaver!.personId}/deactivate`,
      {},
    );
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    await pick(ua, picker, 'da nghi', PEOPLE.leaver.fullName);
    await ua.click('[data-testid=send-unit-answer]');
    await expect
      .poll(() => attr(ua, '[data-testid=unit-answer-error]', 'data-code'), poll)
      .toBe('E_BAD_ATTENDEE');
    expect(await text(ua, '[data-testid=unit-answer-error]')).toContain(
      `${PEOPLE.leaver.fullName}: Không cử được người này dự họp cho đơn vị: phải là cán bộ đang công tác tại đơn vị`,
    );
    expect(await attr(ua, panel, 'data-attendee')).toBe('');
    await shootPart(ua, panel, 'meeting-unit-answer-refused');
    // The list is fetched again: the leaver is gone from it.
    await ua.locator(`${picker} input`).fill('da nghi');
    await expect.poll(() => text(ua, `${picker} .picker__list`), poll).toContain('Không tìm thấy');

    await pick(ua, picker, 'dai dien', PEOPLE.unitdelegate.fullName);
    await ua.click('[data-testid=send-unit-answer]');
    await expect
      .poll(() => text(ua, '[data-testid=unit-answer-saved]'), poll)
      .toContain(`Đã lưu: ${PEOPLE.unitdelegate.fullName} dự họp thay mặt đơn vị`);
    expect(await attr(ua, panel, 'data-attendee')).toBe(people.unitdelegate!.personId);
    expect(await text(ua, '[data-testid=unit-answer-now]')).toContain(PEOPLE.unitdelegate.fullName);
    expect(await text(ua, '[data-testid=unit-answer-state]')).toBe('Đã cử người');
    expect(await text(ua, '[data-testid=send-unit-answer]')).toBe('Đổi người dự');
    await shoot(ua, 'meeting-unit-answer');
    await shootPart(ua, panel, 'meeting-unit-answer-card');

    // The organiser sees the unit's answer arrive, with who named them.
    const org = pages.organiser!;
    await org.click('[data-tab=invitation]');
    const unitRow = `[data-testid=answers] li[data-unit="${units.planning}"]`;
    await expect.poll(() => attr(org, unitRow, 'data-attendee'), poll).toBe(people.unitdelegate!.personId);
    expect(await text(org, unitRow)).toContain(`Cử ${PEOPLE.unitdelegate.fullName}`);
    expect(await text(org, unitRow)).toContain(PEOPLE.unitadmin.fullName);
    expect(await text(org, '[data-testid=answers]')).toContain('Đơn vị: 1 đã cử người, 0 chưa');
    await shootPart(org, '[data-testid=answers]', 'meeting-answers-units');
    expect((await meeting()).unitAnswers[units.planning!]).toMatchObject({
      attendeeId: people.unitdelegate!.personId,
      by: people.unitadmin!.personId,
    });

    // Opened again later, the unit's page still says whom it sends.
    await ua.reload();
    await expect.poll(() => attr(ua, panel, 'data-attendee'), poll).toBe(people.unitdelegate!.personId);
    expect(await text(ua, '[data-testid=unit-answer-now]')).toContain(PEOPLE.unitdelegate.fullName);
    expect(await count(ua, '[data-testid=unit-answer-saved]')).toBe(0);
  });

  it('the chair opens it, runs the agenda from the chair console, follows the roll call and ends it', async () => {
    const chairMeeting = await deviceOf('chair', `/meetings/${meetingId}`);
    await chairMeeting.click('[data-step=start]');
    await expect.poll(() => status(chairMeeting), poll).toBe('in_progress');
    // Answers close once the meeting is under way: the invitee's answer is read-only now.
    await pages.invitee!.click('[data-tab=invitation]');
    await expect.poll(() => attr(pages.invitee!, '[data-testid=my-answer]', 'data-open'), poll).toBe('false');
    expect(await count(pages.invitee!, '[data-testid=send-answer]')).toBe(0);

    await chairMeeting.click('[data-testid=open-chair]');
    await chairMeeting.waitForURL(/\/chair$/);
    const con = chairMeeting;
    const live = '[data-testid=live-meeting]';
    await expect.poll(() => attr(con, live, 'data-status'), poll).toBe('in_progress');
    expect(await text(con, '[data-testid=live-title]')).toBe('Họp giao ban kinh tế - xã hội tháng 12');
    const agenda = (await meeting()).fields.agenda.map((a: { id: string }) => a.id);
    await expect.poll(() => attr(con, live, 'data-current'), poll).toBe(agenda[0]);
    await con.click('[data-testid=item-next]');
    await expect.poll(() => attr(con, live, 'data-current'), poll).toBe(agenda[1]);
    await con.click('[data-testid=item-next]');
    await expect.poll(() => attr(con, live, 'data-current'), poll).toBe(agenda[2]);
    expect(await text(con, '[data-testid=live-current]')).toContain('Dự toán ngân sách 2027');
    await con.click('[data-testid=item-prev]');
    await expect.poll(() => attr(con, live, 'data-current'), poll).toBe(agenda[1]);
    // The floor panel is there for the chair person too (no key on this device).
    expect(await count(con, '[data-testid=floor-next]')).toBe(1);

    // Roll call by name: the substitute at seat 2, the invitee who sent them, the guest at seat 3.
    const rc = '[data-testid=live-rollcall]';
    await expect.poll(() => attr(con, `${rc} li[data-seat="2"]`, 'data-state'), poll).toBe('absent');
    expect(await text(con, `${rc} li[data-seat="2"]`)).toContain(PEOPLE.substitute.fullName);
    expect(await text(con, `${rc} li[data-seat="2"]`)).toContain(`dự thay ${PEOPLE.invitee.fullName}`);
    expect(await text(con, `${rc} li[data-state=substituted]`)).toContain(PEOPLE.invitee.fullName);
    // The substitute's tablet at seat 2 shows their name, their meeting, and marks them present.
    const tablet = await screens.open(`/seat/2#key=${room.seatKey(2)}`, TABLET);
    const [name, value] = people.substitute!.cookie.split('=') as [string, string];
    await tablet.context().addCookies([{ name, value, url: room.base, httpOnly: true, sameSite: 'Strict' }]);
    await tablet.reload();
    await expect
      .poll(() => text(tablet, '[data-testid=seat-label]'), poll)
      .toContain(PEOPLE.substitute.fullName);
    await expect.poll(() => count(tablet, '[data-testid=seat-meetings]'), poll).toBe(1);
    await expect
      .poll(() => attr(tablet, '[data-testid=seat-agenda] [aria-current=step]', 'data-item'), poll)
      .toBe(agenda[1]);
    await tablet.click('[data-testid=present-button]');
    await expect.poll(() => attr(con, `${rc} li[data-seat="2"]`, 'data-state'), poll).toBe('present');
    // The chair marks the guest present from the list.
    await con.click(`${rc} li[data-seat="3"] [data-action=mark-present]`);
    await expect.poll(() => attr(con, `${rc} li[data-seat="3"]`, 'data-state'), poll).toBe('present');
    await expect.poll(() => attr(con, rc, 'data-present'), poll).toBe('2');
    await con.click('[data-testid=item-next]');
    await expect
      .poll(() => attr(tablet, '[data-testid=seat-agenda] [aria-current=step]', 'data-item'), poll)
      .toBe(agenda[2]);
    await shoot(con, 'meeting-chair-console');
    await shoot(tablet, 'meeting-seat-tablet');

    // The paired chair key keeps its console, with the meeting shown (its steps are the chair person's).
    const keyed = await screens.open(`/chair#key=${room.chairKey()}`, TABLET);
    await expect.poll(() => attr(keyed, live, 'data-current'), poll).toBe(agenda[2]);
    expect(await count(keyed, '[data-testid=item-next]')).toBe(0);
    expect(await count(keyed, '[data-testid=floor-next]')).toBe(1);
    await expect.poll(() => attr(keyed, `${rc} li[data-seat="2"]`, 'data-state'), poll).toBe('present');

    await con.click('[data-testid=live-pause]');
    await expect.poll(() => attr(con, live, 'data-status'), poll).toBe('paused');
    await expect.poll(() => attr(keyed, live, 'data-status'), poll).toBe('paused');
    await con.click('[data-testid=live-resume]');
    await expect.poll(() => attr(con, live, 'data-status'), poll).toBe('in_progress');
    await con.click('[data-testid=live-end]');
    expect(await text(con, '[data-testid=live-end]')).toContain('Nhấn lần nữa');
    await con.click('[data-testid=live-end]');
    await expect.poll(() => count(con, '[data-testid=no-meeting-live]'), poll).toBe(1);
    await expect.poll(() => count(keyed, live), poll).toBe(0);
    expect((await meeting()).status).toBe('ended');
    // The chair key itself reads no meetings (checked here so the report can say so).
    expect((await api(room.base, room.chairKey(), 'GET', `/api/meetings/${meetingId}`)).status).toBe(403);
  });

  it('the organiser archives it; the timeline has every step', async () => {
    const org = pages.organiser!;
    await expect.poll(() => status(org), poll).toBe('ended');
    await org.click('[data-step=archive]');
    await expect.poll(() => status(org), poll).toBe('archived');
    // The step's answer has no history: the timeline follows once the meeting is fetched again.
    const kinds = () =>
      org
        .locator('[data-testid=timeline] [data-kind]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    await expect
      .poll(kinds, poll)
      .toEqual([
        'created',
        'submitted',
        'returned',
        'resubmitted',
        'returned',
        'resubmitted',
        'approved',
        'published',
        'started',
        'paused',
        'resumed',
        'ended',
        'archived',
      ]);
    expect(await text(org, '[data-testid=timeline] [data-kind=published]')).toContain('Gửi muộn');
    expect(await text(org, '[data-testid=timeline] [data-kind=started]')).toContain(PEOPLE.chair.fullName);
    await org.goto(`${room.base}/meetings`);
    await expect.poll(() => attr(org, `[data-meeting="${meetingId}"]`, 'data-status'), poll).toBe('archived');
    await org.click('[data-testid=status-filters] [data-status=archived]');
    expect(new URL(org.url()).search).toBe('?status=archived');
    expect(await count(org, '[data-testid=group-past] [data-meeting]')).toBe(1);
  });

  it('English works on the meeting pages too; no page error or CSP violation anywhere', async () => {
    const org = pages.organiser!;
    await org.click('[data-testid=lang-en]');
    await expect.poll(() => text(org, '[data-testid=status-filters]'), poll).toContain('Archived');
    expect(await screens.closeAll(), 'CSP violations or page errors').toEqual([]);
  });
});
