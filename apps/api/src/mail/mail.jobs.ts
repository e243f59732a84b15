import { Injectable } from '@nestjs/common';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import { MailTransport } from './mail.transport.js';
import type { MailMessage } from './mailer.service.js';

declare module '../jobs/job-payloads.js' {
  interface JobPayloads {
    /** One message to deliver; it carries links with tokens, so it is never logged. */
    'mail.send': MailMessage;
  }
}

@Injectable()
export class MailJobs {
  constructor(private readonly transport: MailTransport) {}

  // An SMTP server that is down for a while gets retried for about an hour before giving up.
  // The worker heartbeats while it delivers: if it dies mid-delivery, the supervisor fails the job
  // after 30 s without one and it is retried, instead of waiting out the 15-minute expiry.
  @JobHandler('mail.send', {
    retryLimit: 6,
    retryDelay: 30,
    retryBackoff: true,
    heartbeatSeconds: 30,
  })
  async deliver(message: MailMessage): Promise<void> {
    await this.transport.deliver(message);
  }
}
