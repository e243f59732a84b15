import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startStack } from '../scripts/stack.mjs';
import { createAccountViaApi, createOrgViaApi, signIn, uniqueEmail } from './accounts.helper.js';
import { screenshot, withBrowser } from './browser.helper.js';

// Cross-site requests as a real browser sends them. The attacker's page is served from another
// port of the same host, which is another origin but the SAME SITE: SameSite=Lax cookies still
// go along, so only the web's origin check stands between that page and the signed-in person.

let stack: Awaited<ReturnType<typeof startStack>>;
let dataDir: string;
let attacker: Server;
let attackerUrl: string;
// The page the attacker's server answers with; each test sets what it auto-submits.
let attackPage = '';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-security-'));
  stack = await startStack({ dataDir, seed: false, quiet: true });
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(attackPage);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  // `localhost`, like the web app's URL: same site, different port, different origin.
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}`;
  expect(new URL(attackerUrl).hostname).toBe(new URL(stack.webUrl).hostname);
});

afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve));
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** An attacker page that posts `fields` to `action` on the web app as soon as it loads. */
function autoSubmitting(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join('');
  return `<!doctype html><title>Win a prize</title><form id="f" method="post" action="${stack.webUrl}${action}">${inputs}</form><script>document.getElementById('f').submit()</script>`;
}

async function cookie(context: BrowserContext, name: string): Promise<string | undefined> {
  return (await context.cookies(stack.webUrl)).find((entry) => entry.name === name)?.value;
}

/** A raw request with exactly these headers (fetch may add or drop some of them). */
function rawPost(
  pathname: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; location: string | undefined }> {
  const url = new URL(pathname, stack.webUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function stillSignedIn(page: Page): Promise<void> {
  await page.goto(`${stack.webUrl}/account`);
  await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
}

describe('cross-site requests in a real browser', () => {
  it('a page on another origin of the same site can neither switch the organization nor redirect off-site', async () => {
    const address = uniqueEmail('victim');
    const token = await createAccountViaApi(stack.apiUrl, 'Vera Victim', address, dataDir);
    const labId = await createOrgViaApi(stack.apiUrl, token, 'Victim Lab', 'lab');
    const studioId = await createOrgViaApi(stack.apiUrl, token, 'Victim Studio', 'creator');

    await withBrowser('cross-site-switch', {}, async ({ page, context }) => {
      await signIn(page, stack.webUrl, address);
      await page.waitForURL(`${stack.webUrl}/`);
      // The person's own switch works (same origin) and sets the org cookie to the studio.
      await page.goto(`${stack.webUrl}/orgs/${labId}/settings`);
      await page.getByLabel('Current organization').selectOption(studioId);
      await page.getByRole('heading', { level: 1, name: 'Victim Studio' }).waitFor();
      const orgCookie = await cookie(context, 'cf_org');
      expect(orgCookie).toBeTruthy();

      attackPage = autoSubmitting('/orgs/switch', {
        orgId: labId,
        redirectTo: '/a/..//evil.example',
      });
      const refused = page.waitForResponse(
        (response) =>
          response.url() === `${stack.webUrl}/orgs/switch` &&
          response.request().method() === 'POST',
      );
      await page.goto(`${attackerUrl}/prize.html`);
      const response = await refused;
      expect(response.status()).toBe(403);
      expect(response.headers().location).toBeUndefined();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).origin).toBe(new URL(stack.webUrl).origin);
      await page.getByText('This form was sent from another website').waitFor();
      await screenshot(page, '13-cross-site-switch-refused');
      expect(await cookie(context, 'cf_org')).toBe(orgCookie);
      await stillSignedIn(page);
      expect(await page.getByLabel('Current organization').inputValue()).toBe(studioId);
    });
  });

  it('a page on another origin cannot sign the person out everywhere', async () => {
    const address = uniqueEmail('target');
    await createAccountViaApi(stack.apiUrl, 'Tom Target', address, dataDir);
    await withBrowser('cross-site-sign-out-everywhere', {}, async ({ page, context }) => {
      await signIn(page, stack.webUrl, address);
      await page.waitForURL(`${stack.webUrl}/`);
      const session = await cookie(context, 'cf_session');
      expect(session).toBeTruthy();

      attackPage = autoSubmitting('/account', { intent: 'sign-out-everywhere' });
      const refused = page.waitForResponse(
        (response) =>
          response.url() === `${stack.webUrl}/account` && response.request().method() === 'POST',
      );
      await page.goto(`${attackerUrl}/prize.html`);
      // A page route: React Router's own Origin check answers first (400); the root
      // middleware would answer 403. Either way the action never runs.
      expect([400, 403]).toContain((await refused).status());
      expect(await cookie(context, 'cf_session')).toBe(session);
      await stillSignedIn(page);

      // Requests without Origin, which React Router lets through, meet the root middleware.
      const headers = { Cookie: `cf_session=${session}` };
      const body = 'intent=sign-out-everywhere';
      const withoutOrigin: Array<Record<string, string>> = [
        { 'Sec-Fetch-Site': 'cross-site' },
        { 'Sec-Fetch-Site': 'same-site' },
        { Referer: `${attackerUrl}/prize.html` },
      ];
      for (const extra of withoutOrigin)
        expect(await rawPost('/account', { ...headers, ...extra }, body)).toEqual({
          status: 403,
          location: undefined,
        });
      await stillSignedIn(page);
      expect(await cookie(context, 'cf_session')).toBe(session);
    });
  });
});
