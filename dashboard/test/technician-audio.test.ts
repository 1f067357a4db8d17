// The technician page's audio card and pane in a real browser against the real appliance (issue 5):
// the demo appliance records from an ALSA device that does not exist, with the tiny generated
// model. Before a meeting the card says ready and the pane shows the model, its size and language;
// once the chair starts a meeting the card turns to "Mất thiết bị âm thanh" with what to do, the
// pane shows ffmpeg's words and the retries, and the meeting goes on. English on the toggle.
//
// Screenshots go to a temp dir, printed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWhisperModel } from '../../appliance/src/transcribe/ggml-model.ts';
import {
  adminSession,
  firstLoginHttp,
  type HttpSession,
  sessionApi,
  technicianSession,
} from '../../appliance/test/helpers/appliance-process.ts';
import { type Appliance, ensureDashboardBuilt, startAppliance } from './helpers/appliance.ts';
import { Screens } from './helpers/browser.ts';

const poll = { timeout: 15_000, interval: 100 };

let room: Appliance;
let dataDir: string;
let shots: string;
let screens: Screens;
let technician: HttpSession;
const people: Record<string, HttpSession> = {};
let unitId = '';

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'room-tech-audio-'));
  shots = mkdtempSync(join(tmpdir(), 'room-tech-audio-shots-'));
  const model = join(dataDir, 'ggml-tiny-test.bin');
  writeWhisperModel(model, { preset: 'tiny-test' });
  room = await startAppliance(join(dataDir, 'data'), undefined, undefined, false, {
    ROOM_AUDIO: JSON.stringify({ source: { kind: 'alsa', device: 'hw:97,0' }, model }),
  });
  screens = await Screens.launch(() => room.base, 6000);
  const admin = await adminSession(room.base, join(dataDir, 'data'));
  technician = await technicianSession(room.base, admin);
  const u = await sessionApi(room.base, admin, 'POST', '/api/units', { name: 'Văn phòng UBND tỉnh' });
  unitId = u.body.id;
  for (const [who, roles] of [
    ['organiser', ['organiser']],
    ['chair', []],
    ['approver', []],
  ] as const) {
    const p = await sessionApi(room.base, admin, 'POST', '/api/persons', {
      unitId,
      fullName: `Người ${who}`,
      roles,
      username: `ta.${who}`,
    });
    people[who] = await firstLoginHttp(room.base, `ta.${who}`, p.body.oneTimePassword);
  }
}, 120_000);

afterAll(async () => {
  await screens?.close();
  await room?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (shots) console.log(`technician audio screenshots: ${shots}`);
}, 30_000);

async function technicianPage(): Promise<Page> {
  const page = await screens.open('/display', { width: 1366, height: 900 });
  const [name, value] = technician.cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: room.base, httpOnly: true, sameSite: 'Strict' }]);
  await page.goto(`${room.base}/technician`);
  return page;
}

const text = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .textContent({ timeout: 1000 })
    .catch(() => null);
const attr = (page: Page, selector: string, name: string) =>
  page
    .locator(selector)
    .first()
    .getAttribute(name, { timeout: 1000 })
    .catch(() => null);

async function startMeeting(): Promise<string> {
  const as = (who: string, method: string, path: string, body?: unknown) =>
    sessionApi(room.base, people[who]!, method, path, body);
  const start = Date.now() + 7 * 86_400_000;
  const m = await as('organiser', 'POST', '/api/meetings', {
    title: 'Họp giao ban tháng 12',
    kind: 'regular',
    secret: false,
    startsAt: start,
    endsAt: start + 3_600_000,
    form: 'in_person',
    invitation: { text: 'Kính mời.' },
    agenda: [{ id: 'a1', title: 'Nội dung' }],
    chairId: people.chair!.personId,
    secretaryId: people.organiser!.personId,
    approverId: people.approver!.personId,
    preparerId: people.organiser!.personId,
    preparingUnitId: unitId,
    invitedPersons: [people.approver!.personId],
  });
  const id = m.body.id as string;
  for (const [who, step] of [
    ['organiser', 'submit'],
    ['approver', 'approve'],
    ['organiser', 'publish'],
    ['chair', 'start'],
  ] as const) {
    const r = await as(who, 'POST', `/api/meetings/${id}/${step}`, {});
    expect(r.status, `${step}: ${JSON.stringify(r.body)}`).toBe(200);
  }
  return id;
}

describe('technician page: the room’s audio (issue 5)', () => {
  it('shows the model, its size and language; a lost device in words while the meeting goes on', async () => {
    const page = await technicianPage();
    const card = '[data-testid=audio-card]';
    await expect
      .poll(() => attr(page, `${card} [data-testid=audio-status]`, 'data-reason'), poll)
      .toBe('idle');
    expect(await text(page, card)).toContain('Âm thanh & chép lời');
    await page.click(card);
    const pane = '[data-testid=audio-detail]';
    const fact = (id: string) => `${pane} [data-fact=${id}] dd`;
    await expect.poll(() => text(page, fact('model')), poll).toBe('ggml-tiny-test.bin');
    expect(await text(page, fact('model-size'))).toMatch(/\S/);
    expect(await text(page, fact('language'))).toBe('Tiếng Việt');
    expect(await text(page, fact('source'))).toContain('hw:97,0');
    expect(await text(page, fact('recorder-state'))).toBe('Không có cuộc họp nào đang được ghi âm');
    expect(await attr(page, `${fact('engine-state')} [data-state]`, 'data-state')).toBe('ready');
    await page.screenshot({ path: join(shots, 'audio-ready.png') });

    const id = await startMeeting();
    await expect
      .poll(() => attr(page, `${card} [data-testid=audio-status]`, 'data-reason'), {
        ...poll,
        timeout: 30_000,
      })
      .toBe('device_lost');
    expect(await text(page, `${card} [data-testid=audio-status]`)).toBe('Mất thiết bị âm thanh');
    expect(await text(page, `${pane} [data-testid=audio-advice]`)).toContain('Cuộc họp vẫn diễn ra');
    await expect.poll(() => text(page, fact('detail')), poll).toMatch(/\S/);
    await expect.poll(() => text(page, fact('attempt')), poll).toMatch(/^Lần thử \d+/);
    expect(await text(page, fact('saving'))).toBe('Không');
    await page.screenshot({ path: join(shots, 'audio-device-lost.png'), fullPage: true });
    // The meeting was not stopped by it.
    const meeting = await sessionApi(room.base, people.chair!, 'GET', `/api/meetings/${id}`);
    expect(meeting.body.status).toBe('in_progress');

    await page.click('[data-testid=lang-en]');
    await expect.poll(() => text(page, `${card} [data-testid=audio-status]`), poll).toBe('Audio device lost');
    expect(await text(page, fact('language'))).toBe('Vietnamese');
    expect(await text(page, `${pane} [data-testid=audio-advice]`)).toContain('The meeting goes on');
    await page.screenshot({ path: join(shots, 'audio-device-lost-en.png'), fullPage: true });
  }, 90_000);
});
