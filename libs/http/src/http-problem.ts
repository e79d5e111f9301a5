/**
 * A refusal that belongs to HTTP itself (credentials, rate limits, idempotency keys) rather than to the domain: its
 * status, a message naming the problem, and the headers the status calls for (WWW-Authenticate, Retry-After).
 */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

/** 401: no credentials, or unreadable ones. */
export const unauthorized = (message: string): HttpProblem =>
  new HttpProblem(401, message, { 'www-authenticate': 'Bearer realm="cleanwire"' });

/** 403: credentials that are not a configured key. */
export const forbidden = (message: string): HttpProblem =>
  new HttpProblem(403, message, { 'www-authenticate': 'Bearer realm="cleanwire", error="invalid_token"' });

/** 429 with the whole seconds to wait. */
export const tooManyRequests = (message: string, retryAfterMs: number): HttpProblem =>
  new HttpProblem(429, message, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) });
