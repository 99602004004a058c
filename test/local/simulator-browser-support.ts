import { existsSync, mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { silentLogger } from '../../src/observability/logger.ts';
import { type LocalApp, startLocalApp } from '../../src/runtime/local-app.ts';

/**
 * What the simulator's Chromium tests share: the whole local stack as `npm start` builds it, one
 * headless Chromium (Debian's package; .ci/run installs it when missing), and where screenshots go
 * (test-output/, or SIMULATOR_SHOTS when a run against older page files keeps its own pictures).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = process.env.SIMULATOR_SHOTS ?? new URL('../../test-output/', import.meta.url).pathname;
export const WAIT = { timeout: 30_000 };
export const skipWithoutBrowser = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}`;

export interface SimulatorBrowser {
  readonly app: LocalApp;
  openAs(person: string, channel: string, language: string): Promise<Page>;
  type(page: Page, line: string): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
}

/** Registers the suite's before/after hooks; the returned object is usable once `before` has run. */
export function useSimulatorBrowser(env: Record<string, string> = {}): SimulatorBrowser {
  let app: LocalApp | undefined;
  let browser: Browser | undefined;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startLocalApp(
      { SIMULATOR_PORT: '0', PORT: '0', EMULATOR_DURATION_MS: '2500', ODPS_POLL_INTERVAL_MS: '300', ...env },
      { logger: silentLogger },
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const started = () => {
    if (app === undefined || browser === undefined) throw new Error('the suite has not started');
    return { app, browser };
  };

  return {
    get app() {
      return started().app;
    },
    async openAs(person, channel, language) {
      const { app: local, browser: chrome } = started();
      const page = await chrome.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${local.simulatorUrl}?person=${person}&channel=${channel}&language=${language}`);
      await page.locator('#composer-input').waitFor(WAIT);
      return page;
    },
    async type(page, line) {
      await page.locator('#composer-input').fill(line);
      await page.keyboard.press('Enter');
    },
    async shot(page, name) {
      await page.screenshot({ path: `${SHOTS}${name}.png` });
    },
  };
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The element's box, failing clearly when it is not rendered at all. */
export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator} is not rendered`);
  return box;
}

/** True when `inner` lies wholly inside `outer` (a pixel of rounding allowed). */
export function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

/** Polls `check` until it holds; the failure names what never came. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function viewportOf(page: Page): Box {
  const size = page.viewportSize() ?? { width: 0, height: 0 };
  return { x: 0, y: 0, ...size };
}
