import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BundleQuote, Order, type OrderType } from '@clearframe/contracts/demand';
import {
  createListedClip,
  createOrg,
  createUser,
  defaultPolicy,
  type TestUser,
} from './factories/index.js';
import {
  signedStripeEvent,
  startStripeDouble,
  stripeEvent,
  type StripeDouble,
} from './support/stripe-double.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SECRET_KEY = 'sk_test_51PayoutsE2eDoubleKey0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_payoutsE2eWebhookSecretNeverEchoed';

/**
 * Payouts with PAYMENTS_PROVIDER=stripe: the real SDK against the Stripe double. A studio without
 * a payout account is carried; a refused transfer is recorded as failed with its reason and
 * retried; an unknown answer (503) is asked again with the same key; the transfer carries the
 * order's charge as `source_transaction`; reconciliation reads the double's transfers.
 */
describe('payouts through Stripe Connect', () => {
  let stripe: StripeDouble;
  let t: TestApp;
  let alice: TestUser;
  let carol: TestUser;
  let olga: TestUser;
  let lab: string;
  let studio: string;
  let placed: OrderType;
  const paymentIntent = 'pi_payoutsE2e0000000000000001';
  const charge = 'ch_payoutsE2e0000000000000001';

  beforeAll(async () => {
    stripe = await startStripeDouble({ secretKey: SECRET_KEY });
    t = await startTestApp({
      env: {
        PAYMENTS_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_URL: stripe.url,
        SESSION_TTL_HOURS: '100000',
        SESSION_IDLE_HOURS: '100000',
      },
    });
    alice = await createUser(t);
    carol = await createUser(t);
    olga = await createUser(t);
    lab = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    await createOrg(t, olga, 'operator', 'Operations');
    const clip = await createListedClip(t, studio, carol, {
      title: 'Harbour at dawn',
      durationMs: 60_000,
      width: 1920,
      height: 1080,
      policy: defaultPolicy(5000),
    });

    // One order, paid through Checkout.
    const bundle = await t.request('POST', `/v1/orgs/${lab}/bundles`, {
      token: alice.token,
      body: { name: 'Harbour' },
    });
    await t.request('POST', `/v1/orgs/${lab}/bundles/${bundle.body.id}/clips`, {
      token: alice.token,
      body: { clipIds: [clip.id] },
    });
    const quote = BundleQuote.parse(
      (
        await t.request('GET', `/v1/orgs/${lab}/bundles/${bundle.body.id}/quote`, {
          token: alice.token,
        })
      ).body,
    );
    const res = await t.request('POST', `/v1/orgs/${lab}/orders`, {
      token: alice.token,
      headers: { 'Idempotency-Key': 'payouts-stripe-order' },
      body: {
        bundleId: bundle.body.id,
        quoteToken: quote.quoteToken,
        acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
      },
    });
    expect(res.status).toBe(201);
    placed = Order.parse(res.body);
    const [row] = await t.sql('SELECT checkout_session_id AS id FROM orders WHERE id = $1', [
      placed.id,
    ]);
    const session = stripe.checkoutSession(row.id)!;
    const signed = signedStripeEvent(
      stripeEvent('checkout.session.completed', {
        ...session,
        status: 'complete',
        url: null,
        payment_status: 'paid',
        payment_intent: paymentIntent,
      }),
      WEBHOOK_SECRET,
      Math.floor(t.clock.now().getTime() / 1000),
    );
    const delivered = await t.request('POST', '/v1/webhooks/stripe', {
      rawBody: signed.body,
      headers: { 'content-type': 'application/json', 'stripe-signature': signed.signature },
    });
    expect(delivered.status).toBe(200);
    await t.drainJobs();
    stripe.seedPaymentIntent({
      id: paymentIntent,
      object: 'payment_intent',
      status: 'succeeded',
      latest_charge: charge,
      amount: placed.total.amountMinor,
      currency: 'usd',
    });

    // Into the next month, and state the one that ended.
    const now = t.clock.now();
    const period = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    t.clock.advance(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 0, 0, 5) - now.getTime(),
    );
    const stated = await t.request('POST', '/v1/operator/royalties/runs', {
      token: olga.token,
      body: { period },
    });
    expect(stated.status).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  const runPayouts = () => t.request('POST', '/v1/operator/payouts/runs', { token: olga.token });
  const share = async () =>
    Number(
      (
        await t.sql(
          `SELECT sum(creator_share_minor)::int AS share FROM order_lines WHERE order_id = $1`,
          [placed.id],
        )
      )[0].share,
    );
  const transferRequests = () => stripe.requestsTo('POST', '/v1/transfers');

  it('carries a studio without a payout account, asking Stripe nothing', async () => {
    const res = await runPayouts();
    expect(res.status).toBe(200);
    expect(res.body.payouts).toEqual([
      expect.objectContaining({ orgId: studio, outcome: 'no_payout_account', payoutId: null }),
    ]);
    expect(transferRequests()).toHaveLength(0);
    expect(await t.sql('SELECT * FROM payouts')).toEqual([]);
  });

  let payoutId: string;

  it('records a refused transfer as failed with its reason, and retries it once fixed', async () => {
    // The payout accounts domain's table, as the default destinations read it (see decision 020).
    await t.sql(
      `INSERT INTO payout_accounts (org_id, provider, provider_account_id, status, payouts_enabled, created_at, updated_at)
                 VALUES ($1, 'stripe', 'not-a-stripe-account', 'ready', true, now(), now())`,
      [studio],
    );
    const res = await runPayouts();
    expect(res.body.payouts).toEqual([
      expect.objectContaining({ orgId: studio, outcome: 'failed' }),
    ]);
    payoutId = res.body.payouts[0].payoutId;
    const overview = await t.request('GET', '/v1/operator/payouts', { token: olga.token });
    expect(overview.body.payouts).toEqual([
      expect.objectContaining({
        id: payoutId,
        state: 'failed',
        amountMinor: await share(),
        failureReason: expect.stringContaining('validation_failed'),
      }),
    ]);
    expect(overview.body.upcoming).toEqual([]);
    expect(transferRequests()).toHaveLength(0);
    // A rerun does not ask again: a refusal waits for the operator.
    expect((await runPayouts()).body.payouts).toEqual([]);

    await t.sql(
      `UPDATE payout_accounts SET provider_account_id = 'acct_1HarbourFilms000' WHERE org_id = $1`,
      [studio],
    );
    // Stripe is down for the retry (the SDK's own retries included): the outcome is unknown.
    stripe.failNext(503, 3);
    const retried = await t.request('POST', `/v1/operator/payouts/${payoutId}/retry`, {
      token: olga.token,
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      outcome: 'pending',
      reason: expect.stringContaining('service_unavailable'),
    });
    expect((await t.sql('SELECT state FROM payouts'))[0].state).toBe('requested');

    // The next run, once the lease is over, asks again with the same key and records it.
    t.clock.advance(6 * 60_000);
    const done = await runPayouts();
    expect(done.body.payouts).toEqual([
      expect.objectContaining({ payoutId, outcome: 'paid', amountMinor: await share() }),
    ]);
    const requests = transferRequests();
    expect(new Set(requests.map((r) => r.idempotencyKey))).toEqual(
      new Set([`payout:${(await t.sql('SELECT statement_id FROM payouts'))[0].statement_id}`]),
    );
    const last = requests.at(-1)!;
    expect(last.body).toMatchObject({
      amount: String(await share()),
      currency: 'usd',
      destination: 'acct_1HarbourFilms000',
      source_transaction: charge,
      transfer_group: `order:${placed.id}`,
    });
    const [statement] = await t.sql('SELECT status FROM royalty_statements');
    expect(statement.status).toBe('paid');
  });

  it("reconciles against Stripe's transfers and lists a transfer the ledger does not know", async () => {
    const clean = await t.request('GET', '/v1/operator/payouts/reconciliation', {
      token: olga.token,
    });
    expect(clean.body).toMatchObject({ provider: 'stripe', payouts: 1, transfers: 1, matched: 1 });
    expect(clean.body.mismatches).toEqual([]);
    // Planted: a transfer made outside Clearframe (the dashboard, say).
    const made = await fetch(`${stripe.url}/v1/transfers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SECRET_KEY}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'amount=321&currency=usd&destination=acct_1HarbourFilms000',
    });
    const stray = (await made.json()) as { id: string };
    const report = await t.request('GET', '/v1/operator/payouts/reconciliation', {
      token: olga.token,
    });
    expect(report.body.mismatches).toEqual([
      expect.objectContaining({
        kind: 'missing_in_ledger',
        transferId: stray.id,
        providerMinor: 321,
        payoutId: null,
      }),
    ]);
  });
});
