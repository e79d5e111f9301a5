import { type CleanStory, InvalidInputError, RetriableError } from '@cleanwire/contracts';
import { execPipeline, redisCall, type RedisClient } from '@cleanwire/redis';
import { analyzeStory, encodeSegment, impactOf, SegmentBuilder, type SearchWord, storyShard } from '@cleanwire/search';
import {
  type GenerationKeys,
  generationKeys,
  parseRecencyMember,
  RANGE_BITS,
  RANGE_SIZE,
  RECORD_BLOCK_BITS,
  recencyBound,
  recencyMember,
  type ShardKeys,
  SOURCE_TERM_PREFIX,
  storySortTime,
} from './index-keys';
import { NearDuplicateStore } from './near-duplicate.store';
import { SegmentMerger } from './segment-merger';
import { encodeSegmentInfo } from './segment-registry';
import { type IndexClient, indexPipeline, withIndexCommands } from './story-index.commands';
import { STORIES_PER_CALL } from './story-index.scripts';
import { decodeListCursor, encodeListCursor, queryFingerprint } from './story-cursor';
import { StoryGenerations } from './story-generations';
import { type ListRequest, MAX_PAGE_SIZE, type RemovedStory, type StoryPage, StoryStore } from './story-ports';
import { decodeStoryHit, decodeStoryRecord, encodeStoryRecord, recordHash, type StoryHitFields } from './story-record';

export interface StoryIndexOptions {
  /** Prepended to every key; default `cw:`. */
  keyPrefix?: string;
  /** Shards the index is partitioned into by story id; default 1. Fixed for the life of a generation. */
  shards?: number;
  /** Failures of background work (segment merges), which is retried after the next write; default: ignored. */
  onBackgroundError?: (error: unknown) => void;
  /** Stories a near-duplicate bucket keeps; default 100. */
  maxPerBucket?: number;
}

export const DEFAULT_SHARDS = 1;

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
  terms: string[];
  impacts: Uint8Array;
  words: SearchWord[];
  signature: Uint32Array | undefined;
}

/** A story's record and near-duplicate link, by shard and docid, as a result list shows it. */
export interface StoryHit {
  fields: StoryHitFields & { duplicateOf?: string };
  text: string;
}

const MAX_ATTEMPTS = 5;
const DICTIONARY_CACHE_SIZE = 500_000;
const DICTIONARY_CHUNK = 100;
const FIELDS_PER_COMMAND = 250;

/**
 * Stories in Redis, partitioned by id into shards, with their postings in segments for search (see README, "The story
 * index"). Writes go to the current generation, and to the one being rebuilt while a reindex runs.
 */
export class RedisStoryStore extends StoryStore {
  readonly prefix: string;
  readonly shards: number;
  readonly generations: StoryGenerations;
  /** The near-duplicate links, kept beside the stories in the same generations. */
  readonly nearDuplicates: NearDuplicateStore;
  /** Merges the segments writes leave behind. */
  readonly merger: SegmentMerger;
  private readonly redis: IndexClient;
  // Dictionary words already written, per generation: most words of a batch are common and need no write.
  private readonly knownWords = new Map<number, Set<string>>();

  constructor(redis: RedisClient, options: StoryIndexOptions = {}) {
    super();
    this.prefix = options.keyPrefix ?? 'cw:';
    this.shards = options.shards ?? DEFAULT_SHARDS;
    if (!Number.isInteger(this.shards) || this.shards < 1 || this.shards > 1024) {
      throw new RangeError('shards must be an integer from 1 to 1024');
    }
    this.redis = withIndexCommands(redis);
    this.generations = new StoryGenerations(redis, this.prefix);
    this.nearDuplicates = new NearDuplicateStore(redis, this.generations, this, {
      keyPrefix: this.prefix,
      shards: this.shards,
      maxPerBucket: options.maxPerBucket,
    });
    this.merger = new SegmentMerger(redis, {
      prefix: this.prefix,
      shards: this.shards,
      onError: options.onBackgroundError,
    });
  }

  /**
   * Saves stories into every generation being written (or into `generations`), and links near-duplicates; the last
   * duplicate id of a batch wins.
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
    for (const item of prepared) {
      const list = byShard.get(item.shard);
      if (list === undefined) byShard.set(item.shard, [item]);
      else list.push(item);
    }
    const current = (
      await Promise.all([...byShard].map(([shard, items]) => this.saveShard(keys, shard, items)))
    ).flat();
    // Also for stories stored unchanged: a batch retried after a failed step finds its stories stored, and completes.
    await this.addToDictionary(keys, current);
    await this.nearDuplicates.link(
      generation,
      current.map((item) => ({
        id: item.story.id,
        sortMs: item.sortMs,
        signature: item.signature,
        text: item.story.text,
      })),
    );
    for (const shard of byShard.keys()) this.merger.wake(generation, shard);
  }

  /** Everything a story's write needs, computed once. */
  prepare(story: CleanStory): PreparedStory {
    const analysis = analyzeStory(story);
    const record = encodeStoryRecord(story);
    return {
      story,
      shard: storyShard(story.id, this.shards),
      sortMs: storySortTime(story),
      normalizedMs: Date.parse(story.normalizedAt) || 0,
      hash: recordHash(record),
      record,
      terms: analysis.terms,
      impacts: Uint8Array.from(analysis.weights, impactOf),
      words: analysis.words,
      signature: analysis.signature,
    };
  }

  async get(id: string): Promise<CleanStory | null> {
    const keys = this.shardKeys(await this.generations.current(), storyShard(id, this.shards));
    const entry = await redisCall('reading a story', () => this.redis.hget(keys.ids, id));
    if (entry === null) return null;
    const { docid } = parseIdEntry(entry);
    const [record, dup] = (await execPipeline(
      'reading a story',
      this.redis
        .pipeline()
        .hget(keys.records(docid >> RECORD_BLOCK_BITS), docid.toString(36))
        .hget(keys.duplicates, id),
    )) as [string | null, string | null];
    return record === null ? null : decodeStoryRecord(record, dup === null ? undefined : dup.slice(14));
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
    const raw = await this.rawRecords(generation, refs);
    const stories = raw.map((record) => (record === null ? null : decodeStoryRecord(record)));
    const links = await this.duplicateLinks(
      generation,
      stories.flatMap((story) => (story ? [story.id] : [])),
    );
    return stories.map((story) => {
      const duplicateOf = story ? links.get(story.id) : undefined;
      return story && duplicateOf !== undefined ? { ...story, duplicateOf } : story;
    });
  }

  /** Search results: each story's result-list fields and text, null for a story removed meanwhile. */
  async hits(
    generation: number,
    refs: ReadonlyArray<{ shard: number; docid: number }>,
  ): Promise<Array<StoryHit | null>> {
    const raw = await this.rawRecords(generation, refs);
    const hits = raw.map((record) => (record === null ? null : decodeStoryHit(record)));
    const links = await this.duplicateLinks(
      generation,
      hits.flatMap((hit) => (hit ? [hit.fields.id] : [])),
    );
    return hits.map((hit) => {
      const duplicateOf = hit ? links.get(hit.fields.id) : undefined;
      return hit && duplicateOf !== undefined ? { ...hit, fields: { ...hit.fields, duplicateOf } } : hit;
    });
  }

  /** The texts of stored stories by id, for near-duplicate verification. */
  async texts(generation: number, ids: readonly string[]): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    if (ids.length === 0) return texts;
    const keys = generationKeys(this.prefix, generation);
    const entries = await Promise.all(
      ids.map((id) =>
        redisCall('reading story ids', () => this.redis.hget(keys.shard(storyShard(id, this.shards)).ids, id)),
      ),
    );
    const refs = ids.flatMap((id, index) => {
      const entry = entries[index];
      return entry ? [{ id, shard: storyShard(id, this.shards), docid: parseIdEntry(entry).docid }] : [];
    });
    const records = await this.rawRecords(generation, refs);
    refs.forEach(({ id }, index) => {
      const record = records[index];
      if (record) texts.set(id, decodeStoryHit(record).text);
    });
    return texts;
  }

  private async rawRecords(
    generation: number,
    refs: ReadonlyArray<{ shard: number; docid: number }>,
  ): Promise<Array<string | null>> {
    const byShard = new Map<number, number[]>();
    refs.forEach((ref, index) => {
      const list = byShard.get(ref.shard);
      if (list === undefined) byShard.set(ref.shard, [index]);
      else list.push(index);
    });
    const out: Array<string | null> = refs.map(() => null);
    await Promise.all(
      [...byShard].map(async ([shard, indexes]) => {
        const keys = this.shardKeys(generation, shard);
        const pipeline = this.redis.pipeline();
        for (const index of indexes) {
          const docid = refs[index]?.docid ?? 0;
          pipeline.hget(keys.records(docid >> RECORD_BLOCK_BITS), docid.toString(36));
        }
        const replies = (await execPipeline('reading stories', pipeline)) as Array<string | null>;
        replies.forEach((record, i) => (out[indexes[i] ?? 0] = record));
      }),
    );
    return out;
  }

  /** The near-duplicate link of each story that has one. */
  private async duplicateLinks(generation: number, ids: readonly string[]): Promise<Map<string, string>> {
    const links = new Map<string, string>();
    const byShard = new Map<number, string[]>();
    for (const id of new Set(ids)) {
      const shard = storyShard(id, this.shards);
      const list = byShard.get(shard);
      if (list === undefined) byShard.set(shard, [id]);
      else list.push(id);
    }
    await Promise.all(
      [...byShard].map(async ([shard, list]) => {
        const replies = await redisCall('reading near-duplicate links', () =>
          this.redis.hmget(this.shardKeys(generation, shard).duplicates, ...list),
        );
        list.forEach((id, index) => {
          const member = replies[index];
          if (member) links.set(id, member.slice(14));
        });
      }),
    );
    return links;
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
      const gone = lists.flat();
      await this.nearDuplicates.forget(
        generation,
        gone.map((story) => story.id),
      );
      for (const story of gone) removed.set(story.id, story);
      for (let shard = 0; shard < this.shards; shard++) this.merger.wake(generation, shard);
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
    const records = await this.rawRecords(
      keys.generation,
      docids.map((docid) => ({ shard, docid })),
    );
    const ids = records.map((record) => (record === null ? null : decodeStoryHit(record).fields.id));
    const entries = await redisCall('reading story ids', () => this.redis.hmget(sk.ids, ...ids.map((id) => id ?? '')));
    const victims: Array<{ id: string; entry: IdEntry }> = [];
    ids.forEach((id, index) => {
      const raw = entries[index];
      if (!id || !raw) return;
      const entry = parseIdEntry(raw);
      if (entry.docid === docids[index]) victims.push({ id, entry });
    });
    const pipeline = indexPipeline(this.redis);
    for (let i = 0; i < victims.length; i += STORIES_PER_CALL) {
      const call = new ScriptKeys([sk.meta, sk.ids, sk.recency, sk.sources, sk.duplicates]);
      const args: Array<string | number> = [];
      for (const { id, entry } of victims.slice(i, i + STORIES_PER_CALL)) {
        const numbers = [
          recencyMember(entry.sortMs, entry.docid),
          call.index(sk.sourceRecency(entry.source)),
          call.index(sk.records(entry.docid >> RECORD_BLOCK_BITS)),
          entry.docid.toString(36),
          call.index(sk.docValues(entry.docid >> RANGE_BITS)),
          entry.docid % RANGE_SIZE,
        ];
        args.push(id, entry.raw, entry.source, numbers.join(' '));
      }
      pipeline.cwRemoveStories(call.keys.length, ...call.keys, ...args);
    }
    const results = ((await execPipeline('removing old stories', pipeline)) as number[][]).flat();
    return victims.filter((_, index) => results[index] === 1).map(({ id }) => ({ id }));
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

  /**
   * Writes the stories' postings as a new segment under fresh docids, registers it, then commits the stories; returns
   * per write whether it committed.
   */
  private async writeShard(
    sk: ShardKeys,
    writes: ReadonlyArray<{ item: PreparedStory; old: IdEntry | null }>,
  ): Promise<boolean[]> {
    const [last, segmentSeq] = (await execPipeline(
      'allocating docids',
      this.redis.pipeline().hincrby(sk.meta, 'seq', writes.length).hincrby(sk.meta, 'segseq', 1),
    )) as [number, number];
    const first = last - writes.length + 1;
    const segmentId = segmentSeq.toString(36);
    // Postings first: the doc value written by the commit makes a story visible to search.
    const builder = new SegmentBuilder(first);
    writes.forEach(({ item }, index) => {
      const docid = first + index;
      item.terms.forEach((term, t) => builder.add(term, docid, item.impacts[t] as number));
      builder.add(SOURCE_TERM_PREFIX + item.story.source, docid, 1);
    });
    const segment = encodeSegment(builder.build());
    const info = encodeSegmentInfo({
      lo: first,
      hi: last,
      stories: writes.length,
      terms: segment.terms,
      bits: segment.bits,
      createdMs: Date.now(),
    });
    const segmentKey = sk.segment(segmentId);
    const write = indexPipeline(this.redis);
    for (let i = 0; i < segment.fields.length; i += FIELDS_PER_COMMAND) {
      write.hset(segmentKey, ...segment.fields.slice(i, i + FIELDS_PER_COMMAND).flat());
    }
    write.cwRegisterSegment(sk.segments, segmentId, first, last, info);
    const replies = await execPipeline('writing postings', write);
    // Refused only when a merge spanned these docids while this writer stalled: start again with new ones.
    if (replies[replies.length - 1] !== 1) {
      await redisCall('dropping a refused segment', () => this.redis.unlink(segmentKey));
      return writes.map(() => false);
    }

    const commits = indexPipeline(this.redis);
    for (let i = 0; i < writes.length; i += STORIES_PER_CALL) {
      const call = new ScriptKeys([sk.meta, sk.ids, sk.recency, sk.sources, sk.segments]);
      const args: Array<string | number> = [segmentId];
      writes.slice(i, i + STORIES_PER_CALL).forEach(({ item, old }, j) => {
        const docid = first + i + j;
        const source = item.story.source;
        const entry = [docid.toString(36), item.sortMs.toString(36), item.hash, item.normalizedMs.toString(36), source];
        const numbers = [
          recencyMember(item.sortMs, docid),
          call.index(sk.sourceRecency(source)),
          call.index(sk.records(docid >> RECORD_BLOCK_BITS)),
          docid.toString(36),
          call.index(sk.docValues(docid >> RANGE_BITS)),
          docid % RANGE_SIZE,
          item.sortMs,
        ];
        if (old) {
          numbers.push(
            recencyMember(old.sortMs, old.docid),
            call.index(sk.sourceRecency(old.source)),
            call.index(sk.records(old.docid >> RECORD_BLOCK_BITS)),
            old.docid.toString(36),
            call.index(sk.docValues(old.docid >> RANGE_BITS)),
            old.docid % RANGE_SIZE,
          );
        }
        args.push(item.story.id, old?.raw ?? '', entry.join(','), item.record, source, old?.source ?? '');
        args.push(numbers.join(' '));
      });
      commits.cwCommitStories(call.keys.length, ...call.keys, ...args);
    }
    return ((await execPipeline('committing stories', commits)) as number[][]).flat().map((result) => result === 1);
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
      for (const { word, term } of item.words) {
        if (known.has(word)) continue;
        known.add(word);
        members.push(`${word}\u0000${term.term}`);
      }
    }
    if (members.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (let i = 0; i < members.length; i += DICTIONARY_CHUNK) {
      pipeline.zadd(keys.dictionary, 'NX', ...members.slice(i, i + DICTIONARY_CHUNK).flatMap((member) => [0, member]));
    }
    await execPipeline('adding words to the dictionary', pipeline);
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

/** The KEYS of one script call: fixed keys first, then each further key once, referred to by its 1-based number. */
class ScriptKeys {
  private readonly numbers = new Map<string, number>();

  constructor(readonly keys: string[]) {
    keys.forEach((key, index) => this.numbers.set(key, index + 1));
  }

  index(key: string): number {
    let number = this.numbers.get(key);
    if (number === undefined) {
      this.keys.push(key);
      number = this.keys.length;
      this.numbers.set(key, number);
    }
    return number;
  }
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`must be an integer from 1 to ${MAX_PAGE_SIZE}`, 'limit');
  }
}
