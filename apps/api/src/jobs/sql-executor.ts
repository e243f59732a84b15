/** Anything that runs a parameterised statement: a TypeORM EntityManager, a QueryRunner. */
export interface SqlExecutor {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Returns the connection of the transaction the caller is in, or undefined outside one. The job
 * queue runs `send`'s insert on it, so a job commits (or rolls back) with the change that caused
 * it; and on PGlite, where a transaction holds the whole database, an insert on another
 * connection would wait for that transaction to end while it waits for the insert: a deadlock.
 */
export type CurrentSqlExecutor = () => SqlExecutor | undefined;

export const JOBS_SQL_EXECUTOR = Symbol('JOBS_SQL_EXECUTOR');
