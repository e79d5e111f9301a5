import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** The one structured JSON logger of a service: a fixed message plus context fields. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** Routes Nest's own log lines into the service's pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.logger.info(context(rest), String(message));
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack, context); the stack goes to a field, never into the message.
    const [stack, ...others] = rest;
    this.logger.error({ ...context(others), stack }, String(message));
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.logger.warn(context(rest), String(message));
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.logger.debug(context(rest), String(message));
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.logger.trace(context(rest), String(message));
  }
}

function context(rest: unknown[]): Record<string, unknown> {
  const last = rest[rest.length - 1];
  return typeof last === 'string' ? { context: last } : {};
}

/** The injection token of the service's pino logger. */
export const LOGGER = Symbol('LOGGER');

/** Ends a service that cannot start, with the reason as its last log line. */
export function exitOnStartupFailure(service: string): (error: unknown) => never {
  return (error) => {
    const logger = createLogger(service);
    logger.fatal({ err: error }, error instanceof Error ? error.message : 'startup failed');
    process.exit(1);
  };
}
