import path from 'node:path';
import { z } from 'zod';
import { configSection, optionalString, port, type ConfigBase } from './config.section.js';

export interface ServerConfig {
  env: ConfigBase['env'];
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean | number | string;
  bodyLimit: string;
  webOrigin: string;
  publicApiUrl: string;
  dataDir: string;
}

export const NodeEnv = z.enum(['development', 'production', 'test']).default('development');
export const DataDir = z.string().default('.data');

/** The base every other section sees; read first, falling back to defaults when it is invalid. */
export function configBase(env: { NODE_ENV?: unknown; DATA_DIR?: unknown }): ConfigBase {
  const nodeEnv = NodeEnv.safeParse(env.NODE_ENV);
  const dataDir = DataDir.safeParse(env.DATA_DIR);
  const mode = nodeEnv.success ? nodeEnv.data : 'development';
  return {
    env: mode,
    isProduction: mode === 'production',
    dataDir: path.resolve(dataDir.success ? dataDir.data : '.data'),
  };
}

export const serverConfig = configSection({
  variables: z.object({
    NODE_ENV: NodeEnv,
    HOST: z.string().default('127.0.0.1'),
    PORT: port.default(4000),
    DATA_DIR: DataDir,
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    // Express' `trust proxy`: `loopback` trusts X-Forwarded-For set by the web server on the same
    // host; behind a load balancer use the hop count (e.g. 2) or the proxies' addresses.
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(
        /^(true|false|\d+|[\w.:/, -]+)$/,
        'Use true, false, a hop count, or addresses/subnets.',
      )
      .default('loopback')
      .transform((value): boolean | number | string =>
        value === 'true'
          ? true
          : value === 'false'
            ? false
            : /^\d+$/.test(value)
              ? Number(value)
              : value,
      ),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'Use a size like 100kb or 1mb.')
      .default('100kb'),
    WEB_ORIGIN: z.url().default('http://localhost:3000'),
    PUBLIC_API_URL: optionalString.pipe(z.url().optional()),
  }),
  build: (env, base): ServerConfig => ({
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    bodyLimit: env.BODY_LIMIT,
    webOrigin: env.WEB_ORIGIN.replace(/\/$/, ''),
    publicApiUrl: (env.PUBLIC_API_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/$/, ''),
    dataDir: base.dataDir,
  }),
});
