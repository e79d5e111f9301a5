import type { CleanStory } from '@cleanwire/contracts';
import { execPipeline, redisCall, type RedisClient } from '@cleanwire/redis';
import {
  containsPhrase,
  decodePostings,
  EMPTY_POSTINGS,
  highlightSnippet,
  idf,
  intersectDocs,
  isSearchable,
  MAX_IMPACT,
  MAX_TERM_WEIGHT,
  parseSearchQuery,
  phraseTerms,
  type ScoredDocs,
  scorePostings,
  type SearchQuery,
  subtractDocs,
  unionDocs,
} from '@cleanwire/search';
import { generationKeys, RANGE_BITS, RANGE_SIZE, type ShardKeys, SOURCE_TERM_PREFIX } from './index-keys';
import { checkLimit, type RedisStoryStore } from './redis-story-store';
import { decodeSearchCursor, encodeSearchCursor, queryFingerprint, type SearchPosition } from './story-cursor';
import { type ScoredStory, type SearchPage, type SearchRequest, StorySearch } from './story-ports';
import { storyText } from './story-record';

export interface StorySearchOptions {
  /** Matches per shard evaluated and ranked per candidate window (newest docids first); default 1000 over all shards. */
  candidateWindow?: number;
  /** Most words a prefix expands to; default 32. */
  maxPrefixExpansions?: number;
}

/** One matching story of a candidate window. */
interface Candidate {
  shard: number;
  docid: number;
  score: number;
  sortMs: number;
}

interface ShardStatistics {
  seq: number;
  count: number;
  bytes: Map<string, number>;
  /** The postings of one range (group terms, then excluded terms), read with the statistics. */
  prefetched: { range: number; values: Array<Buffer | null> };
}

/** What evaluating one shard's window found. */
interface ShardWindow {
  candidates: Candidate[];
  /** The docid the next window starts below, or -1 when the shard has no more matches. */
  nextBound: number;
  /** Matches in the whole shard: counted, or extrapolated when the window was cut. */
  total: number;
  estimated: boolean;
}

// The average bytes of a posting (gap varint + impact byte), for estimating document frequencies from string lengths.
const BYTES_PER_POSTING = 2.5;
const EMPTY_PAGE: SearchPage = { stories: [], nextCursor: null, total: 0, totalIsEstimate: false };
/** Candidate windows one request evaluates at most before it returns a short page with a cursor. */
const MAX_WINDOWS_PER_REQUEST = 4;
const BITFIELD_CHUNK = 500;
/** A window spanning fewer docids of a range than this reads their sort times as one string (8 bytes each). */
const DENSE_SPAN = 4096;
/** Stories one request reads to check phrases at most; a page may then come back short, with a cursor to go on. */
const PHRASE_CHECKS_PER_REQUEST = 200;

/**
 * Search evaluated in the query service over compressed postings fetched in bounded pieces: per shard, the newest
 * docid ranges first, rarest list driving the intersection, until a candidate window is full; the window is ranked by
 * BM25 (or time), shards' windows are merged, and a cursor resumes where the page ended.
 */
export class RedisStorySearch extends StorySearch {
  private readonly window: number;
  private readonly maxExpansions: number;
  /** The highest docid range each shard had at the last search: the next search reads its statistics in one trip. */
  private readonly knownRanges = new Map<string, number>();

  constructor(
    private readonly redis: RedisClient,
    private readonly store: RedisStoryStore,
    options: StorySearchOptions = {},
  ) {
    super();
    this.window = Math.max(1, Math.ceil((options.candidateWindow ?? 1000) / store.shards));
    this.maxExpansions = options.maxPrefixExpansions ?? 32;
  }

  async search(request: SearchRequest): Promise<SearchPage> {
    checkLimit(request.limit);
    const query = parseSearchQuery(request.q);
    const sort = request.sort ?? 'relevance';
    const sources = [...new Set(request.sources ?? [])].sort();
    const fingerprint = queryFingerprint(['search', query, sort, sources, request.from ?? null, request.to ?? null]);
    const shards = this.store.shards;
    const position = request.cursor === undefined ? null : decodeSearchCursor(request.cursor, fingerprint, shards);
    if (!isSearchable(query)) return EMPTY_PAGE;

    const generation = await this.store.generations.current();
    const groups = await this.termGroups(generation, query, sources);
    if (groups === null) return EMPTY_PAGE;

    const stats = await this.statistics(generation, groups, query.excluded);
    const rank = sort === 'newest' ? byTime : byRelevance;
    let windows = position?.windows ?? Array.from({ length: shards }, (): number | null => null);
    let after = position?.after ?? null;
    let total = position ? { count: position.total, estimated: position.totalIsEstimate } : null;
    // Each result remembers the windows it was ranked in: a cursor resumes within them.
    const page: Array<{ candidate: Candidate; story: CleanStory; windows: Array<number | null> }> = [];
    let next: SearchPosition | null = null;
    let checkBudget = PHRASE_CHECKS_PER_REQUEST;

    for (let round = 0; round < MAX_WINDOWS_PER_REQUEST; round++) {
      const evaluated = await Promise.all(
        windows.map((bound, shard) =>
          bound === -1
            ? Promise.resolve(null)
            : this.evaluateShard(
                generation,
                shard,
                stats.shards[shard] as ShardStatistics,
                stats.weights,
                bound,
                groups,
                query.excluded,
                request,
              ),
        ),
      );
      const candidates = evaluated.flatMap((shard) => shard?.candidates ?? []).sort(rank);
      const resumeAfter = after === null ? null : keyCandidate(after);
      const startAt = resumeAfter === null ? 0 : candidates.findIndex((c) => rank(c, resumeAfter) > 0);
      const ranked = startAt < 0 ? [] : candidates.slice(startAt);
      const verified = await this.verify(generation, query, ranked, request.limit + 1 - page.length, checkBudget);
      checkBudget -= verified.checked;
      if (total === null) {
        const shardTotals = evaluated.map((shard) => shard ?? { total: 0, estimated: false });
        const count = shardTotals.reduce((sum, shard) => sum + shard.total, 0);
        const checkedAll = verified.checked === candidates.length;
        total = {
          count: Math.round(count * verified.passRate),
          estimated: shardTotals.some((shard) => shard.estimated) || (verified.phrases && !checkedAll),
        };
      }
      const roundWindows = windows;
      page.push(...verified.found.map((found) => ({ ...found, windows: roundWindows })));
      const bounds = evaluated.map((shard) => shard?.nextBound ?? -1);
      if (page.length > request.limit) {
        const last = page[request.limit - 1] as (typeof page)[number];
        const { score, sortMs, shard, docid } = last.candidate;
        next = { windows: last.windows, after: [score, sortMs, shard, docid], total: 0, totalIsEstimate: false };
        break;
      }
      if (verified.checked < ranked.length) {
        // The phrase check budget ran out: the next page resumes after the last story checked.
        const lastChecked = ranked[verified.checked - 1];
        const resume: SearchPosition['after'] = lastChecked
          ? [lastChecked.score, lastChecked.sortMs, lastChecked.shard, lastChecked.docid]
          : after;
        next = { windows, after: resume, total: 0, totalIsEstimate: false };
        break;
      }
      if (bounds.every((bound) => bound === -1)) {
        next = null;
        break;
      }
      windows = bounds;
      after = null;
      next = { windows, after: null, total: 0, totalIsEstimate: false };
    }

    const shown = page.slice(0, request.limit);
    const cursorTotal = total ?? { count: 0, estimated: false };
    return {
      stories: shown.map(({ candidate, story }) => scored(story, candidate.score, query)),
      nextCursor:
        next === null
          ? null
          : encodeSearchCursor(
              { ...next, total: cursorTotal.count, totalIsEstimate: cursorTotal.estimated },
              fingerprint,
            ),
      total: cursorTotal.count,
      totalIsEstimate: cursorTotal.estimated,
    };
  }

  /** The posting lists every match needs, one group per clause (any term of a group will do); null if one is empty. */
  private async termGroups(
    generation: number,
    query: SearchQuery,
    sources: readonly string[],
  ): Promise<Array<{ terms: string[]; scored: boolean }> | null> {
    const groups = query.terms.map((term) => ({ terms: [term], scored: true }));
    const dictionary = generationKeys(this.store.prefix, generation).dictionary;
    for (const prefix of query.prefixes) {
      const members = await redisCall('expanding a prefix', () =>
        this.redis.zrange(
          dictionary,
          `[${prefix}`,
          Buffer.concat([Buffer.from(`(${prefix}`), Buffer.from([0xff])]) as unknown as string,
          'BYLEX',
          'LIMIT',
          0,
          this.maxExpansions * 4,
        ),
      );
      const terms = [...new Set(members.map((member) => member.slice(member.indexOf('\u0000') + 1)))];
      if (terms.length === 0) return null;
      groups.push({ terms: terms.slice(0, this.maxExpansions), scored: true });
    }
    if (sources.length > 0) groups.push({ terms: sources.map((s) => SOURCE_TERM_PREFIX + s), scored: false });
    return groups;
  }

  /**
   * Per shard: its highest docid, its story count, and the bytes of each term's postings (about 2.5 per story), read
   * in one round trip per shard. Term weights use the IDF over all shards, so a story scores the same in any shard.
   */
  private async statistics(
    generation: number,
    groups: ReadonlyArray<{ terms: string[]; scored: boolean }>,
    excluded: readonly string[],
  ): Promise<{ shards: ShardStatistics[]; weights: Map<string, number> }> {
    const keys = generationKeys(this.store.prefix, generation);
    const terms = [...new Set(groups.flatMap((group) => group.terms))];
    const fetched = [...groups.flatMap((group) => group.terms), ...excluded];
    const shards = await Promise.all(
      Array.from({ length: this.store.shards }, async (_, shard): Promise<ShardStatistics> => {
        const sk = keys.shard(shard);
        // One round trip: the meta hash, the sizes of every range the shard had at the last search and of one more,
        // and the postings of the newest range it had then, which the first window almost always starts with.
        const known = this.knownRanges.get(`${generation}.${shard}`) ?? 0;
        const pipeline = this.redis.pipeline();
        pipeline.hmget(sk.meta, 'seq', 'count');
        for (const term of terms) for (let r = 0; r <= known + 1; r++) pipeline.strlen(sk.postings(r, term));
        for (const term of fetched) pipeline.getBuffer(sk.postings(known, term));
        const replies = await execPipeline('reading shard statistics', pipeline);
        const [seqRaw, countRaw] = replies[0] as Array<string | null>;
        const seq = Number(seqRaw ?? 0);
        const ranges = seq >> RANGE_BITS;
        this.knownRanges.set(`${generation}.${shard}`, ranges);
        const bytes = new Map<string, number>();
        terms.forEach((term, index) => {
          let sum = 0;
          for (let r = 0; r <= known + 1; r++) sum += (replies[1 + index * (known + 2) + r] as number) ?? 0;
          bytes.set(term, sum);
        });
        const prefetched = replies.slice(1 + terms.length * (known + 2)) as Array<Buffer | null>;
        // A shard that grew by more than a range since: count the ranges not covered.
        if (ranges > known + 1) {
          const extra = this.redis.pipeline();
          for (const term of terms) for (let r = known + 2; r <= ranges; r++) extra.strlen(sk.postings(r, term));
          const more = (await execPipeline('reading postings sizes', extra)) as number[];
          terms.forEach((term, index) => {
            const width = ranges - known - 1;
            for (let r = 0; r < width; r++) bytes.set(term, (bytes.get(term) ?? 0) + (more[index * width + r] ?? 0));
          });
        }
        return { seq, count: Number(countRaw ?? 0), bytes, prefetched: { range: known, values: prefetched } };
      }),
    );
    const stories = shards.reduce((sum, shard) => sum + shard.count, 0);
    const weights = new Map<string, number>();
    for (const group of groups) {
      for (const term of group.terms) {
        const bytes = shards.reduce((sum, shard) => sum + (shard.bytes.get(term) ?? 0), 0);
        weights.set(term, group.scored ? (idf(stories, bytes / BYTES_PER_POSTING) * MAX_TERM_WEIGHT) / MAX_IMPACT : 0);
      }
    }
    return { shards, weights };
  }

  /** Evaluates one shard below `bound` (null: from its newest docid) until a candidate window is full. */
  private async evaluateShard(
    generation: number,
    shard: number,
    stats: ShardStatistics,
    weights: ReadonlyMap<string, number>,
    bound: number | null,
    groups: ReadonlyArray<{ terms: string[]; scored: boolean }>,
    excluded: readonly string[],
    request: SearchRequest,
  ): Promise<ShardWindow> {
    const sk = generationKeys(this.store.prefix, generation).shard(shard);
    const top = Math.min(bound ?? Infinity, stats.seq + 1);
    const none: ShardWindow = { candidates: [], nextBound: -1, total: 0, estimated: false };
    if (top <= 0 || stats.count === 0) return none;
    // A group none of whose terms occurs in this shard: nothing here can match.
    if (groups.some((group) => group.terms.every((term) => (stats.bytes.get(term) ?? 0) === 0))) return none;
    const topRange = (top - 1) >> RANGE_BITS;

    const matches: ScoredDocs[] = [];
    let matched = 0;
    let nextBound = -1;
    for (let range = topRange; range >= 0 && nextBound === -1; range--) {
      let values = stats.prefetched.values;
      if (stats.prefetched.range !== range) {
        const reads = this.redis.pipeline();
        for (const group of groups) for (const term of group.terms) reads.getBuffer(sk.postings(range, term));
        for (const term of excluded) reads.getBuffer(sk.postings(range, term));
        values = (await execPipeline('reading postings', reads)) as Array<Buffer | null>;
      }
      const base = range * RANGE_SIZE;
      let v = 0;
      const lists: ScoredDocs[] = [];
      for (const group of groups) {
        const alternatives = group.terms.map((term) => {
          const value = values[v++];
          const postings = value ? decodePostings(value, base) : EMPTY_POSTINGS;
          return scorePostings(postings, weights.get(term) ?? 0);
        });
        lists.push(unionDocs(alternatives));
      }
      const minus = excluded.map(() => {
        const value = values[v++];
        return value ? decodePostings(value, base).docs : EMPTY_POSTINGS.docs;
      });
      let found = subtractDocs(intersectDocs(lists), minus);
      found = below(found, top);
      if (found.docs.length === 0) continue;
      const room = this.window - matched;
      if (found.docs.length > room) {
        // Keep the newest `room` matches of this range; the next window starts below the oldest kept.
        const from = found.docs.length - room;
        found = { docs: found.docs.subarray(from), scores: found.scores.subarray(from) };
        nextBound = found.docs[0] ?? -1;
      }
      matches.push(found);
      matched += found.docs.length;
      if (matched >= this.window && nextBound === -1 && range > 0) nextBound = found.docs[0] ?? -1;
    }

    const candidates = await this.withSortTimes(sk, shard, matches, request);
    if (nextBound === -1) return { candidates, nextBound, total: candidates.length, estimated: false };
    // Extrapolated from the share of this shard's docids the window covered.
    const covered = Math.max(1, top - nextBound);
    return {
      candidates,
      nextBound,
      total: Math.round((candidates.length * Math.max(top, 1)) / covered),
      estimated: true,
    };
  }

  /** Reads the matches' sort times (0: removed, or not yet committed) and applies the time filter. */
  private async withSortTimes(
    sk: ShardKeys,
    shard: number,
    matches: readonly ScoredDocs[],
    request: SearchRequest,
  ): Promise<Candidate[]> {
    const docs: Array<{ docid: number; score: number }> = [];
    for (const list of matches) list.docs.forEach((docid, i) => docs.push({ docid, score: list.scores[i] ?? 0 }));
    if (docs.length === 0) return [];
    // Per range: a dense window (the usual case for common words) is one GETRANGE of its span; a sparse one is read
    // docid by docid with BITFIELD_RO, in pieces.
    const reads = this.redis.pipeline();
    const decoders: Array<(reply: unknown) => number[]> = [];
    for (let i = 0; i < docs.length;) {
      const range = (docs[i]?.docid ?? 0) >> RANGE_BITS;
      let end = i;
      while (end < docs.length && (docs[end]?.docid ?? 0) >> RANGE_BITS === range) end++;
      const group = docs.slice(i, end).map(({ docid }) => docid % RANGE_SIZE);
      const first = Math.min(...group);
      const last = Math.max(...group);
      if (last - first < DENSE_SPAN) {
        reads.getrangeBuffer(sk.docValues(range), first * 8, last * 8 + 7);
        decoders.push((reply) => {
          const bytes = reply as Buffer;
          return group.map((offset) => {
            const at = (offset - first) * 8;
            return at + 8 <= bytes.length ? Number(bytes.readBigInt64BE(at)) : 0;
          });
        });
      } else {
        for (let k = 0; k < group.length; k += BITFIELD_CHUNK) {
          const piece = group.slice(k, k + BITFIELD_CHUNK);
          reads.call('BITFIELD_RO', sk.docValues(range), ...piece.flatMap((offset) => ['GET', 'i64', `#${offset}`]));
          decoders.push((reply) => (reply as number[]).map(Number));
        }
      }
      i = end;
    }
    const replies = await execPipeline('reading sort times', reads);
    const times = replies.flatMap((reply, index) => decoders[index]?.(reply) ?? []);
    const from = request.from ?? -Infinity;
    const to = request.to ?? Infinity;
    const candidates: Candidate[] = [];
    docs.forEach(({ docid, score }, i) => {
      const sortMs = times[i] ?? 0;
      if (sortMs === 0 || sortMs < from || sortMs > to) return;
      candidates.push({ shard, docid, score: Math.round(score * 1e6) / 1e6, sortMs });
    });
    return candidates;
  }

  /**
   * Reads the records of ranked candidates until `wanted` pass the phrase checks (all pass without phrases), in rank
   * order, checking at most `budget` for phrases. Reports how many were checked and the share that passed.
   */
  private async verify(
    generation: number,
    query: SearchQuery,
    ranked: readonly Candidate[],
    wanted: number,
    budget: number,
  ): Promise<{
    found: Array<{ candidate: Candidate; story: CleanStory }>;
    checked: number;
    passRate: number;
    phrases: boolean;
  }> {
    const phrases = query.phrases.length > 0 || query.excludedPhrases.length > 0;
    const found: Array<{ candidate: Candidate; story: CleanStory }> = [];
    let checked = 0;
    let passed = 0;
    while (found.length < wanted && checked < ranked.length && (!phrases || checked < budget)) {
      const size = phrases ? Math.min(Math.max(wanted * 2, 50), budget - checked) : wanted - found.length;
      const batch = ranked.slice(checked, checked + size);
      const stories = await this.store.records(generation, batch);
      batch.forEach((candidate, index) => {
        const story = stories[index];
        if (!story || (phrases && !matchesPhrases(story, query))) return;
        passed++;
        if (found.length < wanted) found.push({ candidate, story });
      });
      checked += batch.length;
    }
    return { found, checked, passRate: phrases && checked > 0 ? passed / checked : 1, phrases };
  }
}

function matchesPhrases(story: CleanStory, query: SearchQuery): boolean {
  const parts = [story.headline, ...story.captions, ...story.body].map(phraseTerms);
  const has = (sequence: readonly string[]): boolean => parts.some((words) => containsPhrase(words, sequence));
  return query.phrases.every(has) && !query.excludedPhrases.some(has);
}

function scored(story: CleanStory, score: number, query: SearchQuery): ScoredStory {
  return { ...story, score, snippet: highlightSnippet(storyText(story) || story.headline, query) };
}

function below(list: ScoredDocs, top: number): ScoredDocs {
  let end = list.docs.length;
  while (end > 0 && (list.docs[end - 1] as number) >= top) end--;
  return end === list.docs.length ? list : { docs: list.docs.subarray(0, end), scores: list.scores.subarray(0, end) };
}

function keyCandidate([score, sortMs, shard, docid]: [number, number, number, number]): Candidate {
  return { score, sortMs, shard, docid };
}

/** Most relevant first, then newest, then shard, then latest docid. */
function byRelevance(a: Candidate, b: Candidate): number {
  return b.score - a.score || byTime(a, b);
}

/** Newest first, then shard, then latest docid. */
function byTime(a: Candidate, b: Candidate): number {
  return b.sortMs - a.sortMs || a.shard - b.shard || b.docid - a.docid;
}
