import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistry } from './job-registry.js';
import { JobsService } from './jobs.service.js';
import { JOBS_SQL_EXECUTOR, type CurrentSqlExecutor } from './sql-executor.js';
import { SystemJobs } from './system.jobs.js';

/**
 * The job queue. Domains import it to send jobs and declare their handlers with `@JobHandler` on
 * a provider in `<domain>.jobs.ts`; this module discovers them.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    JobRegistry,
    JobsService,
    SystemJobs,
    // No ambient transaction yet: sends use pg-boss' own pool. Bind this to the unit of work's
    // current transaction manager once there is one.
    { provide: JOBS_SQL_EXECUTOR, useValue: (() => undefined) satisfies CurrentSqlExecutor },
  ],
  exports: [JobsService],
})
export class JobsModule {}
