import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startStack } from '../scripts/stack.mjs';
import {
  PASSWORD,
  createAccountViaApi as createAccount,
  mailedLink as mailedLinkIn,
  signIn as signInAt,
  uniqueEmail as email,
} from './accounts.helper.js';
import { screenshot, withBrowser } from './browser.helper.js';

// The whole product as a person meets it: the built API on a fresh embedded database and the
// built web server, both on free ports, driven through Chromium.

let stack: Awaited<ReturnType<typeof startStack>>;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-'));
  stack = await startStack({ dataDir, seed: false, quiet: true });
});

afterAll(async () => {
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function signUp(page: Page, name: string, address: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(address);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

function signIn(page: Page, address: string, password: string): Promise<void> {
  return signInAt(page, stack.webUrl, address, password);
}

/**
 * Creates and confirms an account through the API directly, for tests whose subject is
 * something else (sign-in needs a confirmed email).
 */
async function createAccountViaApi(name: string, address: string): Promise<void> {
  await createAccount(stack.apiUrl, name, address, dataDir);
}

/** After sign-up: the "check your email" page, then the mailed link, which signs in. */
async function confirmFromMail(page: Page, address: string): Promise<void> {
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.goto(onWeb(await mailedLink(address, 'verify-email')));
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
}

function mailedLink(address: string, tag: string): Promise<string> {
  return mailedLinkIn(dataDir, address, tag);
}

/** Runs a command shown on a page in a real shell, as a person pasting it would. */
function runInShell(command: string, env: Record<string, string> = {}): string {
  return execFileSync('sh', ['-c', command], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

/** The mailed link, pointed at this test's web server (the path and query are what matter). */
function onWeb(link: string): string {
  const url = new URL(link);
  return new URL(url.pathname + url.search, stack.webUrl).toString();
}

describe('accounts in the browser', () => {
  it('signs up, creates a lab, creates an API key and uses it against the API', async () => {
    await withBrowser('api-key', {}, async ({ page, context }) => {
      await page.goto(stack.webUrl);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
        /licensed the way creators agreed to/,
      );
      await screenshot(page, '01-home');

      await page.getByRole('link', { name: 'Create account' }).first().click();
      await page.waitForURL('**/sign-up');
      const ada = email('ada');
      await signUp(page, 'Ada Lovelace', ada);
      await confirmFromMail(page, ada);

      // A new account is asked to create its first organization.
      await page.waitForURL('**/orgs/new?notice=welcome');
      await page.getByLabel('Organization name').fill('Analytical Engines Lab');
      await page.getByLabel('Lab', { exact: true }).check();
      await screenshot(page, '02-create-organization');
      await page.getByRole('button', { name: 'Create organization' }).click();

      await page.waitForURL(/\/orgs\/[0-9a-f-]{36}\/settings\?notice=org-created$/);
      const orgId = /\/orgs\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
      // The URL changes when the data has loaded; the page renders a moment later.
      await page.getByRole('heading', { level: 1, name: 'Analytical Engines Lab' }).waitFor();
      // The switcher in the header now shows the new lab as the current organization.
      expect(await page.getByLabel('Current organization').inputValue()).toBe(orgId);

      await page
        .getByRole('navigation', { name: 'Organization settings' })
        .getByRole('link', { name: 'API keys' })
        .click();
      await page.waitForURL(`**/orgs/${orgId}/settings/api-keys`);
      await page.getByLabel('Key name').fill('training pipeline');
      // A lab's defaults are ticked; paying for orders is added by hand.
      await page.getByRole('checkbox', { name: 'Place and pay for orders' }).check();
      await page.getByRole('button', { name: 'Create API key' }).click();

      const secretField = page.getByLabel('Your new API key');
      await secretField.waitFor();
      const secret = await secretField.inputValue();
      expect(secret).toMatch(/^cf_live_/);
      await expect(page.getByText('It is shown only once').isVisible()).resolves.toBe(true);
      await screenshot(page, '03-api-key-created');

      // The example next to the new key is complete: pasted into a shell, it answers.
      const example = await page
        .getByRole('figure', { name: 'Example request with the new key' })
        .locator('code')
        .textContent();
      expect(example).toContain(secret);
      expect(example).not.toContain('…');
      expect(JSON.parse(runInShell(`${example!} --silent --fail`))).toMatchObject({
        type: 'api_key',
        keyName: 'training pipeline',
      });
      // The copy button puts the whole key on the clipboard.
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: stack.webUrl,
      });
      await page.getByRole('button', { name: 'Copy key' }).click();
      await page.getByRole('button', { name: 'Copied' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

      // The key works against the API on its own, as the lab's scripts would use it.
      const whoami = await fetch(`${stack.apiUrl}/v1/auth/whoami`, {
        headers: { Authorization: `Bearer ${secret}` },
      });
      expect(whoami.status).toBe(200);
      const body = (await whoami.json()) as {
        type: string;
        keyName: string;
        scopes: string[];
        org: { id: string; kind: string; name: string };
      };
      expect(body).toMatchObject({
        type: 'api_key',
        keyName: 'training pipeline',
        scopes: ['catalog:read', 'bundles:write', 'orders:read', 'orders:write'],
        org: { id: orgId, kind: 'lab', name: 'Analytical Engines Lab' },
      });

      // Shown once: loading the page again lists the key by its prefix, never the secret.
      await page.goto(`${stack.webUrl}/orgs/${orgId}/settings/api-keys`);
      const row = page.getByRole('row', { name: /training pipeline/ });
      await row.waitFor();
      expect(await row.textContent()).toContain(secret.slice(0, 16));
      expect(await page.content()).not.toContain(secret);
      expect(await page.getByLabel('Your new API key').count()).toBe(0);
      await screenshot(page, '04-api-keys-list');
      // The lasting example reads the key from the environment, and works once it is set.
      const usage = await page
        .getByRole('figure', { name: 'Example request', exact: true })
        .locator('code')
        .textContent();
      expect(usage).not.toContain('…');
      expect(
        JSON.parse(runInShell(`${usage!} --silent --fail`, { CLEARFRAME_API_KEY: secret })),
      ).toMatchObject({ type: 'api_key', org: { id: orgId } });

      // Revoking stops the key working.
      await row.getByRole('button', { name: /Revoke/ }).click();
      await page
        .getByRole('row', { name: /training pipeline/ })
        .getByText('Revoked')
        .waitFor();
      const revoked = await fetch(`${stack.apiUrl}/v1/auth/whoami`, {
        headers: { Authorization: `Bearer ${secret}` },
      });
      expect(revoked.status).toBe(401);

      // A second organization, then the header switcher takes the person back to the lab.
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'New organization' })
        .click();
      await page.getByLabel('Organization name').fill('Ada Footage Studio');
      await page.getByLabel('Creator studio').check();
      await page.getByRole('button', { name: 'Create organization' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ada Footage Studio' }).waitFor();
      // Creator studios have API keys too (for uploads), so the tab is offered.
      expect(
        await page
          .getByRole('navigation', { name: 'Organization settings' })
          .getByRole('link', { name: 'API keys' })
          .count(),
      ).toBe(1);
      await page.getByLabel('Current organization').selectOption(orgId);
      await page.getByRole('heading', { level: 1, name: 'Analytical Engines Lab' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/orgs/${orgId}/settings`);
      // The choice is remembered in the cf_org cookie for pages that are not about one organization.
      await page.goto(`${stack.webUrl}/account`);
      expect(await page.getByLabel('Current organization').inputValue()).toBe(orgId);
      await screenshot(page, '12-account-after-switch');
    });
  });

  it('shows a wrong password next to the sign-in form and keeps the email, with and without JavaScript', async () => {
    const address = email('grace');
    await createAccountViaApi('Grace Hopper', address);
    for (const javaScriptEnabled of [true, false]) {
      await withBrowser(
        `wrong-password-js-${javaScriptEnabled}`,
        { javaScriptEnabled },
        async ({ page }) => {
          await signIn(page, address, 'not the right password');
          const alert = page.getByRole('alert');
          await alert.waitFor();
          expect(await alert.textContent()).toContain(
            'That email and password do not match a confirmed account.',
          );
          expect(new URL(page.url()).pathname).toBe('/sign-in');
          expect(await page.getByLabel('Email').inputValue()).toBe(address);
          expect(await page.getByLabel('Password').inputValue()).toBe('');
          await screenshot(
            page,
            javaScriptEnabled ? '05-sign-in-wrong-password' : '06-sign-in-wrong-password-no-js',
          );

          // The same form then signs in with the right password.
          await page.getByLabel('Password').fill(PASSWORD);
          await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('heading', { name: 'Welcome back, Grace Hopper' }).waitFor();
        },
      );
    }
  });

  it('shows validation errors from the shared schemas and from the API next to their fields', async () => {
    await withBrowser('validation', { javaScriptEnabled: false }, async ({ page }) => {
      await page.goto(`${stack.webUrl}/sign-up`);
      await page.getByLabel('Your name').fill('Short Password');
      await page.getByLabel('Email').fill('not-an-email');
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText('Enter a valid email address.').waitFor();
      const password = page.getByLabel('Password');
      expect(await password.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await password.getAttribute('aria-describedby'))!.split(' ');
      const descriptions = await Promise.all(
        describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()),
      );
      expect(descriptions.join(' ')).toContain('Use at least 12 characters.');
      await screenshot(page, '07-sign-up-validation');

      // A taken address is not revealed (ADR 007): the same "check your email" page, and the
      // owner is told by mail.
      const taken = email('taken');
      await createAccountViaApi('First Owner', taken);
      await page.getByLabel('Email').fill(taken);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      expect(await mailedLink(taken, 'sign-up-attempted')).toMatch(/\/sign-in$/);
    });
  });

  it('invites a second member who accepts through the link and appears in the member list', async () => {
    const owner = email('owner');
    const invitee = email('invitee');
    await createAccountViaApi('Olive Owner', owner);
    await withBrowser('invitation', {}, async ({ page, context }) => {
      await signIn(page, owner, PASSWORD);
      await page.waitForURL(`${stack.webUrl}/`);
      await page.getByRole('link', { name: 'Create your first organization' }).click();
      await page.getByLabel('Organization name').fill('Olive Studio');
      await page.getByLabel('Creator studio').check();
      await page.getByRole('button', { name: 'Create organization' }).click();
      await page.waitForURL(/\/settings\?notice=org-created$/);
      const orgId = /\/orgs\/([0-9a-f-]{36})\//.exec(page.url())![1]!;

      await page
        .getByRole('navigation', { name: 'Organization settings' })
        .getByRole('link', { name: 'Invitations' })
        .click();
      await page.getByLabel('Email address').fill(invitee);
      await page.getByRole('button', { name: 'Send invitation' }).click();
      const link = page.getByLabel('Invitation link');
      await link.waitFor();
      const acceptUrl = await link.inputValue();
      expect(acceptUrl).toMatch(/\/invitations\/[^/]+$/);
      await page
        .getByRole('table', { name: 'Pending invitations to Olive Studio' })
        .getByRole('row', { name: new RegExp(invitee) })
        .waitFor();
      await screenshot(page, '08-invitation-created');

      // The invitee opens the link in a fresh session and creates their account from it.
      await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/?notice=signed-out');
      expect(await context.cookies()).not.toContainEqual(
        expect.objectContaining({ name: 'cf_session' }),
      );
      await page.goto(new URL(new URL(acceptUrl).pathname, stack.webUrl).toString());
      await page.getByRole('heading', { name: 'Join Olive Studio' }).waitFor();
      await screenshot(page, '09-invitation-signed-out');
      await page.getByRole('link', { name: 'Create an account' }).click();
      // The invitation carries its address to the sign-up form.
      expect(await page.getByLabel('Email').inputValue()).toBe(invitee);
      await signUp(page, 'Ivy Invitee', invitee);
      await page.getByText('Then open your invitation link again.', { exact: false }).waitFor();
      await confirmFromMail(page, invitee);
      await page.waitForURL('**/orgs/new?notice=welcome');
      await page.goto(new URL(new URL(acceptUrl).pathname, stack.webUrl).toString());
      await page.getByRole('button', { name: 'Accept and join Olive Studio' }).click();

      await page.waitForURL(`**/orgs/${orgId}/settings/members?notice=joined`);
      const members = page.getByRole('table', { name: 'Members of Olive Studio' });
      await members.getByRole('rowheader', { name: /Ivy Invitee/ }).waitFor();
      expect(await members.getByRole('rowheader').count()).toBe(2);
      await screenshot(page, '10-member-joined');
    });
  });

  it('confirms the email and resets a forgotten password from the mailed links, then signs out everywhere', async () => {
    const address = email('linus');
    await withBrowser('mailed-links', {}, async ({ page, context }) => {
      await page.goto(`${stack.webUrl}/sign-up`);
      await signUp(page, 'Linus Links', address);
      await confirmFromMail(page, address);
      await page.waitForURL('**/orgs/new?notice=welcome');
      await page.goto(`${stack.webUrl}/account`);
      await page.getByText('Confirmed', { exact: true }).waitFor();

      // Forgotten password, from a signed-out browser.
      await context.clearCookies();
      await page.goto(`${stack.webUrl}/forgot-password`);
      await page.getByLabel('Email').fill(address);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByText('Check your email').waitFor();

      const newPassword = 'a brand new passphrase';
      await page.goto(onWeb(await mailedLink(address, 'password-reset')));
      await page.getByRole('textbox', { name: 'New password', exact: true }).fill(newPassword);
      await page.getByLabel('Repeat the new password').fill('something else entirely');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('The passwords do not match.').waitFor();
      await page.getByRole('textbox', { name: 'New password', exact: true }).fill(newPassword);
      await page.getByLabel('Repeat the new password').fill(newPassword);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.waitForURL('**/sign-in?notice=password-reset');
      await screenshot(page, '11-password-reset-done');

      await signIn(page, address, PASSWORD);
      await page.getByText('That email and password do not match a confirmed account.').waitFor();
      await signIn(page, address, newPassword);
      await page.getByRole('heading', { name: 'Welcome back, Linus Links' }).waitFor();

      // A second device signed in to the same account.
      await withBrowser('other-device', {}, async ({ page: other }) => {
        await signInAt(other, stack.webUrl, address, newPassword);
        await other.getByRole('heading', { name: 'Welcome back, Linus Links' }).waitFor();

        // Sign out everywhere ends this session too: the next page is the sign-in page.
        await page.getByRole('link', { name: 'Account' }).click();
        await page.getByRole('button', { name: 'Sign out everywhere' }).click();
        await page.waitForURL('**/sign-in?notice=signed-out-everywhere');
        await page.goto(`${stack.webUrl}/account`);
        await page.waitForURL('**/sign-in?redirectTo=%2Faccount');

        // The other device is told why it sees the sign-in page; a fresh visitor is not.
        await other.goto(`${stack.webUrl}/account`);
        // The API says why the session ended (`reason`), and the notice names it.
        await other.waitForURL('**/sign-in?redirectTo=%2Faccount&notice=session-ended-everywhere');
        await other
          .getByText(
            'You were signed out because your account was signed out of all devices. Sign in again.',
          )
          .waitFor();
        await screenshot(other, '14-other-device-signed-out');
        await other.goto(`${stack.webUrl}/account`);
        await other.waitForURL('**/sign-in?redirectTo=%2Faccount');
        expect(await other.getByText('You were signed out').count()).toBe(0);
      });
    });
  });
});
