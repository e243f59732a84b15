import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { CurrencyCode, Money, type MoneyType } from '@clearframe/contracts/money';
import Stripe from 'stripe';
import { z } from 'zod';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
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
  paymentAccountNotFound,
  paymentProviderMisconfigured,
  paymentProviderUnavailable,
  paymentRequestRefused,
  transferNotFound,
  webhookSignatureInvalid,
} from './payments.errors.js';

/** Stripe's own default: how old a signed event may be. */
const SIGNATURE_TOLERANCE_SECONDS = 300;
/**
 * Account links expire within minutes and work once, so a link key lives for one minute: a
 * retried click gets the same link, a later visit a fresh one.
 */
const ONBOARDING_LINK_KEY_WINDOW_MS = 60_000;

const PositiveMoney = Money.refine((money) => money.amountMinor > 0, {
  message: 'The amount must be more than zero.',
  path: ['amountMinor'],
});
const Key = z.string().trim().min(1).max(255);
const Url = z.url({ protocol: /^https?$/ });
const CheckoutInput = z.object({
  orderId: z.string().min(1).max(500),
  amount: PositiveMoney,
  description: z.string().min(1).max(500),
  customerEmail: z.email().optional(),
  successUrl: Url,
  cancelUrl: Url,
  transferGroup: z.string().min(1).max(500),
  idempotencyKey: Key,
});
const InvoiceInput = z.object({
  orderId: z.string().min(1).max(500),
  amount: PositiveMoney,
  description: z.string().min(1).max(500),
  customer: z.object({
    // Quoted into a search query: ids only.
    orgId: z.string().regex(/^[\w-]{1,100}$/, 'Not an organization id.'),
    name: z.string().min(1).max(256),
    email: z.email().optional(),
  }),
  daysUntilDue: z.number().int().min(1).max(365),
  transferGroup: z.string().min(1).max(500),
  idempotencyKey: z.string().trim().min(1).max(200),
});
const TransferInput = z.object({
  destinationAccountId: z.string().regex(/^acct_\w+$/, 'Not a Stripe account.'),
  amount: PositiveMoney,
  idempotencyKey: Key,
  transferGroup: z.string().min(1).optional(),
  sourcePaymentId: z
    .string()
    .regex(/^(pi|ch|py)_\w+$/, 'Not a Stripe payment.')
    .optional(),
  description: z.string().optional(),
});
const ReversalInput = z.object({
  transferId: z.string().regex(/^tr_\w+$/, 'Not a Stripe transfer.'),
  amount: PositiveMoney.optional(),
  idempotencyKey: Key,
});
const OnboardingInput = z.object({
  orgId: z.string().min(1),
  accountId: z
    .string()
    .regex(/^acct_\w+$/, 'Not a Stripe account.')
    .optional(),
  email: z.email().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'Use an ISO 3166-1 alpha-2 code such as FR.')
    .optional(),
  returnUrl: Url,
  refreshUrl: Url,
});

/** What a failed call was about, so a missing resource becomes the right "not found". */
type Operation = 'checkout' | 'invoice' | 'transfer' | 'reversal' | 'onboarding' | 'event';

/**
 * Payments through Stripe: Checkout for orders, or sent invoices for invoiced labs (the platform
 * charges, then pays creators with separate transfers tied by `transfer_group`), verified
 * webhooks translated into the port's events, Connect transfers and their reversals, and
 * Stripe-hosted onboarding of creators. Every POST carries the caller's idempotency key, so a retry returns Stripe's first answer and a
 * key reused for another request is refused as a conflict. SDK errors stop here: the domains see
 * domain errors whose messages never carry the key or what Stripe answered.
 */
@Injectable()
export class StripePaymentProvider extends PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly stripe: Stripe;
  private readonly webhookSecret: string;
  private readonly logger = new Logger('StripePayments');

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
    const payments = config.payments;
    if (payments.provider !== 'stripe') {
      throw new Error('StripePaymentProvider needs PAYMENTS_PROVIDER=stripe.');
    }
    this.webhookSecret = payments.webhookSecret;
    // The API version is the SDK's own (2026-10-28): its types describe that version only.
    this.stripe = new Stripe(payments.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      appInfo: { name: 'Clearframe' },
      ...payments.api,
    });
  }

  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const input = parse(CheckoutInput, request);
    const session = await this.call('checkout', () =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: input.amount.currency.toLowerCase(),
                unit_amount: input.amount.amountMinor,
                product_data: { name: input.description },
              },
            },
          ],
          payment_intent_data: {
            transfer_group: input.transferGroup,
            metadata: { order_id: input.orderId },
          },
          metadata: { order_id: input.orderId },
          client_reference_id: input.orderId,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    if (!session.url) throw unexpectedAnswer('the checkout session has no URL');
    return {
      sessionId: session.id,
      url: session.url,
      expiresAt: new Date(session.expires_at * 1000),
    };
  }

  /**
   * An invoice the lab pays within terms: the org's customer, a draft invoice with
   * `collection_method: send_invoice`, one item for the order's amount attached to that invoice
   * (so another order's pending item is never swept in), then finalized and sent by Stripe's
   * email. `auto_advance` is off because we advance it ourselves, right away. Every step has its
   * own key derived from the caller's, so a retry within Stripe's 24 hours resumes where the
   * last attempt stopped instead of sending a second invoice. The invoice's PaymentIntent cannot
   * carry a `transfer_group`; the metadata names it, and creators' transfers set their own.
   */
  async createInvoice(request: InvoiceRequest): Promise<Invoice> {
    const input = parse(InvoiceInput, request);
    const currency = input.amount.currency.toLowerCase();
    const key = input.idempotencyKey;
    const customer = await this.customerOf(input.customer);
    const draft = await this.call('invoice', () =>
      this.stripe.invoices.create(
        {
          customer,
          currency,
          collection_method: 'send_invoice',
          days_until_due: input.daysUntilDue,
          auto_advance: false,
          pending_invoice_items_behavior: 'exclude',
          description: input.description,
          metadata: { order_id: input.orderId, transfer_group: input.transferGroup },
        },
        { idempotencyKey: `${key}:invoice` },
      ),
    );
    await this.call('invoice', () =>
      this.stripe.invoiceItems.create(
        {
          customer,
          invoice: draft.id,
          amount: input.amount.amountMinor,
          currency,
          description: input.description,
          metadata: { order_id: input.orderId },
        },
        { idempotencyKey: `${key}:item` },
      ),
    );
    await this.call('invoice', () =>
      this.stripe.invoices.finalizeInvoice(
        draft.id,
        { auto_advance: false },
        { idempotencyKey: `${key}:finalize` },
      ),
    );
    const sent = await this.call('invoice', () =>
      this.stripe.invoices.sendInvoice(draft.id, {}, { idempotencyKey: `${key}:send` }),
    );
    if (!sent.hosted_invoice_url) throw unexpectedAnswer('the invoice has no hosted page');
    if (sent.due_date === null) throw unexpectedAnswer('the invoice has no due date');
    // The total, not `amount_due`: a customer's credit balance may lower what is left to pay.
    if (sent.total !== input.amount.amountMinor || sent.currency !== currency) {
      throw unexpectedAnswer('the invoice is not for the amount asked');
    }
    return {
      invoiceId: sent.id,
      url: sent.hosted_invoice_url,
      dueAt: new Date(sent.due_date * 1000),
    };
  }

  /**
   * Voids an order's invoice unless it was paid: read first, because Stripe answers voiding a
   * paid invoice with the same unnamed 400 as a draft one. A payment between the read and the
   * void makes the void fail; the job's retry reads it as paid.
   */
  async voidInvoice(invoiceId: string): Promise<{ status: 'void' | 'paid' }> {
    const invoice = await this.call('invoice', () => this.stripe.invoices.retrieve(invoiceId));
    if (invoice.status === 'paid') return { status: 'paid' };
    if (invoice.status === 'void') return { status: 'void' };
    const voided = await this.call('invoice', () =>
      this.stripe.invoices.voidInvoice(invoiceId, {}, { idempotencyKey: `void:${invoiceId}` }),
    );
    if (voided.status !== 'void') throw unexpectedAnswer('the invoice was not voided');
    return { status: 'void' };
  }

  /**
   * The organization's customer: found by its `org_id` metadata (kept up to date with the name
   * and billing email), or created. Search lags writes by up to a minute, so creation is keyed by
   * the org and what it is created with: two invoices in that minute share one customer.
   */
  private async customerOf(customer: z.output<typeof InvoiceInput>['customer']): Promise<string> {
    const found = await this.call('invoice', () =>
      this.stripe.customers.search({ query: `metadata['org_id']:'${customer.orgId}'`, limit: 1 }),
    );
    const existing = found.data[0];
    if (existing) {
      const email = customer.email ?? null;
      if (existing.name !== customer.name || (existing.email ?? null) !== email) {
        await this.call('invoice', () =>
          this.stripe.customers.update(existing.id, { name: customer.name, email: email ?? '' }),
        );
      }
      return existing.id;
    }
    const created = await this.call('invoice', () =>
      this.stripe.customers.create(
        {
          name: customer.name,
          ...(customer.email ? { email: customer.email } : {}),
          metadata: { org_id: customer.orgId },
        },
        {
          idempotencyKey: `customer:${customer.orgId}:${digest(
            `${customer.name}\0${customer.email ?? ''}`,
          )}`,
        },
      ),
    );
    return created.id;
  }

  async parseWebhookEvent(
    rawBody: string | Buffer,
    signatureHeader: string | undefined,
  ): Promise<PaymentEvent> {
    let event: Stripe.Event;
    try {
      event = await this.stripe.webhooks.constructEventAsync(
        rawBody,
        signatureHeader ?? '',
        this.webhookSecret,
        SIGNATURE_TOLERANCE_SECONDS,
        undefined,
        // Milliseconds: the age is measured on our clock, so tests move time instead of waiting.
        this.clock.now().getTime(),
      );
    } catch (error) {
      throw webhookSignatureInvalid(signatureRefusal(error));
    }
    return this.translate(event);
  }

  async createTransfer(request: TransferRequest): Promise<Transfer> {
    const input = parse(TransferInput, request);
    const sourceTransaction = input.sourcePaymentId
      ? await this.chargeOf(input.sourcePaymentId)
      : undefined;
    const transfer = await this.call('transfer', () =>
      this.stripe.transfers.create(
        {
          amount: input.amount.amountMinor,
          currency: input.amount.currency.toLowerCase(),
          destination: input.destinationAccountId,
          ...(input.transferGroup ? { transfer_group: input.transferGroup } : {}),
          ...(sourceTransaction ? { source_transaction: sourceTransaction } : {}),
          ...(input.description ? { description: input.description } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return {
      transferId: transfer.id,
      destinationAccountId: idOf(transfer.destination) ?? input.destinationAccountId,
      amount: moneyOf(transfer.amount, transfer.currency),
    };
  }

  async listTransfers(options: { since?: Date } = {}): Promise<ProviderTransfer[]> {
    const params: Stripe.TransferListParams = { limit: 100 };
    if (options.since) params.created = { gte: Math.floor(options.since.getTime() / 1000) };
    const transfers = await this.call('transfer', () =>
      this.stripe.transfers.list(params).autoPagingToArray({ limit: 10_000 }),
    );
    return transfers.map((transfer) => ({
      transferId: transfer.id,
      destinationAccountId: idOf(transfer.destination) ?? '',
      amount: moneyOf(transfer.amount, transfer.currency),
      reversedMinor: transfer.amount_reversed,
      transferGroup: transfer.transfer_group ?? null,
      createdAt: new Date(transfer.created * 1000),
    }));
  }

  async reverseTransfer(request: TransferReversalRequest): Promise<TransferReversal> {
    const input = parse(ReversalInput, request);
    if (input.amount) {
      // Stripe reverses in the transfer's currency whatever we meant: check before asking. What
      // is left to reverse is Stripe's to check, after its idempotent replay of a retry.
      const transfer = await this.call('reversal', () =>
        this.stripe.transfers.retrieve(input.transferId),
      );
      if (
        input.amount.currency.toLowerCase() !== transfer.currency ||
        input.amount.amountMinor > transfer.amount
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
    }
    const reversal = await this.call('reversal', () =>
      this.stripe.transfers.createReversal(
        input.transferId,
        input.amount ? { amount: input.amount.amountMinor } : {},
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return {
      reversalId: reversal.id,
      transferId: idOf(reversal.transfer) ?? input.transferId,
      amount: moneyOf(reversal.amount, reversal.currency),
    };
  }

  async createOnboardingLink(request: OnboardingRequest): Promise<OnboardingLink> {
    const input = parse(OnboardingInput, request);
    let accountId = input.accountId;
    if (!accountId) {
      accountId = await this.createAccount(input);
      await request.recordAccount?.(accountId);
    }
    const window = Math.floor(this.clock.now().getTime() / ONBOARDING_LINK_KEY_WINDOW_MS);
    const link = await this.call('onboarding', () =>
      this.stripe.accountLinks.create(
        {
          account: accountId,
          type: 'account_onboarding',
          refresh_url: input.refreshUrl,
          return_url: input.returnUrl,
        },
        {
          idempotencyKey: `onboarding-link:${input.orgId}:${accountId}:${window}:${digest(
            `${input.returnUrl}\0${input.refreshUrl}`,
          )}`,
        },
      ),
    );
    return { accountId, url: link.url, expiresAt: new Date(link.expires_at * 1000) };
  }

  /**
   * One connected account per organization (the key is the org), Stripe-hosted onboarding. The
   * creators are recipients of separate transfers: the platform's charges carry the refunds and
   * disputes of buyers already, while the connected account's own Stripe fees and any negative
   * balance on it are the account holder's and Stripe's, not the platform's (`fees.payer:
   * account`, `losses.payments: stripe`). That combination requires Stripe to collect the
   * requirements and the full Stripe Dashboard, which also spares us building one.
   * Stripe keeps an idempotency key for 24 hours: the caller stores the account id it gets back
   * and passes it next time, or a later call would make a second account.
   */
  private async createAccount(input: z.output<typeof OnboardingInput>): Promise<string> {
    const account = await this.call('onboarding', () =>
      this.stripe.accounts.create(
        {
          controller: {
            fees: { payer: 'account' },
            losses: { payments: 'stripe' },
            requirement_collection: 'stripe',
            stripe_dashboard: { type: 'full' },
          },
          capabilities: { transfers: { requested: true } },
          metadata: { org_id: input.orgId },
          ...(input.country ? { country: input.country } : {}),
          ...(input.email ? { email: input.email } : {}),
        },
        { idempotencyKey: `connect-account:${input.orgId}` },
      ),
    );
    return account.id;
  }

  /**
   * `source_transaction` wants a charge. The port names payments by their PaymentIntent (what
   * checkout events carry), so a `pi_…` is resolved to its latest charge, which for a succeeded
   * intent is the one that moved the money; a `ch_…`/`py_…` is used as given.
   */
  private async chargeOf(paymentId: string): Promise<string> {
    if (!paymentId.startsWith('pi_')) return paymentId;
    const intent = await this.call('transfer', () =>
      this.stripe.paymentIntents.retrieve(paymentId),
    );
    const charge = idOf(intent.latest_charge);
    if (!charge || intent.status !== 'succeeded')
      throw paymentRequestRefused('payment_not_settled');
    return charge;
  }

  private async translate(event: Stripe.Event): Promise<PaymentEvent> {
    const eventId = event.id;
    const ignored: PaymentEvent = { type: 'ignored', eventId, providerType: event.type };
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object;
        const orderId = session.metadata?.order_id ?? session.client_reference_id;
        const paymentId = idOf(session.payment_intent);
        // `unpaid`: an asynchronous method (a bank debit) is still on its way; its outcome comes
        // as async_payment_succeeded or async_payment_failed.
        const settled =
          session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
        if (!settled || !orderId || !paymentId || session.amount_total === null) return ignored;
        return {
          type: 'checkout.completed',
          eventId,
          sessionId: session.id,
          orderId,
          paymentId,
          amount: moneyOf(session.amount_total, session.currency),
        };
      }
      case 'checkout.session.async_payment_failed': {
        const session = event.data.object;
        const orderId = session.metadata?.order_id ?? session.client_reference_id;
        if (!orderId) return ignored;
        return { type: 'checkout.failed', eventId, sessionId: session.id, orderId };
      }
      case 'invoice.paid': {
        const invoice = event.data.object;
        const orderId = invoice.metadata?.order_id;
        if (!orderId) return ignored;
        return {
          type: 'invoice.paid',
          eventId,
          invoiceId: invoice.id,
          orderId,
          paymentId: await this.invoicePaymentId(invoice),
          amount: moneyOf(invoice.amount_paid, invoice.currency),
        };
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        return {
          type: 'payment.refunded',
          eventId,
          // The PaymentIntent, as checkout named the payment; a bare charge names itself.
          paymentId: idOf(charge.payment_intent) ?? charge.id,
          orderId: orderOfTransferGroup(charge.transfer_group),
          amount: moneyOf(charge.amount_refunded, charge.currency),
        };
      }
      case 'charge.dispute.created': {
        const dispute = event.data.object;
        return {
          type: 'payment.disputed',
          eventId,
          paymentId: idOf(dispute.payment_intent) ?? idOf(dispute.charge)!,
          orderId: null,
          disputeId: dispute.id,
          amount: moneyOf(dispute.amount, dispute.currency),
        };
      }
      case 'charge.dispute.closed': {
        const dispute = event.data.object;
        return {
          type: 'payment.dispute_closed',
          eventId,
          paymentId: idOf(dispute.payment_intent) ?? idOf(dispute.charge)!,
          orderId: null,
          disputeId: dispute.id,
          // `warning_closed`: an inquiry closed without becoming a chargeback; the funds were
          // never withdrawn, so the platform kept them, as the port means by `won`.
          won: dispute.status === 'won' || dispute.status === 'warning_closed',
        };
      }
      case 'account.updated': {
        const account = event.data.object;
        const requirements = account.requirements;
        return {
          type: 'account.updated',
          eventId,
          accountId: account.id,
          payoutsEnabled: account.payouts_enabled === true,
          requirements: {
            currentlyDue: requirements?.currently_due ?? [],
            pastDue: requirements?.past_due ?? [],
            disabledReason: requirements?.disabled_reason ?? null,
          },
          // The event's time, not the delivery's: Stripe retries deliveries for days.
          occurredAt: new Date(event.created * 1000).toISOString(),
        };
      }
      default:
        return ignored;
    }
  }

  /**
   * Since API version 2025-03-31 an invoice no longer names its PaymentIntent: its payments are
   * InvoicePayment objects, which events do not include (`payments` is expandable only), so
   * they are listed. The PaymentIntent is preferred because refunds and disputes of the same
   * money name it. An invoice paid out of band has no payment at Stripe: the invoice names it.
   */
  private async invoicePaymentId(invoice: Stripe.Invoice): Promise<string> {
    const payments =
      invoice.payments?.data ??
      (
        await this.call('event', () =>
          this.stripe.invoicePayments.list({ invoice: invoice.id, status: 'paid', limit: 10 }),
        )
      ).data;
    const paid = payments.find((payment) => payment.status === 'paid');
    return (
      idOf(paid?.payment.payment_intent) ??
      idOf(paid?.payment.charge) ??
      idOf(paid?.payment.payment_record) ??
      invoice.id
    );
  }

  /** Runs one SDK call and translates what it throws; the log line names no secret. */
  private async call<T>(operation: Operation, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeError)) throw error;
      this.logger.warn(
        `Stripe ${operation} failed: ${error.type}${error.statusCode ? ` ${error.statusCode}` : ''}` +
          `${error.code ? ` ${error.code}` : ''}${error.requestId ? ` (${error.requestId})` : ''}`,
      );
      throw translateError(error, operation);
    }
  }
}

function translateError(error: Stripe.errors.StripeError, operation: Operation): DomainError {
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  ) {
    return paymentProviderUnavailable();
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) return idempotencyKeyReused();
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return paymentProviderMisconfigured();
  }
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    error.code === 'resource_missing'
  ) {
    if (operation === 'reversal') return transferNotFound();
    if (operation === 'onboarding' || operation === 'transfer') {
      // The only ids these send are the connected account and the source payment.
      return error.param === 'source_transaction' || error.param === 'intent'
        ? paymentRequestRefused('resource_missing')
        : paymentAccountNotFound();
    }
  }
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeCardError
  ) {
    return paymentRequestRefused(error.code);
  }
  return unexpectedAnswer(error.type);
}

/** Stripe answered something we cannot use: ours to look into, not the caller's to fix. */
function unexpectedAnswer(what: string): DomainError {
  return new DomainError('internal_error', `The payment provider answered unexpectedly (${what}).`);
}

/** The SDK's reason, in the words the offline adapter uses; never the header or the secret. */
function signatureRefusal(error: unknown): string {
  if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
    if (/tolerance/i.test(error.message)) return 'the signature is too old.';
    if (/no stripe-signature|unable to extract|expected scheme/i.test(error.message)) {
      return 'no signature.';
    }
    return 'the signature does not match.';
  }
  if (error instanceof SyntaxError) return 'the body is not JSON.';
  return 'the event is not one we know.';
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidPaymentRequest(result.error);
  return result.data;
}

/** An expandable field's id: Stripe sends the id, or the object when expanded. */
function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

/** Stripe's lower-case currency to the port's money; a currency we do not know is Stripe's bug. */
function moneyOf(amountMinor: number, currency: string | null): MoneyType {
  const code = CurrencyCode.safeParse(currency?.toUpperCase());
  if (!code.success || !Number.isInteger(amountMinor) || amountMinor < 0) {
    throw unexpectedAnswer('an amount we cannot read');
  }
  return { amountMinor, currency: code.data };
}

/** Orders tie their payment to creators' transfers with `transfer_group = order:<uuid>`. */
function orderOfTransferGroup(group: string | null): string | null {
  const match = /^order:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(
    group ?? '',
  );
  return match ? match[1]! : null;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
