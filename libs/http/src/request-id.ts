import { randomUUID } from 'node:crypto';

/** The header a request's id arrives in (from a caller or proxy that already has one) and is returned in. */
export const REQUEST_ID_HEADER = 'x-request-id';

// Ids end up in log lines and Kafka headers: a caller's id is kept only when it is short and plain.
const WELL_FORMED = /^[A-Za-z0-9._:@/+=-]{8,128}$/;

/** The caller's request id when it is well formed, otherwise a new random one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const offered = Array.isArray(header) ? header[0] : header;
  return offered !== undefined && WELL_FORMED.test(offered) ? offered : randomUUID();
}
