import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { merkleRoot, verifyInclusion } from '@clearframe/contracts/certificates';
import {
  CertificateInclusion,
  CertificateStatus,
  FootageLookup,
  type OrderType,
} from '@clearframe/contracts/demand';
import {
  createListedClip,
  createOrg,
  createUser,
  defaultPolicy,
  type TestCuratedClip,
  type TestUser,
  placePaidOrder,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * "Was my footage used?" through HTTP: a lab pays for four clips under one certificate; each
 * clip's inclusion proof verifies against the signed Merkle root (checked with plain jose and
 * the contracts verifier), other files are answered as not included, and a lookup by file hash
 * lists every certificate that covers the file, from two labs.
 */
describe('inclusion proofs and the footage lookup', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let labA: string;
  let labB: string;
  let clips: TestCuratedClip[];
  let first: OrderType;
  let second: OrderType;
  let signedRoot: string;
  let signedCount: number;

  const order = async (orgId: string, user: TestUser, clipIds: string[], key: string) => {
    t.clock.advance(1_000);
    return placePaidOrder(t, { orgId, token: user.token }, clipIds, {
      name: `Bundle ${key}`,
      idempotencyKey: key,
    });
  };
  const proofOf = (certificateId: string, sha256: string) =>
    t.request('GET', `/v1/certificates/${certificateId}/proof?sha256=${sha256}`);

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    labA = (await createOrg(t, alice, 'lab', 'Perceptron Labs')).id;
    labB = (await createOrg(t, bob, 'lab', 'Second Lab')).id;
    const studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    clips = [];
    for (const title of ['Harbour', 'Skyline', 'Forest', 'Canal']) {
      clips.push(
        await createListedClip(t, studio, carol, {
          title,
          durationMs: 30_000,
          width: 1920,
          height: 1080,
          policy: defaultPolicy(500),
        }),
      );
    }
    first = await order(
      labA,
      alice,
      clips.map((clip) => clip.id),
      'footage-a',
    );
    t.clock.advance(60_000);
    second = await order(labB, bob, [clips[2]!.id], 'footage-b');

    // The root and count as signed, read from a JWS checked with plain jose and the JWKS.
    const certificate = CertificateStatus.parse(
      (await t.request('GET', `/v1/certificates/${first.grants[0]!.certificateId}`)).body,
    );
    const jwks = (await t.request('GET', '/.well-known/jwks.json')).body;
    const { payload } = await jwtVerify(certificate.jws, createLocalJWKSet(jwks), {
      currentDate: t.clock.now(),
    });
    signedRoot = payload.clips_root as string;
    signedCount = payload.clip_count as number;
  });
  afterAll(() => t?.close());

  it('signs one certificate over the four clips in their order', () => {
    expect(first.grants).toHaveLength(1);
    expect(signedCount).toBe(4);
    expect(signedRoot).toBe(merkleRoot(clips.map((clip) => clip.sha256!)));
  });

  it("proves each clip's inclusion against the signed root", async () => {
    const certificateId = first.grants[0]!.certificateId;
    for (const [index, clip] of clips.entries()) {
      const res = await proofOf(certificateId, clip.sha256!);
      expect(res.status).toBe(200);
      const answer = CertificateInclusion.parse(res.body);
      if (!answer.included) throw new Error(`clip ${index} not included`);
      expect(answer).toMatchObject({ certificateId, clipsMerkleRoot: signedRoot, clipCount: 4 });
      expect(answer.proof).toMatchObject({ leafIndex: index, treeSize: 4, sha256: clip.sha256 });
      // A four-leaf tree: two siblings on every path.
      expect(answer.proof.path).toHaveLength(2);
      expect(verifyInclusion(answer.proof, signedRoot, signedCount)).toBe(true);
    }
  });

  it('accepts the hash in upper case and with spaces, as pasted', async () => {
    const res = await proofOf(
      first.grants[0]!.certificateId,
      `%20${clips[1]!.sha256!.toUpperCase()}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ included: true, proof: { leafIndex: 1 } });
  });

  it('rejects forged proofs', async () => {
    const res = await proofOf(first.grants[0]!.certificateId, clips[0]!.sha256!);
    const { proof } = res.body;
    const outsider = createHash('sha256').update('someone else').digest('hex');
    const flipped = `${proof.path[0][0] === '0' ? '1' : '0'}${proof.path[0].slice(1)}`;
    for (const forged of [
      { ...proof, sha256: outsider },
      { ...proof, leafIndex: 1 },
      { ...proof, treeSize: 5 },
      { ...proof, path: [flipped, proof.path[1]] },
      { ...proof, path: proof.path.slice(1) },
      { ...proof, path: [...proof.path, proof.path[0]] },
    ]) {
      expect(verifyInclusion(forged, signedRoot, signedCount)).toBe(false);
    }
    // Lab B's single-clip certificate does not vouch for lab A's proof.
    expect(verifyInclusion(proof, second.grants[0]!.clipsMerkleRoot, 1)).toBe(false);
  });

  it('answers a file that is not in the certificate as not included, not as an error', async () => {
    const outsider = createHash('sha256').update('not licensed').digest('hex');
    const res = await proofOf(first.grants[0]!.certificateId, outsider);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      certificateId: first.grants[0]!.certificateId,
      included: false,
      sha256: outsider,
    });
    // A clip of the same creator that lab B's certificate does not cover.
    const other = await proofOf(second.grants[0]!.certificateId, clips[0]!.sha256!);
    expect(other.body).toMatchObject({ included: false });
  });

  it('refuses a malformed hash (422) and an unknown certificate (404)', async () => {
    for (const bad of ['', 'abc', `${'0'.repeat(63)}g`, '0'.repeat(65)]) {
      const res = await proofOf(first.grants[0]!.certificateId, bad);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('validation_failed');
    }
    const missing = await t.request(
      'GET',
      `/v1/certificates/${first.grants[0]!.certificateId}/proof`,
    );
    expect(missing.status).toBe(422);
    const unknown = await proofOf(crypto.randomUUID(), clips[0]!.sha256!);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('certificate_not_found');
  });

  it('looks a file up by hash: every certificate that includes it, newest first, with proofs', async () => {
    const shared = clips[2]!.sha256!;
    const res = await t.request('GET', `/v1/footage/${shared}`);
    expect(res.status).toBe(200);
    const lookup = FootageLookup.parse(res.body);
    expect(lookup.sha256).toBe(shared);
    expect(lookup.disclosures).toEqual([]);
    expect(lookup.certificates.map((item) => [item.certificateId, item.licensee.name])).toEqual([
      [second.grants[0]!.certificateId, 'Second Lab'],
      [first.grants[0]!.certificateId, 'Perceptron Labs'],
    ]);
    const [theirs, ours] = lookup.certificates;
    expect(ours).toMatchObject({
      status: 'valid',
      issuedAt: first.grants[0]!.validFrom,
      clipsMerkleRoot: signedRoot,
      clipCount: 4,
      proof: { leafIndex: 2, treeSize: 4, sha256: shared },
    });
    expect(verifyInclusion(ours!.proof, signedRoot, signedCount)).toBe(true);
    expect(theirs!.proof).toEqual({ leafIndex: 0, treeSize: 1, sha256: shared, path: [] });
    expect(verifyInclusion(theirs!.proof, second.grants[0]!.clipsMerkleRoot, 1)).toBe(true);
    // Nothing beyond what the certificates say publicly: no order, price or other clips.
    expect(JSON.stringify(lookup)).not.toContain(first.id);
    expect(JSON.stringify(lookup)).not.toContain(clips[0]!.sha256!);

    const once = await t.request('GET', `/v1/footage/${clips[0]!.sha256!.toUpperCase()}`);
    expect(
      once.body.certificates.map((item: { certificateId: string }) => item.certificateId),
    ).toEqual([first.grants[0]!.certificateId]);
  });

  it('finds nothing for an unknown file and refuses a malformed hash', async () => {
    const outsider = createHash('sha256').update('never sold').digest('hex');
    const none = await t.request('GET', `/v1/footage/${outsider}`);
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ sha256: outsider, certificates: [], disclosures: [] });
    const bad = await t.request('GET', '/v1/footage/no-such-digest');
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('shows a refunded order’s certificate as revoked', async () => {
    const operator = await createUser(t);
    await createOrg(t, operator, 'operator', 'Operations');
    const refund = await t.request('POST', `/v1/operator/orders/${second.id}/refund`, {
      token: operator.token,
    });
    expect(refund.status).toBe(200);
    await t.drainJobs();
    const res = await t.request('GET', `/v1/footage/${clips[2]!.sha256}`);
    expect(res.body.certificates[0]).toMatchObject({
      certificateId: second.grants[0]!.certificateId,
      status: 'revoked',
    });
  });

  it('names the public models whose disclosures cite a certificate with the file, and no other', async () => {
    const grantId = first.grants[0]!.certificateId;
    const model = async (name: string, visibility: 'public' | 'not_yet_public') => {
      const made = await t.request('POST', `/v1/orgs/${labA}/models`, {
        token: alice.token,
        body: { name, version: '1.0', outputModalities: ['video'], visibility },
      });
      expect(made.status).toBe(201);
      const declared = await t.request(
        'POST',
        `/v1/orgs/${labA}/models/${made.body.id}/declarations`,
        {
          token: alice.token,
          body: { stage: 'pre-training', grantIds: [grantId], usedAt: t.clock.now().toISOString() },
        },
      );
      expect(declared.status).toBe(201);
      t.clock.advance(1_000);
      const published = await t.request(
        'POST',
        `/v1/orgs/${labA}/models/${made.body.id}/disclosures`,
        {
          token: alice.token,
        },
      );
      expect(published.status).toBe(201);
      return published.body.id as string;
    };
    const shown = await model('Tidewater', 'public');
    await model('Undercurrent', 'not_yet_public');
    const res = await t.request('GET', `/v1/footage/${clips[0]!.sha256}`);
    expect(res.status).toBe(200);
    expect(res.body.disclosures).toEqual([
      {
        disclosureId: shown,
        model: { name: 'Tidewater', version: '1.0' },
        lab: { orgId: labA, name: 'Perceptron Labs' },
        publishedAt: expect.any(String),
        certificateIds: [grantId],
      },
    ]);
    // Lab B's certificate also covers clip 2, but no model of lab B declared it: only lab A's.
    const shared = await t.request('GET', `/v1/footage/${clips[2]!.sha256}`);
    expect(shared.body.certificates).toHaveLength(2);
    expect(
      shared.body.disclosures.map((d: { certificateIds: string[] }) => d.certificateIds),
    ).toEqual([[grantId]]);
  });
});
