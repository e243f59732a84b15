import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FakeClock } from '../../test/support/fake-clock.js';
import {
  signedStripeEvent,
  startStripeDouble,
  stripeEvent,
  stripeSignature,
  type StripeDouble,
} from '../../test/support/stripe-double.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { type CheckoutRequest, PaymentProvider } from './payment-provider.js';
import { PaymentsModule } from './payments.module.js';
import { StripePaymentProvider } from './stripe-payment-provider.js';

const SECRET_KEY = 'sk_test_51DoubleKeyNeverEchoed0123456789';
const WEBHOOK_SECRET = 'whsec_doubleWebhookSecretNeverEchoed';
const ORDER_ID = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f';
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });

function configFor(api: string, secretKey = SECRET_KEY): AppConfig {
  return AppConfig.fromEnv({
    PAYMENTS_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: api,
  });
}

function checkoutFor(orderId: string, amountMinor = 12_500): CheckoutRequest {
  return {
    orderId,
    amount: usd(amountMinor),
    description: 'Dataset bundle: harbour footage',
    customerEmail: 'lab@example.test',
    successUrl: `https://clearframe.test/orders/${orderId}/paid`,
    cancelUrl: `https://clearframe.test/orders/${orderId}`,
    transferGroup: `order:${orderId}`,
    idempotencyKey: `checkout:${orderId}`,
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

describe('StripePaymentProvider', () => {
  let double: StripeDouble;
  let clock: FakeClock;
  let payments: StripePaymentProvider;

  beforeAll(async () => {
    double = await startStripeDouble({ secretKey: SECRET_KEY });
  });
  afterAll(() => double.close());
  beforeEach(() => {
    double.reset();
    clock = new FakeClock();
    payments = new StripePaymentProvider(configFor(double.url), clock);
  });

  it('is the provider the payments module gives when PAYMENTS_PROVIDER=stripe', async () => {
    @Global()
    @Module({
      providers: [
        { provide: AppConfig, useValue: configFor(double.url) },
        { provide: Clock, useValue: clock },
      ],
      exports: [AppConfig, Clock],
    })
    class Root {}
    const app = await NestFactory.createApplicationContext(
      { module: class Composition {}, imports: [Root, PaymentsModule] },
      { logger: false },
    );
    try {
      const provider = app.get(PaymentProvider);
      expect(provider).toBeInstanceOf(StripePaymentProvider);
      expect(provider.name).toBe('stripe');
      await provider.createCheckout(checkoutFor('order-module'));
      expect(double.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  describe('checkout', () => {
    it('opens a Checkout Session for the order, keyed by the caller, and replays a retry', async () => {
      const checkout = await payments.createCheckout(checkoutFor(ORDER_ID));
      const [sent] = double.requestsTo('POST', '/v1/checkout/sessions');
      expect(sent!.body).toEqual({
        mode: 'payment',
        'line_items[0][quantity]': '1',
        'line_items[0][price_data][currency]': 'usd',
        'line_items[0][price_data][unit_amount]': '12500',
        'line_items[0][price_data][product_data][name]': 'Dataset bundle: harbour footage',
        'payment_intent_data[transfer_group]': `order:${ORDER_ID}`,
        'payment_intent_data[metadata][order_id]': ORDER_ID,
        'metadata[order_id]': ORDER_ID,
        client_reference_id: ORDER_ID,
        success_url: `https://clearframe.test/orders/${ORDER_ID}/paid`,
        cancel_url: `https://clearframe.test/orders/${ORDER_ID}`,
        customer_email: 'lab@example.test',
      });
      expect(sent!.idempotencyKey).toBe(`checkout:${ORDER_ID}`);
      expect(sent!.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
      expect(sent!.headers['stripe-version']).toBe('2026-10-28.endive');

      expect(checkout.sessionId).toMatch(/^cs_test_\w{24}$/);
      expect(
        checkout.url.startsWith(`https://checkout.stripe.com/c/pay/${checkout.sessionId}#`),
      ).toBe(true);
      // The double sets expires_at to 24 h after it answered, in whole seconds.
      const hoursLeft = (checkout.expiresAt.getTime() - Date.now()) / 3_600_000;
      expect(hoursLeft).toBeGreaterThan(23.99);
      expect(hoursLeft).toBeLessThanOrEqual(24);
      expect(checkout.expiresAt.getMilliseconds()).toBe(0);

      const retried = await payments.createCheckout(checkoutFor(ORDER_ID));
      expect(retried).toEqual(checkout);
      const both = double.requestsTo('POST', '/v1/checkout/sessions');
      expect(both).toHaveLength(2);
      expect(both[1]!.idempotencyKey).toBe(both[0]!.idempotencyKey);
    });

    it('leaves the email out when there is none', async () => {
      const { customerEmail: _, ...withoutEmail } = checkoutFor('order-no-email');
      await payments.createCheckout(withoutEmail);
      const [sent] = double.requestsTo('POST', '/v1/checkout/sessions');
      expect(sent!.body).not.toHaveProperty('customer_email');
      expect(sent!.body.client_reference_id).toBe('order-no-email');
    });

    it('answers a key reused for another amount with a conflict, as Stripe refuses it', async () => {
      const first = await payments.createCheckout(checkoutFor('order-reused'));
      const error = await refusal(payments.createCheckout(checkoutFor('order-reused', 99)));
      expect(error.code).toBe('conflict');
      expect(error.message).toBe(
        'This idempotency key was already used for a different payment request.',
      );
      // Stripe kept the first answer for the key.
      expect(await payments.createCheckout(checkoutFor('order-reused'))).toEqual(first);
    });

    it('refuses an invalid request before asking Stripe', async () => {
      const cases: [Partial<CheckoutRequest>, string][] = [
        [{ amount: usd(0) }, 'amount.amountMinor'],
        [{ amount: { amountMinor: 100, currency: 'XXX' as 'USD' } }, 'amount.currency'],
        [{ successUrl: 'javascript:alert(1)' }, 'successUrl'],
        [{ idempotencyKey: ' ' }, 'idempotencyKey'],
      ];
      for (const [change, path] of cases) {
        const error = await refusal(payments.createCheckout({ ...checkoutFor('o-x'), ...change }));
        expect(error.code).toBe('validation_failed');
        expect(error.extras.errors?.map((e) => e.path)).toEqual([path]);
      }
      expect(double.requests).toEqual([]);
    });
  });

  describe('transfers', () => {
    const destination = 'acct_1CreatorDouble000';

    it('pays a creator from the source charge of a payment intent, once per key', async () => {
      double.seedPaymentIntent({
        id: 'pi_3SourcePayment',
        object: 'payment_intent',
        status: 'succeeded',
        latest_charge: 'ch_3SourceCharge',
        amount: 12_500,
        currency: 'usd',
      });
      const request = {
        destinationAccountId: destination,
        amount: usd(8_000),
        idempotencyKey: 'statement:org-creator:2026-11',
        transferGroup: `order:${ORDER_ID}`,
        sourcePaymentId: 'pi_3SourcePayment',
        description: 'Royalties 2026-11',
      };
      const transfer = await payments.createTransfer(request);
      expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /v1/payment_intents/pi_3SourcePayment',
        'POST /v1/transfers',
      ]);
      const sent = double.requests[1]!;
      expect(sent.body).toEqual({
        amount: '8000',
        currency: 'usd',
        destination,
        transfer_group: `order:${ORDER_ID}`,
        source_transaction: 'ch_3SourceCharge',
        description: 'Royalties 2026-11',
      });
      expect(sent.idempotencyKey).toBe('statement:org-creator:2026-11');
      expect(transfer).toEqual({
        transferId: expect.stringMatching(/^tr_\w{24}$/),
        destinationAccountId: destination,
        amount: usd(8_000),
      });

      expect(await payments.createTransfer(request)).toEqual(transfer);
      const posts = double.requestsTo('POST', '/v1/transfers');
      expect(posts.map((r) => r.idempotencyKey)).toEqual([
        'statement:org-creator:2026-11',
        'statement:org-creator:2026-11',
      ]);
    });

    it('uses a charge id as the source as given, and sends only what it has', async () => {
      await payments.createTransfer({
        destinationAccountId: destination,
        amount: usd(500),
        idempotencyKey: 'payout:p-2',
        sourcePaymentId: 'ch_3Direct',
      });
      expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/transfers']);
      expect(double.requests[0]!.body).toEqual({
        amount: '500',
        currency: 'usd',
        destination,
        source_transaction: 'ch_3Direct',
      });
    });

    it('refuses a source payment that has not settled, and ids that are not Stripe’s', async () => {
      double.seedPaymentIntent({
        id: 'pi_3Processing',
        object: 'payment_intent',
        status: 'processing',
        latest_charge: null,
      });
      const unsettled = await refusal(
        payments.createTransfer({
          destinationAccountId: destination,
          amount: usd(500),
          idempotencyKey: 'payout:p-3',
          sourcePaymentId: 'pi_3Processing',
        }),
      );
      expect(unsettled.code).toBe('validation_failed');
      expect(unsettled.message).toBe(
        'The payment provider refused the request (payment_not_settled).',
      );
      const offlineId = await refusal(
        payments.createTransfer({
          destinationAccountId: 'creator-account',
          amount: usd(500),
          idempotencyKey: 'payout:p-4',
        }),
      );
      expect(offlineId.extras.errors?.map((e) => e.path)).toEqual(['destinationAccountId']);
      expect(double.requestsTo('POST', '/v1/transfers')).toEqual([]);
    });

    it('reverses part, then the rest, replaying a retried reversal', async () => {
      const transfer = await payments.createTransfer({
        destinationAccountId: destination,
        amount: usd(8_000),
        idempotencyKey: 'statement:org-rev:2026-11',
      });
      const partialRequest = {
        transferId: transfer.transferId,
        amount: usd(3_000),
        idempotencyKey: 'refund:r-1',
      };
      const partial = await payments.reverseTransfer(partialRequest);
      expect(partial).toEqual({
        reversalId: expect.stringMatching(/^trr_\w{24}$/),
        transferId: transfer.transferId,
        amount: usd(3_000),
      });
      const reversalPath = `/v1/transfers/${transfer.transferId}/reversals`;
      const [sent] = double.requestsTo('POST', reversalPath);
      expect(sent!.body).toEqual({ amount: '3000' });
      expect(sent!.idempotencyKey).toBe('refund:r-1');

      const whole = await payments.reverseTransfer({
        transferId: transfer.transferId,
        idempotencyKey: 'dispute:d-1',
      });
      expect(double.requestsTo('POST', reversalPath)[1]!.body).toEqual({});
      // Without an amount Stripe reverses what is left.
      expect(whole.amount).toEqual(usd(5_000));
      expect(whole.reversalId).not.toBe(partial.reversalId);

      // A retry after the transfer is fully reversed still gets the first answer.
      expect(await payments.reverseTransfer(partialRequest)).toEqual(partial);

      const tooLate = await refusal(
        payments.reverseTransfer({
          transferId: transfer.transferId,
          amount: usd(1_000),
          idempotencyKey: 'refund:r-2',
        }),
      );
      expect(tooLate.code).toBe('validation_failed');
      expect(tooLate.message).toBe('The payment provider refused the request (amount_too_large).');
    });

    it('refuses a reversal beyond the transfer or in another currency without asking Stripe to reverse', async () => {
      const transfer = await payments.createTransfer({
        destinationAccountId: destination,
        amount: usd(8_000),
        idempotencyKey: 'statement:org-rev2:2026-11',
      });
      for (const amount of [usd(9_000), { amountMinor: 100, currency: 'EUR' as const }]) {
        const error = await refusal(
          payments.reverseTransfer({
            transferId: transfer.transferId,
            amount,
            idempotencyKey: `refund:${amount.currency}`,
          }),
        );
        expect(error.code).toBe('validation_failed');
        expect(error.extras.errors?.map((e) => e.path)).toEqual(['amount']);
      }
      expect(double.requestsTo('POST', `/v1/transfers/${transfer.transferId}/reversals`)).toEqual(
        [],
      );
      const unknown = await refusal(
        payments.reverseTransfer({ transferId: 'tr_nope', idempotencyKey: 'refund:r-3' }),
      );
      expect(unknown.code).toBe('not_found');
      expect(unknown.message).toBe('The transfer was not found.');
    });
  });

  describe('onboarding', () => {
    const links = {
      returnUrl: 'https://clearframe.test/studio/payouts',
      refreshUrl: 'https://clearframe.test/studio/payouts/retry',
    };

    it('creates one connected account per organization and a Stripe-hosted onboarding link', async () => {
      const link = await payments.createOnboardingLink({
        orgId: 'org-creator',
        email: 'creator@example.test',
        country: 'FR',
        ...links,
      });
      const [account] = double.requestsTo('POST', '/v1/accounts');
      expect(account!.body).toEqual({
        'controller[fees][payer]': 'account',
        'controller[losses][payments]': 'stripe',
        'controller[requirement_collection]': 'stripe',
        'controller[stripe_dashboard][type]': 'full',
        'capabilities[transfers][requested]': 'true',
        'metadata[org_id]': 'org-creator',
        country: 'FR',
        email: 'creator@example.test',
      });
      expect(account!.idempotencyKey).toBe('connect-account:org-creator');
      const [linkRequest] = double.requestsTo('POST', '/v1/account_links');
      expect(linkRequest!.body).toEqual({
        account: link.accountId,
        type: 'account_onboarding',
        refresh_url: links.refreshUrl,
        return_url: links.returnUrl,
      });
      expect(linkRequest!.idempotencyKey).toMatch(
        new RegExp(`^onboarding-link:org-creator:${link.accountId}:\\d+:[0-9a-f]{16}$`),
      );
      expect(link.accountId).toMatch(/^acct_\w{16}$/);
      expect(link.url.startsWith(`https://connect.stripe.com/setup/s/${link.accountId}/`)).toBe(
        true,
      );
      const minutesLeft = (link.expiresAt.getTime() - Date.now()) / 60_000;
      expect(minutesLeft).toBeGreaterThan(4.9);
      expect(minutesLeft).toBeLessThanOrEqual(5);

      // A retried click: the same account and the same link.
      const again = await payments.createOnboardingLink({
        orgId: 'org-creator',
        email: 'creator@example.test',
        country: 'FR',
        ...links,
      });
      expect(again).toEqual(link);

      // Later, with the stored account: no new account, a fresh link.
      clock.advance(61_000);
      const later = await payments.createOnboardingLink({
        orgId: 'org-creator',
        accountId: link.accountId,
        ...links,
      });
      expect(later.accountId).toBe(link.accountId);
      expect(later.url).not.toBe(link.url);
      expect(double.requestsTo('POST', '/v1/accounts')).toHaveLength(2);
      expect(
        new Set(double.requestsTo('POST', '/v1/accounts').map((r) => r.idempotencyKey)),
      ).toEqual(new Set(['connect-account:org-creator']));
    });

    it('hands a new account to recordAccount before it asks for the link', async () => {
      const seen: { accountId: string; linkRequests: number }[] = [];
      const recordAccount = async (accountId: string) => {
        seen.push({
          accountId,
          linkRequests: double.requestsTo('POST', '/v1/account_links').length,
        });
      };
      // The link fails every attempt (the SDK retries twice): the account is known all the same.
      double.failNext(503, 3, '/v1/account_links');
      const error = await refusal(
        payments.createOnboardingLink({ orgId: 'org-hook', recordAccount, ...links }),
      );
      expect(error.code).toBe('service_unavailable');
      const created = double.requestsTo('POST', '/v1/accounts');
      expect(created).toHaveLength(1);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.linkRequests).toBe(0);
      expect(double.account(seen[0]!.accountId)?.metadata).toEqual({ org_id: 'org-hook' });
      // With the stored account, the hook is not called again and no account is made.
      const link = await payments.createOnboardingLink({
        orgId: 'org-hook',
        accountId: seen[0]!.accountId,
        recordAccount,
        ...links,
      });
      expect(link.accountId).toBe(seen[0]!.accountId);
      expect(seen).toHaveLength(1);
      expect(double.requestsTo('POST', '/v1/accounts')).toHaveLength(1);
    });

    it('answers an account Stripe does not know with not found', async () => {
      const error = await refusal(
        payments.createOnboardingLink({ orgId: 'org-x', accountId: 'acct_unknown', ...links }),
      );
      expect(error.code).toBe('not_found');
      expect(error.message).toBe('The payment account was not found.');
    });
  });

  describe('webhook events', () => {
    async function parse(event: Record<string, unknown>) {
      const signed = signedStripeEvent(event, WEBHOOK_SECRET);
      return payments.parseWebhookEvent(Buffer.from(signed.body), signed.signature);
    }

    const session = (changes: Record<string, unknown> = {}) => ({
      id: 'cs_test_a1Session',
      object: 'checkout.session',
      amount_total: 12_500,
      client_reference_id: ORDER_ID,
      currency: 'usd',
      metadata: { order_id: ORDER_ID },
      mode: 'payment',
      payment_intent: 'pi_3Paid',
      payment_status: 'paid',
      status: 'complete',
      ...changes,
    });

    it('translates a paid checkout, and waits for an asynchronous one', async () => {
      expect(
        await parse(stripeEvent('checkout.session.completed', session(), { id: 'evt_1Paid' })),
      ).toEqual({
        type: 'checkout.completed',
        eventId: 'evt_1Paid',
        sessionId: 'cs_test_a1Session',
        orderId: ORDER_ID,
        paymentId: 'pi_3Paid',
        amount: usd(12_500),
      });
      expect(
        await parse(
          stripeEvent(
            'checkout.session.completed',
            session({ payment_status: 'unpaid', payment_intent: 'pi_3Debit' }),
            { id: 'evt_1Unpaid' },
          ),
        ),
      ).toEqual({
        type: 'ignored',
        eventId: 'evt_1Unpaid',
        providerType: 'checkout.session.completed',
      });
      expect(
        await parse(
          stripeEvent(
            'checkout.session.async_payment_succeeded',
            session({ payment_intent: 'pi_3Debit', metadata: {}, currency: 'eur' }),
            { id: 'evt_1AsyncOk' },
          ),
        ),
      ).toEqual({
        type: 'checkout.completed',
        eventId: 'evt_1AsyncOk',
        sessionId: 'cs_test_a1Session',
        // No metadata: the client reference names the order.
        orderId: ORDER_ID,
        paymentId: 'pi_3Debit',
        amount: { amountMinor: 12_500, currency: 'EUR' },
      });
      expect(
        await parse(
          stripeEvent(
            'checkout.session.async_payment_failed',
            session({ payment_status: 'unpaid' }),
            { id: 'evt_1AsyncFail' },
          ),
        ),
      ).toEqual({
        type: 'checkout.failed',
        eventId: 'evt_1AsyncFail',
        sessionId: 'cs_test_a1Session',
        orderId: ORDER_ID,
      });
    });

    it('translates a paid invoice, naming the payment intent its payment carries', async () => {
      const invoice = {
        id: 'in_1Invoiced',
        object: 'invoice',
        amount_paid: 40_000,
        currency: 'usd',
        metadata: { order_id: ORDER_ID },
        status: 'paid',
      };
      double.seedInvoicePayment({
        id: 'inpay_1',
        object: 'invoice_payment',
        invoice: 'in_1Invoiced',
        amount_paid: 40_000,
        currency: 'usd',
        is_default: true,
        status: 'paid',
        payment: { type: 'payment_intent', payment_intent: 'pi_3Invoice' },
      });
      expect(await parse(stripeEvent('invoice.paid', invoice, { id: 'evt_1Invoice' }))).toEqual({
        type: 'invoice.paid',
        eventId: 'evt_1Invoice',
        invoiceId: 'in_1Invoiced',
        orderId: ORDER_ID,
        paymentId: 'pi_3Invoice',
        amount: usd(40_000),
      });
      const [listed] = double.requestsTo('GET', '/v1/invoice_payments');
      expect(listed!.query).toEqual({ invoice: 'in_1Invoiced', status: 'paid', limit: '10' });

      // Payments included in the payload are read without asking Stripe.
      double.requests.length = 0;
      const included = {
        ...invoice,
        id: 'in_1Included',
        payments: {
          object: 'list',
          data: [
            { status: 'paid', payment: { type: 'payment_intent', payment_intent: 'pi_3Inc' } },
          ],
        },
      };
      expect(await parse(stripeEvent('invoice.paid', included))).toMatchObject({
        invoiceId: 'in_1Included',
        paymentId: 'pi_3Inc',
      });
      expect(double.requests).toEqual([]);

      expect(
        await parse(stripeEvent('invoice.paid', { ...invoice, metadata: {} }, { id: 'evt_1Sub' })),
      ).toEqual({ type: 'ignored', eventId: 'evt_1Sub', providerType: 'invoice.paid' });
    });

    it('translates refunds with the order from the transfer group, and disputes', async () => {
      const charge = {
        id: 'ch_3Paid',
        object: 'charge',
        amount: 12_500,
        amount_refunded: 7_500,
        currency: 'usd',
        payment_intent: 'pi_3Paid',
        refunded: false,
        transfer_group: `order:${ORDER_ID}`,
      };
      expect(await parse(stripeEvent('charge.refunded', charge, { id: 'evt_1Refund' }))).toEqual({
        type: 'payment.refunded',
        eventId: 'evt_1Refund',
        paymentId: 'pi_3Paid',
        orderId: ORDER_ID,
        amount: usd(7_500),
      });
      expect(
        await parse(
          stripeEvent('charge.refunded', { ...charge, transfer_group: 'statement:2026-11' }),
        ),
      ).toMatchObject({ type: 'payment.refunded', orderId: null });

      const dispute = {
        id: 'dp_1Dispute',
        object: 'dispute',
        amount: 12_500,
        charge: 'ch_3Paid',
        currency: 'usd',
        payment_intent: 'pi_3Paid',
        reason: 'fraudulent',
        status: 'needs_response',
      };
      expect(
        await parse(stripeEvent('charge.dispute.created', dispute, { id: 'evt_1Dp' })),
      ).toEqual({
        type: 'payment.disputed',
        eventId: 'evt_1Dp',
        paymentId: 'pi_3Paid',
        orderId: null,
        disputeId: 'dp_1Dispute',
        amount: usd(12_500),
      });
      for (const [status, won] of [
        ['won', true],
        ['warning_closed', true],
        ['lost', false],
      ] as const) {
        expect(
          await parse(
            stripeEvent(
              'charge.dispute.closed',
              { ...dispute, status },
              { id: `evt_1Dp${status}` },
            ),
          ),
        ).toEqual({
          type: 'payment.dispute_closed',
          eventId: `evt_1Dp${status}`,
          paymentId: 'pi_3Paid',
          orderId: null,
          disputeId: 'dp_1Dispute',
          won,
        });
      }
    });

    it('translates account updates, and acknowledges what it does not act on', async () => {
      expect(
        await parse(
          stripeEvent(
            'account.updated',
            {
              id: 'acct_1Creator',
              object: 'account',
              payouts_enabled: true,
              charges_enabled: false,
            },
            { id: 'evt_1Acct', created: 1_796_000_000 },
          ),
        ),
      ).toEqual({
        type: 'account.updated',
        eventId: 'evt_1Acct',
        accountId: 'acct_1Creator',
        payoutsEnabled: true,
        // No requirements object (an older API version's shape): nothing is needed.
        requirements: { currentlyDue: [], pastDue: [], disabledReason: null },
        occurredAt: '2026-11-30T00:53:20.000Z',
      });
      expect(
        await parse(
          stripeEvent(
            'account.updated',
            {
              id: 'acct_1Creator',
              object: 'account',
              payouts_enabled: false,
              charges_enabled: false,
              requirements: {
                alternatives: [],
                current_deadline: 1_796_600_000,
                currently_due: ['individual.verification.document', 'external_account'],
                disabled_reason: 'requirements.past_due',
                errors: [],
                eventually_due: ['individual.verification.document', 'external_account'],
                past_due: ['tos_acceptance.date'],
                pending_verification: [],
              },
            },
            { id: 'evt_2Acct', created: 1_796_000_060 },
          ),
        ),
      ).toEqual({
        type: 'account.updated',
        eventId: 'evt_2Acct',
        accountId: 'acct_1Creator',
        payoutsEnabled: false,
        requirements: {
          currentlyDue: ['individual.verification.document', 'external_account'],
          pastDue: ['tos_acceptance.date'],
          disabledReason: 'requirements.past_due',
        },
        occurredAt: '2026-11-30T00:54:20.000Z',
      });
      expect(
        await parse(
          stripeEvent('payout.paid', { id: 'po_1', object: 'payout' }, { id: 'evt_1Po' }),
        ),
      ).toEqual({ type: 'ignored', eventId: 'evt_1Po', providerType: 'payout.paid' });
    });

    it('refuses events altered, unsigned, signed by someone else or too old', async () => {
      const event = stripeEvent('charge.refunded', {
        id: 'ch_3Paid',
        object: 'charge',
        amount_refunded: 500,
        currency: 'usd',
        payment_intent: 'pi_3Paid',
        transfer_group: null,
      });
      const signed = signedStripeEvent(event, WEBHOOK_SECRET);
      const stranger = signedStripeEvent(event, 'whsec_someoneElsesSecret');
      const now = Math.floor(clock.now().getTime() / 1000);
      const old = signedStripeEvent(event, WEBHOOK_SECRET, now - 301);
      const tampered = signed.body.replace('"amount_refunded": 500', '"amount_refunded": 50000');
      expect(tampered).not.toBe(signed.body);
      const cases: [string, string | undefined, string][] = [
        [tampered, signed.signature, 'the signature does not match.'],
        [signed.body, undefined, 'no signature.'],
        [signed.body, '', 'no signature.'],
        [signed.body, 't=1,v1=00ff', 'the signature does not match.'],
        [signed.body, signed.signature.replace(/,v1=.*/, ''), 'no signature.'],
        ['not json', stripeSignature('not json', WEBHOOK_SECRET), 'the body is not JSON.'],
        [stranger.body, stranger.signature, 'the signature does not match.'],
        [old.body, old.signature, 'the signature is too old.'],
      ];
      for (const [body, header, reason] of cases) {
        const error = await refusal(payments.parseWebhookEvent(body, header));
        expect(error.code).toBe('malformed_request');
        expect(error.message).toBe(`The payment event was refused: ${reason}`);
        expect(error.message).not.toContain(WEBHOOK_SECRET);
      }

      // Within the tolerance it is accepted; past it, the same delivery is refused.
      const fresh = signedStripeEvent(event, WEBHOOK_SECRET, now);
      await payments.parseWebhookEvent(fresh.body, fresh.signature);
      clock.advance(301_000);
      expect((await refusal(payments.parseWebhookEvent(fresh.body, fresh.signature))).message).toBe(
        'The payment event was refused: the signature is too old.',
      );
    });
  });

  describe('when Stripe fails', () => {
    it('retries a 500 with the same key, then answers unavailable without the key', async () => {
      double.failNext(500, 3);
      const error = await refusal(payments.createCheckout(checkoutFor('order-500')));
      expect(error.code).toBe('service_unavailable');
      expect(error.extras.retryAfterSeconds).toBe(30);
      expect(error.message).toBe('The payment provider is unavailable. Try again in a moment.');
      expect(error.message).not.toContain(SECRET_KEY);
      const attempts = double.requestsTo('POST', '/v1/checkout/sessions');
      expect(attempts.map((a) => a.idempotencyKey)).toEqual([
        'checkout:order-500',
        'checkout:order-500',
        'checkout:order-500',
      ]);
    });

    it('gets through when a retry succeeds', async () => {
      double.failNext(503, 1);
      const checkout = await payments.createCheckout(checkoutFor('order-503'));
      expect(checkout.sessionId).toMatch(/^cs_test_/);
      expect(double.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(2);
    });

    it('answers its rate limit as unavailable, without retrying at once', async () => {
      double.failNext(429, 1);
      const error = await refusal(
        payments.createTransfer({
          destinationAccountId: 'acct_1Creator',
          amount: usd(100),
          idempotencyKey: 'payout:429',
        }),
      );
      expect(error.code).toBe('service_unavailable');
      expect(double.requestsTo('POST', '/v1/transfers')).toHaveLength(1);
    });

    it('answers a refused connection as unavailable', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const unreachable = new StripePaymentProvider(configFor(`http://127.0.0.1:${port}`), clock);
      const error = await refusal(
        unreachable.createOnboardingLink({
          orgId: 'org-down',
          returnUrl: 'https://clearframe.test/a',
          refreshUrl: 'https://clearframe.test/b',
        }),
      );
      expect(error.code).toBe('service_unavailable');
      expect(error.message).not.toContain(SECRET_KEY);
    });

    it('answers a key Stripe refuses as our misconfiguration, naming no key', async () => {
      const wrongKey = 'sk_test_51SomeOtherKeyThatIsWrong0000';
      const misconfigured = new StripePaymentProvider(configFor(double.url, wrongKey), clock);
      const error = await refusal(misconfigured.createCheckout(checkoutFor('order-401')));
      expect(error.code).toBe('internal_error');
      expect(error.message).toBe('Payments are misconfigured on our side.');
      expect(error.message).not.toContain(wrongKey);
      expect(error.message).not.toContain('sk_test');
    });
  });
});
