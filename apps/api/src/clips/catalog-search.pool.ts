import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { Runtime } from '../infra/runtime.js';

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (or a cancel request). */
const QUERY_CANCELED = '57014';

/**
 * The catalog search's own connections (DESIGN §9): read-only statements with settings that suit
 * them — no JIT (its compile time exceeds these queries), random_page_cost for data in cache,
 * work_mem for the facet aggregates — and a statement timeout, so a runaway search is cancelled
 * and answered 503 instead of holding a request and a connection. Set at connection start, so
 * they never touch the app's TypeORM pool. (PGlite, one session behind its socket, does not
 * apply startup settings: there the client's query timeout answers 503, though the statement
 * itself runs on.)
 *
 * Statements are sent unnamed (no `name`), so each is planned with its actual values.
 */
@Injectable()
export class CatalogSearchPool implements OnModuleDestroy {
  private readonly pool: pg.Pool;

  constructor(config: AppConfig, runtime: Runtime) {
    const { poolSize, statementTimeoutMs } = config.database.search;
    this.pool = new pg.Pool({
      connectionString: runtime.databaseUrl,
      max: poolSize,
      application_name: 'clearframe-catalog-search',
      options: '-c jit=off -c random_page_cost=1.1 -c work_mem=16MB',
      statement_timeout: statementTimeoutMs,
      // The client's own limit, a second later: what stops a search where the server does not
      // apply startup settings (PGlite), and a stalled connection anywhere.
      query_timeout: statementTimeoutMs + 1_000,
      // Waiting this long for a free connection means the search side is saturated.
      connectionTimeoutMillis: Math.max(2_000, statementTimeoutMs * 2),
      idleTimeoutMillis: 30_000,
      ssl:
        config.database.mode === 'postgres' && config.database.ssl
          ? { rejectUnauthorized: true }
          : false,
    });
    // An idle connection dropped by the server must not crash the process.
    this.pool.on('error', () => undefined);
  }

  async query<T>(text: string, values: unknown[]): Promise<T[]> {
    try {
      return (await this.pool.query<T & pg.QueryResultRow>({ text, values })).rows;
    } catch (error) {
      throw translate(error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

function translate(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === QUERY_CANCELED) {
    return new DomainError(
      'service_unavailable',
      'The search took too long and was stopped. Try fewer or more specific words.',
    );
  }
  // No connection (server down, pool exhausted past its wait): the search side is unavailable.
  if (
    typeof code !== 'string' ||
    code.startsWith('08') ||
    code.startsWith('57P') ||
    code === '53300'
  ) {
    return new DomainError('service_unavailable', 'Search is not available right now. Try again.');
  }
  return error;
}
