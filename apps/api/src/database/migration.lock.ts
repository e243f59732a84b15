import { DataSource, MigrationExecutor, type DataSourceOptions, type Migration } from 'typeorm';

/**
 * Runs pending migrations while holding a database-wide lock, so two instances starting together
 * cannot both apply the same migration (TypeORM takes no lock of its own).
 *
 * The lock is transaction-scoped (`pg_advisory_xact_lock`) and the migrations run inside that
 * transaction on the same connection. A session lock on a side connection would not do: on the
 * embedded PGlite every socket connection shares one backend session, where advisory locks are
 * re-entrant, so the second instance would be granted it at once. A transaction, by contrast, is
 * exclusive on PGlite (others wait until it ends) and blocks on the lock on PostgreSQL; either
 * way the second instance reads the migrations table only after the first has committed.
 * Consequence: pending migrations apply together, all or none, and a migration cannot opt out of
 * the transaction (`transaction = false`, e.g. for CREATE INDEX CONCURRENTLY).
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('clearframe.migrations'))`);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    await runner.commitTransaction();
    return applied;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** Nest's `dataSourceFactory`: connects, then migrates under the lock before anything queries. */
export async function openDataSource(options?: DataSourceOptions): Promise<DataSource> {
  if (!options) throw new Error('openDataSource needs the TypeORM options');
  const dataSource = await new DataSource(options).initialize();
  try {
    await runMigrationsExclusively(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
