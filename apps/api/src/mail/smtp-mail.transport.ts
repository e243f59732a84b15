import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';
import { MailTransport } from './mail.transport.js';
import type { MailMessage } from './mailer.service.js';

/** Sends over SMTP_URL. */
@Injectable()
export class SmtpMailTransport extends MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter;

  constructor(private readonly config: AppConfig) {
    super();
    this.transport = nodemailer.createTransport(config.mail.smtpUrl);
  }

  async deliver(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.config.mail.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    this.logger.log({ to: message.to, tag: message.tag, messageId: info.messageId }, 'Mail sent');
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
