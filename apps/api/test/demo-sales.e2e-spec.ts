import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { DISCLOSURE_TYPE } from '@clearframe/contracts/transparency';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import { reinstateLogger } from '../src/app.factory.js';
import { previousPeriod } from '../src/royalties/royalty-period.js';
import { RoyaltyStatementsService } from '../src/royalties/royalty-statements.service.js';
import { seedDemoSales } from '../src/seed/demo-sales.js';
import {
  createListedClip,
  createOrg,
  createUser,
  defaultPolicy,
  placePaidOrder,
  type TestUser,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The demo's month of sales: the seed orders and pays through the real services with its clock
 * in last month, so the statement run for last month gives each studio a statement it can open.
 */
describe('demo sales seed', () => {
  let t: TestApp;
  let maya: TestUser;
  let northlight: string;
  /** The order the lab placed itself, today, before the demo's sales were seeded. */
  let ownOrder: { id: string; grantIds: string[] };
  const month = previousPeriod(new Date());

  beforeAll(async () => {
    t = await startTestApp();
    maya = await createUser(t);
    const jon = await createUser(t);
    const ada = await createUser(t);
    const olga = await createUser(t);
    northlight = (await createOrg(t, maya, 'creator', 'Northlight Studio')).id;
    const driftwood = (await createOrg(t, jon, 'creator', 'Driftwood Films')).id;
    const lab = (await createOrg(t, ada, 'lab', 'Perceptron Labs')).id;
    await createOrg(t, olga, 'operator', 'Clearframe Operations');
    const clipIds: string[] = [];
    for (const [index, title] of [
      'Harbour at dawn',
      'Skyline',
      'Dunes',
      'Rain on glass',
    ].entries()) {
      const clip = await createListedClip(t, northlight, maya, {
        title,
        durationMs: 20_000 + index * 10_000,
        policy: defaultPolicy(600),
      });
      clipIds.push(clip.id);
    }
    for (const title of ['Forest trail', 'Night market']) {
      // As the demo catalog lists Driftwood's clips: non-commercial research only.
      await createListedClip(t, driftwood, jon, {
        title,
        durationMs: 45_000,
        policy: policyFromTemplate('research-noncommercial', { amountMinor: 60, currency: 'USD' }),
      });
    }
    // A visitor signed in as the demo lab may buy before the catalog seed ends: the seed still
    // records its month of sales, and its model cites only those.
    const order = await placePaidOrder(t, { orgId: lab, token: ada.token }, [clipIds[0]!]);
    ownOrder = { id: order.id, grantIds: order.grants.map((grant) => grant.certificateId) };
  }, 60_000);
  afterAll(() => t?.close());

  it('records last month of sales, dated in last month, once', async () => {
    const seed = () =>
      seedDemoSales({
        env: t.env,
        runtime: t.runtime,
        labName: 'Perceptron Labs',
        studioNames: ['Northlight Studio', 'Driftwood Films'],
        logger: { log: () => undefined, warn: () => undefined },
      });
    const { orders } = await seed();
    expect(orders).toBeGreaterThanOrEqual(4);
    const entries = await t.sql(
      `SELECT kind, recorded_at FROM journal_entries
        WHERE order_id IS DISTINCT FROM $1 ORDER BY recorded_at`,
      [ownOrder.id],
    );
    expect(entries.filter((e) => e.kind === 'sale')).toHaveLength(orders);
    expect(entries.filter((e) => e.kind === 'refund')).toHaveLength(1);
    for (const entry of entries) {
      expect(new Date(entry.recorded_at).getTime()).toBeGreaterThanOrEqual(month.start.getTime());
      expect(new Date(entry.recorded_at).getTime()).toBeLessThan(month.end.getTime());
    }
    // Applied in the seed's own transaction: the queued jobs find nothing left to do.
    await t.drainJobs();
    expect(
      await t.sql(
        `SELECT count(*)::int AS n FROM journal_entries WHERE order_id IS DISTINCT FROM $1`,
        [ownOrder.id],
      ),
    ).toEqual([{ n: entries.length }]);
    expect((await seed()).orders).toBe(0);
  }, 120_000);

  it('gives the API its logger back after the seed’s own application closed', async () => {
    // The seed built a second application at level warn, which took over Nest's logger.
    const probe = (line: string) => new Logger('DemoSalesProbe').log(line);
    // The jest global setup gives every test app a log file at level trace.
    expect(t.logFile).toBeDefined();
    const logged = () => fs.readFile(t.logFile!, 'utf8');
    probe('probe while the seed holds the logger');
    expect(await logged()).not.toContain('probe while the seed holds the logger');
    reinstateLogger(t.app);
    probe('probe after the API took its logger back');
    expect(await logged()).toContain('probe after the API took its logger back');
  });

  it('releases the lab’s public model with a signed disclosure citing every grant still valid', async () => {
    const [lab] = await t.sql(`SELECT id FROM organizations WHERE name = 'Perceptron Labs'`);
    const grants = await t.sql(
      `SELECT g.id, g.status, t.terms->'permittedUses' AS uses FROM license_grants g
         JOIN order_terms t ON t.order_id = g.order_id AND t.terms_hash = g.terms_hash
        WHERE g.org_id = $1`,
      [lab.id],
    );
    // The refunded sale's grant is revoked; the rest of the demo's are cited, the lab's own not.
    expect(grants.filter((grant) => grant.status === 'revoked')).toHaveLength(1);
    expect(ownOrder.grantIds).toHaveLength(1);
    expect(grants.map((grant) => grant.id)).toEqual(expect.arrayContaining(ownOrder.grantIds));
    const active = grants
      .filter((grant) => grant.status === 'active' && !ownOrder.grantIds.includes(grant.id))
      .map((grant) => grant.id);
    const page = await t.request('GET', `/v1/labs/${lab.id}/models`);
    expect(page.status).toBe(200);
    expect(
      page.body.models.map((model: { name: string; version: string; visibility: string }) => [
        model.name,
        model.version,
        model.visibility,
      ]),
    ).toEqual([['Meridian', '0.9', 'public']]);
    const model = page.body.models[0];
    expect(model.releaseDate).toBe(`${month.id}-28`);
    expect(model.disclosures).toHaveLength(1);
    const disclosure = await t.request('GET', `/v1/disclosures/${model.disclosures[0].id}`);
    expect(disclosure.status).toBe(200);
    const content = disclosure.body.disclosure;
    expect(
      new Set(content.certificates.map((c: { certificateId: string }) => c.certificateId)),
    ).toEqual(new Set(active));
    expect(content.stages.map((stage: { stage: string }) => stage.stage)).toEqual([
      'pre-training',
      'fine-tuning',
    ]);
    expect(new Set(content.stages[0].certificateIds)).toEqual(new Set(active));
    expect(new Set(content.stages[1].certificateIds)).toEqual(
      new Set(
        grants
          .filter((grant) => active.includes(grant.id) && grant.uses.includes('ai-finetune'))
          .map((grant) => grant.id),
      ),
    );
    expect(content.totals.distinctCreators).toBe(2);
    const jwks = await t.request('GET', '/.well-known/jwks.json');
    const { payload } = await jwtVerify(disclosure.body.jws, createLocalJWKSet(jwks.body), {
      typ: DISCLOSURE_TYPE,
      algorithms: ['EdDSA'],
    });
    expect(payload.disclosure).toEqual(content);
  });

  it('gives each studio a statement for last month that opens as a PDF', async () => {
    const result = await t.app.get(RoyaltyStatementsService).run(month.id);
    // Both studios sold: Driftwood's clips under the research use.
    expect(result.statements.map((s) => s.outcome)).toEqual(['created', 'created']);
    const list = await t.request('GET', `/v1/orgs/${northlight}/statements`, { token: maya.token });
    expect(list.body.items).toHaveLength(1);
    const statement = list.body.items[0];
    expect(statement.period).toBe(month.id);
    expect(statement.net.amountMinor).toBeGreaterThan(0);
    const pdf = await fetch(`${t.url}/v1/orgs/${northlight}/statements/${statement.id}/pdf`, {
      headers: { authorization: `Bearer ${maya.token}` },
    });
    expect(pdf.status).toBe(200);
    const file = path.join(process.env.STATEMENT_PDF_DIR ?? t.dataDir, 'demo-statement.pdf');
    await fs.writeFile(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Northlight Studio');
    expect(text).toContain('Perceptron Labs');
  });
});
