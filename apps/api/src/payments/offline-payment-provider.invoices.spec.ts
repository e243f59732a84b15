import { beforeEach, describe, expect, it } from '@jest/globals';
import { DAY, FakeClock } from '../../test/support/fake-clock.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { OfflinePaymentProvider } from './offline-payment-provider.js';
import type { InvoiceRequest } from './payment-provider.js';

const config = AppConfig.fromEnv({
  PUBLIC_API_URL: 'https://api.clearframe.test',
  WEB_ORIGIN: 'https://clearframe.test',
});

function invoiceFor(orderId: string, amountMinor = 1_688): InvoiceRequest {
  return {
    orderId,
    amount: { amountMinor, currency: 'USD' },
    description: 'Clearframe dataset license: Harbours (2 clips)',
    customer: { orgId: 'org-1', name: 'Perceptron Labs', email: 'ap@perceptron.test' },
    daysUntilDue: 30,
    transferGroup: `order:${orderId}`,
    idempotencyKey: `invoice:${orderId}`,
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

describe('OfflinePaymentProvider invoices', () => {
  let clock: FakeClock;
  let payments: OfflinePaymentProvider;
  beforeEach(() => {
    clock = new FakeClock();
    payments = new OfflinePaymentProvider(config, clock);
  });

  it('sends one invoice per key, on the demo checkout page, due in its days', async () => {
    const sentAt = clock.now().getTime();
    const first = await payments.createInvoice(invoiceFor('order-1'));
    clock.advance(60_000);
    const retried = await payments.createInvoice(invoiceFor('order-1'));
    const other = await payments.createInvoice(invoiceFor('order-2'));
    expect(retried).toEqual(first);
    expect(other.invoiceId).not.toBe(first.invoiceId);
    expect(first.invoiceId).toMatch(/^in_offline_[0-9a-f]{24}$/);
    expect(first.url).toBe(`https://clearframe.test/checkout/${first.invoiceId}`);
    expect(first.dueAt.getTime()).toBe(sentAt + 30 * DAY);
  });

  it('refuses a key reused for another invoice, and nonsense terms', async () => {
    await payments.createInvoice(invoiceFor('order-1'));
    expect((await refusal(payments.createInvoice(invoiceFor('order-1', 99)))).code).toBe(
      'conflict',
    );
    const error = await refusal(
      payments.createInvoice({ ...invoiceFor('order-3'), daysUntilDue: 0 }),
    );
    expect(error.code).toBe('validation_failed');
  });

  it('pays an invoice with a signed invoice.paid the webhook path accepts, once', async () => {
    const invoice = await payments.createInvoice(invoiceFor('order-1'));
    const paid = {
      invoiceId: invoice.invoiceId,
      orderId: 'order-1',
      amount: { amountMinor: 1_688, currency: 'USD' as const },
    };
    const signed = payments.payInvoice(paid);
    const event = await payments.parseWebhookEvent(signed.body, signed.signature);
    expect(event).toEqual({
      type: 'invoice.paid',
      eventId: expect.stringMatching(/^evt_offline_[0-9a-f]{24}$/),
      invoiceId: invoice.invoiceId,
      orderId: 'order-1',
      paymentId: expect.stringMatching(/^pi_offline_[0-9a-f]{24}$/),
      amount: { amountMinor: 1_688, currency: 'USD' },
    });
    const again = await payments.parseWebhookEvent(
      payments.payInvoice(paid).body,
      payments.payInvoice(paid).signature,
    );
    expect(again.eventId).toBe(event.eventId);
  });
});
