// The technician's device page in a real browser against the real appliance (issue 3), with a Shure
// DCS simulator on loopback TCP in this process as the room's conference system: the page adds it,
// shows it connecting live, shows its raw traffic both ways, sends it a test command, disables,
// enables, restarts, edits and removes it. The appliance's devices folder is `<dataDir>/devices`
// (the demo's), so nothing here touches the checkout. The technician is a person who logs in (the
// first administrator from first-admin.txt creates them over HTTP); each page is a browser context
// with their session cookie, which the feed also goes by.
//
// ROOM_SCREENSHOTS=1 also saves the page with a device selected as docs/img/technician.png.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adminSession,
  type HttpSession,
  personSession,
  ROOT,
  sessionApi,
  technicianSession,
} from '../../appliance/test/helpers/appliance-process.ts';
import {
  type ShureSimulatorTcp,
  startShureSimulatorTcp,
} from '../../bridge/src/drivers/shure-dcs/simulator.ts';
import { freePort } from '../../bridge/test/helpers/brokers.ts';
import { type Appliance, api, ensureDashboardBuilt, startAppliance } from './helpers/appliance.ts';
import { attrOf, Screens, textOf } from './helpers/browser.ts';

const SEEN_WITHIN = 5000;
const poll = { timeout: SEEN_WITHIN, interval: 100 };
/** Connecting and reading the unit's whole state takes a moment more than a screen update. */
const CONNECTED_WITHIN = { timeout: 10_000, interval: 100 };

let room: Appliance;
let dataDir: string;
let screens: Screens;
let shure: ShureSimulatorTcp;
let connections = 0;
let technician: HttpSession;
/** Logged in, but neither technician nor system administrator. */
let organiser: HttpSession;

const MAIN = 'dcs-chinh';

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'room-technician-'));
  shure = await startShureSimulatorTcp({ seats: 6 });
  shure.sim.on('connection', () => {
    connections++;
  });
  // Two devices the room already has: a file that is not valid (the page lists its problems), and a
  // backup unit whose address answers nothing (connection failures, a last error).
  const devicesDir = join(dataDir, 'devices');
  mkdirSync(devicesDir, { recursive: true });
  writeFileSync(
    join(devicesDir, 'dcs-cu.json'),
    JSON.stringify({
      id: 'dcs-cu',
      driver: 'shure-dcs',
      transport: 'serial:///dev/ttyUSB0?baudRate=9600',
      options: { verifyMs: 5, colour: 'red' },
    }),
  );
  writeFileSync(
    join(devicesDir, 'dcs-du-phong.json'),
    JSON.stringify({
      id: 'dcs-du-phong',
      driver: 'shure-dcs',
      transport: `tcp://127.0.0.1:${await freePort()}`,
    }),
  );
  room = await startAppliance(dataDir);
  const admin = await adminSession(room.base, dataDir);
  technician = await technicianSession(room.base, admin);
  organiser = await personSession(room.base, admin, {
    username: 'to.chuc',
    roles: ['organiser'],
    fullName: 'Người tổ chức họp',
    unitName: 'Văn phòng (thử)',
  });
  screens = await Screens.launch(() => room.base, SEEN_WITHIN);
}, 120_000);

afterAll(async () => {
  await screens?.close();
  await room?.stop();
  await shure?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

afterEach(async () => {
  // Content-Security-Policy violations and uncaught page errors: any is a failure.
  expect(await screens.closeAll(), 'CSP violations or page errors').toEqual([]);
});

/** A fresh device (its own storage) with `path` open; with `who`, that person's session cookie too. */
async function device(path: string, who?: HttpSession, viewport?: { width: number; height: number }) {
  if (!who) return screens.open(path, viewport);
  const page = await screens.open('/display', viewport);
  const [name, value] = who.cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: room.base, httpOnly: true, sameSite: 'Strict' }]);
  await page.goto(`${room.base}${path}`);
  return page;
}

/** The technician's view of the API. */
const asTechnician = (method: string, path: string, body?: unknown) =>
  sessionApi(room.base, technician, method, path, body);

const attr = attrOf;
const text = (page: Page, selector: string) => textOf(page, selector, null);
const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
const count = (page: Page, selector: string) => page.locator(selector).count();

const card = (id: string) => `[data-testid=device-list] li[data-id="${id}"]`;
const badge = (id: string) => `${card(id)} [data-testid=device-status]`;
const devicesNow = async () => (await asTechnician('GET', '/api/devices')).body as any[];

/** The technician's page, on the main device's detail once it exists. */
async function technicianPage(): Promise<Page> {
  const page = await device('/technician', technician);
  await expect.poll(() => count(page, '[data-testid=device-list]'), poll).toBe(1);
  return page;
}

describe('technician page: devices with live status, traffic, test commands, add / edit / disable', () => {
  it('sends a visitor to the login page and refuses a person without the technician role', async () => {
    // Nobody logged in: the login page, coming back here afterwards.
    const bare = await device('/technician');
    await expect.poll(() => bare.url(), poll).toBe(`${room.base}/login?returnTo=%2Ftechnician`);
    await expect.poll(() => count(bare, '[data-testid=login-form]'), poll).toBe(1);

    // Logged in, but an organiser: a notice naming who the page is for, no devices.
    const other = await device('/technician', organiser);
    await expect.poll(() => count(other, '[data-testid=no-role]'), poll).toBe(1);
    expect(await text(other, '[data-testid=no-role]')).toContain('Bạn không có quyền mở trang này');
    expect(await text(other, '[data-testid=no-role]')).toContain('Kỹ thuật viên');
    expect(await count(other, '[data-testid=device-list]')).toBe(0);
    expect((await sessionApi(room.base, organiser, 'GET', '/api/devices')).status).toBe(403);

    // The technician: the page, their name and the logout button in the top bar.
    const tech = await technicianPage();
    expect(tech.url()).toBe(`${room.base}/technician`);
    expect(await text(tech, '[data-testid=session-name]')).toBe('Kỹ thuật viên phòng họp');
    expect(await count(tech, '[data-testid=logout]')).toBe(1);
  });

  it('lists the devices the room has: an invalid file with its problems, a unit that does not answer', async () => {
    const page = await technicianPage();
    await expect.poll(() => attr(page, badge('dcs-cu'), 'data-status'), poll).toBe('bad_config');
    expect(await text(page, badge('dcs-cu'))).toBe('Cấu hình sai');
    await expect
      .poll(() => attr(page, badge('dcs-du-phong'), 'data-status'), CONNECTED_WITHIN)
      .toMatch(/^(connection_failure|disconnected)$/);
    await expect
      .poll(() => text(page, `${card('dcs-du-phong')} [data-testid=device-last-error]`), poll)
      .toMatch(/ECONNREFUSED|refused/i);

    await page.click(`${card('dcs-cu')} .device-card__main`);
    await expect.poll(() => attr(page, '[data-testid=device-detail]', 'data-id'), poll).toBe('dcs-cu');
    const lines = await texts(page, '[data-testid=device-problems] li');
    expect(lines).toContain('/options/colour: unknown field');
    expect(lines.some((l) => l.startsWith('/options/verifyMs: '))).toBe(true);
  });

  it('adds a device: a bad option is shown beside the options and the typing is kept; a valid one goes live', async () => {
    const page = await technicianPage();
    await page.click('[data-testid=add-device]');
    await expect.poll(() => count(page, '[data-testid=device-form]'), poll).toBe(1);
    // Every driver the appliance has is offered, each with its description and example transport.
    const drivers = (await asTechnician('GET', '/api/devices/drivers')).body as any[];
    expect(await page.locator('[data-testid=form-driver] option').count()).toBe(drivers.length);
    for (const d of drivers) {
      await page.selectOption('[data-testid=form-driver]', d.id);
      await expect.poll(() => text(page, '[data-testid=device-form]'), poll).toContain(d.exampleTransport);
    }
    await page.selectOption('[data-testid=form-driver]', 'shure-dcs');
    await expect
      .poll(() => text(page, '[data-testid=device-form]'), poll)
      .toContain('tcp://192.168.1.40:3142');
    expect(await text(page, '[data-testid=options-help]')).toContain('verifyMs');

    const transport = `tcp://127.0.0.1:${shure.port}`;
    await page.fill('[data-testid=form-id]', MAIN);
    await page.fill('[data-testid=form-transport]', transport);
    // Not JSON at all: caught before anything is sent.
    await page.fill('[data-testid=form-options]', '{ "verifyMs": ');
    await page.click('[data-testid=form-submit]');
    await expect.poll(() => text(page, '[data-testid=error-options]'), poll).toContain('JSON không hợp lệ');

    // JSON the driver refuses: the appliance's `/options/verifyMs` detail lands under the options box.
    const bad = '{ "verifyMs": 5 }';
    await page.fill('[data-testid=form-options]', bad);
    await page.click('[data-testid=form-submit]');
    await expect
      .poll(() => text(page, '[data-testid=error-options]'), poll)
      .toContain('verifyMs: must be >= 20');
    expect(await text(page, '[data-testid=form-error]')).toContain('Cấu hình chưa hợp lệ');
    expect(await count(page, '[data-testid=error-transport]')).toBe(0);
    expect(await page.locator('[data-testid=form-id]').inputValue()).toBe(MAIN);
    expect(await page.locator('[data-testid=form-transport]').inputValue()).toBe(transport);
    expect(await page.locator('[data-testid=form-options]').inputValue()).toBe(bad);
    expect((await devicesNow()).map((d) => d.id)).not.toContain(MAIN);

    // A bad id is the id field's error (the schema's own E_VALIDATION).
    await page.fill('[data-testid=form-id]', 'Phòng 1');
    await page.fill('[data-testid=form-options]', '{ "verifyMs": 400 }');
    await page.click('[data-testid=form-submit]');
    await expect.poll(() => text(page, '[data-testid=error-id]'), poll).toContain('must match pattern');
    expect(await count(page, '[data-testid=error-options]')).toBe(0);

    await page.fill('[data-testid=form-id]', MAIN);
    await page.click('[data-testid=form-submit]');
    await expect.poll(() => count(page, '[data-testid=device-form]'), poll).toBe(0);
    await expect.poll(() => attr(page, '[data-testid=device-detail]', 'data-id'), poll).toBe(MAIN);
    // Live from the feed: connecting, then ok once the unit's state is read.
    await expect.poll(() => attr(page, badge(MAIN), 'data-status'), CONNECTED_WITHIN).toBe('ok');
    expect(await text(page, badge(MAIN))).toBe('Hoạt động');
    expect(await text(page, '[data-testid=device-detail] [data-testid=device-status]')).toBe('Hoạt động');
    expect(shure.sim.clientCount).toBe(1);
    const stored = (await asTechnician('GET', `/api/devices/${MAIN}`)).body;
    expect(stored.instance).toEqual({ id: MAIN, driver: 'shure-dcs', transport, options: { verifyMs: 400 } });
  });

  it('shows the raw traffic both ways, in lines and in hex, and a press on the unit within seconds', async () => {
    const page = await technicianPage();
    await page.click(`${card(MAIN)} .device-card__main`);
    await expect.poll(() => attr(page, '[data-testid=traffic]', 'data-mode'), poll).toBe('lines');
    const out = '[data-testid=traffic] li[data-dir=out]';
    const inn = '[data-testid=traffic] li[data-dir=in]';
    await expect.poll(async () => (await texts(page, out)).join('\n'), poll).toContain('mic_status');
    await expect
      .poll(async () => (await texts(page, inn)).join('\n'), poll)
      .toContain('seat_number 1 active');
    expect(await text(page, out)).toContain('Gửi');

    await page.click('[data-testid=traffic-hex]');
    await expect.poll(() => attr(page, '[data-testid=traffic]', 'data-mode'), poll).toBe('hex');
    // "mic_status\r" as bytes.
    await expect
      .poll(async () => (await texts(page, out)).join('\n'), poll)
      .toContain('6d 69 63 5f 73 74 61 74 75 73 0d');
    // "seat_number" as bytes.
    expect((await texts(page, inn)).join('\n')).toContain('73 65 61 74 5f 6e 75 6d 62 65 72');

    await page.click('[data-testid=traffic-lines]');
    shure.sim.pressButton(3);
    await expect.poll(async () => (await texts(page, inn)).join('\n'), poll).toContain('mic_request_on 3');

    // Paused, the view stays as it is; resumed, it catches up.
    await page.click('[data-testid=traffic-pause]');
    expect(await attr(page, '[data-testid=traffic-state]', 'data-paused')).toBe('true');
    shure.sim.pressButton(4);
    await page.waitForTimeout(2000);
    expect((await texts(page, inn)).join('\n')).not.toContain('mic_request_on 4');
    await page.click('[data-testid=traffic-pause]');
    await expect.poll(async () => (await texts(page, inn)).join('\n'), poll).toContain('mic_request_on 4');

    // Counters and the unit's reported state follow.
    await expect
      .poll(() => text(page, '[data-testid=device-counters] [data-counter=inferredPresses] dd'), poll)
      .toBe('2');
    expect(await text(page, '[data-testid=device-details]')).toContain('max_speakers');
  });

  it('sends a test command and shows its result, or its coded refusal', async () => {
    const page = await technicianPage();
    await page.click(`${card(MAIN)} .device-card__main`);
    await expect.poll(() => count(page, '[data-testid=command-type]'), poll).toBe(1);
    await page.selectOption('[data-testid=command-type]', 'refresh');
    await page.click('[data-testid=command-send]');
    await expect.poll(() => attr(page, '[data-testid=command-result]', 'data-ok'), poll).toBe('true');
    const result = await text(page, '[data-testid=command-result]');
    expect(result).toContain('Thiết bị đã trả lời');
    expect(result).toContain('synced');
    expect(result).toContain('Seat 1');

    // A value out of the command's range: the appliance refuses it by code.
    await page.selectOption('[data-testid=command-type]', 'loudspeaker_volume');
    await page.fill('[data-testid=commands] [data-field=value]', '5');
    await page.click('[data-testid=command-send]');
    await expect
      .poll(() => attr(page, '[data-testid=command-result]', 'data-code'), poll)
      .toBe('E_BAD_COMMAND');
    expect(await text(page, '[data-testid=command-result]')).toContain('Lệnh không hợp lệ');
  });

  it('disables (the unit loses its client), enables and restarts a device', async () => {
    const page = await technicianPage();
    await page.click(`${card(MAIN)} .device-card__main`);
    await expect.poll(() => attr(page, badge(MAIN), 'data-status'), poll).toBe('ok');

    await page.click(`${card(MAIN)} [data-action=disable]`);
    await expect.poll(() => attr(page, badge(MAIN), 'data-status'), poll).toBe('disabled');
    expect(await text(page, badge(MAIN))).toBe('Đã tắt');
    await expect.poll(() => shure.sim.clientCount, poll).toBe(0);
    expect(await count(page, `${card(MAIN)} [data-testid=device-last-error]`)).toBe(0);
    // A disabled device takes no commands.
    await page.selectOption('[data-testid=command-type]', 'refresh');
    await page.click('[data-testid=command-send]');
    await expect
      .poll(() => attr(page, '[data-testid=command-result]', 'data-code'), poll)
      .toBe('E_NOT_CONNECTED');

    await page.click(`${card(MAIN)} [data-action=enable]`);
    await expect.poll(() => attr(page, badge(MAIN), 'data-status'), CONNECTED_WITHIN).toBe('ok');
    expect(shure.sim.clientCount).toBe(1);

    const before = connections;
    await page.click(`${card(MAIN)} [data-action=restart]`);
    await expect.poll(() => connections, CONNECTED_WITHIN).toBe(before + 1);
    await expect.poll(() => attr(page, badge(MAIN), 'data-status'), CONNECTED_WITHIN).toBe('ok');
    await expect.poll(() => shure.sim.clientCount, poll).toBe(1);
  });

  it('edits a device: the stored options are offered, a refusal keeps the typing, a fix restarts it', async () => {
    const page = await technicianPage();
    await page.click(`${card(MAIN)} [data-action=edit]`);
    await expect
      .poll(() => page.locator('[data-testid=form-options]').inputValue(), poll)
      .toContain('"verifyMs": 400');
    expect(await page.locator('[data-testid=form-id]').inputValue()).toBe(MAIN);

    const bad = '{\n  "verifyMs": 400,\n  "maxRetries": 99\n}';
    await page.fill('[data-testid=form-options]', bad);
    await page.click('[data-testid=form-submit]');
    await expect
      .poll(() => text(page, '[data-testid=error-options]'), poll)
      .toContain('maxRetries: must be <= 10');
    expect(await page.locator('[data-testid=form-options]').inputValue()).toBe(bad);

    await page.fill('[data-testid=form-options]', '{ "verifyMs": 400, "maxRetries": 3 }');
    await page.click('[data-testid=form-submit]');
    await expect.poll(() => count(page, '[data-testid=device-form]'), poll).toBe(0);
    await expect.poll(() => attr(page, badge(MAIN), 'data-status'), CONNECTED_WITHIN).toBe('ok');
    const stored = (await asTechnician('GET', `/api/devices/${MAIN}`)).body;
    expect(stored.instance.options).toEqual({ verifyMs: 400, maxRetries: 3 });
  });

  it('switches to English and back', async () => {
    const page = await technicianPage();
    await page.click(`${card(MAIN)} .device-card__main`);
    await expect.poll(() => text(page, badge(MAIN)), poll).toBe('Hoạt động');
    await page.click('[data-testid=lang-en]');
    await expect.poll(() => text(page, badge(MAIN)), poll).toBe('OK');
    expect(await text(page, badge('dcs-cu'))).toBe('Bad configuration');
    expect(await text(page, '#h-traffic')).toContain('Raw traffic');
    expect(await text(page, `${card(MAIN)} [data-action=restart]`)).toBe('Restart');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.click('[data-testid=lang-vi]');
    await expect.poll(() => text(page, '#h-traffic'), poll).toContain('Dữ liệu truyền thô');
  });

  it('shows alarms with their seat; looks like the product (screenshot with a device selected)', async () => {
    const page = await technicianPage();
    await page.click(`${card(MAIN)} .device-card__main`);
    await expect.poll(() => attr(page, badge(MAIN), 'data-status'), poll).toBe('ok');
    // The chair gives the floor to seat 8, which this 6-seat unit does not have: after its retries
    // the driver raises an alarm for that seat.
    expect((await api(room.base, room.seatKey(8), 'POST', '/api/seats/8/speak', {})).status).toBe(200);
    expect((await api(room.base, room.chairKey(), 'POST', '/api/floor/grant', { seat: 8 })).status).toBe(200);
    await expect
      .poll(() => count(page, '[data-testid=device-alarms] li.alarm'), CONNECTED_WITHIN)
      .toBeGreaterThan(0);
    expect(await text(page, '[data-testid=device-alarms] li.alarm')).toContain('Ghế 8');
    expect(await text(page, `${card(MAIN)} [data-testid=device-alarm-count]`)).toMatch(/^\d+ cảnh báo$/);
    shure.sim.pressButton(2);
    await expect
      .poll(async () => (await texts(page, '[data-testid=traffic] li[data-dir=in]')).join('\n'), poll)
      .toContain('mic_request_on 2');
    await page.selectOption('[data-testid=command-type]', 'refresh');
    await page.click('[data-testid=command-send]');
    await expect.poll(() => attr(page, '[data-testid=command-result]', 'data-ok'), poll).toBe('true');
    const file =
      process.env.ROOM_SCREENSHOTS === '1'
        ? join(ROOT, 'docs/img/technician.png')
        : join(dataDir, 'technician.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file });
    expect(readFileSync(file).length).toBeGreaterThan(10_000);

    // The speech ends: the room no longer asks for seat 8, and the alarm goes.
    await api(room.base, room.chairKey(), 'POST', '/api/floor/end', { seat: 8 });
    await expect.poll(() => count(page, '[data-testid=device-alarms] li.alarm'), CONNECTED_WITHIN).toBe(0);
  });

  it('removes a device only on a second press', async () => {
    const page = await technicianPage();
    const remove = `${card(MAIN)} [data-action=remove]`;
    await page.click(remove);
    await expect.poll(() => text(page, remove), poll).toBe('Nhấn lần nữa để xóa');
    expect((await devicesNow()).map((d) => d.id)).toContain(MAIN);
    await page.click(remove);
    await expect.poll(() => count(page, card(MAIN)), poll).toBe(0);
    await expect.poll(() => shure.sim.clientCount, poll).toBe(0);
    expect((await devicesNow()).map((d) => d.id)).toEqual(['dcs-cu', 'dcs-du-phong']);
  });
});
