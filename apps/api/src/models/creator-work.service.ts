import { Injectable } from '@nestjs/common';
import {
  STAGE_USES,
  TRAINING_STAGES,
  type CreatorLicensedWorkType,
  type CreatorWorkModelType,
  type PublicWorkSettingsType,
  type SetPublicWorkType,
  type TrainingStageType,
} from '@clearframe/contracts/transparency';
import type { AuditActor } from '../audit/audit.service.js';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { CreatorWorkRepository, type PublicWorkRow } from './creator-work.repository.js';
import { DisclosuresService } from './disclosures.service.js';
import { ModelsErrors } from './models.errors.js';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/**
 * A creator studio's public page of its licensed work, by model (ADR 021). Off until the studio
 * turns it on. It shows only what public disclosures already say (a public model, its lab, the
 * stages, the certificates' clips, here named by the studio's own titles); licensing no public
 * disclosure shows is counted, never named — no lab, no price, no private model.
 */
@Injectable()
export class CreatorWorkService {
  constructor(
    private readonly repository: CreatorWorkRepository,
    private readonly disclosures: DisclosuresService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async settings(orgId: string): Promise<PublicWorkSettingsType> {
    const org = await this.repository.find(orgId);
    if (!org) throw ModelsErrors.creatorWorkNotFound();
    return this.toSettings(org);
  }

  /** Turning it to what it already is changes nothing and records nothing. */
  async set(orgId: string, input: SetPublicWorkType, actor: AuditActor) {
    return this.uow.run(async () => {
      const org = await this.repository.find(orgId, true);
      if (!org) throw ModelsErrors.creatorWorkNotFound();
      if (org.kind !== 'creator') throw ModelsErrors.publicWorkNotForKind(org.kind);
      if (org.enabled === input.enabled) return this.toSettings(org);
      const now = this.clock.now();
      await this.repository.set(org.id, input.enabled, now);
      await this.audit.record({
        actor,
        action: input.enabled ? 'org.public_work_enabled' : 'org.public_work_disabled',
        orgId: org.id,
        target: { type: 'organization', id: org.id },
        data: { from: org.enabled, to: input.enabled },
      });
      return this.toSettings({ ...org, enabled: input.enabled, changedAt: now });
    });
  }

  /** Public: the same 404 for an unknown id, a lab, and a studio that did not opt in. */
  async page(orgId: string): Promise<CreatorLicensedWorkType> {
    const org = await this.repository.find(orgId);
    if (!org || org.kind !== 'creator' || !org.enabled) throw ModelsErrors.creatorWorkNotFound();
    const rows = await this.repository.disclosures(org.id);
    const clips = await this.repository.clips(org.id, [
      ...new Set(rows.flatMap((row) => row.grantIds)),
    ]);
    const byModel = new Map<string, typeof rows>();
    for (const row of rows) byModel.set(row.modelId, [...(byModel.get(row.modelId) ?? []), row]);
    const models: CreatorWorkModelType[] = [...byModel.values()].map((own) => {
      const first = own[0]!;
      const grants = new Set(own.flatMap((row) => row.grantIds));
      const stages = new Set<TrainingStageType>();
      for (const row of own) {
        for (const entry of row.content.stages) {
          if (entry.certificateIds.some((id) => row.grantIds.includes(id))) stages.add(entry.stage);
        }
      }
      const seen = new Map<string, { id: string; title: string; seconds: number }>();
      for (const clip of clips) {
        if (grants.has(clip.grantId) && !seen.has(clip.clipId)) {
          seen.set(clip.clipId, {
            id: clip.clipId,
            title: clip.title,
            seconds: clip.durationMs / 1000,
          });
        }
      }
      return {
        lab: { orgId: first.labOrgId, name: first.labName },
        model: {
          id: first.modelId,
          name: first.modelName,
          version: first.modelVersion,
          releaseDate: first.releaseDate,
          outputModalities: first.outputModalities,
        },
        stages: TRAINING_STAGES.filter((stage) => stages.has(stage)).map((stage) => ({
          stage,
          use: STAGE_USES[stage],
        })),
        disclosures: own.map((row) => ({
          id: row.disclosureId,
          publishedAt: iso(row.publishedAt)!,
          links: this.disclosures.links(row.disclosureId),
        })),
        clips: [...seen.values()],
      };
    });
    return {
      creator: { orgId: org.id, name: org.name },
      // Newest disclosure first, as the rows came.
      models,
      licensing: await this.repository.licensing(org.id),
    };
  }

  private toSettings(org: PublicWorkRow): PublicWorkSettingsType {
    return {
      orgId: org.id,
      enabled: org.enabled,
      changedAt: iso(org.changedAt),
      pageUrl: `${this.config.server.webOrigin}/creators/${org.id}`,
      apiUrl: `${this.config.server.publicApiUrl}/v1/creators/${org.id}/licensed-work`,
    };
  }
}
