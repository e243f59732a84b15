import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { LedgerAccounts, LedgerService } from '../src/ledger/ledger.service.js';
import { RoyaltyStatementsService } from '../src/royalties/royalty-statements.service.js';
import {
  createListedClip,
  createOrg,
  createUser,
  type TestCuratedClip,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The statement identity over random months of sales, partial refunds, disputes (won or not),
 * payouts and late events, against the real ledger and statement run: for every studio and month,
 * opening + net − refunds − payouts = closing; closing(N) = opening(N+1); and each closing equals
 * the balance a model of the same events computes on its own (late events counted a month later).
 */
type Event =
  | { type: 'sale'; creator: 0 | 1; gross: number; feeBp: number }
  | { type: 'refund'; target: number; percent: number }
  | { type: 'dispute'; target: number; won: boolean }
  | { type: 'payout'; creator: 0 | 1; percent: number };

const eventArb: fc.Arbitrary<Event & { late: boolean }> = fc
  .tuple(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          type: fc.constant('sale' as const),
          creator: fc.constantFrom(0 as const, 1 as const),
          gross: fc.integer({ min: 1, max: 50_000 }),
          feeBp: fc.integer({ min: 0, max: 3_000 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          type: fc.constant('refund' as const),
          target: fc.nat(),
          percent: fc.integer({ min: 1, max: 100 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          type: fc.constant('dispute' as const),
          target: fc.nat(),
          won: fc.boolean(),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          type: fc.constant('payout' as const),
          creator: fc.constantFrom(0 as const, 1 as const),
          percent: fc.integer({ min: 1, max: 100 }),
        }),
      },
    ),
    fc.boolean(),
  )
  .map(([event, late]) => ({ ...event, late }));

const monthsArb = fc.array(fc.array(eventArb, { maxLength: 5 }), { minLength: 1, maxLength: 4 });

interface Sale {
  orderId: string;
  creator: 0 | 1;
  gross: number;
  fee: number;
  share: number;
  refunded: number; // of gross
  refundedShare: number;
  disputed: boolean;
}

describe('statement identity (property)', () => {
  let t: TestApp;
  let lab: string;
  let clip: TestCuratedClip;
  let service: RoyaltyStatementsService;
  let uow: UnitOfWork;
  let year = 2000;

  beforeAll(async () => {
    t = await startTestApp();
    const owner = await createUser(t);
    lab = (await createOrg(t, owner, 'lab', 'Property Lab')).id;
    const studio = (await createOrg(t, owner, 'creator', 'Clip owner')).id;
    clip = await createListedClip(t, studio, owner, { durationMs: 12_000 });
    service = t.app.get(RoyaltyStatementsService);
    uow = t.app.get(UnitOfWork);
  }, 60_000);
  afterAll(() => t?.close());

  const post = (at: Date, entry: Parameters<LedgerService['post']>[0]) =>
    new LedgerService(uow, { now: () => at }).post(entry);

  const insertOrder = async (creatorOrgId: string, gross: number, fee: number, at: Date) => {
    const orderId = randomUUID();
    const terms = `sha256:${'b'.repeat(64)}`;
    await t.sql(
      `INSERT INTO orders (id, org_id, name, status, idempotency_key, request_fingerprint, intended_use,
          rate_card_id, currency, total_minor, platform_fee_minor, creator_share_minor, clip_count,
          total_duration_ms, quote, created_at)
       VALUES ($1, $2, 'Property order', 'fulfilled', $7, 'f', '{}', 'rc', 'USD', $3, $4, $5, 1, 12000, '{}', $6)`,
      [orderId, lab, gross, fee, gross - fee, at, `key-${orderId}`],
    );
    await t.sql(
      `INSERT INTO order_terms (order_id, org_id, terms_hash, terms, clip_count) VALUES ($1, $2, $3, '{}', 1)`,
      [orderId, lab, terms],
    );
    await t.sql(
      `INSERT INTO order_lines (order_id, org_id, clip_id, creator_org_id, policy_version_id, terms_hash,
          position, title, sha256, size_bytes, duration_ms, amount_minor, platform_fee_minor, creator_share_minor)
       VALUES ($1, $2, $3, $4, $5, $6, 0, 'Property clip', $7, 1000, 12000, $8, $9, $10)`,
      [
        orderId,
        lab,
        clip.id,
        creatorOrgId,
        clip.policyVersionId,
        terms,
        'c'.repeat(64),
        gross,
        fee,
        gross - fee,
      ],
    );
    return orderId;
  };

  it('opening + net − refunds − payouts = closing, and closing(N) = opening(N+1)', async () => {
    await fc.assert(
      fc.asyncProperty(monthsArb, async (months) => {
        year += 1;
        const owner = await createUser(t);
        const creators = [
          (await createOrg(t, owner, 'creator')).id,
          (await createOrg(t, owner, 'creator')).id,
        ] as const;
        const period = (k: number) => `${year}-${String(k + 1).padStart(2, '0')}`;
        const at = (k: number, n: number) => new Date(Date.UTC(year, k, 1 + (n % 27), 12, n % 60));
        const sales: Sale[] = [];
        // The model: what each studio's balance moves by, per month it is stated in.
        const stated = creators.map(() => new Map<number, number>());
        const balance = [0, 0];
        const apply = async (event: Event & { late: boolean }, k: number, n: number) => {
          const when = at(k, n);
          const statedIn = event.late ? k + 1 : k;
          const effect = (creator: number, amount: number) => {
            if (amount === 0) return;
            balance[creator]! += amount;
            stated[creator]!.set(statedIn, (stated[creator]!.get(statedIn) ?? 0) + amount);
          };
          const key = `${year}-${k}-${n}-${randomUUID()}`;
          if (event.type === 'sale') {
            const fee = Math.floor((event.gross * event.feeBp) / 10_000);
            const share = event.gross - fee;
            const orgId = creators[event.creator];
            const orderId = await insertOrder(orgId, event.gross, fee, when);
            await post(when, {
              idempotencyKey: `sale:${orderId}`,
              kind: 'sale',
              orderId,
              description: 'Property sale',
              lines: [
                {
                  account: LedgerAccounts.providerCash('offline', 'USD'),
                  amountMinor: event.gross,
                },
                { account: LedgerAccounts.creatorPayable(orgId, 'USD'), amountMinor: -share },
                { account: LedgerAccounts.platformFees('USD'), amountMinor: -fee },
              ],
            });
            sales.push({
              orderId,
              creator: event.creator,
              gross: event.gross,
              fee,
              share,
              refunded: 0,
              refundedShare: 0,
              disputed: false,
            });
            effect(event.creator, share);
          } else if (event.type === 'refund') {
            const sale = sales.filter((s) => !s.disputed && s.refunded < s.gross)[
              event.target % Math.max(1, sales.length)
            ];
            if (!sale) return;
            const amount = Math.max(
              1,
              Math.floor(((sale.gross - sale.refunded) * event.percent) / 100),
            );
            // The creator gives back their share of the refund (largest remainder, as orders do).
            const shareBack = Math.min(
              sale.share - sale.refundedShare,
              Math.round((amount * sale.share) / sale.gross),
            );
            sale.refunded += amount;
            sale.refundedShare += shareBack;
            await post(when, {
              idempotencyKey: `refund:${key}`,
              kind: 'refund',
              orderId: sale.orderId,
              description: 'Property refund',
              lines: [
                { account: LedgerAccounts.providerCash('offline', 'USD'), amountMinor: -amount },
                {
                  account: LedgerAccounts.creatorPayable(creators[sale.creator], 'USD'),
                  amountMinor: shareBack,
                },
                { account: LedgerAccounts.platformFees('USD'), amountMinor: amount - shareBack },
              ],
            });
            effect(sale.creator, -shareBack);
          } else if (event.type === 'dispute') {
            const sale = sales.filter((s) => !s.disputed && s.refunded === 0)[
              event.target % Math.max(1, sales.length)
            ];
            if (!sale) return;
            sale.disputed = true;
            const reverse = (sign: number) => [
              {
                account: LedgerAccounts.providerCash('offline', 'USD'),
                amountMinor: -sign * sale.gross,
              },
              {
                account: LedgerAccounts.creatorPayable(creators[sale.creator], 'USD'),
                amountMinor: sign * sale.share,
              },
              { account: LedgerAccounts.platformFees('USD'), amountMinor: sign * sale.fee },
            ];
            await post(when, {
              idempotencyKey: `dispute:${key}`,
              kind: 'dispute',
              orderId: sale.orderId,
              description: 'Property dispute',
              lines: reverse(1),
            });
            effect(sale.creator, -sale.share);
            if (event.won) {
              await post(when, {
                idempotencyKey: `dispute-won:${key}`,
                kind: 'dispute_won',
                orderId: sale.orderId,
                description: 'Property dispute won',
                lines: reverse(-1),
              });
              effect(sale.creator, sale.share);
            }
          } else {
            const amount = Math.floor((Math.max(0, balance[event.creator]!) * event.percent) / 100);
            if (amount === 0) return;
            // The hook payouts will use: a `payout` entry debiting the creator's payable.
            await post(when, {
              idempotencyKey: `payout:${key}`,
              kind: 'payout' as 'sale',
              orderId: null,
              description: 'Property payout',
              lines: [
                {
                  account: LedgerAccounts.creatorPayable(creators[event.creator], 'USD'),
                  amountMinor: amount,
                },
                { account: LedgerAccounts.providerCash('offline', 'USD'), amountMinor: -amount },
              ],
            });
            effect(event.creator, -amount);
          }
        };

        // Month by month: on-time events, the run, then the late ones (recorded in the month, but
        // committed after it was stated). One more month at the end takes the last late events.
        for (let k = 0; k <= months.length; k++) {
          const events = months[k] ?? [];
          for (const [n, event] of events.entries()) if (!event.late) await apply(event, k, n);
          await service.run(period(k));
          for (const [n, event] of events.entries()) if (event.late) await apply(event, k, n);
        }

        for (const [index, orgId] of creators.entries()) {
          const rows = await t.sql(
            `SELECT period, opening_minor::int AS opening, net_minor::int AS net, refunds_minor::int AS refunds,
                    payouts_minor::int AS payouts, closing_minor::int AS closing, status
               FROM royalty_statements WHERE org_id = $1 ORDER BY period`,
            [orgId],
          );
          let expected = 0;
          let previousClosing = 0;
          const expectedPeriods: string[] = [];
          for (let k = 0; k <= months.length; k++) {
            const moved = stated[index]!.get(k);
            if (moved !== undefined || expected !== 0) expectedPeriods.push(period(k));
            expected += moved ?? 0;
            const row = rows.find((r) => r.period === period(k));
            if (!row) {
              expect(moved ?? 0).toBe(0);
              continue;
            }
            expect(row.status).toBe('final');
            expect(row.opening + row.net - row.refunds - row.payouts).toBe(row.closing);
            expect(row.opening).toBe(previousClosing);
            expect(row.closing).toBe(expected);
            previousClosing = row.closing;
          }
          expect(rows.map((r) => r.period)).toEqual(expectedPeriods);
          // Everything posted is stated by the last run: the last closing is what the ledger owes.
          const [owed] = await t.sql(
            `SELECT coalesce(-sum(l.amount_minor), 0)::int AS owed FROM journal_lines l
               JOIN ledger_accounts a ON a.id = l.account_id WHERE a.code = $1`,
            [`creator-payable:${orgId}:USD`],
          );
          expect(previousClosing).toBe(owed.owed);
        }
      }),
      { numRuns: 12 },
    );
  }, 300_000);
});
