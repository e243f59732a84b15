import path from 'node:path';
import { z } from 'zod';
import { bool, configSection, optionalString, port } from './config.section.js';

export type DatabaseConfig = (
  | { mode: 'postgres'; url: string; poolSize: number; ssl: boolean }
  | {
      mode: 'embedded';
      dir: string | null;
      port: number;
      poolSize: number;
      /** A data-directory tarball an in-memory database starts from (tests), else initdb. */
      template: string | null;
    }
) & {
  /** Seed the demo catalog and logins at boot (development on the embedded database). */
  seedDemo: boolean;
  /**
   * The catalog search's own pool (DESIGN §9): its size, and the statement timeout after which
   * a search is cancelled and answered 503 instead of holding the request.
   */
  search: { poolSize: number; statementTimeoutMs: number };
};

export const databaseConfig = configSection({
  variables: z.object({
    DATABASE_URL: optionalString.pipe(
      z
        .url({ protocol: /^postgres(ql)?$/, message: 'Use a postgres:// connection URL.' })
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    DATABASE_SSL: bool.default(false),
    EMBEDDED_PG_PORT: port.default(0),
    EMBEDDED_PG_IN_MEMORY: bool.default(false),
    EMBEDDED_PG_TEMPLATE: optionalString,
    SEED_DEMO: bool.optional(),
    CATALOG_SEARCH_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(4),
    CATALOG_SEARCH_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  }),
  check(env, base, report) {
    if (base.isProduction && !env.DATABASE_URL) report('DATABASE_URL', 'Required in production.');
    if (base.isProduction && env.SEED_DEMO) {
      report('SEED_DEMO', 'The demo seed never runs in production.');
    }
  },
  build: (env, base): DatabaseConfig => {
    const seedDemo = env.SEED_DEMO ?? (base.env === 'development' && !env.DATABASE_URL);
    const search = {
      poolSize: env.CATALOG_SEARCH_POOL_SIZE,
      statementTimeoutMs: env.CATALOG_SEARCH_TIMEOUT_MS,
    };
    return env.DATABASE_URL
      ? {
          mode: 'postgres',
          url: env.DATABASE_URL,
          poolSize: env.DATABASE_POOL_SIZE,
          ssl: env.DATABASE_SSL,
          seedDemo,
          search,
        }
      : {
          mode: 'embedded',
          dir: env.EMBEDDED_PG_IN_MEMORY ? null : path.join(base.dataDir, 'pg'),
          port: env.EMBEDDED_PG_PORT,
          template: env.EMBEDDED_PG_IN_MEMORY ? (env.EMBEDDED_PG_TEMPLATE ?? null) : null,
          poolSize: env.DATABASE_POOL_SIZE,
          seedDemo,
          search,
        };
  },
});
