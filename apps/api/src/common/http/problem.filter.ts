import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { CertificateError } from '@clearframe/contracts/certificates';
import { LicenseError } from '@clearframe/contracts/license';
import { MoneyError } from '@clearframe/contracts/money';
import { PricingError } from '@clearframe/contracts/pricing';
import {
  type FieldErrorType,
  PROBLEM_CONTENT_TYPE,
  PROBLEMS,
  problemTypeUri,
  type ProblemCode,
  type ProblemType,
} from '@clearframe/contracts/problem';
import type { Response } from 'express';
import { DomainError } from '../domain-error.js';
import type { AppRequest } from './request.js';

/**
 * The contracts library's own errors: input the API passed on could not be used as given
 * (a quote over an unsafe amount, terms that do not parse). Each keeps its issue paths.
 */
const CONTRACT_ERRORS: [new (...args: never[]) => ContractError, ProblemCode][] = [
  [LicenseError, 'license_rejected'],
  [PricingError, 'pricing_rejected'],
  [MoneyError, 'money_rejected'],
  [CertificateError, 'certificate_rejected'],
];

type ContractError = Error & { code: string; issues: FieldErrorType[] };

/** Errors raised by express' body parser before Nest routes the request. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/**
 * The single place where failures become HTTP: every error leaves as RFC 9457
 * `application/problem+json` with a stable code, and never with a stack trace. Status and title
 * come from the contracts' problem catalog, the table the web's messages read too.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<AppRequest>();
    const res = ctx.getResponse<Response>();
    const problem = this.toProblem(exception, req);
    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: req.id }, 'Unhandled error');
    }
    if (problem.retryAfterSeconds) res.setHeader('Retry-After', String(problem.retryAfterSeconds));
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, req: AppRequest): ProblemType {
    const base = (code: ProblemCode, detail: string): ProblemType => ({
      type: problemTypeUri(code),
      title: PROBLEMS[code].title,
      status: PROBLEMS[code].status,
      code,
      detail,
      instance: req.originalUrl?.split('?')[0],
      requestId: req.id,
    });

    if (exception instanceof DomainError) {
      return {
        ...base(exception.code, exception.message),
        ...(exception.extras.errors ? { errors: exception.extras.errors } : {}),
        ...(exception.extras.retryAfterSeconds
          ? { retryAfterSeconds: exception.extras.retryAfterSeconds }
          : {}),
        ...(exception.extras.reason ? { reason: exception.extras.reason } : {}),
        ...(exception.extras.current !== undefined ? { current: exception.extras.current } : {}),
      };
    }
    const contract = CONTRACT_ERRORS.find(([type]) => exception instanceof type);
    if (contract) {
      const error = exception as ContractError;
      return {
        ...base(contract[1], error.message),
        // The library's code rides on each field error; an error without issues still names it.
        errors:
          error.issues.length > 0
            ? error.issues
            : [{ path: '', message: error.message, code: error.code }],
      };
    }
    const parserError = exception as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') {
      return base('malformed_request', 'The request body is not valid JSON.');
    }
    if (parserError?.type === 'entity.too.large') {
      return base('payload_too_large', 'The request body is larger than this endpoint accepts.');
    }
    if (parserError?.type && parserError.status && parserError.status < 500) {
      return base('malformed_request', 'The request body could not be read.');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404)
        return base('route_not_found', `No route matches ${req.method} ${req.path}.`);
      if (status === 405) return base('method_not_allowed', `${req.method} is not allowed here.`);
      if (status === 413) return base('payload_too_large', 'The request body is too large.');
      // body-parser's unsupported charset or content encoding, as Nest's adapter wraps it.
      if (status === 415)
        return base(
          'unsupported_media_type',
          'Send the request body as UTF-8 application/json, without a content encoding.',
        );
      if (status === 400)
        return base(
          'malformed_request',
          'The request body is not valid JSON or could not be read.',
        );
      if (status === 401) return base('unauthenticated', 'Sign in to continue.');
      if (status === 403) return base('forbidden', 'You may not do this.');
      if (status === 429) return base('rate_limited', 'Too many requests. Try again later.');
      // Any other client error from the framework is still the client's: never a 500.
      if (status >= 400 && status < 500)
        return base('malformed_request', 'The request could not be read.');
    }
    return base(
      'internal_error',
      'Something went wrong on our side. The request id identifies it in our logs.',
    );
  }
}
