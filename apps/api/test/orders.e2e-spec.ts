import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { merkleRoot } from '@clearframe/contracts/certificates';
import {
  BundleQuote,
  type BundleQuoteType,
  CertificateStatus,
  DEFAULT_INTENDED_USE,
  ManifestEntry,
  Order,
  type OrderType,
} from '@clearframe/contracts/demand';
import type { LicenseRequestType } from '@clearframe/contracts/license';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import { LedgerService } from '../src/ledger/ledger.service.js';
import { OrderPaymentsService } from '../src/orders/order-payments.service.js';
import { OfflinePaymentProvider } from '../src/payments/offline-payment-provider.js';
import { PaymentProvider } from '../src/payments/payment-provider.js';
import {
  createListedClip,
  createOrg,
  createPolicyVersion,
  createUser,
  defaultPolicy,
  type TestCuratedClip,
  type TestUser,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Orders through HTTP on the offline provider: a lab orders a bundle as quoted, pays on the
 * demo checkout, and gets grants with verifiable certificates, a ledger entry and a manifest.
 * Refusals leave nothing behind; payment events converge in any order.
 */
describe('orders, payment events, ledger and certificates', () => {
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
    // The same hand-checked figures as the bundles suite: 938 (fee 187) and 750 (fee 150).
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
      policy: policyFromTemplate('training-exclusive', { amountMinor: 400, currency: 'USD' }),
    });
  });
  afterAll(() => t?.close());

  const bundleWith = async (
    orgId: string,
    user: TestUser,
    clipIds: string[],
    intendedUse?: LicenseRequestType,
  ): Promise<string> => {
    const created = await t.request('POST', `/v1/orgs/${orgId}/bundles`, {
      token: user.token,
      body: { name: `Bundle ${clipIds.length}`, ...(intendedUse ? { intendedUse } : {}) },
    });
    expect(created.status).toBe(201);
    const added = await t.request('POST', `/v1/orgs/${orgId}/bundles/${created.body.id}/clips`, {
      token: user.token,
      body: { clipIds },
    });
    expect(added.status).toBe(200);
    t.clock.advance(1_000);
    return created.body.id as string;
  };
  const quoteOf = async (orgId: string, user: TestUser, bundleId: string) => {
    const res = await t.request('GET', `/v1/orgs/${orgId}/bundles/${bundleId}/quote`, {
      token: user.token,
    });
    expect(res.status).toBe(200);
    return BundleQuote.parse(res.body);
  };
  const placeOrder = (
    orgId: string,
    user: TestUser,
    bundleId: string,
    quote: BundleQuoteType,
    key: string | null,
    overrides: Record<string, unknown> = {},
  ) =>
    t.request('POST', `/v1/orgs/${orgId}/orders`, {
      token: user.token,
      headers: key ? { 'Idempotency-Key': key } : {},
      body: {
        bundleId,
        quoteToken: quote.quoteToken,
        acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
        ...overrides,
      },
    });
  const count = async (table: string) =>
    Number((await t.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const pay = async (order: OrderType) => {
    const sessionId = order.checkout!.url.split('/').pop()!;
    const page = await t.request('GET', `/v1/payments/offline/checkout/${sessionId}`);
    expect(page.status).toBe(200);
    const confirmed = await t.request('POST', `/v1/payments/offline/checkout/${sessionId}/confirm`);
    expect(confirmed.status).toBe(200);
    await t.drainJobs();
    const res = await t.request('GET', `/v1/orgs/${order.orgId}/orders/${order.id}`, {
      token: order.orgId === labA ? alice.token : bob.token,
    });
    return Order.parse(res.body);
  };

  let paid: OrderType;

  it('orders a bundle as quoted, once per Idempotency-Key, and opens a demo checkout', async () => {
    const bundleId = await bundleWith(labA, alice, [harbour.id, skyline.id]);
    const quote = await quoteOf(labA, alice, bundleId);
    expect(quote.terms).toHaveLength(1);
    expect(quote.terms[0]!.clipIds).toEqual([harbour.id, skyline.id]);

    const first = await placeOrder(labA, alice, bundleId, quote, 'order-1');
    expect(first.status).toBe(201);
    const order = Order.parse(first.body);
    expect(order).toMatchObject({
      status: 'pending_payment',
      total: { amountMinor: 1_688, currency: 'USD' },
      platformFee: { amountMinor: 337, currency: 'USD' },
      creatorShare: { amountMinor: 1_351, currency: 'USD' },
      clipCount: 2,
      totalDurationMs: 120_000,
      grants: [],
    });
    expect(order.checkout!.url).toMatch(
      new RegExp(`^${t.config.server.webOrigin}/checkout/cs_offline_[0-9a-f]{24}$`),
    );

    const retry = await placeOrder(labA, alice, bundleId, quote, 'order-1');
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);

    const before = await count('orders');
    const reused = await placeOrder(labA, alice, bundleId, quote, 'order-1', {
      acceptedTermsHashes: [`sha256:${'0'.repeat(64)}`],
    });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(await count('orders')).toBe(before);

    const page = await t.request(
      'GET',
      `/v1/payments/offline/checkout/${order.checkout!.url.split('/').pop()}`,
    );
    expect(page.body).toMatchObject({
      orderId: order.id,
      labName: 'Perceptron Labs',
      total: { amountMinor: 1_688, currency: 'USD' },
      status: 'pending_payment',
    });

    paid = await pay(order);
    expect(paid.status).toBe('fulfilled');
    expect(paid.paidAt).not.toBeNull();
    expect(paid.checkout).toBeNull();
    expect(paid.grants).toHaveLength(1);
    expect(paid.grants[0]).toMatchObject({
      termsHash: quote.terms[0]!.termsHash,
      clipCount: 2,
      totalSeconds: 120,
      status: 'active',
      clipsMerkleRoot: merkleRoot([harbour.sha256!, skyline.sha256!]),
    });
  });

  it('posts one balanced sale entry: cash against each creator and the platform fee', async () => {
    const ledger = t.app.get(LedgerService);
    const lines = await ledger.linesOf(`sale:${paid.id}`);
    expect(lines).toEqual([
      { accountCode: 'cash:offline:USD', amountMinor: 1_688, currency: 'USD' },
      { accountCode: `creator-payable:${studio}:USD`, amountMinor: -1_351, currency: 'USD' },
      { accountCode: 'platform-fees:USD', amountMinor: -337, currency: 'USD' },
    ]);
    expect(await ledger.balance(`creator-payable:${studio}:USD`)).toBe(-1_351);
    // Paying again is the same event: nothing more is posted.
    const entries = await count('journal_entries');
    const sessionId = (
      await t.sql('SELECT checkout_session_id FROM orders WHERE id = $1', [paid.id])
    )[0].checkout_session_id;
    const again = await t.request('POST', `/v1/payments/offline/checkout/${sessionId}/confirm`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('order_not_payable');
    await t.drainJobs();
    expect(await count('journal_entries')).toBe(entries);
  });

  it('issues a certificate that plain jose verifies with the published JWKS', async () => {
    const grant = paid.grants[0]!;
    const res = await t.request('GET', `/v1/certificates/${grant.certificateId}`);
    expect(res.status).toBe(200);
    const status = CertificateStatus.parse(res.body);
    expect(status.status).toBe('valid');
    const jwks = await t.request('GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    const { payload, protectedHeader } = await jwtVerify(status.jws, createLocalJWKSet(jwks.body), {
      currentDate: t.clock.now(),
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({
      jti: grant.certificateId,
      sub: labA,
      licensee_name: 'Perceptron Labs',
      terms_hash: grant.termsHash,
      clips_root: merkleRoot([harbour.sha256!, skyline.sha256!]),
      clip_count: 2,
      total_seconds: 120,
    });
    // 24 months from the payment, to the second.
    const validFrom = Date.parse(grant.validFrom);
    const until = new Date(validFrom);
    until.setUTCMonth(until.getUTCMonth() + 24);
    expect(payload.exp).toBe(until.getTime() / 1000);
    expect((await t.request('GET', `/v1/certificates/${crypto.randomUUID()}`)).body.code).toBe(
      'certificate_not_found',
    );
  });

  it('streams the manifest in certificate order with fresh one-hour download links', async () => {
    const res = await t.request('GET', `/v1/orgs/${labA}/orders/${paid.id}/manifest.jsonl`, {
      token: alice.token,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const entries = res.text
      .trim()
      .split('\n')
      .map((line) => ManifestEntry.parse(JSON.parse(line)));
    expect(entries.map((entry) => [entry.clipId, entry.position, entry.sha256])).toEqual([
      [harbour.id, 0, harbour.sha256],
      [skyline.id, 1, skyline.sha256],
    ]);
    expect(new Set(entries.map((entry) => entry.certificateId))).toEqual(
      new Set([paid.grants[0]!.certificateId]),
    );
    expect(Date.parse(entries[0]!.downloadUrlExpiresAt) - t.clock.now().getTime()).toBe(3_600_000);
    expect(new URL(entries[0]!.downloadUrl).searchParams.get('X-Amz-Expires')).toBe('3600');
    const croissant = await t.request('GET', `/v1/orgs/${labA}/orders/${paid.id}/croissant.json`, {
      token: alice.token,
    });
    expect(croissant.status).toBe(200);
    expect(croissant.body.conformsTo).toBe('http://mlcommons.org/croissant/1.0');
    expect(croissant.body.distribution.map((file: { sha256: string }) => file.sha256)).toEqual([
      harbour.sha256,
      skyline.sha256,
    ]);
    expect(croissant.body['rai:dataCollection']).toEqual(expect.any(String));
  });

  it('tells the creator which lab licensed which clip, for what and for how much', async () => {
    const mail = (await t.outbox()).filter((message) => message.tag === 'clips-licensed');
    expect(mail.map((message) => message.to)).toEqual([carol.email]);
    expect(mail[0]!.subject).toBe('Perceptron Labs licensed 2 of your clips');
    expect(mail[0]!.text).toContain('“Harbour at dawn”: $7.51 to you (of $9.38)');
    expect(mail[0]!.text).toContain('Your share: $13.51.');
  });

  it('shows another lab none of it: orders, manifests and lists are per lab', async () => {
    const otherBundle = await bundleWith(labB, bob, [harbour.id]);
    const otherQuote = await quoteOf(labB, bob, otherBundle);
    const theirs = Order.parse((await placeOrder(labB, bob, otherBundle, otherQuote, 'b-1')).body);
    for (const path of [
      `/v1/orgs/${labB}/orders/${paid.id}`,
      `/v1/orgs/${labB}/orders/${paid.id}/manifest.jsonl`,
    ]) {
      const res = await t.request('GET', path, { token: bob.token });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('order_not_found');
    }
    // Not a member of lab A: the order is not found there either, as for every org route.
    const foreign = await t.request('GET', `/v1/orgs/${labA}/orders/${paid.id}`, {
      token: bob.token,
    });
    expect(foreign.status).toBe(404);
    const ids = async (orgId: string, user: TestUser) =>
      new Set(
        (await t.request('GET', `/v1/orgs/${orgId}/orders`, { token: user.token })).body.items.map(
          (item: { id: string }) => item.id,
        ),
      );
    expect(await ids(labB, bob)).toEqual(new Set([theirs.id]));
    expect((await ids(labA, alice)).has(theirs.id)).toBe(false);
    expect((await ids(labA, alice)).has(paid.id)).toBe(true);
    // Lab B cannot order from lab A's quote either.
    const bundleA = await bundleWith(labA, alice, [skyline.id]);
    const quoteA = await quoteOf(labA, alice, bundleA);
    const stolen = await placeOrder(labB, bob, bundleA, quoteA, 'b-2');
    expect(stolen.status).toBe(422);
    expect(stolen.body.code).toBe('quote_invalid');
  });

  it('refuses a missing key, a forged token, an expired quote, changed terms or price, with the current quote', async () => {
    const bundleId = await bundleWith(labA, alice, [skyline.id]);
    const quote = await quoteOf(labA, alice, bundleId);
    const before = await count('orders');

    const noKey = await placeOrder(labA, alice, bundleId, quote, null);
    expect([noKey.status, noKey.body.code]).toEqual([400, 'idempotency_key_required']);

    // A token whose time was moved an hour on, keeping its MAC: refused.
    const [body, mac] = quote.quoteToken.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    claims[2] += 3_600_000;
    const forged = await placeOrder(labA, alice, bundleId, quote, 'k-forged', {
      quoteToken: `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`,
    });
    expect([forged.status, forged.body.code]).toEqual([422, 'quote_invalid']);

    const amount = await placeOrder(labA, alice, bundleId, quote, 'k-amount', {
      total: { amountMinor: 1, currency: 'USD' },
    });
    expect(amount.status).toBe(422);

    const terms = await placeOrder(labA, alice, bundleId, quote, 'k-terms', {
      acceptedTermsHashes: [`sha256:${'a'.repeat(64)}`],
    });
    expect([terms.status, terms.body.code]).toEqual([409, 'terms_changed']);
    expect(terms.body.current.terms.map((g: { termsHash: string }) => g.termsHash)).toEqual(
      quote.terms.map((g) => g.termsHash),
    );

    t.clock.advance(31 * 60_000);
    const expired = await placeOrder(labA, alice, bundleId, quote, 'k-expired');
    expect([expired.status, expired.body.code]).toEqual([409, 'quote_expired']);
    expect(BundleQuote.parse(expired.body.current).quote.total.amountMinor).toBe(750);

    const fresh = await quoteOf(labA, alice, bundleId);
    // The creator raises the price after the quote: a new policy version.
    await createPolicyVersion(t, skyline.id, defaultPolicy(900), carol);
    const changed = await placeOrder(labA, alice, bundleId, fresh, 'k-changed');
    expect([changed.status, changed.body.code]).toEqual([409, 'quote_changed']);
    // 0.5 min × 900 × 1.25 × 1.5 = 843.75 → 844.
    expect(BundleQuote.parse(changed.body.current).quote.total.amountMinor).toBe(844);
    await createPolicyVersion(t, skyline.id, defaultPolicy(800), carol);

    // The creator withdraws the clip between quote and order: refused with the current quote.
    const beforeDelisting = await quoteOf(labA, alice, bundleId);
    await t.sql(`UPDATE clips SET state = 'delisted' WHERE id = $1`, [skyline.id]);
    const delisted = await placeOrder(labA, alice, bundleId, beforeDelisting, 'k-delisted');
    expect([delisted.status, delisted.body.code]).toEqual([409, 'quote_changed']);
    const current = BundleQuote.parse(delisted.body.current);
    expect(current.quote.lines).toEqual([]);
    expect(current.excluded.map((e) => [e.clipId, e.reasons[0]!.code])).toEqual([
      [skyline.id, 'not_listed'],
    ]);
    await t.sql(`UPDATE clips SET state = 'listed' WHERE id = $1`, [skyline.id]);
    expect(await count('orders')).toBe(before);
    expect(await count('order_lines')).toBe(
      Number((await t.sql('SELECT sum(clip_count)::int AS n FROM orders'))[0].n),
    );
  });

  it('refuses webhook events that are altered, unsigned, stale or signed by someone else', async () => {
    const provider = t.app.get(PaymentProvider) as OfflinePaymentProvider;
    const signed = provider.signEvent({
      type: 'payment.refunded',
      paymentId: 'pi_x',
      orderId: null,
      amount: { amountMinor: 100, currency: 'USD' },
    });
    const events = await count('payment_events');
    const post = (body: string, signature?: string) =>
      t.request('POST', '/v1/webhooks/offline', {
        rawBody: body,
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'stripe-signature': signature } : {}),
        },
      });
    expect((await post(signed.body.replace('100', '10000'), signed.signature)).status).toBe(400);
    expect((await post(signed.body)).status).toBe(400);
    expect((await post(signed.body, 't=1,v1=00ff')).status).toBe(400);
    const stranger = new OfflinePaymentProvider(t.config, t.clock).signEvent({
      type: 'payment.refunded',
      paymentId: 'pi_x',
      orderId: null,
      amount: { amountMinor: 100, currency: 'USD' },
    });
    expect((await post(stranger.body, stranger.signature)).status).toBe(400);
    t.clock.advance(6 * 60_000);
    const stale = await post(signed.body, signed.signature);
    expect([stale.status, stale.body.code]).toEqual([400, 'malformed_request']);
    expect(await count('payment_events')).toBe(events);
    expect(
      (
        await t.request('POST', '/v1/webhooks/stripe', {
          rawBody: '{}',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(404);
  });

  it('gives one ledger and one grant for payment, dispute and a dispute won, replayed in any order', async () => {
    const provider = t.app.get(PaymentProvider) as OfflinePaymentProvider;
    const ledger = t.app.get(LedgerService);
    const bundleId = await bundleWith(labB, bob, [skyline.id]);
    const quote = await quoteOf(labB, bob, bundleId);
    const order = Order.parse((await placeOrder(labB, bob, bundleId, quote, 'b-replay')).body);
    const sessionId = order.checkout!.url.split('/').pop()!;
    const completed = provider.completeCheckout({
      sessionId,
      orderId: order.id,
      amount: order.total,
    });
    const paymentId = JSON.parse(completed.body).paymentId as string;
    const disputed = provider.signEvent({
      type: 'payment.disputed',
      paymentId,
      orderId: null,
      disputeId: 'dp_1',
      amount: order.total,
    });
    const won = provider.signEvent({
      type: 'payment.dispute_closed',
      paymentId,
      orderId: null,
      disputeId: 'dp_1',
      won: true,
    });
    // Each event 1–10 times, shuffled, a dispute's close first.
    const deliveries = [won, disputed, won, completed, disputed, won, completed, completed, won];
    for (const event of deliveries) {
      const res = await t.request('POST', '/v1/webhooks/offline', {
        rawBody: event.body,
        headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
      });
      expect(res.status).toBe(200);
    }
    await t.drainJobs();
    const after = Order.parse(
      (await t.request('GET', `/v1/orgs/${labB}/orders/${order.id}`, { token: bob.token })).body,
    );
    expect(after.status).toBe('fulfilled');
    expect(after.grants.map((grant) => grant.status)).toEqual(['active']);
    const keys = (
      await t.sql(
        'SELECT idempotency_key AS key FROM journal_entries WHERE order_id = $1 ORDER BY 1',
        [order.id],
      )
    ).map((row) => row.key);
    expect(keys).toEqual([`dispute-won:dp_1`, `dispute:dp_1`, `sale:${order.id}`].sort());
    expect(await ledger.linesOf('dispute:dp_1')).toEqual([
      { accountCode: 'cash:offline:USD', amountMinor: -750, currency: 'USD' },
      { accountCode: `creator-payable:${studio}:USD`, amountMinor: 600, currency: 'USD' },
      { accountCode: 'platform-fees:USD', amountMinor: 150, currency: 'USD' },
    ]);
    const hash = await ledger.journalHash();
    for (const event of [completed, disputed, won].reverse()) {
      await t.request('POST', '/v1/webhooks/offline', {
        rawBody: event.body,
        headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
      });
    }
    await t.drainJobs();
    expect(await ledger.journalHash()).toBe(hash);
  });

  it('reverses a refund as a new entry, revokes the certificate and ends the downloads', async () => {
    const ledger = t.app.get(LedgerService);
    const refund = await t.request('POST', `/v1/operator/orders/${paid.id}/refund`, {
      token: olga.token,
    });
    expect(refund.status).toBe(200);
    await t.drainJobs();
    expect(await ledger.linesOf(`sale:${paid.id}`)).toHaveLength(3);
    const refundKey = (
      await t.sql(
        `SELECT idempotency_key AS key FROM journal_entries WHERE order_id = $1 AND kind = 'refund'`,
        [paid.id],
      )
    )[0].key as string;
    expect(await ledger.linesOf(refundKey)).toEqual([
      { accountCode: 'cash:offline:USD', amountMinor: -1_688, currency: 'USD' },
      { accountCode: `creator-payable:${studio}:USD`, amountMinor: 1_351, currency: 'USD' },
      { accountCode: 'platform-fees:USD', amountMinor: 337, currency: 'USD' },
    ]);
    const status = CertificateStatus.parse(
      (await t.request('GET', `/v1/certificates/${paid.grants[0]!.certificateId}`)).body,
    );
    expect(status.status).toBe('revoked');
    const manifest = await t.request('GET', `/v1/orgs/${labA}/orders/${paid.id}/manifest.jsonl`, {
      token: alice.token,
    });
    expect([manifest.status, manifest.body.code]).toEqual([409, 'order_not_fulfilled']);
    const mail = (await t.outbox()).filter((m) => m.tag === 'order-refunded');
    expect(mail.map((m) => m.to)).toEqual([alice.email]);
  });

  it('keeps the database ledger append-only and balanced whatever the code does', async () => {
    const entries = await count('journal_entries');
    const lines = await count('journal_lines');
    const hash = await t.app.get(LedgerService).journalHash();
    await expect(t.sql('UPDATE journal_lines SET amount_minor = amount_minor + 1')).rejects.toThrow(
      /append-only/,
    );
    await expect(t.sql('DELETE FROM journal_entries')).rejects.toThrow(/append-only/);
    await expect(t.sql('TRUNCATE journal_lines CASCADE')).rejects.toThrow(/append-only/);
    const [account] = await t.sql(
      `SELECT id FROM ledger_accounts WHERE code = 'platform-fees:USD'`,
    );
    await expect(
      t.sql(
        `WITH e AS (INSERT INTO journal_entries (idempotency_key, kind, description, occurred_at, recorded_at)
               VALUES ('test:unbalanced', 'sale', 'x', now(), now()) RETURNING id)
             INSERT INTO journal_lines (entry_id, line_no, account_id, amount_minor, currency)
             SELECT id, 1, $1, 100, 'USD' FROM e`,
        [account.id],
      ),
    ).rejects.toThrow(/two lines|does not balance/);
    await expect(
      t.sql(`INSERT INTO journal_entries (idempotency_key, kind, description, occurred_at, recorded_at)
             VALUES ('test:empty', 'sale', 'x', now(), now())`),
    ).rejects.toThrow(/two lines/);
    expect([await count('journal_entries'), await count('journal_lines')]).toEqual([
      entries,
      lines,
    ]);
    expect(await t.app.get(LedgerService).journalHash()).toBe(hash);
  });

  it('lets exactly one of 50 labs hold an exclusive clip; the others get a clear 409', async () => {
    const exclusive: LicenseRequestType = {
      ...structuredClone(DEFAULT_INTENDED_USE),
      exclusivity: { kind: 'exclusive', until: 'term-end' },
      term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true },
    };
    const labs: { orgId: string; user: TestUser; bundleId: string; quote: BundleQuoteType }[] = [];
    for (let i = 0; i < 50; i++) {
      const user = await createUser(t);
      const orgId = (await createOrg(t, user, 'lab', `Racing lab ${i}`)).id;
      const bundleId = await bundleWith(orgId, user, [forest.id], exclusive);
      const quote = await quoteOf(orgId, user, bundleId);
      expect(quote.quote.lines.map((line) => line.clipId)).toEqual([forest.id]);
      labs.push({ orgId, user, bundleId, quote });
    }
    const results = await Promise.all(
      labs.map((lab, i) => placeOrder(lab.orgId, lab.user, lab.bundleId, lab.quote, `race-${i}`)),
    );
    const statuses = results.map((res) => res.status);
    const odd = results.filter((res) => res.status !== 201 && res.status !== 409);
    expect(odd.map((res) => [res.status, res.body])).toEqual([]);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const res of results.filter((r) => r.status === 409)) {
      expect(['clip_exclusively_held', 'quote_changed']).toContain(res.body.code);
    }
    const winner = Order.parse(results.find((res) => res.status === 201)!.body);
    const paidWinner = await pay(winner).catch(async () => winner);
    const holds = await t.sql(
      `SELECT order_id, state FROM exclusive_holds WHERE clip_id = $1 AND state <> 'released'`,
      [forest.id],
    );
    expect(holds).toEqual([{ order_id: winner.id, state: 'licensed' }]);
    expect(paidWinner.id).toBe(winner.id);
    // Everyone else now sees the clip as licensed away, exclusive or not.
    const late = await bundleWith(labA, alice, [forest.id]);
    const lateQuote = await quoteOf(labA, alice, late);
    expect(lateQuote.quote.lines).toEqual([]);
    expect(lateQuote.excluded.map((e) => e.reasons[0]!.code)).toEqual(['exclusively_licensed']);
  });

  it('lapses an unpaid order after its payment window, releasing its exclusive hold', async () => {
    const clip = await createListedClip(t, studio2, dave, {
      title: 'Meadow',
      durationMs: 20_000,
      width: 1920,
      height: 1080,
      policy: policyFromTemplate('training-exclusive', { amountMinor: 400, currency: 'USD' }),
    });
    const exclusive: LicenseRequestType = {
      ...structuredClone(DEFAULT_INTENDED_USE),
      exclusivity: { kind: 'exclusive', until: 'term-end' },
      term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true },
    };
    const bundleId = await bundleWith(labB, bob, [clip.id], exclusive);
    const order = Order.parse(
      (await placeOrder(labB, bob, bundleId, await quoteOf(labB, bob, bundleId), 'lapse-1')).body,
    );
    const other = await bundleWith(labA, alice, [clip.id], exclusive);
    expect((await quoteOf(labA, alice, other)).excluded[0]!.reasons[0]!.code).toBe(
      'exclusively_licensed',
    );
    t.clock.advance(24 * 3_600_000 + 1_000);
    const [{ n: due }] = await t.sql(
      `SELECT count(*)::int AS n FROM orders WHERE status = 'pending_payment' AND checkout_expires_at < $1`,
      [t.clock.now()],
    );
    expect(due).toBeGreaterThanOrEqual(1);
    expect(await t.app.get(OrderPaymentsService).lapse()).toBe(due);
    const after = await t.request('GET', `/v1/orgs/${labB}/orders/${order.id}`, {
      token: bob.token,
    });
    expect(after.body.status).toBe('cancelled');
    expect((await quoteOf(labA, alice, other)).quote.lines.map((l) => l.clipId)).toEqual([clip.id]);
  });
});
