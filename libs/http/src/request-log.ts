import type { FastifyInstance } from 'fastify';
import type { Logger } from '@cleanwire/logging';
import { REQUEST_ID_HEADER } from './request-id';

/** One finished HTTP request, as the service's metrics see it. */
export interface FinishedRequest {
  method: string;
  /** The route pattern (`/v1/stories/:id`), never the raw URL, so label values stay few. */
  route: string;
  status: number;
  seconds: number;
}

/** Told of every finished request: metrics hang here, so the HTTP set-up knows nothing of them. Must not throw. */
export interface HttpObserver {
  requestFinished(request: FinishedRequest): void;
}

// Probes and scrapes arrive every few seconds; their lines would bury the requests people make.
const QUIET_ROUTES = /^\/(health|metrics)(\/|$)/;

/**
 * Returns each request's id in `x-request-id`, and logs one JSON line per finished request with that id, its route,
 * status and duration; the observer (metrics) is told of each too.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger, observer?: HttpObserver): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    const line = {
      requestId: request.id,
      method: request.method,
      url: request.url,
      route,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (QUIET_ROUTES.test(route)) logger.debug(line, 'request completed');
    else logger.info(line, 'request completed');
    observer?.requestFinished({ method: request.method, route, status: reply.statusCode, seconds });
    done();
  });
}
