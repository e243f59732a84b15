import fc from 'fast-check';
import {
  addClipPerson,
  addMember,
  createApiKey,
  createBundle,
  createClip,
  createInReviewClip,
  createListedClip,
  createReadyClip,
  createRelease,
  createInvitation,
  createOneTimeToken,
  createOrg,
  createSession,
  createUser,
  testPasswordHash,
  type TestUser,
} from '../../factories/index.js';
import type { TestApp } from '../test-app.js';
import { startUpload } from '../uploads.js';

export interface Credential {
  label: string;
  headers: Record<string, string>;
}

/**
 * The world the fuzzer acts in: people with every kind of standing (owners, a member, an
 * operator, an invitee, an unverified account), two labs and a studio, live and revoked keys (a
 * studio's among them, and one holding a single scope) and sessions, pending invitations and
 * one-time tokens, open uploads in the studio. Their ids and tokens seed the generators, so requests reach real objects and
 * not only 404s.
 */
export interface FuzzFixture {
  credentials: fc.Arbitrary<Credential>;
  /** The credentials an operation's audience admits, so requests get past its guard too. */
  admitted(audience: string): Credential[];
  /** Real ids by the path parameter that names them. */
  ids: Record<string, string[]>;
  /** Invitation and one-time tokens, for `{token}` parameters and `token` fields. */
  tokens: string[];
  emails: string[];
  /**
   * Puts the world back after a request that succeeded in changing it (a sign-out, a removed
   * member, a revoked key…), so later requests keep the same standing. Renames and newly
   * created rows are left alone: they change no one's access.
   */
  restore(): Promise<void>;
}

export async function buildFixture(t: TestApp): Promise<FuzzFixture> {
  const ownerA = await createUser(t, { name: 'Owner A' });
  const memberA = await createUser(t, { name: 'Member A' });
  const ownerB = await createUser(t, { name: 'Owner B' });
  const invitee = await createUser(t, { name: 'Invitee' });
  const unverified = await createUser(t, { verified: false });
  const operator = await createUser(t, { name: 'Operator' });
  const people = [ownerA, memberA, ownerB, invitee, unverified, operator];

  const labA = await createOrg(t, ownerA, 'lab', 'Lab A');
  const studioA = await createOrg(t, ownerA, 'creator', 'Studio A');
  const labB = await createOrg(t, ownerB, 'lab', 'Lab B');
  const operators = await createOrg(t, operator, 'operator', 'Operations');
  await addMember(t, labA.id, memberA);
  await addMember(t, labB.id, ownerA);
  const memberships = [
    [labA.id, ownerA.id, 'owner'],
    [studioA.id, ownerA.id, 'owner'],
    [labB.id, ownerB.id, 'owner'],
    [operators.id, operator.id, 'owner'],
    [labA.id, memberA.id, 'member'],
    [labB.id, ownerA.id, 'member'],
  ] as const;

  const keyA = await createApiKey(t, labA.id, ownerA);
  const keyB = await createApiKey(t, labB.id, ownerB);
  const studioKey = await createApiKey(t, studioA.id, ownerA);
  // A lab key holding one scope, so scoped routes are also reached by keys that lack theirs.
  const narrowKey = await createApiKey(t, labA.id, ownerA, 'orders only', ['orders:read']);
  const revokedKey = await createApiKey(t, labA.id, ownerA);
  await t.sql(`UPDATE api_keys SET revoked_at = $2 WHERE id = $1`, [revokedKey.id, t.clock.now()]);
  const revokedSession = await createSession(t, ownerA.id);
  await t.sql(`UPDATE sessions SET revoked_at = $2, revoked_reason = 'sign_out' WHERE id = $1`, [
    revokedSession.id,
    t.clock.now(),
  ]);

  const forInvitee = await createInvitation(t, labA.id, ownerA, { email: invitee.email });
  const forStranger = await createInvitation(t, labB.id, ownerB, {
    email: 'stranger@example.com',
    role: 'owner',
  });
  // Open multipart uploads in the studio, started through HTTP so storage holds them: 20 GiB
  // declared, so most generated part numbers (1–10,000) fall within their 2,560 parts.
  const uploads = [];
  for (const fileName of [
    'dawn.mp4',
    'dusk.mov',
    'night.mkv',
    'noon.webm',
    'rain.avi',
    'snow.mxf',
  ]) {
    uploads.push(
      await startUpload(t, studioA.id, ownerA.token, {
        fileName,
        sizeBytes: 20 * 1024 ** 3,
        contentType: '',
      }),
    );
  }
  const verify = await createOneTimeToken(t, unverified.id, 'verify_email');
  const reset = await createOneTimeToken(t, memberA.id, 'password_reset');

  // Studio A's clips in the states the curation and review routes act on, a person with a
  // confirmed release on one of them, and another studio's release for foreign ids.
  const clips = [
    await createClip(t, studioA.id),
    await createReadyClip(t, studioA.id, ownerA),
    await createReadyClip(t, studioA.id, ownerA),
    await createInReviewClip(t, studioA.id, ownerA),
    await createListedClip(t, studioA.id, ownerA),
  ];
  const release = await createRelease(t, studioA.id);
  await addClipPerson(t, clips[1]!, release);
  const clipIds = clips.map((clip) => clip.id);
  // What a successful write may change on them (a submission, a decision, a new policy
  // version, people), put back as it was so the next requests find the same states.
  const curated = `state, listed_at, submitted_at, submitted_by, identifiable_people,
    ownership_attested_by, ownership_attested_at, current_policy_version_id, category, tags,
    rejection_code, rejection_message`;
  await t.sql(
    `CREATE TABLE fuzz_fixture_clips AS SELECT id, ${curated} FROM clips WHERE id = ANY($1)`,
    [clipIds],
  );
  await t.sql(
    `CREATE TABLE fuzz_fixture_clip_people AS SELECT * FROM clip_people WHERE clip_id = ANY($1)`,
    [clipIds],
  );

  // Bundles holding the listed clip and a draft (a clip not listed, as far as the quote goes):
  // two in lab A, so most generated (lab, bundle) pairs meet, one in lab B for foreign ids. Put
  // back after a delete or a removed clip.
  const bundles = [
    await createBundle(t, labA.id, { clipIds: [clips[4]!.id, clips[0]!.id] }),
    await createBundle(t, labA.id),
    await createBundle(t, labB.id, { clipIds: [clips[4]!.id] }),
  ];
  const bundleIds = bundles.map((bundle) => bundle.id);
  await t.sql(`CREATE TABLE fuzz_fixture_bundles AS SELECT * FROM bundles WHERE id = ANY($1)`, [
    bundleIds,
  ]);
  await t.sql(
    `CREATE TABLE fuzz_fixture_bundle_clips AS SELECT * FROM bundle_clips WHERE bundle_id = ANY($1)`,
    [bundleIds],
  );

  // Orders of lab A: one paid and delivered (a certificate, a manifest), one awaiting payment
  // (a checkout); both made through the real routes. Put back after a refund or a payment.
  const order = async (key: string, pay: boolean) => {
    const bundle = await createBundle(t, labA.id, { clipIds: [clips[4]!.id] });
    const quote = await t.request('GET', `/v1/orgs/${labA.id}/bundles/${bundle.id}/quote`, {
      token: ownerA.token,
    });
    const placed = await t.request('POST', `/v1/orgs/${labA.id}/orders`, {
      token: ownerA.token,
      headers: { 'Idempotency-Key': key },
      body: {
        bundleId: bundle.id,
        quoteToken: quote.body.quoteToken,
        acceptedTermsHashes: quote.body.terms.map((g: { termsHash: string }) => g.termsHash),
      },
    });
    const sessionId = (placed.body.checkout.url as string).split('/').pop()!;
    if (pay) {
      await t.request('POST', `/v1/payments/offline/checkout/${sessionId}/confirm`);
      await t.drainJobs();
    }
    return { id: placed.body.id as string, sessionId };
  };
  const orders = [await order('fuzz-paid', true), await order('fuzz-pending', false)];
  const orderIds = orders.map((o) => o.id);
  const [grant] = await t.sql<{ id: string }>(`SELECT id FROM license_grants WHERE order_id = $1`, [
    orders[0]!.id,
  ]);
  await t.sql(
    `CREATE TABLE fuzz_fixture_orders AS SELECT id, status, paid_at, fulfilled_at, refunded_at, cancelled_at, payment_id FROM orders WHERE id = ANY($1)`,
    [orderIds],
  );
  await t.sql(
    `CREATE TABLE fuzz_fixture_grants AS SELECT id, status, revoked_at, revocation_reason FROM license_grants WHERE order_id = ANY($1)`,
    [orderIds],
  );

  // A public model of lab A that declared the paid order's grant, with a published disclosure.
  const model = await t.request('POST', `/v1/orgs/${labA.id}/models`, {
    token: ownerA.token,
    body: { name: 'Fuzz model', version: '1', outputModalities: ['video'], visibility: 'public' },
  });
  await t.request('POST', `/v1/orgs/${labA.id}/models/${model.body.id}/declarations`, {
    token: ownerA.token,
    body: {
      stage: 'pre-training',
      grantIds: [grant!.id],
      usedAt: t.clock.now().toISOString(),
    },
  });
  t.clock.advance(2_000);
  const disclosure = await t.request(
    'POST',
    `/v1/orgs/${labA.id}/models/${model.body.id}/disclosures`,
    {
      token: ownerA.token,
    },
  );
  if (model.status !== 201 || disclosure.status !== 201) {
    throw new Error(
      `fuzz fixture: model ${model.status} ${JSON.stringify(model.body)}, disclosure ${disclosure.status} ${JSON.stringify(disclosure.body)}`,
    );
  }
  // Studio A's public licensed-work page is on, so its public route has a success to reach.
  const publicWork = await t.request('PUT', `/v1/orgs/${studioA.id}/public-work`, {
    token: ownerA.token,
    body: { enabled: true },
  });
  if (publicWork.status !== 200) {
    throw new Error(
      `fuzz fixture: public work ${publicWork.status} ${JSON.stringify(publicWork.body)}`,
    );
  }
  const [sold] = await t.sql<{ sha256: string }>(
    `SELECT sha256 FROM order_lines WHERE order_id = $1 LIMIT 1`,
    [orders[0]!.id],
  );

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const cookie = `cf_session=${ownerA.token}`;
  const named = (label: string, headers: Record<string, string>, weight = 1) => ({
    weight,
    arbitrary: fc.constant<Credential>({ label, headers }),
  });
  const credentials = fc.oneof(
    named('anonymous', {}, 3),
    named('owner A', bearer(ownerA.token), 8),
    named('member A', bearer(memberA.token), 2),
    named('owner B', bearer(ownerB.token), 4),
    named('invitee', bearer(invitee.token)),
    named('unverified', bearer(unverified.token)),
    named('operator', bearer(operator.token), 2),
    named('owner A by cookie', { cookie }),
    named('owner A by cookie from the web origin', { cookie, origin: t.config.server.webOrigin }),
    named('owner A by cookie from another site', { cookie, origin: 'https://evil.example' }),
    named('lab A key', bearer(keyA.secret), 3),
    named('lab B key', bearer(keyB.secret)),
    named('studio A key', bearer(studioKey.secret)),
    named('lab A orders-only key', bearer(narrowKey.secret)),
    named('revoked key', bearer(revokedKey.secret)),
    named('revoked session', bearer(revokedSession.token)),
    named('forged session', bearer(`cfs_${'A'.repeat(43)}`)),
    named('forged key', bearer(`cf_live_AAAAAAAA_${'B'.repeat(43)}`)),
    named('basic auth', { authorization: 'Basic YTpi' }),
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'grapheme-ascii', maxLength: 120 })
        .map((value) => ({ label: 'garbage authorization', headers: { authorization: value } })),
    },
  );

  const as = (label: string, headers: Record<string, string>): Credential => ({ label, headers });
  const ownersOf = [as('owner A', bearer(ownerA.token)), as('owner B', bearer(ownerB.token))];
  const members = [...ownersOf, as('member A', bearer(memberA.token))];
  const keys = [
    as('lab A key', bearer(keyA.secret)),
    as('lab B key', bearer(keyB.secret)),
    as('studio A key', bearer(studioKey.secret)),
  ];
  const signedIn = [
    ...members,
    as('invitee', bearer(invitee.token)),
    as('unverified', bearer(unverified.token)),
    as('operator', bearer(operator.token)),
  ];
  const admitted = (audience: string): Credential[] => {
    // Creator routes: the one studio's owner, and its key where keys are admitted.
    if (audience.includes('(creator organizations)')) {
      return [
        as('owner A', bearer(ownerA.token)),
        ...(audience.includes('API key') ? [as('studio A key', bearer(studioKey.secret))] : []),
      ];
    }
    if (audience.startsWith('org owner')) return ownersOf;
    if (audience.startsWith('org member'))
      return audience.includes('API key') ? [...members, ...keys] : members;
    if (audience === 'operator') return [as('operator', bearer(operator.token))];
    if (audience.startsWith('signed-in-or-api-key')) return [...signedIn, ...keys];
    if (audience === 'signed-in') return signedIn;
    return [as('anonymous', {}), ...signedIn];
  };

  // One round trip, so restoring after every successful write stays cheap. Only uuids and the
  // argon2 hash (base64 and `$,=`) are inlined: nothing here can break out of its literal.
  const list = (ids: string[]) => `ARRAY[${ids.map((id) => `'${id}'`).join(', ')}]::uuid[]`;
  const passwordHash = await testPasswordHash();
  const personIds = list(people.map((person: TestUser) => person.id));
  const restoreSql = `
    UPDATE sessions SET revoked_at = NULL, revoked_reason = NULL
      WHERE id = ANY(${list(people.map((person) => person.sessionId))}) AND revoked_at IS NOT NULL;
    UPDATE api_keys SET revoked_at = NULL
      WHERE id = ANY(${list([keyA.id, keyB.id, studioKey.id, narrowKey.id])}) AND revoked_at IS NOT NULL;
    DELETE FROM memberships
      WHERE user_id = ANY(${personIds})
        AND org_id = ANY(${list([labA.id, studioA.id, labB.id, operators.id])})
        AND (org_id, user_id) NOT IN (${memberships.map(([o, u]) => `('${o}'::uuid, '${u}'::uuid)`).join(', ')});
    ${memberships
      .map(
        ([orgId, userId, role]) => `
    INSERT INTO memberships (org_id, user_id, role, created_at)
      VALUES ('${orgId}', '${userId}', '${role}', now())
      ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role
      WHERE memberships.role <> EXCLUDED.role;`,
      )
      .join('')}
    UPDATE invitations SET accepted_at = NULL, accepted_by = NULL, revoked_at = NULL
      WHERE id = ANY(${list([forInvitee.id, forStranger.id])})
        AND (accepted_at IS NOT NULL OR revoked_at IS NOT NULL);
    UPDATE one_time_tokens SET used_at = NULL
      WHERE id = ANY(${list([verify.id, reset.id])}) AND used_at IS NOT NULL;
    UPDATE users SET password_hash = '${passwordHash}'
      WHERE id = ANY(${personIds}) AND password_hash <> '${passwordHash}';
    UPDATE organizations SET public_work_enabled = true
      WHERE id = '${studioA.id}' AND NOT public_work_enabled;
    UPDATE users SET email_verified_at = NULL
      WHERE id = '${unverified.id}' AND email_verified_at IS NOT NULL;
    UPDATE clips SET (${curated}) = (SELECT ${curated} FROM fuzz_fixture_clips f WHERE f.id = clips.id)
      WHERE id = ANY(${list(clipIds)});
    DELETE FROM clip_people WHERE clip_id = ANY(${list(clipIds)});
    INSERT INTO clip_people SELECT * FROM fuzz_fixture_clip_people;
    UPDATE orders SET (status, paid_at, fulfilled_at, refunded_at, cancelled_at, payment_id) =
      (SELECT status, paid_at, fulfilled_at, refunded_at, cancelled_at, payment_id FROM fuzz_fixture_orders f WHERE f.id = orders.id)
      WHERE id = ANY(${list(orderIds)});
    UPDATE license_grants SET (status, revoked_at, revocation_reason) =
      (SELECT status, revoked_at, revocation_reason FROM fuzz_fixture_grants f WHERE f.id = license_grants.id)
      WHERE order_id = ANY(${list(orderIds)});
    INSERT INTO bundles SELECT * FROM fuzz_fixture_bundles ON CONFLICT (id) DO NOTHING;
    INSERT INTO bundle_clips (bundle_id, clip_id, org_id, added_at)
      SELECT bundle_id, clip_id, org_id, added_at FROM fuzz_fixture_bundle_clips
      ON CONFLICT (bundle_id, clip_id) DO NOTHING;`;
  return {
    credentials,
    admitted,
    ids: {
      orgId: [labA.id, studioA.id, labB.id, operators.id],
      'orgId:creator': [studioA.id],
      userId: people.map((person) => person.id),
      keyId: [keyA.id, keyB.id, studioKey.id, revokedKey.id],
      invitationId: [forInvitee.id, forStranger.id],
      clipId: clips.map((clip) => clip.id),
      releaseId: [release.id],
      personId: [release.personId],
      uploadId: uploads.map(({ upload }) => upload.id),
      'orgId:lab': [labA.id, labB.id],
      bundleId: bundleIds,
      orderId: orderIds,
      certificateId: [grant!.id],
      // Checkout sessions and sign-in sessions share the parameter name.
      sessionId: [...orders.map((o) => o.sessionId), ...people.map((person) => person.sessionId)],
      provider: ['offline', 'stripe'],
      modelId: model.body.id ? [model.body.id] : [],
      disclosureId: disclosure.body.id ? [disclosure.body.id] : [],
      sha256: [sold!.sha256],
    },
    tokens: [forInvitee.token, forStranger.token, verify.token, reset.token],
    emails: [...people.map((person) => person.email), 'stranger@example.com'],
    async restore() {
      await t.sql(restoreSql);
    },
  };
}
