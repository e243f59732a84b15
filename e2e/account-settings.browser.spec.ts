import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startStack } from '../scripts/stack.mjs';
import {
  PASSWORD,
  callApi,
  createAccountViaApi,
  createOrgViaApi,
  signIn,
  uniqueEmail,
} from './accounts.helper.js';
import { openBrowser, screenshot, withBrowser } from './browser.helper.js';

// The account page with two devices: each one a separate Chromium profile (its own cookies),
// as a laptop and a phone of the same person would be.

let stack: Awaited<ReturnType<typeof startStack>>;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-account-'));
  stack = await startStack({ dataDir, seed: false, quiet: true });
});

afterAll(async () => {
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sessionRows = (page: Page) =>
  page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');

/** Opens the account page; a device whose session ended lands on sign-in instead. */
async function openAccount(page: Page): Promise<void> {
  await page.goto(`${stack.webUrl}/account`);
}

async function signInAndWait(page: Page, address: string, password = PASSWORD) {
  await signIn(page, stack.webUrl, address, password);
  await page.waitForURL(`${stack.webUrl}/`);
}

describe('the account page', () => {
  it('lists both devices, signs one out, changes the password and deletes the account', async () => {
    const address = uniqueEmail('two-devices');
    const apiToken = await createAccountViaApi(stack.apiUrl, 'Dana Devices', address, dataDir);
    await createOrgViaApi(stack.apiUrl, apiToken, 'Dana Solo Footage', 'creator');
    // Only the two browsers stay signed in.
    await callApi(stack.apiUrl, '/v1/auth/sign-out', {
      token: apiToken,
      method: 'POST',
      status: 204,
    });

    const phone = await openBrowser();
    try {
      await withBrowser('account-laptop', {}, async ({ page: laptop }) => {
        await signInAndWait(laptop, address);
        await signInAndWait(phone.page, address);

        await openAccount(laptop);
        await expect(sessionRows(laptop).count()).resolves.toBe(2);
        const current = sessionRows(laptop).filter({ hasText: 'This device' });
        await expect(current.count()).resolves.toBe(1);
        await expect(current.getByRole('button').count()).resolves.toBe(0);
        await screenshot(laptop, 'account-two-devices');

        // Sign the phone out from the laptop.
        await sessionRows(laptop)
          .filter({ hasNotText: 'This device' })
          .getByRole('button', { name: /^Sign out/ })
          .click();
        await laptop.getByText('That device has been signed out.').waitFor();
        await expect(sessionRows(laptop).count()).resolves.toBe(1);

        await openAccount(phone.page);
        await phone.page.waitForURL(/\/sign-in/);
        await phone.page
          .getByText('This device was signed out from another of your devices.')
          .waitFor();
        await screenshot(phone.page, 'account-phone-signed-out');

        // Change the password on the laptop: a wrong current one is refused next to its field.
        await signInAndWait(phone.page, address);
        await openAccount(laptop);
        await laptop.getByLabel('Current password').fill('not the password');
        await laptop.getByLabel('New password').fill('a fresh and long passphrase');
        await laptop.getByRole('button', { name: 'Change password' }).click();
        await laptop.getByText('That is not your current password.').waitFor();
        await screenshot(laptop, 'account-password-refused');
        await laptop.getByLabel('Current password').fill(PASSWORD);
        await laptop.getByLabel('New password').fill('a fresh and long passphrase');
        await laptop.getByRole('button', { name: 'Change password' }).click();
        await laptop.getByText('Your password has been changed.').waitFor();
        await expect(sessionRows(laptop).count()).resolves.toBe(1);

        await openAccount(phone.page);
        await phone.page.waitForURL(/\/sign-in/);
        await phone.page.getByText('because your password was changed').waitFor();

        // Delete the account: the page says first what happens to the organization.
        await openAccount(laptop);
        const deletion = laptop.getByRole('region', { name: 'Delete account' });
        await deletion.getByText('They are deleted with your account').waitFor();
        await deletion.getByText('Dana Solo Footage').waitFor();
        await screenshot(laptop, 'account-before-delete');
        await deletion.getByLabel('Your password').fill('a fresh and long passphrase');
        await deletion.getByRole('button', { name: 'Delete my account' }).click();
        await laptop.waitForURL(/\/sign-in/);
        await laptop.getByText('Your account has been deleted.').waitFor();

        await signIn(laptop, stack.webUrl, address, 'a fresh and long passphrase');
        await laptop.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
        await screenshot(laptop, 'account-deleted-cannot-sign-in');
      });
    } finally {
      await phone.close();
    }
  });
});
