import fs from 'node:fs/promises';
import path from 'node:path';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';

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
 * All outgoing mail goes through here. With SMTP_URL it sends over SMTP; otherwise it renders the
 * same message with nodemailer's stream transport and writes it to `.data/outbox/` (an `.eml` a
 * mail client opens, plus a `.json` summary), and logs the links it carries.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter;
  private sequence = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.transport = config.mail.smtpUrl
      ? nodemailer.createTransport(config.mail.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.config.mail.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    if (this.config.mail.smtpUrl) {
      this.logger.log({ to: message.to, tag: message.tag, messageId: info.messageId }, 'Mail sent');
      return;
    }
    const sentAt = this.clock.now();
    const stamp = sentAt.toISOString().replace(/[:.]/g, '-');
    const safeTo = message.to.replace(/[^a-z0-9@._-]/gi, '_');
    const base = path.join(
      this.config.mail.outboxDir,
      `${stamp}-${String(++this.sequence).padStart(4, '0')}-${message.tag}-${safeTo}`,
    );
    await fs.mkdir(this.config.mail.outboxDir, { recursive: true });
    const record: OutboxRecord = {
      ...message,
      from: this.config.mail.from,
      sentAt: sentAt.toISOString(),
    };
    await fs.writeFile(`${base}.eml`, (info as unknown as { message: Buffer }).message);
    await fs.writeFile(`${base}.json`, JSON.stringify(record, null, 2));
    this.logger.log(
      { to: message.to, subject: message.subject, links: message.links, file: `${base}.eml` },
      'Mail written to the local outbox',
    );
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
