import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrgBillingSettings } from '@clearframe/contracts/accounts';
import {
  BundleQuote,
  type BundleQuoteType,
  DEFAULT_INTENDED_USE,
  Order,
  type OrderType,
} from '@clearframe/contracts/demand';
import type { LicenseRequestType } from '@clearframe/contracts/license';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import { LedgerService } from '../src/ledger/ledger.service.js';
import { OrderPaymentsService } from '../src/orders/order-payments.service.js';
import {
  createListedClip,
  createOrg,
  createSession,
  createUser,
  defaultPolicy,
  type TestCuratedClip,
  type TestUser,
} from './factories/index.js';
import { DAY, HOUR } from './support/fake-clock.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const EXCLUSIVE: LicenseRequestType = {
  ...structuredClone(DEFAULT_INTENDED_USE),
  exclusivity: { kind: 'exclusive', until: 'term-end' },
  term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true },
};

/**
 * Invoiced labs on the offline provider: an operator marks a lab as billed by invoice, the
 * lab's next order is invoiced (due in 30 days, exclusive clips held until then) instead of
 * opening a checkout, the invoice is paid on the demo page through the same signed
 * `invoice.paid` Stripe would send, and an unpaid invoice lapses at its due date. Only
 * operators may change billing, and only a lab's.
 */
describe('invoiced labs (offline provider)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let olga: TestUser;
  let labA: string;
  let labB: string;
  let studio: string;
  let harbour: TestCuratedClip;
  let meadow: TestCuratedClip;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    olga = await createUser(t, { name: 'Olga Operator' });
    labA = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    labB = (await createOrg(t, bob, 'lab', 'Lab B')).id;
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    await createOrg(t, olga, 'operator', 'Operations');
    // 1.5 min × 500 = 750; HD × 1.25 = 937.5 → 938 (the bundles suite's figure).
    harbour = await createListedClip(t, studio, carol, {
      title: 'Harbour at dawn',
      durationMs: 90_000,
      width: 1920,
      height: 1080,
      policy: defaultPolicy(500),
    });
    meadow = await createListedClip(t, studio, carol, {
      title: 'Meadow',
      durationMs: 60_000,
      width: 1920,
      height: 1080,
      policy: policyFromTemplate('training-exclusive', { amountMinor: 400, currency: 'USD' }),
    });
  });
  afterAll(() => t?.close());

  const tokenOf = (orgId: string) => (orgId === labA ? alice.token : bob.token);
  const bundleWith = async (orgId: string, clipIds: string[], use?: LicenseRequestType) => {
    const created = await t.request('POST', `/v1/orgs/${orgId}/bundles`, {
      token: tokenOf(orgId),
      body: { name: `Bundle ${clipIds.length}`, ...(use ? { intendedUse: use } : {}) },
    });
    expect(created.status).toBe(201);
    const added = await t.request('POST', `/v1/orgs/${orgId}/bundles/${created.body.id}/clips`, {
      token: tokenOf(orgId),
      body: { clipIds },
    });
    expect(added.status).toBe(200);
    t.clock.advance(1_000);
    return created.body.id as string;
  };
  const quoteOf = async (orgId: string, bundleId: string): Promise<BundleQuoteType> => {
    const res = await t.request('GET', `/v1/orgs/${orgId}/bundles/${bundleId}/quote`, {
      token: tokenOf(orgId),
    });
    expect(res.status).toBe(200);
    return BundleQuote.parse(res.body);
  };
  const order = async (orgId: string, clipIds: string[], key: string, use?: LicenseRequestType) => {
    const bundleId = await bundleWith(orgId, clipIds, use);
    const quote = await quoteOf(orgId, bundleId);
    const res = await t.request('POST', `/v1/orgs/${orgId}/orders`, {
      token: tokenOf(orgId),
      headers: { 'Idempotency-Key': key },
      body: {
        bundleId,
        quoteToken: quote.quoteToken,
        acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
      },
    });
    expect(res.status).toBe(201);
    return Order.parse(res.body);
  };
  const reload = async (o: OrderType) =>
    Order.parse(
      (await t.request('GET', `/v1/orgs/${o.orgId}/orders/${o.id}`, { token: tokenOf(o.orgId) }))
        .body,
    );
  const setBilling = (orgId: string, token: string, body: unknown) =>
    t.request('PUT', `/v1/operator/orgs/${orgId}/billing`, { token, body });
  const billingRow = async (orgId: string) =>
    (await t.sql('SELECT billing, billing_email FROM organizations WHERE id = $1', [orgId]))[0] as {
      billing: string;
      billing_email: string | null;
    };
  const audits = async () =>
    t.sql(
      `SELECT actor_user_id, org_id, target_id, data FROM audit_log
       WHERE action = 'org.billing_changed' ORDER BY id`,
    );
  /** Sessions end after 30 days idle, as the clock moves past an invoice's due date. */
  const signInAgain = async () => {
    for (const user of [alice, bob, olga]) user.token = (await createSession(t, user.id)).token;
  };
  const holdsOf = (orderId: string) =>
    t.sql(
      `SELECT state, lower(during) AS "from", upper(during) AS until FROM exclusive_holds
       WHERE order_id = $1`,
      [orderId],
    );

  it('refuses a lab member marking billing (403), and changes nothing', async () => {
    for (const token of [alice.token, carol.token]) {
      const res = await setBilling(labA, token, { billing: 'invoice' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    expect(
      (await t.request('GET', `/v1/operator/orgs/${labA}/billing`, { token: alice.token })).status,
    ).toBe(403);
    expect(await billingRow(labA)).toEqual({ billing: 'checkout', billing_email: null });
    expect(await audits()).toEqual([]);
  });

  it('refuses invoicing a creator (or operator) organization, and the database would too', async () => {
    const res = await setBilling(studio, olga.token, { billing: 'invoice' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('billing_not_for_kind');
    expect(await billingRow(studio)).toEqual({ billing: 'checkout', billing_email: null });
    const unknown = await setBilling('00000000-0000-4000-8000-000000000000', olga.token, {
      billing: 'invoice',
    });
    expect(unknown.status).toBe(404);
    const bad = await setBilling(labA, olga.token, { billing: 'barter' });
    expect(bad.status).toBe(422);
    expect(await audits()).toEqual([]);
    await expect(
      t.sql(`UPDATE organizations SET billing = 'invoice' WHERE id = $1`, [studio]),
    ).rejects.toThrow(/organizations_invoice_only_labs/);
  });

  it('lets an operator mark a lab invoiced, audited with who and what changed', async () => {
    const res = await setBilling(labA, olga.token, {
      billing: 'invoice',
      billingEmail: 'AP@Perceptron.test',
    });
    expect(res.status).toBe(200);
    expect(OrgBillingSettings.parse(res.body)).toEqual({
      orgId: labA,
      billing: 'invoice',
      billingEmail: 'ap@perceptron.test',
    });
    expect(await billingRow(labA)).toEqual({
      billing: 'invoice',
      billing_email: 'ap@perceptron.test',
    });
    const read = await t.request('GET', `/v1/operator/orgs/${labA}/billing`, { token: olga.token });
    expect(read.body).toEqual(res.body);
    expect(await audits()).toEqual([
      {
        actor_user_id: olga.id,
        org_id: labA,
        target_id: labA,
        data: {
          from: { billing: 'checkout', billingEmail: null },
          to: { billing: 'invoice', billingEmail: 'ap@perceptron.test' },
        },
      },
    ]);
  });

  let invoiced: OrderType;

  it('invoices the lab’s order instead of a checkout, due in 30 days, holding exclusives that long', async () => {
    invoiced = await order(labA, [meadow.id], 'invoiced-1', EXCLUSIVE);
    // The fake clock stands still while the order is placed and its invoice sent.
    const now = t.clock.now().getTime();
    expect(invoiced.payment).toBe('invoice');
    expect(invoiced.status).toBe('pending_payment');
    expect(invoiced.checkout!.url).toMatch(
      new RegExp(`^${t.config.server.webOrigin}/checkout/in_offline_[0-9a-f]{24}$`),
    );
    expect(Date.parse(invoiced.checkout!.expiresAt)).toBe(now + 30 * DAY);
    expect(await holdsOf(invoiced.id)).toEqual([
      { state: 'pending', from: new Date(now), until: new Date(now + 30 * DAY) },
    ]);
    // Another lab sees the clip as taken while the invoice is open.
    const other = await bundleWith(labB, [meadow.id], EXCLUSIVE);
    expect((await quoteOf(labB, other)).excluded[0]!.reasons[0]!.code).toBe('exclusively_licensed');

    // A day later the checkout window of other orders has passed; the invoice has not.
    t.clock.advance(25 * HOUR);
    await t.app.get(OrderPaymentsService).lapse();
    expect((await reload(invoiced)).status).toBe('pending_payment');
  });

  it('is paid on the demo page with a signed invoice.paid, which fulfils the order', async () => {
    const invoiceId = invoiced.checkout!.url.split('/').pop()!;
    const page = await t.request('GET', `/v1/payments/offline/checkout/${invoiceId}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      orderId: invoiced.id,
      labName: 'Perceptron Labs',
      total: invoiced.total,
      expiresAt: invoiced.checkout!.expiresAt,
    });
    const confirmed = await t.request('POST', `/v1/payments/offline/checkout/${invoiceId}/confirm`);
    expect(confirmed.status).toBe(200);
    await t.drainJobs();
    const events = await t.sql(
      `SELECT type, outcome, event->>'invoiceId' AS "invoiceId" FROM payment_events WHERE order_id = $1`,
      [invoiced.id],
    );
    expect(events).toEqual([{ type: 'invoice.paid', outcome: 'fulfilled', invoiceId }]);
    const paid = await reload(invoiced);
    expect(paid).toMatchObject({ status: 'fulfilled', payment: 'invoice', checkout: null });
    expect(paid.grants).toHaveLength(1);
    const lines = await t.app.get(LedgerService).linesOf(`sale:${invoiced.id}`);
    expect(lines[0]).toEqual({
      accountCode: 'cash:offline:USD',
      amountMinor: invoiced.total.amountMinor,
      currency: 'USD',
    });
    expect((await holdsOf(invoiced.id)).map((hold) => hold.state)).toEqual(['licensed']);
  });

  it('lapses an unpaid invoice at its due date, releasing its exclusive hold', async () => {
    const clip = await createListedClip(t, studio, carol, {
      title: 'Dunes',
      durationMs: 20_000,
      width: 1920,
      height: 1080,
      policy: policyFromTemplate('training-exclusive', { amountMinor: 400, currency: 'USD' }),
    });
    const unpaid = await order(labA, [clip.id], 'invoiced-unpaid', EXCLUSIVE);
    const due = Date.parse(unpaid.checkout!.expiresAt);
    t.clock.advance(due - t.clock.now().getTime() - 60_000);
    await signInAgain();
    expect(t.clock.now().getTime()).toBeLessThan(due);
    await t.app.get(OrderPaymentsService).lapse();
    expect((await reload(unpaid)).status).toBe('pending_payment');
    expect((await holdsOf(unpaid.id)).map((hold) => hold.state)).toEqual(['pending']);
    t.clock.advance(due - t.clock.now().getTime() + 1_000);
    expect(await t.app.get(OrderPaymentsService).lapse()).toBeGreaterThanOrEqual(1);
    expect((await reload(unpaid)).status).toBe('cancelled');
    expect((await holdsOf(unpaid.id)).map((hold) => hold.state)).toEqual(['released']);
  });

  it('goes back to checkout for orders placed after the operator switches it back', async () => {
    const res = await setBilling(labA, olga.token, { billing: 'checkout' });
    expect(res.body).toEqual({
      orgId: labA,
      billing: 'checkout',
      billingEmail: 'ap@perceptron.test',
    });
    const next = await order(labA, [harbour.id], 'checkout-again');
    expect(next.payment).toBe('checkout');
    expect(next.checkout!.url).toMatch(/\/checkout\/cs_offline_[0-9a-f]{24}$/);
    expect((await reload(invoiced)).payment).toBe('invoice');
    // A lab never marked stays on checkout.
    expect((await order(labB, [harbour.id], 'lab-b-1')).payment).toBe('checkout');
    expect((await audits()).map((row) => row.data.to.billing)).toEqual(['invoice', 'checkout']);
  });
});
