import { Injectable } from '@nestjs/common';
import type { ClipLicensesType } from '@clearframe/contracts/transparency';
import type { OrgContext } from '../access/principal.js';
import { AppConfig } from '../config/app-config.js';
import { ClipLicensesRepository } from './clip-licenses.repository.js';
import { ModelsErrors } from './models.errors.js';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/**
 * What a creator sees of one clip: every grant covering it (the lab, the uses and term, when,
 * the creator's share, the certificate) and every model declaration citing those grants, with
 * the disclosure when the model is public.
 */
@Injectable()
export class ClipLicensesService {
  constructor(
    private readonly repository: ClipLicensesRepository,
    private readonly config: AppConfig,
  ) {}

  async forClip(ctx: OrgContext, clipId: string): Promise<ClipLicensesType> {
    if (!(await this.repository.clipInOrg(ctx.org.id, clipId))) throw ModelsErrors.clipNotFound();
    const grants = await this.repository.grants(ctx.org.id, clipId);
    const citations = grants.length
      ? await this.repository.citations(grants.map((grant) => grant.certificateId))
      : [];
    const api = this.config.server.publicApiUrl;
    return {
      clipId,
      licenses: grants.map((grant) => ({
        certificateId: grant.certificateId,
        lab: { orgId: grant.labOrgId, name: grant.labName },
        uses: grant.terms.permittedUses,
        outputModalities: grant.terms.outputModalities,
        term: grant.terms.term,
        termsHash: grant.termsHash,
        licensedAt: iso(grant.issuedAt)!,
        validFrom: iso(grant.validFrom)!,
        validUntil: iso(grant.validUntil),
        status: grant.status,
        creatorShare: { amountMinor: grant.creatorShareMinor, currency: grant.currency },
        certificateUrl: `${api}/v1/certificates/${grant.certificateId}`,
        models: citations
          .filter((citation) => citation.grantId === grant.certificateId)
          .map((citation) => {
            const disclosureId = citation.modelPublic ? citation.disclosureId : null;
            return {
              modelId: citation.modelId,
              modelName: citation.modelName,
              modelVersion: citation.modelVersion,
              stage: citation.stage,
              declaredAt: iso(citation.declaredAt)!,
              current: citation.current,
              certificateId: grant.certificateId,
              disclosureId,
              disclosureUrl: disclosureId
                ? `${this.config.server.webOrigin}/disclosures/${disclosureId}`
                : null,
            };
          }),
      })),
    };
  }
}
