import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_INTENDED_USE, type OrderType } from '@clearframe/contracts/demand';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import {
  LabPublicPage,
  Model,
  ModelDisclosureObligations,
  OverdueDisclosureRecord,
  type ModelType,
} from '@clearframe/contracts/transparency';
import { JobsService } from '../src/jobs/jobs.service.js';
import {
  createListedClip,
  createSession,
  createOrg,
  createUser,
  defaultPolicy,
  type TestUser,
  placePaidOrder,
} from './factories/index.js';
import { DAY } from './support/fake-clock.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Overdue disclosures (decision 022): a released model owes a disclosure per cited grant whose
 * terms require one, by the release date (00:00 UTC) plus the terms' days. Detection — when the
 * lab releases the model, and the periodic job — records each overdue (model, grant) once and
 * mails the creator studios' owners and the operators once; the lab pages show the standing.
 */
describe('overdue disclosures', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let carol2: TestUser;
  let carolMember: TestUser;
  let dave: TestUser;
  let olga: TestUser;
  let otto: TestUser;
  let labA: string;
  let labB: string;
  /** The instant the suite starts; release dates are days relative to it. */
  let start: Date;
  /** labA, Harbour Films' clip, disclosure before release. */
  let before: OrderType['grants'][number];
  /** labA, Harbour Films' clip, no disclosure required (`/1`). */
  let plain: OrderType['grants'][number];
  /** labA, Forest Studio's clip, within 30 days. */
  let within30: OrderType['grants'][number];
  /** labA, Forest Studio's clip, within 30 days, for the model disclosed in time. */
  let inTime: OrderType['grants'][number];
  /** labA, Harbour Films' clip, before release, for the model disclosed late. */
  let lateGrant: OrderType['grants'][number];
  /** labB, Forest Studio's clip, before release. */
  let labBGrant: OrderType['grants'][number];

  const required = (withinDaysAfterRelease: number) =>
    policyFromTemplate(
      'training-standard',
      { amountMinor: 500, currency: 'USD' },
      { required: true, withinDaysAfterRelease },
    );
  const day = (offsetDays: number) =>
    new Date(start.getTime() + offsetDays * DAY).toISOString().slice(0, 10);
  const startOf = (date: string) => new Date(`${date}T00:00:00.000Z`);

  const paidOrder = async (orgId: string, user: TestUser, clipId: string) => {
    const order = await placePaidOrder(t, { orgId, token: user.token }, [clipId], {
      name: `Bundle ${clipId.slice(0, 8)}`,
      intendedUse: DEFAULT_INTENDED_USE,
    });
    t.clock.advance(1_000);
    expect(order.grants).toHaveLength(1);
    return order.grants[0]!;
  };

  /** A model of `org` citing `grantIds` for pre-training, not yet public. */
  const modelCiting = async (
    org: string,
    user: TestUser,
    name: string,
    grantIds: string[],
  ): Promise<ModelType> => {
    const res = await t.request('POST', `/v1/orgs/${org}/models`, {
      token: user.token,
      body: { name, version: '1.0', outputModalities: ['video'] },
    });
    expect(res.status).toBe(201);
    const declared = await t.request('POST', `/v1/orgs/${org}/models/${res.body.id}/declarations`, {
      token: user.token,
      body: { stage: 'pre-training', grantIds, usedAt: t.clock.now().toISOString() },
    });
    expect(declared.status).toBe(201);
    return Model.parse(res.body);
  };

  const release = async (org: string, user: TestUser, model: ModelType, releaseDate: string) => {
    const res = await t.request('PATCH', `/v1/orgs/${org}/models/${model.id}`, {
      token: user.token,
      body: { visibility: 'public', releaseDate },
    });
    expect(res.status).toBe(200);
  };

  const publish = async (org: string, user: TestUser, model: ModelType) => {
    const res = await t.request('POST', `/v1/orgs/${org}/models/${model.id}/disclosures`, {
      token: user.token,
    });
    expect(res.status).toBe(201);
    return res.body.publishedAt as string;
  };

  const obligations = async (org: string, user: TestUser, model: ModelType) => {
    const res = await t.request(
      'GET',
      `/v1/orgs/${org}/models/${model.id}/disclosure-obligations`,
      { token: user.token },
    );
    expect(res.status).toBe(200);
    return ModelDisclosureObligations.parse(res.body);
  };

  const overdueMail = async () =>
    (await t.outbox())
      .filter((mail) => mail.tag === 'disclosure-overdue')
      .map((mail) => ({ to: mail.to, subject: mail.subject, text: mail.text }));

  /** Sessions lapse over the weeks the clock moves: the labs' people sign in again. */
  const signInAgain = async () => {
    alice.token = (await createSession(t, alice.id)).token;
    bob.token = (await createSession(t, bob.id)).token;
  };

  const runJob = async () => {
    await t.app.get(JobsService).send('models.overdue-disclosures', {});
    await t.drainJobs();
  };

  const labPage = async (org: string) =>
    LabPublicPage.parse((await t.request('GET', `/v1/labs/${org}/models`)).body);

  let m0: ModelType;
  let m30: ModelType;
  let mInTime: ModelType;
  let mLate: ModelType;
  let mHidden: ModelType;
  let mB: ModelType;

  beforeAll(async () => {
    t = await startTestApp();
    start = t.clock.now();
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    carol2 = await createUser(t);
    carolMember = await createUser(t);
    dave = await createUser(t);
    olga = await createUser(t, { name: 'Olga Operator' });
    otto = await createUser(t, { name: 'Otto Operator' });
    labA = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    labB = (await createOrg(t, bob, 'lab', 'Lab B')).id;
    const harbourFilms = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    const forestStudio = (await createOrg(t, dave, 'creator', 'Forest Studio')).id;
    const ops = (await createOrg(t, olga, 'operator', 'Operations')).id;
    await t.sql(
      `INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'owner'), ($1, $3, 'member'), ($4, $5, 'member')`,
      [harbourFilms, carol2.id, carolMember.id, ops, otto.id],
    );
    const clip = (studio: string, owner: TestUser, title: string, policy = defaultPolicy()) =>
      createListedClip(t, studio, owner, { title, durationMs: 60_000, policy });
    before = await paidOrder(
      labA,
      alice,
      (await clip(harbourFilms, carol, 'Dawn', required(0))).id,
    );
    plain = await paidOrder(labA, alice, (await clip(harbourFilms, carol, 'Dusk')).id);
    within30 = await paidOrder(
      labA,
      alice,
      (await clip(forestStudio, dave, 'Rain', required(30))).id,
    );
    inTime = await paidOrder(
      labA,
      alice,
      (await clip(forestStudio, dave, 'Moss', required(30))).id,
    );
    lateGrant = await paidOrder(
      labA,
      alice,
      (await clip(harbourFilms, carol, 'Tide', required(0))).id,
    );
    labBGrant = await paidOrder(
      labB,
      bob,
      (await clip(forestStudio, dave, 'Fern', required(0))).id,
    );
    t.clock.advance(60_000);
    await t.outbox();
  });
  afterAll(() => t?.close());

  it('makes a model released without its disclosure overdue at once, and mails the creators and operators once', async () => {
    m0 = await modelCiting(labA, alice, 'Tidewater', [before.certificateId, plain.certificateId]);
    mHidden = await modelCiting(labA, alice, 'Undersea', [before.certificateId]);
    expect(await obligations(labA, alice, m0)).toEqual({
      modelId: m0.id,
      released: false,
      overdue: null,
      late: [],
      obligations: [],
    });
    await release(labA, alice, m0, day(0));
    const deadline = startOf(day(0)).toISOString();
    expect(await obligations(labA, alice, m0)).toEqual({
      modelId: m0.id,
      released: true,
      overdue: { since: deadline, certificates: 1 },
      late: [],
      obligations: [
        {
          certificateId: before.certificateId,
          deadline,
          state: 'overdue',
          disclosedAt: null,
          daysLate: null,
        },
      ],
    });
    const mails = await overdueMail();
    // Harbour Films' two owners (not its plain member) and both operators; Forest Studio's
    // clips are not in the grant.
    expect(mails.map((mail) => mail.to).sort()).toEqual(
      [carol.email, carol2.email, olga.email, otto.email].map((e) => e.toLowerCase()).sort(),
    );
    for (const mail of mails) {
      expect(mail.subject).toBe(
        'Perceptron Labs has not published the disclosure of Tidewater 1.0',
      );
      expect(mail.text).toContain(`released its model Tidewater 1.0 on ${day(0)}`);
      expect(mail.text).toContain(
        `certificate ${before.certificateId}: disclosure due by ${day(0)} (00:00 UTC)`,
      );
      expect(mail.text).not.toContain(plain.certificateId);
      expect(mail.text).not.toMatch(/token=/);
    }
    const [row] = await t.sql(
      'SELECT org_id, deadline, notified FROM overdue_disclosures WHERE model_id = $1',
      [m0.id],
    );
    expect(row).toMatchObject({ org_id: labA, notified: 4 });
    expect(new Date(row.deadline).toISOString()).toBe(deadline);
  });

  it('sends nothing new when the job or another update runs again', async () => {
    await runJob();
    await runJob();
    await release(labA, alice, m0, day(0));
    expect(await overdueMail()).toHaveLength(4);
    expect(await t.sql('SELECT model_id FROM overdue_disclosures')).toEqual([{ model_id: m0.id }]);
  });

  it('never counts a model that is not public, even with a past release date', async () => {
    const res = await t.request('PATCH', `/v1/orgs/${labA}/models/${mHidden.id}`, {
      token: alice.token,
      body: { releaseDate: day(-10) },
    });
    expect(res.status).toBe(200);
    await runJob();
    expect((await obligations(labA, alice, mHidden)).obligations).toEqual([]);
    expect(await overdueMail()).toHaveLength(4);
  });

  it('gives a model disclosed in time no overdue state, and one disclosed late a late mark', async () => {
    m30 = await modelCiting(labA, alice, 'Rainfall', [within30.certificateId]);
    mInTime = await modelCiting(labA, alice, 'Mossbank', [inTime.certificateId]);
    mLate = await modelCiting(labA, alice, 'Spring tide', [lateGrant.certificateId]);
    // Released three days ago with disclosure due before release: overdue when marked released.
    await release(labA, alice, mLate, day(-3));
    expect((await obligations(labA, alice, mLate)).overdue?.certificates).toBe(1);
    const lateMails = (await overdueMail()).slice(4);
    expect(lateMails.map((mail) => mail.to).sort()).toEqual(
      [carol.email, carol2.email, olga.email, otto.email].map((e) => e.toLowerCase()).sort(),
    );
    const publishedAt = await publish(labA, alice, mLate);
    // Deadline: 00:00 UTC three days before today; published today → 4 days late, rounded up.
    const lateDeadline = startOf(day(-3)).toISOString();
    const daysLate = Math.ceil((Date.parse(publishedAt) - Date.parse(lateDeadline)) / DAY);
    expect(daysLate).toBe(Date.parse(publishedAt) === startOf(day(0)).getTime() ? 3 : 4);
    expect(await obligations(labA, alice, mLate)).toMatchObject({
      overdue: null,
      late: [{ deadline: lateDeadline, publishedAt, daysLate }],
      obligations: [{ state: 'late', disclosedAt: publishedAt, daysLate }],
    });

    await release(labA, alice, m30, day(0));
    await release(labA, alice, mInTime, day(0));
    t.clock.advance(DAY);
    await publish(labA, alice, mInTime);
    t.clock.advance(28 * DAY);
    await signInAgain();
    await runJob();
    const thirty = startOf(day(30)).toISOString();
    expect((await obligations(labA, alice, m30)).obligations).toEqual([
      {
        certificateId: within30.certificateId,
        deadline: thirty,
        state: 'pending',
        disclosedAt: null,
        daysLate: null,
      },
    ]);
    expect(await overdueMail()).toHaveLength(8);

    t.clock.advance(2 * DAY);
    await signInAgain();
    await runJob();
    await runJob();
    expect(await obligations(labA, alice, m30)).toMatchObject({
      overdue: { since: thirty, certificates: 1 },
      obligations: [{ state: 'overdue' }],
    });
    expect((await obligations(labA, alice, mInTime)).obligations).toMatchObject([
      { certificateId: inTime.certificateId, deadline: thirty, state: 'met', daysLate: null },
    ]);
    const thirtyMails = (await overdueMail()).slice(8);
    expect(thirtyMails.map((mail) => mail.to).sort()).toEqual(
      [dave.email, olga.email, otto.email].map((e) => e.toLowerCase()).sort(),
    );
    expect(thirtyMails[0]!.text).toContain('Rainfall 1.0');
    expect(
      (await t.sql('SELECT model_id FROM overdue_disclosures ORDER BY model_id')).map(
        (r) => r.model_id,
      ),
    ).toEqual([m0.id, m30.id, mLate.id].sort());
  });

  it('shows each public model’s standing on the lab page, and leaves another lab’s alone', async () => {
    mB = await modelCiting(labB, bob, 'Fernwood', [labBGrant.certificateId]);
    // Disclosure before release: published today, released from tomorrow.
    await publish(labB, bob, mB);
    await release(labB, bob, mB, day(32));
    t.clock.advance(DAY);
    await signInAgain();
    await runJob();
    expect(await overdueMail()).toHaveLength(11);

    const pageA = await labPage(labA);
    const standing = new Map(pageA.models.map((m) => [m.id, m.disclosureStanding]));
    expect([...standing.keys()].sort()).toEqual([m0.id, m30.id, mInTime.id, mLate.id].sort());
    expect(standing.get(m0.id)).toEqual({
      overdue: { since: startOf(day(0)).toISOString(), certificates: 1 },
      late: [],
    });
    expect(standing.get(m30.id)?.overdue).toEqual({
      since: startOf(day(30)).toISOString(),
      certificates: 1,
    });
    expect(standing.get(mInTime.id)).toEqual({ overdue: null, late: [] });
    expect(standing.get(mLate.id)?.overdue).toBeNull();
    expect(standing.get(mLate.id)?.late).toHaveLength(1);
    expect(JSON.stringify(pageA)).not.toContain(before.certificateId);

    const pageB = await labPage(labB);
    expect(pageB.models.map((m) => [m.id, m.disclosureStanding])).toEqual([
      [mB.id, { overdue: null, late: [] }],
    ]);
    expect((await obligations(labB, bob, mB)).obligations).toMatchObject([
      { certificateId: labBGrant.certificateId, state: 'met' },
    ]);
  });

  it('lists every recorded overdue disclosure (none of Lab B’s) to operators only', async () => {
    const olgaToken = (await createSession(t, olga.id)).token;
    const res = await t.request('GET', '/v1/operator/overdue-disclosures', { token: olgaToken });
    expect(res.status).toBe(200);
    const items = (res.body.items as unknown[]).map((item) => OverdueDisclosureRecord.parse(item));
    expect(
      items.map((item) => [item.lab.name, item.model.name, item.certificateId, !!item.disclosedAt]),
    ).toEqual(
      expect.arrayContaining([
        ['Perceptron Labs', 'Tidewater', before.certificateId, false],
        ['Perceptron Labs', 'Rainfall', within30.certificateId, false],
        ['Perceptron Labs', 'Spring tide', lateGrant.certificateId, true],
      ]),
    );
    expect(items).toHaveLength(3);
    expect(items.find((item) => item.model.id === m0.id)).toMatchObject({
      deadline: startOf(day(0)).toISOString(),
      notified: 4,
    });
    for (const token of [alice.token, bob.token, (await createSession(t, carol.id)).token]) {
      const refused = await t.request('GET', '/v1/operator/overdue-disclosures', { token });
      expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
    }
  });

  it('keeps a lab’s obligations from another lab', async () => {
    const res = await t.request('GET', `/v1/orgs/${labB}/models/${m0.id}/disclosure-obligations`, {
      token: bob.token,
    });
    expect([res.status, res.body.code]).toEqual([404, 'model_not_found']);
    const across = await t.request(
      'GET',
      `/v1/orgs/${labA}/models/${m0.id}/disclosure-obligations`,
      { token: bob.token },
    );
    // Not a member of labA: the organization itself is not found.
    expect(across.status).toBe(404);
    const anonymous = await t.request(
      'GET',
      `/v1/orgs/${labA}/models/${m0.id}/disclosure-obligations`,
    );
    expect(anonymous.status).toBe(401);
  });
});
