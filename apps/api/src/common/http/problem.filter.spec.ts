import { beforeAll, describe, expect, it } from '@jest/globals';
import { BadRequestException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { verifyCertificate } from '@clearframe/contracts/certificates';
import { canonicalize } from '@clearframe/contracts/license';
import { add } from '@clearframe/contracts/money';
import { EXAMPLE_RATE_CARD, quote } from '@clearframe/contracts/pricing';
import { Problem } from '@clearframe/contracts/problem';
import { DomainError } from '../domain-error.js';
import { ProblemFilter } from './problem.filter.js';

function run(exception: unknown) {
  const sent: { status?: number; type?: string; body?: string; headers: Record<string, string> } = {
    headers: {},
  };
  const res = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(t: string) {
      sent.type = t;
      return this;
    },
    send(body: string) {
      sent.body = body;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
  };
  const req = { id: 'req-1', method: 'GET', path: '/x', originalUrl: '/x?y=1' };
  const host = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new ProblemFilter().catch(exception, host);
  return { ...sent, problem: Problem.parse(JSON.parse(sent.body!)) };
}

describe('ProblemFilter', () => {
  // The 500 case logs on purpose; keep the test output readable.
  beforeAll(() => Logger.overrideLogger(false));

  it('maps a domain error to its status and stable code', () => {
    const out = run(new DomainError('last_owner', 'Keep an owner.'));
    expect(out.status).toBe(409);
    expect(out.type).toBe('application/problem+json');
    expect(out.problem).toMatchObject({
      code: 'last_owner',
      detail: 'Keep an owner.',
      instance: '/x',
      requestId: 'req-1',
    });
  });

  it('sets Retry-After for rate limits', () => {
    const out = run(new DomainError('rate_limited', 'Slow down', { retryAfterSeconds: 42 }));
    expect(out.headers['Retry-After']).toBe('42');
  });

  it('hides internal errors behind a generic message without a stack', () => {
    const out = run(new Error('database password is hunter2'));
    expect(out.status).toBe(500);
    expect(out.body).not.toContain('hunter2');
    expect(out.problem.code).toBe('internal_error');
  });

  it('maps framework and body-parser errors', () => {
    expect(run(new NotFoundException()).problem.code).toBe('route_not_found');
    expect(run(new BadRequestException()).problem.code).toBe('malformed_request');
    expect(
      run(Object.assign(new Error('too big'), { type: 'entity.too.large', status: 413 })).status,
    ).toBe(413);
    // body-parser's unsupported charset or encoding, as Nest's express adapter wraps it.
    const charset = run(new HttpException('unsupported charset "LATIN1"', 415));
    expect(charset.status).toBe(415);
    expect(charset.problem.code).toBe('unsupported_media_type');
    const other = run(new HttpException('Request Timeout', 408));
    expect(other.status).toBeLessThan(500);
    expect(other.problem.code).toBe('malformed_request');
  });

  /** Runs a contracts function that must throw, and returns what it threw. */
  async function thrownBy(fn: () => unknown): Promise<unknown> {
    try {
      await fn();
    } catch (error) {
      return error;
    }
    throw new Error('expected the contracts function to throw');
  }

  it('maps the contracts library errors to 422 problems that keep the issue paths', async () => {
    const pricing = run(
      await thrownBy(() => quote({ lines: [], request: {} as never, rateCard: EXAMPLE_RATE_CARD })),
    );
    expect(pricing.status).toBe(422);
    expect(pricing.problem.code).toBe('pricing_rejected');
    expect(pricing.problem.title).toBe('Quote not possible');
    expect(pricing.problem.errors!.map((error) => error.path)).toContain('request.uses');

    const money = run(
      await thrownBy(() =>
        add({ amountMinor: 100, currency: 'USD' }, { amountMinor: 1, currency: 'EUR' }),
      ),
    );
    expect(money.status).toBe(422);
    expect(money.problem.code).toBe('money_rejected');
    expect(money.problem.errors![0]!.code).toBe('currency_mismatch');

    const license = run(await thrownBy(() => canonicalize({ amount: Number.NaN })));
    expect(license).toMatchObject({ status: 422, problem: { code: 'license_rejected' } });
    expect(license.problem.errors![0]!.code).toBe('not_canonicalizable');

    const certificate = run(await thrownBy(() => verifyCertificate('not a jws', { keys: [] })));
    expect(certificate.status).toBe(422);
    expect(certificate.problem).toMatchObject({
      code: 'certificate_rejected',
      errors: [{ path: '', code: 'malformed' }],
    });
  });

  it('takes status and title from the contracts catalog', () => {
    expect(run(new DomainError('api_key_revoked', 'Revoked.')).problem).toMatchObject({
      status: 401,
      title: 'API key revoked',
    });
    // Without a detail of its own, a domain error carries the catalog's sentence for people.
    expect(run(new DomainError('last_owner')).problem.detail).toBe(
      'An organization needs at least one owner. Make someone else an owner first.',
    );
  });
});
