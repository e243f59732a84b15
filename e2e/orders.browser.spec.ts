import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callApi, signIn } from './accounts.helper.js';
import { screenshot, withBrowser } from './browser.helper.js';
import { expectFitsPhone, PHONE } from './phone-layout.helper.js';
import { seededStack, type SeededStack } from './seeded-stack.helper.js';

// A lab goes from search to downloaded, checksum-verified files with a verified certificate,
// in the browser, on the embedded defaults (offline payments): catalog search → clip → bundle
// → read and accept the terms → demo checkout → licensed order → download each file (its
// SHA-256 checked here and on the page) → the certificate checked on /verify. Screenshots:
// e2e/test-results/orders-<step>.png; the order and checkout pages are checked at phone width.

const DEMO_PASSWORD = 'clearframe-demo-2026';
let stack: SeededStack;
let downloads: string;
let clips: { id: string; title: string }[] = [];

beforeAll(async () => {
  downloads = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-downloads-'));
  stack = await seededStack('orders');
  // Clips the default (commercial) intended use can license; the seed lists them in the background.
  const deadline = Date.now() + 8 * 60_000;
  for (;;) {
    const page = await callApi<{
      items: { id: string; title: string; listPrice: { commercial: boolean } | null }[];
    }>(stack.apiUrl, '/v1/catalog?limit=50');
    clips = page.items.filter((item) => item.listPrice?.commercial === true);
    if (clips.length >= 2) break;
    if (Date.now() > deadline)
      throw new Error('the demo seed listed fewer than 2 commercial clips in 8 minutes');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}, 600_000);

afterAll(async () => {
  await stack?.stop();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

describe('a lab licenses footage', () => {
  it('searches, orders, pays, downloads verified files and verifies the certificate', async () => {
    const [first, second] = clips;
    await withBrowser('orders', {}, async ({ page }) => {
      await signIn(page, stack.webUrl, 'ada@perceptron.example', DEMO_PASSWORD);
      await page.waitForURL(`${stack.webUrl}/`);

      // Search by the first clip's own words, then open it from the results.
      const word = first!.title.split(/\s+/).find((w) => w.length > 3) ?? first!.title;
      await page.goto(`${stack.webUrl}/catalog?q=${encodeURIComponent(word)}`);
      await page.getByRole('link', { name: first!.title }).first().click();
      // The demo seed's own sales gave the lab bundles already: choose "a new bundle".
      const choice = page.getByLabel('Bundle', { exact: true });
      if ((await choice.count()) > 0) await choice.selectOption('new');
      await page
        .getByLabel(/^(Name of your first bundle|New bundle name)/)
        .fill('Licensed training set');
      await page.getByRole('button', { name: 'Add to bundle' }).click();
      await page.getByText('The clip is now in').waitFor();
      await page.goto(`${stack.webUrl}/catalog/${second!.id}`);
      await page
        .getByLabel('Bundle', { exact: true })
        .selectOption({ label: 'Licensed training set (1 clip)' });
      await page.getByRole('button', { name: 'Add to bundle' }).click();
      await page.getByText('The clip is now in').waitFor();
      await page.getByRole('link', { name: 'Licensed training set' }).click();
      await page.getByRole('heading', { name: 'Order', exact: true }).waitFor();
      await screenshot(page, 'orders-01-bundle-terms');

      // Ordering without accepting the terms is refused on the page, and nothing is ordered.
      const orderButton = page.getByRole('button', { name: /^Order and pay/ });
      await orderButton.click();
      await page
        .getByText('Accept the license terms to order.')
        .or(page.getByText(/Accept each of the/))
        .waitFor();
      const accept = page.getByRole('checkbox', { name: /I accept these terms/ });
      for (let i = 0; i < (await accept.count()); i++) await accept.nth(i).check();
      await page.getByRole('button', { name: /^Order and pay/ }).click();

      await page.waitForURL(/\/checkout\/cs_offline_[0-9a-f]{24}$/);
      await page.getByText('Demo payment').first().waitFor();
      await screenshot(page, 'orders-02-checkout');
      await page.getByRole('button', { name: /^Confirm demo payment/ }).click();

      await page.waitForURL(/\/orders\/[0-9a-f-]{36}\/[0-9a-f-]{36}/);
      await page.getByText('Licensed and ready').waitFor({ timeout: 60_000 });
      await screenshot(page, 'orders-03-licensed');

      // Each file: downloaded through its link, its SHA-256 equal to the one the page shows.
      const table = page.getByRole('table', { name: 'Licensed files' });
      const rows = table.getByRole('row');
      expect(await rows.count()).toBe(3);
      const saved: string[] = [];
      for (let i = 1; i <= 2; i++) {
        const row = rows.nth(i);
        const shown = (await row.locator('.font-mono').innerText()).trim();
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          row.getByRole('link').click(),
        ]);
        const file = path.join(downloads, download.suggestedFilename());
        await download.saveAs(file);
        expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(shown);
        saved.push(file);
      }
      await page.getByTestId('download-check').setInputFiles(saved);
      await page.getByText('Verified:').nth(1).waitFor();
      expect(await page.getByText('Mismatch:').count()).toBe(0);
      await screenshot(page, 'orders-04-files-verified');

      // The manifest download, then the certificate checked in the browser against the
      // published keys, its live status and that manifest's Merkle root.
      const [manifestDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Manifest (JSON Lines)' }).click(),
      ]);
      const manifest = path.join(downloads, 'manifest.jsonl');
      await manifestDownload.saveAs(manifest);
      expect(readFileSync(manifest, 'utf8').trim().split('\n')).toHaveLength(2);
      await page
        .getByRole('table', { name: 'License certificates' })
        .getByRole('link')
        .first()
        .click();
      await page.getByRole('heading', { name: 'Verify a certificate' }).waitFor();
      await page.getByLabel('Delivery manifest (optional)').setInputFiles(manifest);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText("2 of the file's 2 entries belong").waitFor();
      await page.getByRole('heading', { name: 'Certificate verified' }).waitFor();
      await screenshot(page, 'orders-05-certificate-verified');

      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Orders' })
        .click();
      await page.getByRole('heading', { name: 'Orders', exact: true }).waitFor();
      expect(await page.getByRole('link', { name: 'Licensed training set' }).count()).toBe(1);
      await screenshot(page, 'orders-06-list');
    });
  });

  it('fits a phone on the order pages', async () => {
    await withBrowser('orders-phone', {}, async ({ page }) => {
      await page.setViewportSize(PHONE);
      await signIn(page, stack.webUrl, 'ada@perceptron.example', DEMO_PASSWORD);
      await page.waitForURL(`${stack.webUrl}/`);
      const ordersHref = await page
        .getByRole('link', { name: 'Orders' })
        .first()
        .getAttribute('href');
      await page.goto(`${stack.webUrl}${ordersHref}`);
      await expectFitsPhone(page, 'orders-list');
      await page.getByRole('link', { name: 'Licensed training set' }).click();
      // The list shows the seed's orders in the same state: wait for the order page itself.
      await page.getByRole('heading', { name: 'Licensed training set' }).waitFor();
      await page.getByText('Licensed and ready').first().waitFor();
      await expectFitsPhone(page, 'orders-order');
    });
  });
});
