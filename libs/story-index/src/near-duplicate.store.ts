import type { CleanStory } from '@cleanwire/contracts';
import { execPipeline, redisCall } from '@cleanwire/redis';
import { NEAR_DUPLICATE_MAX_DISTANCE, SIMHASH_BANDS } from '@cleanwire/search';
import type { ChainableCommander, Redis } from 'ioredis';
import { storySortTime } from './story-keys';

/**
 * Key layout, under the prefix (default `cw:`):
 * - `near:story:<id>`          HASH: `member` (`<13-digit sort ms at first sight>:<id>`), `simhash`, and `dup`, the
 *                               member of the earliest stored story within the distance, when that one is earlier.
 * - `near:band:<1..4>:<hex4>`  ZSET, scores 0: members of the stories whose SimHash has these 16 bits in that band.
 * Two hashes within 3 bits agree exactly in at least one of the four bands, so the bands find every candidate.
 * A story keeps the sort time it was first seen with, so a re-post (newer receivedAt) keeps its place in the order.
 */
export interface NearDuplicateStoreOptions {
  keyPrefix?: string;
  /** Default NEAR_DUPLICATE_MAX_DISTANCE (3); must stay below the 4 bands. */
  maxDistance?: number;
  /** Candidates read per band, earliest first; bounds the work a crowded bucket costs. Default 500. */
  maxCandidatesPerBand?: number;
}

/** What linking a batch found: each story's duplicateOf, and stories outside the batch that now point at one of it. */
export interface NearDuplicateLinks {
  duplicateOf: Map<string, string | undefined>;
  relinked: Set<string>;
}

const ID_OFFSET = 15; // Lua is 1-based: the id starts after `<13 digits>:`.

const NEAR_LUA = `
local function popcount(x)
  local c = 0
  while x ~= 0 do x = bit.band(x, x - 1); c = c + 1 end
  return c
end
local function distance(a, b)
  return popcount(bit.bxor(tonumber(string.sub(a, 1, 8), 16), tonumber(string.sub(b, 1, 8), 16)))
    + popcount(bit.bxor(tonumber(string.sub(a, 9, 16), 16), tonumber(string.sub(b, 9, 16), 16)))
end
local function bandKey(prefix, hash, band)
  return prefix .. band .. ':' .. string.sub(hash, 4 * band - 3, 4 * band)
end
-- Members of the stored stories within k bits of hash, other than member, earliest first.
local function near(member, hash, bandPrefix, storyPrefix, k, max)
  local seen, found = {}, {}
  for band = 1, ${SIMHASH_BANDS} do
    for _, m in ipairs(redis.call('ZRANGE', bandKey(bandPrefix, hash, band), 0, max - 1)) do
      if m ~= member and not seen[m] then
        seen[m] = true
        local other = redis.call('HGET', storyPrefix .. string.sub(m, ${ID_OFFSET}), 'simhash')
        if other and distance(other, hash) <= k then found[#found + 1] = m end
      end
    end
  end
  table.sort(found)
  return found
end
`;

/**
 * Registers one story's SimHash and links it. KEYS: 1 the story's hash. ARGV: 1 SimHash ('' to unregister),
 * 2 member if the story is new, 3 band key prefix, 4 story key prefix, 5 max distance, 6 candidates per band.
 * Returns the id it duplicates ('' if none), then the ids of later stories that now point at it.
 */
const LINK_LUA = `${NEAR_LUA}
local hash, bandPrefix, storyPrefix = ARGV[1], ARGV[3], ARGV[4]
local k, max = tonumber(ARGV[5]), tonumber(ARGV[6])
local old = redis.call('HMGET', KEYS[1], 'member', 'simhash')
local member = old[1] or ARGV[2]
if old[2] and old[2] ~= hash then
  for band = 1, ${SIMHASH_BANDS} do redis.call('ZREM', bandKey(bandPrefix, old[2], band), member) end
end
if hash == '' then
  redis.call('DEL', KEYS[1])
  return {''}
end
redis.call('HSET', KEYS[1], 'member', member, 'simhash', hash)
for band = 1, ${SIMHASH_BANDS} do redis.call('ZADD', bandKey(bandPrefix, hash, band), 0, member) end

local found = near(member, hash, bandPrefix, storyPrefix, k, max)
local out = {''}
if found[1] and found[1] < member then
  redis.call('HSET', KEYS[1], 'dup', found[1])
  out[1] = string.sub(found[1], ${ID_OFFSET})
else
  redis.call('HDEL', KEYS[1], 'dup')
end
-- Later near stories were linked before this one arrived: the earliest story wins, whatever the arrival order.
for _, m in ipairs(found) do
  if m > member then
    local key = storyPrefix .. string.sub(m, ${ID_OFFSET})
    local current = redis.call('HGET', key, 'dup')
    if not current or member < current then
      redis.call('HSET', key, 'dup', member)
      current = member
    end
    if current == member then out[#out + 1] = string.sub(m, ${ID_OFFSET}) end
  end
end
return out
`;

/**
 * The stored near-duplicates of one story. KEYS: 1 the story's hash. ARGV: 1 band key prefix, 2 story key prefix,
 * 3 max distance, 4 candidates per band. Returns nil for an unregistered story, else the id it duplicates ('' if
 * none), then the ids of its near-duplicates, earliest first.
 */
const NEAR_DUPLICATES_LUA = `${NEAR_LUA}
local state = redis.call('HMGET', KEYS[1], 'member', 'simhash', 'dup')
if not state[1] or not state[2] then return nil end
local out = {state[3] and string.sub(state[3], ${ID_OFFSET}) or ''}
for _, m in ipairs(near(state[1], state[2], ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]))) do
  out[#out + 1] = string.sub(m, ${ID_OFFSET})
end
return out
`;

type RedisArg = string | number;
type NearPipeline = ChainableCommander & {
  cwLinkNearDuplicate(key: string, ...args: RedisArg[]): ChainableCommander;
};
interface NearCommands {
  cwNearDuplicates(key: string, ...args: RedisArg[]): Promise<string[] | null>;
}

const MAX_SORT_MS = 9_999_999_999_999;

/** SimHash buckets in Redis that link a story to the earliest stored story with nearly the same text. */
export class NearDuplicateStore {
  private readonly prefix: string;
  private readonly maxDistance: number;
  private readonly maxCandidates: number;

  constructor(
    private readonly redis: Redis,
    options: NearDuplicateStoreOptions = {},
  ) {
    this.prefix = `${options.keyPrefix ?? 'cw:'}near:`;
    this.maxDistance = options.maxDistance ?? NEAR_DUPLICATE_MAX_DISTANCE;
    if (this.maxDistance >= SIMHASH_BANDS) throw new RangeError(`maxDistance must be below ${SIMHASH_BANDS}`);
    this.maxCandidates = options.maxCandidatesPerBand ?? 500;
    redis.defineCommand('cwLinkNearDuplicate', { lua: LINK_LUA, numberOfKeys: 1 });
    redis.defineCommand('cwNearDuplicates', { lua: NEAR_DUPLICATES_LUA, numberOfKeys: 1 });
  }

  /**
   * Registers the stories' SimHashes (a story without one is unregistered) in one round trip, each atomically.
   * Replaying stories leaves the same state, and the links do not depend on the order stories arrive in.
   */
  async link(
    stories: readonly Pick<CleanStory, 'id' | 'simhash' | 'publishedAt' | 'receivedAt'>[],
  ): Promise<NearDuplicateLinks> {
    const links: NearDuplicateLinks = { duplicateOf: new Map(), relinked: new Set() };
    if (stories.length === 0) return links;
    const pipeline = this.redis.pipeline() as NearPipeline;
    for (const story of stories) {
      const ms = Math.min(Math.max(storySortTime(story), 0), MAX_SORT_MS);
      pipeline.cwLinkNearDuplicate(
        this.storyKey(story.id),
        story.simhash ?? '',
        `${String(ms).padStart(13, '0')}:${story.id}`,
        `${this.prefix}band:`,
        `${this.prefix}story:`,
        this.maxDistance,
        this.maxCandidates,
      );
    }
    const replies = await execPipeline('linking near-duplicate stories', pipeline);
    stories.forEach((story, index) => {
      const [duplicateOf, ...later] = replies[index] as string[];
      links.duplicateOf.set(story.id, duplicateOf || undefined);
      // A later story of the same batch re-pointed by this one is a batch story, with its link overridden here.
      for (const id of later) {
        if (links.duplicateOf.has(id)) links.duplicateOf.set(id, story.id);
        else links.relinked.add(id);
      }
    });
    for (const id of links.duplicateOf.keys()) links.relinked.delete(id);
    return links;
  }

  /** The id each story duplicates now (undefined for none), in one round trip. */
  async duplicateOf(ids: Iterable<string>): Promise<Map<string, string | undefined>> {
    const unique = [...new Set(ids)];
    const result = new Map<string, string | undefined>();
    if (unique.length === 0) return result;
    const pipeline = this.redis.pipeline();
    for (const id of unique) pipeline.hget(this.storyKey(id), 'dup');
    const replies = await execPipeline('reading near-duplicate links', pipeline);
    unique.forEach((id, index) => {
      const member = replies[index] as string | null;
      result.set(id, member === null ? undefined : member.slice(ID_OFFSET - 1));
    });
    return result;
  }

  /** The story's stored near-duplicates, earliest first, and the one it duplicates; null if it has no SimHash here. */
  async nearDuplicates(id: string): Promise<{ duplicateOf: string | null; duplicates: string[] } | null> {
    const reply = await redisCall('reading near-duplicates', () =>
      (this.redis as unknown as NearCommands).cwNearDuplicates(
        this.storyKey(id),
        `${this.prefix}band:`,
        `${this.prefix}story:`,
        this.maxDistance,
        this.maxCandidates,
      ),
    );
    if (reply === null) return null;
    const [duplicateOf, ...duplicates] = reply;
    return { duplicateOf: duplicateOf || null, duplicates };
  }

  private storyKey(id: string): string {
    return `${this.prefix}story:${id}`;
  }
}
