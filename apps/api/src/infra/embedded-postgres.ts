import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (real Postgres compiled to WASM) served over the Postgres wire protocol, so the app uses
 * the same `pg` driver, TypeORM and pg-boss code paths as against a PostgreSQL server.
 * `dir: null` keeps the database in memory (tests).
 */
export async function startEmbeddedPostgres(options: {
  dir: string | null;
  port: number;
  maxConnections: number;
  /**
   * An in-memory database starts from this data-directory tarball (`dumpDataDir`) instead of
   * running initdb: about 0.3 s instead of 1.7 s, which the test suites pay once per file.
   */
  template?: string | null;
}): Promise<EmbeddedPostgres> {
  let releaseLock: (() => Promise<void>) | undefined;
  if (options.dir) {
    await fs.mkdir(options.dir, { recursive: true });
    releaseLock = await lockDirectory(options.dir);
  }
  // The contrib extensions the migrations create (catalog search: a GIN index over text and
  // facet columns, trigram suggestions); PostgreSQL ships them with its contrib package.
  const extensions = { btree_gin, pg_trgm };
  const db = options.dir
    ? await PGlite.create(options.dir, { extensions })
    : await PGlite.create(
        options.template
          ? {
              extensions,
              loadDataDir: new Blob([new Uint8Array(await fs.readFile(options.template))]),
            }
          : { extensions },
      );
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port,
    maxConnections: options.maxConnections,
  });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      await releaseLock?.();
    },
  };
}

/**
 * PGlite has no multi-process locking: two processes on one data directory corrupt it.
 * A pid lock file turns that into a clear error.
 */
async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(path.dirname(dir), `${path.basename(dir)}.lock`);
  try {
    const pid = Number((await fs.readFile(lockFile, 'utf8')).trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${pid}. Stop it first (or run \`npm run reset\` after stopping it).`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.writeFile(lockFile, String(process.pid));
  return async () => {
    await fs.rm(lockFile, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
