import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PayoutAccount, PayoutOnboardingLink } from '@clearframe/contracts/money';
import { createOrg, createUser, type TestUser } from './factories/index.js';
import {
  startStripeDouble,
  stripeEvent,
  stripeSignature,
  type StripeDouble,
} from './support/stripe-double.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SECRET_KEY = 'sk_test_51PayoutsE2eDoubleKey0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_payoutsE2eWebhookSecretNeverEchoed';
const WEB_ORIGIN = 'http://localhost:3998';

/**
 * Payout onboarding with PAYMENTS_PROVIDER=stripe: the real SDK against the Stripe double, and
 * `account.updated` events signed as Stripe signs them, through the one payment-event path.
 */
describe('payout accounts onboarded with Stripe', () => {
  let stripe: StripeDouble;
  let t: TestApp;
  let carol: TestUser;
  let dave: TestUser;
  let erin: TestUser;
  let studio: string;
  let otherStudio: string;
  let lab: string;
  let accountId: string;

  beforeAll(async () => {
    stripe = await startStripeDouble({ secretKey: SECRET_KEY });
    t = await startTestApp({
      env: {
        PAYMENTS_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_URL: stripe.url,
        WEB_ORIGIN,
      },
    });
    carol = await createUser(t);
    dave = await createUser(t);
    erin = await createUser(t);
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    otherStudio = (await createOrg(t, dave, 'creator', 'Dave Studio')).id;
    lab = (await createOrg(t, erin, 'lab', 'Perceptron Labs')).id;
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  const path = (orgId: string, rest = '') => `/v1/orgs/${orgId}/payout-account${rest}`;
  const rowOf = async (orgId: string) =>
    (await t.sql(`SELECT * FROM payout_accounts WHERE org_id = $1`, [orgId]))[0] ?? null;
  const now = () => Math.floor(t.clock.now().getTime() / 1000);
  const deliver = (event: Record<string, unknown>) => {
    const body = JSON.stringify(event, null, 2);
    return t.request('POST', '/v1/webhooks/stripe', {
      rawBody: body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': stripeSignature(body, WEBHOOK_SECRET, now()),
      },
    });
  };
  const accountEvent = (
    id: string,
    created: number,
    account: { payouts_enabled: boolean; requirements: Record<string, unknown> },
  ) =>
    stripeEvent(
      'account.updated',
      { ...stripe.account(accountId), ...account, id: accountId },
      { id, created },
    );

  it('refuses manual details: payouts go through Stripe (409, nothing stored)', async () => {
    const res = await t.request('PUT', path(studio, '/manual'), {
      token: carol.token,
      body: {
        holderName: 'Carol Harbour',
        accountNumber: 'DE89370400440532013000',
        country: 'DE',
        bankName: 'Commerzbank',
      },
    });
    expect(res.status).toBe(409);
    expect(await rowOf(studio)).toBeNull();
    const read = await t.request('GET', path(studio), { token: carol.token });
    expect(read.body).toMatchObject({
      provider: 'stripe',
      payouts: 'stripe',
      status: 'not_started',
    });
  });

  it('stores the new account before asking for the link, so a failed link loses nothing', async () => {
    // Every attempt at the link fails (the SDK retries twice); the account was made first.
    stripe.failNext(503, 3, '/v1/account_links');
    const failed = await t.request('POST', path(studio, '/onboarding-link'), {
      token: carol.token,
    });
    expect(failed.status).toBe(503);
    expect(failed.text).not.toContain(SECRET_KEY);
    const [created] = stripe.requestsTo('POST', '/v1/accounts');
    expect(created!.body).toMatchObject({
      'controller[fees][payer]': 'account',
      'controller[requirement_collection]': 'stripe',
      'metadata[org_id]': studio,
      email: carol.email,
    });
    const row = await rowOf(studio);
    accountId = row.provider_account_id;
    expect(accountId).toMatch(/^acct_\w{16}$/);
    expect(stripe.account(accountId)).toBeDefined();
    expect(row).toMatchObject({ provider: 'stripe', status: 'pending' });
    expect(row.link_requested_at).not.toBeNull();

    stripe.reset();
    const res = await t.request('POST', path(studio, '/onboarding-link'), { token: carol.token });
    expect(res.status).toBe(200);
    const link = PayoutOnboardingLink.parse(res.body);
    // The stored account is reused: no second account, a link for it.
    expect(stripe.requestsTo('POST', '/v1/accounts')).toHaveLength(0);
    const [linkRequest] = stripe.requestsTo('POST', '/v1/account_links');
    expect(linkRequest!.body).toEqual({
      account: accountId,
      type: 'account_onboarding',
      return_url: `${WEB_ORIGIN}/studio/${studio}/payouts?onboarding=return`,
      refresh_url: `${WEB_ORIGIN}/studio/${studio}/payouts?onboarding=refresh`,
    });
    expect(link.url.startsWith(`https://connect.stripe.com/setup/s/${accountId}/`)).toBe(true);
    expect(link.account).toMatchObject({ accountId, status: 'pending', provider: 'stripe' });
    const audits = await t.sql(`SELECT * FROM audit_log WHERE action = 'payout_account.connected'`);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ org_id: studio, actor_user_id: carol.id });
  });

  it('a first link for a studio creates its account and returns it stored', async () => {
    stripe.reset();
    const res = await t.request('POST', path(otherStudio, '/onboarding-link'), {
      token: dave.token,
    });
    expect(res.status).toBe(200);
    const [created] = stripe.requestsTo('POST', '/v1/accounts');
    const made = (await rowOf(otherStudio)).provider_account_id;
    expect(made).toMatch(/^acct_/);
    expect(made).not.toBe(accountId);
    expect(res.body.account.accountId).toBe(made);
    expect(created!.idempotencyKey).toBe(`connect-account:${otherStudio}`);
  });

  it('keeps readiness and what Stripe still needs current from signed account.updated events', async () => {
    const created = now();
    const due = accountEvent('evt_acct_due', created, {
      payouts_enabled: false,
      requirements: {
        currently_due: ['individual.verification.document', 'external_account', 'mystery.field'],
        past_due: ['tos_acceptance.date'],
        eventually_due: [],
        disabled_reason: 'requirements.past_due',
        errors: [],
        pending_verification: [],
        alternatives: [],
        current_deadline: null,
      },
    });
    expect((await deliver(due)).status).toBe(200);
    await t.drainJobs();
    const read = await t.request('GET', path(studio), { token: carol.token });
    expect(PayoutAccount.parse(read.body)).toMatchObject({
      status: 'pending',
      accountId,
      requirements: {
        currentlyDue: [
          {
            code: 'individual.verification.document',
            label: 'Upload an identity document (passport or ID card).',
          },
          { code: 'external_account', label: 'Add the bank account payouts go to.' },
          { code: 'mystery.field', label: 'mystery.field' },
        ],
        pastDue: [{ code: 'tos_acceptance.date', label: 'Accept Stripe’s services agreement.' }],
        disabledReason: 'requirements.past_due',
      },
    });
    const [event] = await t.sql(`SELECT outcome FROM payment_events WHERE id = 'evt_acct_due'`);
    expect(event.outcome).toBe('account_updated');

    t.clock.advance(120_000);
    const ready = accountEvent('evt_acct_ready', created + 60, {
      payouts_enabled: true,
      requirements: {
        currently_due: [],
        past_due: [],
        eventually_due: [],
        disabled_reason: null,
        errors: [],
        pending_verification: [],
        alternatives: [],
        current_deadline: null,
      },
    });
    expect((await deliver(ready)).status).toBe(200);
    await t.drainJobs();
    const after = await t.request('GET', path(studio), { token: carol.token });
    expect(after.body).toMatchObject({
      status: 'ready',
      requirements: { currentlyDue: [], pastDue: [], disabledReason: null },
    });
    const settled = await rowOf(studio);

    // Stripe delivers again (the same event), and the older event arrives late: nothing moves.
    t.clock.advance(60_000);
    expect((await deliver(ready)).status).toBe(200);
    expect((await deliver(due)).status).toBe(200);
    const older = accountEvent('evt_acct_older', created + 30, {
      payouts_enabled: false,
      requirements: {
        currently_due: ['external_account'],
        past_due: [],
        eventually_due: [],
        disabled_reason: 'requirements.pending_verification',
        errors: [],
        pending_verification: [],
        alternatives: [],
        current_deadline: null,
      },
    });
    expect((await deliver(older)).status).toBe(200);
    await t.drainJobs();
    expect(await rowOf(studio)).toEqual(settled);
    const [late] = await t.sql(`SELECT outcome FROM payment_events WHERE id = 'evt_acct_older'`);
    expect(late.outcome).toBe('stale_account_event');
    expect((await t.request('GET', path(studio), { token: carol.token })).body).toEqual(after.body);
  });

  it('marks an account Stripe paused for another reason as restricted', async () => {
    const event = accountEvent('evt_acct_review', now() + 600, {
      payouts_enabled: false,
      requirements: {
        currently_due: [],
        past_due: [],
        eventually_due: [],
        disabled_reason: 'under_review',
        errors: [],
        pending_verification: [],
        alternatives: [],
        current_deadline: null,
      },
    });
    expect((await deliver(event)).status).toBe(200);
    await t.drainJobs();
    expect((await t.request('GET', path(studio), { token: carol.token })).body).toMatchObject({
      status: 'restricted',
      requirements: { disabledReason: 'under_review' },
    });
  });

  it('acknowledges events for accounts no studio holds, changing nothing', async () => {
    const before = await t.sql(`SELECT * FROM payout_accounts ORDER BY org_id`);
    const stranger = stripeEvent(
      'account.updated',
      { id: 'acct_1NotOurs', object: 'account', payouts_enabled: true },
      { id: 'evt_acct_stranger' },
    );
    expect((await deliver(stranger)).status).toBe(200);
    await t.drainJobs();
    const [event] = await t.sql(
      `SELECT outcome FROM payment_events WHERE id = 'evt_acct_stranger'`,
    );
    expect(event.outcome).toBe('unknown_account');
    expect(await t.sql(`SELECT * FROM payout_accounts ORDER BY org_id`)).toEqual(before);
  });

  it('is for the studio’s owners: another studio gets 404, a lab 403, and nothing is asked of Stripe', async () => {
    stripe.reset();
    const before = await rowOf(studio);
    const other = await t.request('POST', path(studio, '/onboarding-link'), { token: dave.token });
    expect(other.status).toBe(404);
    const asLab = await t.request('POST', path(lab, '/onboarding-link'), { token: erin.token });
    expect(asLab.status).toBe(403);
    expect(stripe.requests).toHaveLength(0);
    expect(await rowOf(studio)).toEqual(before);
    expect(await rowOf(lab)).toBeNull();
  });
});
