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
  type HttpSession,
  sessionApi,
  technicianSession,
} from '../../appliance/test/helpers/appliance-process.ts';
import {
  type MeetingPeopleHttp,
  meetingPeopleHttp,
  startMeetingHttp,
} from '../../appliance/test/helpers/meeting-over-http.ts';
import { type Appliance, ensureDashboardBuilt, startAppliance } from './helpers/appliance.ts';
import { attrOf, Screens, textOf } from './helpers/browser.ts';

const poll = { timeout: 15_000, interval: 100 };

let room: Appliance;
let dataDir: string;
let shots: string;
let screens: Screens;
let technician: HttpSession;
let meeting: MeetingPeopleHttp;

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
  meeting = await meetingPeopleHttp(room.base, admin, 'ta');
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

const text = (page: Page, selector: string) => textOf(page, selector, null);
const attr = attrOf;

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
    // Nothing transcribed yet, so no key has held the worker.
    expect(await text(page, fact('held'))).toBe('chưa lần nào');
    await page.screenshot({ path: join(shots, 'audio-ready.png') });

    const id = await startMeetingHttp(meeting, 'Họp giao ban tháng 12');
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
    const started = await sessionApi(room.base, meeting.people.chair, 'GET', `/api/meetings/${id}`);
    expect(started.body.status).toBe('in_progress');

    await page.click('[data-testid=lang-en]');
    await expect.poll(() => text(page, `${card} [data-testid=audio-status]`), poll).toBe('Audio device lost');
    expect(await text(page, fact('language'))).toBe('Vietnamese');
    expect(await text(page, fact('held'))).toBe('never');
    expect(await text(page, `${pane} [data-testid=audio-advice]`)).toContain('The meeting goes on');
    await page.screenshot({ path: join(shots, 'audio-device-lost-en.png'), fullPage: true });
  }, 90_000);
});
