import path from 'node:path';
import { z } from 'zod';
import { configSection, optionalString } from './config.section.js';

export interface MailConfig {
  /** SMTP when set; otherwise messages go to the local outbox. */
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
}

export const mailConfig = configSection({
  variables: z.object({
    SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
    MAIL_FROM: z.string().default('Clearframe <no-reply@clearframe.local>'),
  }),
  check(env, base, report) {
    // The local outbox writes (and logs) sign-in, reset and invitation links: never in production.
    if (base.isProduction && !env.SMTP_URL) report('SMTP_URL', 'Required in production.');
  },
  build: (env, base): MailConfig => ({
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    outboxDir: path.join(base.dataDir, 'outbox'),
  }),
});
