import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { merkleRoot } from '@clearframe/contracts/certificates';
import type { LicenseRequestType } from '@clearframe/contracts/license';
import { allocate, formatMoney } from '@clearframe/contracts/money';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { JobsService } from '../jobs/jobs.service.js';
import { LedgerAccounts, LedgerService, type JournalLineInput } from '../ledger/ledger.service.js';
import { Mailer } from '../mail/mailer.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { PaymentProvider, type PaymentEvent } from '../payments/payment-provider.js';
import {
  PayoutAccountsService,
  type AccountUpdateOutcome,
} from '../payouts/payout-accounts.service.js';
import { SigningKeys } from '../signing/signing-keys.js';
import { LicenseGrantsRepository } from './license-grants.repository.js';
import { OrdersRepository, type OrderLineRow, type OrderRow } from './orders.repository.js';

declare module '../jobs/job-payloads.js' {
  interface JobPayloads {
    /** Applies one stored payment event (and any that were waiting for it). */
    'orders.payment-event': { eventId: string };
    /** Cancels orders whose payment window passed, releasing their exclusive holds. */
    'orders.lapse': Record<string, never>;
    /** Voids the sent invoice of an invoiced order that lapsed, so the lab cannot pay it now. */
    'orders.void-invoice': { orderId: string };
  }
}

/** What applying an event did; `waiting` leaves it stored until what it needs has happened. */
type Outcome =
  | 'fulfilled'
  | 'waiting'
  | 'unknown_order'
  | 'already_paid'
  | 'amount_mismatch'
  | 'order_not_payable'
  | 'cancelled'
  | 'refunded'
  | 'partially_refunded'
  | 'nothing_to_refund'
  | 'disputed'
  | 'dispute_won'
  | 'dispute_lost'
  | AccountUpdateOutcome
  | 'ignored';

interface StoredEvent {
  id: string;
  event: PaymentEvent;
  appliedAt: Date | null;
}

/** Applying waiting events in this order makes any arrival order end in the same state. */
const RANK: Record<PaymentEvent['type'], number> = {
  'checkout.completed': 0,
  'invoice.paid': 0,
  'checkout.failed': 1,
  'payment.disputed': 2,
  'payment.dispute_closed': 3,
  'payment.refunded': 4,
  'account.updated': 5,
  ignored: 5,
};

const DAY_MS = 86_400_000;

/**
 * Payment events, from either provider, through one path: the webhook stores each verified
 * event once (by the provider's event id) and queues a job; the job applies it in a
 * transaction. A payment makes the order paid, posts the sale's balanced journal entry, issues
 * a license grant with a signed certificate per distinct terms, turns exclusive holds into the
 * licensed window, tells the creators and the lab, and marks the order fulfilled. Refunds and
 * disputes post reversing entries (never edits) and revoke the grants; a dispute won restores
 * them. An event that needs one not yet applied (a refund before its payment) waits and is
 * applied right after it.
 */
@Injectable()
export class OrderPaymentsService {
  private readonly logger = new Logger('OrderPayments');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly payments: PaymentProvider,
    private readonly orders: OrdersRepository,
    private readonly grants: LicenseGrantsRepository,
    private readonly ledger: LedgerService,
    private readonly signing: SigningKeys,
    private readonly jobs: JobsService,
    private readonly mailer: Mailer,
    private readonly organizations: OrganizationsService,
    private readonly payoutAccounts: PayoutAccountsService,
  ) {}

  /**
   * A webhook delivery: verified on the raw body (a bad signature is refused before anything
   * is stored), stored once, and queued. Says whether this delivery was new.
   */
  async receive(
    rawBody: string | Buffer,
    signature: string | undefined,
  ): Promise<{ eventId: string; duplicate: boolean }> {
    const event = await this.payments.parseWebhookEvent(rawBody, signature);
    return this.store(event);
  }

  /** Stores a verified event and queues it, in one transaction. */
  async store(event: PaymentEvent): Promise<{ eventId: string; duplicate: boolean }> {
    return this.uow.run(async () => {
      const orderId =
        'orderId' in event && event.orderId && isUuid(event.orderId) ? event.orderId : null;
      const paymentId = 'paymentId' in event ? event.paymentId : null;
      const inserted: unknown[] = await this.uow.manager().query(
        `INSERT INTO payment_events (id, provider, type, order_id, payment_id, event, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          event.eventId,
          this.payments.name,
          event.type,
          orderId,
          paymentId,
          JSON.stringify(event),
          this.clock.now(),
        ],
      );
      if (inserted.length === 0) return { eventId: event.eventId, duplicate: true };
      await this.jobs.send('orders.payment-event', { eventId: event.eventId });
      return { eventId: event.eventId, duplicate: false };
    });
  }

  /** Applies a stored event once; the job calls this, and retries are harmless. */
  async apply(eventId: string): Promise<Outcome | 'already_applied' | 'unknown_event'> {
    return this.uow.run(async () => {
      const stored = await this.lockEvent(eventId);
      if (!stored) return 'unknown_event';
      if (stored.appliedAt) return 'already_applied';
      const outcome = await this.applyStored(stored);
      return outcome;
    });
  }

  private async applyStored(stored: StoredEvent): Promise<Outcome> {
    const outcome = await this.applyOne(stored.event);
    if (outcome === 'waiting') return outcome;
    await this.uow
      .manager()
      .query(`UPDATE payment_events SET applied_at = $2, outcome = $3 WHERE id = $1`, [
        stored.id,
        this.clock.now(),
        outcome,
      ]);
    if (outcome === 'fulfilled' || outcome === 'disputed') {
      await this.applyWaiting(stored.event);
    }
    return outcome;
  }

  /** Events for the same order or payment that were waiting, in rank order. */
  private async applyWaiting(after: PaymentEvent): Promise<void> {
    const order =
      'orderId' in after && after.orderId
        ? await this.orders.lockById(after.orderId)
        : 'paymentId' in after
          ? await this.orders.lockByPayment(after.paymentId)
          : null;
    if (!order) return;
    const rows: { id: string; event: PaymentEvent }[] = await this.uow.manager().query(
      `SELECT id, event FROM payment_events
       WHERE applied_at IS NULL AND (order_id = $1 OR payment_id = $2) ORDER BY id FOR UPDATE`,
      [order.id, order.paymentId],
    );
    rows.sort((a, b) => RANK[a.event.type] - RANK[b.event.type] || (a.id < b.id ? -1 : 1));
    for (const row of rows) await this.applyStored({ ...row, appliedAt: null });
  }

  private async applyOne(event: PaymentEvent): Promise<Outcome> {
    switch (event.type) {
      case 'checkout.completed':
      case 'invoice.paid': {
        const order = await this.orderNamed(event.orderId);
        if (!order) return 'unknown_order';
        if (order.paidAt) return 'already_paid';
        if (order.status !== 'pending_payment') {
          // Cancelled: its debit failed or its window lapsed, and its exclusive holds went to
          // others. A bank debit can still settle days later; licensing it then could license
          // an exclusive clip twice, so the payment is left for an operator to refund.
          this.logger.error(
            `order ${order.id}: payment ${event.eventId} arrived for a ${order.status} order; refund it`,
          );
          return 'order_not_payable';
        }
        if (
          event.amount.amountMinor !== order.totalMinor ||
          event.amount.currency !== order.currency
        ) {
          this.logger.error(`order ${order.id}: payment ${event.eventId} does not match its total`);
          return 'amount_mismatch';
        }
        await this.fulfil(order, event.paymentId);
        return 'fulfilled';
      }
      case 'checkout.failed': {
        const order = await this.orderNamed(event.orderId);
        if (!order) return 'unknown_order';
        if (order.status !== 'pending_payment') return 'ignored';
        await this.cancel(order);
        return 'cancelled';
      }
      case 'payment.refunded': {
        const order = await this.orderOf(event);
        if (!order?.paidAt) return 'waiting';
        return this.refund(order, event.eventId, event.amount.amountMinor);
      }
      case 'payment.disputed': {
        const order = await this.orderOf(event);
        if (!order?.paidAt) return 'waiting';
        const sale = await this.ledger.linesOf(saleKey(order.id));
        const { created } = await this.ledger.post({
          idempotencyKey: `dispute:${event.disputeId}`,
          kind: 'dispute',
          orderId: order.id,
          description: `Dispute ${event.disputeId} on order ${order.id}: the sale is reversed while it lasts`,
          lines: reversed(sale, order),
        });
        if (created) {
          await this.orders.update(order.id, { status: 'disputed' });
          await this.grants.revokeAll(order.id, this.clock.now(), 'disputed');
          await this.tellLab(order, 'disputed');
        }
        return 'disputed';
      }
      case 'payment.dispute_closed': {
        const order = await this.orderOf(event);
        if (!order?.paidAt || !(await this.ledger.hasEntry(`dispute:${event.disputeId}`))) {
          return 'waiting';
        }
        if (!event.won) {
          await this.orders.releaseHolds(order.id);
          return 'dispute_lost';
        }
        const sale = await this.ledger.linesOf(saleKey(order.id));
        const { created } = await this.ledger.post({
          idempotencyKey: `dispute-won:${event.disputeId}`,
          kind: 'dispute_won',
          orderId: order.id,
          description: `Dispute ${event.disputeId} on order ${order.id} won: the sale stands`,
          lines: sale.map((line) => ({
            account: accountOf(line.accountCode, order),
            amountMinor: line.amountMinor,
          })),
        });
        if (created) {
          await this.orders.update(order.id, { status: 'fulfilled' });
          await this.grants.restoreAll(order.id);
          await this.tellLab(order, 'restored');
        }
        return 'dispute_won';
      }
      case 'account.updated':
        return this.payoutAccounts.applyAccountUpdate(event);
      default:
        return 'ignored';
    }
  }

  /**
   * The order a provider's metadata names. Anything else sold on the same provider account
   * names its own ids there: not a uuid is not ours (and must not fail the job on the cast).
   */
  private async orderNamed(orderId: string): Promise<OrderRow | null> {
    return isUuid(orderId) ? this.orders.lockById(orderId) : null;
  }

  private async orderOf(event: {
    orderId: string | null;
    paymentId: string;
  }): Promise<OrderRow | null> {
    return (
      (event.orderId && isUuid(event.orderId) ? await this.orders.lockById(event.orderId) : null) ??
      (await this.orders.lockByPayment(event.paymentId))
    );
  }

  /** Paid → ledger → grants → exclusivity → mail → fulfilled, in the event's transaction. */
  private async fulfil(order: OrderRow, paymentId: string): Promise<void> {
    const now = this.clock.now();
    await this.orders.update(order.id, { status: 'paid', paidAt: now, paymentId });
    const lines = await this.orders.linesOf(order.id);
    await this.ledger.post({
      idempotencyKey: saleKey(order.id),
      kind: 'sale',
      orderId: order.id,
      description: `Sale of order ${order.id} (${lines.length} clips)`,
      lines: saleLines(order, lines, this.payments.name),
    });
    const validFrom = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const validUntil = termEnd(order.intendedUse, validFrom);
    await this.issueGrants(order, lines, validFrom, validUntil);
    if (order.intendedUse.exclusivity.kind === 'exclusive') {
      const until = exclusivityEnd(order.intendedUse, validUntil);
      await this.orders.licenseHolds(order.id, validFrom, until);
    }
    await this.orders.update(order.id, { status: 'fulfilled', fulfilledAt: now });
    await this.tellCreators(order, lines);
    await this.tellLab(order, 'fulfilled');
  }

  private async issueGrants(
    order: OrderRow,
    lines: readonly OrderLineRow[],
    validFrom: Date,
    validUntil: Date | null,
  ): Promise<void> {
    const lab = await this.organizations.findById(order.orgId);
    const byTerms = new Map<string, OrderLineRow[]>();
    for (const line of lines) {
      const group = byTerms.get(line.termsHash) ?? [];
      group.push(line);
      byTerms.set(line.termsHash, group);
    }
    for (const [hash, group] of byTerms) {
      group.sort((a, b) => a.position - b.position);
      const certificateId = randomUUID();
      const totalSeconds = group.reduce((sum, line) => sum + line.durationMs, 0) / 1000;
      const claims = {
        certificateId,
        issuer: this.config.server.publicApiUrl,
        licensee: { orgId: order.orgId, name: lab?.name ?? 'Unknown lab' },
        termsHash: hash,
        clipsMerkleRoot: merkleRoot(group.map((line) => line.sha256)),
        clipCount: group.length,
        totalSeconds,
        issuedAt: seconds(validFrom),
        validFrom: seconds(validFrom),
        validUntil: validUntil ? seconds(validUntil) : null,
      };
      const jws = await this.signing.signCertificate(claims);
      await this.grants.insert({
        id: certificateId,
        orderId: order.id,
        orgId: order.orgId,
        termsHash: hash,
        clipsRoot: claims.clipsMerkleRoot,
        clipCount: claims.clipCount,
        totalSeconds,
        issuedAt: validFrom,
        validFrom,
        validUntil,
        keyId: this.signing.keyId,
        jws,
      });
    }
  }

  private async refund(order: OrderRow, eventId: string, refundedSoFar: number): Promise<Outcome> {
    const target = Math.min(refundedSoFar, order.totalMinor);
    const already = await this.refundedOf(order.id);
    const delta = target - already;
    if (delta <= 0) return 'nothing_to_refund';
    const sale = await this.ledger.linesOf(saleKey(order.id));
    const credits = sale.filter((line) => line.amountMinor < 0);
    const parts = allocate(
      { amountMinor: delta, currency: order.currency },
      credits.map((line) => -line.amountMinor),
    );
    const cash = sale.find((line) => line.amountMinor > 0)!;
    await this.ledger.post({
      idempotencyKey: `refund:${eventId}`,
      kind: 'refund',
      orderId: order.id,
      description: `Refund on order ${order.id}`,
      lines: [
        { account: accountOf(cash.accountCode, order), amountMinor: -delta },
        ...credits.map((line, index) => ({
          account: accountOf(line.accountCode, order),
          amountMinor: parts[index]!.amountMinor,
        })),
      ],
    });
    if (target < order.totalMinor) return 'partially_refunded';
    await this.orders.update(order.id, { status: 'refunded', refundedAt: this.clock.now() });
    await this.grants.revokeAll(order.id, this.clock.now(), 'refunded');
    await this.orders.releaseHolds(order.id);
    await this.tellLab(order, 'refunded');
    return 'refunded';
  }

  private async refundedOf(orderId: string): Promise<number> {
    const [row] = (await this.uow.manager().query(
      `SELECT coalesce(-sum(l.amount_minor), 0)::text AS refunded
       FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
       JOIN ledger_accounts a ON a.id = l.account_id
       WHERE e.order_id = $1 AND e.kind = 'refund' AND a.code LIKE 'cash:%'`,
      [orderId],
    )) as { refunded: string }[];
    return Number(row!.refunded);
  }

  private async cancel(order: OrderRow): Promise<void> {
    await this.orders.update(order.id, { status: 'cancelled', cancelledAt: this.clock.now() });
    await this.orders.releaseHolds(order.id);
  }

  /** Cancels pending orders whose payment window passed (the cron job). */
  async lapse(): Promise<number> {
    return this.uow.run(async () => {
      const lapsed = await this.orders.lapsed(this.clock.now());
      for (const { id } of lapsed) {
        const order = await this.orders.lockById(id);
        if (order?.status !== 'pending_payment') continue;
        await this.cancel(order);
        // Stripe keeps a sent invoice payable past its due date: void it (a provider call, so
        // a job after this commits; queued in this transaction, so a lapse never skips it).
        if (order.payment === 'invoice' && order.checkoutSessionId) {
          await this.jobs.send('orders.void-invoice', { orderId: order.id });
        }
      }
      return lapsed.length;
    });
  }

  /** The `orders.void-invoice` job: voids a cancelled invoiced order's invoice unless paid. */
  async voidLapsedInvoice(orderId: string): Promise<'void' | 'paid' | 'ignored'> {
    const order = await this.orders.findById(orderId);
    if (order?.status !== 'cancelled' || order.payment !== 'invoice' || !order.checkoutSessionId) {
      return 'ignored';
    }
    const { status } = await this.payments.voidInvoice(order.checkoutSessionId);
    if (status === 'paid') {
      // Its invoice.paid event finds the order cancelled and asks for a refund (applyOne).
      this.logger.warn(`order ${order.id}: its invoice was paid after the order lapsed`);
    } else {
      this.logger.log(`order ${order.id}: lapsed, its invoice voided`);
    }
    return status;
  }

  private async lockEvent(eventId: string): Promise<StoredEvent | null> {
    const rows: { id: string; event: PaymentEvent; applied_at: Date | null }[] = await this.uow
      .manager()
      .query(`SELECT id, event, applied_at FROM payment_events WHERE id = $1 FOR UPDATE`, [
        eventId,
      ]);
    const row = rows[0];
    return row ? { id: row.id, event: row.event, appliedAt: row.applied_at } : null;
  }

  private async ownerEmails(orgId: string): Promise<{ name: string; emails: string[] }> {
    const org = await this.organizations.findById(orgId);
    if (!org) return { name: '', emails: [] };
    const members = await this.organizations.listMembers({ org, role: 'owner' });
    return {
      name: org.name,
      emails: members.filter((m) => m.role === 'owner').map((m) => m.email),
    };
  }

  private async tellCreators(order: OrderRow, lines: readonly OrderLineRow[]): Promise<void> {
    const lab = await this.organizations.findById(order.orgId);
    const use = describeUse(order.intendedUse);
    const byCreator = new Map<string, OrderLineRow[]>();
    for (const line of lines)
      byCreator.set(line.creatorOrgId, [...(byCreator.get(line.creatorOrgId) ?? []), line]);
    for (const [creatorOrgId, own] of byCreator) {
      const { emails } = await this.ownerEmails(creatorOrgId);
      const earned = own.reduce((sum, line) => sum + line.creatorShareMinor, 0);
      const money = (amountMinor: number) => formatMoney({ amountMinor, currency: order.currency });
      const link = `${this.config.server.webOrigin}/studio/${creatorOrgId}`;
      for (const to of emails) {
        await this.mailer.send({
          to,
          tag: 'clips-licensed',
          subject: `${lab?.name ?? 'A lab'} licensed ${own.length} of your clips`,
          text: [
            `${lab?.name ?? 'A lab'} licensed ${own.length === 1 ? 'a clip' : `${own.length} clips`} of yours on Clearframe, for ${use}.`,
            '',
            ...own.map(
              (line) =>
                `- “${line.title}”: ${money(line.creatorShareMinor)} to you (of ${money(line.amountMinor)})`,
            ),
            '',
            `Your share: ${money(earned)}. It appears on your next monthly royalty statement.`,
            '',
            `Your studio: ${link}`,
          ].join('\n'),
          links: [link],
        });
      }
    }
  }

  private async tellLab(
    order: OrderRow,
    what: 'fulfilled' | 'refunded' | 'disputed' | 'restored',
  ): Promise<void> {
    const { emails } = await this.ownerEmails(order.orgId);
    const link = `${this.config.server.webOrigin}/orders/${order.orgId}/${order.id}`;
    const text = {
      fulfilled: `Your order “${order.name}” is paid and licensed. The certificates are issued and the files are ready to download.`,
      refunded: `Your order “${order.name}” was refunded. Its licenses are revoked: stop using the files and delete them as the terms require.`,
      disputed: `The payment for your order “${order.name}” is disputed. Its licenses are suspended (revoked) while the dispute lasts.`,
      restored: `The dispute over your order “${order.name}” was settled in the platform's favour: its licenses are valid again.`,
    }[what];
    for (const to of emails) {
      await this.mailer.send({
        to,
        tag: `order-${what}`,
        subject: {
          fulfilled: 'Your Clearframe order is ready',
          refunded: 'Your Clearframe order was refunded',
          disputed: 'Your Clearframe order is disputed',
          restored: 'Your Clearframe licenses are valid again',
        }[what],
        text: `${text}\n\nThe order: ${link}`,
        links: [link],
      });
    }
  }
}

export function saleKey(orderId: string): string {
  return `sale:${orderId}`;
}

/** Cash in (the provider's clearing account) against each creator's payable and the platform fee. */
function saleLines(
  order: OrderRow,
  lines: readonly OrderLineRow[],
  provider: string,
): JournalLineInput[] {
  const currency = order.currency;
  const payable = new Map<string, number>();
  for (const line of lines) {
    payable.set(line.creatorOrgId, (payable.get(line.creatorOrgId) ?? 0) + line.creatorShareMinor);
  }
  const fee = lines.reduce((sum, line) => sum + line.platformFeeMinor, 0);
  return [
    { account: LedgerAccounts.providerCash(provider, currency), amountMinor: order.totalMinor },
    ...[...payable]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([orgId, amount]) => ({
        account: LedgerAccounts.creatorPayable(orgId, currency),
        amountMinor: -amount,
      })),
    { account: LedgerAccounts.platformFees(currency), amountMinor: -fee },
  ];
}

function reversed(
  sale: readonly { accountCode: string; amountMinor: number }[],
  order: OrderRow,
): JournalLineInput[] {
  return sale.map((line) => ({
    account: accountOf(line.accountCode, order),
    amountMinor: -line.amountMinor,
  }));
}

/** The account a posted line's code names (accounts exist already, so only the code matters). */
function accountOf(code: string, order: OrderRow): JournalLineInput['account'] {
  const [kind, middle] = code.split(':');
  if (kind === 'creator-payable') return LedgerAccounts.creatorPayable(middle!, order.currency);
  if (kind === 'platform-fees') return LedgerAccounts.platformFees(order.currency);
  return LedgerAccounts.providerCash(middle!, order.currency);
}

function seconds(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

function termEnd(request: LicenseRequestType, from: Date): Date | null {
  if (request.term.kind !== 'fixed') return null;
  const end = new Date(from);
  end.setUTCMonth(end.getUTCMonth() + request.term.months);
  return end;
}

/** Exclusive until the end of the stated UTC day, or until the term ends. */
function exclusivityEnd(request: LicenseRequestType, termUntil: Date | null): Date {
  const exclusivity = request.exclusivity;
  if (exclusivity.kind === 'exclusive' && exclusivity.until !== 'term-end') {
    return new Date(Date.parse(`${exclusivity.until}T00:00:00Z`) + DAY_MS);
  }
  return termUntil ?? new Date(Date.parse('9999-01-01T00:00:00Z'));
}

function describeUse(request: LicenseRequestType): string {
  const term = request.term.kind === 'fixed' ? `${request.term.months} months` : 'perpetual use';
  return `${request.uses.join(', ')} (${request.commercial ? 'commercial' : 'non-commercial'}, ${request.exclusivity.kind === 'exclusive' ? 'exclusive' : 'non-exclusive'}, ${term})`;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
