import { createHash, timingSafeEqual } from 'node:crypto';
import { forbidden, unauthorized } from './http-problem';

/** A configured key: its name (for logs and limits) and the SHA-256 of the key in hex. */
export interface ApiKeyEntry {
  name: string;
  sha256: string;
}

/** The SHA-256 of a key in hex, as INGEST_API_KEYS holds it (`printf %s KEY | sha256sum`). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Bearer API keys checked against their configured hashes, in constant time. */
export class ApiKeys {
  private readonly entries: ReadonlyArray<{ name: string; digest: Buffer }>;

  constructor(entries: readonly ApiKeyEntry[]) {
    if (entries.length === 0) throw new Error('at least one API key is required');
    this.entries = entries.map(({ name, sha256 }) => ({ name, digest: Buffer.from(sha256, 'hex') }));
  }

  /** The name of the key an Authorization header presents; 401 without a bearer key, 403 for an unknown one. */
  authenticate(authorization: string | undefined): string {
    if (authorization === undefined || authorization.trim() === '') {
      throw unauthorized('an API key is required: send Authorization: Bearer <key>');
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!match?.[1]) throw unauthorized('the Authorization header must be Bearer <key>');
    const presented = createHash('sha256').update(match[1], 'utf8').digest();
    // Compare with every entry, without stopping at a match, so timing says nothing about which entry or byte differed.
    let found: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, entry.digest) && found === undefined) found = entry.name;
    }
    if (found === undefined) throw forbidden('the API key is not valid');
    return found;
  }
}
