import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { StripeApiAddress } from '../../src/config/payments.config.js';

/** One request as the double received it. */
export interface RecordedStripeRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, string>;
  /** Form fields as sent, keys in Stripe's bracket notation: `payment_intent_data[transfer_group]`. */
  body: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  idempotencyKey: string | undefined;
}

/** A Stripe object as the double answers it (JSON). */
type StripeObject = Record<string, unknown> & { id: string };

export interface StripeDouble {
  /** What `STRIPE_API_URL` would hold: http://127.0.0.1:<port>. */
  url: string;
  api: StripeApiAddress;
  /** Every request, oldest first, including the ones answered with an error. */
  requests: RecordedStripeRequest[];
  /** The requests to one path (and method), oldest first. */
  requestsTo(method: string, path: string): RecordedStripeRequest[];
  /** Forgets the recorded requests and any failures still planned (objects stay). */
  reset(): void;
  /**
   * The next `times` requests (to `path` only, when given) are answered `status` with Stripe's
   * error shape.
   */
  failNext(status: 500 | 503 | 429, times?: number, path?: string): void;
  /** Objects Stripe would already hold (a succeeded PaymentIntent, an invoice's payments). */
  seedPaymentIntent(intent: StripeObject): void;
  seedInvoicePayment(invoicePayment: StripeObject & { invoice: string }): void;
  seedAccount(account: StripeObject): void;
  /** A copy of a connected account the double holds, to shape the `account.updated` events. */
  account(id: string): StripeObject | undefined;
  /** A copy of a checkout session the double created, to shape the events Stripe would send. */
  checkoutSession(id: string): StripeObject | undefined;
  /** A copy of an invoice the double holds (created, finalized, sent), likewise. */
  invoice(id: string): StripeObject | undefined;
  /** The lab paid an open invoice (on Stripe's hosted page, say): it is `paid` from now on. */
  payInvoice(id: string): void;
  /** Copies of the customers the double holds. */
  customers(): StripeObject[];
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

/**
 * A local stand-in for api.stripe.com that the real SDK talks to (`host`/`port`/`protocol`): it
 * answers the endpoints the adapter uses with objects shaped like the API's (version 2026-10-28),
 * checks the bearer key, and replays POSTs by `Idempotency-Key` the way Stripe does: the same key
 * and parameters get the first answer again (with `Idempotent-Replayed: true`), the same key with
 * other parameters a 400 `idempotency_error`. It records every request for the test to read.
 * Only the fields the adapter and its tests read are modelled.
 */
export async function startStripeDouble(options: { secretKey: string }): Promise<StripeDouble> {
  const requests: RecordedStripeRequest[] = [];
  const answered = new Map<string, { fingerprint: string; answer: Answer }>();
  const sessions = new Map<string, StripeObject>();
  const transfers = new Map<string, StripeObject>();
  const accounts = new Map<string, StripeObject>();
  const paymentIntents = new Map<string, StripeObject>();
  const invoicePayments: (StripeObject & { invoice: string })[] = [];
  const customers = new Map<string, StripeObject>();
  const invoices = new Map<string, StripeObject>();
  let failures: { status: number; left: number; path?: string } | null = null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stripe.double');
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedStripeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: Object.fromEntries(new URLSearchParams(raw)),
        headers: req.headers,
        idempotencyKey: header(req.headers['idempotency-key']),
      };
      requests.push(recorded);
      const answer = respond(recorded);
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'request-id': `req_${randomBytes(7).toString('hex')}`,
        ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
      res.end(JSON.stringify(answer.body));
    });
  });

  function respond(request: RecordedStripeRequest): Answer & { replayed?: boolean } {
    if (failures && failures.left > 0 && (!failures.path || failures.path === request.path)) {
      failures.left -= 1;
      // Stripe's 5xx bodies do not echo keys; this one does, so a test proves the adapter does
      // not pass the SDK's message on.
      return error(failures.status, {
        type: failures.status === 429 ? 'invalid_request_error' : 'api_error',
        ...(failures.status === 429 ? { code: 'rate_limit' } : {}),
        message: `Something went wrong on Stripe's end while serving key ${options.secretKey}.`,
      });
    }
    if (request.headers.authorization !== `Bearer ${options.secretKey}`) {
      return error(401, {
        type: 'invalid_request_error',
        message: 'Invalid API Key provided: sk_test_****',
      });
    }
    if (request.method !== 'POST') return route(request);
    const key = request.idempotencyKey;
    if (!key) return route(request);
    const fingerprint = JSON.stringify([request.path, request.body]);
    const previous = answered.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        return error(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      return { ...previous.answer, replayed: true };
    }
    const answer = route(request);
    // Stripe does not save an answer when the request failed before it ran (a 5xx is saved
    // only for requests that started executing; none of ours do here).
    if (answer.status < 500) answered.set(key, { fingerprint, answer });
    return answer;
  }

  function route(request: RecordedStripeRequest): Answer {
    const { method, path, body } = request;
    const now = Math.floor(Date.now() / 1000);
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const id = `cs_test_${token(24)}`;
      const session: StripeObject = {
        id,
        object: 'checkout.session',
        amount_subtotal: Number(body['line_items[0][price_data][unit_amount]']),
        amount_total: Number(body['line_items[0][price_data][unit_amount]']),
        cancel_url: body.cancel_url ?? null,
        client_reference_id: body.client_reference_id ?? null,
        created: now,
        currency: body['line_items[0][price_data][currency]'] ?? null,
        customer_email: body.customer_email ?? null,
        expires_at: now + 24 * 3600,
        livemode: false,
        metadata: fieldsUnder(body, 'metadata'),
        mode: body.mode,
        payment_intent: null,
        payment_status: 'unpaid',
        status: 'open',
        success_url: body.success_url ?? null,
        url: `https://checkout.stripe.com/c/pay/${id}#${token(16)}`,
      };
      sessions.set(id, session);
      return { status: 200, body: session };
    }
    if (method === 'POST' && path === '/v1/transfers') {
      const id = `tr_${token(24)}`;
      const transfer: StripeObject = {
        id,
        object: 'transfer',
        amount: Number(body.amount),
        amount_reversed: 0,
        balance_transaction: `txn_${token(24)}`,
        created: now,
        currency: body.currency,
        description: body.description ?? null,
        destination: body.destination,
        destination_payment: `py_${token(24)}`,
        livemode: false,
        metadata: fieldsUnder(body, 'metadata'),
        reversals: {
          object: 'list',
          data: [],
          has_more: false,
          url: `/v1/transfers/${id}/reversals`,
        },
        reversed: false,
        source_transaction: body.source_transaction ?? null,
        transfer_group: body.transfer_group ?? null,
      };
      transfers.set(id, transfer);
      return { status: 200, body: transfer };
    }
    if (method === 'GET' && path === '/v1/transfers') {
      // Newest first, as Stripe lists; `created[gte]` and one page of up to `limit`.
      const since = Number(request.query['created[gte]'] ?? 0);
      const all = [...transfers.values()]
        .filter((transfer) => (transfer.created as number) >= since)
        .reverse();
      return {
        status: 200,
        body: { object: 'list', data: all, has_more: false, url: '/v1/transfers' },
      };
    }
    if ((match = /^\/v1\/transfers\/([^/]+)$/.exec(path)) && method === 'GET') {
      const transfer = transfers.get(match[1]!);
      return transfer ? { status: 200, body: transfer } : missing('transfer', match[1]!, 'id');
    }
    if ((match = /^\/v1\/transfers\/([^/]+)\/reversals$/.exec(path)) && method === 'POST') {
      const transfer = transfers.get(match[1]!);
      if (!transfer) return missing('transfer', match[1]!, 'id');
      const left = (transfer.amount as number) - (transfer.amount_reversed as number);
      const amount = body.amount === undefined ? left : Number(body.amount);
      if (amount > left || amount <= 0) {
        return error(400, {
          type: 'invalid_request_error',
          code: 'amount_too_large',
          param: 'amount',
          message: `Transfer ${transfer.id} has only ${left} left to reverse.`,
        });
      }
      const reversal: StripeObject = {
        id: `trr_${token(24)}`,
        object: 'transfer_reversal',
        amount,
        balance_transaction: `txn_${token(24)}`,
        created: now,
        currency: transfer.currency,
        destination_payment_refund: `pyr_${token(24)}`,
        metadata: {},
        source_refund: null,
        transfer: transfer.id,
      };
      transfer.amount_reversed = (transfer.amount_reversed as number) + amount;
      transfer.reversed = transfer.amount_reversed === transfer.amount;
      (transfer.reversals as { data: unknown[] }).data.unshift(reversal);
      return { status: 200, body: reversal };
    }
    if (method === 'POST' && path === '/v1/accounts') {
      const id = `acct_${token(16)}`;
      const account: StripeObject = {
        id,
        object: 'account',
        business_type: null,
        capabilities:
          body['capabilities[transfers][requested]'] === 'true' ? { transfers: 'inactive' } : {},
        charges_enabled: false,
        controller: {
          fees: { payer: body['controller[fees][payer]'] },
          is_controller: true,
          losses: { payments: body['controller[losses][payments]'] },
          requirement_collection: body['controller[requirement_collection]'],
          stripe_dashboard: { type: body['controller[stripe_dashboard][type]'] },
          type: 'application',
        },
        country: body.country ?? 'US',
        created: now,
        default_currency: 'usd',
        details_submitted: false,
        email: body.email ?? null,
        metadata: fieldsUnder(body, 'metadata'),
        payouts_enabled: false,
        // What a new recipient account owes before it can be paid out.
        requirements: {
          alternatives: [],
          current_deadline: null,
          currently_due: ['external_account', 'tos_acceptance.date', 'tos_acceptance.ip'],
          disabled_reason: 'requirements.past_due',
          errors: [],
          eventually_due: ['external_account', 'tos_acceptance.date', 'tos_acceptance.ip'],
          past_due: ['external_account', 'tos_acceptance.date', 'tos_acceptance.ip'],
          pending_verification: [],
        },
        type: 'standard',
      };
      accounts.set(id, account);
      return { status: 200, body: account };
    }
    if (method === 'POST' && path === '/v1/account_links') {
      const account = body.account ?? '';
      if (!accounts.has(account)) return missing('account', account, 'account');
      return {
        status: 200,
        body: {
          object: 'account_link',
          created: now,
          expires_at: now + 300,
          url: `https://connect.stripe.com/setup/s/${account}/${token(12)}`,
        },
      };
    }
    if (method === 'GET' && path === '/v1/customers/search') {
      // Only the query the adapter sends: metadata['key']:'value'.
      const query = /^metadata\['(\w+)'\]:'([^']*)'$/.exec(request.query.query ?? '');
      if (!query) {
        return error(400, {
          type: 'invalid_request_error',
          param: 'query',
          message: 'The double understands metadata queries only.',
        });
      }
      const data = [...customers.values()].filter(
        (customer) => (customer.metadata as Record<string, string>)[query[1]!] === query[2],
      );
      return {
        status: 200,
        body: { object: 'search_result', data, has_more: false, next_page: null, url: path },
      };
    }
    if (method === 'POST' && path === '/v1/customers') {
      const id = `cus_${token(14)}`;
      const customer: StripeObject = {
        id,
        object: 'customer',
        created: now,
        email: body.email || null,
        livemode: false,
        metadata: fieldsUnder(body, 'metadata'),
        name: body.name ?? null,
      };
      customers.set(id, customer);
      return { status: 200, body: customer };
    }
    if ((match = /^\/v1\/customers\/([^/]+)$/.exec(path)) && method === 'POST') {
      const customer = customers.get(match[1]!);
      if (!customer) return missing('customer', match[1]!, 'id');
      if ('name' in body) customer.name = body.name || null;
      if ('email' in body) customer.email = body.email || null;
      return { status: 200, body: customer };
    }
    if (method === 'POST' && path === '/v1/invoices') {
      const customer = customers.get(body.customer ?? '');
      if (!customer) return missing('customer', body.customer ?? '', 'customer');
      if (body.collection_method === 'send_invoice' && !body.days_until_due && !body.due_date) {
        return error(400, {
          type: 'invalid_request_error',
          param: 'days_until_due',
          message: 'Invoices with collection_method=send_invoice need days_until_due or due_date.',
        });
      }
      const id = `in_${token(24)}`;
      const invoice: StripeObject = {
        id,
        object: 'invoice',
        amount_due: 0,
        amount_paid: 0,
        amount_remaining: 0,
        auto_advance: body.auto_advance === 'true',
        collection_method: body.collection_method ?? 'charge_automatically',
        created: now,
        currency: body.currency ?? 'usd',
        customer: customer.id,
        customer_email: customer.email,
        days_until_due: body.days_until_due ? Number(body.days_until_due) : null,
        description: body.description ?? null,
        due_date: null,
        hosted_invoice_url: null,
        livemode: false,
        metadata: fieldsUnder(body, 'metadata'),
        number: null,
        status: 'draft',
        status_transitions: { finalized_at: null, paid_at: null },
        total: 0,
      };
      invoices.set(id, invoice);
      return { status: 200, body: invoice };
    }
    if (method === 'POST' && path === '/v1/invoiceitems') {
      const invoice = invoices.get(body.invoice ?? '');
      if (!invoice) return missing('invoice', body.invoice ?? '', 'invoice');
      if (invoice.status !== 'draft') {
        return error(400, {
          type: 'invalid_request_error',
          code: 'invoice_not_editable',
          param: 'invoice',
          message: `Invoice ${invoice.id} is no longer a draft.`,
        });
      }
      const amount = Number(body.amount);
      invoice.total = (invoice.total as number) + amount;
      invoice.amount_due = invoice.total;
      invoice.amount_remaining = invoice.total;
      return {
        status: 200,
        body: {
          id: `ii_${token(24)}`,
          object: 'invoiceitem',
          amount,
          currency: body.currency,
          customer: body.customer,
          description: body.description ?? null,
          invoice: invoice.id,
          metadata: fieldsUnder(body, 'metadata'),
        },
      };
    }
    if ((match = /^\/v1\/invoices\/([^/]+)\/(finalize|send)$/.exec(path)) && method === 'POST') {
      const invoice = invoices.get(match[1]!);
      if (!invoice) return missing('invoice', match[1]!, 'invoice');
      if (match[2] === 'finalize') {
        if (invoice.status !== 'draft') {
          return error(400, {
            type: 'invalid_request_error',
            code: 'invoice_not_editable',
            message: `Invoice ${invoice.id} is already finalized.`,
          });
        }
        invoice.status = 'open';
        invoice.number = `CF-${token(6).toUpperCase()}-0001`;
        invoice.hosted_invoice_url = `https://invoice.stripe.com/i/acct_double/test_${token(24)}`;
        invoice.due_date = now + 86_400 * ((invoice.days_until_due as number | null) ?? 30);
        invoice.auto_advance = body.auto_advance === 'true';
        (invoice.status_transitions as Record<string, unknown>).finalized_at = now;
      } else if (invoice.status !== 'open' || invoice.collection_method !== 'send_invoice') {
        return error(400, {
          type: 'invalid_request_error',
          code: 'invoice_not_open',
          message: `Invoice ${invoice.id} cannot be sent.`,
        });
      }
      return { status: 200, body: invoice };
    }
    if ((match = /^\/v1\/invoices\/([^/]+)$/.exec(path)) && method === 'GET') {
      const invoice = invoices.get(match[1]!);
      return invoice ? { status: 200, body: invoice } : missing('invoice', match[1]!, 'invoice');
    }
    if ((match = /^\/v1\/invoices\/([^/]+)\/void$/.exec(path)) && method === 'POST') {
      const invoice = invoices.get(match[1]!);
      if (!invoice) return missing('invoice', match[1]!, 'invoice');
      // Stripe voids open and uncollectible invoices only, and names no code otherwise.
      if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
        return error(400, {
          type: 'invalid_request_error',
          message: "You can only pass in open invoices. This invoice isn't open.",
        });
      }
      invoice.status = 'void';
      (invoice.status_transitions as Record<string, unknown>).voided_at = now;
      return { status: 200, body: invoice };
    }
    if ((match = /^\/v1\/payment_intents\/([^/]+)$/.exec(path)) && method === 'GET') {
      const intent = paymentIntents.get(match[1]!);
      return intent
        ? { status: 200, body: intent }
        : missing('payment_intent', match[1]!, 'intent');
    }
    if (method === 'GET' && path === '/v1/invoice_payments') {
      const data = invoicePayments.filter(
        (payment) =>
          (!request.query.invoice || payment.invoice === request.query.invoice) &&
          (!request.query.status || payment.status === request.query.status),
      );
      return {
        status: 200,
        body: { object: 'list', data, has_more: false, url: '/v1/invoice_payments' },
      };
    }
    return error(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    api: { host: '127.0.0.1', port, protocol: 'http' },
    requests,
    requestsTo: (method, path) =>
      requests.filter((request) => request.method === method && request.path === path),
    reset() {
      requests.length = 0;
      failures = null;
    },
    failNext(status, times = 1, path) {
      failures = { status, left: times, ...(path ? { path } : {}) };
    },
    seedPaymentIntent: (intent) => void paymentIntents.set(intent.id, intent),
    seedInvoicePayment: (invoicePayment) => void invoicePayments.push(invoicePayment),
    seedAccount: (account) => void accounts.set(account.id, account),
    account: (id) => {
      const account = accounts.get(id);
      return account ? structuredClone(account) : undefined;
    },
    checkoutSession: (id) => {
      const session = sessions.get(id);
      return session ? structuredClone(session) : undefined;
    },
    invoice: (id) => {
      const invoice = invoices.get(id);
      return invoice ? structuredClone(invoice) : undefined;
    },
    payInvoice: (id) => {
      const invoice = invoices.get(id);
      if (invoice?.status !== 'open') throw new Error(`invoice ${id} is not open`);
      invoice.status = 'paid';
      invoice.amount_paid = invoice.total;
      invoice.amount_remaining = 0;
    },
    customers: () => [...customers.values()].map((customer) => structuredClone(customer)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A Stripe event envelope around `object`, as the webhook endpoint receives it. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  extra: { id?: string; created?: number } = {},
): Record<string, unknown> {
  return {
    id: extra.id ?? `evt_${token(24)}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: extra.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/**
 * The body and `Stripe-Signature` header Stripe would POST, signed with the SDK's own test
 * helper. `timestamp` in seconds (default now).
 */
export function signedStripeEvent(
  event: Record<string, unknown>,
  secret: string,
  timestamp?: number,
): { body: string; signature: string } {
  const body = JSON.stringify(event, null, 2);
  return { body, signature: stripeSignature(body, secret, timestamp) };
}

/** The `Stripe-Signature` header over any body (e.g. one that is not JSON at all). */
export function stripeSignature(body: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
}

function error(status: number, detail: Record<string, unknown>): Answer {
  return { status, body: { error: detail } };
}

/** Stripe answers a missing id in the path 404, a missing id in the body 400. */
function missing(what: string, id: string, param: string): Answer {
  return error(what === 'account' ? 400 : 404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param,
    message: `No such ${what}: '${id}'`,
  });
}

/** `metadata[order_id]=x` → `{ order_id: 'x' }`. */
function fieldsUnder(body: Record<string, string>, name: string): Record<string, string> {
  const prefix = `${name}[`;
  return Object.fromEntries(
    Object.entries(body)
      .filter(([key]) => key.startsWith(prefix) && key.endsWith(']') && !key.includes('][', 0))
      .map(([key, value]) => [key.slice(prefix.length, -1), value]),
  );
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function token(length: number): string {
  return randomBytes(length).toString('base64url').replace(/[-_]/g, 'x').slice(0, length);
}
