import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  generateCertificateKeyPair,
  signCertificate,
  type CertificateClaimsType,
  type CertificateKeyPair,
} from '@clearframe/contracts/certificates';
import type { CertificateStatusType } from '@clearframe/contracts/demand';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { freePort, startStack } from '../scripts/stack.mjs';
import { screenshot, withBrowser } from './browser.helper.js';
import { expectFitsPhone, PHONE } from './phone-layout.helper.js';

// The public /verify page in Chromium: with JavaScript the checks run in the browser (the
// contracts verifier, the JWKS from the loader, the live status through the web's own
// /verify/status relay); without JavaScript the form posts and the server runs them. The web
// talks to a stand-in for the API's two public certificate endpoints (a certificate signed
// here, with a key published as the JWKS) that passes every other request on to the real API,
// so the rest of the site is the real stack. Once the API issues certificates from paid orders,
// this can take one from there instead. Screenshots: e2e/test-results/verify-*.png.

const CERT_ID = '3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const REVOKED_ID = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const LAB_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest();
const SHAS = ['harbour.mp4', 'market.mp4', 'forest.mp4'].map((name) =>
  sha256(`footage of ${name}`).toString('hex'),
);
/** RFC 9162 over three leaves, by hand (not with the code under test). */
function rootOfThree(hexes: string[]): string {
  const leaf = (hex: string) => sha256(Buffer.concat([Buffer.from([0]), Buffer.from(hex, 'hex')]));
  const node = (a: Buffer, b: Buffer) => sha256(Buffer.concat([Buffer.from([1]), a, b]));
  const [a, b, c] = hexes.map(leaf) as [Buffer, Buffer, Buffer];
  return node(node(a, b), c).toString('hex');
}

function claims(certificateId: string): CertificateClaimsType {
  return {
    certificateId,
    issuer: 'https://clearframe.example',
    licensee: { orgId: LAB_ID, name: 'Analytical Engines Research Laboratory of Greater London' },
    termsHash: `sha256:${sha256('terms').toString('hex')}`,
    clipsMerkleRoot: rootOfThree(SHAS),
    clipCount: 3,
    totalSeconds: 36,
    issuedAt: '2026-03-01T09:00:00Z',
    validFrom: '2026-03-01T09:00:00Z',
    validUntil: '2036-03-01T09:00:00Z',
  };
}

/** A pull's written manifest (no download URLs), clips out of order. */
function manifest(shas: string[] = SHAS): Buffer {
  const lines = [2, 0, 1].map((position) =>
    JSON.stringify({
      clipId: `00000000-0000-4000-8000-00000000000${position + 1}`,
      title: `Clip ${position + 1}`,
      sha256: shas[position],
      bytes: 1000,
      durationMs: 12_000,
      width: 1920,
      height: 1080,
      fps: 25,
      captions: [],
      termsHash: `sha256:${sha256('terms').toString('hex')}`,
      certificateId: CERT_ID,
      position,
    }),
  );
  return Buffer.from(lines.join('\n') + '\n');
}

let stack: Awaited<ReturnType<typeof startStack>>;
let dataDir: string;
let standIn: Server;
let platform: CertificateKeyPair;
const statuses = new Map<string, CertificateStatusType>();
const standInCalls: string[] = [];
let jws: string;
let revokedJws: string;

async function startStandIn(apiUrl: string): Promise<string> {
  standIn = createServer((req, res) => {
    const url = req.url ?? '/';
    standInCalls.push(`${req.method} ${url}`);
    const reply = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(JSON.stringify(body));
    };
    if (url === '/.well-known/jwks.json') return reply(200, { keys: [platform.publicJwk] });
    const match = /^\/v1\/certificates\/([^/?]+)$/.exec(url);
    if (match) {
      const found = statuses.get(decodeURIComponent(match[1]!));
      return found
        ? reply(200, found)
        : reply(
            404,
            { type: 'x', title: 'Not found', status: 404, code: 'not_found' },
            'application/problem+json',
          );
    }
    // Everything else is the real API's.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string' && name !== 'host') headers.set(name, value);
      void fetch(`${apiUrl}${url}`, {
        method: req.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        redirect: 'manual',
      }).then(
        async (answer) => {
          // fetch has already decoded the body, so its framing headers no longer apply.
          const passOn: Record<string, string> = {};
          answer.headers.forEach((value, name) => {
            if (!['content-encoding', 'content-length', 'transfer-encoding'].includes(name))
              passOn[name] = value;
          });
          res.writeHead(answer.status, passOn);
          res.end(Buffer.from(await answer.arrayBuffer()));
        },
        () => reply(502, { type: 'x', title: 'Bad gateway', status: 502, code: 'internal_error' }),
      );
    });
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  platform = await generateCertificateKeyPair({ kid: 'clearframe-2026-03' });
  jws = await signCertificate(claims(CERT_ID), platform.privateJwk);
  revokedJws = await signCertificate(claims(REVOKED_ID), platform.privateJwk);
  const status = (id: string, token: string, revokedAt: string | null): CertificateStatusType => ({
    certificateId: id,
    status: revokedAt ? 'revoked' : 'valid',
    jws: token,
    keyId: platform.kid,
    claims: claims(id),
    revokedAt,
    checkedAt: new Date().toISOString(),
  });
  statuses.set(CERT_ID, status(CERT_ID, jws, null));
  statuses.set(REVOKED_ID, status(REVOKED_ID, revokedJws, '2026-11-20T10:30:00.000Z'));

  dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-verify-'));
  const apiPort = await freePort();
  const standInUrl = await startStandIn(`http://127.0.0.1:${apiPort}`);
  // The API ignores API_URL; the web server reaches "the API" through the stand-in.
  stack = await startStack({
    dataDir,
    apiPort,
    seed: false,
    quiet: true,
    env: { API_URL: standInUrl },
  });
});

afterAll(async () => {
  if (process.env.E2E_SHOW_LOGS) console.log(stack?.logs.join('').slice(-100_000));
  await stack?.stop();
  await new Promise((resolve) => standIn?.close(resolve));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function outcomes(page: Page): Promise<Record<string, string>> {
  const items = await page.locator('[data-check]').all();
  const pairs = await Promise.all(
    items.map(async (item) => [
      await item.getAttribute('data-check'),
      await item.getAttribute('data-outcome'),
    ]),
  );
  return Object.fromEntries(pairs);
}

describe('verifying a certificate', () => {
  it('checks in the browser after hydration: ?id= prefills, the manifest matches, nothing posts', async () => {
    await withBrowser('verify-js', {}, async ({ page }) => {
      const posts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST') posts.push(request.url());
      });
      await page.goto(`${stack.webUrl}/`);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Verify' })
        .click();
      await page.getByRole('heading', { name: 'Verify a certificate' }).waitFor();
      await page.goto(`${stack.webUrl}/verify?id=${CERT_ID}`);
      await expect(page.getByLabel('Certificate', { exact: true }).inputValue()).resolves.toBe(jws);
      await page.getByLabel('Delivery manifest (optional)').setInputFiles({
        name: 'manifest.jsonl',
        mimeType: 'application/jsonl',
        buffer: manifest(),
      });
      standInCalls.length = 0;
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.locator('[data-checked-in="browser"]').waitFor();
      expect(await outcomes(page)).toEqual({
        signature: 'pass',
        window: 'pass',
        status: 'pass',
        manifest: 'pass',
      });
      await page.getByRole('heading', { name: 'Certificate verified' }).waitFor();
      await expect(page.getByText("3 of the file's 3 entries belong").count()).resolves.toBe(1);
      // The status came through the web's relay; the keys were already in the page.
      expect(standInCalls).toEqual([`GET /v1/certificates/${CERT_ID}`]);
      expect(posts).toEqual([]);
      await screenshot(page, 'verify-browser');

      // A changed file fails in the browser too.
      const changed = [...SHAS];
      changed[1] = sha256('another file').toString('hex');
      await page.getByLabel('Delivery manifest (optional)').setInputFiles({
        name: 'manifest.jsonl',
        mimeType: 'application/jsonl',
        buffer: manifest(changed),
      });
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('heading', { name: 'Certificate not verified' }).waitFor();
      expect((await outcomes(page)).manifest).toBe('fail');
    });
  });

  it('checks on the server without JavaScript and shows a revocation', async () => {
    await withBrowser('verify-no-js', { javaScriptEnabled: false }, async ({ page }) => {
      await page.goto(`${stack.webUrl}/verify`);
      await page.getByLabel('Certificate', { exact: true }).fill(revokedJws);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.locator('[data-checked-in="server"]').waitFor();
      expect(await outcomes(page)).toEqual({
        signature: 'pass',
        window: 'pass',
        status: 'fail',
        manifest: 'skipped',
      });
      await page
        .getByText('Clearframe revoked this certificate on 20 Nov 2026, 10:30 UTC')
        .waitFor();

      await page.getByLabel('Certificate', { exact: true }).fill('not a certificate at all');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText('This is not a certificate.').first().waitFor();
    });
  });

  it('fits a 390 px phone with every hash on screen', async () => {
    await withBrowser('verify-phone', {}, async ({ page }) => {
      await page.setViewportSize(PHONE);
      await page.goto(`${stack.webUrl}/verify?id=${CERT_ID}`);
      await expectFitsPhone(page, 'verify');
      await page.getByLabel('Delivery manifest (optional)').setInputFiles({
        name: 'manifest.jsonl',
        mimeType: 'application/jsonl',
        buffer: manifest(),
      });
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('heading', { name: 'Certificate verified' }).waitFor();
      await expectFitsPhone(page, 'verify-result');
    });
  });
});
