import { Global, Module } from '@nestjs/common';
import { JOBS_SQL_EXECUTOR, type CurrentSqlExecutor } from '../jobs/sql-executor.js';
import { UnitOfWork } from './unit-of-work.js';

/**
 * Data access every domain shares: the unit of work (domains register their own entities), and
 * the job queue's view of it, so a job sent inside a use case commits or rolls back with it.
 */
@Global()
@Module({
  providers: [
    UnitOfWork,
    {
      provide: JOBS_SQL_EXECUTOR,
      inject: [UnitOfWork],
      useFactory:
        (uow: UnitOfWork): CurrentSqlExecutor =>
        () =>
          uow.inTransaction() ? uow.manager() : undefined,
    },
  ],
  exports: [UnitOfWork, JOBS_SQL_EXECUTOR],
})
export class DatabaseModule {}
