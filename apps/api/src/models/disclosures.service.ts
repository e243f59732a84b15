import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DISCLOSURE_VERSION,
  STAGE_USES,
  TRAINING_STAGES,
  type DisclosureContentType,
  type DisclosureType,
  type LabPublicPageType,
  type TrainingStageType,
} from '@clearframe/contracts/transparency';
import type { OrgContext } from '../access/principal.js';
import { AuditLog, type AuditActor } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { SigningKeys } from '../signing/signing-keys.js';
import { DisclosuresRepository, type DisclosureRow } from './disclosures.repository.js';
import { ModelsErrors } from './models.errors.js';
import { ModelsRepository } from './models.repository.js';
import { OverdueDisclosuresService } from './overdue-disclosures.service.js';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/**
 * Publishes a model's disclosure from its current declarations, signed with the certificate key,
 * and serves it: to its lab always, to the public only while the model is public.
 */
@Injectable()
export class DisclosuresService {
  constructor(
    private readonly models: ModelsRepository,
    private readonly disclosures: DisclosuresRepository,
    private readonly organizations: OrganizationsService,
    private readonly keys: SigningKeys,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly overdue: OverdueDisclosuresService,
  ) {}

  async publish(ctx: OrgContext, modelId: string, actor: AuditActor): Promise<DisclosureType> {
    return this.uow.run(async () => {
      const model = await this.models.findInOrg(ctx.org.id, modelId);
      if (!model) throw ModelsErrors.notFound();
      const current = new Map<TrainingStageType, (typeof entries)[number]>();
      const entries = await this.models.declarations(ctx.org.id, modelId);
      for (const entry of entries) if (entry.current) current.set(entry.stage, entry);
      const stages = TRAINING_STAGES.filter((stage) => current.has(stage)).map((stage) =>
        current.get(stage)!,
      );
      const grantIds = [...new Set(stages.flatMap((entry) => entry.grantIds))];
      if (grantIds.length === 0) throw ModelsErrors.nothingDeclared();
      const held = await this.models.heldGrants(ctx.org.id, grantIds);
      // A refund after the declaration voids the grant: the lab corrects the stage first.
      const revoked = held.filter((grant) => grant.status === 'revoked');
      if (revoked.length > 0) {
        throw ModelsErrors.declarationRefused(
          revoked.map((grant) => ({
            path: 'grantIds',
            code: 'grant_revoked',
            message: `Certificate ${grant.id} was revoked on ${iso(grant.revokedAt)}: declare the stage again without it.`,
          })),
        );
      }
      const byId = new Map(held.map((grant) => [grant.id, grant]));
      const cited = grantIds.map((id) => byId.get(id)!);
      const footage = await this.disclosures.footage(grantIds);
      const now = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000);
      const id = randomUUID();
      const validUntils = cited.map((grant) => grant.validUntil);
      const content: DisclosureContentType = {
        schema: DISCLOSURE_VERSION,
        disclosureId: id,
        issuer: this.config.server.publicApiUrl,
        publishedAt: now.toISOString(),
        lab: { orgId: ctx.org.id, name: ctx.org.name },
        model: {
          id: model.id,
          name: model.name,
          version: model.version,
          releaseDate: model.releaseDate,
          outputModalities: model.outputModalities,
        },
        stages: stages.map((entry) => ({
          stage: entry.stage,
          use: STAGE_USES[entry.stage],
          declarationId: entry.id,
          usedAt: iso(entry.usedAt)!,
          certificateIds: entry.grantIds,
        })),
        certificates: cited.map((grant) => ({
          certificateId: grant.id,
          termsHash: grant.termsHash,
          clipsMerkleRoot: grant.clipsRoot,
          clipCount: grant.clipCount,
          totalSeconds: grant.totalSeconds,
          validFrom: iso(grant.validFrom)!,
          validUntil: iso(grant.validUntil),
          stages: stages
            .filter((entry) => entry.grantIds.includes(grant.id))
            .map((entry) => entry.stage),
        })),
        totals: {
          clips: footage.clips,
          seconds: footage.durationMs / 1000,
          hours: Math.round(footage.durationMs / 3_600) / 1000,
          distinctCreators: footage.creators,
        },
        footage: {
          modality: 'video',
          licensePeriod: {
            from: new Date(
              Math.min(...cited.map((grant) => new Date(grant.validFrom).getTime())),
            ).toISOString(),
            until: validUntils.some((until) => until === null)
              ? null
              : new Date(
                  Math.max(...validUntils.map((until) => new Date(until!).getTime())),
                ).toISOString(),
          },
          listingPeriod: { from: iso(footage.listedFrom)!, until: iso(footage.listedUntil) },
        },
      };
      const jws = await this.keys.signDisclosure(content);
      const row = {
        id,
        modelId,
        orgId: ctx.org.id,
        content,
        keyId: this.keys.keyId,
        jws,
        publishedAt: now,
      };
      await this.disclosures.insert(row, grantIds);
      await this.audit.record({
        actor,
        action: 'model.disclosure_published',
        orgId: ctx.org.id,
        target: { type: 'disclosure', id },
        data: { modelId, certificateIds: grantIds },
      });
      return this.toDto({ ...row, modelPublic: model.visibility === 'public' });
    });
  }

  async listForLab(ctx: OrgContext, modelId: string): Promise<DisclosureType[]> {
    if (!(await this.models.findInOrg(ctx.org.id, modelId))) throw ModelsErrors.notFound();
    return (await this.disclosures.ofModels(ctx.org.id, [modelId])).map((row) => this.toDto(row));
  }

  async getForLab(ctx: OrgContext, modelId: string, id: string): Promise<DisclosureType> {
    const row = await this.disclosures.inOrg(ctx.org.id, modelId, id);
    if (!row) throw ModelsErrors.disclosureNotFound();
    return this.toDto(row);
  }

  /** Public: only while the model is public; otherwise the same 404 as an unknown id. */
  async getPublic(id: string): Promise<DisclosureType> {
    const row = await this.disclosures.byId(id);
    if (!row || !row.modelPublic) throw ModelsErrors.disclosureNotFound();
    return this.toDto(row);
  }

  /** Public: a lab's public models and their disclosures. */
  async labPage(orgId: string): Promise<LabPublicPageType> {
    const org = await this.organizations.findById(orgId);
    if (!org || org.kind !== 'lab') throw notFound('The lab');
    const models = await this.models.listInOrg(orgId, true);
    const rows = await this.disclosures.ofModels(
      orgId,
      models.map((model) => model.id),
    );
    const standings = await this.overdue.standings(
      orgId,
      models.map((model) => model.id),
    );
    return {
      lab: { orgId, name: org.name },
      models: models.map((model) => ({
        id: model.id,
        name: model.name,
        version: model.version,
        releaseDate: model.releaseDate,
        outputModalities: model.outputModalities,
        visibility: model.visibility,
        disclosures: rows
          .filter((row) => row.modelId === model.id)
          .map((row) => ({
            id: row.id,
            publishedAt: iso(row.publishedAt)!,
            page: this.links(row.id).page,
          })),
        disclosureStanding: standings.get(model.id)!,
      })),
    };
  }

  links(id: string): DisclosureType['links'] {
    const api = this.config.server.publicApiUrl;
    return {
      page: `${this.config.server.webOrigin}/disclosures/${id}`,
      json: `${api}/v1/disclosures/${id}`,
      euAiActMarkdown: `${api}/v1/disclosures/${id}/eu-ai-act.md`,
      euAiActJson: `${api}/v1/disclosures/${id}/eu-ai-act.json`,
      croissant: `${api}/v1/disclosures/${id}/croissant.json`,
      jwks: `${api}/.well-known/jwks.json`,
    };
  }

  private toDto(row: DisclosureRow): DisclosureType {
    return {
      id: row.id,
      modelId: row.modelId,
      orgId: row.orgId,
      publishedAt: iso(row.publishedAt)!,
      keyId: row.keyId,
      jws: row.jws,
      disclosure: row.content,
      public: row.modelPublic,
      links: this.links(row.id),
    };
  }
}
