import type { CleanStory } from '@cleanwire/contracts';
import { execCommands, redisCall, type RedisClient, type RedisCommand } from '@cleanwire/redis';
import { hammingDistance, NEAR_DUPLICATE_MAX_DISTANCE, SIMHASH_BANDS, simhashBands } from '@cleanwire/search';
import { generationKeys, storySortTime } from './index-keys';
import type { StoryGenerations } from './story-generations';

/**
 * Key layout, per generation (`cw:g<n>:near:`), every command on one key so it works on a Cluster:
 * - `story:<id>`        HASH: `member` (`<13-digit sort ms at first sight>:<id>`), `simhash`, and `dup`, the member of
 *                       the earliest stored story within the distance, when that one is earlier.
 * - `band:<1..4>:<hex4>` ZSET, scores 0: `<13-digit ms>:<simhash>:<id>` of the stories whose SimHash has these 16 bits
 *                       in that band, at most `maxPerBand` (the newest are kept). Two hashes within 3 bits agree in at
 *                       least one band, so the bands find every candidate; the distance is checked here, in Node.
 * A story keeps the sort time it was first seen with, so a re-post (newer receivedAt) keeps its place in the order.
 */
export interface NearDuplicateStoreOptions {
  keyPrefix?: string;
  /** Default NEAR_DUPLICATE_MAX_DISTANCE (3); must stay below the 4 bands. */
  maxDistance?: number;
  /** Stories a band bucket keeps, newest first; bounds memory and the work a crowded bucket costs. Default 500. */
  maxPerBand?: number;
}

type Linkable = Pick<CleanStory, 'id' | 'simhash' | 'publishedAt' | 'receivedAt'>;

/** What linking a batch found: each story's duplicateOf, and stories outside the batch that now point at one of it. */
export interface NearDuplicateLinks {
  duplicateOf: Map<string, string | undefined>;
  relinked: Set<string>;
}

interface BandEntry {
  /** `<13-digit ms>:<id>`: orders stories by first sight, then id. */
  member: string;
  simhash: string;
  id: string;
}

const MAX_SORT_MS = 9_999_999_999_999;

function storyMember(ms: number, id: string): string {
  return `${String(Math.min(Math.max(ms, 0), MAX_SORT_MS)).padStart(13, '0')}:${id}`;
}

function idOfMember(member: string): string {
  return member.slice(14);
}

function parseBandEntry(raw: string): BandEntry {
  return { member: `${raw.slice(0, 13)}:${raw.slice(31)}`, simhash: raw.slice(14, 30), id: raw.slice(31) };
}

function bandEntry(member: string, simhash: string): string {
  return `${member.slice(0, 13)}:${simhash}:${idOfMember(member)}`;
}

/** SimHash buckets in Redis that link a story to the earliest stored story with nearly the same text. */
export class NearDuplicateStore {
  private readonly prefix: string;
  private readonly maxDistance: number;
  private readonly maxPerBand: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly generations: StoryGenerations,
    options: NearDuplicateStoreOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? 'cw:';
    this.maxDistance = options.maxDistance ?? NEAR_DUPLICATE_MAX_DISTANCE;
    if (this.maxDistance >= SIMHASH_BANDS) throw new RangeError(`maxDistance must be below ${SIMHASH_BANDS}`);
    this.maxPerBand = options.maxPerBand ?? 500;
  }

  /**
   * Registers the stories' SimHashes (a story without one is unregistered) and links them, in every generation being
   * written (or in `generations`). Replaying stories leaves the same links, and the links do not depend on the order stories arrive in.
   */
  async link(stories: readonly Linkable[], generations?: readonly number[]): Promise<NearDuplicateLinks> {
    let links: NearDuplicateLinks = { duplicateOf: new Map(), relinked: new Set() };
    if (stories.length === 0) return links;
    for (const generation of generations ?? (await this.generations.writeTargets())) {
      links = await this.linkIn(generation, stories);
    }
    return links;
  }

  private async linkIn(generation: number, stories: readonly Linkable[]): Promise<NearDuplicateLinks> {
    const keys = this.keys(generation);
    const states = await this.readStates(
      keys,
      stories.map((story) => story.id),
    );
    const hashes = stories.flatMap((story) => (story.simhash ? [story.simhash] : []));
    const buckets = await this.readBuckets(keys, hashes);
    const writes: RedisCommand[] = [];
    const links: NearDuplicateLinks = { duplicateOf: new Map(), relinked: new Set() };
    // Earlier stories of the batch are candidates of later ones, as if written one by one.
    const batchEntries = new Map<string, BandEntry[]>();
    const laterDups = new Map<string, string>();

    for (const story of stories) {
      const state = states.get(story.id);
      const member = state?.member ?? storyMember(storySortTime(story), story.id);
      if (state?.simhash && state.simhash !== story.simhash) {
        for (const band of bandKeys(keys, state.simhash)) writes.push(['ZREM', band, bandEntry(member, state.simhash)]);
      }
      const storyKey = keys.story(story.id);
      if (!story.simhash) {
        writes.push(['DEL', storyKey]);
        links.duplicateOf.set(story.id, undefined);
        continue;
      }
      const bands = bandKeys(keys, story.simhash);
      const found = new Map<string, BandEntry>();
      for (const band of bands) {
        for (const entry of [...(buckets.get(band) ?? []), ...(batchEntries.get(band) ?? [])]) {
          if (entry.id === story.id || found.has(entry.id)) continue;
          if (hammingDistance(entry.simhash, story.simhash) <= this.maxDistance) found.set(entry.id, entry);
        }
      }
      const near = [...found.values()].sort((a, b) => (a.member < b.member ? -1 : 1));
      const earliest = near[0];
      const duplicateOf = earliest && earliest.member < member ? earliest : undefined;
      writes.push(['HSET', storyKey, 'member', member, 'simhash', story.simhash]);
      if (duplicateOf) writes.push(['HSET', storyKey, 'dup', duplicateOf.member]);
      else if (state?.dup !== undefined) writes.push(['HDEL', storyKey, 'dup']);
      links.duplicateOf.set(story.id, duplicateOf?.id);
      const entry = bandEntry(member, story.simhash);
      for (const band of bands) {
        writes.push(['ZADD', band, 0, entry]);
        const size = (buckets.get(band)?.length ?? 0) + (batchEntries.get(band)?.length ?? 0) + 1;
        // Bounded: the oldest members beyond the cap leave the bucket (trimmed only when it may be over).
        if (size > this.maxPerBand) writes.push(['ZREMRANGEBYRANK', band, 0, -(this.maxPerBand + 1)]);
        batchEntries.set(band, [...(batchEntries.get(band) ?? []), { member, simhash: story.simhash, id: story.id }]);
      }
      // Later near stories were linked before this one arrived: the earliest story wins, whatever the arrival order.
      for (const later of near.filter((other) => other.member > member)) {
        const current = laterDups.get(later.id) ?? states.get(later.id)?.dup ?? (await this.dupOf(keys, later.id));
        if (current === undefined || member < current) {
          laterDups.set(later.id, member);
          writes.push(['HSET', keys.story(later.id), 'dup', member]);
          links.relinked.add(later.id);
        }
      }
    }
    for (const [id, dup] of laterDups) if (links.duplicateOf.has(id)) links.duplicateOf.set(id, idOfMember(dup));
    for (const id of links.duplicateOf.keys()) links.relinked.delete(id);
    await execCommands('linking near-duplicate stories', this.redis, writes);
    return links;
  }

  /** The id each story duplicates now (undefined for none), read from the generation queries use. */
  async duplicateOf(ids: Iterable<string>): Promise<Map<string, string | undefined>> {
    const unique = [...new Set(ids)];
    const keys = this.keys(await this.generations.current());
    const dups = (await execCommands(
      'reading near-duplicate links',
      this.redis,
      unique.map((id): RedisCommand => ['HGET', keys.story(id), 'dup']),
    )) as Array<string | null>;
    return new Map(unique.map((id, index) => [id, dups[index] ? idOfMember(dups[index] ?? '') : undefined]));
  }

  /** The story's stored near-duplicates, earliest first, and the one it duplicates; null if it has no SimHash here. */
  async nearDuplicates(id: string): Promise<{ duplicateOf: string | null; duplicates: string[] } | null> {
    const keys = this.keys(await this.generations.current());
    const [member, simhash, dup] = await redisCall('reading near-duplicates', () =>
      this.redis.hmget(keys.story(id), 'member', 'simhash', 'dup'),
    );
    if (!member || !simhash) return null;
    const buckets = await this.readBuckets(keys, [simhash]);
    const found = new Map<string, BandEntry>();
    for (const entries of buckets.values()) {
      for (const entry of entries) {
        if (entry.id !== id && hammingDistance(entry.simhash, simhash) <= this.maxDistance) found.set(entry.id, entry);
      }
    }
    const duplicates = [...found.values()].sort((a, b) => (a.member < b.member ? -1 : 1)).map((entry) => entry.id);
    return { duplicateOf: dup ? idOfMember(dup) : null, duplicates };
  }

  /** Forgets removed stories in every generation being written: their bucket entries and their link state. */
  async forget(stories: ReadonlyArray<Pick<CleanStory, 'id' | 'simhash'>>): Promise<void> {
    if (stories.length === 0) return;
    for (const generation of await this.generations.writeTargets()) {
      const keys = this.keys(generation);
      const states = await this.readStates(
        keys,
        stories.map((story) => story.id),
      );
      const writes: RedisCommand[] = [];
      for (const story of stories) {
        const state = states.get(story.id);
        if (state?.member && state.simhash) {
          for (const band of bandKeys(keys, state.simhash)) {
            writes.push(['ZREM', band, bandEntry(state.member, state.simhash)]);
          }
        }
        writes.push(['DEL', keys.story(story.id)]);
      }
      await execCommands('forgetting near-duplicates', this.redis, writes);
    }
  }

  private keys(generation: number) {
    const near = generationKeys(this.prefix, generation).nearPrefix;
    return {
      story: (id: string) => `${near}story:${id}`,
      band: (band: number, bits: string) => `${near}band:${band}:${bits}`,
    };
  }

  private async readStates(
    keys: NearKeys,
    ids: readonly string[],
  ): Promise<Map<string, { member?: string; simhash?: string; dup?: string }>> {
    const replies = (await execCommands(
      'reading near-duplicate state',
      this.redis,
      ids.map((id): RedisCommand => ['HMGET', keys.story(id), 'member', 'simhash', 'dup']),
    )) as Array<Array<string | null>>;
    return new Map(
      ids.map((id, index) => {
        const [member, simhash, dup] = replies[index] ?? [];
        return [id, { member: member ?? undefined, simhash: simhash ?? undefined, dup: dup ?? undefined }];
      }),
    );
  }

  private async readBuckets(keys: NearKeys, hashes: readonly string[]): Promise<Map<string, BandEntry[]>> {
    const bands = [...new Set(hashes.flatMap((hash) => bandKeys(keys, hash)))];
    const replies = (await execCommands(
      'reading near-duplicate buckets',
      this.redis,
      bands.map((band): RedisCommand => ['ZRANGE', band, 0, -1]),
    )) as string[][];
    return new Map(bands.map((band, index) => [band, (replies[index] ?? []).map(parseBandEntry)]));
  }

  private async dupOf(keys: NearKeys, id: string): Promise<string | undefined> {
    return (
      (await redisCall('reading a near-duplicate link', () => this.redis.hget(keys.story(id), 'dup'))) ?? undefined
    );
  }
}

type NearKeys = ReturnType<NearDuplicateStore['keys']>;

function bandKeys(keys: NearKeys, hash: string): string[] {
  return simhashBands(hash).map((bits, index) => keys.band(index + 1, bits));
}
