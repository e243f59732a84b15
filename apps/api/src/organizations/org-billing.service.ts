import { Injectable } from '@nestjs/common';
import type { OrgBillingSettingsType, SetOrgBillingType } from '@clearframe/contracts/accounts';
import { notFound } from '../common/domain-error.js';
import type { AuditActor } from '../audit/audit.service.js';
import { AuditLog } from '../audit/audit.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { OrganizationEntity } from './organization.entity.js';
import { OrganizationsErrors } from './organizations.errors.js';
import { OrganizationsRepository } from './organizations.repository.js';

/**
 * How a lab pays: by checkout (everyone, by default) or by invoice, which an operator decides
 * (a lab that signed a contract with net-30 terms). The change applies to orders placed after
 * it; each order keeps the way it was placed to be paid.
 */
@Injectable()
export class OrgBillingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditLog,
  ) {}

  async set(
    orgId: string,
    input: SetOrgBillingType,
    actor: AuditActor,
  ): Promise<OrgBillingSettingsType> {
    return this.uow.run(async () => {
      const org = await this.organizations.lockById(orgId);
      if (!org) throw notFound('Organization');
      if (org.kind !== 'lab') {
        throw OrganizationsErrors.billingNotForKind(org.name, org.kind);
      }
      // Omitted keeps the address already on file; null clears it.
      const billingEmail = input.billingEmail === undefined ? org.billingEmail : input.billingEmail;
      await this.organizations.setBilling(org.id, input.billing, billingEmail);
      await this.audit.record({
        actor,
        action: 'org.billing_changed',
        orgId: org.id,
        target: { type: 'organization', id: org.id },
        data: {
          from: { billing: org.billing, billingEmail: org.billingEmail },
          to: { billing: input.billing, billingEmail },
        },
      });
      return toOrgBillingDto({ ...org, billing: input.billing, billingEmail });
    });
  }

  async get(orgId: string): Promise<OrgBillingSettingsType> {
    const org = await this.organizations.findById(orgId);
    if (!org) throw notFound('Organization');
    return toOrgBillingDto(org);
  }
}

function toOrgBillingDto(
  org: Pick<OrganizationEntity, 'id' | 'billing' | 'billingEmail'>,
): OrgBillingSettingsType {
  return { orgId: org.id, billing: org.billing, billingEmail: org.billingEmail };
}
