import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  claimsFromPayload,
  inclusionProof,
  type CertificatePayloadType,
} from '@clearframe/contracts/certificates';
import {
  CertificateInclusion,
  CertificateProofQuery,
  CertificateStatus,
  FootageLookup,
  FootageSha256,
  type CertificateInclusionType,
  type CertificateProofQueryType,
  type CertificateStatusType,
  type FootageLookupType,
} from '@clearframe/contracts/demand';
import { fieldErrorsFrom } from '@clearframe/contracts/problem';
import { Public } from '../access/access.decorator.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { SigningKeys } from '../signing/signing-keys.js';
import { LicenseGrantsRepository, type GrantRow } from './license-grants.repository.js';
import { OrdersErrors } from './orders.errors.js';

/** A lookup lists at most this many certificates (newest first). */
const FOOTAGE_LOOKUP_LIMIT = 100;

/** `revoked` wins over the validity window; a revoked certificate may be restored (a dispute won). */
function statusOf(grant: GrantRow, now: Date): CertificateStatusType['status'] {
  if (grant.status === 'revoked') return 'revoked';
  if (now < grant.validFrom) return 'not_yet_valid';
  if (grant.validUntil && now >= grant.validUntil) return 'expired';
  return 'valid';
}

/**
 * Public verification: any certificate's live status, the keys that sign them, and inclusion
 * proofs that a file is among a certificate's clips.
 */
@Controller()
export class CertificatesController {
  constructor(
    private readonly grants: LicenseGrantsRepository,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  @Get('v1/certificates/:certificateId')
  @Public()
  @Endpoint({
    summary:
      'A license certificate: the signed JWS, its claims, and whether it is valid, expired or revoked now',
    response: CertificateStatus,
  })
  async certificate(@Param('certificateId', UuidParam) id: string): Promise<CertificateStatusType> {
    const grant = await this.grants.byId(id);
    if (!grant) throw OrdersErrors.certificateNotFound();
    const payload = payloadOf(grant);
    const now = this.clock.now();
    return {
      certificateId: grant.id,
      status: statusOf(grant, now),
      jws: grant.jws,
      keyId: grant.keyId,
      claims: claimsFromPayload(payload),
      revokedAt: grant.revokedAt ? new Date(grant.revokedAt).toISOString() : null,
      checkedAt: now.toISOString(),
    };
  }

  @Get('v1/certificates/:certificateId/proof')
  @Public()
  @Endpoint({
    summary:
      "Whether a file (by sha256) is among a certificate's clips, with its RFC 9162 inclusion proof",
    query: CertificateProofQuery,
    response: CertificateInclusion,
  })
  async proof(
    @Param('certificateId', UuidParam) id: string,
    @Query() query: CertificateProofQueryType,
  ): Promise<CertificateInclusionType> {
    const grant = await this.grants.byId(id);
    if (!grant) throw OrdersErrors.certificateNotFound();
    const hashes = await this.grants.clipHashesOf(id);
    const index = hashes.indexOf(query.sha256);
    if (index < 0) return { certificateId: id, included: false, sha256: query.sha256 };
    return {
      certificateId: id,
      included: true,
      clipsMerkleRoot: grant.clipsRoot,
      clipCount: grant.clipCount,
      proof: inclusionProof(hashes, index),
    };
  }

  @Get('v1/footage/:sha256')
  @Public()
  @Endpoint({
    summary:
      'Was my footage used? Every certificate that includes this exact file, with inclusion proofs',
    response: FootageLookup,
  })
  // Public-safe: asking needs the exact hash of the file, and each entry says only what its
  // certificate already tells anyone who holds it (licensee name, dates, live status) plus a
  // proof made of hashes. No order, price, lab id or other clip's sha256 is listed. Revoked
  // certificates stay listed, as revoked: a creator asking wants to know the file was licensed.
  async footage(@Param('sha256') raw: string): Promise<FootageLookupType> {
    const parsed = FootageSha256.safeParse(raw);
    if (!parsed.success) {
      throw new DomainError('validation_failed', 'The sha256 in the path is not valid.', {
        errors: fieldErrorsFrom(parsed.error),
      });
    }
    const sha256 = parsed.data;
    const now = this.clock.now();
    const grants = await this.grants.coveringFile(sha256, FOOTAGE_LOOKUP_LIMIT);
    const disclosures = await this.grants.publicDisclosuresCiting(grants.map((grant) => grant.id));
    return {
      sha256,
      certificates: grants.map((grant) => ({
        certificateId: grant.id,
        // The name the certificate was signed with, not the lab's current one.
        licensee: { name: payloadOf(grant).licensee_name },
        status: statusOf(grant, now),
        issuedAt: new Date(grant.issuedAt).toISOString(),
        validUntil: grant.validUntil ? new Date(grant.validUntil).toISOString() : null,
        clipsMerkleRoot: grant.clipsRoot,
        clipCount: grant.clipCount,
        proof: inclusionProof(grant.hashes, grant.hashes.indexOf(sha256)),
      })),
      disclosures: disclosures.map((disclosure) => ({
        disclosureId: disclosure.disclosureId,
        model: { name: disclosure.modelName, version: disclosure.modelVersion },
        lab: { orgId: disclosure.labOrgId, name: disclosure.labName },
        publishedAt: new Date(disclosure.publishedAt).toISOString(),
        certificateIds: disclosure.grantIds,
      })),
      checkedAt: now.toISOString(),
    };
  }

  @Get('.well-known/jwks.json')
  @Public()
  @Endpoint({
    summary: 'The public keys certificates are signed with (JWKS), retired ones included',
  })
  jwks() {
    return this.keys.jwks();
  }
}

/** The payload we signed (read back from our own JWS, so not verified again here). */
function payloadOf(grant: GrantRow): CertificatePayloadType {
  return JSON.parse(
    Buffer.from(grant.jws.split('.')[1]!, 'base64url').toString('utf8'),
  ) as CertificatePayloadType;
}
