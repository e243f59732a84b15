import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callApi, signIn } from './accounts.helper.js';
import { screenshot, withBrowser } from './browser.helper.js';
import { expectFitsPhone, PHONE } from './phone-layout.helper.js';
import { seededStack, waitForDemoSales, type SeededStack } from './seeded-stack.helper.js';

// The money pages as their users open them, on the demo seed's month of sales: a studio's
// earnings (a chart drawn on the server that must hydrate without a mismatch, sales by clip and
// by lab, and last month's statement from the run the seed queues) and an operator's payouts,
// at 1280 px and at 390 px. withBrowser fails on any page
// error, hydration mismatches included. Screenshots: e2e/test-results/money-<page>.png.

const DEMO_PASSWORD = 'clearframe-demo-2026';
let stack: SeededStack;
let studioId: string;
/** Last month, as YYYY-MM (UTC): the month the demo's sales are in, computed here. */
const lastMonth = (() => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
})();

async function signInToken(email: string): Promise<string> {
  const { session } = await callApi<{ session: { token: string } }>(
    stack.apiUrl,
    '/v1/auth/sign-in',
    { body: { email, password: DEMO_PASSWORD } },
  );
  return session.token;
}

async function orgOf(token: string, kind: string): Promise<string> {
  const me = await callApi<{ organizations: { id: string; kind: string }[] }>(
    stack.apiUrl,
    '/v1/auth/me',
    { token },
  );
  return me.organizations.find((org) => org.kind === kind)!.id;
}

beforeAll(async () => {
  stack = await seededStack('money');
  const maya = await signInToken('maya@northlight.example');
  studioId = await orgOf(maya, 'creator');
  const lab = await orgOf(await signInToken('ada@perceptron.example'), 'lab');
  // The seed's last step is the lab's model disclosure: after it, last month's sales are in.
  await waitForDemoSales(stack.apiUrl, lab);
  const deadline = Date.now() + 8 * 60_000;
  // Then the API's worker states last month (the job the seed queues, as the cron would).
  for (;;) {
    const { items } = await callApi<{ items: { period: string }[] }>(
      stack.apiUrl,
      `/v1/orgs/${studioId}/statements`,
      { token: maya },
    );
    if (items.some((statement) => statement.period === lastMonth)) break;
    if (Date.now() > deadline) throw new Error(`no statement for ${lastMonth} in 8 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}, 600_000);

afterAll(async () => {
  await stack?.stop();
});

describe('money pages', () => {
  it('shows a studio its earnings, chart included, without a hydration mismatch', async () => {
    await withBrowser('money-earnings', {}, async ({ page }) => {
      await signIn(page, stack.webUrl, 'maya@northlight.example', DEMO_PASSWORD);
      await page.waitForURL(`${stack.webUrl}/`);
      await page.goto(`${stack.webUrl}/studio/${studioId}/earnings`);
      await page.getByRole('heading', { name: 'Earnings', level: 1 }).waitFor();
      const byLab = page.getByRole('region', { name: 'Sales by lab' });
      await byLab.getByText('Perceptron Labs').first().waitFor();
      expect(await page.locator('svg.recharts-surface').count()).toBeGreaterThan(0);
      const statements = page.getByRole('region', { name: 'Royalty statements' });
      await statements.getByText(lastMonth).waitFor();
      const href = await statements.getByRole('link', { name: 'PDF' }).first().getAttribute('href');
      // The signed-in browser's own request (its session cookie), to the web app's file route.
      const pdf = await page.request.get(new URL(href!, stack.webUrl).href);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'money-earnings');
      await page.setViewportSize(PHONE);
      await expectFitsPhone(page, 'money-earnings');
    });
  });

  it('shows an operator the payouts', async () => {
    await withBrowser('money-payouts', {}, async ({ page }) => {
      await signIn(page, stack.webUrl, 'operator@clearframe.example', DEMO_PASSWORD);
      await page.waitForURL(`${stack.webUrl}/`);
      await page.goto(`${stack.webUrl}/operator/payouts`);
      await page.getByRole('heading', { name: 'Payouts', level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'money-payouts');
      await page.setViewportSize(PHONE);
      await expectFitsPhone(page, 'money-payouts');
    });
  });
});
