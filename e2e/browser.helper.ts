import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-results');

/**
 * A Chromium with a brand-new profile, so no cookie or cache from an earlier run (or another
 * test) can make a flow pass by accident. `javaScriptEnabled: false` checks that forms work
 * as plain HTML.
 */
export async function openBrowser(options: { javaScriptEnabled?: boolean } = {}): Promise<{
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(path.join(tmpdir(), 'clearframe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  // Errors thrown in the page (hydration mismatches, crashes) fail the test instead of hiding.
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // React reports hydration mismatches through console.error, not as page errors. Failed
  // resource loads are expected: a rejected form answers 4xx on purpose.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      pageErrors.push(message.text());
  });
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (pageErrors.length > 0) throw new Error(`Errors in the page: ${pageErrors.join('; ')}`);
    },
  };
}

/** Saves a full-page screenshot as e2e/test-results/<name>.png (git-ignored; kept as a CI artifact). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Runs `body` with a fresh browser and always closes it; on failure it first saves
 * `failed-<name>.png`, so a red run shows what the page looked like when it stopped.
 */
export async function withBrowser(
  name: string,
  options: { javaScriptEnabled?: boolean },
  body: (browser: { page: Page; context: BrowserContext }) => Promise<void>,
): Promise<void> {
  const browser = await openBrowser(options);
  try {
    await body(browser);
  } catch (error) {
    await screenshot(browser.page, `failed-${name}`).catch(() => undefined);
    // The step that failed is the news; errors found while closing must not replace it.
    await browser.close().catch(() => undefined);
    throw error;
  }
  await browser.close();
}
