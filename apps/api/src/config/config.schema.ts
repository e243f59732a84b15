import type { z } from 'zod';
import { authConfig } from './auth.config.js';
import type { ConfigSection } from './config.section.js';
import { databaseConfig } from './database.config.js';
import { jobsConfig } from './jobs.config.js';
import { mailConfig } from './mail.config.js';
import { mediaConfig } from './media.config.js';
import { paymentsConfig } from './payments.config.js';
import { configBase, serverConfig } from './server.config.js';
import { signingConfig } from './signing.config.js';
import { storageConfig } from './storage.config.js';
import { uploadsConfig } from './uploads.config.js';
import { ordersConfig } from './orders.config.js';
import { payoutsConfig } from './payouts.config.js';

/**
 * Every concern's variables, validated once at boot. Each section owns its variables and rules in
 * its own `<concern>.config.ts` (provider variables are required only when that provider is
 * chosen); adding a provider edits its section and, for a new concern, this list.
 */
export const CONFIG_SECTIONS = {
  server: serverConfig,
  database: databaseConfig,
  storage: storageConfig,
  mail: mailConfig,
  auth: authConfig,
  jobs: jobsConfig,
  payments: paymentsConfig,
  signing: signingConfig,
  media: mediaConfig,
  uploads: uploadsConfig,
  orders: ordersConfig,
  payouts: payoutsConfig,
} as const;

type Sections = typeof CONFIG_SECTIONS;
export type ConfigSettings = { [K in keyof Sections]: ReturnType<Sections[K]['build']> };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment section by section; throws one ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined>): ConfigSettings {
  const base = configBase(source);
  const problems: string[] = [];
  const settings: Partial<Record<keyof Sections, unknown>> = {};
  for (const [name, section] of Object.entries(CONFIG_SECTIONS) as [
    keyof Sections,
    ConfigSection<z.ZodObject, unknown>,
  ][]) {
    const parsed = section.variables.safeParse(source);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${issue.path.join('.') || '(environment)'}: ${issue.message}`);
      }
      continue;
    }
    const before = problems.length;
    section.check?.(parsed.data, base, (variable, message) =>
      problems.push(`${variable}: ${message}`),
    );
    if (problems.length === before) settings[name] = section.build(parsed.data, base);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings as ConfigSettings;
}
