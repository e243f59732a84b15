import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from './access/access.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { AccountOrganizations } from './accounts/account-organizations.port.js';
import { OperatorStatus } from './accounts/operator-status.port.js';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BundlesModule } from './bundles/bundles.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { ClipCurationModule } from './clips/clip-curation.module.js';
import { ClipsModule } from './clips/clips.module.js';
import { Clock, SystemClock } from './common/clock.js';
import { ProblemFilter } from './common/http/problem.filter.js';
import { ValidationInterceptor } from './common/http/validation.interceptor.js';
import { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database/database.module.js';
import { EarningsModule } from './earnings/earnings.module.js';
import { dataSourceOptions } from './database/database.options.js';
import { openDataSource } from './database/migration.lock.js';
import { HealthModule } from './health/health.module.js';
import { Runtime } from './infra/runtime.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MailModule } from './mail/mail.module.js';
import { ModelsModule } from './models/models.module.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { OrganizationsService } from './organizations/organizations.service.js';
import { PayoutsModule } from './payouts/payouts.module.js';
import { RoyaltiesModule } from './royalties/royalties.module.js';
import { StorageModule } from './storage/storage.module.js';
import { UploadsModule } from './uploads/uploads.module.js';

export interface AppDependencies {
  config: AppConfig;
  runtime: Runtime;
  /** Tests pass a controllable clock; everything else gets the system clock. */
  clock?: Clock;
  /** Tests write logs to a file (scanned for secrets after the run); otherwise stdout. */
  logFile?: string;
}

/** Process-wide values every module may inject: configuration, connections, time. */
@Global()
@Module({})
class CoreModule {
  static register(deps: AppDependencies): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: deps.config },
        { provide: Runtime, useValue: deps.runtime },
        { provide: Clock, useValue: deps.clock ?? new SystemClock() },
      ],
      exports: [AppConfig, Runtime, Clock],
    };
  }
}

/**
 * Answers one domain owes another that sits below it (accounts asks whether a user is an
 * operator, and what deleting an account does to organizations; organizations knows). Binding
 * them here keeps the module graph one-directional.
 */
@Global()
@Module({
  imports: [OrganizationsModule],
  providers: [
    { provide: OperatorStatus, useExisting: OrganizationsService },
    { provide: AccountOrganizations, useExisting: OrganizationsService },
  ],
  exports: [OperatorStatus, AccountOrganizations],
})
class DomainPortsModule {}

@Module({})
export class AppModule {
  static register(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(deps),
        // Each domain registers its own entities with TypeOrmModule.forFeature; migrations run
        // under an advisory lock when the data source opens.
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(deps.config, deps.runtime),
            autoLoadEntities: true,
          }),
          dataSourceFactory: openDataSource,
        }),
        DatabaseModule,
        DomainPortsModule,
        AuditModule,
        MailModule,
        StorageModule,
        JobsModule,
        AccountsModule,
        OrganizationsModule,
        ApiKeysModule,
        AccessModule,
        ClipsModule,
        ClipCurationModule,
        UploadsModule,
        BundlesModule,
        OrdersModule,
        RoyaltiesModule,
        EarningsModule,
        PayoutsModule,
        ModelsModule,
        HealthModule,
        OpenApiModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        {
          provide: APP_INTERCEPTOR,
          useFactory: (reflector: Reflector) =>
            new ValidationInterceptor(reflector, !deps.config.isProduction),
          inject: [Reflector],
        },
      ],
    };
  }
}
