import type { Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEFAULT_INTENDED_USE } from '@clearframe/contracts/demand';
import type { LicenseRequestType } from '@clearframe/contracts/license';
import { createApp } from '../app.factory.js';
import { BundlesService } from '../bundles/bundles.service.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { Runtime } from '../infra/runtime.js';
import { OrderPaymentsService } from '../orders/order-payments.service.js';
import { OrdersService } from '../orders/orders.service.js';
import type { OrganizationEntity } from '../organizations/organization.entity.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { OfflinePaymentProvider } from '../payments/offline-payment-provider.js';
import { PaymentProvider } from '../payments/payment-provider.js';
import { previousPeriod } from '../royalties/royalty-period.js';
import { DisclosuresService } from '../models/disclosures.service.js';
import { ModelsService } from '../models/models.service.js';

/**
 * A clock set to a chosen instant that then runs at real speed: the demo's sales happen "last
 * month" through the real services, so orders, payments, ledger entries and certificates all carry
 * last month's dates, as they would have had a lab bought then.
 */
class SetClock extends Clock {
  private base = Date.now();
  private setAt = Date.now();

  set(instant: Date): void {
    this.base = instant.getTime();
    this.setAt = Date.now();
  }

  now(): Date {
    return new Date(this.base + (Date.now() - this.setAt));
  }
}

const RESEARCH_USE: LicenseRequestType = { ...DEFAULT_INTENDED_USE, commercial: false };

/** Day of last month (UTC, 10:00) each demo order is placed and paid; one is refunded later. */
const SALES: { day: number; studio: 0 | 1; clips: number; use: 'default' | 'research' }[] = [
  { day: 3, studio: 0, clips: 3, use: 'default' },
  { day: 8, studio: 1, clips: 2, use: 'research' },
  { day: 12, studio: 0, clips: 2, use: 'default' },
  { day: 17, studio: 1, clips: 3, use: 'research' },
  { day: 21, studio: 0, clips: 1, use: 'default' },
  { day: 26, studio: 0, clips: 4, use: 'default' },
];
const REFUNDED = { sale: 4, day: 24 };
/** The demo orders' idempotency keys begin with this (then the month and the order's number). */
const SALE_KEY_PREFIX = 'demo-sale-';
/** The demo lab's public model, trained on the sales above, released and disclosed that month. */
export const DEMO_MODEL = { name: 'Meridian', version: '0.9', releasedDay: 28 };

/**
 * A month of sales for the demo lab (Perceptron Labs), in the month before this one, once the demo
 * catalog is listed: bundles of the two studios' clips, ordered as quoted and paid on the offline
 * provider, one refunded. It runs in a second application context on the same database and
 * storage whose clock is set to those days; payment events are applied in the transaction that
 * stores them, so the running API's worker finds them done instead of dating them today. Then
 * last month's statement run (which `npm start` queues) gives the studios a statement. Does
 * nothing once the demo's orders exist, so restarts change nothing.
 */
export async function seedDemoSales(options: {
  /** The variables the API booted with; the seed's context works no jobs. */
  env: Record<string, string | undefined>;
  runtime: Runtime;
  labName: string;
  studioNames: [string, string];
  logger: Pick<Logger, 'log' | 'warn'>;
}): Promise<{ orders: number }> {
  const clock = new SetClock();
  const config = AppConfig.fromEnv({ ...options.env, JOBS_ENABLED: 'false', LOG_LEVEL: 'warn' });
  const app = await createApp({ config, runtime: options.runtime, clock });
  try {
    await app.init();
    const db = app.get<DataSource>(getDataSourceToken());
    const org = async (name: string): Promise<OrganizationEntity | undefined> =>
      (
        (await db.query(`SELECT * FROM organizations WHERE name = $1 LIMIT 1`, [
          name,
        ])) as OrganizationEntity[]
      )[0];
    const lab = await org(options.labName);
    if (!lab) return { orders: 0 };
    // Seeded once, whatever the month: a restart finds the demo's orders by their keys. Orders
    // the lab placed itself meanwhile (a visitor signed in as the demo lab) do not count.
    const seeded = (await db.query(
      `SELECT 1 FROM orders WHERE org_id = $1 AND idempotency_key LIKE '${SALE_KEY_PREFIX}%' LIMIT 1`,
      [lab.id],
    )) as unknown[];
    if (seeded.length > 0) return { orders: 0 };
    const [owner] = (await db.query(
      `SELECT user_id FROM memberships WHERE org_id = $1 AND role = 'owner' LIMIT 1`,
      [lab.id],
    )) as { user_id: string }[];
    const labOrg = await app.get(OrganizationsService).findById(lab.id);
    if (!labOrg) return { orders: 0 };
    const ctx = { org: labOrg, role: 'owner' as const };
    const actor = owner ? { userId: owner.user_id } : {};
    const clipsOf: string[][] = [];
    for (const name of options.studioNames) {
      const studio = await org(name);
      clipsOf.push(
        studio
          ? (
              (await db.query(
                `SELECT id FROM clips WHERE org_id = $1 AND state = 'listed' ORDER BY title, id`,
                [studio.id],
              )) as { id: string }[]
            ).map((row) => row.id)
          : [],
      );
    }
    if (clipsOf.some((clips) => clips.length === 0)) return { orders: 0 };

    const month = previousPeriod(new Date());
    const at = (day: number) =>
      new Date(Date.UTC(month.start.getUTCFullYear(), month.start.getUTCMonth(), day, 10));
    const bundles = app.get(BundlesService);
    const orders = app.get(OrdersService);
    const payments = app.get(PaymentProvider);
    const orderPayments = app.get(OrderPaymentsService);
    const uow = app.get(UnitOfWork);
    if (!(payments instanceof OfflinePaymentProvider)) return { orders: 0 };
    const deliver = async (signed: { body: string; signature: string }) => {
      const event = await payments.parseWebhookEvent(Buffer.from(signed.body), signed.signature);
      // Stored and applied in one transaction: the queued job then finds it applied.
      await uow.run(async () => {
        const { eventId } = await orderPayments.store(event);
        await orderPayments.apply(eventId);
      });
    };

    const placed: { id: string; orgId: string; totalMinor: number; paymentId: string | null }[] =
      [];
    for (const [index, sale] of SALES.entries()) {
      clock.set(at(sale.day));
      const pool = clipsOf[sale.studio]!;
      const clipIds = Array.from(
        { length: Math.min(sale.clips, pool.length) },
        (_, i) => pool[(index + i) % pool.length]!,
      );
      const bundle = await bundles.create(
        ctx,
        {
          name: `Demo order ${index + 1}`,
          intendedUse: sale.use === 'research' ? RESEARCH_USE : DEFAULT_INTENDED_USE,
        },
        actor,
      );
      await bundles.addClips(ctx, bundle.id, [...new Set(clipIds)]);
      const quote = await bundles.quote(ctx, bundle.id);
      if (quote.terms.length === 0) {
        options.logger.warn(`demo sales: bundle ${index + 1} has no licensable clips, skipped`);
        continue;
      }
      const { order } = await orders.place(
        ctx,
        {
          bundleId: bundle.id,
          quoteToken: quote.quoteToken,
          acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
        },
        `${SALE_KEY_PREFIX}${month.id}-${index + 1}`,
        actor,
      );
      const sessionId = order.checkout!.url.split('/').pop()!;
      await deliver(
        payments.completeCheckout({ sessionId, orderId: order.id, amount: order.total }),
      );
      const paid = await orders.get(ctx, order.id);
      placed.push({
        id: paid.id,
        orgId: paid.orgId,
        totalMinor: paid.total.amountMinor,
        paymentId: (
          (await db.query(`SELECT payment_id FROM orders WHERE id = $1`, [paid.id])) as {
            payment_id: string | null;
          }[]
        )[0]!.payment_id,
      });
    }
    const refunded = placed[REFUNDED.sale];
    if (refunded?.paymentId) {
      clock.set(at(REFUNDED.day));
      await deliver(
        payments.signEvent({
          type: 'payment.refunded',
          paymentId: refunded.paymentId,
          orderId: refunded.id,
          amount: { amountMinor: refunded.totalMinor, currency: 'USD' },
        }),
      );
    }

    // The lab trained a model on last month's purchases, released it on the 28th and published its
    // disclosure: the public answer the transparency pages show, from the real services.
    clock.set(at(DEMO_MODEL.releasedDay));
    const models = app.get(ModelsService);
    // The demo's own licenses only: one the lab bought today was not held on the 27th.
    const demoOrders = new Set(placed.map((order) => order.id));
    const grants = (await models.citableGrants(ctx)).filter(
      (grant) =>
        demoOrders.has(grant.orderId) &&
        grant.status === 'active' &&
        grant.outputModalities.includes('video'),
    );
    const citing = (use: 'ai-train' | 'ai-finetune') =>
      grants
        .filter((grant) => grant.permittedUses.includes(use))
        .map((grant) => grant.certificateId);
    if (citing('ai-train').length > 0) {
      const model = await models.register(
        ctx,
        {
          name: DEMO_MODEL.name,
          version: DEMO_MODEL.version,
          releaseDate: at(DEMO_MODEL.releasedDay).toISOString().slice(0, 10),
          outputModalities: ['video'],
          visibility: 'public',
        },
        actor,
      );
      const usedAt = at(DEMO_MODEL.releasedDay - 1).toISOString();
      await models.declare(
        ctx,
        model.id,
        { stage: 'pre-training', grantIds: citing('ai-train'), usedAt },
        actor,
      );
      if (citing('ai-finetune').length > 0)
        await models.declare(
          ctx,
          model.id,
          { stage: 'fine-tuning', grantIds: citing('ai-finetune'), usedAt },
          actor,
        );
      await app.get(DisclosuresService).publish(ctx, model.id, actor);
    }
    return { orders: placed.length };
  } finally {
    await app.close();
  }
}
