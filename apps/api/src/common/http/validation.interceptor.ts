import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { fieldErrorsFrom } from '@clearframe/contracts/problem';
import { map, type Observable } from 'rxjs';
import type { z } from 'zod';
import { DomainError } from '../domain-error.js';
import { ENDPOINT_METADATA, type EndpointSpec } from './endpoint.decorator.js';
import type { AppRequest } from './request.js';

/**
 * Validates body and query against the route's contract schemas before the handler runs and
 * replaces them with the parsed (normalised) values. Outside production it also checks responses,
 * so a field added to an entity cannot leak through a handler by accident.
 */
@Injectable()
export class ValidationInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Validation');

  constructor(
    private readonly reflector: Reflector,
    private readonly checkResponses: boolean,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<EndpointSpec | undefined>(
      ENDPOINT_METADATA,
      context.getHandler(),
    );
    if (!spec) return next.handle();
    const req = context.switchToHttp().getRequest<AppRequest>();

    if (spec.body) {
      if (!req.is('application/json')) {
        throw new DomainError(
          'unsupported_media_type',
          'Send the request body as application/json.',
        );
      }
      req.body = parseOrThrow(spec.body, req.body ?? {}, 'body');
    }
    if (spec.query) {
      const parsed = parseOrThrow(spec.query, { ...(req.query as object) }, 'query');
      // Express 5 makes req.query a getter; shadow it with the parsed value.
      Object.defineProperty(req, 'query', { value: parsed, writable: true, configurable: true });
    }

    if (!this.checkResponses || !spec.response) return next.handle();
    const responseSchema = spec.response;
    return next.handle().pipe(
      map((value) => {
        const result = responseSchema.safeParse(value);
        if (!result.success) {
          this.logger.error(
            { issues: result.error.issues },
            'Response does not match its contract',
          );
          throw new DomainError('internal_error', 'The response did not match its contract.');
        }
        return value;
      }),
    );
  }
}

function parseOrThrow(schema: z.ZodType, value: unknown, where: 'body' | 'query'): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DomainError('validation_failed', `The request ${where} is not valid.`, {
    errors: fieldErrorsFrom(result.error),
  });
}
