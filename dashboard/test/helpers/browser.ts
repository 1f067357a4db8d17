// Headless Debian Chromium through playwright-core, for the dashboard's tests: each screen is its
// own browser context (as on separate devices), and every Content-Security-Policy violation or
// uncaught page error is collected so the test can fail on it.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps dialling out on this closed network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export class Screens {
  readonly #browser: Browser;
  readonly #base: () => string;
  readonly #timeoutMs: number;
  #contexts: BrowserContext[] = [];
  #problems: string[] = [];

  private constructor(browser: Browser, base: () => string, timeoutMs: number) {
    this.#browser = browser;
    this.#base = base;
    this.#timeoutMs = timeoutMs;
  }

  /** `base`: the appliance's URL (asked each time: the appliance may start after the browser). */
  static async launch(base: () => string, timeoutMs: number): Promise<Screens> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20_000 });
    return new Screens(browser, base, timeoutMs);
  }

  /** A fresh device (its own storage) with `path` open. */
  async open(path: string, viewport = { width: 1366, height: 900 }): Promise<Page> {
    const ctx = await this.#browser.newContext({ viewport });
    this.#contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(this.#timeoutMs);
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) this.#problems.push(`${path}: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.#problems.push(`${path}: ${e.message}`));
    await page.goto(`${this.#base()}${path}`);
    return page;
  }

  /** Closes every device opened since the last call; returns the CSP violations and page errors seen. */
  async closeAll(): Promise<string[]> {
    const open = this.#contexts;
    this.#contexts = [];
    await Promise.all(open.map((c) => c.close().catch(() => {})));
    const seen = this.#problems;
    this.#problems = [];
    return seen;
  }

  async close(): Promise<void> {
    await this.#browser.close().catch(() => {});
  }
}

/**
 * The first match's text, waiting at most a second for it; `missing` when nothing matches (each
 * test file says whether that reads as '' or null in its assertions).
 */
export function textOf<M extends string | null>(
  page: Page,
  selector: string,
  missing: M,
): Promise<string | M> {
  return page
    .locator(selector)
    .first()
    .textContent({ timeout: 1000 })
    .then((t) => t ?? missing)
    .catch(() => missing);
}

/** The first match's attribute `name`, waiting at most a second; null when nothing matches. */
export function attrOf(page: Page, selector: string, name: string): Promise<string | null> {
  return page
    .locator(selector)
    .first()
    .getAttribute(name, { timeout: 1000 })
    .catch(() => null);
}
