import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidInputError } from '@cleanwire/contracts';
import { isRecencyMember } from './index-keys';

/** A page cursor this store did not issue for this query; as an InvalidInputError on `cursor` it becomes a 400. */
export class InvalidCursorError extends InvalidInputError {
  constructor(reason = 'not a cursor this service issued') {
    super(`invalid cursor: ${reason}`, 'cursor');
  }
}

// Long enough for a search cursor over many shards; anything longer was not issued by us.
const MAX_CURSOR_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
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

/** Where a story list page ended: the last story's recency member and shard. */
export interface ListPosition {
  member: string;
  shard: number;
}

/** Short digest of a request's parameters, so a cursor cannot be replayed against another query. */
export function queryFingerprint(parameters: unknown): string {
  return createHash('sha256').update(JSON.stringify(parameters)).digest('base64url').slice(0, 12);
}

/** Cursor pointing just after a story of a list. */
export function encodeListCursor(position: ListPosition, fingerprint: string): string {
  return encode(`l:${position.member}:${position.shard}:${fingerprint}`);
}

/** The list position a cursor points after; InvalidCursorError if the cursor is not one for this listing. */
export function decodeListCursor(cursor: string, fingerprint: string): ListPosition {
  const match = /^l:([0-9a-z]+):(\d{1,4}):([A-Za-z0-9_-]{12})$/.exec(decode(cursor));
  if (!match || !isRecencyMember(match[1] ?? '')) throw new InvalidCursorError();
  if (match[3] !== fingerprint) throw new InvalidCursorError('issued for a different query');
  return { member: match[1] ?? '', shard: Number(match[2]) };
}

/** Where a search page ended. */
export interface SearchPosition {
  /** Per shard, the docid the current candidate window starts below (null: from the newest). -1: shard exhausted. */
  windows: Array<number | null>;
  /** The last result's rank key (score, sort ms, shard, docid), or null at a window's start. */
  after: [number, number, number, number] | null;
  /** The total reported with the first page, kept so every page reports the same. */
  total: number;
  totalIsEstimate: boolean;
}

const SearchPayload = z
  .object({
    f: z.string().length(12),
    w: z.array(z.number().int().min(-1).nullable()).max(1024),
    a: z.tuple([z.number(), z.number().int(), z.number().int().min(0), z.number().int().min(0)]).nullable(),
    t: z.number().int().min(0),
    e: z.boolean(),
  })
  .strict();

/** Cursor of the search page that starts after `position`. */
export function encodeSearchCursor(position: SearchPosition, fingerprint: string): string {
  const payload = {
    f: fingerprint,
    w: position.windows,
    a: position.after,
    t: position.total,
    e: position.totalIsEstimate,
  };
  return encode(`s:${JSON.stringify(payload)}`);
}

/** The search position a cursor holds; InvalidCursorError if malformed or issued for another query. */
export function decodeSearchCursor(cursor: string, fingerprint: string, shards: number): SearchPosition {
  const text = decode(cursor);
  if (!text.startsWith('s:')) throw new InvalidCursorError();
  let payload: z.infer<typeof SearchPayload>;
  try {
    payload = SearchPayload.parse(JSON.parse(text.slice(2)));
  } catch {
    throw new InvalidCursorError();
  }
  if (payload.f !== fingerprint) throw new InvalidCursorError('issued for a different query');
  if (payload.w.length !== shards) throw new InvalidCursorError('issued for another shard layout');
  return { windows: payload.w, after: payload.a, total: payload.t, totalIsEstimate: payload.e };
}
