import { expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

// Accounts and organizations set up straight through the API, for browser tests whose
// subject is something else (layouts, cross-site requests), plus the browser sign-in.

export const PASSWORD = 'correct horse battery staple';
let sequence = 0;

/** A unique address per run and per call, so tests never share an account by accident. */
export function uniqueEmail(label: string): string {
  sequence += 1;
  return `${label}-${Date.now()}-${sequence}@example.com`;
}

/** One JSON call to the API; fails the test on an unexpected status. */
export async function callApi<T = any>(
  apiUrl: string,
  path: string,
  options: { token?: string; body?: unknown; method?: string; status?: number } = {},
): Promise<T> {
  const res = await fetch(`${apiUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      'Content-Type': 'application/json',
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  if (options.status !== undefined)
    expect({ path, status: res.status }).toEqual({ path, status: options.status });
  else expect({ path, ok: res.ok, body: res.ok ? '' : text }).toEqual({ path, ok: true, body: '' });
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * The first link of the newest mail of `tag` sent to `address`. Locally the mailer writes every
 * message to <data>/outbox as .eml plus a .json summary with its links, which is what a person
 * running Clearframe without a mail server opens.
 */
export async function mailedLink(dataDir: string, address: string, tag: string): Promise<string> {
  const outbox = path.join(dataDir, 'outbox');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const mails = readdirSync(outbox, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map(
        (entry) =>
          JSON.parse(readFileSync(path.join(outbox, entry.name), 'utf8')) as {
            to: string;
            tag: string;
            links: string[];
            sentAt: string;
          },
      )
      .filter((mail) => mail.to === address && mail.tag === tag)
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
    const link = mails.at(-1)?.links[0];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no "${tag}" mail to ${address} in ${outbox}`);
}

/**
 * Creates an account through the API, confirms its email from the mailed link (sign-up answers
 * 202 and only the confirmation signs in, ADR 007) and returns the session token it gets.
 */
export async function createAccountViaApi(
  apiUrl: string,
  name: string,
  address: string,
  dataDir: string,
): Promise<string> {
  await callApi(apiUrl, '/v1/auth/sign-up', {
    body: { name, email: address, password: PASSWORD },
    status: 202,
  });
  const link = new URL(await mailedLink(dataDir, address, 'verify-email'));
  const token = link.searchParams.get('token');
  expect(token).toBeTruthy();
  const result = await callApi<{ session: { token: string } }>(apiUrl, '/v1/auth/verify-email', {
    body: { token },
  });
  return result.session.token;
}

export async function createOrgViaApi(
  apiUrl: string,
  token: string,
  name: string,
  kind: 'lab' | 'creator',
): Promise<string> {
  const org = await callApi<{ id: string }>(apiUrl, '/v1/orgs', {
    token,
    body: { name, kind },
    status: 201,
  });
  return org.id;
}

/** Invites `address` to the organization; returns the invitation link the API made. */
export async function inviteViaApi(
  apiUrl: string,
  token: string,
  orgId: string,
  address: string,
  role: 'member' | 'owner' = 'member',
): Promise<string> {
  const created = await callApi<{ acceptUrl: string }>(apiUrl, `/v1/orgs/${orgId}/invitations`, {
    token,
    body: { email: address, role },
    status: 201,
  });
  return created.acceptUrl;
}

/** Makes a new account a member of the organization through a real invitation. */
export async function addMemberViaApi(
  apiUrl: string,
  ownerToken: string,
  orgId: string,
  name: string,
  address: string,
  dataDir: string,
): Promise<void> {
  const acceptUrl = await inviteViaApi(apiUrl, ownerToken, orgId, address);
  const token = await createAccountViaApi(apiUrl, name, address, dataDir);
  const linkToken = decodeURIComponent(new URL(acceptUrl).pathname.split('/').pop()!);
  await callApi(apiUrl, '/v1/invitations/accept', { token, body: { token: linkToken } });
}

export async function signIn(
  page: Page,
  webUrl: string,
  address: string,
  password = PASSWORD,
): Promise<void> {
  await page.goto(`${webUrl}/sign-in`);
  await page.getByLabel('Email').fill(address);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
}
