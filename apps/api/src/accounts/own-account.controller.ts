import { Body, Controller, Delete, Get, Param, Patch, Post, Req, Res } from '@nestjs/common';
import {
  AccountDeletionPlan,
  type AccountDeletionPlanType,
  AccountSessionList,
  type AccountSessionListType,
  ChangePassword,
  type ChangePasswordType,
  DeleteAccount,
  type DeleteAccountType,
  UpdateProfile,
  type UpdateProfileType,
  User,
  type UserType,
} from '@clearframe/contracts/accounts';
import type { Response } from 'express';
import { CurrentUser, SignedIn } from '../access/access.decorator.js';
import type { UserPrincipal } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import type { AppRequest } from '../common/http/request.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { AppConfig } from '../config/app-config.js';
import { OwnAccountService } from './own-account.service.js';
import { clearSessionCookie } from './session-cookie.js';

/** The signed-in person's own account: their devices, password, name, and deleting it. */
@Controller('v1/auth')
export class OwnAccountController {
  constructor(
    private readonly account: OwnAccountService,
    private readonly config: AppConfig,
  ) {}

  @Get('sessions')
  @SignedIn()
  @Endpoint({
    summary: 'The devices signed in to this account, most recently active first',
    response: AccountSessionList,
  })
  async listSessions(@CurrentUser() caller: UserPrincipal): Promise<AccountSessionListType> {
    return { items: await this.account.listSessions(caller) };
  }

  @Delete('sessions/:sessionId')
  @SignedIn()
  @Endpoint({ summary: 'Sign out one device of this account', status: 204 })
  async endSession(
    @CurrentUser() caller: UserPrincipal,
    @Param('sessionId', UuidParam) sessionId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.account.endSession(caller, sessionId);
    if (sessionId === caller.session.id) clearSessionCookie(res, this.config.isProduction);
  }

  @Post('password')
  @SignedIn()
  @Endpoint({
    summary: 'Change the password (needs the current one); signs out every other device',
    body: ChangePassword,
    status: 204,
  })
  async changePassword(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: ChangePasswordType,
    @Req() req: AppRequest,
  ): Promise<void> {
    await this.account.changePassword(caller, body, { ip: req.ip });
  }

  @Patch('me')
  @SignedIn()
  @Endpoint({ summary: 'Change your name', body: UpdateProfile, response: User })
  rename(@CurrentUser() caller: UserPrincipal, @Body() body: UpdateProfileType): Promise<UserType> {
    return this.account.rename(caller, body.name);
  }

  @Get('me/deletion')
  @SignedIn()
  @Endpoint({
    summary: 'What deleting this account would do to its organizations',
    response: AccountDeletionPlan,
  })
  deletionPlan(@CurrentUser() caller: UserPrincipal): Promise<AccountDeletionPlanType> {
    return this.account.deletionPlan(caller);
  }

  @Delete('me')
  @SignedIn()
  @Endpoint({
    summary:
      'Delete this account (needs the password); refused while it is the only owner of organizations with other members',
    body: DeleteAccount,
    status: 204,
  })
  async deleteAccount(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: DeleteAccountType,
    @Req() req: AppRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.account.deleteAccount(caller, body, { ip: req.ip });
    clearSessionCookie(res, this.config.isProduction);
  }
}
