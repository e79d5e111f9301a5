import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';

/** The caller name of every request when authentication is disabled. */
export const ANONYMOUS = 'anonymous';

const callers = new WeakMap<IncomingMessage, string>();

/** Records the name of the API key a request was admitted with. */
export function admitCaller(request: FastifyRequest, caller: string): void {
  callers.set(request.raw, caller);
}

/** The name of the API key a request was admitted with. */
export function callerOf(request: FastifyRequest): string {
  return callers.get(request.raw) ?? ANONYMOUS;
}
