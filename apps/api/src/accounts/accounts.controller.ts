import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import {
  AuthResult,
  RequestPasswordReset,
  type RequestPasswordResetType,
  ResetPassword,
  type ResetPasswordType,
  SessionToken,
  type SessionTokenType,
  SignIn,
  type SignInType,
  SignUp,
  SignUpAccepted,
  type SignUpAcceptedType,
  type SignUpType,
  VerifyEmail,
  type VerifyEmailType,
  type AuthResultType,
} from '@clearframe/contracts/accounts';
import type { Response } from 'express';
import { CurrentUser, Public, SignedIn } from '../access/access.decorator.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import type { UserPrincipal } from '../access/principal.js';
import type { AppRequest } from '../common/http/request.js';
import { AppConfig } from '../config/app-config.js';
import { toSessionTokenDto } from './accounts.mapper.js';
import { AccountsService } from './accounts.service.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';
import { SessionsService, type SessionMeta } from './sessions.service.js';

@Controller('v1/auth')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  @Post('sign-up')
  @Public()
  @Endpoint({
    summary: 'Create an account; the mailed link confirms it and signs in (same answer if taken)',
    body: SignUp,
    response: SignUpAccepted,
    status: 202,
  })
  async signUp(@Body() body: SignUpType, @Req() req: AppRequest): Promise<SignUpAcceptedType> {
    await this.accounts.signUp(body, meta(req));
    return { status: 'verification_sent' };
  }

  @Post('sign-in')
  @Public()
  @Endpoint({ summary: 'Sign in with email and password', body: SignIn, response: AuthResult })
  async signIn(
    @Body() body: SignInType,
    @Req() req: AppRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.withCookie(res, await this.accounts.signIn(body, meta(req)));
  }

  @Post('sign-out')
  @SignedIn()
  @Endpoint({ summary: 'End this session', status: 204 })
  async signOut(
    @CurrentUser() principal: UserPrincipal,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.sessions.revoke(principal.session.id, 'sign_out');
    clearSessionCookie(res, this.config.isProduction);
  }

  @Post('sign-out-everywhere')
  @SignedIn()
  @Endpoint({ summary: 'End every session of this account', status: 204 })
  async signOutEverywhere(
    @CurrentUser() principal: UserPrincipal,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.sessions.revokeAllForUser(principal.user.id, 'sign_out_everywhere');
    clearSessionCookie(res, this.config.isProduction);
  }

  @Post('session/refresh')
  @SignedIn()
  @Endpoint({
    summary: 'Rotate the session token (the old token stops working)',
    response: SessionToken,
  })
  async refresh(
    @CurrentUser() principal: UserPrincipal,
    @Req() req: AppRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionTokenType> {
    const issued = await this.sessions.rotate(principal.session, meta(req));
    setSessionCookie(res, issued.token, issued.session.expiresAt, this.config.isProduction);
    return toSessionTokenDto(issued);
  }

  @Post('verify-email')
  @Public()
  @Endpoint({
    summary: 'Confirm an email address with the mailed token, and sign in',
    body: VerifyEmail,
    response: AuthResult,
  })
  async verifyEmail(
    @Body() body: VerifyEmailType,
    @Req() req: AppRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.withCookie(res, await this.accounts.verifyEmail(body.token, meta(req)));
  }

  @Post('verify-email/resend')
  @SignedIn()
  @Endpoint({ summary: 'Send the email confirmation link again', status: 202 })
  async resendVerification(@CurrentUser() principal: UserPrincipal) {
    await this.accounts.resendVerification(principal.user);
  }

  @Post('password-reset')
  @Public()
  @Endpoint({
    summary: 'Mail a password reset link (same answer for unknown emails)',
    body: RequestPasswordReset,
    status: 202,
  })
  async requestPasswordReset(@Body() body: RequestPasswordResetType, @Req() req: AppRequest) {
    await this.accounts.requestPasswordReset(body.email, meta(req));
  }

  @Post('password-reset/confirm')
  @Public()
  @Endpoint({
    summary: 'Set a new password with the mailed token; ends all sessions',
    body: ResetPassword,
    status: 204,
  })
  async resetPassword(@Body() body: ResetPasswordType) {
    await this.accounts.resetPassword(body);
  }

  private withCookie(res: Response, result: AuthResultType): AuthResultType {
    setSessionCookie(
      res,
      result.session.token,
      new Date(result.session.expiresAt),
      this.config.isProduction,
    );
    return result;
  }
}

function meta(req: AppRequest): SessionMeta {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}
