import type { MoneyType } from '@clearframe/contracts/money';

export interface CheckoutRequest {
  orderId: string;
  amount: MoneyType;
  /** What the buyer sees on the payment page. */
  description: string;
  customerEmail?: string;
  successUrl: string;
  cancelUrl: string;
  /** Ties the creators' transfers to this payment (Stripe's `transfer_group`). */
  transferGroup: string;
  /** Derived from the order, so a retried request opens the same checkout. */
  idempotencyKey: string;
}

export interface Checkout {
  sessionId: string;
  /** Where to send the buyer. */
  url: string;
  expiresAt: Date;
}

/** An invoice for an order, for labs billed by invoice: sent to the customer, paid within terms. */
export interface InvoiceRequest {
  orderId: string;
  amount: MoneyType;
  /** The invoice line the lab sees. */
  description: string;
  /** The lab billed; one provider customer per organization. */
  customer: { orgId: string; name: string; email?: string };
  /** Payment terms: the invoice is due this many days after it is sent. */
  daysUntilDue: number;
  /** Ties the creators' transfers to this payment, as for a checkout. */
  transferGroup: string;
  /** Derived from the order, so a retried request sends one invoice. */
  idempotencyKey: string;
}

export interface Invoice {
  invoiceId: string;
  /** The provider's hosted invoice page, where the lab can pay it. */
  url: string;
  dueAt: Date;
}

/** What a connected account still needs, in the provider's names (`individual.verification.document`). */
export interface AccountRequirements {
  /** Needed now; payouts stop if they are not given by the deadline. */
  currentlyDue: string[];
  /** Overdue: payouts are off until they are given. */
  pastDue: string[];
  /** Why payouts or charges are off (`requirements.past_due`, `rejected.fraud`, …), if they are. */
  disabledReason: string | null;
}

/** A provider event, verified and translated; the domains act on these, never on raw payloads. */
export type PaymentEvent =
  | {
      type: 'checkout.completed';
      eventId: string;
      sessionId: string;
      orderId: string;
      paymentId: string;
      amount: MoneyType;
    }
  /** The checkout's payment failed (an asynchronous method such as a bank debit bounced). */
  | { type: 'checkout.failed'; eventId: string; sessionId: string; orderId: string }
  /** An invoice for an order was paid (invoiced labs). */
  | {
      type: 'invoice.paid';
      eventId: string;
      invoiceId: string;
      orderId: string;
      paymentId: string;
      amount: MoneyType;
    }
  /**
   * A payment was refunded. `amount` is everything refunded on it so far (cumulative, as
   * Stripe's `charge.amount_refunded`), so events applied in any order converge.
   * `orderId` when the provider carries it (Stripe: the charge's `transfer_group`).
   */
  | {
      type: 'payment.refunded';
      eventId: string;
      paymentId: string;
      orderId: string | null;
      amount: MoneyType;
    }
  | {
      type: 'payment.disputed';
      eventId: string;
      paymentId: string;
      orderId: string | null;
      disputeId: string;
      amount: MoneyType;
    }
  /** A dispute ended: `won` when the platform kept the funds. */
  | {
      type: 'payment.dispute_closed';
      eventId: string;
      paymentId: string;
      orderId: string | null;
      disputeId: string;
      won: boolean;
    }
  /**
   * A connected account changed: whether it can be paid out now, and what the provider still
   * needs (its own requirement names). `occurredAt` (ISO 8601) is when the provider saw this
   * state, so an older event delivered late does not undo a newer one.
   */
  | {
      type: 'account.updated';
      eventId: string;
      accountId: string;
      payoutsEnabled: boolean;
      requirements: AccountRequirements;
      occurredAt: string;
    }
  /** Verified, but nothing we act on: acknowledge it and move on. */
  | { type: 'ignored'; eventId: string; providerType: string };

export interface TransferRequest {
  /** The creator's connected account. */
  destinationAccountId: string;
  amount: MoneyType;
  /** Derived from what the transfer pays (e.g. the royalty statement), so it happens once. */
  idempotencyKey: string;
  transferGroup?: string;
  /** The payment the funds come from (Stripe's `source_transaction`). */
  sourcePaymentId?: string;
  description?: string;
}

export interface Transfer {
  transferId: string;
  destinationAccountId: string;
  amount: MoneyType;
}

/** A transfer as the provider holds it, for reconciliation against the ledger. */
export interface ProviderTransfer extends Transfer {
  /** What has been reversed of it so far. */
  reversedMinor: number;
  transferGroup: string | null;
  createdAt: Date;
}

export interface TransferReversalRequest {
  transferId: string;
  /** Omitted: the whole transfer. */
  amount?: MoneyType;
  idempotencyKey: string;
}

export interface TransferReversal {
  reversalId: string;
  transferId: string;
  /** What was reversed, when the provider says. */
  amount: MoneyType | null;
}

export interface OnboardingRequest {
  orgId: string;
  /** The connected account made earlier, if any; otherwise one is created. */
  accountId?: string;
  email?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  returnUrl: string;
  /** Where the provider sends the creator when the link has expired. */
  refreshUrl: string;
  /**
   * Called with a newly created account before the link is asked for, so the caller stores it
   * first: a link that then fails leaves the account known, and the next attempt reuses it.
   */
  recordAccount?: (accountId: string) => Promise<void>;
}

export interface OnboardingLink {
  accountId: string;
  url: string;
  expiresAt: Date;
}

/**
 * Payments as the domains need them: a checkout or an invoice for an order, verified webhook
 * events, transfers to creators (keyed for idempotency) and their reversal, and creator
 * onboarding. Adapters translate their SDK's errors into domain errors (payments.errors.ts);
 * nothing above them sees an SDK type.
 */
export abstract class PaymentProvider {
  abstract readonly name: 'offline' | 'stripe';

  abstract createCheckout(request: CheckoutRequest): Promise<Checkout>;

  /**
   * Creates, finalizes and sends an invoice for an order (`send_invoice`: the customer pays it
   * on the hosted page or by bank transfer); its payment arrives as an `invoice.paid` event.
   */
  abstract createInvoice(request: InvoiceRequest): Promise<Invoice>;

  /**
   * Makes a sent invoice unpayable once its order lapsed (`void`); an invoice paid meanwhile
   * stays paid (`paid`: its `invoice.paid` event finds the order cancelled, for an operator to
   * refund). Safe to repeat.
   */
  abstract voidInvoice(invoiceId: string): Promise<{ status: 'void' | 'paid' }>;

  /**
   * Verifies the signature over the raw request body and translates the event. A bad or stale
   * signature is refused with a `malformed_request` domain error, before anything is parsed.
   */
  abstract parseWebhookEvent(
    rawBody: string | Buffer,
    signatureHeader: string | undefined,
  ): Promise<PaymentEvent>;

  abstract createTransfer(request: TransferRequest): Promise<Transfer>;

  /** Every transfer made since `since` (all when omitted), newest first. */
  abstract listTransfers(options?: { since?: Date }): Promise<ProviderTransfer[]>;

  abstract reverseTransfer(request: TransferReversalRequest): Promise<TransferReversal>;

  abstract createOnboardingLink(request: OnboardingRequest): Promise<OnboardingLink>;
}
