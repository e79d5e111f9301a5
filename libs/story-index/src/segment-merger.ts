import { randomBytes } from 'node:crypto';
import { execPipeline, redisCall, type RedisClient } from '@cleanwire/redis';
import { bucketBitsFor, encodeSegment, mergeSegmentTerms, postingsField } from '@cleanwire/search';
import { generationKeys, RANGE_BITS, RANGE_SIZE, type ShardKeys } from './index-keys';
import { encodeSegmentInfo, parseSegmentRegistry, type SegmentInfo } from './segment-registry';
import { type IndexClient, readFieldsBuffer, withIndexCommands } from './story-index.commands';

/** Segments of the same size class merged at once. */
export const MERGE_FANOUT = 8;
/** Stories a merge may produce at most: a search decodes a segment's postings of a term whole. */
export const MAX_SEGMENT_STORIES = 65_536;
/** Segments below this many stories are one size class (write batches). */
const SMALLEST_CLASS = 2048;
/** A segment this young may still be committing its stories: it is not merged yet. */
const MIN_AGE_MS = 2000;
/** A docid gap between segments older than this is a writer that died before registering: merges may span it. */
const GAP_SETTLED_MS = 60_000;
/** Merged-away segments stay readable this long, for searches that listed them before the merge. */
const RETIRED_GRACE_MS = 30_000;
/** Target buckets merged per step: bounds the memory and the Redis time of a step. */
const BUCKETS_PER_STEP = 64;
const FIELDS_PER_COMMAND = 250;
const LOCK_MS = 30_000;
/** Removed stories (of all `count`) that make the merger look for segments to vacuum. */
const VACUUM_SHARE = 1 / 8;
/** A segment whose live share fell below this is rewritten alone. */
const MIN_LIVE_SHARE = 0.7;

export interface SegmentMergerOptions {
  prefix: string;
  shards: number;
  /** Background merge failures; they are retried on the next write. */
  onError?: (error: unknown) => void;
}

/** The size class of a segment: merges combine MERGE_FANOUT adjacent segments of one class. */
export function sizeClass(stories: number): number {
  let size = 0;
  for (let limit = SMALLEST_CLASS; stories >= limit; limit *= MERGE_FANOUT) size++;
  return size;
}

/**
 * Merges a shard's small segments into bigger ones in the background (size-tiered: MERGE_FANOUT adjacent segments of
 * one size class become one), dropping the postings of removed and replaced stories, and rewrites segments that
 * retention or updates left mostly dead. One process merges a shard at a time (a lock with a lease); a merge reads and
 * writes bucket by bucket in bounded steps and swaps the segments in one script, so searches always see a complete set.
 */
export class SegmentMerger {
  private readonly redis: IndexClient;
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    redis: RedisClient,
    private readonly options: SegmentMergerOptions,
  ) {
    this.redis = withIndexCommands(redis);
  }

  /** Starts merging a shard in the background if it needs it (one run per shard at a time). */
  wake(generation: number, shard: number): void {
    const key = `${generation}.${shard}`;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    const run = (async () => {
      do {
        this.again.delete(key);
        try {
          while (await this.mergeOnce(generation, shard, Date.now())) {
            // Yield between merges so indexing keeps its turn.
            await new Promise((resolve) => setImmediate(resolve));
          }
        } catch (error) {
          this.options.onError?.(error);
        }
      } while (this.again.has(key));
    })().finally(() => this.running.delete(key));
    this.running.set(key, run);
  }

  /** Resolves once every background merge started so far has ended. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /**
   * Merges every shard of a generation until nothing is left to merge, as if all its segments were old enough, and
   * deletes retired segments at once. For tests, benchmarks and the end of a rebuild.
   */
  async compact(generation: number): Promise<void> {
    await this.settle();
    const later = Date.now() + GAP_SETTLED_MS + RETIRED_GRACE_MS;
    for (let shard = 0; shard < this.options.shards; shard++) {
      while (await this.mergeOnce(generation, shard, later)) {
        // until settled
      }
    }
  }

  /** Runs one merge if the shard needs one; returns whether it did. `now` decides which segments are old enough. */
  private async mergeOnce(generation: number, shard: number, now: number): Promise<boolean> {
    const sk = generationKeys(this.options.prefix, generation).shard(shard);
    await this.dropRetired(sk, now);
    const [registry, meta] = (await execPipeline(
      'reading segments',
      this.redis.pipeline().hgetall(sk.segments).hmget(sk.meta, 'count', 'removed'),
    )) as [Record<string, string>, Array<string | null>];
    const segments = parseSegmentRegistry(registry);
    let sources = planMerge(segments, now);
    const [count, removed] = meta.map((value) => Number(value ?? 0)) as [number, number];
    if (sources === null && removed > Math.max(100, count * VACUUM_SHARE)) {
      sources = await this.planVacuum(sk, segments, now);
      // Counted again from zero: the segments just checked are as clean as a vacuum leaves them.
      if (sources === null) await redisCall('resetting removed stories', () => this.redis.hset(sk.meta, 'removed', 0));
    }
    if (sources === null) return false;
    const token = randomBytes(12).toString('base64url');
    const locked = await redisCall('locking segment merges', () =>
      this.redis.set(sk.mergeLock, token, 'PX', LOCK_MS, 'NX'),
    );
    if (locked !== 'OK') return false;
    try {
      await this.merge(sk, sources, token);
    } finally {
      await redisCall('unlocking segment merges', () => this.redis.cwReleaseLock(sk.mergeLock, token));
    }
    return true;
  }

  /** Segments whose live share fell below MIN_LIVE_SHARE, one at a time (the oldest first). */
  private async planVacuum(
    sk: ShardKeys,
    segments: readonly SegmentInfo[],
    now: number,
  ): Promise<SegmentInfo[] | null> {
    for (const segment of segments) {
      if (now - segment.createdMs < MIN_AGE_MS) continue;
      const live = await this.liveness(sk, segment.lo, segment.hi);
      const alive = live.reduce((sum, bit) => sum + bit, 0);
      if (alive < segment.stories * MIN_LIVE_SHARE) return [segment];
    }
    return null;
  }

  /** Writes the merge of `sources` (adjacent, in docid order) as a new segment and swaps it in. */
  private async merge(sk: ShardKeys, sources: readonly SegmentInfo[], token: string): Promise<void> {
    const lo = (sources[0] as SegmentInfo).lo;
    const hi = (sources[sources.length - 1] as SegmentInfo).hi;
    const id = (await redisCall('naming a segment', () => this.redis.hincrby(sk.meta, 'segseq', 1))).toString(36);
    const target = sk.segment(id);
    const live = await this.liveness(sk, lo, hi);
    const minBits = Math.min(...sources.map((source) => source.bits));
    const bits = bucketBitsFor(
      Math.max(...sources.map((source) => source.terms)) * 2,
      Math.max(...sources.map((source) => source.bits)),
    );
    const step = Math.max(BUCKETS_PER_STEP, 2 ** (bits - minBits));
    const stories = live.reduce((sum, bit) => sum + bit, 0);
    const allLive = sources.map((source) =>
      live.subarray(source.lo - lo, source.hi - lo + 1).every((bit) => bit === 1),
    );
    let terms = 0;
    try {
      for (let first = 0; first < 2 ** bits; first += step) {
        const extended = await redisCall('extending the merge lock', () =>
          this.redis.cwExtendLock(sk.mergeLock, token, LOCK_MS),
        );
        if (extended !== 1) throw new Error('lost the segment merge lock');
        const fields = await this.readBuckets(sk, sources, bits, first, step);
        const merged = mergeSegmentTerms(
          fields.map((field, index) => ({ ...field, allLive: allLive[index] })),
          lo,
          (docid) => live[docid - lo] === 1,
        );
        terms += merged.length;
        const encoded = encodeSegment(merged, bits).fields;
        const pipeline = this.redis.pipeline();
        for (let i = 0; i < encoded.length; i += FIELDS_PER_COMMAND) {
          pipeline.hset(target, ...encoded.slice(i, i + FIELDS_PER_COMMAND).flat());
        }
        if (encoded.length > 0) await execPipeline('writing a merged segment', pipeline);
      }
      const info = encodeSegmentInfo({ lo, hi, stories, terms, bits, createdMs: Date.now() });
      const swapped = await redisCall('swapping merged segments', () =>
        this.redis.cwSwapSegments(
          sk.segments,
          sk.retired,
          terms > 0 ? id : '',
          info,
          Date.now(),
          ...sources.map((source) => source.id),
        ),
      );
      if (swapped !== 1) throw new Error('merged segments changed meanwhile');
      if (terms === 0) await redisCall('dropping an empty segment', () => this.redis.unlink(target));
    } catch (error) {
      await redisCall('dropping an unfinished segment', () => this.redis.unlink(target));
      throw error;
    }
  }

  /** The postings fields of the sources' buckets that map into target buckets [first, first + step). */
  private async readBuckets(
    sk: ShardKeys,
    sources: readonly SegmentInfo[],
    bits: number,
    first: number,
    step: number,
  ): Promise<Array<{ base: number; fields: Uint8Array[] }>> {
    const fields = sources.map((source) => {
      const shift = bits - source.bits;
      const from = first >>> shift;
      const to = (first + step - 1) >>> shift;
      return Array.from({ length: to - from + 1 }, (_, i) => postingsField(from + i));
    });
    const replies = await readFieldsBuffer(
      this.redis,
      'reading segments to merge',
      sources.map((source) => sk.segment(source.id)),
      fields,
    );
    return sources.map((source, index) => ({
      base: source.lo,
      fields: (replies[index] ?? []).filter((field): field is Buffer => field !== null && field.length > 0),
    }));
  }

  /** One byte per docid of [lo, hi]: 1 when the story is visible (non-zero doc value). */
  private async liveness(sk: ShardKeys, lo: number, hi: number): Promise<Uint8Array> {
    const live = new Uint8Array(hi - lo + 1);
    const pipeline = this.redis.pipeline();
    const pieces: Array<{ from: number; to: number }> = [];
    for (let from = lo; from <= hi;) {
      const range = from >> RANGE_BITS;
      const to = Math.min(hi, (range + 1) * RANGE_SIZE - 1);
      pipeline.getrangeBuffer(sk.docValues(range), (from % RANGE_SIZE) * 8, (to % RANGE_SIZE) * 8 + 7);
      pieces.push({ from, to });
      from = to + 1;
    }
    const replies = (await execPipeline('reading doc values', pipeline)) as Buffer[];
    pieces.forEach(({ from, to }, index) => {
      const bytes = replies[index] ?? Buffer.alloc(0);
      for (let docid = from; docid <= to; docid++) {
        const at = (docid - from) * 8;
        if (at + 8 <= bytes.length && bytes.readBigInt64BE(at) !== 0n) live[docid - lo] = 1;
      }
    });
    return live;
  }

  /** Deletes segments retired long enough ago that no search can still be reading them. */
  private async dropRetired(sk: ShardKeys, now: number): Promise<void> {
    const ids = await redisCall('finding retired segments', () =>
      this.redis.zrangebyscore(sk.retired, '-inf', now - RETIRED_GRACE_MS, 'LIMIT', 0, 100),
    );
    if (ids.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.unlink(sk.segment(id));
    pipeline.zrem(sk.retired, ...ids);
    await execPipeline('dropping retired segments', pipeline);
  }
}

/**
 * The next merge of a shard: the oldest run of MERGE_FANOUT adjacent segments of one size class (at most
 * MAX_SEGMENT_STORIES together), each old enough to be committed, with no gap between them that a live writer may still
 * fill. Null when there is none.
 */
export function planMerge(segments: readonly SegmentInfo[], now: number): SegmentInfo[] | null {
  const classes = [...new Set(segments.map((segment) => sizeClass(segment.stories)))].sort((a, b) => a - b);
  for (const size of classes) {
    let run: SegmentInfo[] = [];
    let stories = 0;
    const restart = (segment: SegmentInfo | null): void => {
      run = segment === null ? [] : [segment];
      stories = segment?.stories ?? 0;
    };
    for (const segment of segments) {
      if (sizeClass(segment.stories) !== size || now - segment.createdMs < MIN_AGE_MS) {
        restart(null);
        continue;
      }
      const previous = run[run.length - 1];
      if (previous !== undefined && segment.lo !== previous.hi + 1 && now - segment.createdMs < GAP_SETTLED_MS) {
        restart(segment);
        continue;
      }
      if (stories + segment.stories > MAX_SEGMENT_STORIES) {
        // A run the size cap stops is as big as it will get.
        if (run.length >= 2) return run;
        restart(segment);
        continue;
      }
      run.push(segment);
      stories += segment.stories;
      if (run.length === MERGE_FANOUT) return run;
    }
  }
  return null;
}
