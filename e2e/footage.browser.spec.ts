import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callApi } from './accounts.helper.js';
import { screenshot, withBrowser } from './browser.helper.js';
import { expectFitsPhone, PHONE } from './phone-layout.helper.js';
import type { Page } from 'playwright-core';
import {
  DEMO_MODEL,
  seededStack,
  waitForDemoSales,
  type SeededStack,
} from './seeded-stack.helper.js';

// "Was my footage used?" in the browser, on the embedded defaults, with the demo as seeded: the
// demo lab bought clips last month and published the disclosure of its public model, Meridian
// 0.9. One licensed demo clip is downloaded as the lab got it; on /footage the browser hashes it,
// finds every certificate that includes it and the model whose disclosure cites them, and
// verifies each inclusion proof against the certificate's signed Merkle root; an unlicensed
// file is found in none; without JavaScript a pasted hash gets the same answer from the server;
// the page fits a phone. Screenshots: e2e/test-results/footage-<step>.png.

const DEMO_PASSWORD = 'clearframe-demo-2026';
let stack: SeededStack;
let files: string;
/** The licensed file, and what the lab's own manifests say about it (not the lookup's code). */
let licensed: { file: string; sha256: string; certificateIds: string[] };
let model: { name: string; disclosureId: string };
/** "Name version" of every public model whose disclosure cites a certificate with the file. */
let expectedModels: string[];
let unlicensed: string;

beforeAll(async () => {
  files = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-footage-files-'));
  stack = await seededStack('footage');
  const { session } = await callApi<{ session: { token: string } }>(
    stack.apiUrl,
    '/v1/auth/sign-in',
    { body: { email: 'ada@perceptron.example', password: DEMO_PASSWORD } },
  );
  const token = session.token;
  const me = await callApi<{ organizations: { id: string; kind: string }[] }>(
    stack.apiUrl,
    '/v1/auth/me',
    { token },
  );
  const lab = me.organizations.find((org) => org.kind === 'lab')!.id;
  type PublicModel = { name: string; version: string; disclosures: { id: string }[] };
  await waitForDemoSales(stack.apiUrl, lab);
  const published = (
    await callApi<{ models: PublicModel[] }>(stack.apiUrl, `/v1/labs/${lab}/models`)
  ).models.filter((entry) => entry.disclosures.length > 0);
  const seeded = published.find((entry) => `${entry.name} ${entry.version}` === DEMO_MODEL)!;
  model = { name: `${seeded.name} ${seeded.version}`, disclosureId: seeded.disclosures[0]!.id };
  const citedBy = new Map<string, string[]>();
  for (const entry of published)
    for (const { id } of entry.disclosures) {
      const disclosure = await callApi<{
        disclosure: { certificates: { certificateId: string }[] };
      }>(stack.apiUrl, `/v1/disclosures/${id}`);
      citedBy.set(
        `${entry.name} ${entry.version}`,
        disclosure.disclosure.certificates.map((c) => c.certificateId),
      );
    }
  const cited = citedBy.get(model.name)!;

  // Every fulfilled order's manifest, as the lab downloads them.
  const orders = await callApi<{ items: { id: string; status: string }[] }>(
    stack.apiUrl,
    `/v1/orgs/${lab}/orders`,
    { token },
  );
  const entries: { sha256: string; downloadUrl: string; certificateId: string }[] = [];
  for (const order of orders.items.filter((item) => item.status === 'fulfilled')) {
    const manifest = await fetch(
      `${stack.apiUrl}/v1/orgs/${lab}/orders/${order.id}/manifest.jsonl`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(manifest.status).toBe(200);
    entries.push(
      ...(await manifest.text())
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as { sha256: string; downloadUrl: string; certificateId: string },
        ),
    );
  }
  const entry = entries.find((candidate) => candidate.certificateId === cited[0])!;
  const bytes = Buffer.from(await (await fetch(entry.downloadUrl)).arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
  licensed = {
    file: path.join(files, 'my-clip.mp4'),
    sha256: entry.sha256,
    certificateIds: [
      ...new Set(
        entries
          .filter((candidate) => candidate.sha256 === entry.sha256)
          .map((candidate) => candidate.certificateId),
      ),
    ].sort(),
  };
  writeFileSync(licensed.file, bytes);
  expectedModels = [...citedBy]
    .filter(([, ids]) => ids.some((id) => licensed.certificateIds.includes(id)))
    .map(([name]) => name)
    .sort();
  expect(expectedModels).toContain(model.name);
  unlicensed = path.join(files, 'never-sold.mp4');
  writeFileSync(unlicensed, randomBytes(256 * 1024));
}, 600_000);

afterAll(async () => {
  await stack?.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

/** The certificates in force the page lists, and whether each proof verified. */
async function validCertificates(page: Page): Promise<string[]> {
  const items = page.locator('[data-certificate][data-status="valid"]');
  const ids: string[] = [];
  for (const item of await items.all()) {
    expect(await item.getAttribute('data-proof')).toBe('verified');
    ids.push((await item.getAttribute('data-certificate'))!);
  }
  return ids.sort();
}

describe('was my footage used?', () => {
  it('hashes a file in the browser and verifies the proof of each certificate that includes it', async () => {
    await withBrowser('footage', {}, async ({ page }) => {
      const lookups: string[] = [];
      page.on('request', (request) => {
        if (request.method() !== 'GET') lookups.push(`${request.method()} ${request.url()}`);
      });
      await page.goto(`${stack.webUrl}/`);
      await page.getByRole('link', { name: 'Was my footage used?' }).click();
      await page.getByRole('heading', { name: 'Was my footage used?' }).waitFor();
      await page.getByText('never uploaded').waitFor();

      await page.getByTestId('footage-file').setInputFiles(licensed.file);
      await page
        .getByRole('heading', { name: /^\d+ certificates? includes? this file$/ })
        .waitFor();
      expect(await page.locator('[data-checked-in="browser"]').getAttribute('data-sha256')).toBe(
        licensed.sha256,
      );
      // The model, with the proof that the file is in the certificates its disclosure cites.
      const models = page.getByRole('list', { name: 'Models' });
      const entry = models.locator(`[data-disclosure="${model.disclosureId}"]`);
      await entry.getByText('Proof verified').waitFor();
      expect(await entry.getAttribute('data-proof')).toBe('verified');
      expect((await models.locator('li p.font-semibold').allTextContents()).sort()).toEqual(
        expectedModels,
      );
      expect(await entry.textContent()).toContain('Perceptron Labs published its disclosure');
      await page.locator('[data-certificate] >> text=Proof verified').first().waitFor();
      expect(await validCertificates(page)).toEqual(licensed.certificateIds);
      await screenshot(page, 'footage-01-found');
      // Nothing was sent but GETs: the file never left the browser.
      expect(lookups).toEqual([]);

      await page.getByTestId('footage-file').setInputFiles(unlicensed);
      await page
        .getByRole('heading', { name: 'No Clearframe certificate includes this file' })
        .waitFor();
      await screenshot(page, 'footage-02-not-found');
    });
  });

  it('looks a pasted hash up without JavaScript, with the same answer', async () => {
    await withBrowser('footage-no-js', { javaScriptEnabled: false }, async ({ page }) => {
      await page.goto(`${stack.webUrl}/footage`);
      await page.getByLabel('SHA-256 of the file').fill(licensed.sha256.toUpperCase());
      await page.getByRole('button', { name: 'Look up' }).click();
      await page
        .getByRole('heading', { name: /^\d+ certificates? includes? this file$/ })
        .waitFor();
      expect(await validCertificates(page)).toEqual(licensed.certificateIds);
      expect(
        await page.locator(`[data-disclosure="${model.disclosureId}"]`).getAttribute('data-proof'),
      ).toBe('verified');
      expect(await page.locator('[data-checked-in="server"]').count()).toBe(1);
      await screenshot(page, 'footage-03-no-js');
    });
  });

  it('fits a phone', async () => {
    await withBrowser('footage-phone', {}, async ({ page }) => {
      await page.setViewportSize(PHONE);
      await page.goto(`${stack.webUrl}/footage`);
      await page.getByTestId('footage-file').setInputFiles(licensed.file);
      await page.getByText('Proof verified').first().waitFor();
      await expectFitsPhone(page, 'footage');
    });
  });
});
