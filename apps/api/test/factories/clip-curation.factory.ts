import { randomUUID } from 'node:crypto';
import type { ClipPolicyType } from '@clearframe/contracts/license';
import type { ConsentFlagsType } from '@clearframe/contracts/supply';
import { policyFromTemplate, policyHash } from '@clearframe/contracts/supply';
import { type ClipOverrides, createClip, type TestClip } from './clip.factory.js';
import { type FactoryTarget, nextInstant, uniqueSuffix } from './ids.js';
import type { TestUser } from './user.factory.js';

/** The policy factories use unless told otherwise: the standard template at $5.00 a minute. */
export function defaultPolicy(amountMinor = 500): ClipPolicyType {
  return policyFromTemplate('training-standard', { amountMinor, currency: 'USD' });
}

/** Appends a policy version to the clip and makes it current; returns its id. */
export async function createPolicyVersion(
  t: FactoryTarget,
  clipId: string,
  policy: ClipPolicyType = defaultPolicy(),
  createdBy: Pick<TestUser, 'id'> | null = null,
): Promise<string> {
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO clip_policy_versions (clip_id, version, policy, policy_hash, created_by, created_at)
     VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM clip_policy_versions WHERE clip_id = $1),
             $2::jsonb, $3, $4, $5)
     RETURNING id`,
    [clipId, JSON.stringify(policy), policyHash(policy), createdBy?.id ?? null, nextInstant(t)],
  );
  await t.sql(`UPDATE clips SET current_policy_version_id = $1 WHERE id = $2`, [row!.id, clipId]);
  return row!.id;
}

export interface TestRelease {
  id: string;
  personId: string;
  personName: string;
  documentKey: string;
}

/**
 * Inserts a person (unless `personId` is given) and a release of `orgId` without a stored
 * document: `confirmed` as a PDF by default. Tests of the upload and its byte check go through
 * HTTP instead.
 */
export async function createRelease(
  t: FactoryTarget,
  orgId: string,
  options: {
    consent?: Partial<ConsentFlagsType>;
    state?: 'pending' | 'confirmed';
    personId?: string;
    personName?: string;
  } = {},
): Promise<TestRelease> {
  const now = nextInstant(t);
  const personName = options.personName ?? `Person ${uniqueSuffix()}`;
  const personId =
    options.personId ??
    (
      await t.sql<{ id: string }>(
        `INSERT INTO people (org_id, name, created_at) VALUES ($1, $2, $3) RETURNING id`,
        [orgId, personName, now],
      )
    )[0]!.id;
  const id = randomUUID();
  const documentKey = `orgs/${orgId}/releases/${id}/document`;
  const confirmed = (options.state ?? 'confirmed') === 'confirmed';
  const consent: ConsentFlagsType = {
    aiTraining: true,
    commercialUse: true,
    publicPreview: true,
    likenessSynthesis: false,
    ...options.consent,
  };
  await t.sql(
    `INSERT INTO releases (id, org_id, person_id, state, document_key, file_name,
       declared_content_type, content_type, size_bytes, signed_on, consent, created_at, confirmed_at)
     VALUES ($1, $2, $3, $4, $5, 'release.pdf', 'application/pdf', $6, $7, $8, $9::jsonb, $10, $11)`,
    [
      id,
      orgId,
      personId,
      confirmed ? 'confirmed' : 'pending',
      documentKey,
      confirmed ? 'application/pdf' : null,
      confirmed ? 2048 : null,
      now.toISOString().slice(0, 10),
      JSON.stringify(consent),
      now,
      confirmed ? now : null,
    ],
  );
  return { id, personId, personName, documentKey };
}

/** Puts a person (and their release) on a clip and says identifiable people appear. */
export async function addClipPerson(
  t: FactoryTarget,
  clip: Pick<TestClip, 'id' | 'orgId'>,
  release: Pick<TestRelease, 'personId'> & { id: string | null },
): Promise<void> {
  await t.sql(
    `INSERT INTO clip_people (clip_id, org_id, person_id, release_id, created_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [clip.id, clip.orgId, release.personId, release.id, nextInstant(t)],
  );
  await t.sql(`UPDATE clips SET identifiable_people = true WHERE id = $1`, [clip.id]);
}

export interface ReadyClipOptions extends Partial<ClipOverrides> {
  policy?: ClipPolicyType;
  submittedBy?: Pick<TestUser, 'id'>;
}

export interface TestCuratedClip extends TestClip {
  policyVersionId: string;
}

/**
 * A clip with everything submission needs: verified (`draft` by default), a category, a policy
 * version, ownership attested by `attester`, and no identifiable people.
 */
export async function createReadyClip(
  t: FactoryTarget,
  orgId: string,
  attester: Pick<TestUser, 'id'>,
  options: ReadyClipOptions = {},
): Promise<TestCuratedClip> {
  const { policy, submittedBy, ...overrides } = options;
  const clip = await createClip(t, orgId, { category: 'nature', ...overrides });
  const policyVersionId = await createPolicyVersion(t, clip.id, policy, attester);
  await t.sql(
    `UPDATE clips SET ownership_attested_by = $1, ownership_attested_at = $2::timestamptz,
       identifiable_people = false,
       submitted_at = CASE WHEN state IN ('in_review', 'listed') THEN $2::timestamptz ELSE NULL END,
       submitted_by = CASE WHEN state IN ('in_review', 'listed') THEN $3::uuid ELSE NULL END
     WHERE id = $4`,
    [attester.id, nextInstant(t), (submittedBy ?? attester).id, clip.id],
  );
  return { ...clip, policyVersionId };
}

/** A ready clip already submitted: `in_review`, submitted now by `submitter`. */
export function createInReviewClip(
  t: FactoryTarget,
  orgId: string,
  submitter: Pick<TestUser, 'id'>,
  options: Omit<ReadyClipOptions, 'state'> = {},
): Promise<TestCuratedClip> {
  return createReadyClip(t, orgId, submitter, { ...options, state: 'in_review' });
}

/** A ready clip approved and `listed` now (or at `listedAt`). */
export function createListedClip(
  t: FactoryTarget,
  orgId: string,
  attester: Pick<TestUser, 'id'>,
  options: Omit<ReadyClipOptions, 'state'> = {},
): Promise<TestCuratedClip> {
  return createReadyClip(t, orgId, attester, { ...options, state: 'listed' });
}
