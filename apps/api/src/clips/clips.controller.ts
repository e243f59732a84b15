import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { pageOf } from '@clearframe/contracts/common';
import {
  AddClipPerson,
  type AddClipPersonType,
  AttestOwnership,
  BulkUpdateClips,
  type BulkUpdateClipsType,
  BulkUpdatedClips,
  ClipDetail,
  ClipPeople,
  ClipPolicyVersion,
  ListClipsQuery,
  type ListClipsQueryType,
  SetClipPeople,
  type SetClipPeopleType,
  SetClipPolicy,
  type SetClipPolicyType,
  StudioClip,
  UpdateClip,
  type UpdateClipType,
} from '@clearframe/contracts/supply';
import {
  CurrentOrg,
  CurrentPrincipal,
  CurrentUser,
  OrgMember,
} from '../access/access.decorator.js';
import type { OrgContext, Principal, UserPrincipal } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { actorOf } from './audit-actor.js';
import { ClipCurationService } from './clip-curation.service.js';
import { ReleasesService } from './releases.service.js';

/**
 * The studio's clip routes: a creator organization's members describe, declare people, set the
 * policy, attest, submit and delist their clips. Another organization's clip ids are not found.
 */
@Controller('v1/orgs/:orgId/clips')
export class ClipsController {
  constructor(
    private readonly clips: ClipCurationService,
    private readonly releases: ReleasesService,
  ) {}

  @Get()
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:read' })
  @Endpoint({
    summary: "List the studio's clips, newest first (optionally in one state)",
    query: ListClipsQuery,
    response: pageOf(StudioClip),
  })
  list(@CurrentOrg() ctx: OrgContext, @Query() query: ListClipsQueryType) {
    return this.clips.list(ctx, query);
  }

  @Post('bulk')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({
    summary: 'Apply a policy, tags or a category to many clips at once (all or none)',
    body: BulkUpdateClips,
    response: BulkUpdatedClips,
  })
  async bulk(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: BulkUpdateClipsType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return { items: await this.clips.bulkUpdate(ctx, body, actorOf(principal)) };
  }

  @Get(':clipId')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:read' })
  @Endpoint({ summary: 'Read a clip in full', response: ClipDetail })
  get(@CurrentOrg() ctx: OrgContext, @Param('clipId', UuidParam) clipId: string) {
    return this.clips.detail(ctx, clipId);
  }

  @Patch(':clipId')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({
    summary: "Change a clip's description (title, tags, category, captions, shot, country)",
    body: UpdateClip,
    response: ClipDetail,
  })
  describe(
    @CurrentOrg() ctx: OrgContext,
    @Param('clipId', UuidParam) clipId: string,
    @Body() body: UpdateClipType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.clips.describe(ctx, clipId, body, actorOf(principal));
  }

  @Get(':clipId/people')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:read' })
  @Endpoint({ summary: 'The people declared in a clip, with their releases', response: ClipPeople })
  people(@CurrentOrg() ctx: OrgContext, @Param('clipId', UuidParam) clipId: string) {
    return this.releases.people(ctx, clipId);
  }

  @Put(':clipId/people')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({
    summary: 'Declare who appears in a clip: nobody identifiable, or these people',
    body: SetClipPeople,
    response: ClipPeople,
  })
  setPeople(
    @CurrentOrg() ctx: OrgContext,
    @Param('clipId', UuidParam) clipId: string,
    @Body() body: SetClipPeopleType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.releases.setPeople(ctx, clipId, body, actorOf(principal));
  }

  @Post(':clipId/people')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({
    summary: 'Add an identifiable person to a clip (by release, person or name)',
    body: AddClipPerson,
    response: ClipPeople,
  })
  addPerson(
    @CurrentOrg() ctx: OrgContext,
    @Param('clipId', UuidParam) clipId: string,
    @Body() body: AddClipPersonType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.releases.addPerson(ctx, clipId, body, actorOf(principal));
  }

  @Delete(':clipId/people/:personId')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({ summary: 'Take a person off a clip', response: ClipPeople })
  removePerson(
    @CurrentOrg() ctx: OrgContext,
    @Param('clipId', UuidParam) clipId: string,
    @Param('personId', UuidParam) personId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.releases.removePerson(ctx, clipId, personId, actorOf(principal));
  }

  @Put(':clipId/policy')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({
    summary: "Set a clip's policy (a template and a rate, or a whole policy): a new version",
    body: SetClipPolicy,
    response: ClipPolicyVersion,
  })
  setPolicy(
    @CurrentOrg() ctx: OrgContext,
    @Param('clipId', UuidParam) clipId: string,
    @Body() body: SetClipPolicyType,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.clips.setPolicy(ctx, clipId, body, actorOf(principal));
  }

  @Post(':clipId/attest')
  @OrgMember({ kinds: ['creator'] })
  @Endpoint({
    summary: 'Attest that the organization owns the footage (a signed-in person only)',
    body: AttestOwnership,
    response: ClipDetail,
  })
  attest(
    @CurrentOrg() ctx: OrgContext,
    @Param('clipId', UuidParam) clipId: string,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.clips.attestOwnership(ctx, clipId, principal.user.id);
  }

  @Post(':clipId/submit')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({ summary: 'Submit a clip for review', response: ClipDetail })
  submit(
    @CurrentOrg() ctx: OrgContext,
    @Param('clipId', UuidParam) clipId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.clips.submit(ctx, clipId, actorOf(principal));
  }

  @Post(':clipId/delist')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:write' })
  @Endpoint({ summary: 'Take a listed clip out of the catalog', response: ClipDetail })
  delist(
    @CurrentOrg() ctx: OrgContext,
    @Param('clipId', UuidParam) clipId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.clips.delist(ctx, clipId, actorOf(principal));
  }
}
