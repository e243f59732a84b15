import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { OneTimeTokenEntity } from './one-time-token.entity.js';
import { OneTimeTokensRepository } from './one-time-tokens.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionEntity } from './session.entity.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.service.js';
import { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/**
 * People, their sessions and one-time links. Exports the users and sessions services and the
 * password hasher; needs an `OperatorStatus` bound by the app (organizations answers it).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, SessionEntity, OneTimeTokenEntity]),
    MailModule,
    RateLimitModule,
    AuditModule,
  ],
  controllers: [AccountsController],
  providers: [
    AccountsService,
    SessionsService,
    SessionsRepository,
    UsersService,
    UsersRepository,
    OneTimeTokensRepository,
    PasswordHasher,
    SignInThrottle,
  ],
  exports: [UsersService, SessionsService, PasswordHasher],
})
export class AccountsModule {}
