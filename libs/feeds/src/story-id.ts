import { createHash } from 'node:crypto';
import { normalizeLine } from '@cleanwire/html';

/**
 * A story's id, stable across re-posts: from the source and the url, or the source and the normalized headline when
 * there is no url. 128 bits of SHA-256, base64url.
 */
export function storyId(source: string, identity: { url?: string; headline?: string }): string {
  const basis = identity.url
    ? `url\u0000${identity.url.trim()}`
    : `headline\u0000${normalizeHeadline(identity.headline ?? '')}`;
  return createHash('sha256')
    .update(`${normalizeLine(source).toLowerCase()}\u0000${basis}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** The headline as ids compare it: Unicode-normalized, whitespace collapsed, case folded. */
export function normalizeHeadline(headline: string): string {
  return normalizeLine(headline).toLowerCase();
}
