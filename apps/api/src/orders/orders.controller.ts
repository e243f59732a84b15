import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { listOf } from '@clearframe/contracts/common';
import { Order, PlaceOrder, type PlaceOrderType } from '@clearframe/contracts/demand';
import { CurrentOrg, CurrentPrincipal, OrgMember } from '../access/access.decorator.js';
import type { OrgContext, Principal } from '../access/principal.js';
import { actorOf } from '../clips/audit-actor.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { OrderDeliveryService } from './order-delivery.service.js';
import { OrdersService } from './orders.service.js';

/**
 * A lab's orders: its members, and its API keys holding `orders:write`, place them; keys
 * with `orders:read` read them and their delivery. Another organization's order ids are not found.
 */
@Controller('v1/orgs/:orgId/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly delivery: OrderDeliveryService,
  ) {}

  @Post()
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'orders:write' })
  @Endpoint({
    summary:
      'Order a bundle as quoted (Idempotency-Key header required): the server recomputes the quote and opens a checkout',
    body: PlaceOrder,
    response: Order,
    status: 201,
  })
  async place(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: PlaceOrderType,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { order, created } = await this.orders.place(ctx, body, key, actorOf(principal));
    if (!created) res.status(200);
    return order;
  }

  @Get()
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'orders:read' })
  @Endpoint({ summary: "The lab's orders, newest first", response: listOf(Order) })
  async list(@CurrentOrg() ctx: OrgContext) {
    return { items: await this.orders.list(ctx) };
  }

  @Get(':orderId')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'orders:read' })
  @Endpoint({ summary: 'An order with its payment state and license grants', response: Order })
  get(@CurrentOrg() ctx: OrgContext, @Param('orderId', UuidParam) orderId: string) {
    return this.orders.get(ctx, orderId);
  }

  @Get(':orderId/manifest.jsonl')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'orders:read' })
  @Endpoint({
    summary:
      'The delivery manifest, streamed as JSON Lines: one clip per line with its SHA-256, certificate and a download URL valid for one hour',
  })
  async manifest(
    @CurrentOrg() ctx: OrgContext,
    @Param('orderId', UuidParam) orderId: string,
    @Res() res: Response,
  ) {
    const stream = await this.delivery.manifest(ctx, orderId);
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="order-${orderId}.jsonl"`);
    await stream((line) => writeLine(res, line));
    res.end();
  }

  @Get(':orderId/croissant.json')
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'orders:read' })
  @Endpoint({
    summary: 'The delivery as a Croissant 1.0 JSON-LD dataset description with the RAI fields',
  })
  async croissant(
    @CurrentOrg() ctx: OrgContext,
    @Param('orderId', UuidParam) orderId: string,
    @Res() res: Response,
  ) {
    const stream = await this.delivery.croissant(ctx, orderId);
    res.status(200);
    res.setHeader('Content-Type', 'application/ld+json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    await stream((chunk) => writeLine(res, chunk, ''));
    res.end();
  }
}

/**
 * Writes and, when the socket asks, waits for it to drain (or close), so memory stays flat.
 * The listeners are removed once either fires: a long manifest must not pile them up.
 */
function writeLine(res: Response, text: string, end = '\n'): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('The client went away.'));
  if (res.write(text + end)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
