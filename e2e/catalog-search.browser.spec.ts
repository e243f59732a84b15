import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import type { Page } from 'playwright-core';
import { ROOT, startStack } from '../scripts/stack.mjs';
import { screenshot, withBrowser } from './browser.helper.js';

// Issue 8 in the browser: search the catalog, filter by a facet with JavaScript off (plain
// links and a GET form), page with "Load more", open a clip. The catalog is written straight
// into the embedded database before the API starts (the migration CLI makes the schema): 30
// harbour clips, so the first page of 24 has a second one, plus clips that must not match.
// Screenshots: e2e/test-results/catalog-<step>.png at 1280 and 390 px.

let stack: Awaited<ReturnType<typeof startStack>>;
let dataDir: string;
const HARBOUR = 30;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-catalog-'));
  execFileSync(process.execPath, [path.join(ROOT, 'apps/api/dist/cli/migrate.js')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'false' },
    timeout: 120_000,
  });
  await seedCatalog(path.join(dataDir, 'pg'));
  stack = await startStack({ dataDir, seed: false, quiet: true });
});

afterAll(async () => {
  if (process.env.E2E_SHOW_LOGS) console.log(stack?.logs.join('').slice(-100_000));
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function seedCatalog(dir: string): Promise<void> {
  const db = await PGlite.create(dir, { extensions: { btree_gin, pg_trgm } });
  try {
    const policy = JSON.stringify(
      policyFromTemplate('training-standard', { amountMinor: 500, currency: 'USD' }),
    );
    const [{ id: orgId }] = (
      await db.query<{ id: string }>(
        `INSERT INTO organizations (name, slug, kind) VALUES ('Harbour Films', 'harbour-films', 'creator') RETURNING id`,
      )
    ).rows as [{ id: string }];
    const clips: { title: string; width: number; height: number }[] = [];
    for (let i = 1; i <= HARBOUR; i++) {
      // Clip 7 is the one vertical harbour clip.
      clips.push({
        title: `Harbour view ${i}`,
        width: i === 7 ? 1080 : 1920,
        height: i === 7 ? 1920 : 1080,
      });
    }
    clips.push({ title: 'Forest stream', width: 1920, height: 1080 });
    clips.push({ title: 'Vertical city lights', width: 1080, height: 1920 });
    const start = Date.parse('2026-11-01T00:00:00Z');
    for (const [i, clip] of clips.entries()) {
      const id = randomUUID();
      await db.query(
        `INSERT INTO clips (id, org_id, state, file_name, title, tags, category, size_bytes,
           original_key, duration_ms, width, height, fps, has_audio, listed_at)
         VALUES ($1, $2, 'listed', 'a.mp4', $3, '{coast}', 'urban', 1000, $4, 12000, $5, $6, 25,
           false, $7)`,
        [
          id,
          orgId,
          clip.title,
          `orgs/${orgId}/uploads/${id}/original`,
          clip.width,
          clip.height,
          new Date(start + i * 60_000).toISOString(),
        ],
      );
      const [{ id: versionId }] = (
        await db.query<{ id: string }>(
          `INSERT INTO clip_policy_versions (clip_id, version, policy, policy_hash, created_at)
           VALUES ($1, 1, $2::jsonb, $3, now()) RETURNING id`,
          [id, policy, `sha256:${'0'.repeat(64)}`],
        )
      ).rows as [{ id: string }];
      await db.query(`UPDATE clips SET current_policy_version_id = $1 WHERE id = $2`, [
        versionId,
        id,
      ]);
    }
  } finally {
    await db.close();
  }
}

const cards = (page: Page) => page.locator('li a[href^="/catalog/"]');
const titles = async (page: Page) =>
  (await page.locator('li a[href^="/catalog/"] p.font-semibold').allTextContents()).sort();

describe('catalog search in the browser', () => {
  it('searches, pages with Load more, and opens a clip (JavaScript on)', async () => {
    await withBrowser('catalog-js', { javaScriptEnabled: true }, async ({ page }) => {
      await page.goto(`${stack.webUrl}/catalog`);
      await page.getByRole('searchbox').fill('harbour');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/[?&]q=harbour/);
      // The URL changes when the navigation commits; the results render just after it.
      await page.getByText(`${HARBOUR} clips`).first().waitFor();
      expect(await cards(page).count()).toBe(24);
      await screenshot(page, 'catalog-search-1280');
      await page.getByRole('link', { name: 'Load more' }).click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('li a[href^="/catalog/"]').length === n,
        HARBOUR,
      );
      const all = await titles(page);
      expect(all).toEqual(
        Array.from({ length: HARBOUR }, (_, i) => `Harbour view ${i + 1}`).sort(),
      );
      // Hover plays the preview where there is one; these seeded clips have none, so no video.
      await cards(page).first().hover();
      expect(await page.locator('video[data-preview]').count()).toBe(0);
      await cards(page).first().click();
      await page.waitForURL(/\/catalog\/[0-9a-f-]{36}$/);
      // As above: the URL commits before the clip page renders, so wait for its heading.
      await page.getByRole('heading', { level: 1, name: /^Harbour view \d+$/ }).waitFor();
    });
  });

  it('filters by a facet and pages with JavaScript off, and fits a phone', async () => {
    await withBrowser('catalog-nojs', { javaScriptEnabled: false }, async ({ page }) => {
      await page.goto(`${stack.webUrl}/catalog`);
      await page.getByRole('searchbox').fill('harbour');
      await page.getByRole('searchbox').press('Enter');
      await page.waitForURL(/[?&]q=harbour/);
      expect(await cards(page).count()).toBe(24);
      // The facet is a plain link with its count.
      const vertical = page.getByRole('navigation', { name: 'Filters' }).getByRole('link', {
        name: /Vertical\s*1$/,
      });
      await vertical.click();
      await page.waitForURL(/orientation=vertical/);
      expect(await titles(page)).toEqual(['Harbour view 7']);
      // Removing it is a link too; then the next page is a plain link with the cursor.
      await page
        .getByRole('navigation', { name: 'Filters' })
        .getByRole('link', { name: /Vertical/ })
        .click();
      await page.waitForURL((url) => !url.search.includes('orientation'));
      await page.getByRole('link', { name: 'Load more' }).click();
      await page.waitForURL(/cursor=/);
      expect(await cards(page).count()).toBe(HARBOUR - 24);
      const url = new URL(page.url());
      expect(url.searchParams.get('q')).toBe('harbour');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${stack.webUrl}/catalog?q=harbour`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBe(0);
      await screenshot(page, 'catalog-search-390');
      await page.goto(`${stack.webUrl}/catalog?q=${encodeURIComponent('the and')}`);
      await expect(page.getByText('The search could not be run').isVisible()).resolves.toBe(true);
    });
  });
});
