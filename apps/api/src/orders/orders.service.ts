import { Injectable, Logger } from '@nestjs/common';
import { sha256Hex } from '@clearframe/contracts/certificates';
import type { OrderType, PlaceOrderType } from '@clearframe/contracts/demand';
import { canonicalize } from '@clearframe/contracts/license';
import type { OrgContext } from '../access/principal.js';
import type { OrganizationEntity } from '../organizations/organization.entity.js';
import type { AuditActor } from '../audit/audit.service.js';
import { AuditLog } from '../audit/audit.service.js';
import { BundlesService } from '../bundles/bundles.service.js';
import { QuoteTokens, quoteFingerprint } from '../bundles/quote-tokens.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { PaymentProvider } from '../payments/payment-provider.js';
import { LicenseGrantsRepository } from './license-grants.repository.js';
import { toOrderDto } from './orders.mapper.js';
import { OrdersErrors } from './orders.errors.js';
import { OrdersRepository, type OrderLineRow, type OrderRow } from './orders.repository.js';

const KEY_MAX = 255;
/** Payment terms of an invoiced lab: net 30. */
const INVOICE_DAYS_UNTIL_DUE = 30;
const DAY_MS = 86_400_000;

/** PostgreSQL's codes for a unique and an exclusion constraint refusing a row. */
const UNIQUE_VIOLATION = '23505';
const EXCLUSION_VIOLATION = '23P01';

function pgCode(error: unknown): string | undefined {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return candidate.driverError?.code ?? candidate.code;
}

/**
 * Placing orders. An order is the server's own recomputation of the bundle's quote, frozen:
 * the client names the quote it saw (a signed token) and the terms it accepts (their hashes),
 * never an amount. Exclusive requests hold their clips while the order awaits payment; the
 * database's exclusion constraint, not this code, makes two overlapping holds impossible.
 */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger('Orders');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly bundles: BundlesService,
    private readonly tokens: QuoteTokens,
    private readonly orders: OrdersRepository,
    private readonly grants: LicenseGrantsRepository,
    private readonly payments: PaymentProvider,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Places the order, or returns the one this Idempotency-Key placed before with the same body
   * (`created` false). The same key with another body is refused.
   */
  async place(
    ctx: OrgContext,
    input: PlaceOrderType,
    idempotencyKey: string | undefined,
    actor: AuditActor,
  ): Promise<{ order: OrderType; created: boolean }> {
    const key = idempotencyKey?.trim();
    if (!key || key.length > KEY_MAX) throw OrdersErrors.keyRequired();
    const fingerprint = sha256Hex(
      canonicalize({ ...input, acceptedTermsHashes: [...input.acceptedTermsHashes].sort() }),
    );
    const earlier = await this.orders.findByKey(ctx.org.id, key);
    if (earlier) {
      return { order: await this.replay(ctx.org, earlier, fingerprint), created: false };
    }

    const claims = this.tokens.read(input.quoteToken);
    if (!claims || claims.bundleId !== input.bundleId || claims.orgId !== ctx.org.id) {
      throw OrdersErrors.quoteInvalid();
    }
    const priced = await this.bundles.price(ctx, input.bundleId);
    const current = priced.quote;
    const now = this.clock.now();
    if (now.getTime() > claims.quotedAtMs + this.config.orders.quoteTtlMinutes * 60_000) {
      throw OrdersErrors.quoteExpired(current);
    }
    if (quoteFingerprint(current.quote, current.terms) !== claims.fingerprint) {
      throw OrdersErrors.quoteChanged(current);
    }
    const accepted = new Set(input.acceptedTermsHashes);
    const required = current.terms.map((group) => group.termsHash);
    if (accepted.size !== required.length || !required.every((hash) => accepted.has(hash))) {
      throw OrdersErrors.termsChanged(current);
    }
    if (current.quote.lines.length === 0) throw OrdersErrors.bundleEmpty(current);

    const exclusive = current.intendedUse.exclusivity.kind === 'exclusive';
    // An invoiced lab pays within its terms, so its exclusive holds last until the invoice is
    // due (moved to the exact due date once the invoice is sent) and lapse with the order then.
    const payment = ctx.org.billing === 'invoice' ? 'invoice' : 'checkout';
    const holdUntil = new Date(
      now.getTime() +
        (payment === 'invoice'
          ? INVOICE_DAYS_UNTIL_DUE * DAY_MS
          : this.config.orders.paymentWindowMinutes * 60_000),
    );
    let orderId: string;
    try {
      orderId = await this.uow.run(async () => {
        const id = await this.orders.insert({
          orgId: ctx.org.id,
          bundleId: priced.bundle.id,
          name: priced.bundle.name,
          status: 'pending_payment',
          payment,
          idempotencyKey: key,
          requestFingerprint: fingerprint,
          intendedUse: current.intendedUse,
          rateCardId: current.quote.rateCardId,
          currency: current.quote.currency,
          totalMinor: current.quote.total.amountMinor,
          platformFeeMinor: current.quote.platformFee.amountMinor,
          creatorShareMinor: current.quote.creatorShare.amountMinor,
          clipCount: current.quote.lines.length,
          totalDurationMs: current.quote.totalDurationMs,
          quote: current.quote,
          placedBy: actor.userId ?? null,
          placedByApiKey: actor.apiKeyId ?? null,
          createdAt: now,
        });
        await this.orders.insertTerms(
          id,
          ctx.org.id,
          current.terms.map((group) => ({
            termsHash: group.termsHash,
            terms: group.terms,
            clipCount: group.clipIds.length,
          })),
        );
        const byClip = new Map(current.quote.lines.map((line) => [line.clipId, line]));
        const lines: OrderLineRow[] = current.terms.flatMap((group) =>
          group.clipIds.map((clipId, position) => {
            const line = byClip.get(clipId)!;
            const source = priced.clips.get(clipId)!;
            return {
              orderId: id,
              clipId,
              creatorOrgId: source.clip.orgId,
              policyVersionId: source.policyVersionId,
              termsHash: group.termsHash,
              position,
              title: source.clip.title,
              sha256: source.clip.sha256!,
              sizeBytes: source.clip.sizeBytes,
              durationMs: line.durationMs,
              amountMinor: line.net.amountMinor,
              platformFeeMinor: line.platformFee.amountMinor,
              creatorShareMinor: line.creatorShare.amountMinor,
            };
          }),
        );
        await this.orders.insertLines(ctx.org.id, lines);
        if (exclusive) {
          await this.orders.insertHolds(
            id,
            ctx.org.id,
            lines.map((line) => line.clipId),
            now,
            holdUntil,
          );
        }
        await this.audit.record({
          actor,
          action: 'order.placed',
          orgId: ctx.org.id,
          target: { type: 'order', id },
          data: {
            bundleId: priced.bundle.id,
            total: current.quote.total,
            clipCount: lines.length,
            termsHashes: required,
          },
        });
        return id;
      });
    } catch (error) {
      const code = pgCode(error);
      if (code === EXCLUSION_VIOLATION) throw OrdersErrors.exclusivelyHeld();
      if (code === UNIQUE_VIOLATION) {
        // Another request with this key won the race: answer as a retry would be answered.
        const winner = await this.orders.findByKey(ctx.org.id, key);
        if (winner) {
          return { order: await this.replay(ctx.org, winner, fingerprint), created: false };
        }
      }
      throw error;
    }
    const order = (await this.orders.findInOrg(ctx.org.id, orderId))!;
    return { order: await this.withCheckout(ctx.org, order), created: true };
  }

  async list(ctx: OrgContext): Promise<OrderType[]> {
    const rows = await this.orders.listForOrg(ctx.org.id);
    return Promise.all(rows.map((row) => this.dto(row)));
  }

  async get(ctx: OrgContext, orderId: string): Promise<OrderType> {
    const order = await this.orders.findInOrg(ctx.org.id, orderId);
    if (!order) throw OrdersErrors.notFound();
    return this.dto(order);
  }

  /** The order a checkout pays, for the offline checkout page (no organization: the id is the capability). */
  async byCheckout(sessionId: string): Promise<OrderRow> {
    const order = await this.orders.findByCheckout(sessionId);
    if (!order) throw OrdersErrors.checkoutNotFound();
    return order;
  }

  webOrigin(): string {
    return this.config.server.webOrigin;
  }

  private async replay(
    lab: OrganizationEntity,
    order: OrderRow,
    fingerprint: string,
  ): Promise<OrderType> {
    if (order.requestFingerprint !== fingerprint) throw OrdersErrors.keyReused();
    return this.withCheckout(lab, order);
  }

  /**
   * Opens the order's checkout, or sends its invoice, if it has none yet (the provider call
   * happens after the order committed; a failure there leaves the order to be retried with the
   * same key, and the provider's idempotency makes the retry open the same one).
   */
  private async withCheckout(lab: OrganizationEntity, order: OrderRow): Promise<OrderType> {
    if (order.status !== 'pending_payment' || order.checkoutSessionId) return this.dto(order);
    const web = this.config.server.webOrigin;
    const amount = { amountMinor: order.totalMinor, currency: order.currency };
    const description = `Clearframe dataset license: ${order.name} (${order.clipCount} clip${order.clipCount === 1 ? '' : 's'})`;
    let checkout: { sessionId: string; url: string; expiresAt: Date };
    if (order.payment === 'invoice') {
      const invoice = await this.payments.createInvoice({
        orderId: order.id,
        amount,
        description,
        customer: {
          orgId: lab.id,
          name: lab.name,
          ...(lab.billingEmail ? { email: lab.billingEmail } : {}),
        },
        daysUntilDue: INVOICE_DAYS_UNTIL_DUE,
        transferGroup: `order:${order.id}`,
        idempotencyKey: `invoice:${order.id}`,
      });
      checkout = { sessionId: invoice.invoiceId, url: invoice.url, expiresAt: invoice.dueAt };
    } else {
      checkout = await this.payments.createCheckout({
        orderId: order.id,
        amount,
        description,
        successUrl: `${web}/orders/${order.orgId}/${order.id}?paid=1`,
        cancelUrl: `${web}/orders/${order.orgId}/${order.id}`,
        transferGroup: `order:${order.id}`,
        idempotencyKey: `checkout:${order.id}`,
      });
    }
    await this.uow.run(async () => {
      await this.orders.setCheckout(order.id, checkout);
      // The order lapses when its payment window (for an invoice, its due date) passes: its
      // exclusive holds last exactly as long.
      if (order.payment === 'invoice') {
        await this.orders.endPendingHoldsAt(order.id, checkout.expiresAt);
      }
    });
    this.logger.log(
      `order ${order.id}: ${order.payment === 'invoice' ? 'invoice sent' : 'checkout opened'} with ${this.payments.name}`,
    );
    return this.dto({
      ...order,
      checkoutSessionId: checkout.sessionId,
      checkoutUrl: checkout.url,
      checkoutExpiresAt: checkout.expiresAt,
    });
  }

  private async dto(order: OrderRow): Promise<OrderType> {
    return toOrderDto(
      order,
      await this.orders.termsOf(order.id),
      await this.grants.ofOrder(order.id),
    );
  }
}
