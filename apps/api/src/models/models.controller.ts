import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { listOf } from '@clearframe/contracts/common';
import {
  CitableGrant,
  Declaration,
  DeclareStage,
  Disclosure,
  Model,
  ModelDisclosureObligations,
  RegisterModel,
  UpdateModel,
  type DeclareStageType,
  type RegisterModelType,
  type UpdateModelType,
} from '@clearframe/contracts/transparency';
import { CurrentOrg, CurrentPrincipal, OrgMember } from '../access/access.decorator.js';
import type { OrgContext, Principal } from '../access/principal.js';
import { actorOf } from '../clips/audit-actor.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { DisclosuresService } from './disclosures.service.js';
import { ModelsService } from './models.service.js';
import { OverdueDisclosuresService } from './overdue-disclosures.service.js';

/**
 * A lab's model registry: its members, and its API keys holding `models:write`, register models,
 * declare the grants each training stage used, and publish disclosures. Another lab's model ids
 * are not found.
 */
@Controller('v1/orgs/:orgId')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly disclosures: DisclosuresService,
    private readonly overdue: OverdueDisclosuresService,
  ) {}

  @Post('models')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({ summary: 'Register a model', body: RegisterModel, response: Model, status: 201 })
  register(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: RegisterModelType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.models.register(ctx, body, actorOf(principal));
  }

  @Get('models')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({ summary: "The lab's models, newest first", response: listOf(Model) })
  async list(@CurrentOrg() ctx: OrgContext) {
    return { items: await this.models.list(ctx) };
  }

  @Get('grants')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({
    summary: "The lab's license grants a declaration may cite, with what their terms permit",
    response: listOf(CitableGrant),
  })
  async grants(@CurrentOrg() ctx: OrgContext) {
    return { items: await this.models.citableGrants(ctx) };
  }

  @Get('models/:modelId')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({ summary: 'A model', response: Model })
  get(@CurrentOrg() ctx: OrgContext, @Param('modelId', UuidParam) modelId: string) {
    return this.models.get(ctx, modelId);
  }

  @Get('models/:modelId/disclosure-obligations')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({
    summary: "The model's required disclosures: deadline and state of each (decision 022)",
    response: ModelDisclosureObligations,
  })
  disclosureObligations(
    @CurrentOrg() ctx: OrgContext,
    @Param('modelId', UuidParam) modelId: string,
  ) {
    return this.overdue.forLab(ctx, modelId);
  }

  @Patch('models/:modelId')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({
    summary: 'Make a model public or set its release date',
    body: UpdateModel,
    response: Model,
  })
  update(
    @CurrentOrg() ctx: OrgContext,
    @Param('modelId', UuidParam) modelId: string,
    @Body() body: UpdateModelType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.models.update(ctx, modelId, body, actorOf(principal));
  }

  @Post('models/:modelId/declarations')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({
    summary:
      'Declare the grants one training stage used (append-only: a correction is a new entry)',
    body: DeclareStage,
    response: Declaration,
    status: 201,
  })
  declare(
    @CurrentOrg() ctx: OrgContext,
    @Param('modelId', UuidParam) modelId: string,
    @Body() body: DeclareStageType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.models.declare(ctx, modelId, body, actorOf(principal));
  }

  @Get('models/:modelId/declarations')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({
    summary: "The model's declarations, newest first, corrections included",
    response: listOf(Declaration),
  })
  async declarations(@CurrentOrg() ctx: OrgContext, @Param('modelId', UuidParam) modelId: string) {
    return { items: await this.models.declarations(ctx, modelId) };
  }

  @Post('models/:modelId/disclosures')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({
    summary:
      "Publish a disclosure of the model's current declarations, signed with the certificate key (public while the model is public)",
    response: Disclosure,
    status: 201,
  })
  publish(
    @CurrentOrg() ctx: OrgContext,
    @Param('modelId', UuidParam) modelId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.disclosures.publish(ctx, modelId, actorOf(principal));
  }

  @Get('models/:modelId/disclosures')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({ summary: "The model's disclosures, newest first", response: listOf(Disclosure) })
  async listDisclosures(
    @CurrentOrg() ctx: OrgContext,
    @Param('modelId', UuidParam) modelId: string,
  ) {
    return { items: await this.disclosures.listForLab(ctx, modelId) };
  }

  @Get('models/:modelId/disclosures/:disclosureId')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'models:write' })
  @Endpoint({
    summary: 'A disclosure of the model, public or not yet',
    response: Disclosure,
  })
  disclosure(
    @CurrentOrg() ctx: OrgContext,
    @Param('modelId', UuidParam) modelId: string,
    @Param('disclosureId', UuidParam) disclosureId: string,
  ) {
    return this.disclosures.getForLab(ctx, modelId, disclosureId);
  }
}
