import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, startStack } from '../scripts/stack.mjs';
import {
  PASSWORD,
  createAccountViaApi,
  createOrgViaApi,
  signIn,
  uniqueEmail,
} from './accounts.helper.js';
import { screenshot, withBrowser } from './browser.helper.js';
import { expectFitsPhone, PHONE } from './phone-layout.helper.js';

// Issue 7's path through the browser: a creator drops a generated video on the studio, watches
// it upload (presigned multipart parts, straight to the embedded storage) and process, describes
// it, adds a person with a signed release, chooses a policy and submits it; an operator (made
// with the operator CLI) approves it from the review queue; the clip is then in the public
// catalog with its preview. Each step is saved as e2e/test-results/studio-<step>.png.

const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
let stack: Awaited<ReturnType<typeof startStack>>;
let dataDir: string;
let mediaDir: string;
let video: string;
const operator = { email: uniqueEmail('ops'), password: 'operator password 2026' };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-studio-'));
  mediaDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-media-'));
  // Made before the servers start: a pause of seconds between two requests would let the API
  // close the kept-alive connection just as the next request reuses it.
  video = generateVideo('harbour-at-dawn.mp4');
  // Operators never come from sign-up: the CLI makes one, on the data directory the API will
  // use (before it starts, since the embedded database belongs to one process).
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'apps/api/dist/cli/operator-create.js'),
      '--email',
      operator.email,
      '--name',
      'Olu Operator',
      '--password',
      operator.password,
    ],
    { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, timeout: 60_000 },
  );
  stack = await startStack({ dataDir, seed: false, quiet: true });
});

afterAll(async () => {
  // The servers' logs explain a red run (the stack runs quietly).
  if (process.env.E2E_SHOW_LOGS) console.log(stack?.logs.join('').slice(-100_000));
  await stack?.stop();
  for (const dir of [dataDir, mediaDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Five seconds of a Mandelbrot zoom at 720p, encoded at a high bitrate so the file is larger
 * than one 8 MiB part: the upload really is multipart, with parts in parallel.
 */
function generateVideo(name: string): string {
  const file = path.join(mediaDir, name);
  execFileSync(
    FFMPEG,
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'mandelbrot=size=1280x720:rate=25'],
      ...['-t', '5', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '30M'],
      ...['-pix_fmt', 'yuv420p', '-threads', '2', file],
    ],
    { timeout: 120_000 },
  );
  return file;
}

/** The smallest well-formed one-page PDF: what a scanned release would be, by its bytes. */
function generateReleasePdf(): string {
  const file = path.join(mediaDir, 'release-amara.pdf');
  writeFileSync(
    file,
    '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
  );
  return file;
}

/** Drops a file on Uppy's drop zone the way a browser delivers a drag from the desktop. */
async function dropFile(page: Page, file: string, type: string): Promise<void> {
  const bytes = readFileSync(file).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name, mime }) => {
      const binary = atob(base64);
      const array = new Uint8Array(binary.length);
      for (let index = 0; index < binary.length; index += 1)
        array[index] = binary.charCodeAt(index);
      const transfer = new DataTransfer();
      transfer.items.add(new File([array], name, { type: mime }));
      return transfer;
    },
    { base64: bytes, name: path.basename(file), mime: type },
  );
  const zone = page.locator('.uppy-Dashboard-AddFiles');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

describe('supply in the browser', () => {
  it('takes a dropped video from upload to the public catalog', async () => {
    expect(statSync(video).size).toBeGreaterThan(8 * 1024 * 1024);
    const creator = uniqueEmail('maya');
    const token = await createAccountViaApi(stack.apiUrl, 'Maya Okafor', creator, dataDir);
    const orgId = await createOrgViaApi(stack.apiUrl, token, 'Northlight Studio', 'creator');
    let clipUrl = '';

    await withBrowser('studio-creator', {}, async ({ page }) => {
      await signIn(page, stack.webUrl, creator, PASSWORD);
      // A creator's home is their studio.
      await page.getByRole('heading', { name: 'Welcome back, Maya Okafor' }).waitFor();
      await page.getByRole('link', { name: 'Studio', exact: true }).click();
      await page.waitForURL(`**/studio/${orgId}`);
      await page.getByText('No clips yet.').waitFor();
      await page.locator('.uppy-Dashboard-AddFiles').waitFor();
      await screenshot(page, 'studio-01-empty');

      await dropFile(page, video, 'video/mp4');
      // The clip row appears as soon as the API has created the upload.
      const row = page.getByRole('row').filter({ hasText: 'harbour-at-dawn.mp4' });
      await row.waitFor();
      await screenshot(page, 'studio-02-uploading');
      await page.locator('.uppy-StatusBar.is-complete').waitFor({ timeout: 60_000 });
      // Then the table follows verification until the clip is a draft.
      await row
        .getByText(/Processing|Draft/)
        .first()
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'studio-03-uploaded');
      await row.getByText('Draft', { exact: true }).waitFor({ timeout: 90_000 });
      expect(await row.textContent()).toContain('1280×720 · HD');
      expect(await row.textContent()).toContain('0:05');
      await screenshot(page, 'studio-04-draft');

      await row.getByRole('link').first().click();
      await page.waitForURL(/\/studio\/[0-9a-f-]{36}\/clips\/[0-9a-f-]{36}$/);
      clipUrl = new URL(page.url()).pathname;
      await page.locator('video').waitFor();

      // Description.
      await page.getByLabel('Title').fill('Harbour at dawn');
      await page
        .getByRole('textbox', { name: 'Description', exact: true })
        .fill('A fractal zoom standing in for boats leaving the harbour at first light.');
      await page
        .getByLabel('Captions')
        .fill('Slow zoom into a colourful fractal boundary; no people, no text.');
      await page.getByLabel('Tags').fill('fractal, zoom, abstract');
      await page.getByLabel('Category').selectOption('abstract');
      await page.getByLabel('Camera motion').selectOption('zoom');
      await page.getByLabel('Setting').selectOption('studio');
      await page.getByLabel('Time of day').selectOption('day');
      await page.getByLabel('Country filmed in').selectOption('PT');
      await page.getByRole('button', { name: 'Save description' }).click();
      await page.getByText('Description saved.').waitFor();
      await screenshot(page, 'studio-05-described');

      // A person with a release: AI training must be ticked explicitly.
      await page.getByLabel('Name or pseudonym').fill('Amara Diallo');
      await page.getByLabel('Signed on').fill('2026-11-20');
      await page.getByLabel('Signed release').setInputFiles(generateReleasePdf());
      await page.getByRole('button', { name: 'Add person' }).click();
      await page.getByText('Tick this to add the person').waitFor();
      await screenshot(page, 'studio-06-consent-required');
      // The refused submission re-rendered the form; choose the document again.
      await page.getByLabel('Signed release').setInputFiles(generateReleasePdf());
      await page.getByLabel(/Training, fine-tuning and evaluating AI models/).check();
      // Without this the clip would be listed without its preview.
      await page.getByLabel(/Showing the watermarked preview/).check();
      await page.getByRole('button', { name: 'Add person' }).click();
      await page.getByText('Amara Diallo was added with their release.').waitFor();
      await page.getByText('Release with AI-training consent').waitFor();
      await screenshot(page, 'studio-07-person-added');

      await page.getByLabel(/owns all rights to this footage/).check();
      await page.getByRole('button', { name: 'Confirm ownership' }).click();
      await page.getByText('Ownership confirmed.').waitFor();

      await page.getByLabel(/Standard training license/).check();
      await page.getByLabel(/Rate per minute/).fill('4.50');
      await page.getByRole('button', { name: 'Save policy' }).click();
      await page.getByText(/Policy saved/).waitFor();
      await page
        .getByText(/\$4\.50\/min/)
        .first()
        .waitFor();
      await screenshot(page, 'studio-08-policy');

      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.getByText(/Submitted for review/).waitFor();
      await page.getByText('In review', { exact: true }).first().waitFor();
      await screenshot(page, 'studio-09-submitted');

      // The same pages at the width of a phone (the checks of the phone-width suite).
      await page.setViewportSize(PHONE);
      for (const [name, url] of [
        ['studio-clip', clipUrl],
        ['studio', `/studio/${orgId}`],
      ] as const) {
        await page.goto(`${stack.webUrl}${url}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await expectFitsPhone(page, name);
      }
    });

    const clipId = clipUrl.split('/').pop()!;
    await withBrowser('studio-operator', {}, async ({ page }) => {
      await signIn(page, stack.webUrl, operator.email, operator.password);
      // An operator's home is the review queue.
      await page.getByRole('heading', { name: 'Welcome back, Olu Operator' }).waitFor();
      await screenshot(page, 'studio-10-queue');
      await page.getByRole('link', { name: 'Harbour at dawn' }).click();
      await page.waitForURL(`**/review/${clipId}`);
      await page.getByText('Amara Diallo').waitFor();
      await page.getByText(/Permitted uses/).waitFor();
      await screenshot(page, 'studio-11-review');
      await page.setViewportSize(PHONE);
      await expectFitsPhone(page, 'review-clip');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole('button', { name: 'Approve and list' }).click();
      await page.waitForURL('**/review?notice=clip-approved');
      await page.getByText('Nothing to review.').waitFor();
      await screenshot(page, 'studio-12-approved');
    });

    await withBrowser('studio-catalog', {}, async ({ page }) => {
      await page.goto(`${stack.webUrl}/catalog`);
      const card = page.getByRole('link', { name: /Harbour at dawn/ });
      await card.waitFor();
      expect(await card.textContent()).toContain('/min');
      expect(await card.textContent()).toContain('0:05');
      await screenshot(page, 'studio-13-catalog');
      await card.click();
      await page.waitForURL(`**/catalog/${clipId}`);
      const player = page.locator('video');
      await player.waitFor();
      // Previews only: the player's source is the watermarked preview, never the original.
      const source = await page.locator('video source').getAttribute('src');
      expect(source).toBeTruthy();
      expect(source).not.toContain('/original');
      await page.getByText('per minute').waitFor();
      await screenshot(page, 'studio-14-catalog-clip');
      // The catalog and a clip at the width of a phone: a wide preview or long terms line must
      // not push the page sideways.
      await page.setViewportSize(PHONE);
      await expectFitsPhone(page, 'catalog-clip');
      await page.goto(`${stack.webUrl}/catalog`);
      await expectFitsPhone(page, 'catalog');
    });

    // Without JavaScript: the bulk form and delisting are plain forms.
    await withBrowser('studio-no-js', { javaScriptEnabled: false }, async ({ page }) => {
      await signIn(page, stack.webUrl, creator, PASSWORD);
      await page.getByRole('heading', { name: 'Welcome back, Maya Okafor' }).waitFor();
      await page.goto(`${stack.webUrl}/studio/${orgId}`);
      await page.getByText('The uploader starts when the page has loaded.').waitFor();
      await page.getByRole('button', { name: 'Apply to selected clips' }).click();
      await page.getByText('Select at least one clip.').waitFor();
      await page.getByLabel('Select Harbour at dawn').check();
      await page.getByLabel('Add tags').fill('mandelbrot');
      await page.getByLabel('Category').selectOption('nature');
      await page.getByRole('button', { name: 'Apply to selected clips' }).click();
      await page.getByText('Updated 1 clip (tags, category).').waitFor();
      await screenshot(page, 'studio-18-bulk-no-js');

      await page.goto(`${stack.webUrl}${clipUrl}`);
      await page.getByRole('button', { name: 'Delist this clip' }).click();
      await page.getByText(/Delisted: the clip has left the catalog/).waitFor();
      await screenshot(page, 'studio-19-delisted-no-js');
      const catalog = await fetch(`${stack.apiUrl}/v1/catalog`).then(
        (response) => response.json() as Promise<{ items: Array<{ id: string }> }>,
      );
      expect(catalog.items.map((item) => item.id)).not.toContain(clipId);
    });
  });
  it('resumes an interrupted upload after a reload, sending only the parts storage lacks', async () => {
    const file = path.join(mediaDir, 'resume-me.mp4');
    copyFileSync(video, file);
    const creator = uniqueEmail('jon');
    const token = await createAccountViaApi(stack.apiUrl, 'Jon Alvarez', creator, dataDir);
    const orgId = await createOrgViaApi(stack.apiUrl, token, 'Driftwood Films', 'creator');
    const isPart = (url: string, part: number) =>
      new URL(url).searchParams.get('partNumber') === String(part);

    await withBrowser('studio-resume', {}, async ({ page }) => {
      await signIn(page, stack.webUrl, creator, PASSWORD);
      await page.getByRole('heading', { name: 'Welcome back, Jon Alvarez' }).waitFor();
      await page.goto(`${stack.webUrl}/studio/${orgId}`);
      await page.locator('.uppy-Dashboard-AddFiles').waitFor();

      // Part 2 never reaches storage in this page: the connection "drops" mid-upload.
      const holdPartTwo = (url: URL) => isPart(url.toString(), 2);
      await page.route(holdPartTwo, () => undefined);
      const partOneStored = page.waitForResponse(
        (response) =>
          response.request().method() === 'PUT' && isPart(response.url(), 1) && response.ok(),
      );
      await dropFile(page, file, 'video/mp4');
      await partOneStored;
      await screenshot(page, 'studio-15-interrupted');

      // Reload: Golden Retriever brings the file and its upload back; the person resumes. The
      // held part dies with the page; only then is the way to storage open again (unrouting
      // first would let the held request through before the reload).
      const partsAfterReload: number[] = [];
      page.on('request', (request) => {
        if (request.method() !== 'PUT') return;
        const number = new URL(request.url()).searchParams.get('partNumber');
        if (number) partsAfterReload.push(Number(number));
      });
      const listed = page.waitForRequest(
        (request) =>
          request.method() === 'GET' && /\/uploads\/[0-9a-f-]{36}\/parts$/.test(request.url()),
      );
      await page.reload();
      await page.getByText('We restored all files. You can now resume the upload.').waitFor();
      await screenshot(page, 'studio-16-restored');
      await page.unroute(holdPartTwo);
      await page.locator('.uppy-StatusBar-actionBtn--upload').click();
      await listed;
      await page.locator('.uppy-StatusBar.is-complete').waitFor({ timeout: 60_000 });
      expect(partsAfterReload).toEqual([2]);
      const row = page.getByRole('row').filter({ hasText: 'resume-me.mp4' });
      await row
        .getByText(/Processing|Draft/)
        .first()
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'studio-17-resumed');
    });
  });
  it('cancels an upload: the multipart upload is aborted and the clip says so', async () => {
    const file = path.join(mediaDir, 'cancel-me.mp4');
    copyFileSync(video, file);
    const creator = uniqueEmail('ana');
    const token = await createAccountViaApi(stack.apiUrl, 'Ana Costa', creator, dataDir);
    const orgId = await createOrgViaApi(stack.apiUrl, token, 'Costa Visuals', 'creator');
    await withBrowser('studio-cancel', {}, async ({ page }) => {
      await signIn(page, stack.webUrl, creator, PASSWORD);
      await page.getByRole('heading', { name: 'Welcome back, Ana Costa' }).waitFor();
      await page.goto(`${stack.webUrl}/studio/${orgId}`);
      await page.locator('.uppy-Dashboard-AddFiles').waitFor();
      // Parts never finish, so the cancel lands mid-upload.
      const holdParts = (url: URL) => url.searchParams.has('partNumber');
      await page.route(holdParts, () => undefined);
      const aborted = page.waitForResponse(
        (response) =>
          response.request().method() === 'DELETE' &&
          /\/uploads\/[0-9a-f-]{36}$/.test(response.url()),
      );
      await dropFile(page, file, 'video/mp4');
      const row = page.getByRole('row').filter({ hasText: 'cancel-me.mp4' });
      await row.getByText('Uploading', { exact: true }).waitFor();
      // The Dashboard's "Cancel" (the status bar has a second one, for the same thing).
      await page.getByRole('button', { name: 'Cancel', exact: true }).first().click();
      expect((await aborted).status()).toBe(204);
      await row.getByText('Failed', { exact: true }).waitFor();
      expect(await row.textContent()).toContain('cancelled');
      await screenshot(page, 'studio-20-cancelled');
    });
  });
});
