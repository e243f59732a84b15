import type { MailMessage } from './mailer.service.js';

/** Where mail physically goes: an SMTP server, or the local outbox when there is none. */
export abstract class MailTransport {
  abstract deliver(message: MailMessage): Promise<void>;
}
