import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { pageOf } from '@clearframe/contracts/common';
import {
  CreatedRelease,
  CreateRelease,
  type CreateReleaseType,
  ListReleasesQuery,
  type ListReleasesQueryType,
  Release,
  ReleaseWithDocument,
} from '@clearframe/contracts/supply';
import { CurrentOrg, CurrentPrincipal, OrgMember } from '../access/access.decorator.js';
import type { OrgContext, Principal } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { actorOf } from './audit-actor.js';
import { ReleasesService } from './releases.service.js';

/** A creator organization's signed releases: create (then PUT the document), confirm, read. */
@Controller('v1/orgs/:orgId/releases')
export class ReleasesController {
  constructor(private readonly releases: ReleasesService) {}

  @Post()
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({
    summary: 'Record a release; PUT its document to the returned URL, then confirm it',
    body: CreateRelease,
    response: CreatedRelease,
    status: 201,
  })
  create(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: CreateReleaseType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.releases.create(ctx, body, actorOf(principal));
  }

  @Get()
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:read' })
  @Endpoint({
    summary: "List the organization's releases, newest first",
    query: ListReleasesQuery,
    response: pageOf(Release),
  })
  list(@CurrentOrg() ctx: OrgContext, @Query() query: ListReleasesQueryType) {
    return this.releases.list(ctx, query);
  }

  @Get(':releaseId')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:read' })
  @Endpoint({
    summary: 'Read a release, with a short-lived link to its document',
    response: ReleaseWithDocument,
  })
  get(@CurrentOrg() ctx: OrgContext, @Param('releaseId', UuidParam) releaseId: string) {
    return this.releases.get(ctx, releaseId);
  }

  @Post(':releaseId/confirm')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({
    summary: 'Check the uploaded document by its bytes (PDF, PNG, JPEG, WebP) and confirm',
    response: Release,
  })
  confirm(
    @CurrentOrg() ctx: OrgContext,
    @Param('releaseId', UuidParam) releaseId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.releases.confirm(ctx, releaseId, actorOf(principal));
  }
}
