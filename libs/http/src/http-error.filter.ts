import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, throwError } from 'rxjs';
import {
  InvalidInputError,
  NotFoundError,
  PipelineError,
  TooLargeError,
  UnsupportedFormatError,
} from '@cleanwire/contracts';
import type { Logger } from '@cleanwire/logging';
import { HttpProblem } from './http-problem';

/** The body of every error response: a status, its name, a message naming the problem, and the field when known. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  417: 'Expectation Failed',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** The error body for a status: its name, the message, and the field when known. */
export function errorBody(statusCode: number, message: string, field?: string): ErrorBody {
  return { statusCode, error: STATUS_NAMES[statusCode] ?? 'Error', message, ...(field ? { field } : {}) };
}

/** Maps any error to a status and a safe message; never a stack trace in a response. */
export function toErrorResponse(error: unknown): { body: ErrorBody; headers: Record<string, string> } {
  const respond = (statusCode: number, message: string, field?: string, headers: Record<string, string> = {}) => ({
    body: errorBody(statusCode, message, field),
    headers,
  });
  if (error instanceof HttpProblem) return respond(error.statusCode, error.message, undefined, error.headers);
  if (error instanceof InvalidInputError) return respond(400, error.message, error.field);
  if (error instanceof UnsupportedFormatError) return respond(415, error.message);
  if (error instanceof TooLargeError) return respond(413, error.message);
  if (error instanceof NotFoundError) return respond(404, error.message);
  if (error instanceof PipelineError && error.retriable) {
    return respond(503, `${error.message}; retry later`, undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) });
  }
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = Array.isArray(raw) ? raw.map(String).join('; ') : typeof raw === 'string' ? raw : error.message;
    return respond(error.getStatus(), message);
  }
  // Fastify's own errors (body too large, bad media type, malformed content) carry their status.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return respond(statusCode, (error as Error).message);
  }
  return respond(500, 'internal error');
}

/**
 * The one exception filter of a service. Errors of its Kafka handlers pass through untouched: the batch transport
 * needs the original error to decide between retrying and dead-lettering.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    /** The service's body limit in bytes, named when Fastify refuses a body as too large. */
    private readonly bodyLimit?: number,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const { body, headers } = toErrorResponse(exception);
    if (body.statusCode === 415 && !(exception instanceof UnsupportedFormatError)) {
      // A body without any Content-Type is refused by Fastify itself, before the parsers that name the type run.
      body.message = `unsupported content type ${http.getRequest<FastifyRequest>().headers['content-type'] ?? '(none)'}`;
    }
    if (body.statusCode === 413 && !(exception instanceof TooLargeError) && this.bodyLimit !== undefined) {
      // Fastify stops reading an oversized body before a route runs, without saying what the limit is.
      body.message = `the request body exceeds the limit of ${this.bodyLimit} bytes`;
    }
    // An unexpected failure is an error with its stack; a 503 (a dependency away, ingest at capacity) is the service
    // working as designed, one warning line without a stack.
    const requestId = http.getRequest<FastifyRequest>().id;
    if (body.statusCode === 503) {
      this.logger.warn({ status: 503, reason: body.message, requestId }, 'request refused for now');
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: exception, status: body.statusCode, requestId }, 'request failed');
    }
    void reply.status(body.statusCode).headers(headers).send(body);
  }
}
