import { createHash, randomUUID } from 'node:crypto';
import { redisCall } from '@cleanwire/redis';
import type { Redis } from 'ioredis';

/** A response as first sent, replayed for retries of the same request. */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a key holds: a request still being worked on, or the finished request's fingerprint and response. */
export type IdempotencyRecord =
  { state: 'in-flight' } | { state: 'done'; fingerprint: string; response: StoredResponse };

/** The outcome of claiming a key: the caller owns it now (and must complete or release it), or it was taken. */
export type IdempotencyClaim = { claimed: true; token: string } | { claimed: false; record: IdempotencyRecord };

/** Replaces the value only while the key still holds the caller's in-flight claim. KEYS: 1. ARGV: token, value, ttl. */
const COMPLETE_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, record = pcall(cjson.decode, current)
if not ok or record.token ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;

/** Deletes the key only while it holds the caller's in-flight claim. KEYS: 1. ARGV: token. */
const RELEASE_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, record = pcall(cjson.decode, current)
if not ok or record.token ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

interface IdempotencyCommands {
  cwIdemComplete(key: string, token: string, value: string, ttlMs: number): Promise<number>;
  cwIdemRelease(key: string, token: string): Promise<number>;
}

/**
 * Idempotency keys in Redis: the first request claims its key (SET NX with a lock TTL, so a crashed worker frees it),
 * then stores its response for the retention TTL. Keys are scoped (per API key) and hashed, so a client cannot see or
 * take another client's keys and a long key cannot bloat Redis.
 */
export class IdempotencyStore {
  private readonly commands: IdempotencyCommands;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix = 'cw:idem:',
  ) {
    redis.defineCommand('cwIdemComplete', { lua: COMPLETE_LUA, numberOfKeys: 1 });
    redis.defineCommand('cwIdemRelease', { lua: RELEASE_LUA, numberOfKeys: 1 });
    this.commands = redis as unknown as IdempotencyCommands;
  }

  /** Claims the key for `lockMs`, or returns what it holds. */
  async claim(scope: string, key: string, lockMs: number): Promise<IdempotencyClaim> {
    const token = randomUUID();
    const redisKey = this.redisKey(scope, key);
    return redisCall('claiming an idempotency key', async () => {
      const set = await this.redis.set(redisKey, JSON.stringify({ state: 'in-flight', token }), 'PX', lockMs, 'NX');
      if (set === 'OK') return { claimed: true, token };
      const current = await this.redis.get(redisKey);
      // Expired between the two calls: the caller may simply try again.
      if (current === null) return this.claim(scope, key, lockMs);
      return { claimed: false, record: parseRecord(current) };
    });
  }

  /** Stores the finished request's response for `ttlMs`; false when the claim had expired meanwhile. */
  async complete(
    scope: string,
    key: string,
    token: string,
    done: { fingerprint: string; response: StoredResponse },
    ttlMs: number,
  ): Promise<boolean> {
    const value = JSON.stringify({ state: 'done', fingerprint: done.fingerprint, response: done.response });
    return redisCall(
      'storing an idempotent response',
      async () => (await this.commands.cwIdemComplete(this.redisKey(scope, key), token, value, ttlMs)) === 1,
    );
  }

  /** Frees the key so a retry does the work again (the request failed in a way a retry can fix). */
  async release(scope: string, key: string, token: string): Promise<void> {
    await redisCall('releasing an idempotency key', () =>
      this.commands.cwIdemRelease(this.redisKey(scope, key), token),
    );
  }

  private redisKey(scope: string, key: string): string {
    return `${this.keyPrefix}${scope}:${createHash('sha256').update(key).digest('base64url')}`;
  }
}

function parseRecord(value: string): IdempotencyRecord {
  const record = JSON.parse(value) as { state: string; fingerprint?: string; response?: StoredResponse };
  if (record.state === 'done' && record.fingerprint !== undefined && record.response !== undefined) {
    return { state: 'done', fingerprint: record.fingerprint, response: record.response };
  }
  return { state: 'in-flight' };
}
