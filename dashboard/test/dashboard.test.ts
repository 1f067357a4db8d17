// The dashboard in a real browser against the real appliance: the seat tablet, the chair console and
// the wall display open side by side (each its own browser context, as on separate devices) and must
// agree with each other within seconds. Headless Debian Chromium through playwright-core.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Appliance, api, ensureDashboardBuilt, startAppliance } from './helpers/appliance.ts';
import { attrOf, Screens, textOf } from './helpers/browser.ts';

/** How long a screen may take to show what another screen did. */
const SEEN_WITHIN = 5000;
const poll = { timeout: SEEN_WITHIN, interval: 100 };

let room: Appliance;
let dataDir: string;
let screens: Screens;

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'room-dashboard-'));
  room = await startAppliance(dataDir);
  screens = await Screens.launch(() => room.base, SEEN_WITHIN);
}, 120_000);

afterAll(async () => {
  await screens?.close();
  await room?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

afterEach(async () => {
  // Content-Security-Policy violations and uncaught page errors: any is a failure.
  expect(await screens.closeAll(), 'CSP violations or page errors').toEqual([]);
});

/** A fresh device (its own storage) with `path` open. */
const device = (path: string, viewport?: { width: number; height: number }) => screens.open(path, viewport);

const chair = () => api(room.base, room.chairKey(), 'GET', '/api/room');

/** Back to a quiet room: no speakers, no requests, no open vote, request mode with 4 microphones. */
async function quietRoom(): Promise<void> {
  const key = room.chairKey();
  const view = (await chair()).body;
  await api(room.base, key, 'POST', '/api/floor/priority', { on: false });
  for (const s of view.floor.speakers) await api(room.base, key, 'POST', '/api/floor/end', { seat: s.seat });
  await api(room.base, key, 'POST', '/api/floor/clear', {});
  if (view.vote?.state === 'open') await api(room.base, key, 'POST', '/api/votes/close', {});
  await api(room.base, key, 'PUT', '/api/floor/settings', { mode: 'request', maxOpen: 4 });
}

const attr = attrOf;
const text = (page: Page, selector: string) => textOf(page, selector, null);
const count = (page: Page, selector: string) => page.locator(selector).count();

describe('dashboard: seat tablet, chair console, wall display', () => {
  // R-ROOM-2, R-HW-5
  it('a request to speak from the tablet reaches the chair; a grant opens the mic everywhere', async () => {
    await quietRoom();
    const k5 = room.seatKey(5);
    const tablet = await device(`/seat/5#key=${k5}`, { width: 1280, height: 800 });
    const console_ = await device(`/chair#key=${room.chairKey()}`);
    const wall = await device('/display', { width: 1920, height: 1080 });

    // The pairing link's key moved to storage and left the address bar.
    expect(tablet.url()).toBe(`${room.base}/seat/5`);
    expect(await tablet.evaluate(() => localStorage.getItem('room.key'))).toBe(k5);

    const mic = '[data-testid=mic-button]';
    await expect.poll(() => attr(tablet, mic, 'data-mic'), poll).toBe('off');
    expect(await text(tablet, '[data-testid=seat-label]')).toContain('Đại biểu 5');
    await tablet.click(mic);
    await expect.poll(() => attr(tablet, mic, 'data-mic'), poll).toBe('requesting');

    const request = '[data-testid=requests] li[data-seat="5"]';
    await expect.poll(() => count(console_, request), poll).toBe(1);
    await expect.poll(() => count(wall, request), poll).toBe(1);
    await console_.click(`${request} [data-action=grant]`);

    await expect.poll(() => attr(tablet, mic, 'data-mic'), poll).toBe('on');
    const speaker = '[data-testid=speakers] li[data-seat="5"]';
    await expect.poll(() => count(wall, speaker), poll).toBe(1);
    expect(await text(wall, speaker)).toContain('Đại biểu 5');
    await expect.poll(() => count(wall, request), poll).toBe(0);
    await expect.poll(() => count(console_, speaker), poll).toBe(1);

    // Speaking time counts up on the wall display.
    await expect
      .poll(() => text(wall, `${speaker} .elapsed`), { timeout: 6000, interval: 250 })
      .toMatch(/^0:0[2-9]$/);

    // The chair ends the speech: the tablet's mic goes off, the wall display drops the speaker.
    await console_.click(`${speaker} [data-action=end]`);
    await expect.poll(() => attr(tablet, mic, 'data-mic'), poll).toBe('off');
    await expect.poll(() => count(wall, speaker), poll).toBe(0);
  });

  // R-VOTE-6, R-HW-5
  it('a quick vote: tablet ballot, live chart on the wall, final result after close', async () => {
    await quietRoom();
    const tablet = await device(`/seat/5#key=${room.seatKey(5)}`, { width: 1280, height: 800 });
    const console_ = await device(`/chair#key=${room.chairKey()}`);
    const wall = await device('/display', { width: 1920, height: 1080 });

    const buttons = '[data-testid=vote-buttons] button';
    await expect.poll(() => attr(tablet, '[data-testid=mic-button]', 'data-mic'), poll).toBe('off');
    expect(await count(tablet, buttons)).toBe(0);

    await console_.fill('[data-testid=vote-title-input]', 'Thông qua chương trình kỳ họp');
    await console_.click('[data-testid=vote-start]');

    await expect.poll(() => count(tablet, buttons), poll).toBe(3);
    for (const c of ['yes', 'no', 'abstain']) {
      expect(await tablet.locator(`${buttons}[data-choice=${c}]`).isEnabled()).toBe(true);
    }
    await expect
      .poll(() => text(wall, '[data-testid=vote-title]'), poll)
      .toBe('Thông qua chương trình kỳ họp');
    expect(await attr(wall, '[data-testid=vote-state]', 'data-state')).toBe('open');
    await expect.poll(() => attr(wall, '[data-choice=not_voted]', 'data-count'), poll).toBe('60');

    await tablet.click(`${buttons}[data-choice=yes]`);
    await expect.poll(() => attr(tablet, `${buttons}[data-choice=yes]`, 'aria-pressed'), poll).toBe('true');
    for (const c of ['yes', 'no', 'abstain']) {
      expect(await tablet.locator(`${buttons}[data-choice=${c}]`).isDisabled()).toBe(true);
    }
    expect(await text(tablet, '[data-testid=ballot-status]')).toBe('Bạn đã chọn: Tán thành');

    const bar = (c: string) => attr(wall, `[data-testid=vote-chart] [data-choice=${c}]`, 'data-count');
    await expect.poll(() => bar('yes'), poll).toBe('1');
    expect(await bar('not_voted')).toBe('59');
    expect(await bar('no')).toBe('0');
    expect(await bar('abstain')).toBe('0');
    await expect
      .poll(() => attr(console_, '[data-testid=vote-chart] [data-choice=yes]', 'data-count'), poll)
      .toBe('1');

    await console_.click('[data-testid=vote-close]');
    await expect.poll(() => attr(wall, '[data-testid=vote-state]', 'data-state'), poll).toBe('closed');
    expect(await text(wall, '[data-testid=vote-state]')).toBe('Đã kết thúc');
    expect([await bar('yes'), await bar('no'), await bar('abstain'), await bar('not_voted')]).toEqual([
      '1',
      '0',
      '0',
      '59',
    ]);
    // The tablet's ballot is gone; it shows the result instead.
    await expect.poll(() => count(tablet, buttons), poll).toBe(0);
    await expect
      .poll(() => attr(tablet, '[data-testid=ballot] [data-choice=yes]', 'data-count'), poll)
      .toBe('1');
  });

  // R-VOTE-6, R-HW-5
  it('a secret vote shows only how many ballots were cast until it closes', async () => {
    await quietRoom();
    const tablet = await device(`/seat/6#key=${room.seatKey(6)}`, { width: 1280, height: 800 });
    const console_ = await device(`/chair#key=${room.chairKey()}`);
    const wall = await device('/display', { width: 1920, height: 1080 });

    await console_.check('[data-testid=vote-secret]');
    await console_.click('[data-testid=vote-start]');
    const buttons = '[data-testid=vote-buttons] button';
    await expect.poll(() => count(tablet, buttons), poll).toBe(3);
    expect(await text(tablet, '[data-testid=ballot]')).toContain('Phiếu kín');
    await expect.poll(() => attr(wall, '[data-testid=ballots-cast]', 'data-count'), poll).toBe('0');

    await tablet.click(`${buttons}[data-choice=no]`);
    await expect.poll(() => text(tablet, '[data-testid=ballot-status]'), poll).toBe('Đã bỏ phiếu');
    expect(await count(tablet, `${buttons}[aria-pressed=true]`)).toBe(0);
    expect(await tablet.locator(`${buttons}[data-choice=no]`).isDisabled()).toBe(true);
    await expect.poll(() => attr(wall, '[data-testid=ballots-cast]', 'data-count'), poll).toBe('1');
    expect(await count(wall, '[data-testid=vote-chart] [data-choice]')).toBe(0);

    await console_.click('[data-testid=vote-close]');
    await expect
      .poll(() => attr(wall, '[data-testid=vote-chart] [data-choice=no]', 'data-count'), poll)
      .toBe('1');
    expect(await attr(wall, '[data-testid=vote-chart] [data-choice=not_voted]', 'data-count')).toBe('59');
  });

  // R-ROOM-2
  it('the chair sees refusals such as E_FLOOR_FULL as a readable message in the current language', async () => {
    await quietRoom();
    const console_ = await device(`/chair#key=${room.chairKey()}`);
    await console_.selectOption('[data-testid=floor-max-open]', '1');
    await expect.poll(async () => (await chair()).body.floor.maxOpen, poll).toBe(1);
    // The select shows the room's value: it follows once the view delta reached this console.
    await expect.poll(() => console_.locator('[data-testid=floor-max-open]').inputValue(), poll).toBe('1');

    for (const s of [7, 8]) {
      const r = await api(room.base, room.seatKey(s), 'POST', `/api/seats/${s}/speak`, {});
      expect(r.status).toBe(200);
    }
    await console_.click('[data-testid=requests] li[data-seat="7"] [data-action=grant]');
    await expect.poll(() => count(console_, '[data-testid=speakers] li[data-seat="7"]'), poll).toBe(1);
    await console_.click('[data-testid=requests] li[data-seat="8"] [data-action=grant]');

    const banner = '[data-testid=error-banner]';
    await expect.poll(() => attr(console_, banner, 'data-code'), poll).toBe('E_FLOOR_FULL');
    expect(await text(console_, banner)).toContain('Đã đủ số micro được mở');
    await console_.click('[data-testid=lang-en]');
    await expect.poll(() => text(console_, banner), poll).toContain('All microphones allowed are open');
    await console_.click('[data-testid=lang-vi]');
  });

  // R-ATT-2, R-HW-5
  it('roll call: the tablet marks present, the chair toggles seats and resets', async () => {
    await quietRoom();
    await api(room.base, room.chairKey(), 'POST', '/api/attendance/reset', {});
    const tablet = await device(`/seat/9#key=${room.seatKey(9)}`, { width: 1280, height: 800 });
    const console_ = await device(`/chair#key=${room.chairKey()}`);
    const wall = await device('/display', { width: 1920, height: 1080 });

    const tile = (s: number) => `[data-testid=rollcall] button[data-seat="${s}"]`;
    await expect.poll(() => attr(console_, '[data-testid=present-count]', 'data-present'), poll).toBe('0');
    expect(await attr(console_, tile(9), 'aria-pressed')).toBe('false');

    await tablet.click('[data-testid=present-button]');
    await expect.poll(() => attr(tablet, '[data-testid=present-button]', 'data-present'), poll).toBe('true');
    expect(await tablet.locator('[data-testid=present-button]').isDisabled()).toBe(true);
    await expect.poll(() => attr(console_, tile(9), 'aria-pressed'), poll).toBe('true');
    expect(await attr(console_, '[data-testid=present-count]', 'data-present')).toBe('1');
    await expect.poll(() => attr(wall, '[data-testid=headcount]', 'data-present'), poll).toBe('1');

    // The chair marks seat 12 present and seat 9 absent through the attendance API.
    await console_.click(tile(12));
    await expect.poll(() => attr(console_, tile(12), 'aria-pressed'), poll).toBe('true');
    await console_.click(tile(9));
    await expect.poll(() => attr(console_, tile(9), 'aria-pressed'), poll).toBe('false');
    await expect.poll(() => attr(tablet, '[data-testid=present-button]', 'data-present'), poll).toBe('false');
    expect((await chair()).body.present).toEqual([12]);

    // Reset asks for a second press.
    await console_.click('[data-testid=rollcall-reset]');
    expect((await chair()).body.present).toEqual([12]);
    await console_.click('[data-testid=rollcall-reset]');
    await expect.poll(() => attr(console_, '[data-testid=present-count]', 'data-present'), poll).toBe('0');
    await expect.poll(() => attr(wall, '[data-testid=headcount]', 'data-present'), poll).toBe('0');
  });

  it('the language toggle switches Vietnamese to English and is remembered across a reload', async () => {
    const wall = await device('/display', { width: 1920, height: 1080 });
    const heading = '#h-speakers';
    await expect.poll(() => text(wall, heading), poll).toBe('Người phát biểu');
    expect(await text(wall, '#h-requests')).toContain('Đăng ký chờ');
    expect(await wall.evaluate(() => document.documentElement.lang)).toBe('vi');

    await wall.click('[data-testid=lang-en]');
    await expect.poll(() => text(wall, heading), poll).toBe('Speakers');
    expect(await text(wall, '#h-requests')).toContain('Requests');
    expect(await wall.evaluate(() => document.documentElement.lang)).toBe('en');

    await wall.reload();
    await expect.poll(() => text(wall, heading), poll).toBe('Speakers');
    expect(await attr(wall, '[data-testid=lang-en]', 'aria-pressed')).toBe('true');

    await wall.click('[data-testid=lang-vi]');
    await expect.poll(() => text(wall, heading), poll).toBe('Người phát biểu');
  });

  it('without a key the chair console asks for the pairing link; a forged or wrong key is refused', async () => {
    const bare = await device('/chair');
    await expect.poll(() => count(bare, '[data-testid=pairing-needed]'), poll).toBe(1);
    expect(await text(bare, '[data-testid=pairing-needed]')).toContain('Thiết bị chưa được ghép nối');
    expect(await count(bare, '[data-testid=floor-next]')).toBe(0);

    const forgedKey = `chair-1.${'A'.repeat(43)}`;
    const forged = await device(`/chair#key=${forgedKey}`);
    await expect.poll(() => count(forged, '[data-testid=auth-error]'), poll).toBe(1);
    expect(await text(forged, '[data-testid=auth-error]')).toContain('Mã truy cập không hợp lệ');
    expect(forged.url()).toBe(`${room.base}/chair`);
    expect(await count(forged, '[data-testid=floor-next]')).toBe(0);

    // A seat's real key opens that seat's tablet, not the chair console nor another seat.
    const seatKey = room.seatKey(4);
    const wrong = await device(`/chair#key=${seatKey}`);
    await expect.poll(() => count(wrong, '[data-testid=auth-error]'), poll).toBe(1);
    expect(await text(wrong, '[data-testid=auth-error]')).toContain('không phải của bàn chủ tọa');
    await wrong.goto(`${room.base}/seat/5`);
    await expect.poll(() => text(wrong, '[data-testid=auth-error]'), poll).toContain('không phải của ghế 5');
    await wrong.goto(`${room.base}/seat/4`);
    await expect.poll(() => attr(wrong, '[data-testid=mic-button]', 'data-mic'), poll).toBe('off');
  });

  // R-ROOM-2
  it('shows "mất kết nối" while the appliance is down and recovers its state on reconnect', async () => {
    await quietRoom();
    const wall = await device('/display', { width: 1920, height: 1080 });
    const console_ = await device(`/chair#key=${room.chairKey()}`);
    const waiting = '[data-testid=requests] li[data-seat="10"]';
    await api(room.base, room.seatKey(10), 'POST', '/api/seats/10/speak', {});
    await expect.poll(() => count(wall, waiting), poll).toBe(1);
    expect(await count(wall, '[data-testid=offline-banner]')).toBe(0);

    const ports = room.ports;
    await room.stop();
    await expect.poll(() => count(wall, '[data-testid=offline-banner]'), poll).toBe(1);
    expect(await text(wall, '[data-testid=offline-banner]')).toContain('Mất kết nối');
    await expect.poll(() => count(console_, '[data-testid=offline-banner]'), poll).toBe(1);

    room = await startAppliance(dataDir, ports);
    const back = { timeout: 15_000, interval: 200 };
    await expect.poll(() => count(wall, '[data-testid=offline-banner]'), back).toBe(0);
    await expect.poll(() => count(console_, '[data-testid=offline-banner]'), back).toBe(0);
    // The new snapshot carries the state rebuilt from the log; the feed is live again.
    expect(await count(wall, waiting)).toBe(1);
    await api(room.base, room.seatKey(11), 'POST', '/api/seats/11/speak', {});
    await expect.poll(() => count(wall, '[data-testid=requests] li[data-seat="11"]'), poll).toBe(1);
    await expect.poll(() => count(console_, '[data-testid=requests] li[data-seat="11"]'), poll).toBe(1);
  }, 60_000);
});
