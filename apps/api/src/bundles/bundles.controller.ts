import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { listOf } from '@clearframe/contracts/common';
import {
  AddBundleClips,
  type AddBundleClipsType,
  AddSearchResults,
  type AddSearchResultsType,
  Bundle,
  BundleClipsAdded,
  BundleDetail,
  BundleQuote,
  BundleSearchResultsAdded,
  CreateBundle,
  type CreateBundleType,
  UpdateBundle,
  type UpdateBundleType,
} from '@clearframe/contracts/demand';
import { CurrentOrg, CurrentPrincipal, OrgMember } from '../access/access.decorator.js';
import type { OrgContext, Principal } from '../access/principal.js';
import { actorOf } from '../clips/audit-actor.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { BundlesService } from './bundles.service.js';

/**
 * A lab's bundles: its members, and its API keys holding `bundles:write`, build them and read
 * their live quotes. Another organization's bundle ids are not found.
 */
@Controller('v1/orgs/:orgId/bundles')
export class BundlesController {
  constructor(private readonly bundles: BundlesService) {}

  @Get()
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'bundles:write' })
  @Endpoint({ summary: "List the lab's bundles, newest first", response: listOf(Bundle) })
  async list(@CurrentOrg() ctx: OrgContext) {
    return { items: await this.bundles.list(ctx) };
  }

  @Post()
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'bundles:write' })
  @Endpoint({
    summary: 'Create a bundle (the intended use defaults to commercial training, 24 months)',
    body: CreateBundle,
    response: Bundle,
    status: 201,
  })
  create(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: CreateBundleType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.bundles.create(ctx, body, actorOf(principal));
  }

  @Get(':bundleId')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'bundles:write' })
  @Endpoint({ summary: 'A bundle with its clips', response: BundleDetail })
  get(@CurrentOrg() ctx: OrgContext, @Param('bundleId', UuidParam) bundleId: string) {
    return this.bundles.detail(ctx, bundleId);
  }

  @Patch(':bundleId')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'bundles:write' })
  @Endpoint({
    summary: 'Rename a bundle or state its intended use',
    body: UpdateBundle,
    response: BundleDetail,
  })
  update(
    @CurrentOrg() ctx: OrgContext,
    @Param('bundleId', UuidParam) bundleId: string,
    @Body() body: UpdateBundleType,
  ) {
    return this.bundles.update(ctx, bundleId, body);
  }

  @Delete(':bundleId')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'bundles:write' })
  @Endpoint({ summary: 'Delete a bundle', status: 204 })
  async delete(@CurrentOrg() ctx: OrgContext, @Param('bundleId', UuidParam) bundleId: string) {
    await this.bundles.delete(ctx, bundleId);
  }

  @Post(':bundleId/clips')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'bundles:write' })
  @Endpoint({
    summary:
      'Add listed clips by id (at most 500 per add); says how many were added, already there or not listed',
    body: AddBundleClips,
    response: BundleClipsAdded,
  })
  addClips(
    @CurrentOrg() ctx: OrgContext,
    @Param('bundleId', UuidParam) bundleId: string,
    @Body() body: AddBundleClipsType,
  ) {
    return this.bundles.addClips(ctx, bundleId, body.clipIds);
  }

  @Post(':bundleId/clips/from-search')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'bundles:write' })
  @Endpoint({
    summary:
      "Add a catalog search's results (its first 500 matches, in its order); says how many matched and whether the cap left some out",
    body: AddSearchResults,
    response: BundleSearchResultsAdded,
  })
  addSearchResults(
    @CurrentOrg() ctx: OrgContext,
    @Param('bundleId', UuidParam) bundleId: string,
    @Body() body: AddSearchResultsType,
  ) {
    return this.bundles.addSearchResults(ctx, bundleId, body);
  }

  @Delete(':bundleId/clips/:clipId')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'bundles:write' })
  @Endpoint({ summary: 'Remove a clip from a bundle', status: 204 })
  async removeClip(
    @CurrentOrg() ctx: OrgContext,
    @Param('bundleId', UuidParam) bundleId: string,
    @Param('clipId', UuidParam) clipId: string,
  ) {
    await this.bundles.removeClip(ctx, bundleId, clipId);
  }

  @Get(':bundleId/quote')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'bundles:write' })
  @Endpoint({
    summary:
      "The bundle's live quote under its intended use and the current rate card, with every excluded clip and why",
    response: BundleQuote,
  })
  quote(@CurrentOrg() ctx: OrgContext, @Param('bundleId', UuidParam) bundleId: string) {
    return this.bundles.quote(ctx, bundleId);
  }
}
