import { Body, Controller, Delete, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { pageOf } from '@clearframe/contracts/common';
import {
  CompleteUpload,
  type CompleteUploadType,
  CreateUpload,
  type CreateUploadType,
  IdempotencyKey,
  ListUploadsQuery,
  type ListUploadsQueryType,
  SignedUploadParts,
  SignUploadParts,
  type SignUploadPartsType,
  StoredUploadParts,
  Upload,
  UploadWithClip,
} from '@clearframe/contracts/supply';
import { CurrentOrg, CurrentPrincipal, OrgMember } from '../access/access.decorator.js';
import type { OrgContext, Principal } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { UploadsErrors } from './uploads.errors.js';
import { type UploadCaller, UploadsService } from './uploads.service.js';

/**
 * Multipart uploads into a creator organization: a member's session, or one of its API keys with
 * `uploads:write` (the CLI). The footage never passes through here; only signatures and checks.
 */
@Controller('v1/orgs/:orgId/uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'uploads:write' })
  @Endpoint({
    summary:
      'Start a multipart upload of a video file and the clip it becomes (Idempotency-Key makes retries safe)',
    body: CreateUpload,
    response: UploadWithClip,
    status: 201,
  })
  create(
    @CurrentOrg() ctx: OrgContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateUploadType,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    if (idempotencyKey !== undefined && !IdempotencyKey.safeParse(idempotencyKey).success) {
      throw UploadsErrors.invalidIdempotencyKey();
    }
    return this.uploads.create(ctx, callerOf(principal), body, idempotencyKey);
  }

  @Get()
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'uploads:write' })
  @Endpoint({
    summary: "List the organization's uploads, newest first (filter by state to resume)",
    query: ListUploadsQuery,
    response: pageOf(Upload),
  })
  list(@CurrentOrg() ctx: OrgContext, @Query() query: ListUploadsQueryType) {
    return this.uploads.list(ctx, query);
  }

  @Post(':uploadId/parts')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'uploads:write' })
  @Endpoint({
    summary: 'Presigned PUT URLs for parts of an open upload (at most 100 at a time)',
    body: SignUploadParts,
    response: SignedUploadParts,
  })
  signParts(
    @CurrentOrg() ctx: OrgContext,
    @Param('uploadId', UuidParam) uploadId: string,
    @Body() body: SignUploadPartsType,
  ) {
    return this.uploads.signParts(ctx, uploadId, body.partNumbers);
  }

  @Get(':uploadId/parts')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'uploads:write' })
  @Endpoint({
    summary: 'The parts storage already holds for an open upload (to resume it)',
    response: StoredUploadParts,
  })
  storedParts(@CurrentOrg() ctx: OrgContext, @Param('uploadId', UuidParam) uploadId: string) {
    return this.uploads.storedParts(ctx, uploadId);
  }

  @Post(':uploadId/complete')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'uploads:write' })
  @Endpoint({
    summary: 'Assemble the uploaded parts and queue the verification of the file',
    body: CompleteUpload,
    response: UploadWithClip,
  })
  complete(
    @CurrentOrg() ctx: OrgContext,
    @CurrentPrincipal() principal: Principal,
    @Param('uploadId', UuidParam) uploadId: string,
    @Body() body: CompleteUploadType,
  ) {
    return this.uploads.complete(ctx, callerOf(principal), uploadId, body);
  }

  @Delete(':uploadId')
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'uploads:write' })
  @Endpoint({ summary: 'Cancel an open upload (storage discards its parts)', status: 204 })
  async abort(
    @CurrentOrg() ctx: OrgContext,
    @CurrentPrincipal() principal: Principal,
    @Param('uploadId', UuidParam) uploadId: string,
  ) {
    await this.uploads.abort(ctx, callerOf(principal), uploadId);
  }
}

function callerOf(principal: Principal): UploadCaller {
  return principal.type === 'user'
    ? { userId: principal.user.id, apiKeyId: null }
    : { userId: null, apiKeyId: principal.apiKey.id };
}
