import type {
  AuthResultType,
  MyOrganizationType,
  OrgKindType,
  CreatedApiKeyType,
} from '@clearframe/contracts/accounts';
import { tokenFromLink, type TestApp } from '../support/test-app.js';

let sequence = 0;

export interface TestUser {
  email: string;
  password: string;
  name: string;
  token: string;
  id: string;
}

/**
 * Signs a new person up through the API (the only way users come to exist in e2e tests) and
 * confirms the email through the mailed link, which is what signs them in.
 */
export async function createUser(
  app: TestApp,
  overrides: Partial<{ email: string; password: string; name: string }> = {},
): Promise<TestUser> {
  sequence += 1;
  const input = {
    email: overrides.email ?? `person${sequence}-${Date.now()}@example.com`,
    password: overrides.password ?? 'correct horse battery staple',
    name: overrides.name ?? `Person ${sequence}`,
  };
  const signUp = await app.request('POST', '/v1/auth/sign-up', { body: input });
  if (signUp.status !== 202) throw new Error(`sign-up failed: ${signUp.status} ${signUp.text}`);
  const link = await mailedLink(app, input.email, 'verify-email');
  const res = await app.request<AuthResultType>('POST', '/v1/auth/verify-email', {
    body: { token: tokenFromLink(link) },
  });
  if (res.status !== 200) throw new Error(`verify failed: ${res.status} ${res.text}`);
  return {
    ...input,
    email: res.body.user.email,
    token: res.body.session.token,
    id: res.body.user.id,
  };
}

/** The first link of the latest `tag` mail to `email` in the outbox. */
export async function mailedLink(app: TestApp, email: string, tag: string): Promise<string> {
  const address = email.trim().toLowerCase();
  const mail = (await app.outbox()).filter((m) => m.to === address && m.tag === tag).at(-1);
  if (!mail?.links?.[0]) throw new Error(`no ${tag} mail to ${address}`);
  return mail.links[0];
}

/**
 * Makes a user's email unconfirmed again while their session stays valid: the state of
 * accounts signed up before sign-in required a confirmed email (ADR 007).
 */
export async function unverify(app: TestApp, user: TestUser): Promise<void> {
  await app.sql('UPDATE users SET email_verified_at = NULL WHERE id = $1', [user.id]);
}

/** Creates an organization owned by `owner`. */
export async function createOrg(
  app: TestApp,
  owner: TestUser,
  kind: Exclude<OrgKindType, 'operator'>,
  name?: string,
): Promise<MyOrganizationType> {
  const res = await app.request<MyOrganizationType>('POST', '/v1/orgs', {
    token: owner.token,
    body: { name: name ?? `${kind === 'lab' ? 'Lab' : 'Studio'} ${++sequence}`, kind },
  });
  if (res.status !== 201) throw new Error(`create org failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Invites `invitee` into `org` as `role` and accepts; returns the accept response. */
export async function addMember(
  app: TestApp,
  owner: TestUser,
  orgId: string,
  invitee: TestUser,
  role: 'owner' | 'member' = 'member',
) {
  const invite = await app.request('POST', `/v1/orgs/${orgId}/invitations`, {
    token: owner.token,
    body: { email: invitee.email, role },
  });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${invite.text}`);
  const token = new URL(invite.body.acceptUrl).pathname.split('/').pop()!;
  const accept = await app.request('POST', '/v1/invitations/accept', {
    token: invitee.token,
    body: { token: decodeURIComponent(token) },
  });
  if (accept.status !== 200) throw new Error(`accept failed: ${accept.status} ${accept.text}`);
  return accept.body;
}

/** Creates a lab API key as `owner`; returns the key and its one-time secret. */
export async function createApiKey(
  app: TestApp,
  owner: TestUser,
  orgId: string,
  name = 'k',
): Promise<CreatedApiKeyType> {
  const res = await app.request<CreatedApiKeyType>('POST', `/v1/orgs/${orgId}/api-keys`, {
    token: owner.token,
    body: { name },
  });
  if (res.status !== 201) throw new Error(`create API key failed: ${res.status} ${res.text}`);
  return res.body;
}
