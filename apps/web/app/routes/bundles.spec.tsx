import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DEFAULT_INTENDED_USE,
  type BundleDetailType,
  type BundleQuoteType,
} from '@clearframe/contracts/demand';
import { termsFor, termsHash } from '@clearframe/contracts/license';
import { PUBLIC_RATE_CARD, quote } from '@clearframe/contracts/pricing';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import { Outlet, type RouteObject } from 'react-router';
import type { FormFailure } from '../lib/form-errors';
import { renderRoutes, withRouteProps } from './route-render.test-helper';
import {
  LAB,
  STUDIO,
  argsFor,
  formPost,
  problem,
  startStubApi,
  viewerOf,
  type StubApi,
} from './stub-api.test-helper';
import { catalogDetail, uuid } from './supply-fixtures.test-helper';

let api: StubApi;
let bundlePage: typeof import('./bundle');
let bundlesPage: typeof import('./bundles');
let clipPage: typeof import('./catalog-clip');
let rateCardPage: typeof import('./rate-card');

beforeAll(async () => {
  api = await startStubApi();
  bundlePage = await import('./bundle');
  bundlesPage = await import('./bundles');
  clipPage = await import('./catalog-clip');
  rateCardPage = await import('./rate-card');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const viewer = viewerOf([LAB]);
const BUNDLE_ID = uuid();
const HARBOUR = uuid();
const SKYLINE = uuid();
const GONE = uuid();
const ORDER_ID = uuid();
const bundlePath = `/v1/orgs/${LAB.id}/bundles/${BUNDLE_ID}`;
const pageUrl = `http://web.test/bundles/${LAB.id}/${BUNDLE_ID}`;
const params = { orgId: LAB.id, bundleId: BUNDLE_ID };

const clip = (clipId: string, title: string, listed = true) => ({
  clipId,
  title,
  creator: { orgId: STUDIO.id, name: STUDIO.name },
  durationMs: 90_000,
  resolution: 'hd' as const,
  listed,
  addedAt: '2026-11-30T10:00:00.000Z',
});

const bundle: BundleDetailType = {
  id: BUNDLE_ID,
  orgId: LAB.id,
  name: 'Harbours',
  intendedUse: DEFAULT_INTENDED_USE,
  clipCount: 3,
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
  clips: [
    clip(HARBOUR, 'Harbour at dawn'),
    clip(SKYLINE, 'Skyline'),
    clip(GONE, 'Old pier', false),
  ],
};

// Built with the contracts' quote (the API's own function); the page's figures are pinned below.
const standard = (amountMinor: number) =>
  policyFromTemplate('training-standard', { amountMinor, currency: 'USD' });
const bundleQuote: BundleQuoteType = {
  bundleId: BUNDLE_ID,
  intendedUse: DEFAULT_INTENDED_USE,
  quote: quote({
    lines: [
      { clipId: HARBOUR, durationMs: 90_000, resolution: 'hd', policy: standard(500) },
      {
        clipId: SKYLINE,
        durationMs: 90_000,
        resolution: 'hd',
        policy: { ...standard(500), commercialUseAllowed: false },
      },
    ],
    request: DEFAULT_INTENDED_USE,
    rateCard: PUBLIC_RATE_CARD,
  }),
  excluded: [
    {
      clipId: SKYLINE,
      title: 'Skyline',
      reasons: [
        { code: 'commercial_not_allowed', message: 'The creator allows only non-commercial use.' },
      ],
    },
    {
      clipId: GONE,
      title: 'Old pier',
      reasons: [{ code: 'not_listed', message: 'This clip is no longer listed.' }],
    },
  ],
  terms: [
    {
      termsHash: termsHash(termsFor(standard(500), DEFAULT_INTENDED_USE)),
      terms: termsFor(standard(500), DEFAULT_INTENDED_USE),
      clipIds: [HARBOUR],
    },
  ],
  quotedAt: '2026-11-30T10:00:00.000Z',
  expiresAt: '2026-11-30T10:30:00.000Z',
  quoteToken: 'quote-token-from-the-api',
};

async function render(
  path: string,
  url: string,
  Component: unknown,
  loaderData: unknown,
  actionData?: unknown,
) {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        {
          id: 'page',
          path: path.slice(1),
          loader: () => loaderData,
          ...(actionData !== undefined ? { action: () => actionData } : {}),
          Component: withRouteProps(Component),
        },
      ],
    },
  ];
  const request =
    actionData !== undefined
      ? new Request(url, { method: 'POST', body: new FormData() })
      : new Request(url);
  return (await renderRoutes(routes, request)).html.replace(/<!-- -->/g, '');
}

type BundleLoaderArgs = Parameters<typeof bundlePage.loader>[0];
type BundleActionArgs = Parameters<typeof bundlePage.action>[0];
interface ActionAnswer {
  data: { intent: string; failure: FormFailure | null; notice: string | null };
  init: ResponseInit | null;
}
// The action answers data, or a redirect after a delete (read as a Response there).
const act = async (fields: Array<[string, string]>) =>
  (await bundlePage.action(
    await argsFor<BundleActionArgs>(formPost(pageUrl, fields), viewer, params),
  )) as unknown as ActionAnswer;

/** The intended-use form as a browser sends it with the default use ticked. */
const intendedUseFields = (
  overrides: Record<string, string | string[]> = {},
): Array<[string, string]> => {
  const fields: Record<string, string | string[]> = {
    intent: 'intended-use',
    uses: ['ai-train', 'ai-finetune'],
    outputModalities: ['video', 'image'],
    commercial: 'yes',
    exclusivity: 'none',
    exclusiveUntil: '',
    term: 'fixed',
    termMonths: '24',
    modelsUsableAfterTerm: 'on',
    territory: 'worldwide',
    countries: '',
    sublicensing: 'none',
    ...overrides,
  };
  return Object.entries(fields).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v]),
  );
};

describe('bundle page', () => {
  it('loads the bundle and its live quote, and shows lines, multipliers, shares and exclusions', async () => {
    api.on(`GET ${bundlePath}`, { status: 200, body: bundle });
    api.on(`GET ${bundlePath}/quote`, { status: 200, body: bundleQuote });
    const loaderData = await bundlePage.loader(
      await argsFor<BundleLoaderArgs>(new Request(pageUrl), viewer, params),
    );
    expect(api.calls.map((call) => [call.method, call.path, call.token]).sort()).toEqual([
      ['GET', bundlePath, 'session-token'],
      ['GET', `${bundlePath}/quote`, 'session-token'],
    ]);
    const html = await render('/bundles/:orgId/:bundleId', pageUrl, bundlePage.default, loaderData);
    // Harbour: 1.5 min × $5.00 = $7.50, × 1.25 (24 months) = $9.375 → $9.38;
    // fee 20 % = $1.876 → $1.87; creator $7.51.
    expect(html).toContain('Harbour at dawn');
    expect(html).toContain('$5.00/min');
    expect(html).toContain('term ×1.25, resolution ×1, exclusivity ×1, use ×1');
    expect(html).toContain('$9.38');
    expect(html).toContain('$7.51');
    expect(html).toContain('$1.87');
    expect(html).toContain('public-usd-2026-12');
    expect(html).toContain('Not in the quote (2)');
    expect(html).toContain('The creator allows only non-commercial use.');
    expect(html).toContain('This clip is no longer listed.');
    expect(html).toContain('No longer listed');
    // The intended-use form starts from the bundle's own.
    expect(html).toMatch(/id="uses-ai-train"[^>]*checked=""/);
    expect(html).toMatch(/id="uses-ai-eval"(?![^>]*checked)[^>]*>/);
    expect(html).toMatch(/name="termMonths"[^>]*value="24"/);
    expect(html).toContain('1.5 minutes in 1 clip<');
  });

  it('answers 404 for an organization that is not a lab the person is in', async () => {
    const studioViewer = viewerOf([STUDIO]);
    for (const orgId of [STUDIO.id, uuid()]) {
      await expect(
        bundlePage.loader(
          await argsFor<BundleLoaderArgs>(new Request(pageUrl), studioViewer, {
            orgId,
            bundleId: BUNDLE_ID,
          }),
        ),
      ).rejects.toMatchObject({ status: 404 });
    }
    expect(api.calls).toEqual([]);
  });

  it('saves the intended use as a LicenseRequest read from plain form fields', async () => {
    api.on(`PATCH ${bundlePath}`, { status: 200, body: bundle });
    const result = await act(
      intendedUseFields({
        commercial: 'no',
        exclusivity: 'exclusive',
        exclusiveUntil: '2027-06-30',
        sensitiveUses: ['biometric-identification'],
        territory: 'include',
        countries: 'us, de',
        sublicensing: 'affiliates',
        termMonths: '36',
        modelsUsableAfterTerm: '',
      }),
    );
    expect(result.data).toEqual({
      intent: 'intended-use',
      failure: null,
      notice: 'Intended use saved; the quote below uses it.',
    });
    expect(api.calls.map((call) => [call.method, call.path, call.body])).toEqual([
      [
        'PATCH',
        bundlePath,
        {
          intendedUse: {
            uses: ['ai-train', 'ai-finetune'],
            outputModalities: ['video', 'image'],
            sensitiveUses: ['biometric-identification'],
            commercial: false,
            exclusivity: { kind: 'exclusive', until: '2027-06-30' },
            term: { kind: 'fixed', months: 36, modelsUsableAfterTerm: false },
            territory: { scope: 'include', countries: ['US', 'DE'] },
            sublicensing: 'affiliates',
          },
        },
      ],
    ]);
  });

  it('shows the schema’s messages beside the fields, keeps what was ticked, and calls nothing', async () => {
    const result = await act(
      intendedUseFields({ uses: [], termMonths: '300', territory: 'include', countries: 'XX' }),
    );
    expect(result.init?.status).toBe(400);
    expect(result.data.failure?.fieldErrors).toEqual({
      uses: 'Request at least one use.',
      termMonths: 'Enter the term in whole months, from 1 to 240.',
      countries: 'XX is not an assigned ISO 3166-1 alpha-2 country code.',
    });
    expect(api.calls).toEqual([]);
    api.on(`GET ${bundlePath}`, { status: 200, body: bundle });
    const html = await render(
      '/bundles/:orgId/:bundleId',
      pageUrl,
      bundlePage.default,
      {
        org: LAB,
        bundle,
        quote: bundleQuote,
      },
      result.data,
    );
    expect(html).toContain('Request at least one use.');
    expect(html).toMatch(/id="uses-ai-train"(?![^>]*checked)[^>]*>/);
    expect(html).toContain('value="300"');
  });

  it('renames, removes a clip, and deletes the bundle', async () => {
    api.on(`PATCH ${bundlePath}`, { status: 200, body: { ...bundle, name: 'Ports' } });
    api.on(`DELETE ${bundlePath}/clips/${SKYLINE}`, { status: 204 });
    api.on(`DELETE ${bundlePath}`, { status: 204 });
    expect(
      (
        await act([
          ['intent', 'rename'],
          ['name', '  Ports '],
        ])
      ).data.notice,
    ).toBe('Name saved.');
    expect(
      (
        await act([
          ['intent', 'remove-clip'],
          ['clipId', SKYLINE],
        ])
      ).data.notice,
    ).toBe('Clip removed from the bundle.');
    const deleted = (await act([['intent', 'delete']])) as unknown as Response;
    expect([deleted.status, deleted.headers.get('Location')]).toEqual([302, `/bundles/${LAB.id}`]);
    expect(api.calls.map((call) => [call.method, call.path, call.body])).toEqual([
      ['PATCH', bundlePath, { name: 'Ports' }],
      ['DELETE', `${bundlePath}/clips/${SKYLINE}`, undefined],
      ['DELETE', bundlePath, undefined],
    ]);
  });

  it('shows the terms to accept, and orders with the quote token and the accepted hashes only', async () => {
    api.on(`GET ${bundlePath}`, { status: 200, body: bundle });
    api.on(`GET ${bundlePath}/quote`, { status: 200, body: bundleQuote });
    const loaderData = await bundlePage.loader(
      await argsFor<BundleLoaderArgs>(new Request(pageUrl), viewer, params),
    );
    const html = await render('/bundles/:orgId/:bundleId', pageUrl, bundlePage.default, loaderData);
    const hash = bundleQuote.terms[0]!.termsHash;
    expect(html).toMatch(new RegExp(`name="acceptedTermsHashes"[^>]*value="${hash}"`));
    expect(html).toContain('Clearframe license terms (clearframe.license/1)');
    expect(html).toContain('value="quote-token-from-the-api"');
    expect(html).toMatch(/name="idempotencyKey" value="[0-9a-f-]{36}"/);

    const orderPath = `/v1/orgs/${LAB.id}/orders`;
    api.on(`POST ${orderPath}`, {
      status: 201,
      body: {
        id: ORDER_ID,
        orgId: LAB.id,
        bundleId: BUNDLE_ID,
        name: 'Harbours',
        status: 'pending_payment',
        payment: 'checkout',
        intendedUse: DEFAULT_INTENDED_USE,
        rateCardId: 'public-usd-2026-12',
        total: { amountMinor: 938, currency: 'USD' },
        platformFee: { amountMinor: 187, currency: 'USD' },
        creatorShare: { amountMinor: 751, currency: 'USD' },
        clipCount: 1,
        totalDurationMs: 90_000,
        terms: [{ termsHash: hash, clipCount: 1 }],
        checkout: {
          url: 'http://web.test/checkout/cs_offline_0123456789abcdef01234567',
          expiresAt: '2026-12-01T10:00:00.000Z',
        },
        grants: [],
        createdAt: '2026-11-30T10:00:00.000Z',
        paidAt: null,
        fulfilledAt: null,
        refundedAt: null,
      },
    });
    api.calls.length = 0;
    const refused = await act([
      ['intent', 'order'],
      ['quoteToken', 'quote-token-from-the-api'],
      ['idempotencyKey', 'key-1'],
      ['termsCount', '1'],
      ['total', '1'],
    ]);
    expect(refused.data.failure?.formError).toBe('Accept the license terms to order.');
    expect(api.calls).toEqual([]);
    const placed = (await act([
      ['intent', 'order'],
      ['quoteToken', 'quote-token-from-the-api'],
      ['idempotencyKey', 'key-1'],
      ['termsCount', '1'],
      ['acceptedTermsHashes', hash],
      ['total', '1'],
    ])) as unknown as Response;
    expect([placed.status, placed.headers.get('Location')]).toEqual([
      302,
      'http://web.test/checkout/cs_offline_0123456789abcdef01234567',
    ]);
    expect(
      api.calls.map((call) => [call.method, call.path, call.body, call.headers['idempotency-key']]),
    ).toEqual([
      [
        'POST',
        orderPath,
        {
          bundleId: BUNDLE_ID,
          quoteToken: 'quote-token-from-the-api',
          acceptedTermsHashes: [hash],
        },
        'key-1',
      ],
    ]);
  });

  it('shows a refused order as the API’s sentence (the page then reloads the current quote)', async () => {
    api.on(`POST /v1/orgs/${LAB.id}/orders`, problem(409, 'quote_changed'));
    const result = await act([
      ['intent', 'order'],
      ['quoteToken', 'old'],
      ['idempotencyKey', 'key-2'],
      ['termsCount', '1'],
      ['acceptedTermsHashes', bundleQuote.terms[0]!.termsHash],
    ]);
    expect(result.init?.status ?? 409).toBe(409);
    expect(result.data.failure?.formError).toContain(
      'The price or the clips of this bundle changed',
    );
  });

  it('shows a refused removal as the API’s sentence', async () => {
    api.on(`DELETE ${bundlePath}/clips/${SKYLINE}`, problem(404, 'bundle_clip_not_found'));
    const result = await act([
      ['intent', 'remove-clip'],
      ['clipId', SKYLINE],
    ]);
    expect(result.data.failure?.formError).toBe('That clip is not in this bundle.');
  });
});

describe('bundles list', () => {
  type ActionArgs = Parameters<typeof bundlesPage.action>[0];
  const listUrl = `http://web.test/bundles/${LAB.id}`;

  it('creates a bundle and opens it', async () => {
    api.on(`POST /v1/orgs/${LAB.id}/bundles`, {
      status: 201,
      body: { ...bundle, clips: undefined, clipCount: 0, id: BUNDLE_ID },
    });
    const response = (await bundlesPage.action(
      await argsFor<ActionArgs>(formPost(listUrl, [['name', 'Harbours']]), viewer, {
        orgId: LAB.id,
      }),
    )) as unknown as Response;
    expect(response.headers.get('Location')).toBe(`/bundles/${LAB.id}/${BUNDLE_ID}`);
    expect(api.calls[0]?.body).toEqual({ name: 'Harbours' });
  });

  it('refuses an empty name before asking the API', async () => {
    const result = await bundlesPage.action(
      await argsFor<ActionArgs>(formPost(listUrl, [['name', '  ']]), viewer, { orgId: LAB.id }),
    );
    expect(
      (result as { data: { failure: { fieldErrors: unknown } } }).data.failure.fieldErrors,
    ).toEqual({
      name: 'Name the bundle.',
    });
    expect(api.calls).toEqual([]);
  });
});

describe('catalog clip: add to bundle', () => {
  const detail = catalogDetail();
  const clipUrl = `http://web.test/catalog/${detail.id}`;
  type LoaderArgs = Parameters<typeof clipPage.loader>[0];
  type ActionArgs = Parameters<typeof clipPage.action>[0];
  const summary = { ...bundle, clips: undefined };
  delete (summary as Partial<typeof summary>).clips;

  it('offers a lab member their bundles, and nothing to a creator or a visitor', async () => {
    api.on(`GET /v1/catalog/clips/${detail.id}`, { status: 200, body: detail });
    api.on(`GET /v1/orgs/${LAB.id}/bundles`, { status: 200, body: { items: [summary] } });
    const forLab = await clipPage.loader(
      await argsFor<LoaderArgs>(new Request(clipUrl), viewer, { clipId: detail.id }),
    );
    expect(forLab.bundles.map((item) => item.id)).toEqual([BUNDLE_ID]);
    const html = await render('/catalog/:clipId', clipUrl, clipPage.default, forLab);
    expect(html).toContain('Add to bundle');
    expect(html).toContain('Harbours (3 clips)');
    expect(html).toContain('A new bundle, named below');
    for (const other of [viewerOf([STUDIO]), null]) {
      const data = await clipPage.loader(
        await argsFor<LoaderArgs>(new Request(clipUrl), other, { clipId: detail.id }),
      );
      expect(data.lab).toBeNull();
      expect(await render('/catalog/:clipId', clipUrl, clipPage.default, data)).not.toContain(
        'Add to bundle',
      );
    }
    expect(api.calls.filter((call) => call.path.includes('/bundles'))).toHaveLength(1);
  });

  it('adds the clip to the chosen bundle, or to a new one', async () => {
    const newId = uuid();
    api.on(`GET ${bundlePath}`, { status: 200, body: bundle });
    api.on(`POST ${bundlePath}/clips`, {
      status: 200,
      body: { added: 1, alreadyInBundle: 0, notListed: [], cap: 500, clipCount: 4 },
    });
    api.on(`POST /v1/orgs/${LAB.id}/bundles`, {
      status: 201,
      body: { ...summary, id: newId, name: 'Fresh', clipCount: 0 },
    });
    api.on(`POST /v1/orgs/${LAB.id}/bundles/${newId}/clips`, {
      status: 200,
      body: { added: 0, alreadyInBundle: 1, notListed: [], cap: 500, clipCount: 1 },
    });
    const chosen = await clipPage.action(
      await argsFor<ActionArgs>(
        formPost(clipUrl, [
          ['bundleId', BUNDLE_ID],
          ['name', ''],
        ]),
        viewer,
        { clipId: detail.id },
      ),
    );
    expect(chosen.data).toEqual({
      failure: null,
      added: { bundleId: BUNDLE_ID, bundleName: 'Harbours', added: true },
    });
    const fresh = await clipPage.action(
      await argsFor<ActionArgs>(
        formPost(clipUrl, [
          ['bundleId', 'new'],
          ['name', 'Fresh'],
        ]),
        viewer,
        { clipId: detail.id },
      ),
    );
    expect(fresh.data.added).toEqual({ bundleId: newId, bundleName: 'Fresh', added: false });
    expect(
      api.calls.filter((call) => call.method === 'POST').map((call) => [call.path, call.body]),
    ).toEqual([
      [`${bundlePath}/clips`, { clipIds: [detail.id] }],
      [`/v1/orgs/${LAB.id}/bundles`, { name: 'Fresh' }],
      [`/v1/orgs/${LAB.id}/bundles/${newId}/clips`, { clipIds: [detail.id] }],
    ]);
    const html = await render(
      '/catalog/:clipId',
      clipUrl,
      clipPage.default,
      {
        clip: detail,
        terms: '',
        lab: { id: LAB.id, name: LAB.name },
        bundles: [summary],
      },
      fresh.data,
    );
    expect(html).toContain('The clip was already in ');
    expect(html).toContain(`href="/bundles/${LAB.id}/${newId}"`);
  });

  it('does not act for a person whose current organization is not a lab', async () => {
    await expect(
      clipPage.action(
        await argsFor<ActionArgs>(
          formPost(clipUrl, [['bundleId', BUNDLE_ID]]),
          viewerOf([STUDIO]),
          { clipId: detail.id },
        ),
      ),
    ).rejects.toMatchObject({ status: 404 });
    expect(api.calls).toEqual([]);
  });
});

describe('rate card page', () => {
  it('shows the current card to anyone, with a worked example priced by the card', async () => {
    const card = {
      ...structuredClone(PUBLIC_RATE_CARD),
      id: 'public-usd-2027-01',
      platformFeeBps: 1_000,
    };
    api.on('GET /v1/rate-card', {
      status: 200,
      body: { rateCard: card, publishedAt: '2026-11-30T10:00:00.000Z' },
    });
    type LoaderArgs = Parameters<typeof rateCardPage.loader>[0];
    const loaderData = await rateCardPage.loader(
      await argsFor<LoaderArgs>(new Request('http://web.test/rate-card'), null, {}),
    );
    expect(api.calls.map((call) => [call.path, call.token])).toEqual([['/v1/rate-card', null]]);
    const html = await render(
      '/rate-card',
      'http://web.test/rate-card',
      rateCardPage.default,
      loaderData,
    );
    expect(html).toContain('Version public-usd-2027-01');
    expect(html).toContain('Published 30 Nov 2026, 10:00 UTC');
    expect(html).toContain('13–24 months');
    expect(html).toContain('×1.25');
    expect(html).toContain('Platform fee: <strong>10 %</strong>');
    // $7.50 × 1.25 = $9.375 → $9.38; fee 10 % = $0.938 → $0.93; creator $8.45.
    expect(html).toContain('is $9.38');
    expect(html).toContain('$8.45 to the creator and $0.93 platform fee');
  });
});
