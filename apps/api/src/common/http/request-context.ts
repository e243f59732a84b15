import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/**
 * What code deep in a request may need about it without taking it as a parameter: today the
 * request id, which audit rows record so they can be matched with the request's log lines.
 */
export const RequestContext = {
  /**
   * Express middleware. Mount it after the body parsers: they resume in stream callbacks, which
   * would run outside the scope opened here.
   */
  middleware(req: Request, _res: Response, next: NextFunction): void {
    scope.run({ requestId: (req as Request & { id: string }).id }, next);
  },

  /** The current request's id, or undefined outside a request (CLI, jobs). */
  requestId(): string | undefined {
    return scope.getStore()?.requestId;
  },
};
