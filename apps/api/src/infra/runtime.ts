import { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { startEmbeddedS3 } from './embedded-s3.js';

/** pg-boss' pool; the embedded server must accept it plus the TypeORM pool plus headroom. */
export const JOBS_POOL_SIZE = 4;

export interface S3Connection {
  endpoint: string | undefined;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

/**
 * The connections the app uses, whichever mode is configured. Embedded mode starts PGlite and
 * s3rver in-process and hands back ordinary URLs, so everything downstream is the production code.
 */
export class Runtime {
  constructor(
    readonly databaseUrl: string,
    readonly databaseBackend: 'postgres' | 'pglite',
    readonly s3: S3Connection,
    private readonly stops: (() => Promise<void>)[],
  ) {}

  static async start(config: AppConfig): Promise<Runtime> {
    const stops: (() => Promise<void>)[] = [];
    try {
      let databaseUrl: string;
      if (config.database.mode === 'postgres') {
        databaseUrl = config.database.url;
      } else {
        const pg = await startEmbeddedPostgres({
          dir: config.database.dir,
          port: config.database.port,
          template: config.database.template,
          maxConnections:
            config.database.poolSize + config.database.search.poolSize + JOBS_POOL_SIZE + 6,
        });
        stops.unshift(() => pg.stop());
        databaseUrl = pg.url;
      }
      let s3: S3Connection;
      if (config.storage.mode === 's3') {
        s3 = {
          endpoint: config.storage.endpoint,
          region: config.storage.region,
          credentials: config.storage.credentials,
          forcePathStyle: config.storage.forcePathStyle,
        };
      } else {
        const server = await startEmbeddedS3({
          dir: config.storage.dir,
          port: config.storage.port,
        });
        stops.unshift(() => server.stop());
        s3 = {
          endpoint: server.endpoint,
          region: config.storage.region,
          credentials: server.credentials,
          forcePathStyle: true,
        };
      }
      return new Runtime(
        databaseUrl,
        config.database.mode === 'postgres' ? 'postgres' : 'pglite',
        s3,
        stops,
      );
    } catch (error) {
      for (const stop of stops) await stop().catch(() => undefined);
      throw error;
    }
  }

  /** Stops embedded services, newest first. Safe to call twice. */
  async stop(): Promise<void> {
    const stops = this.stops.splice(0);
    for (const stop of stops) await stop();
  }
}
