import fs from 'node:fs/promises';
import path from 'node:path';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { MailTransport } from './mail.transport.js';
import type { MailMessage, OutboxRecord } from './mailer.service.js';

/**
 * Without SMTP: renders the message with nodemailer's stream transport and writes it to
 * `.data/outbox/` (an `.eml` a mail client opens, plus a `.json` summary people and tests read),
 * and logs the links it carries so a developer can follow them from the console. Local only.
 */
@Injectable()
export class OutboxMailTransport extends MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter;
  private sequence = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
    this.transport = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'unix',
    });
  }

  async deliver(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.config.mail.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
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
    await writeWhole(`${base}.eml`, (info as unknown as { message: Buffer }).message);
    await writeWhole(`${base}.json`, JSON.stringify(record, null, 2));
    this.logger.log(
      { to: message.to, subject: message.subject, links: message.links, file: `${base}.eml` },
      'Mail written to the local outbox',
    );
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}

/**
 * Writes a file under a temporary name and renames it into place, so a reader polling the outbox
 * (a person, a browser test) never sees a half-written message: the job delivers while they look.
 */
async function writeWhole(file: string, content: string | Buffer): Promise<void> {
  const partial = `${file}.partial`;
  await fs.writeFile(partial, content);
  await fs.rename(partial, file);
}
