import type { CleanStory } from '@cleanwire/contracts';

/** Docids per range: doc values are cut into keys of this many docids. */
export const RANGE_BITS = 16;
export const RANGE_SIZE = 2 ** RANGE_BITS;
/** Docids per record block: records are fields of one hash per block. */
export const RECORD_BLOCK_BITS = 10;
/** Prefix of the pseudo-term whose postings list a source's stories: no folded word starts with U+0001. */
export const SOURCE_TERM_PREFIX = '\u0001';

/**
 * Keys of one shard of one generation. Every key carries the hash tag `{g<generation>.<shard>}`, so a shard lives in one
 * Cluster slot and a script may touch all of its keys.
 */
export interface ShardKeys {
  /** HASH: `seq` (last docid handed out), `count` (stories stored), `segseq` (last segment id), `removed`. */
  readonly meta: string;
  /** HASH: story id → `docid,sortMs,contentHash,normalizedMs,source` (docid and times base 36). */
  readonly ids: string;
  /** ZSET, scores 0: every story's recency member (`recencyMember`), newest first in byte order. */
  readonly recency: string;
  /** HASH: source → number of stories. */
  readonly sources: string;
  /** The same recency members, one source only. */
  sourceRecency(source: string): string;
  /** HASH: docid (base 36) → story record (`encodeStoryRecord`), for the docids of one block. */
  records(block: number): string;
  /** STRING of 64-bit signed integers, one per docid of the range: the story's sort time in ms, 0 when none. */
  docValues(range: number): string;
  /** HASH: segment id → `lo,hi,stories,terms,bits,level,createdMs` (base 36): the segments searches read. */
  readonly segments: string;
  /** HASH: a segment's postings and count fields (see `encodeSegment`). */
  segment(id: string): string;
  /** ZSET: merged-away segments by the time they left the registry; deleted once no search can still read them. */
  readonly retired: string;
  /** STRING: held by the process merging this shard's segments. */
  readonly mergeLock: string;
  /** HASH: story id → the recency-ordered member of the earlier story it nearly duplicates. */
  readonly duplicates: string;
}

/** Keys of one generation: its shards, and the keys that span shards. */
export interface GenerationKeys {
  readonly generation: number;
  shard(shard: number): ShardKeys;
  /** ZSET, scores 0, of `word\0stem` for every indexed word: prefix queries expand through it. */
  readonly dictionary: string;
  /** Near-duplicate keys of one LSH partition: bucket → stories, and each story's near-duplicate state. */
  nearPartition(partition: number): { buckets: string; stories: string };
  /** Pattern matching every key of this generation, for dropping it after a reindex. */
  readonly pattern: string;
}

/** Keys of one generation under a prefix such as `cw:`. */
export function generationKeys(prefix: string, generation: number): GenerationKeys {
  const shards = new Map<number, ShardKeys>();
  return {
    generation,
    shard(shard) {
      let keys = shards.get(shard);
      if (keys === undefined) {
        keys = shardKeys(`${prefix}{g${generation}.${shard}}:`);
        shards.set(shard, keys);
      }
      return keys;
    },
    dictionary: `${prefix}{g${generation}}:dict`,
    nearPartition: (partition) => ({
      buckets: `${prefix}{g${generation}.n${partition}}:lsh`,
      stories: `${prefix}{g${generation}.n${partition}}:near`,
    }),
    pattern: `${prefix}{g${generation}[.}]*`,
  };
}

function shardKeys(p: string): ShardKeys {
  return {
    meta: `${p}meta`,
    ids: `${p}ids`,
    recency: `${p}t`,
    sources: `${p}src`,
    sourceRecency: (source) => `${p}s:${source}`,
    records: (block) => `${p}r:${block.toString(36)}`,
    docValues: (range) => `${p}v:${range}`,
    segments: `${p}segs`,
    segment: (id) => `${p}x:${id}`,
    retired: `${p}retired`,
    mergeLock: `${p}merging`,
    duplicates: `${p}dup`,
  };
}

/** Key of the generation pointer: HASH `current` (what queries read) and `building` (what a reindex fills). */
export function generationPointerKey(prefix: string): string {
  return `${prefix}generation`;
}

const MAX_SORT_MS = 36 ** 9 - 1;
const TIME_WIDTH = 9;
const DOCID_WIDTH = 6;

/** Milliseconds a story sorts by: when it was published, or when we received it if the feed gave no date. */
export function storySortTime(story: Pick<CleanStory, 'id' | 'publishedAt' | 'receivedAt'>): number {
  const published = story.publishedAt === undefined ? NaN : Date.parse(story.publishedAt);
  const ms = Number.isNaN(published) ? Date.parse(story.receivedAt) : published;
  if (Number.isNaN(ms)) throw new RangeError(`story ${story.id} has no parsable publishedAt or receivedAt`);
  // Clamped so a pre-1970 or far-future date still sorts, at an end.
  return Math.min(Math.max(ms, 1), MAX_SORT_MS);
}

/** Recency member: `<inverted ms, 9 base-36 digits><docid, 6 base-36 digits>`; byte order is newest first. */
export function recencyMember(sortMs: number, docid: number): string {
  return (MAX_SORT_MS - sortMs).toString(36).padStart(TIME_WIDTH, '0') + docid.toString(36).padStart(DOCID_WIDTH, '0');
}

/** The lowest member of a story sorted at `sortMs` (any docid): members below it are newer. */
export function recencyBound(sortMs: number): string {
  return (MAX_SORT_MS - Math.min(Math.max(sortMs, 0), MAX_SORT_MS)).toString(36).padStart(TIME_WIDTH, '0');
}

/** Sort time and docid of a recency member. */
export function parseRecencyMember(member: string): { sortMs: number; docid: number } {
  return {
    sortMs: MAX_SORT_MS - parseInt(member.slice(0, TIME_WIDTH), 36),
    docid: parseInt(member.slice(TIME_WIDTH), 36),
  };
}

/** True when the string has the shape of a recency member. */
export function isRecencyMember(value: string): boolean {
  return value.length === TIME_WIDTH + DOCID_WIDTH && /^[0-9a-z]+$/.test(value);
}
