import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { merkleRoot } from '@clearframe/contracts/certificates';
import {
  BundleQuote,
  type BundleQuoteType,
  CertificateStatus,
  DEFAULT_INTENDED_USE,
  Order,
  type OrderType,
} from '@clearframe/contracts/demand';
import type { LicenseRequestType } from '@clearframe/contracts/license';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import { LedgerService } from '../src/ledger/ledger.service.js';
import { OrderPaymentsService } from '../src/orders/order-payments.service.js';
import {
  createListedClip,
  createOrg,
  createUser,
  defaultPolicy,
  type TestCuratedClip,
  type TestUser,
} from './factories/index.js';
import {
  signedStripeEvent,
  startStripeDouble,
  stripeEvent,
  stripeSignature,
  type StripeDouble,
} from './support/stripe-double.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SECRET_KEY = 'sk_test_51OrdersE2eDoubleKey0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_ordersE2eWebhookSecretNeverEchoed';
const WEB_ORIGIN = 'http://localhost:3999';

// The shuffles are seeded so that a failing order of deliveries can be replayed:
// STRIPE_REPLAY_SEED=<the seed in the test's name>.
const SEED = Number(process.env.STRIPE_REPLAY_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: small, seedable, good enough to shuffle deliveries. */
function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Training, exclusive for a 12-month term: what the training-exclusive template allows. */
const EXCLUSIVE: LicenseRequestType = {
  ...structuredClone(DEFAULT_INTENDED_USE),
  exclusivity: { kind: 'exclusive', until: 'term-end' },
  term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true },
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * The buying path of the orders suite with PAYMENTS_PROVIDER=stripe: the real Stripe SDK talks
 * to a local double of api.stripe.com, and payment events arrive as Stripe shapes and signs
 * them (`Stripe-Signature`, the SDK's own test signer) at /v1/webhooks/stripe.
 */
describe('orders paid through Stripe Checkout and its webhooks', () => {
  let stripe: StripeDouble;
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let labA: string;
  let labB: string;
  let studio: string;
  let harbour: TestCuratedClip;
  let skyline: TestCuratedClip;

  beforeAll(async () => {
    stripe = await startStripeDouble({ secretKey: SECRET_KEY });
    t = await startTestApp({
      env: {
        PAYMENTS_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_URL: stripe.url,
      },
    });
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    labA = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    labB = (await createOrg(t, bob, 'lab', 'Lab B')).id;
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    // The bundles suite's hand-checked figures:
    //   Harbour: 1.5 min × 500 = 750; HD × 1.25 = 937.5 → 938; fee 20 % = 187.6 → 187; 751.
    //   Skyline: 0.5 min × 800 = 400; 4K × 1.25 × 1.5 = 750; fee 150; creator 600.
    harbour = await createListedClip(t, studio, carol, {
      title: 'Harbour at dawn',
      durationMs: 90_000,
      width: 1920,
      height: 1080,
      policy: defaultPolicy(500),
    });
    skyline = await createListedClip(t, studio, carol, {
      title: 'Skyline',
      durationMs: 30_000,
      width: 3840,
      height: 2160,
      policy: defaultPolicy(800),
    });
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  const tokenOf = (orgId: string) => (orgId === labA ? alice.token : bob.token);
  const bundleWith = async (
    orgId: string,
    clipIds: string[],
    intendedUse?: LicenseRequestType,
  ): Promise<string> => {
    const token = tokenOf(orgId);
    const created = await t.request('POST', `/v1/orgs/${orgId}/bundles`, {
      token,
      body: { name: `Bundle ${clipIds.length}`, ...(intendedUse ? { intendedUse } : {}) },
    });
    expect(created.status).toBe(201);
    const added = await t.request('POST', `/v1/orgs/${orgId}/bundles/${created.body.id}/clips`, {
      token,
      body: { clipIds },
    });
    expect(added.status).toBe(200);
    t.clock.advance(1_000);
    return created.body.id as string;
  };
  const quoteOf = async (orgId: string, bundleId: string) => {
    const res = await t.request('GET', `/v1/orgs/${orgId}/bundles/${bundleId}/quote`, {
      token: tokenOf(orgId),
    });
    expect(res.status).toBe(200);
    return BundleQuote.parse(res.body);
  };
  const placeOrder = (orgId: string, bundleId: string, quote: BundleQuoteType, key: string) =>
    t.request('POST', `/v1/orgs/${orgId}/orders`, {
      token: tokenOf(orgId),
      headers: { 'Idempotency-Key': key },
      body: {
        bundleId,
        quoteToken: quote.quoteToken,
        acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
      },
    });
  const order = async (orgId: string, clipIds: string[], key: string, use?: LicenseRequestType) => {
    const bundleId = await bundleWith(orgId, clipIds, use);
    const res = await placeOrder(orgId, bundleId, await quoteOf(orgId, bundleId), key);
    expect(res.status).toBe(201);
    return Order.parse(res.body);
  };
  const reload = async (o: OrderType) =>
    Order.parse(
      (await t.request('GET', `/v1/orgs/${o.orgId}/orders/${o.id}`, { token: tokenOf(o.orgId) }))
        .body,
    );
  const count = async (table: string) =>
    Number((await t.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const certificate = async (certificateId: string) =>
    CertificateStatus.parse((await t.request('GET', `/v1/certificates/${certificateId}`)).body);
  const now = () => Math.floor(t.clock.now().getTime() / 1000);

  /** POSTs a body as Stripe does (its content type, its header). */
  const post = (body: string, signature?: string) =>
    t.request('POST', '/v1/webhooks/stripe', {
      rawBody: body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        ...(signature === undefined ? {} : { 'stripe-signature': signature }),
      },
    });
  /** One delivery of an event: Stripe signs every attempt afresh, over the same body. */
  const deliver = (event: Record<string, unknown>) => {
    const body = JSON.stringify(event, null, 2);
    return post(body, stripeSignature(body, WEBHOOK_SECRET, now()));
  };

  /** The session the double made for an order, as Stripe holds it once the buyer is done. */
  const sessionOf = async (
    o: OrderType,
    changes: { payment_status: 'paid' | 'unpaid'; payment_intent: string },
  ) => {
    const [row] = await t.sql('SELECT checkout_session_id AS id FROM orders WHERE id = $1', [o.id]);
    const session = stripe.checkoutSession(row.id);
    expect(session).toBeDefined();
    return { ...session!, status: 'complete', url: null, ...changes };
  };
  const charge = (o: OrderType, paymentIntent: string, refunded: number) => ({
    id: id('ch'),
    object: 'charge',
    amount: o.total.amountMinor,
    amount_captured: o.total.amountMinor,
    amount_refunded: refunded,
    captured: true,
    currency: o.total.currency.toLowerCase(),
    livemode: false,
    metadata: { order_id: o.id },
    paid: true,
    payment_intent: paymentIntent,
    refunded: refunded === o.total.amountMinor,
    status: 'succeeded',
    transfer_group: `order:${o.id}`,
  });
  const dispute = (
    o: OrderType,
    disputeId: string,
    chargeId: string,
    paymentIntent: string,
    status: string,
  ) => ({
    id: disputeId,
    object: 'dispute',
    amount: o.total.amountMinor,
    charge: chargeId,
    created: now(),
    currency: o.total.currency.toLowerCase(),
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: paymentIntent,
    reason: 'fraudulent',
    status,
  });

  let first: OrderType;
  let paymentIntent: string;

  it('opens one Checkout Session per order for the server total, with the order tied to it', async () => {
    stripe.reset();
    const bundleId = await bundleWith(labA, [harbour.id]);
    const quote = await quoteOf(labA, bundleId);
    expect(quote.quote.total).toEqual({ amountMinor: 938, currency: 'USD' });
    const res = await placeOrder(labA, bundleId, quote, 'stripe-order-1');
    expect(res.status).toBe(201);
    first = Order.parse(res.body);
    expect(first).toMatchObject({
      status: 'pending_payment',
      total: { amountMinor: 938, currency: 'USD' },
      platformFee: { amountMinor: 187, currency: 'USD' },
      creatorShare: { amountMinor: 751, currency: 'USD' },
      grants: [],
    });

    const sessions = stripe.requestsTo('POST', '/v1/checkout/sessions');
    expect(sessions).toHaveLength(1);
    const request = sessions[0]!;
    expect(request.idempotencyKey).toBe(`checkout:${first.id}`);
    expect(request.body).toEqual({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '938',
      'line_items[0][price_data][product_data][name]': expect.stringContaining(first.name),
      'payment_intent_data[transfer_group]': `order:${first.id}`,
      'payment_intent_data[metadata][order_id]': first.id,
      'metadata[order_id]': first.id,
      client_reference_id: first.id,
      success_url: `${WEB_ORIGIN}/orders/${labA}/${first.id}?paid=1`,
      cancel_url: `${WEB_ORIGIN}/orders/${labA}/${first.id}`,
    });
    const [row] = await t.sql('SELECT checkout_session_id AS id FROM orders WHERE id = $1', [
      first.id,
    ]);
    expect(row.id).toMatch(/^cs_test_/);
    expect(first.checkout!.url).toBe(stripe.checkoutSession(row.id)!.url);
    expect(first.checkout!.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);

    // A retry of the order is the same order and the same checkout: Stripe is not asked again.
    const retry = await placeOrder(labA, bundleId, quote, 'stripe-order-1');
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(res.body);
    expect(stripe.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(1);
    expect(stripe.requests).toHaveLength(1);
  });

  it('keeps the order when Stripe is down and opens its one session on the retry', async () => {
    stripe.reset();
    const bundleId = await bundleWith(labB, [skyline.id]);
    const quote = await quoteOf(labB, bundleId);
    const orders = await count('orders');
    // The SDK retries twice: three failures in a row reach the order.
    stripe.failNext(503, 3);
    const down = await placeOrder(labB, bundleId, quote, 'stripe-down-1');
    expect([down.status, down.body.code]).toEqual([503, 'service_unavailable']);
    expect(down.text).not.toContain(SECRET_KEY);
    expect(await count('orders')).toBe(orders + 1);
    const retry = await placeOrder(labB, bundleId, quote, 'stripe-down-1');
    expect(retry.status).toBe(200);
    const placed = Order.parse(retry.body);
    expect(placed.checkout!.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const attempts = stripe.requestsTo('POST', '/v1/checkout/sessions');
    expect(attempts).toHaveLength(4);
    expect(new Set(attempts.map((a) => a.idempotencyKey))).toEqual(
      new Set([`checkout:${placed.id}`]),
    );
    expect(await count('orders')).toBe(orders + 1);
  });

  it('fulfils the order on checkout.session.completed: one sale entry, one valid certificate', async () => {
    paymentIntent = id('pi');
    const event = stripeEvent('checkout.session.completed', {
      ...(await sessionOf(first, { payment_status: 'paid', payment_intent: paymentIntent })),
    });
    expect(event.data).toMatchObject({
      object: {
        amount_total: 938,
        currency: 'usd',
        metadata: { order_id: first.id },
        payment_status: 'paid',
      },
    });
    const signed = signedStripeEvent(event, WEBHOOK_SECRET, now());
    const res = await post(signed.body, signed.signature);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    // Nothing happens until the job runs.
    expect((await reload(first)).status).toBe('pending_payment');
    await t.drainJobs();

    const paid = await reload(first);
    expect(paid.status).toBe('fulfilled');
    expect(paid.checkout).toBeNull();
    expect(paid.grants).toHaveLength(1);
    expect(paid.grants[0]).toMatchObject({
      clipCount: 1,
      totalSeconds: 90,
      status: 'active',
      clipsMerkleRoot: merkleRoot([harbour.sha256!]),
    });
    const [row] = await t.sql('SELECT payment_id FROM orders WHERE id = $1', [first.id]);
    expect(row.payment_id).toBe(paymentIntent);

    const ledger = t.app.get(LedgerService);
    expect(await ledger.linesOf(`sale:${first.id}`)).toEqual([
      { accountCode: 'cash:stripe:USD', amountMinor: 938, currency: 'USD' },
      { accountCode: `creator-payable:${studio}:USD`, amountMinor: -751, currency: 'USD' },
      { accountCode: 'platform-fees:USD', amountMinor: -187, currency: 'USD' },
    ]);

    const status = await certificate(paid.grants[0]!.certificateId);
    expect(status.status).toBe('valid');
    const jwks = await t.request('GET', '/.well-known/jwks.json');
    const { payload } = await jwtVerify(status.jws, createLocalJWKSet(jwks.body), {
      currentDate: t.clock.now(),
    });
    expect(payload).toMatchObject({
      jti: paid.grants[0]!.certificateId,
      sub: labA,
      clips_root: merkleRoot([harbour.sha256!]),
      clip_count: 1,
      total_seconds: 90,
    });

    // The same event again (Stripe retries until it sees a 2xx): acknowledged, nothing more.
    const entries = await count('journal_entries');
    const again = await deliver(event);
    expect([again.status, again.body.duplicate]).toEqual([200, true]);
    await t.drainJobs();
    expect(await count('journal_entries')).toBe(entries);
    expect((await reload(first)).grants).toHaveLength(1);
  });

  it('refuses altered, unsigned, stale and foreign-signed events, and acknowledges unknown ones', async () => {
    const target = await order(labB, [harbour.id], 'stripe-faults-1');
    const event = stripeEvent('checkout.session.completed', {
      ...(await sessionOf(target, { payment_status: 'paid', payment_intent: id('pi') })),
    });
    const events = await count('payment_events');
    const entries = await count('journal_entries');
    const signed = signedStripeEvent(event, WEBHOOK_SECRET, now());

    const refusals = [
      // The amount changed after signing.
      await post(signed.body.replace('"amount_total": 938', '"amount_total": 1'), signed.signature),
      // Signed by another endpoint's secret.
      await post(
        signed.body,
        signedStripeEvent(event, 'whsec_someoneElsesSecret', now()).signature,
      ),
      // Signed six minutes ago (Stripe's tolerance is five).
      await post(signed.body, stripeSignature(signed.body, WEBHOOK_SECRET, now() - 301)),
      await post(signed.body),
      await post(signed.body, ''),
      await post(signed.body, 't=1,v1=00ff'),
      // Signed, but not JSON.
      await post('not json', stripeSignature('not json', WEBHOOK_SECRET, now())),
    ];
    expect(refusals.map((res) => [res.status, res.body.code])).toEqual(
      refusals.map(() => [400, 'malformed_request']),
    );
    for (const res of refusals) {
      expect(res.text).not.toContain(WEBHOOK_SECRET);
    }
    expect(refusals[2]!.body.detail).toMatch(/too old/);
    expect(refusals[3]!.body.detail).toMatch(/no signature/);
    expect(await count('payment_events')).toBe(events);
    await t.drainJobs();
    expect((await reload(target)).status).toBe('pending_payment');
    expect(await count('journal_entries')).toBe(entries);

    // Verified but not one we act on: acknowledged (or Stripe retries for days), stored, ignored.
    const unknown = stripeEvent('customer.created', {
      id: id('cus'),
      object: 'customer',
      email: 'lab@example.test',
    });
    const res = await deliver(unknown);
    expect([res.status, res.body]).toEqual([200, { received: true, duplicate: false }]);
    await t.drainJobs();
    const rows = await t.sql('SELECT type, outcome FROM payment_events WHERE id = $1', [
      unknown.id,
    ]);
    expect(rows).toEqual([{ type: 'ignored', outcome: 'ignored' }]);
    expect(await count('journal_entries')).toBe(entries);

    // A session of something else sold on the same Stripe account names no order of ours.
    const foreign = stripeEvent('checkout.session.completed', {
      ...(await sessionOf(target, { payment_status: 'paid', payment_intent: id('pi') })),
      metadata: { order_id: 'INV-2026-0042' },
      client_reference_id: null,
    });
    expect((await deliver(foreign)).status).toBe(200);
    await t.drainJobs();
    expect(
      await t.sql(
        'SELECT outcome, applied_at IS NOT NULL AS applied FROM payment_events WHERE id = $1',
        [foreign.id],
      ),
    ).toEqual([{ outcome: 'unknown_order', applied: true }]);
    expect((await reload(target)).status).toBe('pending_payment');
    expect(await count('journal_entries')).toBe(entries);
  });

  it(`converges whatever order and however often Stripe delivers (seed ${SEED})`, async () => {
    const ledger = t.app.get(LedgerService);
    const random = prng(SEED);
    // Order A is paid by bank debit (completed unpaid, then async success) and refunded in full;
    // order B is paid by card, disputed, and the dispute is won.
    const a = await order(labB, [harbour.id], 'stripe-async-1');
    const b = await order(labA, [skyline.id], 'stripe-dispute-1');
    const piA = id('pi');
    const piB = id('pi');
    const chargeB = id('ch');
    const disputeId = id('dp');
    const aCompleted = stripeEvent('checkout.session.completed', {
      ...(await sessionOf(a, { payment_status: 'unpaid', payment_intent: piA })),
    });
    const aSucceeded = stripeEvent('checkout.session.async_payment_succeeded', {
      ...(await sessionOf(a, { payment_status: 'paid', payment_intent: piA })),
    });
    const aRefunded = stripeEvent('charge.refunded', charge(a, piA, 938));
    const bCompleted = stripeEvent('checkout.session.completed', {
      ...(await sessionOf(b, { payment_status: 'paid', payment_intent: piB })),
    });
    const bDisputed = stripeEvent(
      'charge.dispute.created',
      dispute(b, disputeId, chargeB, piB, 'needs_response'),
    );
    const bWon = stripeEvent('charge.dispute.closed', dispute(b, disputeId, chargeB, piB, 'won'));
    const all = [aCompleted, aSucceeded, aRefunded, bCompleted, bDisputed, bWon];

    const schedule = () => {
      const deliveries = all.flatMap((event) =>
        Array.from({ length: 1 + Math.floor(random() * 10) }, () => event),
      );
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
      }
      // Whatever the shuffle: the dispute's close arrives before its opening, the refund
      // before the payment it refunds.
      const putFirst = (early: object, late: object) => {
        const e = deliveries.indexOf(early as Record<string, unknown>);
        const l = deliveries.indexOf(late as Record<string, unknown>);
        if (e > l) [deliveries[e], deliveries[l]] = [deliveries[l]!, deliveries[e]!];
      };
      putFirst(bWon, bDisputed);
      putFirst(aRefunded, aSucceeded);
      return deliveries;
    };

    const deliveries = schedule();
    for (const event of deliveries) {
      const res = await deliver(event);
      expect(res.status).toBe(200);
      // Jobs run at random points between deliveries too.
      if (random() < 0.3) await t.drainJobs();
    }
    await t.drainJobs();
    expect(await count('payment_events')).toBeGreaterThanOrEqual(all.length);
    const unapplied = await t.sql(
      `SELECT type FROM payment_events WHERE applied_at IS NULL AND id = ANY($1)`,
      [all.map((event) => event.id)],
    );
    expect(unapplied).toEqual([]);

    const afterA = await reload(a);
    expect(afterA.status).toBe('refunded');
    expect(afterA.grants.map((grant) => grant.status)).toEqual(['revoked']);
    expect((await certificate(afterA.grants[0]!.certificateId)).status).toBe('revoked');
    const afterB = await reload(b);
    expect(afterB.status).toBe('fulfilled');
    expect(afterB.grants.map((grant) => grant.status)).toEqual(['active']);
    expect((await certificate(afterB.grants[0]!.certificateId)).status).toBe('valid');
    expect(
      await t.sql(
        'SELECT order_id, count(*)::int AS n FROM license_grants WHERE order_id = ANY($1) GROUP BY 1 ORDER BY 1',
        [[a.id, b.id]],
      ),
    ).toEqual([a.id, b.id].sort().map((orderId) => ({ order_id: orderId, n: 1 })));

    const keysOf = async (orderId: string) =>
      (
        await t.sql(
          'SELECT idempotency_key AS key FROM journal_entries WHERE order_id = $1 ORDER BY 1',
          [orderId],
        )
      ).map((row) => row.key);
    expect(await keysOf(a.id)).toEqual([`refund:${aRefunded.id}`, `sale:${a.id}`].sort());
    expect(await keysOf(b.id)).toEqual(
      [`dispute-won:${disputeId}`, `dispute:${disputeId}`, `sale:${b.id}`].sort(),
    );
    expect(await ledger.linesOf(`sale:${a.id}`)).toEqual([
      { accountCode: 'cash:stripe:USD', amountMinor: 938, currency: 'USD' },
      { accountCode: `creator-payable:${studio}:USD`, amountMinor: -751, currency: 'USD' },
      { accountCode: 'platform-fees:USD', amountMinor: -187, currency: 'USD' },
    ]);
    expect(await ledger.linesOf(`refund:${aRefunded.id}`)).toEqual([
      { accountCode: 'cash:stripe:USD', amountMinor: -938, currency: 'USD' },
      { accountCode: `creator-payable:${studio}:USD`, amountMinor: 751, currency: 'USD' },
      { accountCode: 'platform-fees:USD', amountMinor: 187, currency: 'USD' },
    ]);
    expect(await ledger.linesOf(`dispute:${disputeId}`)).toEqual([
      { accountCode: 'cash:stripe:USD', amountMinor: -750, currency: 'USD' },
      { accountCode: `creator-payable:${studio}:USD`, amountMinor: 600, currency: 'USD' },
      { accountCode: 'platform-fees:USD', amountMinor: 150, currency: 'USD' },
    ]);
    expect(await ledger.linesOf(`dispute-won:${disputeId}`)).toEqual([
      { accountCode: 'cash:stripe:USD', amountMinor: 750, currency: 'USD' },
      { accountCode: `creator-payable:${studio}:USD`, amountMinor: -600, currency: 'USD' },
      { accountCode: 'platform-fees:USD', amountMinor: -150, currency: 'USD' },
    ]);
    // The lab heard of each step once: the payments, the refund, the dispute and its end.
    const mail = (await t.outbox()).filter((m) => m.links?.some((l) => /\/orders\//.test(l)));
    const tags = (orderId: string) =>
      mail
        .filter((m) => m.links!.some((l) => l.endsWith(orderId)))
        .map((m) => m.tag)
        .sort();
    expect(tags(a.id)).toEqual(['order-fulfilled', 'order-refunded']);
    expect(tags(b.id)).toEqual(['order-disputed', 'order-fulfilled', 'order-restored']);

    // A second full replay, shuffled afresh: every delivery is a duplicate and nothing moves.
    const hash = await ledger.journalHash();
    const events = await count('payment_events');
    const grants = await count('license_grants');
    for (const event of schedule()) {
      const res = await deliver(event);
      expect([res.status, res.body.duplicate]).toEqual([200, true]);
    }
    await t.drainJobs();
    expect(await ledger.journalHash()).toBe(hash);
    expect([await count('payment_events'), await count('license_grants')]).toEqual([
      events,
      grants,
    ]);
    expect((await reload(a)).status).toBe('refunded');
    expect((await reload(b)).status).toBe('fulfilled');
  });

  it('cancels an order whose bank debit failed and releases its exclusive hold', async () => {
    const meadow = await createListedClip(t, studio, carol, {
      title: 'Meadow',
      durationMs: 20_000,
      width: 1920,
      height: 1080,
      policy: policyFromTemplate('training-exclusive', { amountMinor: 400, currency: 'USD' }),
    });
    const pending = await order(labB, [meadow.id], 'stripe-exclusive-1', EXCLUSIVE);
    expect(
      await t.sql('SELECT state FROM exclusive_holds WHERE order_id = $1', [pending.id]),
    ).toEqual([{ state: 'pending' }]);
    const other = await bundleWith(labA, [meadow.id], EXCLUSIVE);
    expect((await quoteOf(labA, other)).excluded[0]!.reasons[0]!.code).toBe('exclusively_licensed');

    const pi = id('pi');
    const entries = await count('journal_entries');
    const completed = stripeEvent('checkout.session.completed', {
      ...(await sessionOf(pending, { payment_status: 'unpaid', payment_intent: pi })),
    });
    expect((await deliver(completed)).status).toBe(200);
    await t.drainJobs();
    // The debit is on its way: the order still waits, and keeps its hold.
    expect((await reload(pending)).status).toBe('pending_payment');
    const failed = stripeEvent('checkout.session.async_payment_failed', {
      ...(await sessionOf(pending, { payment_status: 'unpaid', payment_intent: pi })),
    });
    expect((await deliver(failed)).status).toBe(200);
    await t.drainJobs();

    const after = await reload(pending);
    expect(after.status).toBe('cancelled');
    expect(after.grants).toEqual([]);
    expect(
      await t.sql('SELECT state FROM exclusive_holds WHERE order_id = $1', [pending.id]),
    ).toEqual([{ state: 'released' }]);
    expect(await count('journal_entries')).toBe(entries);
    expect((await quoteOf(labA, other)).quote.lines.map((line) => line.clipId)).toEqual([
      meadow.id,
    ]);
  });

  it('does not license a lapsed order whose bank debit settles after its clip went to another lab', async () => {
    const orchard = await createListedClip(t, studio, carol, {
      title: 'Orchard',
      durationMs: 20_000,
      width: 1920,
      height: 1080,
      policy: policyFromTemplate('training-exclusive', { amountMinor: 400, currency: 'USD' }),
    });
    const slow = await order(labB, [orchard.id], 'stripe-lapse-1', EXCLUSIVE);
    const pi = id('pi');
    const completed = stripeEvent('checkout.session.completed', {
      ...(await sessionOf(slow, { payment_status: 'unpaid', payment_intent: pi })),
    });
    expect((await deliver(completed)).status).toBe(200);
    await t.drainJobs();
    // The payment window passes while the debit is on its way: the order lapses.
    t.clock.advance(24 * 3_600_000 + 1_000);
    await t.app.get(OrderPaymentsService).lapse();
    expect((await reload(slow)).status).toBe('cancelled');
    // A lapsed checkout has no invoice to void: Stripe refuses an expired session by itself.
    await t.drainJobs();
    expect(stripe.requests.filter((r) => r.path.startsWith('/v1/invoices'))).toEqual([]);
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'orders.void-invoice'`),
    ).toEqual([{ n: 0 }]);
    // Another lab licenses the clip exclusively.
    const taken = await order(labA, [orchard.id], 'stripe-lapse-2', EXCLUSIVE);
    const paidTaken = stripeEvent('checkout.session.completed', {
      ...(await sessionOf(taken, { payment_status: 'paid', payment_intent: id('pi') })),
    });
    expect((await deliver(paidTaken)).status).toBe(200);
    await t.drainJobs();
    expect((await reload(taken)).status).toBe('fulfilled');

    // Days later the first debit settles. Licensing it now would license the clip twice.
    const entries = await count('journal_entries');
    const late = stripeEvent('checkout.session.async_payment_succeeded', {
      ...(await sessionOf(slow, { payment_status: 'paid', payment_intent: pi })),
    });
    expect((await deliver(late)).status).toBe(200);
    await t.drainJobs();
    const after = await reload(slow);
    expect([after.status, after.grants]).toEqual(['cancelled', []]);
    expect(await t.sql('SELECT outcome FROM payment_events WHERE id = $1', [late.id])).toEqual([
      { outcome: 'order_not_payable' },
    ]);
    expect(await count('journal_entries')).toBe(entries);
    expect(
      await t.sql(
        `SELECT order_id, state FROM exclusive_holds WHERE clip_id = $1 AND state <> 'released'`,
        [orchard.id],
      ),
    ).toEqual([{ order_id: taken.id, state: 'licensed' }]);
  });
});
