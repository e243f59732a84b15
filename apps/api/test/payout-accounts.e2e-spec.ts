import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PayoutAccount } from '@clearframe/contracts/money';
import { addMember, createOrg, createUser, type TestUser } from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// A valid German IBAN (ISO 13616 check digits 89); its last four characters are 3000.
const IBAN = 'DE89 3704 0044 0532 0130 00';
const IBAN_PLAIN = 'DE89370400440532013000';

/** Payout accounts in embedded mode (offline provider): manual details, owners of studios only. */
describe('payout accounts, embedded mode', () => {
  let t: TestApp;
  let carol: TestUser;
  let dave: TestUser;
  let erin: TestUser;
  let member: TestUser;
  let studio: string;
  let otherStudio: string;
  let lab: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.recordSecret('account number', IBAN);
    t.recordSecret('account number', IBAN_PLAIN);
    carol = await createUser(t);
    dave = await createUser(t);
    erin = await createUser(t);
    member = await createUser(t);
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    otherStudio = (await createOrg(t, dave, 'creator', 'Dave Studio')).id;
    lab = (await createOrg(t, erin, 'lab', 'Perceptron Labs')).id;
    await addMember(t, studio, member, 'member');
  });
  afterAll(() => t?.close());

  const path = (orgId: string, rest = '') => `/v1/orgs/${orgId}/payout-account${rest}`;
  const details = {
    holderName: 'Carol Harbour',
    accountNumber: IBAN,
    country: 'DE',
    bankName: 'Commerzbank',
  };
  const rowOf = async (orgId: string) =>
    (await t.sql(`SELECT * FROM payout_accounts WHERE org_id = $1`, [orgId]))[0] ?? null;
  const auditRows = () => t.sql(`SELECT * FROM audit_log WHERE action LIKE 'payout_account.%'`);

  it('starts with nothing set up, and payouts recorded as manual', async () => {
    const res = await t.request('GET', path(studio), { token: carol.token });
    expect(res.status).toBe(200);
    expect(PayoutAccount.parse(res.body)).toEqual({
      orgId: studio,
      provider: 'offline',
      payouts: 'manual',
      status: 'not_started',
      accountId: null,
      requirements: { currentlyDue: [], pastDue: [], disabledReason: null },
      manual: null,
      updatedAt: null,
    });
  });

  it('has no Stripe to onboard with: 409, nothing stored', async () => {
    const res = await t.request('POST', path(studio, '/onboarding-link'), { token: carol.token });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
    expect(await rowOf(studio)).toBeNull();
  });

  it('refuses an IBAN whose check digits fail without quoting it, storing nothing', async () => {
    const typo = 'DE88 3704 0044 0532 0130 00';
    t.recordSecret('account number', typo);
    const res = await t.request('PUT', path(studio, '/manual'), {
      token: carol.token,
      body: { ...details, accountNumber: typo },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        path: 'accountNumber',
        message: 'This IBAN’s check digits do not match: check it for a typing mistake.',
      }),
    ]);
    expect(res.text).not.toContain('0532');
    expect(await rowOf(studio)).toBeNull();
  });

  it('keeps the last four characters of the number only, and says payouts are manual', async () => {
    const res = await t.request('PUT', path(studio, '/manual'), {
      token: carol.token,
      body: details,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      orgId: studio,
      provider: 'offline',
      payouts: 'manual',
      status: 'ready',
      accountId: null,
      requirements: { currentlyDue: [], pastDue: [], disabledReason: null },
      manual: {
        holderName: 'Carol Harbour',
        accountLast4: '3000',
        country: 'DE',
        bankName: 'Commerzbank',
      },
      updatedAt: t.clock.now().toISOString(),
    });
    expect(res.text).not.toContain('0532');
    const row = await rowOf(studio);
    expect(row).toMatchObject({
      provider: 'offline',
      status: 'ready',
      manual_account_last4: '3000',
    });
    // Not anywhere in the row or the audit trail, in either spelling.
    const stored = JSON.stringify([row, await auditRows()]);
    expect(stored).not.toContain('0532');
    expect(stored).not.toContain('370400440532013000');
    const [audit] = await auditRows();
    expect(audit).toMatchObject({
      action: 'payout_account.manual_details_set',
      org_id: studio,
      actor_user_id: carol.id,
    });
    const read = await t.request('GET', path(studio), { token: carol.token });
    expect(read.body).toEqual(res.body);
  });

  it('is for owners: a member is refused, another studio’s owner is not told it exists, a lab is refused', async () => {
    const before = await rowOf(studio);
    const audits = (await auditRows()).length;
    const changed = { ...details, holderName: 'Mallory', accountNumber: 'GB82WEST12345698765432' };

    const asMember = await t.request('PUT', path(studio, '/manual'), {
      token: member.token,
      body: changed,
    });
    expect(asMember.status).toBe(403);
    expect((await t.request('GET', path(studio), { token: member.token })).status).toBe(403);

    const asOther = await t.request('PUT', path(studio, '/manual'), {
      token: dave.token,
      body: changed,
    });
    expect(asOther.status).toBe(404);
    expect(asOther.body.code).toBe('not_found');
    expect((await t.request('GET', path(studio), { token: dave.token })).status).toBe(404);

    const asLab = await t.request('PUT', path(lab, '/manual'), {
      token: erin.token,
      body: details,
    });
    expect(asLab.status).toBe(403);
    expect(asLab.body.code).toBe('forbidden');
    expect((await t.request('GET', path(lab), { token: erin.token })).status).toBe(403);
    const labLink = await t.request('POST', path(lab, '/onboarding-link'), { token: erin.token });
    expect(labLink.status).toBe(403);

    expect(await rowOf(studio)).toEqual(before);
    expect(await rowOf(otherStudio)).toBeNull();
    expect(await rowOf(lab)).toBeNull();
    expect(await auditRows()).toHaveLength(audits);
  });

  it('takes other account numbers, upper-cased, and replaces the details', async () => {
    t.clock.advance(60_000);
    const res = await t.request('PUT', path(studio, '/manual'), {
      token: carol.token,
      body: { ...details, accountNumber: '0001-2345-67ab', country: 'US', bankName: 'First Bank' },
    });
    expect(res.status).toBe(200);
    expect(res.body.manual).toEqual({
      holderName: 'Carol Harbour',
      accountLast4: '67AB',
      country: 'US',
      bankName: 'First Bank',
    });
    expect((await rowOf(studio)).manual_account_last4).toBe('67AB');
    const bad = await t.request('PUT', path(studio, '/manual'), {
      token: carol.token,
      body: { ...details, accountNumber: '12', country: 'ZZ' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'accountNumber',
      'country',
    ]);
    expect((await rowOf(studio)).manual_account_last4).toBe('67AB');
  });
});
