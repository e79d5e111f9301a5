import { type CleanStory, InvalidInputError, RetriableError } from '@cleanwire/contracts';
import { execPipeline, redisCall, type RedisClient } from '@cleanwire/redis';
import {
  encodePostingChunk,
  impactOf,
  storyIndexEntries,
  storyShard,
  termWeights,
  withoutDocs,
} from '@cleanwire/search';
import type { ChainableCommander } from 'ioredis';
import {
  type GenerationKeys,
  generationKeys,
  parseRecencyMember,
  RANGE_BITS,
  RANGE_SIZE,
  recencyBound,
  recencyMember,
  type ShardKeys,
  SOURCE_TERM_PREFIX,
  storySortTime,
} from './index-keys';
import { decodeListCursor, encodeListCursor, queryFingerprint } from './story-cursor';
import {
  APPEND_POSTINGS_LUA,
  COMMIT_STORIES_LUA,
  MAX_KEYS_PER_CALL,
  REMOVE_STORIES_LUA,
  REWRITE_POSTINGS_LUA,
} from './story-index.scripts';
import { NearDuplicateStore } from './near-duplicate.store';
import { StoryGenerations } from './story-generations';
import { type ListRequest, MAX_PAGE_SIZE, type RemovedStory, type StoryPage, StoryStore } from './story-ports';
import { decodeStoryRecord, encodeStoryRecord, recordHash } from './story-record';

export interface StoryIndexOptions {
  /** Prepended to every key; default `cw:`. */
  keyPrefix?: string;
  /** Shards the index is partitioned into by story id; default 1. Fixed for the life of a generation. */
  shards?: number;
}

export const DEFAULT_SHARDS = 1;

type RedisArg = string | number | Buffer;
type IndexPipeline = ChainableCommander & {
  cwAppendPostings(numKeys: number, ...keysAndArgs: RedisArg[]): ChainableCommander;
  cwCommitStories(numKeys: number, ...keysAndArgs: RedisArg[]): ChainableCommander;
  cwRemoveStories(numKeys: number, ...keysAndArgs: RedisArg[]): ChainableCommander;
  cwRewritePostings(key: string, read: Buffer, replacement: Buffer): ChainableCommander;
};

/** A stored story's id entry: `docid,sortMs,contentHash,normalizedMs,source` (numbers base 36). */
interface IdEntry {
  raw: string;
  docid: number;
  sortMs: number;
  hash: string;
  normalizedMs: number;
  source: string;
}

function parseIdEntry(raw: string): IdEntry {
  const [docid = '', sortMs = '', hash = '', normalizedMs = ''] = raw.split(',', 4);
  const source = raw.split(',').slice(4).join(',');
  return {
    raw,
    docid: parseInt(docid, 36),
    sortMs: parseInt(sortMs, 36),
    hash,
    normalizedMs: parseInt(normalizedMs, 36),
    source,
  };
}

/** A story ready to write: everything computed once, whichever generations it goes to. */
export interface PreparedStory {
  story: CleanStory;
  shard: number;
  sortMs: number;
  normalizedMs: number;
  hash: string;
  record: string;
  impacts: Map<string, number>;
  words: Map<string, string>;
}

const MAX_ATTEMPTS = 5;
const DICTIONARY_CACHE_SIZE = 500_000;
const DICTIONARY_CHUNK = 100;
/** Stories per commit call: six keys and eleven arguments each. */
const STORIES_PER_COMMIT = 20;

/** Registers the index's scripts on a client once; returns it typed with them. */
export function withIndexCommands(redis: RedisClient): RedisClient {
  const defined = redis as RedisClient & { cwIndexCommands?: true };
  if (defined.cwIndexCommands) return redis;
  redis.defineCommand('cwAppendPostings', { lua: APPEND_POSTINGS_LUA });
  redis.defineCommand('cwCommitStories', { lua: COMMIT_STORIES_LUA });
  redis.defineCommand('cwRemoveStories', { lua: REMOVE_STORIES_LUA });
  redis.defineCommand('cwRewritePostings', { lua: REWRITE_POSTINGS_LUA, numberOfKeys: 1 });
  defined.cwIndexCommands = true;
  return redis;
}

/**
 * Stories in Redis, partitioned by id into shards, with compressed postings for search (see README, "The story
 * index"). Writes go to the current generation, and to the one being rebuilt while a reindex runs.
 */
export class RedisStoryStore extends StoryStore {
  readonly prefix: string;
  readonly shards: number;
  readonly generations: StoryGenerations;
  /** The near-duplicate links, kept beside the stories in the same generations. */
  readonly nearDuplicates: NearDuplicateStore;
  // Dictionary words already written, per generation: most words of a batch are common and need no write.
  private readonly knownWords = new Map<number, Set<string>>();

  constructor(
    private readonly redis: RedisClient,
    options: StoryIndexOptions = {},
  ) {
    super();
    this.prefix = options.keyPrefix ?? 'cw:';
    this.shards = options.shards ?? DEFAULT_SHARDS;
    if (!Number.isInteger(this.shards) || this.shards < 1 || this.shards > 1024) {
      throw new RangeError('shards must be an integer from 1 to 1024');
    }
    this.generations = new StoryGenerations(redis, this.prefix);
    this.nearDuplicates = new NearDuplicateStore(redis, this.generations, { keyPrefix: this.prefix });
    withIndexCommands(redis);
  }

  /**
   * Saves stories into every generation being written (or into `generations`); the last duplicate id of a batch wins.
   */
  async saveBatch(stories: readonly CleanStory[], generations?: readonly number[]): Promise<void> {
    const latest = new Map<string, CleanStory>();
    for (const story of stories) {
      latest.delete(story.id);
      latest.set(story.id, story);
    }
    if (latest.size === 0) return;
    const prepared = [...latest.values()].map((story) => this.prepare(story));
    for (const generation of generations ?? (await this.generations.writeTargets())) {
      await this.saveInto(generation, prepared);
    }
  }

  /** Saves prepared stories into one generation. */
  private async saveInto(generation: number, prepared: readonly PreparedStory[]): Promise<void> {
    const keys = generationKeys(this.prefix, generation);
    const byShard = new Map<number, PreparedStory[]>();
    for (const item of prepared) byShard.set(item.shard, [...(byShard.get(item.shard) ?? []), item]);
    const current = await Promise.all([...byShard].map(([shard, items]) => this.saveShard(keys, shard, items)));
    // Also for stories stored unchanged: a batch retried after a failed dictionary write finds its stories stored.
    await this.addToDictionary(keys, current.flat());
  }

  /** Everything a story's write needs, computed once. */
  prepare(story: CleanStory): PreparedStory {
    const { weights, words } = storyIndexEntries(story);
    const impacts = new Map<string, number>();
    for (const [term, weight] of weights) impacts.set(term, impactOf(weight));
    const record = encodeStoryRecord(story);
    return {
      story,
      shard: storyShard(story.id, this.shards),
      sortMs: storySortTime(story),
      normalizedMs: Date.parse(story.normalizedAt) || 0,
      hash: recordHash(record),
      record,
      impacts,
      words,
    };
  }

  async get(id: string): Promise<CleanStory | null> {
    const keys = this.shardKeys(await this.generations.current(), storyShard(id, this.shards));
    const entry = await redisCall('reading a story', () => this.redis.hget(keys.ids, id));
    if (entry === null) return null;
    const [record, links] = await Promise.all([
      redisCall('reading a story', () => this.redis.get(keys.record(parseIdEntry(entry).docid))),
      this.nearDuplicates.duplicateOf([id]),
    ]);
    return record === null ? null : decodeStoryRecord(record, links.get(id));
  }

  async list(request: ListRequest): Promise<StoryPage> {
    checkLimit(request.limit);
    const sources = [...new Set(request.sources ?? [])].sort();
    const fingerprint = queryFingerprint(['list', sources, request.from ?? null, request.to ?? null]);
    const position = request.cursor === undefined ? undefined : decodeListCursor(request.cursor, fingerprint);
    const generation = await this.generations.current();
    // Members sort newest first: `to` bounds from below, `from` from above; a cursor resumes after its member.
    const toBound = request.to === undefined ? '-' : `[${recencyBound(request.to)}`;
    const max = request.from === undefined ? '+' : `(${recencyBound(request.from - 1)}`;
    const perShard = await Promise.all(
      Array.from({ length: this.shards }, async (_, shard) => {
        const keys = this.shardKeys(generation, shard);
        const min = position ? `${shard > position.shard ? '[' : '('}${position.member}` : toBound;
        const indexes = sources.length === 0 ? [keys.recency] : sources.map((s) => keys.sourceRecency(s));
        const pipeline = this.redis.pipeline();
        for (const index of indexes) pipeline.zrange(index, min, max, 'BYLEX', 'LIMIT', 0, request.limit + 1);
        const replies = (await execPipeline('listing stories', pipeline)) as string[][];
        return replies.flat().map((member) => ({ member, shard }));
      }),
    );
    const merged = perShard
      .flat()
      .sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : a.shard - b.shard))
      .slice(0, request.limit + 1);
    const page = merged.slice(0, request.limit);
    const stories = await this.records(
      generation,
      page.map(({ member, shard }) => ({ shard, docid: parseRecencyMember(member).docid })),
    );
    const last = page[page.length - 1];
    return {
      stories: stories.filter((story): story is CleanStory => story !== null),
      nextCursor: merged.length > request.limit && last ? encodeListCursor(last, fingerprint) : null,
    };
  }

  /** The records of stories by shard and docid, in the order asked; null for a story removed meanwhile. */
  async records(
    generation: number,
    refs: ReadonlyArray<{ shard: number; docid: number }>,
  ): Promise<Array<CleanStory | null>> {
    const byShard = new Map<number, number[]>();
    refs.forEach((ref, index) => byShard.set(ref.shard, [...(byShard.get(ref.shard) ?? []), index]));
    const out: Array<CleanStory | null> = refs.map(() => null);
    await Promise.all(
      [...byShard].map(async ([shard, indexes]) => {
        const keys = this.shardKeys(generation, shard);
        const pipeline = this.redis.pipeline();
        for (const index of indexes) pipeline.get(keys.record(refs[index]?.docid ?? -1));
        const replies = (await execPipeline('reading stories', pipeline)) as Array<string | null>;
        replies.forEach((record, i) => {
          if (record !== null) out[indexes[i] ?? 0] = decodeStoryRecord(record);
        });
      }),
    );
    const links = await this.nearDuplicates.duplicateOf(out.flatMap((story) => (story ? [story.id] : [])));
    return out.map((story) => {
      const duplicateOf = story ? links.get(story.id) : undefined;
      return story && duplicateOf !== undefined ? { ...story, duplicateOf } : story;
    });
  }

  async count(): Promise<number> {
    const generation = await this.generations.current();
    const counts = await Promise.all(
      Array.from({ length: this.shards }, (_, shard) =>
        redisCall('counting stories', () => this.redis.hget(this.shardKeys(generation, shard).meta, 'count')),
      ),
    );
    return counts.reduce((sum, count) => sum + Number(count ?? 0), 0);
  }

  async sources(): Promise<string[]> {
    const generation = await this.generations.current();
    const lists = await Promise.all(
      Array.from({ length: this.shards }, (_, shard) =>
        redisCall('listing sources', () => this.redis.hkeys(this.shardKeys(generation, shard).sources)),
      ),
    );
    return [...new Set(lists.flat())].sort();
  }

  async removeOlderThan(cutoffMs: number, max: number): Promise<RemovedStory[]> {
    const removed = new Map<string, RemovedStory>();
    for (const generation of await this.generations.writeTargets()) {
      const keys = generationKeys(this.prefix, generation);
      const perShard = Math.max(1, Math.ceil(max / this.shards));
      const lists = await Promise.all(
        Array.from({ length: this.shards }, (_, shard) => this.removeOldFromShard(keys, shard, cutoffMs, perShard)),
      );
      for (const story of lists.flat()) removed.set(story.id, story);
    }
    return [...removed.values()];
  }

  private async removeOldFromShard(
    keys: GenerationKeys,
    shard: number,
    cutoffMs: number,
    max: number,
  ): Promise<RemovedStory[]> {
    const sk = keys.shard(shard);
    const members = await redisCall('finding old stories', () =>
      this.redis.zrange(sk.recency, `(${recencyBound(cutoffMs)}`, '+', 'BYLEX', 'LIMIT', 0, max),
    );
    if (members.length === 0) return [];
    const docids = members.map((member) => parseRecencyMember(member).docid);
    const stories = await this.records(
      keys.generation,
      docids.map((docid) => ({ shard, docid })),
    );
    const entries = await redisCall('reading story ids', () =>
      this.redis.hmget(sk.ids, ...stories.map((story) => story?.id ?? '')),
    );
    const victims: Array<{ story: CleanStory; entry: IdEntry }> = [];
    stories.forEach((story, index) => {
      const raw = entries[index];
      if (!story || !raw) return;
      const entry = parseIdEntry(raw);
      if (entry.docid === docids[index]) victims.push({ story, entry });
    });
    const pipeline = this.redis.pipeline() as IndexPipeline;
    for (let i = 0; i < victims.length; i += STORIES_PER_COMMIT) {
      const keysOut: string[] = [sk.meta, sk.ids, sk.recency, sk.sources];
      const args: RedisArg[] = [];
      for (const { story, entry } of victims.slice(i, i + STORIES_PER_COMMIT)) {
        keysOut.push(sk.record(entry.docid), sk.sourceRecency(entry.source), sk.docValues(entry.docid >> RANGE_BITS));
        args.push(
          story.id,
          entry.raw,
          recencyMember(entry.sortMs, entry.docid),
          entry.source,
          entry.docid % RANGE_SIZE,
        );
      }
      pipeline.cwRemoveStories(keysOut.length, ...keysOut, ...args);
    }
    const results = (await execPipeline('removing old stories', pipeline)) as number[][];
    const done = victims.filter((_, index) => results.flat()[index] === 1);
    await this.purgePostings(
      sk,
      done.map(({ story, entry }) => ({ docid: entry.docid, terms: storyTerms(story, entry.source) })),
    );
    return done.map(({ story }) => ({ id: story.id, simhash: story.simhash }));
  }

  /**
   * Writes one shard's stories; retries the ones another writer changed meanwhile. Returns the stories now stored as
   * given (written, or already so), not the ones older than what is stored.
   */
  private async saveShard(keys: GenerationKeys, shard: number, items: PreparedStory[]): Promise<PreparedStory[]> {
    const sk = keys.shard(shard);
    const current: PreparedStory[] = [];
    let pending = items;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new RetriableError('stories kept changing while being saved');
      const raw = await redisCall('reading story ids', () =>
        this.redis.hmget(sk.ids, ...pending.map((item) => item.story.id)),
      );
      const writes: Array<{ item: PreparedStory; old: IdEntry | null }> = [];
      pending.forEach((item, index) => {
        const entry = raw[index];
        const old = entry ? parseIdEntry(entry) : null;
        // A replay changes nothing; an older version than the stored one (a late or replayed record) neither.
        if (old && old.hash !== item.hash && item.normalizedMs < old.normalizedMs) return;
        current.push(item);
        if (old?.hash !== item.hash) writes.push({ item, old });
      });
      if (writes.length === 0) break;
      const committed = await this.writeShard(sk, writes);
      pending = writes.filter((_, index) => !committed[index]).map(({ item }) => item);
      for (const item of pending) current.splice(current.indexOf(item), 1);
    }
    return current;
  }

  /** Appends postings under fresh docids, then commits the stories; returns per write whether it committed. */
  private async writeShard(
    sk: ShardKeys,
    writes: ReadonlyArray<{ item: PreparedStory; old: IdEntry | null }>,
  ): Promise<boolean[]> {
    const last = await redisCall('allocating docids', () => this.redis.hincrby(sk.meta, 'seq', writes.length));
    const first = last - writes.length + 1;
    // Postings first, grouped by range and term: the doc value written last makes a story visible to search.
    const ranges = new Map<number, Map<string, { offsets: number[]; impacts: number[] }>>();
    writes.forEach(({ item }, index) => {
      const docid = first + index;
      const range = docid >> RANGE_BITS;
      const offset = docid % RANGE_SIZE;
      let terms = ranges.get(range);
      if (terms === undefined) {
        terms = new Map();
        ranges.set(range, terms);
      }
      const add = (term: string, impact: number): void => {
        const chunk = terms.get(term);
        if (chunk === undefined) terms.set(term, { offsets: [offset], impacts: [impact] });
        else {
          chunk.offsets.push(offset);
          chunk.impacts.push(impact);
        }
      };
      for (const [term, impact] of item.impacts) add(term, impact);
      add(SOURCE_TERM_PREFIX + item.story.source, 1);
    });
    const entries: Array<[string, { offsets: number[]; impacts: number[] }]> = [];
    for (const [range, terms] of ranges)
      for (const [term, chunk] of terms) entries.push([sk.postings(range, term), chunk]);
    const appends = this.redis.pipeline() as IndexPipeline;
    for (let i = 0; i < entries.length; i += MAX_KEYS_PER_CALL) {
      const slice = entries.slice(i, i + MAX_KEYS_PER_CALL);
      appends.cwAppendPostings(
        slice.length,
        ...slice.map(([key]) => key),
        ...slice.map(([, chunk]) => Buffer.from(encodePostingChunk(chunk.offsets, chunk.impacts))),
      );
    }
    await execPipeline('writing postings', appends);

    const olds = writes.filter(({ old }) => old !== null).map(({ old }) => old as IdEntry);
    const oldStories =
      olds.length === 0
        ? []
        : await this.recordsOfShard(
            sk,
            olds.map((old) => old.docid),
          );

    const commits = this.redis.pipeline() as IndexPipeline;
    for (let i = 0; i < writes.length; i += STORIES_PER_COMMIT) {
      const keysOut: string[] = [sk.meta, sk.ids, sk.recency, sk.sources];
      const args: RedisArg[] = [];
      writes.slice(i, i + STORIES_PER_COMMIT).forEach(({ item, old }, j) => {
        const docid = first + i + j;
        const source = item.story.source;
        keysOut.push(sk.record(docid), sk.sourceRecency(source), sk.docValues(docid >> RANGE_BITS));
        keysOut.push(
          old ? sk.record(old.docid) : sk.meta,
          old ? sk.sourceRecency(old.source) : sk.meta,
          old ? sk.docValues(old.docid >> RANGE_BITS) : sk.meta,
        );
        const entry = [docid.toString(36), item.sortMs.toString(36), item.hash, item.normalizedMs.toString(36), source];
        args.push(item.story.id, old?.raw ?? '', entry.join(','), item.record);
        args.push(recencyMember(item.sortMs, docid), source, docid % RANGE_SIZE, item.sortMs);
        args.push(old ? recencyMember(old.sortMs, old.docid) : '', old?.source ?? '', old ? old.docid % RANGE_SIZE : 0);
      });
      commits.cwCommitStories(keysOut.length, ...keysOut, ...args);
    }
    const committed = ((await execPipeline('committing stories', commits)) as number[][]).flat().map((r) => r === 1);

    // The replaced versions' postings go now, so no stale term can match the story again.
    const stale: Array<{ docid: number; terms: string[] }> = [];
    writes.forEach(({ old }, index) => {
      if (!old || !committed[index]) return;
      const story = oldStories[olds.indexOf(old)];
      if (story) stale.push({ docid: old.docid, terms: storyTerms(story, old.source) });
    });
    await this.purgePostings(sk, stale);
    return committed;
  }

  private async recordsOfShard(sk: ShardKeys, docids: readonly number[]): Promise<Array<CleanStory | null>> {
    const pipeline = this.redis.pipeline();
    for (const docid of docids) pipeline.get(sk.record(docid));
    const replies = (await execPipeline('reading stories', pipeline)) as Array<string | null>;
    return replies.map((record) => (record === null ? null : decodeStoryRecord(record)));
  }

  /** Removes docids from the postings of the given terms, keeping what other writers append meanwhile. */
  private async purgePostings(sk: ShardKeys, docs: ReadonlyArray<{ docid: number; terms: string[] }>): Promise<void> {
    const drops = new Map<string, { range: number; docids: Set<number> }>();
    for (const { docid, terms } of docs) {
      const range = docid >> RANGE_BITS;
      for (const term of terms) {
        const key = sk.postings(range, term);
        const drop = drops.get(key) ?? { range, docids: new Set<number>() };
        drop.docids.add(docid);
        drops.set(key, drop);
      }
    }
    let pending = [...drops.keys()];
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new RetriableError('postings kept changing while stories were removed');
      const failed: string[] = [];
      for (let i = 0; i < pending.length; i += MAX_KEYS_PER_CALL) {
        const slice = pending.slice(i, i + MAX_KEYS_PER_CALL);
        const reads = this.redis.pipeline();
        for (const key of slice) reads.getBuffer(key);
        const values = (await execPipeline('reading postings', reads)) as Array<Buffer | null>;
        const rewrites = this.redis.pipeline() as IndexPipeline;
        const rewritten: string[] = [];
        slice.forEach((key, index) => {
          const value = values[index];
          const drop = drops.get(key);
          if (!value || !drop) return;
          const kept = withoutDocs(value, drop.range * RANGE_SIZE, drop.docids);
          rewrites.cwRewritePostings(key, value, kept ? Buffer.from(kept) : Buffer.alloc(0));
          rewritten.push(key);
        });
        const results = (await execPipeline('rewriting postings', rewrites)) as number[];
        results.forEach((result, index) => {
          if (result !== 1) failed.push(rewritten[index] as string);
        });
      }
      pending = failed;
    }
  }

  /** Adds the words of the written stories to the dictionary prefix queries expand through. */
  private async addToDictionary(keys: GenerationKeys, stories: readonly PreparedStory[]): Promise<void> {
    let known = this.knownWords.get(keys.generation);
    if (known === undefined || known.size > DICTIONARY_CACHE_SIZE) {
      known = new Set();
      this.knownWords.set(keys.generation, known);
    }
    const members: string[] = [];
    for (const item of stories) {
      for (const [word, term] of item.words) {
        if (known.has(word)) continue;
        known.add(word);
        members.push(`${word}\u0000${term}`);
      }
    }
    for (let i = 0; i < members.length; i += DICTIONARY_CHUNK) {
      const args = members.slice(i, i + DICTIONARY_CHUNK).flatMap((member) => [0, member]);
      await redisCall('adding words to the dictionary', () => this.redis.zadd(keys.dictionary, 'NX', ...args));
    }
  }

  /** Deletes every key of a generation, in bounded steps (SCAN and UNLINK), on every node of a cluster. */
  async dropGeneration(generation: number): Promise<number> {
    const { pattern } = generationKeys(this.prefix, generation);
    const nodes = 'nodes' in this.redis ? this.redis.nodes('master') : [this.redis];
    let dropped = 0;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await redisCall('finding old generation keys', () =>
          node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000),
        );
        cursor = next;
        // One UNLINK per key: on a cluster the keys of one SCAN page live in many slots.
        if (keys.length > 0) {
          const pipeline = node.pipeline();
          for (const key of keys) pipeline.unlink(key);
          await execPipeline('dropping an old generation', pipeline);
          dropped += keys.length;
        }
      } while (cursor !== '0');
    }
    return dropped;
  }

  private shardKeys(generation: number, shard: number): ShardKeys {
    return generationKeys(this.prefix, generation).shard(shard);
  }
}

/** The postings terms of a stored story: its indexed terms and its source's pseudo-term. */
function storyTerms(story: CleanStory, source: string): string[] {
  return [...termWeights(story).keys(), SOURCE_TERM_PREFIX + source];
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`must be an integer from 1 to ${MAX_PAGE_SIZE}`, 'limit');
  }
}
