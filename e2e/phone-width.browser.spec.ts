import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startStack } from '../scripts/stack.mjs';
import {
  addMemberViaApi,
  callApi,
  createAccountViaApi,
  createOrgViaApi,
  inviteViaApi,
  signIn,
  uniqueEmail,
} from './accounts.helper.js';
import { withBrowser } from './browser.helper.js';
import { expectFitsPhone, PHONE } from './phone-layout.helper.js';

// Every page at the width of a phone (390 × 844 CSS pixels, an iPhone 14): nothing may scroll
// sideways, no submit button may be cut off or covered, and no select in the page may be too
// narrow for its own options. The data is chosen to be long (names, emails, organization
// names), since that is what breaks narrow layouts. Each page is also saved as
// e2e/test-results/phone-<name>.png for a person to look at.

let stack: Awaited<ReturnType<typeof startStack>>;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-phone-'));
  stack = await startStack({ dataDir, seed: false, quiet: true });
});

afterAll(async () => {
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Loads `url` (unless it is already open) and checks it as `expectFitsPhone` does. */
async function checkPage(page: Page, name: string, url?: string): Promise<void> {
  if (url) await page.goto(`${stack.webUrl}${url}`);
  await expectFitsPhone(page, name);
}

describe('every page at phone width', () => {
  it('fits 390 px signed out and signed in, on every settings tab', async () => {
    const owner = uniqueEmail('olivia-longname-owner-of-the-laboratory');
    const ownerToken = await createAccountViaApi(
      stack.apiUrl,
      'Olivia Owner-Longname de la Laboratoire',
      owner,
      dataDir,
    );
    const labId = await createOrgViaApi(
      stack.apiUrl,
      ownerToken,
      'Analytical Engines Research Laboratory of Greater London',
      'lab',
    );
    const studioId = await createOrgViaApi(stack.apiUrl, ownerToken, 'Olivia Footage', 'creator');
    await addMemberViaApi(
      stack.apiUrl,
      ownerToken,
      labId,
      'Maximilian Member-Withaverylongname',
      uniqueEmail('maximilian.member.with.a.very.long.address'),
      dataDir,
    );
    const pending = uniqueEmail('pending-invitee');
    await inviteViaApi(stack.apiUrl, ownerToken, labId, pending, 'owner');
    // Inviting the same person again: the list must still show one row for them.
    const invitationLink = await inviteViaApi(stack.apiUrl, ownerToken, labId, pending, 'owner');
    await callApi(stack.apiUrl, `/v1/orgs/${labId}/api-keys`, {
      token: ownerToken,
      body: {
        name: 'nightly training pipeline on the big cluster',
        scopes: ['catalog:read', 'bundles:write', 'orders:read', 'orders:write', 'models:write'],
      },
      status: 201,
    });
    const invitationPath = new URL(invitationLink).pathname;

    await withBrowser('phone-width', {}, async ({ page }) => {
      await page.setViewportSize(PHONE);
      for (const [name, url] of [
        ['home-signed-out', '/'],
        ['sign-in', '/sign-in'],
        ['sign-up', '/sign-up'],
        ['forgot-password', '/forgot-password'],
        ['reset-password', '/reset-password?token=not-a-real-token'],
        ['verify-email', '/verify-email?token=not-a-real-token'],
        ['invitation-signed-out', invitationPath],
        ['not-found', '/no-such-page'],
      ] as const)
        await checkPage(page, name, url);

      // A wrong password shows the form's error state.
      await signIn(page, stack.webUrl, owner, 'not the right password');
      await page.getByRole('alert').waitFor();
      await checkPage(page, 'sign-in-failed');

      await signIn(page, stack.webUrl, owner);
      await page.waitForURL(`${stack.webUrl}/`);
      const settings = `/orgs/${labId}/settings`;
      for (const [name, url] of [
        ['home-signed-in', '/'],
        ['account', '/account'],
        ['new-organization', '/orgs/new'],
        ['sign-out', '/sign-out'],
        ['invitation-signed-in', invitationPath],
        ['lab-general', settings],
        ['lab-members', `${settings}/members`],
        ['lab-invitations', `${settings}/invitations`],
        ['lab-api-keys', `${settings}/api-keys`],
        ['studio-general', `/orgs/${studioId}/settings`],
        ['studio-members', `/orgs/${studioId}/settings/members`],
        ['studio-invitations', `/orgs/${studioId}/settings/invitations`],
      ] as const)
        await checkPage(page, name, url);

      // The account page explains that the lab (it has another member) blocks deletion, and
      // shows a refused password change next to its field.
      await page.goto(`${stack.webUrl}/account`);
      await page.getByText('Hand over these organizations first').waitFor();
      await page.getByLabel('Current password').fill('not the password');
      await page.getByLabel('New password').fill('a fresh and long passphrase');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('That is not your current password.').waitFor();
      await checkPage(page, 'account-password-refused');

      // The pages with the most to show: a just-created key with its example, a new invitation link.
      await page.goto(`${stack.webUrl}${settings}/api-keys`);
      await page.getByLabel('Key name').fill('second key for the evaluation harness');
      await page.getByRole('button', { name: 'Create API key' }).click();
      await page.getByLabel('Your new API key').waitFor();
      await checkPage(page, 'lab-api-key-created');

      await page.goto(`${stack.webUrl}${settings}/invitations`);
      await page.getByLabel('Email address').fill(uniqueEmail('another-long-invitee-address'));
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByLabel('Invitation link').waitFor();
      await page.locator('summary', { hasText: 'Past invitations' }).click();
      await checkPage(page, 'lab-invitation-created');
      // The re-invited person is one pending row, not a pending and a "Revoked" one.
      const pendingTable = page.getByRole('table', { name: /^Pending invitations/ });
      expect(await pendingTable.getByRole('row', { name: new RegExp(pending) }).count()).toBe(1);
      expect(
        await page
          .getByRole('table', { name: /^Past invitations/ })
          .getByRole('row', { name: new RegExp(pending) })
          .count(),
      ).toBe(0);
    });
  });
});
