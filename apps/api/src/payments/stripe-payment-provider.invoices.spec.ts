import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../test/support/fake-clock.js';
import { startStripeDouble, type StripeDouble } from '../../test/support/stripe-double.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import type { InvoiceRequest } from './payment-provider.js';
import { StripePaymentProvider } from './stripe-payment-provider.js';

const SECRET_KEY = 'sk_test_51InvoiceDoubleKeyNeverEchoed0123456789';
const ORDER_ID = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f';
/** Each test bills its own lab: the double keeps its customers from one test to the next. */
let ORG_ID = randomUUID();

function invoiceFor(
  orderId: string,
  overrides: Partial<InvoiceRequest> = {},
  customer: Partial<InvoiceRequest['customer']> = {},
): InvoiceRequest {
  return {
    orderId,
    amount: { amountMinor: 168_800, currency: 'EUR' },
    description: 'Clearframe dataset license: Harbours (2 clips)',
    customer: { orgId: ORG_ID, name: 'Perceptron Labs', email: 'ap@perceptron.test', ...customer },
    daysUntilDue: 30,
    transferGroup: `order:${orderId}`,
    idempotencyKey: `invoice:${orderId}`,
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The adapter's customer key, computed here from its documented recipe. */
const customerKey = (orgId: string, name: string, email: string) =>
  `customer:${orgId}:${createHash('sha256').update(`${name}\0${email}`).digest('hex').slice(0, 16)}`;

describe('StripePaymentProvider invoices', () => {
  let double: StripeDouble;
  let payments: StripePaymentProvider;

  beforeAll(async () => {
    double = await startStripeDouble({ secretKey: SECRET_KEY });
  });
  afterAll(() => double.close());
  const customersOf = (orgId: string) =>
    double.customers().filter((c) => (c.metadata as Record<string, string>).org_id === orgId);
  beforeEach(() => {
    double.reset();
    ORG_ID = randomUUID();
    payments = new StripePaymentProvider(
      AppConfig.fromEnv({
        PAYMENTS_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: 'whsec_invoiceDouble',
        STRIPE_API_URL: double.url,
      }),
      new FakeClock(),
    );
  });

  it('makes the customer, a send_invoice invoice with one item, finalizes and sends it', async () => {
    const before = Math.floor(Date.now() / 1000);
    const invoice = await payments.createInvoice(invoiceFor(ORDER_ID));

    const posts = double.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.path)).toEqual([
      '/v1/customers',
      '/v1/invoices',
      '/v1/invoiceitems',
      `/v1/invoices/${invoice.invoiceId}/finalize`,
      `/v1/invoices/${invoice.invoiceId}/send`,
    ]);
    const [search] = double.requestsTo('GET', '/v1/customers/search');
    expect(search!.query).toEqual({ query: `metadata['org_id']:'${ORG_ID}'`, limit: '1' });

    const [customer, draft, item, finalize, send] = posts;
    expect(customer!.body).toEqual({
      name: 'Perceptron Labs',
      email: 'ap@perceptron.test',
      'metadata[org_id]': ORG_ID,
    });
    expect(customer!.idempotencyKey).toBe(
      customerKey(ORG_ID, 'Perceptron Labs', 'ap@perceptron.test'),
    );
    const [stripeCustomer] = customersOf(ORG_ID);
    expect(draft!.body).toEqual({
      customer: stripeCustomer!.id,
      currency: 'eur',
      collection_method: 'send_invoice',
      days_until_due: '30',
      auto_advance: 'false',
      pending_invoice_items_behavior: 'exclude',
      description: 'Clearframe dataset license: Harbours (2 clips)',
      'metadata[order_id]': ORDER_ID,
      'metadata[transfer_group]': `order:${ORDER_ID}`,
    });
    expect(draft!.idempotencyKey).toBe(`invoice:${ORDER_ID}:invoice`);
    expect(item!.body).toEqual({
      customer: stripeCustomer!.id,
      invoice: invoice.invoiceId,
      amount: '168800',
      currency: 'eur',
      description: 'Clearframe dataset license: Harbours (2 clips)',
      'metadata[order_id]': ORDER_ID,
    });
    expect(item!.idempotencyKey).toBe(`invoice:${ORDER_ID}:item`);
    expect(finalize!.body).toEqual({ auto_advance: 'false' });
    expect(finalize!.idempotencyKey).toBe(`invoice:${ORDER_ID}:finalize`);
    expect(send!.body).toEqual({});
    expect(send!.idempotencyKey).toBe(`invoice:${ORDER_ID}:send`);
    for (const request of posts) expect(request.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);

    const held = double.invoice(invoice.invoiceId)!;
    expect(held).toMatchObject({ status: 'open', total: 168_800, customer: stripeCustomer!.id });
    expect(invoice.url).toBe(held.hosted_invoice_url);
    // The double dates it 30 days after finalizing, in whole seconds, as Stripe does.
    expect(invoice.dueAt.getTime()).toBe((held.due_date as number) * 1000);
    const dueIn = (held.due_date as number) - before;
    expect(dueIn).toBeGreaterThanOrEqual(30 * 86_400);
    expect(dueIn).toBeLessThanOrEqual(30 * 86_400 + 5);
  });

  it('replays a retry step by step: one customer, one invoice, the same answer', async () => {
    const first = await payments.createInvoice(invoiceFor('order-retry'));
    const retried = await payments.createInvoice(invoiceFor('order-retry'));
    expect(retried).toEqual(first);
    expect(customersOf(ORG_ID)).toHaveLength(1);
    // The second attempt found the customer: no create, only the replayed invoice steps.
    const creates = double.requestsTo('POST', '/v1/customers');
    expect(creates).toHaveLength(1);
    expect(double.requestsTo('POST', '/v1/invoices').map((r) => r.idempotencyKey)).toEqual([
      'invoice:order-retry:invoice',
      'invoice:order-retry:invoice',
    ]);
  });

  it('bills the same customer for the next order, updating its billing email', async () => {
    await payments.createInvoice(invoiceFor('order-a'));
    const [customer] = customersOf(ORG_ID);
    double.reset();
    await payments.createInvoice(invoiceFor('order-b', {}, { email: 'billing@perceptron.test' }));
    expect(double.requestsTo('POST', '/v1/customers')).toHaveLength(0);
    const [update] = double.requestsTo('POST', `/v1/customers/${customer!.id}`);
    expect(update!.body).toEqual({ name: 'Perceptron Labs', email: 'billing@perceptron.test' });
    expect(customersOf(ORG_ID)).toEqual([
      expect.objectContaining({ id: customer!.id, email: 'billing@perceptron.test' }),
    ]);
    const [draft] = double.requestsTo('POST', '/v1/invoices');
    expect(draft!.body.customer).toBe(customer!.id);
  });

  it('answers a key reused for another amount with a conflict, as Stripe refuses it', async () => {
    await payments.createInvoice(invoiceFor('order-reuse'));
    const error = await refusal(
      payments.createInvoice(
        invoiceFor('order-reuse', { amount: { amountMinor: 99, currency: 'EUR' } }),
      ),
    );
    expect(error.code).toBe('conflict');
  });

  it('refuses an invalid request before asking Stripe', async () => {
    const error = await refusal(
      payments.createInvoice(invoiceFor('order-bad', { daysUntilDue: 0 }, { orgId: "x' OR '1" })),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.extras.errors!.map((e) => e.path).sort()).toEqual([
      'customer.orgId',
      'daysUntilDue',
    ]);
    expect(double.requests).toHaveLength(0);
  });

  it('answers Stripe down as unavailable, naming no key, and a later retry sends one invoice', async () => {
    double.failNext(500, 3);
    const error = await refusal(payments.createInvoice(invoiceFor('order-down')));
    expect(error.code).toBe('service_unavailable');
    expect(error.message).not.toContain(SECRET_KEY);
    expect(error.message).not.toContain('order-down');
    expect(customersOf(ORG_ID)).toHaveLength(0);
    const invoice = await payments.createInvoice(invoiceFor('order-down'));
    expect(customersOf(ORG_ID)).toHaveLength(1);
    expect(double.invoice(invoice.invoiceId)!.status).toBe('open');
  });
});
