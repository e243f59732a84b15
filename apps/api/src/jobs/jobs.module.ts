import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistry } from './job-registry.js';
import { JobsService } from './jobs.service.js';
import { SystemJobs } from './system.jobs.js';

/**
 * The job queue. Domains import it to send jobs and declare their handlers with `@JobHandler` on
 * a provider in `<domain>.jobs.ts`; this module discovers them. It expects the app-wide
 * AppConfig, Runtime and JOBS_SQL_EXECUTOR (the current transaction's connection, if any).
 */
@Module({
  imports: [DiscoveryModule],
  providers: [JobRegistry, JobsService, SystemJobs],
  exports: [JobsService],
})
export class JobsModule {}
