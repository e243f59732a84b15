import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreatorLicensedWork,
  Disclosure,
  PublicWorkSettings,
  type CreatorLicensedWorkType,
  type DisclosureType,
} from '@clearframe/contracts/transparency';
import {
  addMember,
  createListedClip,
  createOrg,
  createUser,
  defaultPolicy,
  type TestCuratedClip,
  type TestUser,
  placePaidOrder,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const WEB = 'http://localhost:3999';

/**
 * A creator studio's public page of its licensed work (ADR 021), through HTTP: off by default
 * (the same 404 as an unknown id); once its owner turns it on, it shows exactly the public models
 * whose published disclosures cite certificates holding the studio's clips, and only the studio's
 * clips in them. Two studios, two labs; a private model and a model without a disclosure stay
 * off the page; other people cannot turn it on or off, a lab cannot have one, and refusals change
 * nothing.
 */
describe('a creator studio’s public licensed-work page', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let casey: TestUser;
  let dave: TestUser;
  let labA: string;
  let labB: string;
  let studio: string;
  let studio2: string;
  let harbour: TestCuratedClip;
  let skyline: TestCuratedClip;
  let pier: TestCuratedClip;
  let unsold: TestCuratedClip;
  let forest: TestCuratedClip;
  /** labA's public Tidewater 1.0: pre-training on harbour + forest (both studios). */
  let tidewater: { id: string; disclosure: DisclosureType };
  /** labB's public Lumen 2: fine-tuning on pier + forest. */
  let lumen: { id: string; disclosure: DisclosureType };
  /** labA's Hidden 0.1, never public, with a published disclosure citing skyline. */
  let hidden: { id: string; disclosure: DisclosureType };
  /** labB's public Draft 3, which declared skyline but published no disclosure. */
  let draftId: string;

  const paidOrder = async (orgId: string, user: TestUser, clipIds: string[]) => {
    const order = await placePaidOrder(t, { orgId, token: user.token }, clipIds, {
      name: `Bundle ${clipIds.join(' ')}`.slice(0, 60),
    });
    t.clock.advance(1_000);
    expect(order.grants).toHaveLength(1);
    return order.grants[0]!.certificateId;
  };

  /** Registers a model, declares one stage on `grantId`, and publishes when asked. */
  const model = async (
    org: string,
    user: TestUser,
    name: string,
    stage: 'pre-training' | 'fine-tuning',
    grantId: string,
    { publish, visible }: { publish: boolean; visible: boolean },
  ) => {
    const made = await t.request('POST', `/v1/orgs/${org}/models`, {
      token: user.token,
      body: { name, version: '1.0', outputModalities: ['video'] },
    });
    expect(made.status).toBe(201);
    const declared = await t.request(
      'POST',
      `/v1/orgs/${org}/models/${made.body.id}/declarations`,
      {
        token: user.token,
        body: { stage, grantIds: [grantId], usedAt: t.clock.now().toISOString() },
      },
    );
    expect(declared.status).toBe(201);
    t.clock.advance(1_000);
    let disclosure: DisclosureType | undefined;
    if (publish) {
      const res = await t.request('POST', `/v1/orgs/${org}/models/${made.body.id}/disclosures`, {
        token: user.token,
      });
      expect(res.status).toBe(201);
      disclosure = Disclosure.parse(res.body);
    }
    if (visible) {
      const res = await t.request('PATCH', `/v1/orgs/${org}/models/${made.body.id}`, {
        token: user.token,
        body: { visibility: 'public', releaseDate: '2026-12-15' },
      });
      expect(res.status).toBe(200);
    }
    t.clock.advance(1_000);
    return { id: made.body.id as string, disclosure: disclosure! };
  };

  const page = (orgId: string) => t.request('GET', `/v1/creators/${orgId}/licensed-work`);
  const put = (orgId: string, token: string, enabled: unknown) =>
    t.request('PUT', `/v1/orgs/${orgId}/public-work`, { token, body: { enabled } });

  /** Everything a refused change must leave as it was. */
  const snapshot = async () =>
    JSON.stringify([
      await t.sql(
        `SELECT id, public_work_enabled, public_work_changed_at FROM organizations ORDER BY id`,
      ),
      await t.sql(`SELECT * FROM audit_log WHERE action LIKE 'org.public_work%' ORDER BY id`),
    ]);

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    casey = await createUser(t);
    dave = await createUser(t);
    labA = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    labB = (await createOrg(t, bob, 'lab', 'Lumen Research')).id;
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    studio2 = (await createOrg(t, dave, 'creator', 'Forest Studio')).id;
    await addMember(t, studio, casey, 'member');
    const clip = (org: string, owner: TestUser, title: string, durationMs: number) =>
      createListedClip(t, org, owner, {
        title,
        durationMs,
        width: 1920,
        height: 1080,
        policy: defaultPolicy(500),
      });
    harbour = await clip(studio, carol, 'Harbour at dawn', 90_000);
    skyline = await clip(studio, carol, 'Skyline', 30_000);
    pier = await clip(studio, carol, 'Pier at night', 45_000);
    unsold = await clip(studio, carol, 'Never sold', 20_000);
    forest = await clip(studio2, dave, 'Forest rain', 60_000);
    const both = await paidOrder(labA, alice, [harbour.id, forest.id]);
    const hiddenGrant = await paidOrder(labA, alice, [skyline.id]);
    const lumenGrant = await paidOrder(labB, bob, [pier.id, forest.id]);
    const draftGrant = await paidOrder(labB, bob, [skyline.id]);
    tidewater = await model(labA, alice, 'Tidewater', 'pre-training', both, {
      publish: true,
      visible: true,
    });
    hidden = await model(labA, alice, 'Hidden', 'pre-training', hiddenGrant, {
      publish: true,
      visible: false,
    });
    lumen = await model(labB, bob, 'Lumen', 'fine-tuning', lumenGrant, {
      publish: true,
      visible: true,
    });
    draftId = (
      await model(labB, bob, 'Draft', 'fine-tuning', draftGrant, { publish: false, visible: true })
    ).id;
  });
  afterAll(() => t?.close());

  it('is off by default: the same 404 as an unknown id or a lab', async () => {
    const settings = await t.request('GET', `/v1/orgs/${studio}/public-work`, {
      token: carol.token,
    });
    expect(settings.status).toBe(200);
    expect(PublicWorkSettings.parse(settings.body)).toEqual({
      orgId: studio,
      enabled: false,
      changedAt: null,
      pageUrl: `${WEB}/creators/${studio}`,
      apiUrl: expect.stringMatching(new RegExp(`/v1/creators/${studio}/licensed-work$`)),
    });
    const answers = [];
    for (const id of [studio, studio2, labA, '00000000-0000-4000-8000-000000000000']) {
      const res = await page(id);
      answers.push([res.status, res.headers.get('content-type'), res.body.code, res.body.detail]);
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]!.slice(0, 3)).toEqual([
      404,
      expect.stringContaining('application/problem+json'),
      'creator_work_not_found',
    ]);
  });

  it('cannot be turned on by a member who is not an owner, another studio, or a lab', async () => {
    const before = await snapshot();
    const member = await put(studio, casey.token, true);
    expect([member.status, member.body.code]).toEqual([403, 'forbidden']);
    const memberRead = await t.request('GET', `/v1/orgs/${studio}/public-work`, {
      token: casey.token,
    });
    expect(memberRead.status).toBe(403);
    const outsider = await put(studio, dave.token, true);
    expect(outsider.status).toBe(404);
    const outsiderRead = await t.request('GET', `/v1/orgs/${studio}/public-work`, {
      token: dave.token,
    });
    expect(outsiderRead.status).toBe(404);
    const lab = await put(labA, alice.token, true);
    expect([lab.status, lab.body.code]).toEqual([403, 'forbidden']);
    expect(lab.body.detail).toMatch(/creator/);
    const anonymous = await t.request('PUT', `/v1/orgs/${studio}/public-work`, {
      body: { enabled: true },
    });
    expect(anonymous.status).toBe(401);
    const malformed = await put(studio, carol.token, 'yes');
    expect([malformed.status, malformed.body.code]).toEqual([422, 'validation_failed']);
    expect(await snapshot()).toBe(before);
    expect((await page(studio)).status).toBe(404);
  });

  it('once on, shows exactly the public models citing the studio’s clips, by model', async () => {
    const on = await put(studio, carol.token, true);
    expect(on.status).toBe(200);
    expect(PublicWorkSettings.parse(on.body)).toMatchObject({
      enabled: true,
      changedAt: t.clock.now().toISOString(),
    });
    const audit = await t.sql(
      `SELECT actor_user_id AS "userId", org_id AS "orgId", data FROM audit_log
       WHERE action = 'org.public_work_enabled'`,
    );
    expect(audit).toEqual([{ userId: carol.id, orgId: studio, data: { from: false, to: true } }]);
    // The other studio has not opted in.
    expect((await page(studio2)).status).toBe(404);

    const res = await page(studio);
    expect(res.status).toBe(200);
    const work: CreatorLicensedWorkType = CreatorLicensedWork.parse(res.body);
    expect(work.creator).toEqual({ orgId: studio, name: 'Harbour Films' });
    // Newest disclosure first: Lumen was published after Tidewater.
    expect(work.models.map((entry) => entry.model.id)).toEqual([lumen.id, tidewater.id]);
    expect(work.models[0]).toEqual({
      lab: { orgId: labB, name: 'Lumen Research' },
      model: {
        id: lumen.id,
        name: 'Lumen',
        version: '1.0',
        releaseDate: '2026-12-15',
        outputModalities: ['video'],
      },
      stages: [{ stage: 'fine-tuning', use: 'ai-finetune' }],
      disclosures: [
        {
          id: lumen.disclosure.id,
          publishedAt: lumen.disclosure.publishedAt,
          links: lumen.disclosure.links,
        },
      ],
      clips: [{ id: pier.id, title: 'Pier at night', seconds: 45 }],
    });
    expect(work.models[1]).toMatchObject({
      lab: { orgId: labA, name: 'Perceptron Labs' },
      stages: [{ stage: 'pre-training', use: 'ai-train' }],
      disclosures: [{ id: tidewater.disclosure.id }],
      clips: [{ id: harbour.id, title: 'Harbour at dawn', seconds: 90 }],
    });
    expect(tidewater.disclosure.links.page).toBe(`${WEB}/disclosures/${tidewater.disclosure.id}`);
    // Skyline is in four certificates' worth of licensing but in no public disclosure: only
    // counted. Certificates: harbour+forest, skyline (labA), pier+forest, skyline (labB).
    expect(work.licensing).toEqual({ certificates: 4, clips: 3 });
    const text = JSON.stringify(res.body);
    for (const absent of [
      skyline.id,
      'Skyline',
      unsold.id,
      forest.id,
      'Forest rain',
      hidden.id,
      hidden.disclosure.id,
      'Hidden',
      draftId,
      'Draft',
      'amountMinor',
      'creatorShare',
      '@',
    ]) {
      expect(text).not.toContain(absent);
    }
  });

  it('shows each studio only its own clips in a shared certificate', async () => {
    expect((await put(studio2, dave.token, true)).status).toBe(200);
    const work = CreatorLicensedWork.parse((await page(studio2)).body);
    expect(
      work.models.map((entry) => [entry.model.id, entry.clips.map((clip) => clip.id)]),
    ).toEqual([
      [lumen.id, [forest.id]],
      [tidewater.id, [forest.id]],
    ]);
    expect(work.licensing).toEqual({ certificates: 2, clips: 1 });
    expect(JSON.stringify(work)).not.toContain(harbour.id);
    expect(JSON.stringify(work)).not.toContain(pier.id);
  });

  it('lists a model’s newer disclosure first, and drops a model once it is no longer public', async () => {
    const again = await t.request('POST', `/v1/orgs/${labA}/models/${tidewater.id}/disclosures`, {
      token: alice.token,
    });
    expect(again.status).toBe(201);
    let work = CreatorLicensedWork.parse((await page(studio)).body);
    expect(work.models.map((entry) => entry.model.id)).toEqual([tidewater.id, lumen.id]);
    expect(work.models[0]!.disclosures.map((d) => d.id)).toEqual([
      again.body.id,
      tidewater.disclosure.id,
    ]);
    expect(work.models[0]!.clips.map((clip) => clip.id)).toEqual([harbour.id]);
    const hide = await t.request('PATCH', `/v1/orgs/${labB}/models/${lumen.id}`, {
      token: bob.token,
      body: { visibility: 'not_yet_public' },
    });
    expect(hide.status).toBe(200);
    work = CreatorLicensedWork.parse((await page(studio)).body);
    expect(work.models.map((entry) => entry.model.id)).toEqual([tidewater.id]);
    expect(work.licensing).toEqual({ certificates: 4, clips: 3 });
  });

  it('turning it on again records nothing; turning it off answers 404 again', async () => {
    const before = await snapshot();
    expect((await put(studio, carol.token, true)).status).toBe(200);
    expect(await snapshot()).toBe(before);
    t.clock.advance(1_000);
    const off = await put(studio, carol.token, false);
    expect(off.status).toBe(200);
    expect(PublicWorkSettings.parse(off.body)).toMatchObject({
      enabled: false,
      changedAt: t.clock.now().toISOString(),
    });
    const res = await page(studio);
    expect([res.status, res.body.code]).toEqual([404, 'creator_work_not_found']);
    expect(
      await t.sql(
        `SELECT action, data FROM audit_log WHERE org_id = $1 AND action LIKE 'org.public_work%'
         ORDER BY id`,
        [studio],
      ),
    ).toEqual([
      { action: 'org.public_work_enabled', data: { from: false, to: true } },
      { action: 'org.public_work_disabled', data: { from: true, to: false } },
    ]);
    // The other studio's page is untouched.
    expect((await page(studio2)).status).toBe(200);
  });

  it('is held by the database too: a lab cannot be switched on even by a direct write', async () => {
    await expect(
      t.sql(`UPDATE organizations SET public_work_enabled = true WHERE id = $1`, [labA]),
    ).rejects.toThrow(/organizations_public_work_creators_only/);
  });
});
