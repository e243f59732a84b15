import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  BundleQuote,
  DEFAULT_INTENDED_USE,
  Order,
  type OrderType,
} from '@clearframe/contracts/demand';
import type { LicenseRequestType } from '@clearframe/contracts/license';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import { LedgerService } from '../src/ledger/ledger.service.js';
import { OrderPaymentsService } from '../src/orders/order-payments.service.js';
import { DAY } from './support/fake-clock.js';
import {
  createListedClip,
  createOrg,
  createSession,
  createUser,
  defaultPolicy,
  type TestCuratedClip,
  type TestUser,
} from './factories/index.js';
import {
  startStripeDouble,
  stripeEvent,
  stripeSignature,
  type StripeDouble,
} from './support/stripe-double.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SECRET_KEY = 'sk_test_51InvoicesE2eDoubleKey0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_invoicesE2eWebhookSecretNeverEchoed';

const EXCLUSIVE: LicenseRequestType = {
  ...structuredClone(DEFAULT_INTENDED_USE),
  exclusivity: { kind: 'exclusive', until: 'term-end' },
  term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true },
};

/**
 * Invoiced labs with PAYMENTS_PROVIDER=stripe: the real SDK talks to the local double of
 * api.stripe.com. An operator marks a lab invoiced; its order becomes a sent Stripe invoice
 * (`send_invoice`, net 30) to the lab's customer instead of a Checkout Session, the exclusive
 * hold lasts until Stripe's due date, and Stripe's signed `invoice.paid` fulfils the order.
 */
describe('invoiced labs through Stripe invoices', () => {
  let stripe: StripeDouble;
  let t: TestApp;
  let alice: TestUser;
  let carol: TestUser;
  let olga: TestUser;
  let lab: string;
  let studio: string;
  let dunes: TestCuratedClip;
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
    carol = await createUser(t);
    olga = await createUser(t, { name: 'Olga Operator' });
    lab = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    await createOrg(t, olga, 'operator', 'Operations');
    dunes = await createListedClip(t, studio, carol, {
      title: 'Dunes',
      durationMs: 60_000,
      width: 1920,
      height: 1080,
      policy: policyFromTemplate('training-exclusive', { amountMinor: 400, currency: 'USD' }),
    });
    harbour = await createListedClip(t, studio, carol, {
      title: 'Harbour',
      durationMs: 30_000,
      policy: defaultPolicy(500),
    });
    skyline = await createListedClip(t, studio, carol, {
      title: 'Skyline',
      durationMs: 30_000,
      policy: defaultPolicy(500),
    });
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  const reload = async (o: OrderType) =>
    Order.parse(
      (await t.request('GET', `/v1/orgs/${o.orgId}/orders/${o.id}`, { token: alice.token })).body,
    );
  const deliver = (event: Record<string, unknown>) => {
    const body = JSON.stringify(event, null, 2);
    return t.request('POST', '/v1/webhooks/stripe', {
      rawBody: body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': stripeSignature(
          body,
          WEBHOOK_SECRET,
          Math.floor(t.clock.now().getTime() / 1000),
        ),
      },
    });
  };

  let invoiced: OrderType;
  let invoiceId: string;

  it('refuses a non-operator and a creator org; an operator marks the lab invoiced', async () => {
    const byLab = await t.request('PUT', `/v1/operator/orgs/${lab}/billing`, {
      token: alice.token,
      body: { billing: 'invoice' },
    });
    expect(byLab.status).toBe(403);
    const creator = await t.request('PUT', `/v1/operator/orgs/${studio}/billing`, {
      token: olga.token,
      body: { billing: 'invoice' },
    });
    expect([creator.status, creator.body.code]).toEqual([409, 'billing_not_for_kind']);
    expect(
      await t.sql('SELECT billing FROM organizations WHERE id = ANY($1::uuid[]) ORDER BY kind', [
        [lab, studio],
      ]),
    ).toEqual([{ billing: 'checkout' }, { billing: 'checkout' }]);

    const marked = await t.request('PUT', `/v1/operator/orgs/${lab}/billing`, {
      token: olga.token,
      body: { billing: 'invoice', billingEmail: 'ap@perceptron.test' },
    });
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({
      orgId: lab,
      billing: 'invoice',
      billingEmail: 'ap@perceptron.test',
    });
  });

  it('sends a Stripe invoice (send_invoice, due in 30 days) instead of opening a checkout', async () => {
    stripe.reset();
    const created = await t.request('POST', `/v1/orgs/${lab}/bundles`, {
      token: alice.token,
      body: { name: 'Dunes', intendedUse: EXCLUSIVE },
    });
    await t.request('POST', `/v1/orgs/${lab}/bundles/${created.body.id}/clips`, {
      token: alice.token,
      body: { clipIds: [dunes.id] },
    });
    const quote = BundleQuote.parse(
      (
        await t.request('GET', `/v1/orgs/${lab}/bundles/${created.body.id}/quote`, {
          token: alice.token,
        })
      ).body,
    );
    const res = await t.request('POST', `/v1/orgs/${lab}/orders`, {
      token: alice.token,
      headers: { 'Idempotency-Key': 'invoiced-stripe-1' },
      body: {
        bundleId: created.body.id,
        quoteToken: quote.quoteToken,
        acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
      },
    });
    expect(res.status).toBe(201);
    invoiced = Order.parse(res.body);
    expect(invoiced).toMatchObject({ status: 'pending_payment', payment: 'invoice' });

    expect(stripe.requestsTo('POST', '/v1/checkout/sessions')).toEqual([]);
    const [customer] = stripe.requestsTo('POST', '/v1/customers');
    expect(customer!.body).toEqual({
      name: 'Perceptron Labs',
      email: 'ap@perceptron.test',
      'metadata[org_id]': lab,
    });
    const [draft] = stripe.requestsTo('POST', '/v1/invoices');
    expect(draft!.idempotencyKey).toBe(`invoice:${invoiced.id}:invoice`);
    expect(draft!.body).toMatchObject({
      collection_method: 'send_invoice',
      days_until_due: '30',
      currency: 'usd',
      'metadata[order_id]': invoiced.id,
      'metadata[transfer_group]': `order:${invoiced.id}`,
    });
    const [item] = stripe.requestsTo('POST', '/v1/invoiceitems');
    expect(item!.body.amount).toBe(String(invoiced.total.amountMinor));

    const [row] = await t.sql('SELECT checkout_session_id AS id FROM orders WHERE id = $1', [
      invoiced.id,
    ]);
    invoiceId = row.id;
    expect(stripe.requestsTo('POST', `/v1/invoices/${invoiceId}/send`)).toHaveLength(1);
    const held = stripe.invoice(invoiceId)!;
    expect(held).toMatchObject({ status: 'open', total: invoiced.total.amountMinor });
    expect(invoiced.checkout).toEqual({
      url: held.hosted_invoice_url,
      expiresAt: new Date((held.due_date as number) * 1000).toISOString(),
    });
    // The exclusive hold ends exactly when Stripe says the invoice is due.
    const holds = await t.sql(
      `SELECT state, upper(during) AS until FROM exclusive_holds WHERE order_id = $1`,
      [invoiced.id],
    );
    expect(holds).toEqual([
      { state: 'pending', until: new Date((held.due_date as number) * 1000) },
    ]);

    // A retried order is the same order: Stripe is not asked again.
    const retry = await t.request('POST', `/v1/orgs/${lab}/orders`, {
      token: alice.token,
      headers: { 'Idempotency-Key': 'invoiced-stripe-1' },
      body: {
        bundleId: created.body.id,
        quoteToken: quote.quoteToken,
        acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
      },
    });
    expect([retry.status, retry.body]).toEqual([200, res.body]);
    expect(stripe.requestsTo('POST', '/v1/invoices')).toHaveLength(1);
  });

  it('fulfils the order on a signed invoice.paid', async () => {
    const paymentIntent = `pi_${randomBytes(12).toString('hex')}`;
    stripe.seedInvoicePayment({
      id: `inpay_${randomBytes(8).toString('hex')}`,
      object: 'invoice_payment',
      invoice: invoiceId,
      amount_paid: invoiced.total.amountMinor,
      currency: 'usd',
      is_default: true,
      status: 'paid',
      payment: { type: 'payment_intent', payment_intent: paymentIntent },
    });
    const paidInvoice = {
      ...stripe.invoice(invoiceId)!,
      status: 'paid',
      amount_paid: invoiced.total.amountMinor,
      amount_remaining: 0,
    };
    const res = await deliver(stripeEvent('invoice.paid', paidInvoice));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    await t.drainJobs();

    const paid = await reload(invoiced);
    expect(paid).toMatchObject({ status: 'fulfilled', payment: 'invoice', checkout: null });
    expect(paid.grants).toHaveLength(1);
    const [row] = await t.sql('SELECT payment_id FROM orders WHERE id = $1', [invoiced.id]);
    expect(row.payment_id).toBe(paymentIntent);
    expect(await t.app.get(LedgerService).linesOf(`sale:${invoiced.id}`)).toContainEqual({
      accountCode: 'cash:stripe:USD',
      amountMinor: invoiced.total.amountMinor,
      currency: 'USD',
    });
    expect(
      (await t.sql('SELECT state FROM exclusive_holds WHERE order_id = $1', [invoiced.id])).map(
        (hold: { state: string }) => hold.state,
      ),
    ).toEqual(['licensed']);
  });
  /** An invoiced order of one clip; returns it with its Stripe invoice's id. */
  const invoicedOrder = async (clip: TestCuratedClip, key: string) => {
    // A month may have passed in an earlier test: a session of today.
    alice.token = (await createSession(t, alice.id)).token;
    const created = await t.request('POST', `/v1/orgs/${lab}/bundles`, {
      token: alice.token,
      body: { name: key },
    });
    await t.request('POST', `/v1/orgs/${lab}/bundles/${created.body.id}/clips`, {
      token: alice.token,
      body: { clipIds: [clip.id] },
    });
    const quote = BundleQuote.parse(
      (
        await t.request('GET', `/v1/orgs/${lab}/bundles/${created.body.id}/quote`, {
          token: alice.token,
        })
      ).body,
    );
    const res = await t.request('POST', `/v1/orgs/${lab}/orders`, {
      token: alice.token,
      headers: { 'Idempotency-Key': key },
      body: {
        bundleId: created.body.id,
        quoteToken: quote.quoteToken,
        acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
      },
    });
    expect(res.status).toBe(201);
    const order = Order.parse(res.body);
    const [row] = await t.sql('SELECT checkout_session_id AS id FROM orders WHERE id = $1', [
      order.id,
    ]);
    expect(stripe.invoice(row.id)).toMatchObject({ status: 'open' });
    return { order, invoiceId: row.id as string };
  };
  const statusOf = async (orderId: string) =>
    (await t.sql('SELECT status FROM orders WHERE id = $1', [orderId]))[0].status as string;

  it('voids the invoice of an order that lapsed unpaid, once, so the lab cannot pay it late', async () => {
    const { order, invoiceId: lapsing } = await invoicedOrder(harbour, 'invoiced-lapse-1');
    stripe.reset();
    // Due in 30 days: a day before, nothing lapses and Stripe is not asked.
    t.clock.advance(29 * DAY);
    expect(await t.app.get(OrderPaymentsService).lapse()).toBe(0);
    await t.drainJobs();
    expect(stripe.requests).toEqual([]);

    t.clock.advance(2 * DAY);
    expect(await t.app.get(OrderPaymentsService).lapse()).toBe(1);
    await t.drainJobs();
    expect(await statusOf(order.id)).toBe('cancelled');
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/invoices/${lapsing}`,
      `POST /v1/invoices/${lapsing}/void`,
    ]);
    expect(stripe.requestsTo('POST', `/v1/invoices/${lapsing}/void`)[0]!.idempotencyKey).toBe(
      `void:${lapsing}`,
    );
    expect(stripe.invoice(lapsing)).toMatchObject({ status: 'void' });

    // The next lapse run finds nothing pending and asks Stripe nothing.
    stripe.reset();
    expect(await t.app.get(OrderPaymentsService).lapse()).toBe(0);
    await t.drainJobs();
    expect(stripe.requests).toEqual([]);
    // Run again by hand (a retried job), the void reads the invoice and stops there.
    expect(await t.app.get(OrderPaymentsService).voidLapsedInvoice(order.id)).toBe('void');
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/invoices/${lapsing}`,
    ]);
  });

  it('leaves an invoice paid just before its order lapsed alone; its late event does not license', async () => {
    const { order, invoiceId: paidLate } = await invoicedOrder(skyline, 'invoiced-lapse-2');
    t.clock.advance(31 * DAY);
    // Paid on Stripe's page at the last minute; the event has not arrived yet.
    stripe.payInvoice(paidLate);
    stripe.reset();
    expect(await t.app.get(OrderPaymentsService).lapse()).toBe(1);
    await t.drainJobs();
    expect(await statusOf(order.id)).toBe('cancelled');
    // The lapse's job read the invoice, found it paid and did not void it.
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/invoices/${paidLate}`,
    ]);
    expect(stripe.invoice(paidLate)).toMatchObject({ status: 'paid' });
    expect(await t.app.get(OrderPaymentsService).voidLapsedInvoice(order.id)).toBe('paid');

    // The invoice.paid that follows finds the order cancelled: no grant, no sale entry.
    const res = await deliver(stripeEvent('invoice.paid', stripe.invoice(paidLate)!));
    expect(res.status).toBe(200);
    await t.drainJobs();
    expect(await statusOf(order.id)).toBe('cancelled');
    expect(await t.sql('SELECT id FROM license_grants WHERE order_id = $1', [order.id])).toEqual(
      [],
    );
    expect(await t.app.get(LedgerService).linesOf(`sale:${order.id}`)).toEqual([]);
  });

  it('voids nothing for an order that is not a lapsed invoiced one', async () => {
    stripe.reset();
    expect(await t.app.get(OrderPaymentsService).voidLapsedInvoice(invoiced.id)).toBe('ignored');
    expect(stripe.requests).toEqual([]);
  });
});
