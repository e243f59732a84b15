import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * One ambient transaction per use case. A service wraps a use case in `run`; repositories and the
 * audit log take `manager()`, so every write of the use case lands in the same transaction without
 * a manager being handed down, and a failure anywhere rolls all of it back.
 *
 * On PGlite transactions run one at a time, so a query on another connection while one is open
 * waits for it: inside `run`, use only `manager()`.
 */
@Injectable()
export class UnitOfWork {
  private readonly current = new AsyncLocalStorage<EntityManager>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Runs `work` in a transaction and commits when it resolves. Inside another `run` it joins the
   * outer transaction (no savepoint): the outermost use case decides whether everything commits.
   */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    return this.db.transaction((manager) => this.current.run(manager, work));
  }

  /** The current transaction's manager, or the data source's (autocommit) outside a transaction. */
  manager(): EntityManager {
    return this.current.getStore() ?? this.db.manager;
  }

  inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }
}
