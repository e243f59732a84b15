import { loadConfig, type ConfigSettings } from './config.schema.js';

export type { AuthConfig } from './auth.config.js';
export type { DatabaseConfig } from './database.config.js';
export type { JobsConfig } from './jobs.config.js';
export type { MailConfig } from './mail.config.js';
export type { MediaConfig } from './media.config.js';
export type { PaymentsConfig } from './payments.config.js';
export type { ServerConfig } from './server.config.js';
export type { SigningConfig } from './signing.config.js';
export type { StorageBuckets, StorageConfig } from './storage.config.js';
export type { UploadsConfig } from './uploads.config.js';
export type { OrdersConfig } from './orders.config.js';
export type { PayoutsConfig } from './payouts.config.js';

/** The validated configuration, split by concern so each service takes only its own part. */
export class AppConfig implements ConfigSettings {
  readonly server: ConfigSettings['server'];
  readonly database: ConfigSettings['database'];
  readonly storage: ConfigSettings['storage'];
  readonly mail: ConfigSettings['mail'];
  readonly auth: ConfigSettings['auth'];
  readonly jobs: ConfigSettings['jobs'];
  readonly payments: ConfigSettings['payments'];
  readonly signing: ConfigSettings['signing'];
  readonly media: ConfigSettings['media'];
  readonly uploads: ConfigSettings['uploads'];
  readonly orders: ConfigSettings['orders'];
  readonly payouts: ConfigSettings['payouts'];

  constructor(settings: ConfigSettings) {
    this.server = settings.server;
    this.database = settings.database;
    this.storage = settings.storage;
    this.mail = settings.mail;
    this.auth = settings.auth;
    this.jobs = settings.jobs;
    this.payments = settings.payments;
    this.signing = settings.signing;
    this.media = settings.media;
    this.uploads = settings.uploads;
    this.orders = settings.orders;
    this.payouts = settings.payouts;
  }

  get isProduction(): boolean {
    return this.server.env === 'production';
  }

  get seedDemo(): boolean {
    return this.database.seedDemo;
  }

  /** Builds the configuration from environment variables; throws ConfigError naming bad ones. */
  static fromEnv(source: Record<string, string | undefined> = process.env): AppConfig {
    return new AppConfig(loadConfig(source));
  }
}
