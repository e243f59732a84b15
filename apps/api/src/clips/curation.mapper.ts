import type { LicenseTemplateId } from '@clearframe/contracts/license';
import type {
  ClipPersonType,
  ClipPolicyVersionType,
  ClipReviewType,
  ReleaseType,
} from '@clearframe/contracts/supply';
import type { ClipPolicyVersionEntity } from './clip-policy-version.entity.js';
import type { ClipReviewEntity } from './clip-review.entity.js';
import { personStatus, type PersonOnClip } from './clip-readiness.js';
import type { PersonEntity } from './person.entity.js';
import type { ReleaseEntity } from './release.entity.js';

export function toReleaseDto(release: ReleaseEntity, person: PersonEntity): ReleaseType {
  return {
    id: release.id,
    orgId: release.orgId,
    person: { id: person.id, name: person.name },
    state: release.state,
    fileName: release.fileName,
    contentType: release.contentType,
    sizeBytes: release.sizeBytes,
    signedOn: release.signedOn,
    consent: {
      aiTraining: release.consent.aiTraining,
      commercialUse: release.consent.commercialUse ?? false,
      publicPreview: release.consent.publicPreview ?? false,
      likenessSynthesis: release.consent.likenessSynthesis ?? false,
    },
    createdAt: release.createdAt.toISOString(),
    confirmedAt: release.confirmedAt?.toISOString() ?? null,
  };
}

export function toClipPersonDto({ person, release }: PersonOnClip): ClipPersonType {
  return {
    person: { id: person.id, name: person.name },
    release: release ? toReleaseDto(release, person) : null,
    status: personStatus(release),
  };
}

export function toPolicyVersionDto(version: ClipPolicyVersionEntity): ClipPolicyVersionType {
  return {
    id: version.id,
    clipId: version.clipId,
    version: version.version,
    policy: version.policy,
    policyHash: version.policyHash,
    templateId: (version.templateId as LicenseTemplateId | null) ?? null,
    createdAt: version.createdAt.toISOString(),
  };
}

export function toReviewDto(
  review: ClipReviewEntity,
  versions: Map<string, ClipPolicyVersionEntity>,
): ClipReviewType {
  return {
    id: review.id,
    decision: review.decision,
    reason: review.reason,
    policyVersion: review.policyVersionId
      ? (versions.get(review.policyVersionId)?.version ?? null)
      : null,
    reviewedAt: review.createdAt.toISOString(),
  };
}
