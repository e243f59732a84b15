import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { OrderType } from '@clearframe/contracts/demand';
import { formatMoney } from '@clearframe/contracts/money';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { LedgerService } from '../src/ledger/ledger.service.js';
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

const LINE_KINDS = new Set(['sale', 'refund', 'dispute', 'dispute_won', 'adjustment', 'payout']);

/**
 * Monthly statements through HTTP on the offline provider: real orders, payments and a refund;
 * the operator's run; the studio's list and its PDF and CSV; reruns, late events, 20 runs at once
 * and another studio's ids. Expected amounts come from the order lines and the ledger, never from
 * the statement code.
 */
describe('royalty statements', () => {
  let t: TestApp;
  let alice: TestUser; // lab
  let carol: TestUser; // Harbour (creator)
  let dave: TestUser; // Łódź studio (creator)
  let olga: TestUser; // operator
  let lab: string;
  let harbourStudio: string;
  let lodzStudio: string;
  let harbour: TestCuratedClip;
  let skyline: TestCuratedClip;
  let forest: TestCuratedClip;
  const december = '2026-12';

  beforeAll(async () => {
    t = await startTestApp({
      env: { SESSION_TTL_HOURS: '100000', SESSION_IDLE_HOURS: '100000' },
    });
    alice = await createUser(t);
    carol = await createUser(t);
    dave = await createUser(t);
    olga = await createUser(t, { name: 'Olga Operator' });
    lab = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    harbourStudio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    lodzStudio = (await createOrg(t, dave, 'creator', 'Studio Łódź — Αθήνα')).id;
    await createOrg(t, olga, 'operator', 'Operations');
    harbour = await createListedClip(t, harbourStudio, carol, {
      title: 'Harbour at dawn',
      durationMs: 90_000,
      width: 1920,
      height: 1080,
      policy: defaultPolicy(500),
    });
    skyline = await createListedClip(t, harbourStudio, carol, {
      title: 'Skyline',
      durationMs: 30_000,
      width: 3840,
      height: 2160,
      policy: defaultPolicy(800),
    });
    forest = await createListedClip(t, lodzStudio, dave, {
      title: 'Forêt sous la pluie',
      durationMs: 60_000,
      width: 1920,
      height: 1080,
      policy: defaultPolicy(400),
    });
  }, 60_000);
  afterAll(() => t?.close());

  const order = async (clipIds: string[]): Promise<OrderType> => {
    t.clock.advance(1_000);
    const paid = await placePaidOrder(t, { orgId: lab, token: alice.token }, clipIds, {
      name: `Bundle ${clipIds.length}`,
    });
    t.clock.advance(60_000);
    return paid;
  };
  const run = (period: string, token = olga.token) =>
    t.request('POST', '/v1/operator/royalties/runs', { token, body: { period } });
  /** What the order lines say a studio earned on these orders: gross, fee and share. */
  const linesOf = async (orgId: string, orderIds: string[]) => {
    const [row] = await t.sql(
      `SELECT coalesce(sum(amount_minor), 0)::int AS gross, coalesce(sum(platform_fee_minor), 0)::int AS fee,
              coalesce(sum(creator_share_minor), 0)::int AS share, count(*)::int AS clips
         FROM order_lines WHERE creator_org_id = $1 AND order_id = ANY($2::uuid[])`,
      [orgId, orderIds],
    );
    return row as { gross: number; fee: number; share: number; clips: number };
  };
  /** The creator's payable balance in the ledger (what the platform owes), from SQL. */
  const owed = async (orgId: string, before: Date) => {
    const [row] = await t.sql(
      `SELECT coalesce(-sum(l.amount_minor), 0)::int AS owed FROM journal_lines l
         JOIN ledger_accounts a ON a.id = l.account_id JOIN journal_entries e ON e.id = l.entry_id
        WHERE a.code = $1 AND e.recorded_at < $2`,
      [`creator-payable:${orgId}:USD`, before],
    );
    return Number(row.owed);
  };
  const statementsOf = async (orgId: string, token: string) => {
    const res = await t.request('GET', `/v1/orgs/${orgId}/statements`, { token });
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };

  let first: OrderType;
  let second: OrderType;
  let refunded: OrderType;

  it('refuses to state a month that has not ended, and anyone but an operator', async () => {
    first = await order([harbour.id, forest.id]);
    second = await order([skyline.id]);
    refunded = await order([harbour.id]);
    const refund = await t.request('POST', `/v1/operator/orders/${refunded.id}/refund`, {
      token: olga.token,
      body: {},
    });
    expect(refund.status).toBe(200);
    await t.drainJobs();

    const open = await run(december);
    expect(open.status).toBe(422);
    expect(open.body.code).toBe('validation_failed');
    expect((await run('2026-13')).status).toBe(422);
    expect((await run(december, carol.token)).status).toBe(403);
    expect(Number((await t.sql('SELECT count(*)::int AS n FROM royalty_statements'))[0].n)).toBe(0);
  }, 60_000);

  let harbourDecember: any;

  it('states the month per studio: lines from the order lines, refunds from the ledger', async () => {
    // Into January (UTC): December is over.
    const now = t.clock.now();
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 0, 0, 5);
    t.clock.advance(nextMonth - now.getTime());
    const res = await run(december);
    expect(res.status).toBe(200);
    expect(res.body.statements).toHaveLength(2);
    expect(res.body.statements.map((s: any) => s.outcome)).toEqual(['created', 'created']);

    const sold = await linesOf(harbourStudio, [first.id, second.id, refunded.id]);
    const keptShare = (await linesOf(harbourStudio, [refunded.id])).share;
    const [harbourList] = await statementsOf(harbourStudio, carol.token);
    harbourDecember = harbourList;
    expect(harbourList).toMatchObject({
      period: december,
      status: 'final',
      currency: 'USD',
      lineCount: sold.clips + 1, // three sold clips, one refund
      opening: { amountMinor: 0, currency: 'USD' },
      gross: { amountMinor: sold.gross },
      platformFee: { amountMinor: sold.fee },
      net: { amountMinor: sold.share },
      refunds: { amountMinor: keptShare },
      payouts: { amountMinor: 0 },
      closing: { amountMinor: sold.share - keptShare },
    });
    expect(harbourList.closing.amountMinor).toBe(await owed(harbourStudio, new Date(nextMonth)));
    const lodz = await statementsOf(lodzStudio, dave.token);
    expect(lodz).toHaveLength(1);
    expect(lodz[0].closing.amountMinor).toBe((await linesOf(lodzStudio, [first.id])).share);
  }, 60_000);

  it('serves the stored CSV and PDF with the recorded hashes, showing the same totals', async () => {
    const base = `/v1/orgs/${harbourStudio}/statements/${harbourDecember.id}`;
    const csvRes = await fetch(`${t.url}${base}/csv`, {
      headers: { authorization: `Bearer ${carol.token}` },
    });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-disposition')).toContain(`statement-${december}-USD.csv`);
    const csv = Buffer.from(await csvRes.arrayBuffer());
    expect(createHash('sha256').update(csv).digest('hex')).toBe(harbourDecember.contentSha256);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const byKind = (kind: string) => rows.filter((row) => row.kind === kind);
    const decimal = (minor: number) => (minor / 100).toFixed(2);
    expect(byKind('sale')).toHaveLength(3);
    expect(
      byKind('sale')
        .map((row) => row.clip_title)
        .sort(),
    ).toEqual(['Harbour at dawn', 'Harbour at dawn', 'Skyline'].sort());
    expect(byKind('refund')).toHaveLength(1);
    expect(byKind('refund')[0]!.order_id).toBe(refunded.id);
    expect(byKind('total_sales')[0]!.gross).toBe(decimal(harbourDecember.gross.amountMinor));
    expect(byKind('closing_balance')[0]!.net).toBe(decimal(harbourDecember.closing.amountMinor));
    // Down the net column, from the opening balance through the lines, to the closing balance.
    const running = [...byKind('opening_balance'), ...rows.filter((r) => LINE_KINDS.has(r.kind!))]
      .map((row) => Math.round(Number(row.net) * 100))
      .reduce((a, b) => a + b, 0);
    expect(running).toBe(harbourDecember.closing.amountMinor);

    const pdfRes = await fetch(`${t.url}${base}/pdf`, {
      headers: { authorization: `Bearer ${carol.token}` },
    });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(harbourDecember.pdfSha256);
    const file = path.join(t.dataDir, 'statement.pdf');
    await fs.writeFile(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const money = (minor: number) => formatMoney({ amountMinor: minor, currency: 'USD' });
    const totalLine = (label: string) =>
      text
        .split('\n')
        .filter((line) => new RegExp(`^${label}\\s{2,}\\S`).test(line.trim()))
        .map((line) =>
          line
            .trim()
            .split(/\s{2,}/)
            .pop(),
        );
    expect(totalLine('Closing balance')).toEqual([
      money(harbourDecember.closing.amountMinor),
      money(harbourDecember.closing.amountMinor),
    ]);
    expect(totalLine('Gross')).toEqual([money(Number(byKind('total_sales')[0]!.gross) * 100)]);
    expect(totalLine('Refunds and adjustments')).toContain(
      money(Math.round(Number(byKind('total_refunds_and_adjustments')[0]!.net) * 100)),
    );
    expect(text).toContain('Harbour Films');
    expect(text).toContain('Clearframe');
    expect(text).toMatch(/Page 1 of 1/);

    const lodz = (await statementsOf(lodzStudio, dave.token))[0];
    const lodzPdf = Buffer.from(
      await (
        await fetch(`${t.url}/v1/orgs/${lodzStudio}/statements/${lodz.id}/pdf`, {
          headers: { authorization: `Bearer ${dave.token}` },
        })
      ).arrayBuffer(),
    );
    await fs.writeFile(file, lodzPdf);
    const lodzText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    // Names outside WinAnsi come through (an embedded TTF, not Helvetica).
    expect(lodzText).toContain('Studio Łódź — Αθήνα');
    expect(lodzText).toContain('Forêt sous la pluie');
  });

  it("answers not found for another studio's statement, and refuses labs", async () => {
    const id = harbourDecember.id as string;
    const other = await t.request('GET', `/v1/orgs/${lodzStudio}/statements/${id}`, {
      token: dave.token,
    });
    expect(other.status).toBe(404);
    for (const format of ['pdf', 'csv']) {
      const res = await t.request('GET', `/v1/orgs/${lodzStudio}/statements/${id}/${format}`, {
        token: dave.token,
      });
      expect(res.status).toBe(404);
    }
    expect(
      (await t.request('GET', `/v1/orgs/${harbourStudio}/statements/${id}`, { token: dave.token }))
        .status,
    ).toBe(404);
    expect((await statementsOf(lodzStudio, dave.token)).map((s) => s.id)).not.toContain(id);
    expect(
      (await t.request('GET', `/v1/orgs/${lab}/statements`, { token: alice.token })).status,
    ).toBe(403);
  });

  it('changes nothing on a rerun, and a final statement refuses every change', async () => {
    const before = await t.sql(
      'SELECT id, content_sha256, pdf_sha256, closing_minor::int FROM royalty_statements ORDER BY id',
    );
    const again = await run(december);
    expect(again.status).toBe(200);
    expect(again.body.statements.map((s: any) => s.outcome)).toEqual(['existing', 'existing']);
    expect(
      await t.sql(
        'SELECT id, content_sha256, pdf_sha256, closing_minor::int FROM royalty_statements ORDER BY id',
      ),
    ).toEqual(before);
    await expect(
      t.sql(
        'UPDATE royalty_statements SET closing_minor = closing_minor + 1, opening_minor = opening_minor + 1 WHERE id = $1',
        [harbourDecember.id],
      ),
    ).rejects.toThrow(/never changes/);
    await expect(
      t.sql('DELETE FROM royalty_statement_lines WHERE statement_id = $1', [harbourDecember.id]),
    ).rejects.toThrow(/never change/);
    await expect(
      t.sql('DELETE FROM royalty_statements WHERE id = $1', [harbourDecember.id]),
    ).rejects.toThrow(/never changes/);
    expect(
      await t.sql(
        'SELECT id, content_sha256, pdf_sha256, closing_minor::int FROM royalty_statements ORDER BY id',
      ),
    ).toEqual(before);
  });

  it('puts an event recorded in a stated month on the next statement; 20 runs make one each', async () => {
    // A refund that committed after December was stated, though its clock said December (a
    // transaction that began before midnight): December stays as it was, January states it.
    const late = await lateRefund(
      t,
      second.id,
      harbourStudio,
      150,
      new Date(Date.UTC(2026, 11, 31, 23, 59, 59)),
    );
    const january = await order([skyline.id, forest.id]);
    const janSold = await linesOf(harbourStudio, [january.id]);
    const now = t.clock.now();
    const feb = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 0, 0, 5);
    t.clock.advance(feb - now.getTime());

    const runs = await Promise.all(Array.from({ length: 20 }, () => run('2027-01')));
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => 200));
    const created = runs.flatMap((r) =>
      r.body.statements.filter((s: any) => s.outcome === 'created'),
    );
    expect(created).toHaveLength(2);
    const rows = await t.sql(
      `SELECT org_id, count(*)::int AS n FROM royalty_statements WHERE period = '2027-01' GROUP BY org_id`,
    );
    expect(rows.map((r) => r.n)).toEqual([1, 1]);

    const [janStatement, decStatement] = await statementsOf(harbourStudio, carol.token);
    expect(decStatement).toEqual(harbourDecember);
    expect(janStatement).toMatchObject({
      period: '2027-01',
      opening: { amountMinor: harbourDecember.closing.amountMinor },
      net: { amountMinor: janSold.share },
      refunds: { amountMinor: 150 },
      closing: { amountMinor: harbourDecember.closing.amountMinor + janSold.share - 150 },
    });
    expect(janStatement.closing.amountMinor).toBe(await owed(harbourStudio, new Date(feb)));
    const [lateLine] = await t.sql(
      `SELECT s.period FROM royalty_statement_lines l JOIN royalty_statements s ON s.id = l.statement_id
        WHERE l.entry_id = $1`,
      [late],
    );
    expect(lateLine.period).toBe('2027-01');
  }, 90_000);

  it('runs from the monthly job for the month before', async () => {
    // The cron's payload is {}: the job states the previous month (January here: exists already).
    const jobs = t.app.get(JobsService);
    const id = await jobs.send('royalties.statements', {});
    expect(id).not.toBeNull();
    await t.drainJobs();
    const job = await jobs.getJob('royalties.statements', id!);
    expect(job?.state).toBe('completed');
    expect(job?.output).toMatchObject({ period: '2027-01', created: 0, statements: 2 });
  });
});

/** Posts a refund entry through the ledger as if its transaction began at `recordedAt`. */
async function lateRefund(
  t: TestApp,
  orderId: string,
  creatorOrgId: string,
  creatorPartMinor: number,
  recordedAt: Date,
): Promise<string> {
  const ledger = new LedgerService(t.app.get(UnitOfWork), { now: () => recordedAt });
  const { entryId } = await ledger.post({
    idempotencyKey: `refund:late-${orderId}`,
    kind: 'refund',
    orderId,
    description: 'A partial refund committed after the month was stated',
    lines: [
      {
        account: { code: 'cash:offline:USD', kind: 'asset', orgId: null, currency: 'USD' },
        amountMinor: -creatorPartMinor,
      },
      {
        account: {
          code: `creator-payable:${creatorOrgId}:USD`,
          kind: 'liability',
          orgId: creatorOrgId,
          currency: 'USD',
        },
        amountMinor: creatorPartMinor,
      },
    ],
  });
  return entryId;
}
