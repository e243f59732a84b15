import { applyDecorators, HttpCode, SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export interface EndpointSpec {
  /** One line for the OpenAPI document. */
  summary: string;
  /** The request body schema from contracts; the validation interceptor enforces it. */
  body?: z.ZodType;
  /** The query-string schema from contracts. */
  query?: z.ZodType;
  /** The response schema from contracts; checked outside production so nothing extra leaks. */
  response?: z.ZodType;
  /** Success status (default 200). */
  status?: number;
}

export const ENDPOINT_METADATA = 'clearframe:endpoint';

/**
 * Declares a route's contract once: the interceptor validates with it and the OpenAPI document
 * is generated from it, so the docs cannot drift from what the API enforces.
 */
export function Endpoint(spec: EndpointSpec): MethodDecorator {
  return applyDecorators(SetMetadata(ENDPOINT_METADATA, spec), HttpCode(spec.status ?? 200));
}
