import { RetriableError } from '@cleanwire/contracts';
import type { Redis } from 'ioredis';

/**
 * A token bucket per subject, refilled continuously at `perMinute` tokens a minute up to `perMinute` tokens, so a
 * client may burst up to its minute's allowance and then gets one request every 60/perMinute seconds. The clock is
 * Redis's own (TIME), so every ingest replica sharing the Redis counts against the same bucket.
 * KEYS: 1 the bucket. ARGV: 1 tokens per minute. Returns {allowed 0|1, tokens left (floor), ms until the next token}.
 */
export const TAKE_TOKEN_LUA = `
local capacity = tonumber(ARGV[1])
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or nowMs
if nowMs > at then tokens = math.min(capacity, tokens + (nowMs - at) * capacity / 60000) end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(nowMs, at)))
redis.call('PEXPIRE', KEYS[1], 60000)
local waitMs = 0
if tokens < 1 then waitMs = math.ceil((1 - tokens) * 60000 / capacity) end
return {allowed, math.floor(tokens), waitMs}
`;

export interface RateVerdict {
  allowed: boolean;
  /** Requests the subject may still make at once. */
  remaining: number;
  /** Milliseconds until the next request would be allowed (0 while some remain). */
  retryAfterMs: number;
}

interface RateCommands {
  cwTakeToken(key: string, perMinute: number): Promise<[number, number, number]>;
}

/** Per-subject request limits counted in Redis, so they hold across service replicas. */
export class RateLimitStore {
  private readonly commands: RateCommands;

  constructor(
    redis: Redis,
    private readonly keyPrefix = 'cw:rate:',
  ) {
    redis.defineCommand('cwTakeToken', { lua: TAKE_TOKEN_LUA, numberOfKeys: 1 });
    this.commands = redis as unknown as RateCommands;
  }

  /** Takes one request from the subject's allowance of `perMinute`; RetriableError when Redis cannot answer. */
  async take(subject: string, perMinute: number): Promise<RateVerdict> {
    try {
      const [allowed, remaining, waitMs] = await this.commands.cwTakeToken(`${this.keyPrefix}${subject}`, perMinute);
      return { allowed: allowed === 1, remaining, retryAfterMs: allowed === 1 ? 0 : waitMs };
    } catch (error) {
      throw new RetriableError('Redis failed while counting the request rate', { cause: error });
    }
  }
}
