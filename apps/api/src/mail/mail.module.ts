import { Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MailJobs } from './mail.jobs.js';
import { MailTransport } from './mail.transport.js';
import { Mailer } from './mailer.service.js';
import { OutboxMailTransport } from './outbox-mail.transport.js';
import { SmtpMailTransport } from './smtp-mail.transport.js';

@Module({
  imports: [JobsModule],
  providers: [
    Mailer,
    MailJobs,
    {
      provide: MailTransport,
      inject: [AppConfig, Clock],
      useFactory: (config: AppConfig, clock: Clock): MailTransport =>
        config.mail.smtpUrl
          ? new SmtpMailTransport(config)
          : new OutboxMailTransport(config, clock),
    },
  ],
  exports: [Mailer],
})
export class MailModule {}
