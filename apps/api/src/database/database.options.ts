import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import type { Runtime } from '../infra/runtime.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * One set of TypeORM options for PGlite (via its socket) and PostgreSQL: only the URL differs.
 * Migrations run at boot through `openDataSource` (under a lock), not TypeORM's `migrationsRun`.
 */
export function dataSourceOptions(config: AppConfig, runtime: Runtime): DataSourceOptions {
  return {
    type: 'postgres',
    url: runtime.databaseUrl,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // PGlite ships no extensions over the socket; gen_random_uuid() is core PostgreSQL since 13.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    poolSize: config.database.poolSize,
    applicationName: 'clearframe-api',
    ssl:
      config.database.mode === 'postgres' && config.database.ssl
        ? { rejectUnauthorized: true }
        : false,
    logging: false,
  };
}
