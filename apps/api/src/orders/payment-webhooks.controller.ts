import { Body, Controller, Get, Headers, Param, Post, Req } from '@nestjs/common';
import {
  OfflineCheckout,
  OfflineCheckoutConfirmed,
  type OfflineCheckoutConfirmedType,
  type OfflineCheckoutType,
  WebhookReceived,
} from '@clearframe/contracts/demand';
import { Operator, Public } from '../access/access.decorator.js';
import type { RawBodyRequest } from '../app.factory.js';
import { DomainError } from '../common/domain-error.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { OfflinePaymentProvider } from '../payments/offline-payment-provider.js';
import { PaymentProvider } from '../payments/payment-provider.js';
import { OrderPaymentsService } from './order-payments.service.js';
import { OrdersErrors } from './orders.errors.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';

/**
 * Where payment events arrive: the provider's webhook (signature checked over the raw body,
 * then stored once and applied by a job), and in offline mode the local demo checkout, whose
 * confirm button produces the same signed event and sends it down the same path.
 */
@Controller('v1')
export class PaymentWebhooksController {
  constructor(
    private readonly payments: PaymentProvider,
    private readonly orderPayments: OrderPaymentsService,
    private readonly orders: OrdersService,
    private readonly ordersRepository: OrdersRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  @Post('webhooks/:provider')
  @Public()
  @Endpoint({
    summary:
      'Payment provider webhooks (stripe; offline in embedded mode), verified over the raw body',
    response: WebhookReceived,
  })
  async webhook(
    @Param('provider') provider: string,
    @Req() req: RawBodyRequest,
    @Headers('stripe-signature') signature: string | undefined,
  ) {
    if (provider !== this.payments.name) throw new DomainError('not_found', 'No such webhook.');
    const raw = req.rawBody;
    if (!raw) throw new DomainError('malformed_request', 'Send the event as application/json.');
    const { duplicate } = await this.orderPayments.receive(raw, signature);
    return { received: true as const, duplicate };
  }

  @Get('payments/offline/checkout/:sessionId')
  @Public()
  @Endpoint({
    summary: 'The demo checkout (or invoice) of an order (offline payments only)',
    response: OfflineCheckout,
  })
  async checkout(@Param('sessionId') sessionId: string): Promise<OfflineCheckoutType> {
    const order = await this.offlineOrder(sessionId);
    const lab = await this.organizations.findById(order.orgId);
    return {
      sessionId,
      orderId: order.id,
      orgId: order.orgId,
      orderName: order.name,
      labName: lab?.name ?? '',
      clipCount: order.clipCount,
      total: { amountMinor: order.totalMinor, currency: order.currency },
      status: order.status,
      expiresAt: new Date(order.checkoutExpiresAt!).toISOString(),
    };
  }

  @Post('payments/offline/checkout/:sessionId/confirm')
  @Public()
  @Endpoint({
    summary: 'Confirm a demo payment: emits the same signed payment event a Stripe webhook would',
    response: OfflineCheckoutConfirmed,
  })
  async confirm(@Param('sessionId') sessionId: string): Promise<OfflineCheckoutConfirmedType> {
    const order = await this.offlineOrder(sessionId);
    if (order.status !== 'pending_payment') throw OrdersErrors.notPayable();
    const offline = this.payments as OfflinePaymentProvider;
    const amount = { amountMinor: order.totalMinor, currency: order.currency };
    // An invoiced lab's order is paid on the same page: the invoice's event, as Stripe sends it.
    const signed =
      order.payment === 'invoice'
        ? offline.payInvoice({ invoiceId: sessionId, orderId: order.id, amount })
        : offline.completeCheckout({ sessionId, orderId: order.id, amount });
    await this.orderPayments.receive(signed.body, signed.signature);
    return {
      orderId: order.id,
      redirectUrl: `${this.orders.webOrigin()}/orders/${order.orgId}/${order.id}?paid=1`,
    };
  }

  @Post('operator/orders/:orderId/refund')
  @Operator()
  @Endpoint({
    summary:
      'Refund an order in full (offline payments: emits the refund event a Stripe webhook would)',
    body: undefined,
    response: WebhookReceived,
  })
  async refund(@Param('orderId', UuidParam) orderId: string, @Body() _body: unknown) {
    if (!(this.payments instanceof OfflinePaymentProvider)) {
      throw new DomainError(
        'not_found',
        'With Stripe, refund in the Stripe dashboard: its charge.refunded webhook updates the order.',
      );
    }
    const order = await this.ordersRepository.lockById(orderId);
    if (!order?.paymentId) throw OrdersErrors.notFound();
    const signed = this.payments.signEvent({
      type: 'payment.refunded',
      paymentId: order.paymentId,
      orderId: order.id,
      amount: { amountMinor: order.totalMinor, currency: order.currency },
    });
    const { duplicate } = await this.orderPayments.receive(signed.body, signed.signature);
    return { received: true as const, duplicate };
  }

  private async offlineOrder(sessionId: string) {
    if (
      !(this.payments instanceof OfflinePaymentProvider) ||
      !/^(cs|in)_offline_[0-9a-f]{24}$/.test(sessionId)
    ) {
      throw OrdersErrors.checkoutNotFound();
    }
    const order = await this.orders.byCheckout(sessionId);
    return order;
  }
}
