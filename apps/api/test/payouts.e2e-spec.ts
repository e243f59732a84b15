import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderType } from '@clearframe/contracts/demand';
import { JobsService } from '../src/jobs/jobs.service.js';
import { OfflinePaymentProvider } from '../src/payments/offline-payment-provider.js';
import { PaymentProvider } from '../src/payments/payment-provider.js';
import { PayoutFaults } from '../src/payouts/payout-faults.js';
import {
  createListedClip,
  createOrg,
  createUser,
  defaultPolicy,
  type TestCuratedClip,
  type TestUser,
  placePaidOrder,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const THRESHOLD = 1000;

/**
 * Payouts through HTTP on the offline provider, from real orders, payments, statements and a
 * refund: crashes between every step followed by reruns, 20 concurrent runs, the threshold and
 * carry-forward, a refund after payout, reconciliation against the provider's own records, and
 * operator-only routes. Expected amounts come from the order lines, never from the payouts code.
 */
describe('payouts', () => {
  let t: TestApp;
  let alice: TestUser; // lab
  let carol: TestUser; // Harbour (creator)
  let dave: TestUser; // Łódź (creator)
  let erin: TestUser; // a small studio, below the threshold at first
  let olga: TestUser; // operator
  let lab: string;
  let harbourStudio: string;
  let lodzStudio: string;
  let smallStudio: string;
  let harbour: TestCuratedClip;
  let forest: TestCuratedClip;
  let pebble: TestCuratedClip;
  let boulder: TestCuratedClip;
  let provider: OfflinePaymentProvider;
  let faults: PayoutFaults;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        SESSION_TTL_HOURS: '100000',
        SESSION_IDLE_HOURS: '100000',
        PAYOUT_THRESHOLD_MINOR: String(THRESHOLD),
      },
    });
    provider = t.app.get(PaymentProvider) as OfflinePaymentProvider;
    expect(provider).toBeInstanceOf(OfflinePaymentProvider);
    faults = t.app.get(PayoutFaults);
    alice = await createUser(t);
    carol = await createUser(t);
    dave = await createUser(t);
    erin = await createUser(t);
    olga = await createUser(t, { name: 'Olga Operator' });
    lab = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    harbourStudio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    lodzStudio = (await createOrg(t, dave, 'creator', 'Studio Łódź')).id;
    smallStudio = (await createOrg(t, erin, 'creator', 'Pebble Pictures')).id;
    await createOrg(t, olga, 'operator', 'Operations');
    // Each studio's payout account (the payout accounts domain's table): a ready account at the
    // offline provider, so the offline provider's own record of transfers can be counted.
    for (const orgId of [harbourStudio, lodzStudio, smallStudio]) {
      const { accountId } = await provider.createOnboardingLink({
        orgId,
        returnUrl: 'http://x/',
        refreshUrl: 'http://x/',
      });
      await t.sql(
        `INSERT INTO payout_accounts (org_id, provider, provider_account_id, status, payouts_enabled, created_at, updated_at)
         VALUES ($1, 'offline', $2, 'ready', true, now(), now())`,
        [orgId, accountId],
      );
    }
    const clip = (orgId: string, owner: TestUser, title: string, price: number) =>
      createListedClip(t, orgId, owner, {
        title,
        durationMs: 60_000,
        width: 1920,
        height: 1080,
        policy: defaultPolicy(price),
      });
    harbour = await clip(harbourStudio, carol, 'Harbour at dawn', 5000);
    forest = await clip(lodzStudio, dave, 'Forêt sous la pluie', 4000);
    pebble = await clip(smallStudio, erin, 'Pebble', 100);
    boulder = await clip(smallStudio, erin, 'Boulder', 5000);
  }, 90_000);
  afterAll(() => t?.close());

  const order = async (clipIds: string[]): Promise<OrderType> => {
    t.clock.advance(1_000);
    const paid = await placePaidOrder(t, { orgId: lab, token: alice.token }, clipIds, {
      name: `Bundle ${clipIds.join(',')}`,
    });
    t.clock.advance(60_000);
    return paid;
  };
  /** Moves the clock into the next UTC month; returns the month that just ended (YYYY-MM). */
  const endMonth = (): string => {
    const now = t.clock.now();
    const ended = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 0, 0, 5);
    t.clock.advance(next - now.getTime());
    return ended;
  };
  const stateMonth = async (period: string) => {
    const res = await t.request('POST', '/v1/operator/royalties/runs', {
      token: olga.token,
      body: { period },
    });
    expect(res.status).toBe(200);
  };
  const runPayouts = (token = olga.token) =>
    t.request('POST', '/v1/operator/payouts/runs', { token });
  /** What the order lines say a studio earned on these orders. */
  const shareOf = async (orgId: string, orderIds: string[]) => {
    const [row] = await t.sql(
      `SELECT coalesce(sum(creator_share_minor), 0)::int AS share FROM order_lines
        WHERE creator_org_id = $1 AND order_id = ANY($2::uuid[])`,
      [orgId, orderIds],
    );
    return Number(row.share);
  };
  /** The provider's own record of transfers into the studio's (offline) account. */
  const transfersTo = async (orgId: string) => {
    const account = (
      await provider.createOnboardingLink({
        orgId,
        returnUrl: 'http://x/',
        refreshUrl: 'http://x/',
      })
    ).accountId;
    return (await provider.listTransfers())
      .filter((transfer) => transfer.destinationAccountId === account)
      .map((transfer) => transfer.amount.amountMinor)
      .sort((a, b) => a - b);
  };
  const payoutEntries = () =>
    t.sql(
      `SELECT e.idempotency_key AS key, a.code, l.amount_minor::int AS amount
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
         JOIN ledger_accounts a ON a.id = l.account_id
        WHERE e.kind = 'payout' ORDER BY e.idempotency_key, l.line_no`,
    );
  const statement = async (orgId: string, period: string) =>
    (
      await t.sql(
        `SELECT id, status, opening_minor::int AS opening, payouts_minor::int AS payouts,
                refunds_minor::int AS refunds, closing_minor::int AS closing
           FROM royalty_statements WHERE org_id = $1 AND period = $2`,
        [orgId, period],
      )
    )[0];
  const snapshot = async () => ({
    payouts: await t.sql('SELECT * FROM payouts ORDER BY id'),
    entries: await payoutEntries(),
    statements: await t.sql('SELECT id, status FROM royalty_statements ORDER BY id'),
    transfers: (await provider.listTransfers()).length,
  });

  let first: OrderType;
  let small: OrderType;
  let month1: string;

  it('lets only operators see or run payouts, and changes nothing for anyone else', async () => {
    first = await order([harbour.id, forest.id]);
    small = await order([pebble.id]);
    month1 = endMonth();
    await stateMonth(month1);
    const before = await snapshot();
    for (const token of [carol.token, alice.token]) {
      expect((await runPayouts(token)).status).toBe(403);
      expect((await t.request('GET', '/v1/operator/payouts', { token })).status).toBe(403);
      expect(
        (await t.request('GET', '/v1/operator/payouts/reconciliation', { token })).status,
      ).toBe(403);
    }
    expect((await t.request('POST', '/v1/operator/payouts/runs')).status).toBe(401);
    expect(await snapshot()).toEqual(before);
    expect(before.payouts).toHaveLength(0);
    expect(before.transfers).toBe(0);

    const overview = await t.request('GET', '/v1/operator/payouts', { token: olga.token });
    expect(overview.status).toBe(200);
    expect(overview.body.thresholdMinor).toBe(THRESHOLD);
    const upcoming = new Map(overview.body.upcoming.map((u: any) => [u.orgId, u]));
    const harbourShare = await shareOf(harbourStudio, [first.id]);
    const smallShare = await shareOf(smallStudio, [small.id]);
    expect(harbourShare).toBeGreaterThanOrEqual(THRESHOLD);
    expect(smallShare).toBeLessThan(THRESHOLD);
    expect(upcoming.get(harbourStudio)).toMatchObject({ amountMinor: harbourShare, payable: true });
    expect(upcoming.get(smallStudio)).toMatchObject({ amountMinor: smallShare, payable: false });
  }, 120_000);

  it('pays each creator once through a crash at every step and a rerun after each', async () => {
    const harbourShare = await shareOf(harbourStudio, [first.id]);
    const lodzShare = await shareOf(lodzStudio, [first.id]);

    // 1. Dies after recording the payout, before asking the provider.
    faults.crashOnceAt('after-request-recorded');
    expect((await runPayouts()).status).toBe(500);
    const [requested] = await t.sql(`SELECT * FROM payouts`);
    expect(requested).toMatchObject({ state: 'requested', org_id: harbourStudio, attempts: 1 });
    expect(requested.idempotency_key).toBe(`payout:${requested.statement_id}`);
    expect((await provider.listTransfers()).length).toBe(0);
    // The crashed run's lease holds it until it runs out: a rerun now does not ask.
    const early = await runPayouts();
    expect(early.status).toBe(200);
    expect(early.body.payouts.find((p: any) => p.orgId === harbourStudio).outcome).toBe('busy');
    expect(await transfersTo(harbourStudio)).toEqual([]);
    // (Łódź was not reached by the crashed run but the early rerun pays it: it is not held.)
    expect(await transfersTo(lodzStudio)).toEqual([lodzShare]);

    // 2. Dies after the provider transferred, before anything of it is recorded.
    t.clock.advance(6 * 60_000);
    faults.crashOnceAt('after-transfer');
    expect((await runPayouts()).status).toBe(500);
    expect(await transfersTo(harbourStudio)).toEqual([harbourShare]);
    expect(
      (await t.sql(`SELECT state FROM payouts WHERE org_id = $1`, [harbourStudio]))[0].state,
    ).toBe('requested');
    // Reconciliation sees the transfer the ledger does not record yet.
    const midway = await t.request('GET', '/v1/operator/payouts/reconciliation', {
      token: olga.token,
    });
    expect(midway.status).toBe(200);
    expect(midway.body.mismatches).toEqual([
      expect.objectContaining({
        kind: 'missing_in_ledger',
        orgId: harbourStudio,
        providerMinor: harbourShare,
      }),
    ]);

    // 3. Dies inside the transaction that records it: all of it rolls back.
    t.clock.advance(6 * 60_000);
    faults.crashOnceAt('while-recording');
    expect((await runPayouts()).status).toBe(500);
    expect((await payoutEntries()).filter((e: any) => e.code.includes(harbourStudio))).toHaveLength(
      0,
    );

    // 4. A clean rerun finishes it with the same key: the provider answers the same transfer.
    t.clock.advance(6 * 60_000);
    const done = await runPayouts();
    expect(done.status).toBe(200);
    expect(await transfersTo(harbourStudio)).toEqual([harbourShare]);
    expect(await transfersTo(lodzStudio)).toEqual([lodzShare]);
    expect((await provider.listTransfers()).length).toBe(2);
    const payouts = await t.sql(
      `SELECT org_id, state, amount_minor::int AS amount, provider_transfer_id, attempts FROM payouts ORDER BY amount_minor`,
    );
    expect(payouts.map((p: any) => [p.org_id, p.state, p.amount])).toEqual(
      [
        [harbourStudio, 'paid', harbourShare],
        [lodzStudio, 'paid', lodzShare],
      ].sort((a, b) => (a[2] as number) - (b[2] as number)),
    );
    expect(payouts.find((p: any) => p.org_id === harbourStudio).attempts).toBe(4);
    const harbourStatement = await statement(harbourStudio, month1);
    expect(harbourStatement.status).toBe('paid');
    const entries = await payoutEntries();
    expect(entries.filter((e: any) => e.key === `payout:${harbourStatement.id}`)).toEqual([
      {
        key: `payout:${harbourStatement.id}`,
        code: `creator-payable:${harbourStudio}:USD`,
        amount: harbourShare,
      },
      { key: `payout:${harbourStatement.id}`, code: 'cash:offline:USD', amount: -harbourShare },
    ]);
    expect(entries).toHaveLength(4);
    // Below the threshold: no payout, the statement stays final, its balance carries.
    expect((await statement(smallStudio, month1)).status).toBe('final');
    expect(await transfersTo(smallStudio)).toEqual([]);
    expect(done.body.payouts.find((p: any) => p.orgId === smallStudio)).toMatchObject({
      outcome: 'carried',
      reason: 'below the threshold',
    });

    // A rerun changes nothing; reconciliation finds everything matched.
    const before = await snapshot();
    expect((await runPayouts()).status).toBe(200);
    expect(await snapshot()).toEqual(before);
    const report = await t.request('GET', '/v1/operator/payouts/reconciliation', {
      token: olga.token,
    });
    expect(report.body).toMatchObject({
      provider: 'offline',
      payouts: 2,
      transfers: 2,
      matched: 2,
    });
    expect(report.body.mismatches).toEqual([]);
  }, 120_000);

  let second: OrderType;
  let month2: string;

  it('20 concurrent runs make one payout and one transfer per creator; a carried balance is paid once it reaches the threshold', async () => {
    second = await order([harbour.id, boulder.id]);
    month2 = endMonth();
    await stateMonth(month2);
    const runs = await Promise.all(Array.from({ length: 20 }, () => runPayouts()));
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => 200));

    const harbourShare2 = await shareOf(harbourStudio, [second.id]);
    const smallTotal = await shareOf(smallStudio, [small.id, second.id]);
    expect(await transfersTo(harbourStudio)).toEqual(
      [await shareOf(harbourStudio, [first.id]), harbourShare2].sort((a, b) => a - b),
    );
    // The small studio's carried balance and this month's share, in one transfer.
    expect(await transfersTo(smallStudio)).toEqual([smallTotal]);
    // Łódź's second statement only states the payout: it closes at 0 and pays nothing.
    const lodz2 = await statement(lodzStudio, month2);
    expect(lodz2).toMatchObject({ payouts: await shareOf(lodzStudio, [first.id]), closing: 0 });
    expect(await transfersTo(lodzStudio)).toEqual([await shareOf(lodzStudio, [first.id])]);
    const [counts] = await t.sql(
      `SELECT count(*)::int AS payouts, count(DISTINCT statement_id)::int AS statements,
              count(*) FILTER (WHERE period = $1)::int AS month
         FROM payouts p JOIN royalty_statements s ON s.id = p.statement_id`,
      [month2],
    );
    expect(counts).toEqual({ payouts: 4, statements: 4, month: 2 });
    expect(new Set((await payoutEntries()).map((e: any) => e.key)).size).toBe(4);
  }, 180_000);

  it('carries a refund after payout forward as a negative balance, paid back from later sales', async () => {
    const refunded = await t.request('POST', `/v1/operator/orders/${second.id}/refund`, {
      token: olga.token,
      body: {},
    });
    expect(refunded.status).toBe(200);
    await t.drainJobs();
    const harbourShare2 = await shareOf(harbourStudio, [second.id]);
    const smallShare2 = await shareOf(smallStudio, [second.id]);
    const month3 = endMonth();
    const transfersBefore = (await provider.listTransfers()).length;
    // The monthly job: statements, then the payouts run it sends.
    await t.app.get(JobsService).send('royalties.statements', { period: month3 });
    await t.drainJobs();
    const harbour3 = await statement(harbourStudio, month3);
    // It opens with last month's closing, states that month's payout and the refund of a sale
    // already paid out: the balance goes negative and carries, nothing is lost or clawed back.
    expect(harbour3).toMatchObject({
      status: 'final',
      opening: harbourShare2,
      payouts: harbourShare2,
      refunds: harbourShare2,
      closing: -harbourShare2,
    });
    expect((await statement(smallStudio, month3)).closing).toBe(-smallShare2);
    expect((await provider.listTransfers()).length).toBe(transfersBefore);
    const overview = await t.request('GET', '/v1/operator/payouts', { token: olga.token });
    expect(overview.body.upcoming.find((u: any) => u.orgId === harbourStudio)).toMatchObject({
      amountMinor: -harbourShare2,
      payable: false,
    });

    // A later sale pays the balance net of what the refund took back.
    const third = await order([harbour.id]);
    const fourth = await order([harbour.id]);
    const month4 = endMonth();
    await t.app.get(JobsService).send('royalties.statements', { period: month4 });
    await t.drainJobs();
    const earned = await shareOf(harbourStudio, [third.id, fourth.id]);
    const owed = earned - harbourShare2;
    const harbour4 = await statement(harbourStudio, month4);
    expect(harbour4.opening).toBe(-harbourShare2);
    expect(harbour4.closing).toBe(owed);
    expect(owed).toBeGreaterThanOrEqual(THRESHOLD);
    const share1 = await shareOf(harbourStudio, [first.id]);
    expect(await transfersTo(harbourStudio)).toEqual(
      [share1, harbourShare2, owed].sort((a, b) => a - b),
    );
    expect(harbour4.status).toBe('paid');
    // The month of the negative balance was never paid: no payout row for it.
    expect(await t.sql(`SELECT 1 FROM payouts WHERE statement_id = $1`, [harbour3.id])).toEqual([]);
  }, 180_000);

  it('lists every mismatch between the ledger and the provider', async () => {
    const clean = await t.request('GET', '/v1/operator/payouts/reconciliation', {
      token: olga.token,
    });
    expect(clean.body.mismatches).toEqual([]);
    // Planted: a transfer nobody recorded, and a payout whose amount no longer matches.
    const stray = await provider.createTransfer({
      destinationAccountId: (
        await provider.createOnboardingLink({
          orgId: lodzStudio,
          returnUrl: 'http://x/',
          refreshUrl: 'http://x/',
        })
      ).accountId,
      amount: { amountMinor: 777, currency: 'USD' },
      idempotencyKey: 'stray-transfer',
    });
    const [tampered] = await t.sql(
      `UPDATE payouts SET amount_minor = amount_minor + 1
        WHERE id = (SELECT id FROM payouts WHERE org_id = $1 ORDER BY created_at LIMIT 1)
        RETURNING id, provider_transfer_id, amount_minor::int AS amount`,
      [lodzStudio],
    );
    const report = await t.request('GET', '/v1/operator/payouts/reconciliation', {
      token: olga.token,
    });
    expect(report.status).toBe(200);
    expect(report.body.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'missing_in_ledger',
          transferId: stray.transferId,
          providerMinor: 777,
        }),
        expect.objectContaining({
          kind: 'ledger_entry_differs',
          payoutId: tampered.id,
          ledgerMinor: tampered.amount - 1,
        }),
      ]),
    );
    expect(report.body.mismatches).toHaveLength(2);
    await t.sql(`UPDATE payouts SET amount_minor = amount_minor - 1 WHERE id = $1`, [tampered.id]);
  }, 60_000);

  it('records a payout to pay by hand, and posts it once the operator marks it paid', async () => {
    // The studio switches to manual payout details (no provider account): paid by hand.
    await t.sql(
      `UPDATE payout_accounts SET provider_account_id = NULL, manual_holder_name = 'Studio Łódź',
         manual_account_last4 = '0130', manual_country = 'PL', manual_bank_name = 'Bank' WHERE org_id = $1`,
      [lodzStudio],
    );
    // Harbour Films has no payout account (yet): its balance waits.
    await t.sql(`DELETE FROM payout_accounts WHERE org_id = $1`, [harbourStudio]);
    const sold = await order([forest.id, harbour.id]);
    const month = endMonth();
    await stateMonth(month);
    const transfers = (await provider.listTransfers()).length;
    const res = await runPayouts();
    expect(res.status).toBe(200);
    const lodzShare = await shareOf(lodzStudio, [sold.id]);
    const byOrg = new Map(res.body.payouts.map((p: any) => [p.orgId, p]));
    expect(byOrg.get(lodzStudio)).toMatchObject({ outcome: 'manual', amountMinor: lodzShare });
    expect(byOrg.get(harbourStudio)).toMatchObject({
      outcome: 'no_payout_account',
      reason: 'no payout account',
    });
    expect((await provider.listTransfers()).length).toBe(transfers);
    const lodzStatement = await statement(lodzStudio, month);
    expect(lodzStatement.status).toBe('final');
    const key = `payout:${lodzStatement.id}`;
    expect((await payoutEntries()).filter((e: any) => e.key === key)).toEqual([]);

    const payoutId = (byOrg.get(lodzStudio) as any).payoutId as string;
    expect(
      (await t.request('POST', `/v1/operator/payouts/${payoutId}/paid`, { token: carol.token }))
        .status,
    ).toBe(403);
    expect((await statement(lodzStudio, month)).status).toBe('final');
    for (let i = 0; i < 2; i++) {
      const marked = await t.request('POST', `/v1/operator/payouts/${payoutId}/paid`, {
        token: olga.token,
      });
      expect(marked.status).toBe(200);
      expect(marked.body).toMatchObject({ state: 'manual', paidAt: expect.any(String) });
    }
    expect((await payoutEntries()).filter((e: any) => e.key === key)).toEqual([
      { key, code: `creator-payable:${lodzStudio}:USD`, amount: lodzShare },
      { key, code: 'cash:offline:USD', amount: -lodzShare },
    ]);
    expect((await statement(lodzStudio, month)).status).toBe('paid');
    const report = await t.request('GET', '/v1/operator/payouts/reconciliation', {
      token: olga.token,
    });
    // Only the stray transfer planted above: the payout by hand is matched by its entry.
    expect(report.body.mismatches).toEqual([
      expect.objectContaining({ kind: 'missing_in_ledger', providerMinor: 777 }),
    ]);
  }, 120_000);

  it('refuses to retry what did not fail, and an unknown payout', async () => {
    const [paid] = await t.sql(`SELECT id FROM payouts WHERE state = 'paid' LIMIT 1`);
    const before = await snapshot();
    const res = await t.request('POST', `/v1/operator/payouts/${paid.id}/retry`, {
      token: olga.token,
    });
    expect(res.status).toBe(409);
    expect(
      (
        await t.request('POST', `/v1/operator/payouts/00000000-0000-4000-8000-000000000000/retry`, {
          token: olga.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.request('POST', `/v1/operator/payouts/${paid.id}/retry`, { token: carol.token }))
        .status,
    ).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});
