import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { AppModule, type AppDependencies } from './app.module.js';
import { serializeLogError } from './common/log-redaction.js';
import { sameOriginForCookies } from './common/http/same-origin.middleware.js';
import { RequestContext } from './common/http/request-context.js';
import { createPino, PinoNestLogger } from './common/logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Builds the HTTP application: the same function serves `npm start`, the CLI and every e2e test,
 * so tests exercise the real middleware stack (helmet, CORS, body limits, request ids).
 */
/** A request whose raw body the JSON parser kept (`rawBody: true`). */
export interface RawBodyRequest {
  url?: string;
  rawBody?: Buffer;
}

export async function createApp(deps: AppDependencies): Promise<NestExpressApplication> {
  const { config } = deps;
  const logger = createPino(config.server.logLevel, deps.logFile);
  const nestLogger = new PinoNestLogger(logger);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(deps), {
    logger: nestLogger,
    bodyParser: false,
    // Payment webhooks are verified over the exact bytes the provider signed (`req.rawBody`).
    rawBody: true,
    abortOnError: false,
  });
  app.set('trust proxy', config.server.trustProxy);
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
      // One short line per request; headers stay out of the logs (they carry credentials).
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: serializeLogError,
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.enableCors({
    origin: config.server.webOrigin,
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  app.use(cookieParser());
  app.use(sameOriginForCookies(config));
  app.useBodyParser('json', {
    limit: config.server.bodyLimit,
    type: ['application/json', 'application/*+json'],
  });
  app.use(RequestContext.middleware);
  const swaggerUiDir = createRequire(import.meta.url)(
    'swagger-ui-dist',
  ).getAbsoluteFSPath() as string;
  app.useStaticAssets(swaggerUiDir, { prefix: '/docs/assets/', index: false });

  // Initialising prepares storage (onModuleInit) and then starts the job queue
  // (onApplicationBootstrap), so both are ready before the first request.
  await app.init();
  appLoggers.set(app, nestLogger);
  return app;
}

const appLoggers = new WeakMap<INestApplicationContext, PinoNestLogger>();

/**
 * Makes `app`'s logger the one every Nest `Logger` writes to again. Nest keeps one logger per
 * process: a second application built in the same process (the demo seed's, at its own level)
 * takes it over, and keeps it after it closes.
 */
export function reinstateLogger(app: INestApplicationContext): void {
  const logger = appLoggers.get(app);
  if (logger) app.useLogger(logger);
}

/**
 * Builds the worker: the same modules as the API, with no HTTP server. Initialising it prepares
 * storage and starts the job queue, which works jobs when `config.jobs.enabled` (the worker entry
 * point always sets it).
 */
export async function createWorker(deps: AppDependencies): Promise<INestApplicationContext> {
  const logger = createPino(deps.config.server.logLevel);
  const worker = await NestFactory.createApplicationContext(AppModule.register(deps), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  await worker.init();
  return worker;
}
