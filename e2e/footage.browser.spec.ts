import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack } from '../scripts/stack.mjs';
import { callApi } from './accounts.helper.js';
import { screenshot, withBrowser } from './browser.helper.js';
import { expectFitsPhone, PHONE } from './phone-layout.helper.js';

// "Was my footage used?" in the browser, on the embedded defaults: a lab licenses three seeded
// clips (through the API: the ordering UI has its own test), one of the licensed files is
// downloaded, and on /footage the browser hashes it, finds the certificate and verifies the
// inclusion proof against the certificate's signed Merkle root; an unlicensed file is found in
// none; without JavaScript a pasted hash gets the same answer from the server; the page fits a
// phone. Screenshots: e2e/test-results/footage-<step>.png.

const DEMO_PASSWORD = 'clearframe-demo-2026';
let stack: Awaited<ReturnType<typeof startStack>>;
let dataDir: string;
let files: string;
let licensed: { file: string; sha256: string; certificateId: string };
let unlicensed: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-footage-'));
  files = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-footage-files-'));
  stack = await startStack({ dataDir, seed: true, quiet: true });
  const deadline = Date.now() + 8 * 60_000;
  let clips: { id: string }[];
  for (;;) {
    const page = await callApi<{
      items: { id: string; listPrice: { commercial: boolean } | null }[];
    }>(stack.apiUrl, '/v1/catalog?limit=50');
    clips = page.items.filter((item) => item.listPrice?.commercial === true);
    if (clips.length >= 3) break;
    if (Date.now() > deadline)
      throw new Error('the demo seed listed fewer than 3 commercial clips in 8 minutes');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

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
  const bundle = await callApi<{ id: string }>(stack.apiUrl, `/v1/orgs/${lab}/bundles`, {
    token,
    body: { name: 'Footage check' },
    status: 201,
  });
  await callApi(stack.apiUrl, `/v1/orgs/${lab}/bundles/${bundle.id}/clips`, {
    token,
    body: { clipIds: clips.slice(0, 3).map((clip) => clip.id) },
  });
  const quote = await callApi<{ quoteToken: string; terms: { termsHash: string }[] }>(
    stack.apiUrl,
    `/v1/orgs/${lab}/bundles/${bundle.id}/quote`,
    { token },
  );
  const placed = await fetch(`${stack.apiUrl}/v1/orgs/${lab}/orders`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      'Idempotency-Key': 'footage-e2e',
    },
    body: JSON.stringify({
      bundleId: bundle.id,
      quoteToken: quote.quoteToken,
      acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
    }),
  });
  expect(placed.status).toBe(201);
  const order = (await placed.json()) as { id: string; checkout: { url: string } };
  const sessionId = order.checkout.url.split('/').pop()!;
  await callApi(stack.apiUrl, `/v1/payments/offline/checkout/${sessionId}/confirm`, {
    method: 'POST',
  });
  for (const until = Date.now() + 60_000; ;) {
    const current = await callApi<{ status: string }>(
      stack.apiUrl,
      `/v1/orgs/${lab}/orders/${order.id}`,
      { token },
    );
    if (current.status === 'fulfilled') break;
    if (Date.now() > until) throw new Error(`the order is still ${current.status}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  // The second clip of the certificate, downloaded as the lab got it.
  const manifest = await fetch(`${stack.apiUrl}/v1/orgs/${lab}/orders/${order.id}/manifest.jsonl`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const entries = (await manifest.text())
    .trim()
    .split('\n')
    .map(
      (line) => JSON.parse(line) as { sha256: string; downloadUrl: string; certificateId: string },
    );
  expect(entries).toHaveLength(3);
  const entry = entries[1]!;
  const bytes = Buffer.from(await (await fetch(entry.downloadUrl)).arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
  licensed = {
    file: path.join(files, 'my-clip.mp4'),
    sha256: entry.sha256,
    certificateId: entry.certificateId,
  };
  writeFileSync(licensed.file, bytes);
  unlicensed = path.join(files, 'never-sold.mp4');
  writeFileSync(unlicensed, randomBytes(256 * 1024));
}, 600_000);

afterAll(async () => {
  await stack?.stop();
  for (const dir of [dataDir, files]) if (dir) rmSync(dir, { recursive: true, force: true });
});

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
      await page.getByRole('heading', { name: '1 certificate includes this file' }).waitFor();
      const item = page.locator(`[data-certificate="${licensed.certificateId}"]`);
      await item.getByText('Proof verified').waitFor();
      expect(await item.getAttribute('data-proof')).toBe('verified');
      expect(await page.locator('[data-checked-in="browser"]').getAttribute('data-sha256')).toBe(
        licensed.sha256,
      );
      await item.getByText('Perceptron Labs').waitFor();
      await item.getByText('Clip 2 of 3').waitFor();
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
      await page.getByRole('heading', { name: '1 certificate includes this file' }).waitFor();
      const item = page.locator(`[data-certificate="${licensed.certificateId}"]`);
      expect(await item.getAttribute('data-proof')).toBe('verified');
      expect(await page.locator('[data-checked-in="server"]').count()).toBe(1);
      await screenshot(page, 'footage-03-no-js');
    });
  });

  it('fits a phone', async () => {
    await withBrowser('footage-phone', {}, async ({ page }) => {
      await page.setViewportSize(PHONE);
      await page.goto(`${stack.webUrl}/footage`);
      await page.getByTestId('footage-file').setInputFiles(licensed.file);
      await page.getByText('Proof verified').waitFor();
      await expectFitsPhone(page, 'footage');
    });
  });
});
