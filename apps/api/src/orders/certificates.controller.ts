import { Controller, Get, Param } from '@nestjs/common';
import { claimsFromPayload, type CertificatePayloadType } from '@clearframe/contracts/certificates';
import { CertificateStatus, type CertificateStatusType } from '@clearframe/contracts/demand';
import { Public } from '../access/access.decorator.js';
import { Clock } from '../common/clock.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { SigningKeys } from '../signing/signing-keys.js';
import { LicenseGrantsRepository } from './license-grants.repository.js';
import { OrdersErrors } from './orders.errors.js';

/** Public verification: any certificate's live status, and the keys that sign them. */
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
    const payload = JSON.parse(
      Buffer.from(grant.jws.split('.')[1]!, 'base64url').toString('utf8'),
    ) as CertificatePayloadType;
    const now = this.clock.now();
    const status =
      grant.status === 'revoked'
        ? 'revoked'
        : now < grant.validFrom
          ? 'not_yet_valid'
          : grant.validUntil && now >= grant.validUntil
            ? 'expired'
            : 'valid';
    return {
      certificateId: grant.id,
      status,
      jws: grant.jws,
      keyId: grant.keyId,
      claims: claimsFromPayload(payload),
      revokedAt: grant.revokedAt ? new Date(grant.revokedAt).toISOString() : null,
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
