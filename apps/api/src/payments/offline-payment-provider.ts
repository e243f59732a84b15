import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CurrencyCode, MinorUnits, Money } from '@clearframe/contracts/money';
import { z } from 'zod';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import {
  PaymentProvider,
  type Checkout,
  type CheckoutRequest,
  type Invoice,
  type InvoiceRequest,
  type OnboardingLink,
  type OnboardingRequest,
  type PaymentEvent,
  type ProviderTransfer,
  type Transfer,
  type TransferRequest,
  type TransferReversal,
  type TransferReversalRequest,
} from './payment-provider.js';
import {
  idempotencyKeyReused,
  invalidPaymentRequest,
  transferNotFound,
  webhookSignatureInvalid,
} from './payments.errors.js';

const CHECKOUT_TTL_MS = 24 * 3_600_000;
const ONBOARDING_TTL_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How old a signed event may be, as Stripe's default tolerance. */
const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

const PositiveMoney = Money.refine((money) => money.amountMinor > 0, {
  message: 'The amount must be more than zero.',
  path: ['amountMinor'],
});
const Key = z.string().trim().min(1).max(255);
const Url = z.url({ protocol: /^https?$/ });
const CheckoutInput = z.object({
  orderId: z.string().min(1),
  amount: PositiveMoney,
  description: z.string().min(1).max(500),
  customerEmail: z.email().optional(),
  successUrl: Url,
  cancelUrl: Url,
  transferGroup: z.string().min(1),
  idempotencyKey: Key,
});
const InvoiceInput = z.object({
  orderId: z.string().min(1),
  amount: PositiveMoney,
  description: z.string().min(1).max(500),
  customer: z.object({
    orgId: z.string().min(1),
    name: z.string().min(1).max(256),
    email: z.email().optional(),
  }),
  daysUntilDue: z.number().int().min(1).max(365),
  transferGroup: z.string().min(1),
  idempotencyKey: Key,
});
const TransferInput = z.object({
  destinationAccountId: z.string().regex(/^acct_offline_[0-9a-f]{24}$/, 'Not an offline account.'),
  amount: PositiveMoney,
  idempotencyKey: Key,
  transferGroup: z.string().optional(),
  sourcePaymentId: z.string().optional(),
  description: z.string().optional(),
});
const ReversalInput = z.object({
  transferId: z.string(),
  amount: PositiveMoney.optional(),
  idempotencyKey: Key,
});
const OnboardingInput = z.object({
  orgId: z.string().min(1),
  accountId: z.string().optional(),
  email: z.email().optional(),
  country: z.string().length(2).optional(),
  returnUrl: Url,
  refreshUrl: Url,
});

const EventMoney = z.strictObject({ amountMinor: MinorUnits.min(0), currency: CurrencyCode });
const OfflineEvent = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('checkout.completed'),
    eventId: z.string(),
    sessionId: z.string(),
    orderId: z.string(),
    paymentId: z.string(),
    amount: EventMoney,
  }),
  z.strictObject({
    type: z.literal('checkout.failed'),
    eventId: z.string(),
    sessionId: z.string(),
    orderId: z.string(),
  }),
  z.strictObject({
    type: z.literal('invoice.paid'),
    eventId: z.string(),
    invoiceId: z.string(),
    orderId: z.string(),
    paymentId: z.string(),
    amount: EventMoney,
  }),
  z.strictObject({
    type: z.literal('payment.refunded'),
    eventId: z.string(),
    paymentId: z.string(),
    orderId: z.string().nullable(),
    amount: EventMoney,
  }),
  z.strictObject({
    type: z.literal('payment.disputed'),
    eventId: z.string(),
    paymentId: z.string(),
    orderId: z.string().nullable(),
    disputeId: z.string(),
    amount: EventMoney,
  }),
  z.strictObject({
    type: z.literal('payment.dispute_closed'),
    eventId: z.string(),
    paymentId: z.string(),
    orderId: z.string().nullable(),
    disputeId: z.string(),
    won: z.boolean(),
  }),
  z.strictObject({
    type: z.literal('account.updated'),
    eventId: z.string(),
    accountId: z.string(),
    payoutsEnabled: z.boolean(),
    requirements: z.strictObject({
      currentlyDue: z.array(z.string()),
      pastDue: z.array(z.string()),
      disabledReason: z.string().nullable(),
    }),
    occurredAt: z.iso.datetime({ offset: true }),
  }),
]);

/** An event the offline flows produce; its id is derived from its content. */
type OfflineEventInput =
  Exclude<PaymentEvent, { type: 'ignored' }> extends infer E
    ? E extends unknown
      ? Omit<E, 'eventId'>
      : never
    : never;

/** A signed event, as the provider would POST it to the webhook. */
export interface SignedEvent {
  body: string;
  signature: string;
}

/**
 * Payments settled locally (embedded mode, demos, tests): no money moves. Ids are derived from
 * the idempotency keys, so a retried request gets the same answer as a provider would give, and
 * reusing a key for a different request is refused as a provider would refuse it. Events are
 * signed like Stripe's (`t=…,v1=HMAC-SHA256`) with a key of this process, so the local checkout
 * confirmation travels the same verified webhook path Stripe's events do. What it did is kept in
 * memory only: offline mode runs as one process.
 */
@Injectable()
export class OfflinePaymentProvider extends PaymentProvider {
  readonly name = 'offline' as const;
  private readonly secret = randomBytes(32);
  /** idempotency key → fingerprint of the request and the answer given. */
  private readonly answered = new Map<string, { fingerprint: string; answer: unknown }>();
  /** What was transferred, for reconciliation (`listTransfers`). */
  private readonly transfers = new Map<string, ProviderTransfer>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
  }

  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const input = parse(CheckoutInput, request);
    return this.once('checkout', input.idempotencyKey, input, () => {
      // Keyed with this process's secret: the id is the capability to pay (as a Stripe
      // Checkout URL is), so it must not be computable from the order id it is derived for.
      const sessionId = `cs_offline_${this.keyedDigest('checkout', input.idempotencyKey)}`;
      return {
        sessionId,
        // The web app's demo checkout page, the local stand-in for Stripe's hosted page.
        url: `${this.config.server.webOrigin}/checkout/${sessionId}`,
        expiresAt: new Date(this.clock.now().getTime() + CHECKOUT_TTL_MS),
      };
    });
  }

  /**
   * An invoice "sent": offline nothing is mailed, and its page is the same demo checkout page,
   * where the lab pays it (`payInvoice`). Due `daysUntilDue` days from now.
   */
  async createInvoice(request: InvoiceRequest): Promise<Invoice> {
    const input = parse(InvoiceInput, request);
    return this.once('invoice', input.idempotencyKey, input, () => {
      const invoiceId = `in_offline_${digest('invoice', input.idempotencyKey)}`;
      return {
        invoiceId,
        url: `${this.config.server.webOrigin}/checkout/${invoiceId}`,
        dueAt: new Date(this.clock.now().getTime() + input.daysUntilDue * DAY_MS),
      };
    });
  }

  /**
   * Nothing to undo: the demo page pays only a pending order, and a lapsed order is cancelled,
   * so its invoice is already unpayable there.
   */
  voidInvoice(_invoiceId: string): Promise<{ status: 'void' | 'paid' }> {
    return Promise.resolve({ status: 'void' });
  }

  /**
   * What the demo page calls when the lab pays an invoice: the `invoice.paid` event Stripe
   * would send, signed. Paying twice yields the same event id, as for a checkout.
   */
  payInvoice(invoice: {
    invoiceId: string;
    orderId: string;
    amount: InvoiceRequest['amount'];
  }): SignedEvent {
    return this.signEvent({
      type: 'invoice.paid',
      invoiceId: invoice.invoiceId,
      orderId: invoice.orderId,
      paymentId: `pi_offline_${digest('payment', invoice.invoiceId)}`,
      amount: invoice.amount,
    });
  }

  /**
   * What the local checkout page calls when the buyer confirms: the `checkout.completed` event
   * Stripe would send, signed, to be handed to the webhook path. Confirming twice yields the
   * same event id, so the handler's event dedupe makes the second a no-op.
   */
  completeCheckout(checkout: {
    sessionId: string;
    orderId: string;
    amount: CheckoutRequest['amount'];
  }): SignedEvent {
    return this.signEvent({
      type: 'checkout.completed',
      sessionId: checkout.sessionId,
      orderId: checkout.orderId,
      paymentId: `pi_offline_${digest('payment', checkout.sessionId)}`,
      amount: checkout.amount,
    });
  }

  /** Signs any event the offline flows produce (refund, dispute, account ready). */
  signEvent(event: OfflineEventInput): SignedEvent {
    const eventId = `evt_offline_${digest('event', JSON.stringify(event))}`;
    const body = JSON.stringify({ ...event, eventId });
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    return { body, signature: `t=${timestamp},v1=${this.hmac(timestamp, body)}` };
  }

  async parseWebhookEvent(
    rawBody: string | Buffer,
    signatureHeader: string | undefined,
  ): Promise<PaymentEvent> {
    const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
    const parts = new Map(
      (signatureHeader ?? '').split(',').map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
      }),
    );
    const timestamp = Number(parts.get('t'));
    const given = Buffer.from(parts.get('v1') ?? '', 'hex');
    if (!Number.isInteger(timestamp) || given.length === 0) {
      throw webhookSignatureInvalid('no signature.');
    }
    const expected = Buffer.from(this.hmac(timestamp, body), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw webhookSignatureInvalid('the signature does not match.');
    }
    const age = Math.floor(this.clock.now().getTime() / 1000) - timestamp;
    if (Math.abs(age) > SIGNATURE_TOLERANCE_SECONDS) {
      throw webhookSignatureInvalid('the signature is too old.');
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw webhookSignatureInvalid('the body is not JSON.');
    }
    const event = OfflineEvent.safeParse(json);
    if (!event.success) {
      const type = (json as { type?: unknown } | null)?.type;
      const eventId = (json as { eventId?: unknown } | null)?.eventId;
      if (typeof type === 'string' && typeof eventId === 'string') {
        return { type: 'ignored', eventId, providerType: type };
      }
      throw webhookSignatureInvalid('the event is not one we know.');
    }
    return event.data;
  }

  async createTransfer(request: TransferRequest): Promise<Transfer> {
    const input = parse(TransferInput, request);
    return this.once('transfer', input.idempotencyKey, input, () => {
      const transfer: Transfer = {
        transferId: `tr_offline_${digest('transfer', input.idempotencyKey)}`,
        destinationAccountId: input.destinationAccountId,
        amount: input.amount,
      };
      this.transfers.set(transfer.transferId, {
        ...transfer,
        reversedMinor: 0,
        transferGroup: input.transferGroup ?? null,
        createdAt: this.clock.now(),
      });
      return transfer;
    });
  }

  async listTransfers(options: { since?: Date } = {}): Promise<ProviderTransfer[]> {
    return [...this.transfers.values()]
      .filter((transfer) => !options.since || transfer.createdAt >= options.since)
      .map((transfer) => ({ ...transfer, amount: { ...transfer.amount } }))
      .reverse();
  }

  async reverseTransfer(request: TransferReversalRequest): Promise<TransferReversal> {
    const input = parse(ReversalInput, request);
    const transfer = this.transfers.get(input.transferId);
    if (!transfer) throw transferNotFound();
    if (
      input.amount &&
      (input.amount.currency !== transfer.amount.currency ||
        input.amount.amountMinor > transfer.amount.amountMinor)
    ) {
      throw invalidPaymentRequest(
        new z.ZodError([
          {
            code: 'custom',
            path: ['amount'],
            message: 'A reversal cannot exceed the transfer or change its currency.',
            input: input.amount,
          },
        ]),
      );
    }
    return this.once('reversal', input.idempotencyKey, input, () => {
      const amount = input.amount ?? transfer.amount;
      transfer.reversedMinor += amount.amountMinor;
      return {
        reversalId: `trr_offline_${digest('reversal', input.idempotencyKey)}`,
        transferId: transfer.transferId,
        amount,
      };
    });
  }

  /** Offline there is nothing to fill in: the link leads straight back, payouts enabled. */
  async createOnboardingLink(request: OnboardingRequest): Promise<OnboardingLink> {
    const input = parse(OnboardingInput, request);
    const accountId = input.accountId ?? `acct_offline_${digest('account', input.orgId)}`;
    if (!input.accountId) await request.recordAccount?.(accountId);
    return {
      accountId,
      url: input.returnUrl,
      expiresAt: new Date(this.clock.now().getTime() + ONBOARDING_TTL_MS),
    };
  }

  private once<T>(kind: string, key: string, request: unknown, answer: () => T): T {
    const scoped = `${kind}:${key}`;
    const fingerprint = digest('request', JSON.stringify(request));
    const previous = this.answered.get(scoped);
    if (previous) {
      if (previous.fingerprint !== fingerprint) throw idempotencyKeyReused();
      return previous.answer as T;
    }
    const result = answer();
    this.answered.set(scoped, { fingerprint, answer: result });
    return result;
  }

  private keyedDigest(scope: string, value: string): string {
    return createHmac('sha256', this.secret)
      .update(`${scope}\0${value}`)
      .digest('hex')
      .slice(0, 24);
  }

  private hmac(timestamp: number, body: string): string {
    return createHmac('sha256', this.secret).update(`${timestamp}.${body}`).digest('hex');
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidPaymentRequest(result.error);
  return result.data;
}

/** 24 hex characters naming `value` in `scope`: the same input, the same id. */
function digest(scope: string, value: string): string {
  return createHash('sha256').update(`${scope}\0${value}`).digest('hex').slice(0, 24);
}
