import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
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
  // facet columns, trigram suggestions; exclusive holds: an exclusion constraint); PostgreSQL ships them with its contrib package.
  const extensions = { btree_gin, btree_gist, pg_trgm };
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
  keepPipelinesTogether(server);
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

/** One protocol message waiting in pglite-socket's queue (its internal shape, 0.2.17). */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Messages after which a connection's extended-protocol exchange is complete. */
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

/**
 * pglite-socket feeds every connection's protocol messages to the one PGlite backend, and
 * outside a transaction it may switch connections between any two messages. node-postgres
 * sends a query as Parse, Bind, Describe, Execute, Sync; when another connection's Parse or
 * Bind lands in between, it replaces the unnamed statement or portal and the first query
 * fails with `portal "" does not exist` (seen under concurrent requests: 50 labs ordering at
 * once). This keeps a connection's messages together until its Sync (or a simple Query), as
 * pglite-socket already does for the length of a transaction. Same queue, same PGlite calls;
 * only the choice of the next message changes.
 */
function keepPipelinesTogether(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let open: number | null = null;
  const clearQueueForHandler = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    // A connection that went away mid-exchange must not hold the others back.
    if (open === handlerId) open = null;
    clearQueueForHandler(handlerId);
    void q.processQueue();
  };
  q.processQueue = async () => {
    if (q.processing || q.queue.length === 0) return;
    q.processing = true;
    try {
      while (q.queue.length > 0) {
        const owner = open ?? (q.db.isInTransaction() ? q.lastHandlerId : null);
        let item: QueuedMessage | undefined;
        if (owner !== null) {
          const index = q.queue.findIndex((queued) => queued.handlerId === owner);
          // Its next message has not arrived yet: wait for it (enqueue calls us again).
          if (index === -1) break;
          item = q.queue.splice(index, 1)[0];
        } else {
          item = q.queue.shift();
        }
        if (!item) break;
        const message = item;
        let bytes = 0;
        try {
          await q.db.runExclusive(() =>
            q.db.execProtocolRawStream(message.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                message.onData(data);
              },
            }),
          );
        } catch (error) {
          open = null;
          message.reject(error);
          continue;
        }
        q.lastHandlerId = message.handlerId;
        const type = message.message[0];
        // A startup message begins with its length (first byte 0): not part of an exchange.
        open =
          type === SYNC || type === QUERY || type === TERMINATE || type === 0
            ? null
            : message.handlerId;
        message.resolve(bytes);
      }
    } finally {
      q.processing = false;
    }
  };
}
