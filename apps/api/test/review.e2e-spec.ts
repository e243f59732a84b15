import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { renderTerms } from '@clearframe/contracts/license';
import { policyTerms, ReviewQueueItem, ReviewResult } from '@clearframe/contracts/supply';
import {
  addClipPerson,
  addMember,
  createApiKey,
  createClip,
  createInReviewClip,
  createOrg,
  createRelease,
  createUser,
  defaultPolicy,
  type TestUser,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Operators review submitted clips: a queue with everything a decision needs (preview, metadata,
 * releases with their documents, the policy in plain language, duplicates side by side), then
 * approve or reject with a reason; the creator is mailed and sees the decision in the studio.
 */
describe('review', () => {
  let t: TestApp;
  let operator: TestUser;
  let alice: TestUser;
  let aliceOwner: TestUser;
  let bob: TestUser;
  let studioA: string;
  let studioB: string;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await createUser(t, { name: 'Olga Operator' });
    await createOrg(t, operator, 'operator', 'Operations');
    aliceOwner = await createUser(t, { name: 'Owner of A' });
    alice = await createUser(t, { name: 'Alice' });
    bob = await createUser(t, { name: 'Bob' });
    studioA = (await createOrg(t, aliceOwner, 'creator', 'Studio A')).id;
    studioB = (await createOrg(t, bob, 'creator', 'Studio B')).id;
    await addMember(t, studioA, alice);
  });
  afterAll(async () => {
    await t?.close();
  });

  const snapshot = async () =>
    JSON.stringify([
      await t.sql('SELECT * FROM clips ORDER BY id'),
      await t.sql('SELECT * FROM clip_reviews ORDER BY id'),
      await t.sql('SELECT count(*) FROM audit_log'),
    ]);
  const queueIds = async (token = operator.token) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await t.request(
        'GET',
        `/v1/review/clips?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      expect(res.status).toBe(200);
      for (const item of res.body.items) ReviewQueueItem.parse(item);
      ids.push(...res.body.items.map((item: { clip: { id: string } }) => item.clip.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    return ids;
  };

  it('queues every studio’s submitted clips, the longest waiting first, and nothing else', async () => {
    const first = await createInReviewClip(t, studioA, alice);
    const second = await createInReviewClip(t, studioB, bob);
    const third = await createInReviewClip(t, studioA, alice);
    const notQueued = [
      await createClip(t, studioA),
      await createClip(t, studioB, { state: 'listed' }),
      await createClip(t, studioA, { state: 'rejected' }),
    ];
    const ids = await queueIds();
    const expected = await t.sql<{ id: string }>(
      `SELECT id FROM clips WHERE state = 'in_review' ORDER BY submitted_at, id`,
    );
    expect(ids).toEqual(expected.map((row) => row.id));
    expect(ids.filter((id) => [first.id, second.id, third.id].includes(id))).toEqual([
      first.id,
      second.id,
      third.id,
    ]);
    for (const clip of notQueued) expect(ids).not.toContain(clip.id);
  });

  it('shows the preview, releases with their documents, the policy in words and duplicates side by side', async () => {
    const policy = defaultPolicy(650);
    const clip = await createInReviewClip(t, studioA, alice, { policy, title: 'Harbour fog' });
    const release = await createRelease(t, studioA, { personName: 'Ada' });
    await addClipPerson(t, clip, release);
    const original = await createClip(t, studioB, { state: 'listed', title: 'Bob’s harbour' });
    await t.sql(
      `INSERT INTO clip_duplicate_matches (clip_id, match_clip_id, kind, score) VALUES ($1, $2, 'near', 7.25)`,
      [clip.id, original.id],
    );
    const res = await t.request('GET', `/v1/review/clips/${clip.id}`, { token: operator.token });
    expect(res.status).toBe(200);
    const item = ReviewQueueItem.parse(res.body);
    expect(item.clip).toMatchObject({ id: clip.id, title: 'Harbour fog', orgName: 'Studio A' });
    expect(item.previewUrl).toContain(t.config.storage.buckets.previews);
    expect(item.people).toEqual([
      expect.objectContaining({
        person: { id: release.personId, name: 'Ada' },
        status: 'released',
        release: expect.objectContaining({
          id: release.id,
          documentUrl: expect.stringContaining(t.config.storage.buckets.documents),
        }),
      }),
    ]);
    expect(item.policy!.rendered).toBe(renderTerms(policyTerms(policy), { format: 'markdown' }));
    expect(item.policy!.rendered).toContain('24 months');
    expect(item.ownership).toMatchObject({ userId: alice.id, name: 'Alice' });
    expect(item.duplicates).toEqual([
      expect.objectContaining({
        kind: 'near',
        score: 7.25,
        clip: expect.objectContaining({
          id: original.id,
          orgName: 'Studio B',
          title: 'Bob’s harbour',
          previewUrl: expect.stringContaining(t.config.storage.buckets.previews),
        }),
      }),
    ]);
    // The other side of the match sees it too.
    const other = await t.request('GET', `/v1/review/clips/${original.id}`, {
      token: operator.token,
    });
    expect(other.body.duplicates.map((d: { clip: { id: string } }) => d.clip.id)).toEqual([
      clip.id,
    ]);
    expect(res.text).not.toContain(t.config.storage.buckets.originals);
  });

  it('is for operators only: creators get 403, keys 403, the anonymous 401', async () => {
    const clip = await createInReviewClip(t, studioA, alice);
    const key = await createApiKey(t, studioA, aliceOwner);
    const before = await snapshot();
    for (const [token, status] of [
      [alice.token, 403],
      [bob.token, 403],
      [key.secret, 403],
      [undefined, 401],
    ] as const) {
      for (const [method, path, body] of [
        ['GET', '/v1/review/clips', undefined],
        ['GET', `/v1/review/clips/${clip.id}`, undefined],
        ['POST', `/v1/review/clips/${clip.id}/approve`, {}],
        ['POST', `/v1/review/clips/${clip.id}/reject`, { reason: 'No.' }],
      ] as const) {
        const res = await t.request(method, path, {
          ...(token ? { token } : {}),
          ...(body ? { body } : {}),
        });
        expect({ path, status: res.status }).toEqual({ path, status });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('approves: the clip is listed, the review and audit recorded, the submitter mailed; twice is refused', async () => {
    const clip = await createInReviewClip(t, studioA, alice, { title: 'Dawn tide' });
    t.clock.advance(60_000);
    const at = t.clock.now().toISOString();
    const res = await t.request('POST', `/v1/review/clips/${clip.id}/approve`, {
      token: operator.token,
      body: { note: 'Lovely.' },
    });
    expect(res.status).toBe(200);
    expect(ReviewResult.parse(res.body)).toMatchObject({
      clipId: clip.id,
      state: 'listed',
      review: { decision: 'approve', reason: 'Lovely.', policyVersion: 1, reviewedAt: at },
    });
    const [row] = await t.sql('SELECT state, listed_at FROM clips WHERE id = $1', [clip.id]);
    expect(row).toEqual({ state: 'listed', listed_at: new Date(at) });
    expect(
      await t.sql(
        `SELECT actor_user_id, org_id, data->>'policyVersionId' AS version FROM audit_log
         WHERE target_id = $1 AND action = 'clip.approved'`,
        [clip.id],
      ),
    ).toEqual([{ actor_user_id: operator.id, org_id: studioA, version: clip.policyVersionId }]);
    const mails = (await t.outbox()).filter((mail) => mail.tag === 'clip-approved');
    expect(mails.map((mail) => mail.to)).toEqual([alice.email]);
    expect(mails[0]!.subject).toContain('Dawn tide');
    expect(mails[0]!.links![0]).toContain(clip.id);

    const before = await snapshot();
    const twice = await t.request('POST', `/v1/review/clips/${clip.id}/approve`, {
      token: operator.token,
      body: {},
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('clip_not_in_review');
    expect(await snapshot()).toBe(before);
    expect((await t.outbox()).filter((mail) => mail.tag === 'clip-approved')).toHaveLength(1);
    const inCatalog = await t.request('GET', `/v1/catalog/clips/${clip.id}`);
    expect(inCatalog.status).toBe(200);
  });

  it('rebuilds the lexicon with a listing, so "did you mean" knows its words before the hourly run', async () => {
    const clip = await createInReviewClip(t, studioA, alice, { title: 'Kelp meadow swaying' });
    await t.drainJobs();
    const words = () =>
      t.sql<{ word: string }>(
        `SELECT word FROM catalog_lexicon WHERE word IN ('kelp', 'meadow') ORDER BY word`,
      );
    expect(await words()).toEqual([]); // in review: not in the catalog, not in the lexicon
    const res = await t.request('POST', `/v1/review/clips/${clip.id}/approve`, {
      token: operator.token,
      body: {},
    });
    expect(res.status).toBe(200);
    await t.drainJobs();
    expect(await words()).toEqual([{ word: 'kelp' }, { word: 'meadow' }]);
    const page = await t.request('GET', '/v1/catalog?q=kelpp');
    expect(page.body.suggestion).toEqual({ q: 'kelp', words: [{ from: 'kelpp', to: 'kelp' }] });
  });

  it('rejects with a reason the creator reads by mail and in the studio, and can submit again', async () => {
    const clip = await createInReviewClip(t, studioA, alice, { title: 'Shaky pier' });
    const empty = await t.request('POST', `/v1/review/clips/${clip.id}/reject`, {
      token: operator.token,
      body: { reason: '   ' },
    });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].path).toBe('reason');
    const reason = 'The horizon tilts; please stabilise the footage.';
    const res = await t.request('POST', `/v1/review/clips/${clip.id}/reject`, {
      token: operator.token,
      body: { reason },
    });
    expect(res.body).toMatchObject({ state: 'rejected', review: { decision: 'reject', reason } });
    const mail = (await t.outbox()).find(
      (m) => m.tag === 'clip-rejected' && m.subject.includes('Shaky pier'),
    );
    expect(mail?.to).toBe(alice.email);
    expect(mail?.text).toContain(reason);

    const studio = await t.request('GET', `/v1/orgs/${studioA}/clips/${clip.id}`, {
      token: alice.token,
    });
    expect(studio.body).toMatchObject({
      state: 'rejected',
      rejection: { code: 'review_rejected', message: reason },
      reviews: [{ decision: 'reject', reason, policyVersion: 1 }],
    });
    const list = await t.request('GET', `/v1/orgs/${studioA}/clips?state=rejected`, {
      token: alice.token,
    });
    expect(list.body.items.find((i: { id: string }) => i.id === clip.id).rejection.message).toBe(
      reason,
    );
    const again = await t.request('POST', `/v1/orgs/${studioA}/clips/${clip.id}/submit`, {
      token: alice.token,
    });
    expect(again.body).toMatchObject({ state: 'in_review', rejection: null });
    const twice = await t.request('POST', `/v1/review/clips/${clip.id}/reject`, {
      token: operator.token,
      body: { reason },
    });
    expect(twice.status).toBe(200);
    const approveRejected = await t.request('POST', `/v1/review/clips/${clip.id}/approve`, {
      token: operator.token,
      body: {},
    });
    expect(approveRejected.status).toBe(409);
  });

  it('mails the studio’s owners when the clip was submitted with an API key', async () => {
    const clip = await createInReviewClip(t, studioA, alice, { title: 'Key-submitted' });
    await t.sql('UPDATE clips SET submitted_by = NULL WHERE id = $1', [clip.id]);
    await t.request('POST', `/v1/review/clips/${clip.id}/approve`, {
      token: operator.token,
      body: {},
    });
    const mails = (await t.outbox()).filter((m) => m.subject.includes('Key-submitted'));
    expect(mails.map((m) => m.to)).toEqual([aliceOwner.email]);
  });

  it('answers an unknown clip with 404', async () => {
    const res = await t.request(
      'POST',
      '/v1/review/clips/00000000-0000-4000-8000-000000000000/approve',
      { token: operator.token, body: {} },
    );
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('clip_not_found');
  });
});
