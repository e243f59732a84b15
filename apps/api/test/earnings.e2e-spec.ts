import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderType } from '@clearframe/contracts/demand';
import { Earnings, type EarningsType } from '@clearframe/contracts/money';
import {
  createApiKey,
  createListedClip,
  createOrg,
  createSession,
  createUser,
  defaultPolicy,
  type TestCuratedClip,
  type TestUser,
  placePaidOrder,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A creator studio's earnings through HTTP on the offline provider: two studios, two labs,
 * sales across months (the test clock moves between them) and an operator refund. Monthly
 * figures are pinned to sums of the order lines' amounts, worked out by hand below.
 *
 * Lines (USD, as the rate card prices them; the first test pins them):
 *   harbour 90 s 1080p at 5.00/min: 938, fee 187, creator 751   (Harbour Films)
 *   skyline 30 s 4K at 8.00/min:    750, fee 150, creator 600   (Harbour Films)
 *   forest  60 s 1080p at 4.00/min: 500, fee 100, creator 400   (Forest Studio)
 * Month 1: lab A buys harbour + skyline (order 1); lab B buys harbour + forest (order 2).
 * Month 2: lab B buys skyline (order 3); order 1 is refunded in full.
 * Month 3: nothing.
 */
describe('earnings in the studio', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let olga: TestUser;
  let labA: string;
  let labB: string;
  let studio: string;
  let studio2: string;
  let harbour: TestCuratedClip;
  let skyline: TestCuratedClip;
  let forest: TestCuratedClip;
  let m1: string;
  let m2: string;
  let m3: string;
  let order1: OrderType;
  let order2: OrderType;
  let order3: OrderType;

  const users = () => [alice, bob, carol, dave, olga];
  /** Sessions idle out after a week; the clock moves by months, so each month signs in anew. */
  const signInAgain = async () => {
    for (const user of users()) {
      const session = await createSession(t, user.id);
      user.token = session.token;
      user.sessionId = session.id;
    }
  };
  /** Moves the clock to 10:00 UTC on the 3rd of the next month and returns that month. */
  const nextMonth = async (): Promise<string> => {
    const now = t.clock.now();
    const target = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 3, 10);
    t.clock.advance(target - now.getTime());
    await signInAgain();
    return t.clock.now().toISOString().slice(0, 7);
  };

  const buy = async (labId: string, user: TestUser, clipIds: string[], key: string) => {
    const order = await placePaidOrder(t, { orgId: labId, token: user.token }, clipIds, {
      name: key,
      idempotencyKey: key,
    });
    t.clock.advance(60_000);
    return order;
  };

  const earnings = async (orgId: string, token: string, query = '') => {
    const res = await t.request('GET', `/v1/orgs/${orgId}/earnings${query}`, { token });
    expect([res.status, res.body.code]).toEqual([200, undefined]);
    return Earnings.parse(res.body);
  };
  const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });
  const month = (m: string, gross: number, fee: number, net: number, reversals: number) => ({
    month: m,
    gross: usd(gross),
    platformFee: usd(fee),
    net: usd(net),
    reversals: usd(reversals),
    balanceChange: usd(net - reversals),
  });

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    dave = await createUser(t);
    olga = await createUser(t, { name: 'Olga Operator' });
    labA = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    labB = (await createOrg(t, bob, 'lab', 'Lab B')).id;
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    studio2 = (await createOrg(t, dave, 'creator', 'Forest Studio')).id;
    await createOrg(t, olga, 'operator', 'Operations');
    harbour = await createListedClip(t, studio, carol, {
      title: 'Harbour at dawn',
      durationMs: 90_000,
      width: 1920,
      height: 1080,
      policy: defaultPolicy(500),
    });
    skyline = await createListedClip(t, studio, carol, {
      title: 'Skyline',
      durationMs: 30_000,
      width: 3840,
      height: 2160,
      policy: defaultPolicy(800),
    });
    forest = await createListedClip(t, studio2, dave, {
      title: 'Forest rain',
      durationMs: 60_000,
      width: 1920,
      height: 1080,
      policy: defaultPolicy(400),
    });

    m1 = await nextMonth();
    order1 = await buy(labA, alice, [harbour.id, skyline.id], 'earnings-1');
    order2 = await buy(labB, bob, [harbour.id, forest.id], 'earnings-2');
    m2 = await nextMonth();
    order3 = await buy(labB, bob, [skyline.id], 'earnings-3');
    const refund = await t.request('POST', `/v1/operator/orders/${order1.id}/refund`, {
      token: olga.token,
    });
    expect(refund.status).toBe(200);
    await t.drainJobs();
    m3 = await nextMonth();
  });
  afterAll(() => t?.close());

  it('sells at the line amounts the figures below are worked out from', async () => {
    const lines = await t.sql<{ title: string; amount: string; fee: string; share: string }>(
      `SELECT title, amount_minor::text AS amount, platform_fee_minor::text AS fee,
              creator_share_minor::text AS share
       FROM order_lines GROUP BY title, amount_minor, platform_fee_minor, creator_share_minor
       ORDER BY title`,
    );
    expect(lines).toEqual([
      { title: 'Forest rain', amount: '500', fee: '100', share: '400' },
      { title: 'Harbour at dawn', amount: '938', fee: '187', share: '751' },
      { title: 'Skyline', amount: '750', fee: '150', share: '600' },
    ]);
  });

  it('shows each month from the ledger: sales credited, the refund reversed, an empty month as zeros', async () => {
    const body = await earnings(studio, carol.token, `?from=${m1}&to=${m3}`);
    expect([body.from, body.to]).toEqual([m1, m3]);
    expect(body.series).toEqual([
      {
        currency: 'USD',
        months: [
          // harbour 938 + skyline 750 (order 1) + harbour 938 (order 2); fees 187 + 150 + 187;
          // credited 751 + 600 + 751.
          month(m1, 2_626, 524, 2_102, 0),
          // skyline 750 (order 3), fee 150, credited 600; order 1's 751 + 600 taken back.
          month(m2, 750, 150, 600, 1_351),
          month(m3, 0, 0, 0, 0),
        ],
      },
    ]);
    const other = await earnings(studio2, dave.token, `?from=${m1}&to=${m3}`);
    expect(other.series).toEqual([
      {
        currency: 'USD',
        months: [month(m1, 500, 100, 400, 0), month(m2, 0, 0, 0, 0), month(m3, 0, 0, 0, 0)],
      },
    ]);
  });

  it('agrees with the ledger balance of the studio’s payable account', async () => {
    const body = await earnings(studio, carol.token, `?from=${m1}&to=${m3}`);
    const [balance] = await t.sql<{ owed: string }>(
      `SELECT (-sum(l.amount_minor))::text AS owed FROM journal_lines l
       JOIN ledger_accounts a ON a.id = l.account_id WHERE a.code = $1`,
      [`creator-payable:${studio}:USD`],
    );
    const change = body.series[0]!.months.reduce((sum, m) => sum + m.balanceChange.amountMinor, 0);
    expect(change).toBe(Number(balance!.owed));
    expect(change).toBe(2_102 + 600 - 1_351);
  });

  it('breaks sales down by clip and by lab', async () => {
    const body = await earnings(studio, carol.token, `?from=${m1}&to=${m3}`);
    expect(new Set(body.byClip.map((row) => JSON.stringify(row)))).toEqual(
      new Set(
        [
          {
            clipId: harbour.id,
            title: 'Harbour at dawn',
            timesLicensed: 2,
            totalDurationMs: 180_000,
            gross: usd(1_876),
            net: usd(1_502),
          },
          {
            clipId: skyline.id,
            title: 'Skyline',
            timesLicensed: 2,
            totalDurationMs: 60_000,
            gross: usd(1_500),
            net: usd(1_200),
          },
        ].map((row) => JSON.stringify(row)),
      ),
    );
    expect(new Set(body.byLab.map((row) => JSON.stringify(row)))).toEqual(
      new Set(
        [
          {
            labOrgId: labA,
            labName: 'Perceptron Labs',
            orders: 1,
            clips: 2,
            gross: usd(1_688),
            net: usd(1_351),
          },
          {
            labOrgId: labB,
            labName: 'Lab B',
            orders: 2,
            clips: 2,
            gross: usd(1_688),
            net: usd(1_351),
          },
        ].map((row) => JSON.stringify(row)),
      ),
    );
  });

  it('lists who licensed which clip, newest first, a page at a time, with certificates', async () => {
    const first = await earnings(studio, carol.token, `?from=${m1}&to=${m3}&limit=3`);
    expect(first.licensees.items).toHaveLength(3);
    expect(first.licensees.nextCursor).not.toBeNull();
    const second = await earnings(
      studio,
      carol.token,
      `?from=${m1}&to=${m3}&limit=3&cursor=${first.licensees.nextCursor}`,
    );
    expect(second.licensees.nextCursor).toBeNull();
    const rows = [...first.licensees.items, ...second.licensees.items];
    const certificate = (order: OrderType) => order.grants[0]!.certificateId;
    type Row = [OrderType, TestCuratedClip, string, string, number, 'active' | 'revoked'];
    const expected: Row[] = [
      [order3, skyline, 'Lab B', labB, 600, 'active'],
      [order2, harbour, 'Lab B', labB, 751, 'active'],
      [order1, harbour, 'Perceptron Labs', labA, 751, 'revoked'],
      [order1, skyline, 'Perceptron Labs', labA, 600, 'revoked'],
    ];
    // Order 1's two clips were paid at the same instant: the keyset orders them by clip id.
    const order1Rows = expected.slice(2).sort(([, x], [, y]) => (x.id < y.id ? 1 : -1));
    expect(rows).toEqual(
      [...expected.slice(0, 2), ...order1Rows].map(
        ([order, clip, labName, labOrgId, amount, status]) => ({
          orderId: order.id,
          clipId: clip.id,
          clipTitle: clip.title,
          labOrgId,
          labName,
          uses: order.intendedUse.uses,
          term: order.intendedUse.term,
          paidAt: new Date(order.paidAt!).toISOString(),
          amount: usd(amount),
          certificateId: certificate(order),
          status,
        }),
      ),
    );
    const status = await t.request('GET', `/v1/certificates/${rows[0]!.certificateId}`);
    expect(status.status).toBe(200);
  });

  it('narrows every part to the months asked for', async () => {
    const body = await earnings(studio, carol.token, `?from=${m2}&to=${m2}`);
    expect(body.series).toEqual([{ currency: 'USD', months: [month(m2, 750, 150, 600, 1_351)] }]);
    expect(body.byClip.map((row) => [row.clipId, row.timesLicensed])).toEqual([[skyline.id, 1]]);
    expect(body.byLab.map((row) => [row.labOrgId, row.orders])).toEqual([[labB, 1]]);
    expect(body.licensees.items.map((row) => row.orderId)).toEqual([order3.id]);
  });

  it('defaults to the twelve months up to the current one', async () => {
    const body: EarningsType = await earnings(studio, carol.token);
    expect(body.to).toBe(m3);
    expect(body.series[0]!.months).toHaveLength(12);
    expect(body.series[0]!.months.slice(-3).map((row) => row.month)).toEqual([m1, m2, m3]);
  });

  it('answers the studio’s keys holding clips:read, and refuses a key without it', async () => {
    const reader = await createApiKey(t, studio, carol, 'Accounting', ['clips:read']);
    const viaKey = await earnings(studio, reader.secret, `?from=${m1}&to=${m3}`);
    expect(viaKey).toEqual(await earnings(studio, carol.token, `?from=${m1}&to=${m3}`));
    const uploader = await createApiKey(t, studio, carol, 'Uploader', ['uploads:write']);
    const refused = await t.request('GET', `/v1/orgs/${studio}/earnings`, {
      token: uploader.secret,
    });
    expect([refused.status, refused.body.code]).toEqual([403, 'insufficient_scope']);
  });

  it('shows another studio none of these sales, and not this studio at all', async () => {
    const own = await earnings(studio2, dave.token, `?from=${m1}&to=${m3}`);
    expect(own.byClip.map((row) => row.clipId)).toEqual([forest.id]);
    expect(own.byLab.map((row) => [row.labOrgId, row.gross.amountMinor])).toEqual([[labB, 500]]);
    expect(own.licensees.items.map((row) => [row.orderId, row.clipId])).toEqual([
      [order2.id, forest.id],
    ]);
    const daveKey = await createApiKey(t, studio2, dave, 'Dave key', ['clips:read']);
    for (const token of [dave.token, daveKey.secret, alice.token]) {
      const res = await t.request('GET', `/v1/orgs/${studio}/earnings`, { token });
      expect([res.status, res.body.code]).toEqual([404, 'not_found']);
      expect(res.text).not.toContain(harbour.id);
    }
  });

  it('refuses a lab (403) and a range that runs backwards or too far (422)', async () => {
    const lab = await t.request('GET', `/v1/orgs/${labA}/earnings`, { token: alice.token });
    expect([lab.status, lab.body.code]).toEqual([403, 'forbidden']);
    for (const query of [`?from=${m3}&to=${m1}`, '?from=2020-01&to=2026-01', '?from=2026-13']) {
      const res = await t.request('GET', `/v1/orgs/${studio}/earnings${query}`, {
        token: carol.token,
      });
      expect([res.status, res.body.code]).toEqual([422, 'validation_failed']);
    }
    const bad = await t.request('GET', `/v1/orgs/${studio}/earnings?cursor=bogus`, {
      token: carol.token,
    });
    expect([bad.status, bad.body.errors?.[0]?.code]).toEqual([422, 'invalid_cursor']);
  });
});
