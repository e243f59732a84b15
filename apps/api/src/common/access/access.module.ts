import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { ApiKeysModule } from '../../api-keys/api-keys.module.js';
import { OrganizationsModule } from '../../organizations/organizations.module.js';
import { AccessGuard } from './access.guard.js';

/** Registers the access guard for every route of the app. */
@Module({
  imports: [AccountsModule, ApiKeysModule, OrganizationsModule],
  providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
})
export class AccessModule {}
