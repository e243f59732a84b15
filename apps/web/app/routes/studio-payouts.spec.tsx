import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { PayoutAccountType } from '@clearframe/contracts/money';
import { Outlet, type RouteObject } from 'react-router';
import type { FormFailure } from '../lib/form-errors';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';
import {
  STUDIO,
  argsFor,
  formPost,
  problem,
  startStubApi,
  viewerOf,
  type StubApi,
} from './stub-api.test-helper';

// The payouts page with its real loader and action against a stand-in API over real HTTP;
// forms are posted as a browser without JavaScript posts them.

let api: StubApi;
let page: typeof import('./studio-payouts');

beforeAll(async () => {
  api = await startStubApi();
  page = await import('./studio-payouts');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const viewer = viewerOf([STUDIO]);
const params = { orgId: STUDIO.id };
const pageUrl = `http://web.test/studio/${STUDIO.id}/payouts`;
const accountPath = `/v1/orgs/${STUDIO.id}/payout-account`;
const STRIPE_LINK = 'https://connect.stripe.com/setup/s/acct_1Harbour/abc123';

const stripeAccount = (overrides: Partial<PayoutAccountType> = {}): PayoutAccountType => ({
  orgId: STUDIO.id,
  provider: 'stripe',
  payouts: 'stripe',
  status: 'pending',
  accountId: 'acct_1Harbour',
  requirements: {
    currentlyDue: [
      // The label the API stored; the page says it in today's words from the same table.
      { code: 'individual.verification.document', label: 'old words' },
      { code: 'external_account', label: 'external_account' },
      { code: 'individual.dob.day', label: 'x' },
      { code: 'individual.dob.month', label: 'x' },
      { code: 'mystery.requirement', label: 'mystery.requirement' },
    ],
    pastDue: [{ code: 'tos_acceptance.date', label: 'x' }],
    disabledReason: 'requirements.past_due',
  },
  manual: null,
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...overrides,
});
const manualAccount = (overrides: Partial<PayoutAccountType> = {}): PayoutAccountType => ({
  orgId: STUDIO.id,
  provider: 'offline',
  payouts: 'manual',
  status: 'not_started',
  accountId: null,
  requirements: { currentlyDue: [], pastDue: [], disabledReason: null },
  manual: null,
  updatedAt: null,
  ...overrides,
});

type LoaderArgs = Parameters<typeof page.loader>[0];
type ActionArgs = Parameters<typeof page.action>[0];
interface ActionAnswer {
  data: { failure: FormFailure | null; saved: boolean };
  init: ResponseInit | null;
}

const load = async (url = pageUrl, who = viewer) =>
  page.loader(await argsFor<LoaderArgs>(new Request(url), who, params));

async function render(loaderData: unknown, actionData?: unknown) {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        {
          id: 'page',
          path: 'studio/:orgId/payouts',
          loader: () => loaderData,
          ...(actionData !== undefined ? { action: () => actionData } : {}),
          Component: withRouteProps(page.default),
        },
      ],
    },
  ];
  const request =
    actionData !== undefined
      ? new Request(pageUrl, { method: 'POST', body: new FormData() })
      : new Request(pageUrl);
  return (await renderRoutes(routes, request)).html.replace(/<!-- -->/g, '');
}

describe('studio payouts page, with Stripe', () => {
  it('shows the status and what Stripe still needs in plain words, unknown needs as named', async () => {
    api.on(`GET ${accountPath}`, { status: 200, body: stripeAccount() });
    const loaderData = await load();
    const html = await render(loaderData);
    expect(textOf(html, 'span')).toContain('Setup in progress');
    expect(textOf(html, 'li')).toEqual([
      'Accept Stripe’s services agreement.',
      'Upload an identity document (passport or ID card).',
      'Add the bank account payouts go to.',
      'Give your date of birth.',
      'mystery.requirement',
    ]);
    expect(textOf(html, 'h3')).toEqual([
      'Overdue: payouts stop until these are given',
      'Needed now',
    ]);
    expect(textOf(html, 'button')).toEqual(['Continue setup']);
    expect(html).toContain('name="intent" value="onboard"');
    expect(html).not.toContain('accountNumber');
  });

  it('offers to set up payouts when nothing is set up, and nothing once ready', async () => {
    const fresh = await render({
      org: STUDIO,
      account: stripeAccount({
        status: 'not_started',
        accountId: null,
        requirements: { currentlyDue: [], pastDue: [], disabledReason: null },
        updatedAt: null,
      }),
      returned: false,
    });
    expect(textOf(fresh, 'button')).toEqual(['Set up payouts with Stripe']);
    const ready = await render({
      org: STUDIO,
      account: stripeAccount({
        status: 'ready',
        requirements: { currentlyDue: [], pastDue: [], disabledReason: null },
      }),
      returned: true,
    });
    expect(textOf(ready, 'button')).toEqual([]);
    expect(textOf(ready, 'span')).toContain('Ready for payouts');
    expect(ready).not.toContain('Back from Stripe');
  });

  it('sends the owner to a fresh Stripe link from the button', async () => {
    api.on(`POST ${accountPath}/onboarding-link`, {
      status: 200,
      body: { url: STRIPE_LINK, expiresAt: '2026-12-01T10:05:00.000Z', account: stripeAccount() },
    });
    const answer = (await page.action(
      await argsFor<ActionArgs>(formPost(pageUrl, [['intent', 'onboard']]), viewer, params),
    )) as unknown as Response;
    expect(answer.status).toBe(302);
    expect(answer.headers.get('Location')).toBe(STRIPE_LINK);
    expect(api.calls.map((call) => [call.method, call.path, call.token])).toEqual([
      ['POST', `${accountPath}/onboarding-link`, 'session-token'],
    ]);
  });

  it('handles Stripe’s refresh URL by asking for a fresh link and redirecting to it', async () => {
    api.on(`POST ${accountPath}/onboarding-link`, {
      status: 200,
      body: { url: STRIPE_LINK, expiresAt: '2026-12-01T10:05:00.000Z', account: stripeAccount() },
    });
    const answer = (await load(`${pageUrl}?onboarding=refresh`)) as unknown as Response;
    expect(answer.status).toBe(302);
    expect(answer.headers.get('Location')).toBe(STRIPE_LINK);
    expect(api.calls.map((call) => call.method)).toEqual(['POST']);
  });

  it('handles Stripe’s return URL by showing the current status', async () => {
    api.on(`GET ${accountPath}`, { status: 200, body: stripeAccount() });
    const loaderData = await load(`${pageUrl}?onboarding=return`);
    expect(api.calls.map((call) => [call.method, call.path])).toEqual([['GET', accountPath]]);
    const html = await render(loaderData);
    expect(html).toContain('Back from Stripe');
    expect(textOf(html, 'button')).toEqual(['Continue setup']);
  });

  it('shows a refused link as a message on the page', async () => {
    api.on(`POST ${accountPath}/onboarding-link`, problem(503, 'service_unavailable'));
    const answer = (await page.action(
      await argsFor<ActionArgs>(formPost(pageUrl, [['intent', 'onboard']]), viewer, params),
    )) as unknown as ActionAnswer;
    expect(answer.init?.status).toBe(503);
    expect(answer.data.failure?.formError).toBeTruthy();
  });

  it('is for owners only: a member of the studio gets a 404 and the API is not asked', async () => {
    const member = viewerOf([{ ...STUDIO, role: 'member' }]);
    await expect(load(pageUrl, member)).rejects.toMatchObject({ status: 404 });
    expect(api.calls).toHaveLength(0);
  });
});

describe('studio payouts page, embedded mode', () => {
  const fields = (overrides: Record<string, string> = {}): Array<[string, string]> =>
    Object.entries({
      intent: 'manual',
      holderName: 'Maya Okafor',
      accountNumber: 'DE89 3704 0044 0532 0130 00',
      country: 'de',
      bankName: 'Commerzbank',
      ...overrides,
    });

  it('shows the manual details form with the note that payouts are recorded as manual', async () => {
    const html = await render({ org: STUDIO, account: manualAccount(), returned: false });
    expect(textOf(html, 'p').join(' ')).toContain('each payout is recorded as manual');
    expect(html).toContain('name="accountNumber"');
    expect(textOf(html, 'button')).toEqual(['Save payout details']);
    expect(html).not.toContain('Set up payouts with Stripe');
  });

  it('saves the details through the API, the country upper-cased', async () => {
    api.on(`PUT ${accountPath}/manual`, {
      status: 200,
      body: manualAccount({
        status: 'ready',
        manual: {
          holderName: 'Maya Okafor',
          accountLast4: '3000',
          country: 'DE',
          bankName: 'Commerzbank',
        },
      }),
    });
    const answer = (await page.action(
      await argsFor<ActionArgs>(formPost(pageUrl, fields()), viewer, params),
    )) as unknown as ActionAnswer['data'];
    expect(answer).toEqual({ failure: null, saved: true });
    expect(api.calls.map((call) => [call.method, call.path, call.body])).toEqual([
      [
        'PUT',
        `${accountPath}/manual`,
        {
          holderName: 'Maya Okafor',
          accountNumber: 'DE89 3704 0044 0532 0130 00',
          country: 'DE',
          bankName: 'Commerzbank',
        },
      ],
    ]);
    const html = await render({
      org: STUDIO,
      account: manualAccount({
        status: 'ready',
        manual: {
          holderName: 'Maya Okafor',
          accountLast4: '3000',
          country: 'DE',
          bankName: 'Commerzbank',
        },
      }),
      returned: false,
    });
    expect(textOf(html, 'dd')).toContain('ending in 3000');
  });

  it('refuses a mistyped IBAN before asking the API, and never writes the number back', async () => {
    const answer = (await page.action(
      await argsFor<ActionArgs>(
        formPost(pageUrl, fields({ accountNumber: 'DE88 3704 0044 0532 0130 00' })),
        viewer,
        params,
      ),
    )) as unknown as ActionAnswer;
    expect(answer.init?.status).toBe(400);
    expect(answer.data.failure?.fieldErrors).toEqual({
      accountNumber: 'This IBAN’s check digits do not match: check it for a typing mistake.',
    });
    expect(answer.data.failure?.values).toEqual({
      holderName: 'Maya Okafor',
      country: 'DE',
      bankName: 'Commerzbank',
    });
    expect(api.calls).toHaveLength(0);
    const html = await render(
      { org: STUDIO, account: manualAccount(), returned: false },
      answer.data,
    );
    expect(html).not.toContain('0532');
  });
});
