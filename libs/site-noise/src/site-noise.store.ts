import {
  DEFAULT_SITE_NOISE_POLICY,
  type LearnedSiteNoise,
  learnedSiteNoise,
  type SiteNoisePolicy,
} from '@cleanwire/cleaning';
import { execPipeline } from '@cleanwire/redis';
import type { ChainableCommander, Redis } from 'ioredis';

/**
 * Key layout, under the prefix (default `cw:`); the source name is always the last part, so families cannot collide:
 * - `noise:articles:<source>`  HyperLogLog of the story ids counted for the source (the share's denominator).
 * - `noise:lines:<source>`     ZSET: member = candidate key (`t:` or `b:` + line text), score = distinct articles
 *                               it was seen in. At most `maxLinesPerSource` members: the lowest scores are evicted.
 * - `noise:line:<sha1(source \n candidate)>`  HyperLogLog of the story ids a candidate line was seen in.
 * A HyperLogLog counts each story id once however often it is re-processed, and is exact at the small counts the
 * thresholds look at. Every key expires `retentionSeconds` after it was last touched, so lines that stop recurring
 * (and sources that stop publishing) go away; an evicted line keeps its HyperLogLog until then, so it returns with
 * its count if it recurs.
 */
export interface SiteNoiseStoreOptions {
  keyPrefix?: string;
  policy?: SiteNoisePolicy;
  /** Default 14 days. */
  retentionSeconds?: number;
  /** Default 2000. */
  maxLinesPerSource?: number;
}

/** One article's candidate lines (from `siteNoiseCandidates`), to be counted for its source. */
export interface SiteNoiseObservation {
  source: string;
  storyId: string;
  candidates: readonly string[];
}

/**
 * Counts one source's observations.
 * KEYS: 1 articles HLL, 2 lines ZSET. ARGV: 1 line key prefix, 2 source, 3 retention seconds, 4 max lines,
 * then per article: story id, number of candidates n, n candidates.
 */
const RECORD_SITE_NOISE_LUA = `
local prefix, source, ttl, cap = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local i = 5
while i <= #ARGV do
  local id, n = ARGV[i], tonumber(ARGV[i + 1])
  redis.call('PFADD', KEYS[1], id)
  for j = i + 2, i + 1 + n do
    local member = ARGV[j]
    local key = prefix .. redis.sha1hex(source .. '\\n' .. member)
    local changed = redis.call('PFADD', key, id)
    if changed == 1 or not redis.call('ZSCORE', KEYS[2], member) then
      redis.call('ZADD', KEYS[2], redis.call('PFCOUNT', key), member)
    end
    redis.call('EXPIRE', key, ttl)
  end
  i = i + 2 + n
end
local excess = redis.call('ZCARD', KEYS[2]) - cap
if excess > 0 then redis.call('ZPOPMIN', KEYS[2], excess) end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
return 0
`;

type RedisArg = string | number;
type SiteNoisePipeline = ChainableCommander & {
  cwRecordSiteNoise(numKeys: number, ...keysAndArgs: RedisArg[]): ChainableCommander;
};

/** What each source's articles taught about its chrome, shared in Redis by every normalizer instance. */
export class SiteNoiseStore {
  private readonly prefix: string;
  private readonly policy: SiteNoisePolicy;
  private readonly retentionSeconds: number;
  private readonly maxLinesPerSource: number;

  constructor(
    private readonly redis: Redis,
    options: SiteNoiseStoreOptions = {},
  ) {
    this.prefix = `${options.keyPrefix ?? 'cw:'}noise:`;
    this.policy = options.policy ?? DEFAULT_SITE_NOISE_POLICY;
    this.retentionSeconds = options.retentionSeconds ?? 14 * 24 * 3600;
    this.maxLinesPerSource = options.maxLinesPerSource ?? 2000;
    redis.defineCommand('cwRecordSiteNoise', { lua: RECORD_SITE_NOISE_LUA });
  }

  /** The learned noise of each source, read in one round trip; a source with nothing learned maps to an empty set. */
  async learned(sources: Iterable<string>): Promise<Map<string, LearnedSiteNoise>> {
    const unique = [...new Set(sources)];
    const result = new Map<string, LearnedSiteNoise>();
    if (unique.length === 0) return result;
    // Lines below the article minimum can never pass, so they are not even transferred.
    const minArticles = Math.max(2, this.policy.minArticles);
    const pipeline = this.redis.pipeline();
    for (const source of unique) {
      pipeline.pfcount(this.articlesKey(source));
      pipeline.zrangebyscore(this.linesKey(source), minArticles, '+inf', 'WITHSCORES');
    }
    const replies = await execPipeline('reading learned site noise', pipeline);
    unique.forEach((source, index) => {
      const sourceArticles = Number(replies[2 * index]);
      const flat = replies[2 * index + 1] as string[];
      const counts: [string, number][] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) counts.push([flat[i] ?? '', Number(flat[i + 1])]);
      result.set(source, learnedSiteNoise(counts, sourceArticles, this.policy));
    });
    return result;
  }

  /** Counts each article once per candidate line, in one pipeline; re-recording a story id changes no count. */
  async record(observations: readonly SiteNoiseObservation[]): Promise<void> {
    const bySource = new Map<string, SiteNoiseObservation[]>();
    for (const observation of observations) {
      const list = bySource.get(observation.source) ?? [];
      list.push(observation);
      bySource.set(observation.source, list);
    }
    if (bySource.size === 0) return;
    const pipeline = this.redis.pipeline() as SiteNoisePipeline;
    for (const [source, list] of bySource) {
      const args: RedisArg[] = [`${this.prefix}line:`, source, this.retentionSeconds, this.maxLinesPerSource];
      for (const { storyId, candidates } of list) args.push(storyId, candidates.length, ...candidates);
      pipeline.cwRecordSiteNoise(2, this.articlesKey(source), this.linesKey(source), ...args);
    }
    await execPipeline('recording site noise candidates', pipeline);
  }

  private articlesKey(source: string): string {
    return `${this.prefix}articles:${source}`;
  }

  private linesKey(source: string): string {
    return `${this.prefix}lines:${source}`;
  }
}
