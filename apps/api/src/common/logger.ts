import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';
import { scrubLogLine, serializeLogError } from './log-redaction.js';

/**
 * Structured JSON logs (pino); Nest's own Logger calls are routed here. Every line passes the
 * redaction of log-redaction.ts. `file` (tests) writes to a file instead of stdout.
 */
export function createPino(level: string, file?: string): Pino {
  const options = {
    level,
    base: { service: 'clearframe-api' },
    serializers: { err: serializeLogError },
    hooks: { streamWrite: scrubLogLine },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  };
  return file
    ? pino(options, pino.destination({ dest: file, sync: true, mkdir: true }))
    : pino(options);
}

/**
 * Adapts Nest's `(message, ...params, context)` calls to pino's `(object, message)`, so
 * `logger.log({ bucket }, 'Created bucket')` in a service becomes one structured line.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    params: unknown[],
  ) {
    const context =
      typeof params.at(-1) === 'string' && params.length > 0 ? (params.pop() as string) : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const text = typeof params[0] === 'string' ? params[0] : undefined;
      this.pino[level]({ context, ...(message as object) }, text);
    } else if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
    } else {
      const stack = typeof params[0] === 'string' && level === 'error' ? params[0] : undefined;
      this.pino[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
