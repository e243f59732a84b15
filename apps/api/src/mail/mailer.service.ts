import { Injectable } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** A short machine-readable kind (`invitation`, `password-reset`, …) used in outbox file names. */
  tag: string;
  /** Links the message carries, logged locally so a developer can follow them from the console. */
  links?: string[];
}

/** What the outbox writes beside each `.eml`, so people and tests can read a message easily. */
export interface OutboxRecord extends MailMessage {
  from: string;
  sentAt: string;
}

/**
 * All outgoing mail goes through here. `send` queues a `mail.send` job (inside the caller's
 * transaction when there is one), so a request never waits for a mail server and a mail server
 * that is down delays mail instead of failing requests; the job delivers through the
 * MailTransport (SMTP with SMTP_URL, else the local outbox).
 */
@Injectable()
export class Mailer {
  constructor(private readonly jobs: JobsService) {}

  async send(message: MailMessage): Promise<void> {
    await this.jobs.send('mail.send', message);
  }
}
