import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callApi, signIn } from './accounts.helper.js';
import { screenshot, withBrowser } from './browser.helper.js';
import { expectFitsPhone, PHONE } from './phone-layout.helper.js';
import { seededStack, type SeededStack } from './seeded-stack.helper.js';

// A lab builds a bundle in the browser with JavaScript off (plain forms): from a catalog clip
// page into a new bundle, a second clip into the same bundle, the intended use changed to
// non-commercial, a clip removed; the live quote follows each step. The public rate card is a
// page. Each step is saved as e2e/test-results/bundles-<step>.png, and every page is checked at
// phone width (phone-bundles-<page>.png).

const DEMO_PASSWORD = 'clearframe-demo-2026';
let stack: SeededStack;
let clips: { id: string; title: string }[] = [];

beforeAll(async () => {
  stack = await seededStack('bundles');
  // The demo seed lists its clips in the background; two non-commercial ones are enough here.
  const deadline = Date.now() + 8 * 60_000;
  for (;;) {
    clips = await nonCommercialClips();
    if (clips.length >= 2) break;
    if (Date.now() > deadline)
      throw new Error('the demo seed listed fewer than 2 non-commercial clips in 8 minutes');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}, 600_000);

/** Listed clips whose policy allows only non-commercial use (the catalog's list price says). */
async function nonCommercialClips(): Promise<{ id: string; title: string }[]> {
  const page = await callApi<{
    items: { id: string; title: string; listPrice: { commercial: boolean } | null }[];
  }>(stack.apiUrl, '/v1/catalog?limit=50');
  return page.items.filter((item) => item.listPrice?.commercial === false);
}

afterAll(async () => {
  await stack?.stop();
});

describe('a lab builds a bundle', () => {
  it('adds clips from the catalog, states the intended use and reads the live quote, without JavaScript', async () => {
    const [first, second] = clips;
    await withBrowser('bundles', { javaScriptEnabled: false }, async ({ page }) => {
      await signIn(page, stack.webUrl, 'ada@perceptron.example', DEMO_PASSWORD);
      await page.waitForURL(`${stack.webUrl}/`);

      await page.goto(`${stack.webUrl}/catalog/${first!.id}`);
      // The demo seed's own sales gave the lab bundles already: choose "a new bundle".
      const choice = page.getByLabel('Bundle', { exact: true });
      if ((await choice.count()) > 0) await choice.selectOption('new');
      await page
        .getByLabel(/^(Name of your first bundle|New bundle name)/)
        .fill('Coastal training set');
      await page.getByRole('button', { name: 'Add to bundle' }).click();
      await page.getByText('The clip is now in').waitFor();
      await screenshot(page, 'bundles-01-added-from-catalog');

      await page.goto(`${stack.webUrl}/catalog/${second!.id}`);
      await page
        .getByLabel('Bundle', { exact: true })
        .selectOption({ label: 'Coastal training set (1 clip)' });
      await page.getByRole('button', { name: 'Add to bundle' }).click();
      await page.getByText('The clip is now in').waitFor();
      await page.getByRole('link', { name: 'Coastal training set' }).click();

      // The default intended use is commercial: both clips are left out, with the creator's reason.
      await page.getByRole('heading', { name: 'Coastal training set' }).waitFor();
      const rows = () => page.getByRole('table', { name: 'Priced clips' }).getByRole('row');
      await page.getByText('Not in the quote (2)').waitFor();
      expect(await page.getByText('The creator allows only non-commercial use').count()).toBe(2);
      await screenshot(page, 'bundles-02-commercial-excluded');

      await page.getByLabel('Non-commercial').check();
      await page.getByRole('button', { name: 'Save the intended use' }).click();
      await page.getByText('Intended use saved').waitFor();
      // A header row and one row per priced clip, each at the non-commercial multiplier.
      expect(await rows().count()).toBe(3);
      expect(await page.getByText('use ×0.4').count()).toBe(2);
      expect(await page.getByText('Not in the quote').count()).toBe(0);
      await screenshot(page, 'bundles-03-non-commercial-quote');

      await page.getByRole('button', { name: `Remove ${second!.title}` }).click();
      await page.getByText('Clip removed from the bundle.').waitFor();
      expect(await rows().count()).toBe(2);

      await page.getByRole('link', { name: '← Bundles' }).click();
      await page.getByRole('heading', { name: 'Bundles', exact: true }).waitFor();
      await screenshot(page, 'bundles-04-list');

      await page.goto(`${stack.webUrl}/rate-card`);
      await page.getByRole('heading', { name: 'Rate card' }).waitFor();
      expect(await page.getByText('Version public-usd-2026-12').count()).toBe(1);
      await screenshot(page, 'bundles-05-rate-card');
    });
  });

  it('fits a phone on every bundle page', async () => {
    await withBrowser('bundles-phone', {}, async ({ page }) => {
      await page.setViewportSize(PHONE);
      await signIn(page, stack.webUrl, 'ada@perceptron.example', DEMO_PASSWORD);
      await page.waitForURL(`${stack.webUrl}/`);
      await page.getByRole('link', { name: 'Bundles' }).first().waitFor({ state: 'attached' });
      const catalog = await callApi<{ items: { id: string }[] }>(
        stack.apiUrl,
        '/v1/catalog?limit=1',
      );
      await page.goto(`${stack.webUrl}/catalog/${catalog.items[0]!.id}`);
      await expectFitsPhone(page, 'bundles-catalog-clip');
      const bundlesHref = await page
        .getByRole('link', { name: 'Bundles' })
        .first()
        .getAttribute('href');
      await page.goto(`${stack.webUrl}${bundlesHref}`);
      await expectFitsPhone(page, 'bundles-list');
      await page.getByRole('link', { name: 'Coastal training set' }).click();
      await page.getByRole('heading', { name: 'Coastal training set' }).waitFor();
      await expectFitsPhone(page, 'bundles-bundle');
      await page.goto(`${stack.webUrl}/rate-card`);
      await expectFitsPhone(page, 'bundles-rate-card');
    });
  });
});
