import { Injectable } from '@nestjs/common';
import type { FieldErrorType } from '@clearframe/contracts/problem';
import { MODALITY_LABELS, USE_LABELS } from '@clearframe/contracts/license';
import {
  STAGE_LABELS,
  STAGE_USES,
  type CitableGrantType,
  type DeclarationType,
  type DeclareStageType,
  type ModelType,
  type RegisterModelType,
  type UpdateModelType,
} from '@clearframe/contracts/transparency';
import type { OrgContext } from '../access/principal.js';
import { AuditLog, type AuditActor } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ModelsErrors } from './models.errors.js';
import { OverdueDisclosuresService } from './overdue-disclosures.service.js';
import {
  ModelsRepository,
  type DeclarationRow,
  type HeldGrantRow,
  type ModelRow,
} from './models.repository.js';

const UNIQUE_VIOLATION = '23505';
const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/**
 * A lab's model registry and its append-only declarations of which grants each training stage
 * used. A declaration is checked grant by grant — the lab's own, valid when the stage ran, its
 * terms permitting the stage's use and the model's output modalities — and refused whole,
 * naming every grant at fault, when any fails.
 */
@Injectable()
export class ModelsService {
  constructor(
    private readonly models: ModelsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly overdue: OverdueDisclosuresService,
  ) {}

  async register(ctx: OrgContext, input: RegisterModelType, actor: AuditActor): Promise<ModelType> {
    try {
      return await this.uow.run(async () => {
        const model = await this.models.insert({
          orgId: ctx.org.id,
          name: input.name,
          version: input.version,
          releaseDate: input.releaseDate,
          outputModalities: input.outputModalities,
          visibility: input.visibility,
          createdBy: actor.userId ?? null,
          createdByApiKey: actor.apiKeyId ?? null,
          createdAt: this.clock.now(),
        });
        await this.audit.record({
          actor,
          action: 'model.registered',
          orgId: ctx.org.id,
          target: { type: 'model', id: model.id },
          data: { name: model.name, version: model.version, visibility: model.visibility },
        });
        return toModelDto(model);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw ModelsErrors.versionTaken();
      throw error;
    }
  }

  async list(ctx: OrgContext): Promise<ModelType[]> {
    return (await this.models.listInOrg(ctx.org.id)).map(toModelDto);
  }

  async get(ctx: OrgContext, modelId: string): Promise<ModelType> {
    return toModelDto(await this.model(ctx.org.id, modelId));
  }

  async update(
    ctx: OrgContext,
    modelId: string,
    patch: UpdateModelType,
    actor: AuditActor,
  ): Promise<ModelType> {
    const model = await this.uow.run(async () => {
      const updated = await this.models.update(ctx.org.id, modelId, patch, this.clock.now());
      if (!updated) throw ModelsErrors.notFound();
      await this.audit.record({
        actor,
        action: 'model.updated',
        orgId: ctx.org.id,
        target: { type: 'model', id: modelId },
        data: { ...patch },
      });
      return toModelDto(updated);
    });
    // Marking a model released can make a required disclosure overdue at once (decision 022).
    // Detection runs once the change has committed and never fails it; the job retries anyway.
    await this.overdue.detectAfterUpdate(ctx.org.id, modelId);
    return model;
  }

  /** The grants the lab may choose from, with what their terms permit. */
  async citableGrants(ctx: OrgContext): Promise<CitableGrantType[]> {
    return (await this.models.allHeldGrants(ctx.org.id)).map((grant) => ({
      certificateId: grant.id,
      orderId: grant.orderId,
      orderName: grant.orderName,
      termsHash: grant.termsHash,
      permittedUses: grant.terms.permittedUses,
      outputModalities: grant.terms.outputModalities,
      clipCount: grant.clipCount,
      totalSeconds: grant.totalSeconds,
      validFrom: iso(grant.validFrom)!,
      validUntil: iso(grant.validUntil),
      status: grant.status,
    }));
  }

  async declare(
    ctx: OrgContext,
    modelId: string,
    input: DeclareStageType,
    actor: AuditActor,
  ): Promise<DeclarationType> {
    return this.uow.run(async () => {
      const model = await this.model(ctx.org.id, modelId);
      const now = this.clock.now();
      const usedAt = new Date(input.usedAt);
      const held = await this.models.heldGrants(ctx.org.id, input.grantIds);
      const errors = citationErrors(model, input, usedAt, now, held);
      if (errors.length > 0) throw ModelsErrors.declarationRefused(errors);
      const id = await this.models.insertDeclaration({
        orgId: ctx.org.id,
        modelId,
        stage: input.stage,
        usedAt,
        note: input.note ?? null,
        declaredAt: now,
        grantIds: input.grantIds,
      });
      await this.audit.record({
        actor,
        action: 'model.declared',
        orgId: ctx.org.id,
        target: { type: 'model', id: modelId },
        data: { declarationId: id, stage: input.stage, grantIds: input.grantIds },
      });
      const entries = await this.models.declarations(ctx.org.id, modelId);
      return toDeclarationDto(entries.find((entry) => entry.id === id)!);
    });
  }

  async declarations(ctx: OrgContext, modelId: string): Promise<DeclarationType[]> {
    await this.model(ctx.org.id, modelId);
    return (await this.models.declarations(ctx.org.id, modelId)).map(toDeclarationDto);
  }

  private async model(orgId: string, modelId: string): Promise<ModelRow> {
    const model = await this.models.findInOrg(orgId, modelId);
    if (!model) throw ModelsErrors.notFound();
    return model;
  }
}

/**
 * Why each cited grant cannot back this stage, in the order cited; empty when all can. Exported
 * for the disclosure, which re-checks revocation when it is published.
 */
export function citationErrors(
  model: Pick<ModelRow, 'outputModalities'>,
  input: Pick<DeclareStageType, 'stage' | 'grantIds'>,
  usedAt: Date,
  now: Date,
  held: readonly HeldGrantRow[],
): FieldErrorType[] {
  const errors: FieldErrorType[] = [];
  if (usedAt > now) {
    errors.push({
      path: 'usedAt',
      code: 'used_at_in_future',
      message: `The stage cannot have run on ${usedAt.toISOString()}, which is in the future.`,
    });
  }
  const use = STAGE_USES[input.stage];
  const byId = new Map(held.map((grant) => [grant.id, grant]));
  input.grantIds.forEach((grantId, index) => {
    const path = `grantIds.${index}`;
    const fail = (code: string, message: string) => errors.push({ path, code, message });
    const grant = byId.get(grantId);
    if (!grant) {
      return fail('grant_not_held', `Certificate ${grantId} is not one of this lab’s grants.`);
    }
    if (grant.status === 'revoked') {
      return fail(
        'grant_revoked',
        `Certificate ${grantId} was revoked on ${iso(grant.revokedAt)}${grant.revocationReason ? ` (${grant.revocationReason})` : ''}.`,
      );
    }
    if (usedAt < new Date(grant.validFrom)) {
      return fail(
        'grant_not_yet_valid',
        `Certificate ${grantId} is valid from ${iso(grant.validFrom)}; the stage ran on ${usedAt.toISOString()}.`,
      );
    }
    if (grant.validUntil && usedAt >= new Date(grant.validUntil)) {
      return fail(
        'grant_expired',
        `Certificate ${grantId} expired on ${iso(grant.validUntil)}; the stage ran on ${usedAt.toISOString()}.`,
      );
    }
    if (!grant.terms.permittedUses.includes(use)) {
      return fail(
        'use_not_permitted',
        `The terms of certificate ${grantId} permit ${grant.terms.permittedUses.map((u) => USE_LABELS[u]).join(', ')}, not ${USE_LABELS[use]} (${STAGE_LABELS[input.stage].toLowerCase()}).`,
      );
    }
    const outside = model.outputModalities.filter(
      (modality) => !grant.terms.outputModalities.includes(modality),
    );
    if (outside.length > 0) {
      return fail(
        'modality_not_permitted',
        `The terms of certificate ${grantId} do not cover models that output ${outside.map((m) => MODALITY_LABELS[m]).join(', ')}.`,
      );
    }
  });
  return errors;
}

export function toModelDto(model: ModelRow): ModelType {
  return {
    id: model.id,
    orgId: model.orgId,
    name: model.name,
    version: model.version,
    releaseDate: model.releaseDate,
    outputModalities: model.outputModalities,
    visibility: model.visibility,
    createdAt: iso(model.createdAt)!,
    updatedAt: iso(model.updatedAt)!,
  };
}

function toDeclarationDto(entry: DeclarationRow): DeclarationType {
  return {
    id: entry.id,
    modelId: entry.modelId,
    stage: entry.stage,
    use: STAGE_USES[entry.stage],
    grantIds: entry.grantIds,
    usedAt: iso(entry.usedAt)!,
    note: entry.note,
    declaredAt: iso(entry.declaredAt)!,
    current: entry.current,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } }).driverError;
  return (
    (error as { code?: string }).code === UNIQUE_VIOLATION || driverError?.code === UNIQUE_VIOLATION
  );
}
