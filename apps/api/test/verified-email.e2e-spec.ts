import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Problem } from '@clearframe/contracts/problem';
import { createOrg, createUser } from './factories/index.js';
import { mailedLink } from './support/mail.js';
import { startTestApp, tokenFromLink, type TestApp } from './support/test-app.js';

/**
 * Actions that reach other people (invitation mail) or other systems (API keys) need a confirmed
 * email, declared on the route (`verifiedEmail: true`) and enforced by the access guard.
 */
describe('actions that need a confirmed email', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses invitations and API keys from an unconfirmed account, sends and creates nothing, then works once confirmed', async () => {
    const owner = await createUser(t, { verified: false });
    const lab = await createOrg(t, owner, 'lab');
    const invitee = `invitee-${Date.now()}@example.com`;
    const mailsBefore = (await t.outbox()).length;

    const invite = await t.request('POST', `/v1/orgs/${lab.id}/invitations`, {
      token: owner.token,
      body: { email: invitee },
    });
    expect(invite.status).toBe(403);
    expect(Problem.parse(invite.body).code).toBe('email_not_verified');
    const key = await t.request('POST', `/v1/orgs/${lab.id}/api-keys`, {
      token: owner.token,
      body: { name: 'cluster', scopes: ['catalog:read'] },
    });
    expect(key.status).toBe(403);
    expect(key.body.code).toBe('email_not_verified');
    expect(await t.sql('SELECT 1 FROM invitations WHERE org_id = $1', [lab.id])).toHaveLength(0);
    expect(await t.sql('SELECT 1 FROM api_keys WHERE org_id = $1', [lab.id])).toHaveLength(0);
    expect((await t.outbox()).length).toBe(mailsBefore);
    // Reading stays open: only reaching out needs the confirmation.
    expect(
      (await t.request('GET', `/v1/orgs/${lab.id}/api-keys`, { token: owner.token })).status,
    ).toBe(200);

    expect(
      (await t.request('POST', '/v1/auth/verify-email/resend', { token: owner.token })).status,
    ).toBe(202);
    const link = await mailedLink(t, owner.email, 'verify-email');
    expect(
      (await t.request('POST', '/v1/auth/verify-email', { body: { token: tokenFromLink(link) } }))
        .status,
    ).toBe(200);

    const invited = await t.request('POST', `/v1/orgs/${lab.id}/invitations`, {
      token: owner.token,
      body: { email: invitee },
    });
    expect(invited.status).toBe(201);
    expect((await t.outbox()).some((m) => m.to === invitee && m.tag === 'invitation')).toBe(true);
    expect(
      (
        await t.request('POST', `/v1/orgs/${lab.id}/api-keys`, {
          token: owner.token,
          body: { name: 'cluster', scopes: ['catalog:read'] },
        })
      ).status,
    ).toBe(201);
  });

  it('documents the requirement in the OpenAPI audience', async () => {
    const doc = (await t.request('GET', '/docs/openapi.json')).body;
    expect(doc.paths['/v1/orgs/{orgId}/invitations'].post['x-audience']).toBe(
      'org owner, verified email',
    );
  });
});
