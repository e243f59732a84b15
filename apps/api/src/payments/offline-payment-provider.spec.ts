import { beforeEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../test/support/fake-clock.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { OfflinePaymentProvider } from './offline-payment-provider.js';
import type { CheckoutRequest } from './payment-provider.js';

const config = AppConfig.fromEnv({
  PUBLIC_API_URL: 'https://api.clearframe.test',
  WEB_ORIGIN: 'https://clearframe.test',
});
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });

function checkoutFor(orderId: string, amountMinor = 12_500): CheckoutRequest {
  return {
    orderId,
    amount: usd(amountMinor),
    description: 'Dataset bundle: harbour footage',
    successUrl: 'https://clearframe.test/orders/o/paid',
    cancelUrl: 'https://clearframe.test/orders/o',
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

describe('OfflinePaymentProvider', () => {
  let clock: FakeClock;
  let payments: OfflinePaymentProvider;
  beforeEach(() => {
    clock = new FakeClock();
    payments = new OfflinePaymentProvider(config, clock);
  });

  it('opens one checkout per idempotency key, on the local checkout page', async () => {
    const first = await payments.createCheckout(checkoutFor('order-1'));
    clock.advance(60_000);
    const retried = await payments.createCheckout(checkoutFor('order-1'));
    const other = await payments.createCheckout(checkoutFor('order-2'));
    expect(retried).toEqual(first);
    expect(other.sessionId).not.toBe(first.sessionId);
    expect(first.sessionId).toMatch(/^cs_offline_[0-9a-f]{24}$/);
    // The id is the capability to pay: not computable from the key by anyone else.
    const elsewhere = await new OfflinePaymentProvider(config, clock).createCheckout(
      checkoutFor('order-1'),
    );
    expect(elsewhere.sessionId).not.toBe(first.sessionId);
    expect(first.url).toBe(`https://clearframe.test/checkout/${first.sessionId}`);
    expect(first.expiresAt.getTime() - (clock.now().getTime() - 60_000)).toBe(24 * 3_600_000);
  });

  it('refuses an idempotency key reused for a different request', async () => {
    await payments.createCheckout(checkoutFor('order-1'));
    const error = await refusal(payments.createCheckout(checkoutFor('order-1', 99)));
    expect(error.code).toBe('conflict');
  });

  it('refuses amounts that are not positive whole minor units of a real currency', async () => {
    const cases: [CheckoutRequest['amount'], string][] = [
      [usd(0), 'amount.amountMinor'],
      [usd(12.5), 'amount.amountMinor'],
      [{ amountMinor: 100, currency: 'XXX' as 'USD' }, 'amount.currency'],
    ];
    for (const [amount, path] of cases) {
      const error = await refusal(payments.createCheckout({ ...checkoutFor('order-x'), amount }));
      expect(error.code).toBe('validation_failed');
      expect(error.extras.errors?.map((e) => e.path)).toEqual([path]);
    }
  });

  it('confirms a checkout through a signed event the webhook path verifies', async () => {
    const checkout = await payments.createCheckout(checkoutFor('order-1'));
    const confirmation = payments.completeCheckout({
      sessionId: checkout.sessionId,
      orderId: 'order-1',
      amount: usd(12_500),
    });
    const event = await payments.parseWebhookEvent(confirmation.body, confirmation.signature);
    expect(event).toEqual({
      type: 'checkout.completed',
      eventId: expect.stringMatching(/^evt_offline_[0-9a-f]{24}$/),
      sessionId: checkout.sessionId,
      orderId: 'order-1',
      paymentId: expect.stringMatching(/^pi_offline_[0-9a-f]{24}$/),
      amount: usd(12_500),
    });
    // Confirming again is the same event: the event dedupe downstream makes it a no-op.
    clock.advance(1_000);
    const again = payments.completeCheckout({
      sessionId: checkout.sessionId,
      orderId: 'order-1',
      amount: usd(12_500),
    });
    expect((await payments.parseWebhookEvent(again.body, again.signature)).eventId).toBe(
      event.eventId,
    );
  });

  it('refuses events that are altered, unsigned, stale or signed by someone else', async () => {
    const signed = payments.signEvent({
      type: 'payment.refunded',
      paymentId: 'pi_1',
      orderId: null,
      amount: usd(500),
    });
    const altered = signed.body.replace('500', '50000');
    const stranger = new OfflinePaymentProvider(config, clock).signEvent({
      type: 'payment.refunded',
      paymentId: 'pi_1',
      orderId: null,
      amount: usd(500),
    });
    const reasons: string[] = [];
    for (const [body, header] of [
      [altered, signed.signature],
      [signed.body, undefined],
      [signed.body, 't=1,v1=00ff'],
      [stranger.body, stranger.signature],
    ] as const) {
      const error = await refusal(payments.parseWebhookEvent(body, header));
      expect(error.code).toBe('malformed_request');
      reasons.push(error.message);
    }
    expect(reasons).toEqual([
      'The payment event was refused: the signature does not match.',
      'The payment event was refused: no signature.',
      'The payment event was refused: the signature does not match.',
      'The payment event was refused: the signature does not match.',
    ]);
    clock.advance(5 * 60_000 + 1_000);
    const stale = await refusal(payments.parseWebhookEvent(signed.body, signed.signature));
    expect(stale.message).toBe('The payment event was refused: the signature is too old.');
  });

  it('pays a creator once per key, and reverses all or part of it', async () => {
    const link = await payments.createOnboardingLink({
      orgId: 'org-creator',
      returnUrl: 'https://clearframe.test/studio/payouts',
      refreshUrl: 'https://clearframe.test/studio/payouts/retry',
    });
    expect(link.url).toBe('https://clearframe.test/studio/payouts');
    expect(
      (
        await payments.createOnboardingLink({
          orgId: 'org-creator',
          returnUrl: 'https://clearframe.test/a',
          refreshUrl: 'https://clearframe.test/b',
        })
      ).accountId,
    ).toBe(link.accountId);

    const request = {
      destinationAccountId: link.accountId,
      amount: usd(8_000),
      idempotencyKey: 'statement:org-creator:2026-11',
    };
    const transfer = await payments.createTransfer(request);
    expect(await payments.createTransfer(request)).toEqual(transfer);
    expect(transfer).toEqual({
      transferId: expect.stringMatching(/^tr_offline_[0-9a-f]{24}$/),
      destinationAccountId: link.accountId,
      amount: usd(8_000),
    });

    const partial = await payments.reverseTransfer({
      transferId: transfer.transferId,
      amount: usd(3_000),
      idempotencyKey: 'refund:r-1',
    });
    expect(partial).toMatchObject({ transferId: transfer.transferId, amount: usd(3_000) });
    const whole = await payments.reverseTransfer({
      transferId: transfer.transferId,
      idempotencyKey: 'dispute:d-1',
    });
    expect(whole.amount).toEqual(usd(8_000));
    expect(whole.reversalId).not.toBe(partial.reversalId);

    expect(
      (
        await refusal(
          payments.reverseTransfer({
            transferId: transfer.transferId,
            amount: usd(9_000),
            idempotencyKey: 'refund:r-2',
          }),
        )
      ).code,
    ).toBe('validation_failed');
    expect(
      (
        await refusal(
          payments.reverseTransfer({ transferId: 'tr_offline_nope', idempotencyKey: 'refund:r-3' }),
        )
      ).code,
    ).toBe('not_found');
    expect(
      (await refusal(payments.createTransfer({ ...request, destinationAccountId: 'acct_1Stripe' })))
        .code,
    ).toBe('validation_failed');
  });

  it('translates account events, and acknowledges verified events it does not act on', async () => {
    const requirements = {
      currentlyDue: ['external_account'],
      pastDue: [],
      disabledReason: 'requirements.past_due',
    };
    const ready = payments.signEvent({
      type: 'account.updated',
      accountId: 'acct_offline_0',
      payoutsEnabled: false,
      requirements,
      occurredAt: '2026-12-01T10:00:00.000Z',
    });
    expect(await payments.parseWebhookEvent(ready.body, ready.signature)).toEqual({
      type: 'account.updated',
      eventId: expect.stringMatching(/^evt_offline_/),
      accountId: 'acct_offline_0',
      payoutsEnabled: false,
      requirements,
      occurredAt: '2026-12-01T10:00:00.000Z',
    });
    // An account event without what the account still needs is not one the domains can apply.
    const bare = payments.signEvent({
      type: 'account.updated',
      accountId: 'acct_offline_0',
      payoutsEnabled: true,
    } as never);
    expect((await payments.parseWebhookEvent(bare.body, bare.signature)).type).toBe('ignored');
    const other = payments.signEvent({ type: 'payout.paid', payoutId: 'po_1' } as never);
    expect(await payments.parseWebhookEvent(Buffer.from(other.body), other.signature)).toEqual({
      type: 'ignored',
      eventId: expect.stringMatching(/^evt_offline_/),
      providerType: 'payout.paid',
    });
  });
});
