import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { OneTimeTokensRepository } from './one-time-tokens.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.service.js';
import { UsersRepository } from './users.repository.js';

@Module({
  imports: [MailModule, RateLimitModule, AuditModule],
  controllers: [AccountsController],
  providers: [
    AccountsService,
    SessionsService,
    UsersRepository,
    OneTimeTokensRepository,
    PasswordHasher,
    SignInThrottle,
  ],
  exports: [SessionsService, UsersRepository, PasswordHasher, AccountsService],
})
export class AccountsModule {}
