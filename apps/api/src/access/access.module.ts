import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { AccessGuard } from './access.guard.js';
import { CallerController } from './caller.controller.js';

/**
 * Who may call what: the guard every route passes (sessions from accounts, keys from api-keys,
 * memberships and operators from organizations) and the routes that tell callers who they are.
 */
@Module({
  imports: [AccountsModule, ApiKeysModule, OrganizationsModule],
  controllers: [CallerController],
  providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
})
export class AccessModule {}
