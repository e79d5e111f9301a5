import { createHash } from 'node:crypto';
import { InvalidInputError } from '@cleanwire/contracts';
import { isSortMember } from './story-keys';

/** A page cursor this store did not issue for this query; as an InvalidInputError on `cursor` it becomes a 400. */
export class InvalidCursorError extends InvalidInputError {
  constructor(reason = 'not a cursor this service issued') {
    super(`invalid cursor: ${reason}`, 'cursor');
  }
}

// Long enough for a sort member with a generous story id; anything longer was not issued by us.
const MAX_CURSOR_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const SEARCH_PAYLOAD = /^s:(0|[1-9]\d{0,6}):([A-Za-z0-9_-]{12})$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function encode(payload: string): string {
  return Buffer.from(payload, 'utf8').toString('base64url');
}

function decode(cursor: string): string {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw new InvalidCursorError();
  }
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder skips what it cannot read; only a canonical encoding is one we issued.
  if (bytes.toString('base64url') !== cursor) throw new InvalidCursorError();
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InvalidCursorError();
  }
}

/** Cursor pointing just after a recency-index member. */
export function encodeListCursor(member: string): string {
  return encode(`l:${member}`);
}

/** Recency-index member a list cursor points after; InvalidCursorError if the cursor is not one. */
export function decodeListCursor(cursor: string): string {
  const payload = decode(cursor);
  const member = payload.slice(2);
  if (!payload.startsWith('l:') || !isSortMember(member)) throw new InvalidCursorError();
  return member;
}

/** Short digest of a search's terms and filter, so a cursor cannot be replayed against another query. */
export function searchFingerprint(terms: readonly string[], source: string | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([terms, source ?? null]))
    .digest('base64url')
    .slice(0, 12);
}

/** Cursor for the search result page starting at `offset`. */
export function encodeSearchCursor(offset: number, fingerprint: string): string {
  return encode(`s:${offset}:${fingerprint}`);
}

/** Offset a search cursor points at; InvalidCursorError if malformed or issued for another query. */
export function decodeSearchCursor(cursor: string, fingerprint: string): number {
  const match = SEARCH_PAYLOAD.exec(decode(cursor));
  if (match?.[1] === undefined) throw new InvalidCursorError();
  if (match[2] !== fingerprint) throw new InvalidCursorError('issued for a different query');
  return Number(match[1]);
}
