// The recording indicator in a real browser against the real appliance (issue 5, R-ROOM-4, R-MTG-4):
// the wall display, the chair's console (the chair logged in, no key) and the paired chair key's
// console follow the room view's `recording`. The chair starts the meeting: "Đang ghi âm"
// everywhere; the chair pauses recording: "Tạm dừng ghi âm · do chủ trì"; a pause and resume of the
// meeting leave it paused by the chair (resuming recording while the meeting is paused is refused in
// words); the chair resumes it: recording again; the meeting's own pause pauses it "cùng cuộc họp"
// and its resume resumes it; the end takes the indicator away. A secret meeting is never recorded:
// "Họp mật: không ghi âm" on the display and both consoles, no buttons, and the appliance refuses
// to resume recording.
//
// Screenshots at tablet size go to a temp dir, printed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminSession,
  firstLoginHttp,
  type HttpSession,
  sessionApi,
} from '../../appliance/test/helpers/appliance-process.ts';
import { type Appliance, ensureDashboardBuilt, startAppliance } from './helpers/appliance.ts';
import { attrOf, Screens, textOf } from './helpers/browser.ts';

const SEEN_WITHIN = 6000;
const poll = { timeout: SEEN_WITHIN, interval: 100 };
const TABLET = { width: 1024, height: 768 };
const PASSWORD = 'Ghi-am-phong-2026!';

let room: Appliance;
let dataDir: string;
let shots: string;
let screens: Screens;
let admin: HttpSession;
const people: Record<string, HttpSession> = {};
let unitId = '';

const ROLES = { organiser: ['organiser'], chair: [], secretary: [], approver: [], delegate: [] } as const;
type Who = keyof typeof ROLES;

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'room-recording-'));
  shots = mkdtempSync(join(tmpdir(), 'room-recording-shots-'));
  room = await startAppliance(dataDir);
  screens = await Screens.launch(() => room.base, SEEN_WITHIN);
  admin = await adminSession(room.base, dataDir);
  const u = await sessionApi(room.base, admin, 'POST', '/api/units', { name: 'Văn phòng UBND tỉnh (thử)' });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  unitId = u.body.id;
  for (const [who, roles] of Object.entries(ROLES)) {
    const created = await sessionApi(room.base, admin, 'POST', '/api/persons', {
      unitId,
      fullName: `Người thử ${who}`,
      roles,
      username: `ghiam.${who}`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    people[who] = await firstLoginHttp(room.base, `ghiam.${who}`, created.body.oneTimePassword, PASSWORD);
  }
}, 120_000);

afterAll(async () => {
  await screens?.close();
  await room?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (shots) console.log(`recording screenshots: ${shots}`);
}, 30_000);

const as = (who: Who, method: string, path: string, body?: unknown) =>
  sessionApi(room.base, people[who]!, method, path, body);

/** A published meeting a week ahead (no late notice), chaired by `chair`. */
async function publishedMeeting(title: string, secret: boolean): Promise<string> {
  const start = Date.now() + 7 * 86_400_000;
  const m = await as('organiser', 'POST', '/api/meetings', {
    title,
    kind: 'regular',
    secret,
    startsAt: start,
    endsAt: start + 3_600_000,
    form: 'in_person',
    invitation: { text: 'Kính mời các đồng chí dự họp.' },
    agenda: [
      { id: 'a1', title: 'Báo cáo tình hình' },
      { id: 'a2', title: 'Kết luận' },
    ],
    chairId: people.chair!.personId,
    secretaryId: people.secretary!.personId,
    approverId: people.approver!.personId,
    preparerId: people.organiser!.personId,
    preparingUnitId: unitId,
    invitedPersons: [people.delegate!.personId],
  });
  expect(m.status, JSON.stringify(m.body)).toBe(201);
  const id = m.body.id as string;
  for (const [who, step] of [
    ['organiser', 'submit'],
    ['approver', 'approve'],
    ['organiser', 'publish'],
  ] as const) {
    const r = await as(who, 'POST', `/api/meetings/${id}/${step}`, {});
    expect(r.status, `${step}: ${JSON.stringify(r.body)}`).toBe(200);
  }
  return id;
}

/** A person's own device: a browser context with their session cookie, `path` open. */
async function deviceOf(who: Who, path: string): Promise<Page> {
  const page = await screens.open('/display', TABLET);
  const [name, value] = people[who]!.cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: room.base, httpOnly: true, sameSite: 'Strict' }]);
  await page.goto(`${room.base}${path}`);
  return page;
}

const REC = '[data-testid=recording-indicator]';
const attr = attrOf;
const text = (page: Page, selector: string) => textOf(page, selector, '');
const count = (page: Page, selector: string) => page.locator(selector).count();
/** What a screen's indicator says: `off` when there is none. */
const shown = async (page: Page) =>
  (await count(page, REC)) === 0 ? 'off' : await attr(page, REC, 'data-status');

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

describe('the recording indicator on the wall display and the chair consoles (R-ROOM-4)', () => {
  let display: Page;
  let con: Page;
  let keyed: Page;
  let meetingId = '';

  it('the chair starts the meeting: the display and both consoles show "Đang ghi âm", counting up', async () => {
    meetingId = await publishedMeeting('Họp giao ban tháng 12', false);
    display = await screens.open('/display', TABLET);
    keyed = await screens.open(`/chair#key=${room.chairKey()}`, TABLET);
    await display.locator('[data-testid=speakers]').waitFor();
    expect(await shown(display)).toBe('off');

    con = await deviceOf('chair', `/meetings/${meetingId}`);
    await con.click('[data-step=start]');
    await con.click('[data-testid=open-chair]');
    await con.waitForURL(/\/chair$/);
    await expect.poll(() => attr(con, '[data-testid=live-meeting]', 'data-status'), poll).toBe('in_progress');

    for (const page of [display, con, keyed]) {
      await expect.poll(() => shown(page), poll).toBe('recording');
      expect(await text(page, REC)).toContain('Đang ghi âm');
    }
    // Elapsed since the recording started, on the appliance's clock.
    expect(await text(display, `${REC} .rec__time`)).toMatch(/^\d+:\d{2}$/);
    await expect.poll(() => text(display, `${REC} .rec__time`), { ...poll, timeout: 4000 }).not.toBe('0:00');
    // The chair may pause it; the paired key only sees it.
    expect(await count(con, '[data-testid=recording-pause]')).toBe(1);
    expect(await text(con, '[data-testid=recording-pause]')).toBe('Tạm dừng ghi âm');
    expect(await count(keyed, '[data-testid=recording-bar]')).toBe(1);
    expect(await count(keyed, '[data-testid=recording-bar] button')).toBe(0);
    await shoot(display, 'display-recording');
    await shoot(con, 'chair-console-recording');
    // The wall screen as it usually is (full HD).
    await display.setViewportSize({ width: 1920, height: 1080 });
    await shoot(display, 'display-recording-full-hd');
    await display.setViewportSize(TABLET);
  });

  it('the dot pulses, except for people who asked for less motion', async () => {
    const animation = (page: Page) =>
      page.locator(`${REC} .rec__icon`).evaluate((el) => getComputedStyle(el).animationName);
    expect(await animation(display)).toBe('rec-pulse-large');
    expect(await animation(con)).toBe('rec-pulse');
    await display.emulateMedia({ reducedMotion: 'reduce' });
    await con.emulateMedia({ reducedMotion: 'reduce' });
    expect(await animation(display)).toBe('none');
    expect(await animation(con)).toBe('none');
    await display.emulateMedia({ reducedMotion: 'no-preference' });
    await con.emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('the chair pauses recording: "Tạm dừng ghi âm · do chủ trì" everywhere; it holds over a pause of the meeting', async () => {
    await con.click('[data-testid=recording-pause]');
    for (const page of [display, con, keyed]) {
      await expect.poll(() => shown(page), poll).toBe('paused');
      expect(await attr(page, REC, 'data-held')).toBe('true');
      expect(await text(page, REC)).toContain('Tạm dừng ghi âm');
      expect(await text(page, REC)).toContain('do chủ trì');
    }
    expect(await text(con, '[data-testid=recording-bar]')).toContain('đến khi chủ trì bấm');
    await expect.poll(() => count(con, '[data-testid=recording-resume]'), poll).toBe(1);
    expect(await text(con, '[data-testid=recording-resume]')).toBe('Tiếp tục ghi âm');
    await shoot(display, 'display-paused-by-chair');
    await shoot(con, 'chair-console-paused-by-chair');
    await shoot(keyed, 'chair-key-console-paused-by-chair');

    // The meeting pauses: recording cannot resume before the meeting does, and says so in words.
    await con.click('[data-testid=live-pause]');
    await expect.poll(() => attr(con, '[data-testid=live-meeting]', 'data-status'), poll).toBe('paused');
    await con.click('[data-testid=recording-resume]');
    await expect
      .poll(() => attr(con, '[data-testid=recording-error]', 'data-code'), poll)
      .toBe('E_BAD_STATE');
    expect(await text(con, '[data-testid=recording-error]')).toBe(
      'Cuộc họp đang tạm dừng: hãy tiếp tục cuộc họp trước.',
    );
    await shoot(con, 'chair-console-resume-refused');
    await con.click('[data-testid=live-resume]');
    await expect.poll(() => attr(con, '[data-testid=live-meeting]', 'data-status'), poll).toBe('in_progress');
    for (const page of [display, con, keyed]) {
      expect(await shown(page)).toBe('paused');
      expect(await attr(page, REC, 'data-held')).toBe('true');
    }
    // English, on the key's console.
    await keyed.click('[data-testid=lang-en]');
    await expect.poll(() => text(keyed, REC), poll).toContain('Recording paused');
    expect(await text(keyed, REC)).toContain('by the chair');
    await keyed.click('[data-testid=lang-vi]');
  });

  it('the chair resumes recording: recording again; the meeting’s own pause pauses it with the meeting', async () => {
    await expect.poll(() => count(con, '[data-testid=recording-error]'), poll).toBe(0);
    await con.click('[data-testid=recording-resume]');
    for (const page of [display, con, keyed]) {
      await expect.poll(() => shown(page), poll).toBe('recording');
      expect(await text(page, REC)).toContain('Đang ghi âm');
    }
    await con.click('[data-testid=live-pause]');
    for (const page of [display, con, keyed]) {
      await expect.poll(() => shown(page), poll).toBe('paused');
      expect(await attr(page, REC, 'data-held')).toBe('false');
      expect(await text(page, REC)).toContain('cùng cuộc họp');
    }
    expect(await text(con, '[data-testid=recording-bar]')).toContain('khi cuộc họp tiếp tục');
    await shoot(display, 'display-paused-with-meeting');
    await con.click('[data-testid=live-resume]');
    for (const page of [display, con, keyed]) await expect.poll(() => shown(page), poll).toBe('recording');
  });

  it('the meeting ends: the indicator goes; the log has every step with its actor', async () => {
    await con.click('[data-testid=live-end]');
    await con.click('[data-testid=live-end]');
    await expect.poll(() => count(con, '[data-testid=no-meeting-live]'), poll).toBe(1);
    for (const page of [display, keyed]) await expect.poll(() => shown(page), poll).toBe('off');
    expect(await count(display, REC)).toBe(0);
    // Every pause and resume is an event of the meeting in the log, with who did it.
    const log = await sessionApi(
      room.base,
      admin,
      'GET',
      `/api/audit?type=recording.&meetingId=${encodeURIComponent(meetingId)}&limit=20`,
    );
    expect(log.status, JSON.stringify(log.body)).toBe(200);
    const steps = (log.body.events as { type: string; actor: string; payload: { by?: string } }[])
      .reverse()
      .map((e) => `${e.type}${e.payload.by ? `:${e.payload.by}` : ''} ${e.actor}`);
    const chair = `person:${people.chair!.personId}`;
    expect(steps).toEqual([
      `recording.started ${chair}`,
      `recording.paused:chair ${chair}`,
      `recording.resumed ${chair}`,
      `recording.paused:meeting ${chair}`,
      `recording.resumed ${chair}`,
      `recording.stopped ${chair}`,
    ]);
  });

  it('a secret meeting: "Họp mật: không ghi âm" on the display and both consoles, no buttons, resuming refused', async () => {
    const secretId = await publishedMeeting('Họp nội dung mật', true);
    const started = await as('chair', 'POST', `/api/meetings/${secretId}/start`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    await expect.poll(() => attr(con, '[data-testid=live-meeting]', 'data-meeting'), poll).toBe(secretId);
    await expect.poll(() => attr(keyed, '[data-testid=live-meeting]', 'data-meeting'), poll).toBe(secretId);
    await expect.poll(() => shown(con), poll).toBe('secret');
    expect(await text(con, REC)).toBe('Họp mật: không ghi âm');
    expect(await count(con, '[data-testid=recording-bar] button')).toBe(0);
    // The room view says the meeting is secret: the display and the key's console say it too.
    await expect.poll(() => shown(display), poll).toBe('secret');
    await expect.poll(() => shown(keyed), poll).toBe('secret');
    expect(await count(keyed, '[data-testid=recording-bar] button')).toBe(0);
    const refused = await as('chair', 'POST', '/api/recording/resume', {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('E_SECRET_MEETING');
    // The meeting's pause and resume start nothing.
    await con.click('[data-testid=live-pause]');
    await expect.poll(() => attr(con, '[data-testid=live-meeting]', 'data-status'), poll).toBe('paused');
    await con.click('[data-testid=live-resume]');
    await expect.poll(() => attr(con, '[data-testid=live-meeting]', 'data-status'), poll).toBe('in_progress');
    expect(await shown(display)).toBe('secret');
    expect(await shown(con)).toBe('secret');
    await shoot(con, 'chair-console-secret');
    await shoot(display, 'display-secret');
    await con.click('[data-testid=lang-en]');
    await expect.poll(() => text(con, REC), poll).toBe('Secret meeting: not recorded');
    await con.click('[data-testid=lang-vi]');
    expect((await as('chair', 'POST', `/api/meetings/${secretId}/end`, {})).status).toBe(200);
    await expect.poll(() => count(con, '[data-testid=no-meeting-live]'), poll).toBe(1);
  });

  it('no page error or CSP violation anywhere', async () => {
    expect(await screens.closeAll(), 'CSP violations or page errors').toEqual([]);
  });
});
