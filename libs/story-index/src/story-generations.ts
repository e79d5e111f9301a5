import { redisCall, type RedisClient } from '@cleanwire/redis';
import { generationPointerKey } from './index-keys';

/** The generation every reader uses before any reindex ran. */
export const FIRST_GENERATION = 1;

/**
 * Which keyspace generation queries read (`current`) and which one a reindex is filling (`building`). Writers write
 * both, so the new generation misses nothing that arrives while it is rebuilt; switching is one atomic HSET.
 */
export class StoryGenerations {
  private readonly key: string;
  private cached: { generation: number; at: number } | null = null;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    /** How long readers reuse the current generation before asking again. */
    private readonly cacheMs = 1000,
  ) {
    this.key = generationPointerKey(prefix);
  }

  /** The generation queries read. */
  async current(): Promise<number> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.cacheMs) return this.cached.generation;
    const value = await redisCall('reading the index generation', () => this.redis.hget(this.key, 'current'));
    const generation = value === null ? FIRST_GENERATION : Number(value);
    this.cached = { generation, at: now };
    return generation;
  }

  /** The generations a write goes to: the current one, and the one being rebuilt if any. */
  async writeTargets(): Promise<number[]> {
    const [current, building] = await redisCall('reading the index generation', () =>
      this.redis.hmget(this.key, 'current', 'building'),
    );
    const targets = [current === null ? FIRST_GENERATION : Number(current)];
    if (building !== null && Number(building) !== targets[0]) targets.push(Number(building));
    return targets;
  }

  /** Starts a rebuild into a fresh generation, never used before; returns it and the current one. */
  async beginRebuild(): Promise<{ current: number; building: number }> {
    const [current, last] = await redisCall('reading the index generation', () =>
      this.redis.hmget(this.key, 'current', 'last'),
    );
    const from = current === null ? FIRST_GENERATION : Number(current);
    const building = await redisCall('starting a rebuild', async () => {
      if (Number(last ?? 0) < from) await this.redis.hset(this.key, 'last', from);
      const next = await this.redis.hincrby(this.key, 'last', 1);
      await this.redis.hset(this.key, 'building', next);
      return next;
    });
    return { current: from, building };
  }

  /** Makes the rebuilt generation the one queries read, in one step. */
  async switchTo(generation: number): Promise<void> {
    await redisCall('switching the index generation', async () => {
      await this.redis.multi().hset(this.key, 'current', generation).hdel(this.key, 'building').exec();
    });
    this.cached = null;
  }

  /** Abandons a rebuild: writers stop filling it. */
  async abandonRebuild(): Promise<void> {
    await redisCall('abandoning a rebuild', () => this.redis.hdel(this.key, 'building'));
  }
}
