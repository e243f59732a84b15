import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../app.factory.js';
import { AppConfig } from '../config/app-config.js';
import { ConfigError } from '../config/config.schema.js';
import { Runtime } from '../infra/runtime.js';

/** Runs a command-line task against the configured database with the app's own services. */
export async function runCli(task: (app: NestExpressApplication) => Promise<void>): Promise<void> {
  try {
    const config = AppConfig.fromEnv({
      ...process.env,
      JOBS_ENABLED: 'false',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
    const runtime = await Runtime.start(config);
    const app = await createApp({ config, runtime });
    try {
      await task(app);
    } finally {
      await app.close();
      await runtime.stop();
    }
  } catch (error) {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
