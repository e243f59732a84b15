import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiKey,
  CreateApiKey,
  type CreateApiKeyType,
  CreatedApiKey,
  OrgKind,
  type OrgKindType,
  orgKindHasApiKeys,
} from '@clearframe/contracts/accounts';
import { listOf } from '@clearframe/contracts/common';
import { CurrentOrg, CurrentUser, OrgMember, OrgOwner } from '../access/access.decorator.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import type { OrgContext, UserPrincipal } from '../access/principal.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { ApiKeysService } from './api-keys.service.js';

/** Organization kinds that have API keys: those whose keys may hold a scope (creators and labs). */
const API_KEY_KINDS: OrgKindType[] = OrgKind.options.filter(orgKindHasApiKeys);

@Controller('v1/orgs/:orgId/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @OrgMember({ kinds: API_KEY_KINDS })
  @Endpoint({
    summary: "List the organization's API keys with their scopes (never their secrets)",
    response: listOf(ApiKey),
  })
  async list(@CurrentOrg() ctx: OrgContext) {
    return { items: await this.apiKeys.list(ctx) };
  }

  @Post()
  @OrgOwner({ kinds: API_KEY_KINDS, verifiedEmail: true })
  @Endpoint({
    summary:
      "Create an API key with scopes its organization's kind may hold; the secret is in this response only",
    body: CreateApiKey,
    response: CreatedApiKey,
    status: 201,
  })
  create(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: CreateApiKeyType,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.apiKeys.create(ctx, body, principal.user);
  }

  @Delete(':keyId')
  @OrgOwner({ kinds: API_KEY_KINDS })
  @Endpoint({ summary: 'Revoke an API key (immediately)', status: 204 })
  async revoke(
    @CurrentOrg() ctx: OrgContext,
    @Param('keyId', UuidParam) keyId: string,
    @CurrentUser() principal: UserPrincipal,
  ) {
    await this.apiKeys.revoke(ctx, keyId, principal.user.id);
  }
}
