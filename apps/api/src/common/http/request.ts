import type { Request } from 'express';

/** An Express request after the app's middleware: pino-http gave it an id. */
export interface AppRequest extends Request {
  id: string;
}
