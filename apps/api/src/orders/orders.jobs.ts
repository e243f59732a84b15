import { Injectable } from '@nestjs/common';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import type { JobPayloads } from '../jobs/job-payloads.js';
import { OrderPaymentsService } from './order-payments.service.js';

/** The orders' background work: applying payment events, lapsing unpaid orders and their invoices. */
@Injectable()
export class OrdersJobs {
  constructor(private readonly payments: OrderPaymentsService) {}

  // One job per stored event; applying is idempotent (the event row is locked and marked).
  @JobHandler('orders.payment-event', {
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    concurrency: 2,
  })
  async paymentEvent(data: JobPayloads['orders.payment-event']): Promise<{ outcome: string }> {
    return { outcome: await this.payments.apply(data.eventId) };
  }

  @JobHandler('orders.lapse', {
    policy: 'short',
    retryLimit: 2,
    cron: { expression: '*/10 * * * *', data: {} },
  })
  async lapse(_data: JobPayloads['orders.lapse']): Promise<{ cancelled: number }> {
    return { cancelled: await this.payments.lapse() };
  }

  // Retried with backoff while the provider is unreachable; voiding twice is harmless.
  @JobHandler('orders.void-invoice', { retryLimit: 10, retryDelay: 30, retryBackoff: true })
  async voidInvoice(data: JobPayloads['orders.void-invoice']): Promise<{ outcome: string }> {
    return { outcome: await this.payments.voidLapsedInvoice(data.orderId) };
  }
}
