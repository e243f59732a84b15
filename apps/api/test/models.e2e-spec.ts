import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { merkleRoot } from '@clearframe/contracts/certificates';
import { DEFAULT_INTENDED_USE, type OrderType } from '@clearframe/contracts/demand';
import type { LicenseRequestType } from '@clearframe/contracts/license';
import {
  ClipLicenses,
  Declaration,
  Disclosure,
  DISCLOSURE_TYPE,
  LabPublicPage,
  Model,
  type DisclosureType,
  type ModelType,
} from '@clearframe/contracts/transparency';
import {
  createApiKey,
  createListedClip,
  createOrg,
  createUser,
  defaultPolicy,
  type TestApiKey,
  type TestCuratedClip,
  type TestUser,
  placePaidOrder,
} from './factories/index.js';
import { DAY } from './support/fake-clock.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Transparency through HTTP: a lab registers a model, declares per training stage the grants it
 * used (only its own, valid then, permitting that use), corrects a stage with a new entry, and
 * publishes a signed disclosure that plain jose verifies; the public sees it only while the model
 * is public; creators see which models declared their clips. Refusals store nothing.
 */
describe('models, declarations and disclosures', () => {
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
  let aliceKey: TestApiKey;
  let harbour: TestCuratedClip;
  let skyline: TestCuratedClip;
  let forest: TestCuratedClip;
  /** labA: harbour + skyline, default use (train + finetune, 24 months). */
  let trainGrant: OrderType['grants'][number];
  /** labA: forest (another creator), default use. */
  let forestGrant: OrderType['grants'][number];
  /** labA: harbour, train + eval for one month. */
  let shortEvalGrant: OrderType['grants'][number];
  /** labA: skyline, refunded. */
  let refundedOrder: OrderType;
  /** labA: forest, terms for video-output models only. */
  let videoOnlyGrant: OrderType['grants'][number];
  /** labB: forest. */
  let otherLabGrant: OrderType['grants'][number];
  let model: ModelType;

  const SHORT_EVAL: LicenseRequestType = {
    ...DEFAULT_INTENDED_USE,
    uses: ['ai-train', 'ai-eval'],
    term: { kind: 'fixed', months: 1, modelsUsableAfterTerm: true },
  };

  const paidOrder = async (
    orgId: string,
    user: TestUser,
    clipIds: string[],
    intendedUse?: LicenseRequestType,
  ): Promise<OrderType> => {
    const order = await placePaidOrder(t, { orgId, token: user.token }, clipIds, {
      name: `Bundle ${clipIds.length}`,
      ...(intendedUse ? { intendedUse } : {}),
    });
    t.clock.advance(1_000);
    expect(order.grants).toHaveLength(1);
    return order;
  };

  const declare = (body: Record<string, unknown>, token = alice.token, org = labA) =>
    t.request('POST', `/v1/orgs/${org}/models/${model.id}/declarations`, { token, body });

  /** Everything a refused declaration must leave as it was. */
  const snapshot = async () =>
    JSON.stringify([
      await t.sql('SELECT * FROM model_declarations ORDER BY id'),
      await t.sql('SELECT * FROM model_declaration_grants ORDER BY declaration_id, grant_id'),
      await t.sql('SELECT id, content FROM disclosures ORDER BY id'),
      await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'model.%'`),
    ]);

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
    aliceKey = await createApiKey(t, labA, alice, 'training cluster', ['models:write']);
    // The orders suite's hand-checked figures: 938 (fee 187) and 750 (fee 150) for the pair.
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
    trainGrant = (await paidOrder(labA, alice, [harbour.id, skyline.id])).grants[0]!;
    forestGrant = (await paidOrder(labA, alice, [forest.id])).grants[0]!;
    shortEvalGrant = (await paidOrder(labA, alice, [harbour.id], SHORT_EVAL)).grants[0]!;
    refundedOrder = await paidOrder(labA, alice, [skyline.id]);
    videoOnlyGrant = (
      await paidOrder(labA, alice, [forest.id], {
        ...DEFAULT_INTENDED_USE,
        outputModalities: ['video'],
      })
    ).grants[0]!;
    otherLabGrant = (await paidOrder(labB, bob, [forest.id])).grants[0]!;
    const refund = await t.request('POST', `/v1/operator/orders/${refundedOrder.id}/refund`, {
      token: olga.token,
    });
    expect(refund.status).toBe(200);
    await t.drainJobs();
    t.clock.advance(60_000);
  });
  afterAll(() => t?.close());

  it('registers a model once per name and version, for the lab’s people and its keys', async () => {
    const res = await t.request('POST', `/v1/orgs/${labA}/models`, {
      token: alice.token,
      body: { name: 'Tidewater', version: '1.0', outputModalities: ['video'] },
    });
    expect(res.status).toBe(201);
    model = Model.parse(res.body);
    expect(model).toMatchObject({
      orgId: labA,
      name: 'Tidewater',
      version: '1.0',
      releaseDate: null,
      outputModalities: ['video'],
      visibility: 'not_yet_public',
    });
    const again = await t.request('POST', `/v1/orgs/${labA}/models`, {
      token: aliceKey.secret,
      body: { name: 'Tidewater', version: '1.0', outputModalities: ['video'] },
    });
    expect([again.status, again.body.code]).toEqual([409, 'model_version_taken']);
    t.clock.advance(1_000);
    const byKey = await t.request('POST', `/v1/orgs/${labA}/models`, {
      token: aliceKey.secret,
      body: { name: 'Tidewater', version: '1.1', outputModalities: ['video', 'audio'] },
    });
    expect(byKey.status).toBe(201);
    const list = await t.request('GET', `/v1/orgs/${labA}/models`, { token: alice.token });
    expect(list.body.items.map((m: ModelType) => m.version)).toEqual(['1.1', '1.0']);
    const creator = await t.request('POST', `/v1/orgs/${studio}/models`, {
      token: carol.token,
      body: { name: 'Nope', version: '1', outputModalities: ['video'] },
    });
    expect([creator.status, creator.body.code]).toEqual([403, 'forbidden']);
  });

  it('offers the lab its own grants with what their terms permit', async () => {
    const res = await t.request('GET', `/v1/orgs/${labA}/grants`, { token: aliceKey.secret });
    expect(res.status).toBe(200);
    const byId = new Map(
      res.body.items.map((g: { certificateId: string }) => [g.certificateId, g] as const),
    );
    expect(byId.size).toBe(5);
    expect(byId.has(otherLabGrant.certificateId)).toBe(false);
    expect(byId.get(trainGrant.certificateId)).toMatchObject({
      permittedUses: ['ai-train', 'ai-finetune'],
      clipCount: 2,
      totalSeconds: 120,
      status: 'active',
    });
    expect(byId.get(shortEvalGrant.certificateId)).toMatchObject({
      permittedUses: ['ai-train', 'ai-eval'],
    });
    expect(byId.get(refundedOrder.grants[0]!.certificateId)).toMatchObject({ status: 'revoked' });
  });

  it('declares per stage the grants used, checked against the terms', async () => {
    const now = t.clock.now().toISOString();
    const pre = await declare({
      stage: 'pre-training',
      grantIds: [trainGrant.certificateId],
      usedAt: now,
    });
    expect(pre.status).toBe(201);
    expect(Declaration.parse(pre.body)).toMatchObject({
      stage: 'pre-training',
      use: 'ai-train',
      grantIds: [trainGrant.certificateId],
      usedAt: now,
      note: null,
      current: true,
    });
    t.clock.advance(1_000);
    const fine = await declare(
      {
        stage: 'fine-tuning',
        grantIds: [trainGrant.certificateId, forestGrant.certificateId],
        usedAt: now,
      },
      aliceKey.secret,
    );
    expect(fine.status).toBe(201);
    t.clock.advance(1_000);
    const evaluation = await declare({
      stage: 'evaluation',
      grantIds: [shortEvalGrant.certificateId],
      usedAt: now,
    });
    expect(evaluation.status).toBe(201);
    expect(evaluation.body.use).toBe('ai-eval');
  });

  it.each([
    [
      "another lab's grant",
      () => ({ stage: 'pre-training', grantIds: [otherLabGrant.certificateId] }),
      'grant_not_held',
      () => `Certificate ${otherLabGrant.certificateId} is not one of this lab’s grants.`,
    ],
    [
      'a revoked (refunded) grant',
      () => ({ stage: 'pre-training', grantIds: [refundedOrder.grants[0]!.certificateId] }),
      'grant_revoked',
      () => `Certificate ${refundedOrder.grants[0]!.certificateId} was revoked on`,
    ],
    [
      'a use the terms forbid (evaluation under train + finetune terms)',
      () => ({ stage: 'evaluation', grantIds: [trainGrant.certificateId] }),
      'use_not_permitted',
      () =>
        `The terms of certificate ${trainGrant.certificateId} permit training AI models, fine-tuning existing AI models, not evaluating and benchmarking AI models (evaluation).`,
    ],
    [
      'a stage that ran before the grant was valid',
      () => ({
        stage: 'pre-training',
        grantIds: [trainGrant.certificateId],
        usedAt: new Date(Date.parse(trainGrant.validFrom) - DAY).toISOString(),
      }),
      'grant_not_yet_valid',
      () => `Certificate ${trainGrant.certificateId} is valid from ${trainGrant.validFrom}`,
    ],
  ])(
    'refuses %s with a clear 422 naming the grant, storing nothing',
    async (_l, body, code, text) => {
      const before = await snapshot();
      const res = await declare({ usedAt: t.clock.now().toISOString(), ...body() });
      expect([res.status, res.body.code]).toEqual([422, 'declaration_refused']);
      expect(res.body.errors).toEqual([{ path: 'grantIds.0', code, message: expect.any(String) }]);
      expect(res.body.errors[0].message).toContain(text());
      expect(res.body.detail).toContain(text());
      expect(res.body.detail).toContain('Nothing was recorded.');
      expect(await snapshot()).toBe(before);
    },
  );

  it('refuses a mix whole, naming every grant at fault, and a use in the future', async () => {
    const before = await snapshot();
    const res = await declare({
      stage: 'pre-training',
      grantIds: [trainGrant.certificateId, otherLabGrant.certificateId, crypto.randomUUID()],
      usedAt: new Date(t.clock.now().getTime() + DAY).toISOString(),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['usedAt', 'used_at_in_future'],
      ['grantIds.1', 'grant_not_held'],
      ['grantIds.2', 'grant_not_held'],
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a grant whose terms do not cover the model’s output modalities', async () => {
    t.clock.advance(1_000);
    const [other] = (
      await t.request('GET', `/v1/orgs/${labA}/models`, { token: alice.token })
    ).body.items.filter((m: ModelType) => m.version === '1.1');
    const cite = (grantId: string) =>
      t.request('POST', `/v1/orgs/${labA}/models/${other.id}/declarations`, {
        token: alice.token,
        body: { stage: 'pre-training', grantIds: [grantId], usedAt: t.clock.now().toISOString() },
      });
    const before = await snapshot();
    // Model 1.1 outputs video and audio; this grant's terms cover video only.
    const refused = await cite(videoOnlyGrant.certificateId);
    expect([refused.status, refused.body.errors?.[0]?.code]).toEqual([
      422,
      'modality_not_permitted',
    ]);
    expect(refused.body.errors[0].message).toBe(
      `The terms of certificate ${videoOnlyGrant.certificateId} do not cover models that output audio.`,
    );
    expect(await snapshot()).toBe(before);
    // The default terms cover every modality.
    expect((await cite(trainGrant.certificateId)).status).toBe(201);
  });

  it('records a correction as a new entry and lists the history, newest first', async () => {
    t.clock.advance(1_000);
    const res = await declare({
      stage: 'pre-training',
      grantIds: [trainGrant.certificateId, forestGrant.certificateId],
      usedAt: t.clock.now().toISOString(),
      note: 'Forest rain was in the pre-training mix too.',
    });
    expect(res.status).toBe(201);
    const history = await t.request('GET', `/v1/orgs/${labA}/models/${model.id}/declarations`, {
      token: alice.token,
    });
    expect(
      history.body.items.map((d: { stage: string; current: boolean; grantIds: string[] }) => [
        d.stage,
        d.current,
        d.grantIds.length,
      ]),
    ).toEqual([
      ['pre-training', true, 2],
      ['evaluation', true, 1],
      ['fine-tuning', true, 2],
      ['pre-training', false, 1],
    ]);
  });

  let disclosure: DisclosureType;

  it('publishes a disclosure the lab sees while the public gets 404 until the model is public', async () => {
    const res = await t.request('POST', `/v1/orgs/${labA}/models/${model.id}/disclosures`, {
      token: alice.token,
    });
    expect(res.status).toBe(201);
    disclosure = Disclosure.parse(res.body);
    expect(disclosure.public).toBe(false);
    const own = await t.request(
      'GET',
      `/v1/orgs/${labA}/models/${model.id}/disclosures/${disclosure.id}`,
      { token: alice.token },
    );
    expect(own.status).toBe(200);
    for (const suffix of ['', '/eu-ai-act.md', '/eu-ai-act.json', '/croissant.json']) {
      const hidden = await t.request('GET', `/v1/disclosures/${disclosure.id}${suffix}`);
      expect([hidden.status, hidden.body.code]).toEqual([404, 'disclosure_not_found']);
    }
    const page = LabPublicPage.parse((await t.request('GET', `/v1/labs/${labA}/models`)).body);
    expect(page).toEqual({ lab: { orgId: labA, name: 'Perceptron Labs' }, models: [] });

    const made = await t.request('PATCH', `/v1/orgs/${labA}/models/${model.id}`, {
      token: alice.token,
      body: { visibility: 'public', releaseDate: '2026-12-15' },
    });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ visibility: 'public', releaseDate: '2026-12-15' });
    const open = await t.request('GET', `/v1/disclosures/${disclosure.id}`);
    expect(open.status).toBe(200);
    expect(Disclosure.parse(open.body)).toEqual({ ...disclosure, public: true });
    const listed = LabPublicPage.parse((await t.request('GET', `/v1/labs/${labA}/models`)).body);
    expect(listed.models.map((m) => [m.id, m.disclosures.map((d) => d.id)])).toEqual([
      [model.id, [disclosure.id]],
    ]);
  });

  it('says what the grants cover, to hand-checked figures', async () => {
    const [listedAt] = await t.sql<{ from: Date; until: Date }>(
      `SELECT min(listed_at) AS from, max(listed_at) AS until FROM clips WHERE id = ANY($1)`,
      [[harbour.id, skyline.id, forest.id]],
    );
    const api = t.config.server.publicApiUrl;
    expect(disclosure.disclosure).toEqual({
      schema: 'clearframe.disclosure/1',
      disclosureId: disclosure.id,
      issuer: api,
      publishedAt: disclosure.publishedAt,
      lab: { orgId: labA, name: 'Perceptron Labs' },
      // The release date was set after publication: the signed content keeps what held then.
      model: {
        id: model.id,
        name: 'Tidewater',
        version: '1.0',
        releaseDate: null,
        outputModalities: ['video'],
      },
      stages: [
        {
          stage: 'pre-training',
          use: 'ai-train',
          declarationId: expect.any(String),
          usedAt: expect.any(String),
          certificateIds: [trainGrant.certificateId, forestGrant.certificateId],
        },
        {
          stage: 'fine-tuning',
          use: 'ai-finetune',
          declarationId: expect.any(String),
          usedAt: expect.any(String),
          certificateIds: [trainGrant.certificateId, forestGrant.certificateId],
        },
        {
          stage: 'evaluation',
          use: 'ai-eval',
          declarationId: expect.any(String),
          usedAt: expect.any(String),
          certificateIds: [shortEvalGrant.certificateId],
        },
      ],
      certificates: [
        {
          certificateId: trainGrant.certificateId,
          termsHash: trainGrant.termsHash,
          clipsMerkleRoot: merkleRoot([harbour.sha256!, skyline.sha256!]),
          clipCount: 2,
          totalSeconds: 120,
          validFrom: trainGrant.validFrom,
          validUntil: trainGrant.validUntil,
          stages: ['pre-training', 'fine-tuning'],
        },
        {
          certificateId: forestGrant.certificateId,
          termsHash: forestGrant.termsHash,
          clipsMerkleRoot: merkleRoot([forest.sha256!]),
          clipCount: 1,
          totalSeconds: 60,
          validFrom: forestGrant.validFrom,
          validUntil: forestGrant.validUntil,
          stages: ['pre-training', 'fine-tuning'],
        },
        {
          certificateId: shortEvalGrant.certificateId,
          termsHash: shortEvalGrant.termsHash,
          clipsMerkleRoot: merkleRoot([harbour.sha256!]),
          clipCount: 1,
          totalSeconds: 90,
          validFrom: shortEvalGrant.validFrom,
          validUntil: shortEvalGrant.validUntil,
          stages: ['evaluation'],
        },
      ],
      // Harbour is in two grants and counts once: 90 + 30 + 60 s = 180 s = 0.05 h; 2 studios.
      totals: { clips: 3, seconds: 180, hours: 0.05, distinctCreators: 2 },
      footage: {
        modality: 'video',
        // The earliest grant is the first order; the latest end is the first 24-month grant's
        // sibling paid two seconds later (forest), not the one-month evaluation grant.
        licensePeriod: { from: trainGrant.validFrom, until: forestGrant.validUntil },
        listingPeriod: {
          from: new Date(listedAt!.from).toISOString(),
          until: new Date(listedAt!.until).toISOString(),
        },
      },
    });
    // One month after its start, to the second.
    const evalEnd = new Date(shortEvalGrant.validFrom);
    evalEnd.setUTCMonth(evalEnd.getUTCMonth() + 1);
    expect(shortEvalGrant.validUntil).toBe(evalEnd.toISOString());
  });

  it('signs the disclosure so plain jose verifies it with the published JWKS', async () => {
    const jwks = await t.request('GET', '/.well-known/jwks.json');
    const { payload, protectedHeader } = await jwtVerify(
      disclosure.jws,
      createLocalJWKSet(jwks.body),
      { typ: DISCLOSURE_TYPE, algorithms: ['EdDSA'] },
    );
    expect(protectedHeader).toEqual({
      alg: 'EdDSA',
      kid: disclosure.keyId,
      typ: 'clearframe-disclosure+jwt',
    });
    expect(protectedHeader.kid).toBe(jwks.body.keys[0].kid);
    expect(payload).toEqual({
      iss: t.config.server.publicApiUrl,
      sub: model.id,
      jti: disclosure.id,
      iat: Date.parse(disclosure.publishedAt) / 1000,
      disclosure: disclosure.disclosure,
    });
    // Altered content under the same signature fails.
    const [header, body, signature] = disclosure.jws.split('.');
    const altered = Buffer.from(
      JSON.stringify({ ...payload, disclosure: { ...disclosure.disclosure, totals: {} } }),
    ).toString('base64url');
    expect(body).not.toBe(altered);
    await expect(
      jwtVerify(`${header}.${altered}.${signature}`, createLocalJWKSet(jwks.body)),
    ).rejects.toThrow(/signature/);
  });

  it('exports the EU AI Act licensed-data section and a Croissant RAI card', async () => {
    const eu = await t.request('GET', `/v1/disclosures/${disclosure.id}/eu-ai-act.json`);
    expect(eu.status).toBe(200);
    expect(eu.body).toMatchObject({
      section: '2.2.1 Datasets commercially licensed by rightsholders or their representatives',
      provider: 'Perceptron Labs',
      model: 'Tidewater 1.0',
      commerciallyLicensedFromRightsholders: true,
      modalities: ['Video'],
      size: { clips: 3, hours: 0.05, rightsholders: 2, licences: 3 },
      periods: {
        licensed: {
          from: trainGrant.validFrom.slice(0, 10),
          until: forestGrant.validUntil!.slice(0, 10),
        },
      },
      uses: [
        { stage: 'Pre-training', use: 'training AI models', licences: 2 },
        { stage: 'Fine-tuning', use: 'fine-tuning existing AI models', licences: 2 },
        { stage: 'Evaluation', use: 'evaluating and benchmarking AI models', licences: 1 },
      ],
    });
    expect(eu.body.toComplete).toMatch(/^This covers only the video footage licensed through/);
    const md = await t.request('GET', `/v1/disclosures/${disclosure.id}/eu-ai-act.md`);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.text).toContain(
      '- **Size:** 3 clips, 0.05 hours of video, from 2 rightsholders under 3 licences',
    );
    expect(md.text).toContain(`| ${forestGrant.certificateId} | 1 | 0.017 |`);
    expect(md.text).toContain('**Still to add by the provider:**');
    const card = await t.request('GET', `/v1/disclosures/${disclosure.id}/croissant.json`);
    expect(card.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(card.body['@type']).toBe('sc:Dataset');
    expect(card.body['@context'].rai).toBe('http://mlcommons.org/croissant/RAI/');
    expect(card.body.distribution.map((f: { '@id': string }) => f['@id'])).toEqual([
      trainGrant.certificateId,
      forestGrant.certificateId,
      shortEvalGrant.certificateId,
    ]);
    expect(card.body['rai:dataUseCases']).toBe(
      'Pre-training: training AI models; Fine-tuning: fine-tuning existing AI models; Evaluation: evaluating and benchmarking AI models',
    );
  });

  it('shows the creator every license of their clip and the model that declared it', async () => {
    const res = await t.request('GET', `/v1/orgs/${studio}/clips/${harbour.id}/licenses`, {
      token: carol.token,
    });
    expect(res.status).toBe(200);
    const view = ClipLicenses.parse(res.body);
    expect(view.licenses.map((l) => l.certificateId)).toEqual([
      trainGrant.certificateId,
      shortEvalGrant.certificateId,
    ]);
    const [first, second] = view.licenses;
    expect(first).toMatchObject({
      lab: { orgId: labA, name: 'Perceptron Labs' },
      uses: ['ai-train', 'ai-finetune'],
      term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
      status: 'active',
      // $9.38 for Harbour at dawn, $1.87 of it the platform's.
      creatorShare: { amountMinor: 751, currency: 'USD' },
    });
    const link = `${t.config.server.webOrigin}/disclosures/${disclosure.id}`;
    expect(
      first!.models.map((m) => [m.modelName, m.modelVersion, m.stage, m.current, m.disclosureUrl]),
    ).toEqual([
      ['Tidewater', '1.0', 'pre-training', false, link],
      ['Tidewater', '1.0', 'fine-tuning', true, link],
      ['Tidewater', '1.1', 'pre-training', true, null],
      ['Tidewater', '1.0', 'pre-training', true, link],
    ]);
    expect(second!.models.map((m) => [m.stage, m.disclosureId])).toEqual([
      ['evaluation', disclosure.id],
    ]);
    // Another creator, and a lab, see nothing of it.
    for (const [org, token] of [
      [studio2, dave.token],
      [labA, alice.token],
    ] as const) {
      const other = await t.request('GET', `/v1/orgs/${org}/clips/${harbour.id}/licenses`, {
        token,
      });
      expect(other.status).toBe(org === labA ? 403 : 404);
    }
  });

  it('refuses an expired grant for a stage that ran after its term', async () => {
    t.clock.advance(40 * DAY);
    const before = await snapshot();
    // The session lapsed in those 40 days; the lab's key has not.
    const res = await declare(
      {
        stage: 'evaluation',
        grantIds: [shortEvalGrant.certificateId],
        usedAt: t.clock.now().toISOString(),
      },
      aliceKey.secret,
    );
    expect([res.status, res.body.code]).toEqual([422, 'declaration_refused']);
    expect(res.body.errors).toEqual([
      {
        path: 'grantIds.0',
        code: 'grant_expired',
        message: expect.stringContaining(
          `Certificate ${shortEvalGrant.certificateId} expired on ${shortEvalGrant.validUntil}`,
        ),
      },
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('keeps declarations and disclosures append-only in the database itself', async () => {
    const before = await snapshot();
    await expect(t.sql(`UPDATE model_declarations SET note = 'rewritten'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.sql('DELETE FROM model_declaration_grants')).rejects.toThrow(/append-only/);
    await expect(t.sql(`UPDATE disclosures SET jws = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.sql('DELETE FROM disclosures')).rejects.toThrow(/append-only/);
    await expect(t.sql('TRUNCATE model_declarations CASCADE')).rejects.toThrow(/append-only/);
    await expect(t.sql('TRUNCATE disclosure_certificates')).rejects.toThrow(/append-only/);
    expect(await snapshot()).toBe(before);
  });
});
