import { Controller, Get } from '@nestjs/common';
import { Me, type MeType, WhoAmI, type WhoAmIType } from '@clearframe/contracts/accounts';
import { toUserDto } from '../accounts/accounts.mapper.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { toOrganizationDto } from '../organizations/organizations.mapper.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { CurrentPrincipal, CurrentUser, SignedIn, SignedInOrApiKey } from './access.decorator.js';
import type { Principal, UserPrincipal } from './principal.js';

/**
 * Who the caller is, as the access guard resolved it: the signed-in person with their
 * organizations, or the calling API key.
 */
@Controller('v1/auth')
export class CallerController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get('me')
  @SignedIn()
  @Endpoint({ summary: 'The signed-in user, their organizations and session expiry', response: Me })
  async me(@CurrentUser() principal: UserPrincipal): Promise<MeType> {
    const organizations = await this.organizations.listMine(principal.user.id);
    return {
      user: toUserDto(
        principal.user,
        organizations.some((org) => org.kind === 'operator'),
      ),
      organizations,
      session: {
        expiresAt: principal.session.expiresAt.toISOString(),
        rotateAfter: principal.session.rotateAfter.toISOString(),
      },
    };
  }

  @Get('whoami')
  @SignedInOrApiKey()
  @Endpoint({
    summary: 'Identify the caller (session, or an API key with its scopes)',
    response: WhoAmI,
  })
  whoami(@CurrentPrincipal() principal: Principal): WhoAmIType {
    if (principal.type === 'api_key') {
      return {
        type: 'api_key',
        keyId: principal.apiKey.id,
        keyName: principal.apiKey.name,
        scopes: principal.apiKey.scopes,
        org: toOrganizationDto(principal.org),
      };
    }
    return { type: 'user', userId: principal.user.id, email: principal.user.email };
  }
}
