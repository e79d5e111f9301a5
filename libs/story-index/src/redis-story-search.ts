import type { CleanStory } from '@cleanwire/contracts';
import { execPipeline, redisCall, type RedisClient } from '@cleanwire/redis';
import {
  bucketOf,
  countsField,
  decodePostings,
  findCount,
  findPostings,
  highlightSnippet,
  idf,
  intersectDocs,
  isSearchable,
  MAX_IMPACT,
  MAX_TERM_WEIGHT,
  parseSearchQuery,
  postingsField,
  type ScoredDocs,
  scorePostings,
  type SearchQuery,
  subtractDocs,
  type TermKey,
  termKey,
  textContainsPhrase,
  unionDocs,
} from '@cleanwire/search';
import { generationKeys, RANGE_BITS, RANGE_SIZE, type ShardKeys, SOURCE_TERM_PREFIX } from './index-keys';
import { checkLimit, type RedisStoryStore, type StoryHit } from './redis-story-store';
import { parseSegmentRegistry, type SegmentInfo } from './segment-registry';
import { type IndexClient, readFieldsBuffer, withIndexCommands } from './story-index.commands';
import { decodeSearchCursor, encodeSearchCursor, queryFingerprint, type SearchPosition } from './story-cursor';
import { type SearchHit, type SearchPage, type SearchRequest, StorySearch } from './story-ports';

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

/** A clause's terms (any will do) and whether they score. */
interface TermGroup {
  terms: string[];
  scored: boolean;
}

/** A segment of a shard as a search sees it: which query terms it holds, and how many stories have each. */
interface SegmentView extends SegmentInfo {
  counts: Map<string, number>;
}

interface ShardView {
  seq: number;
  count: number;
  /** Newest first. */
  segments: SegmentView[];
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

const EMPTY_PAGE: SearchPage = { stories: [], nextCursor: null, total: 0, totalIsEstimate: false };
/** Candidate windows one request evaluates at most before it returns a short page with a cursor. */
const MAX_WINDOWS_PER_REQUEST = 4;
const BITFIELD_CHUNK = 500;
/** A window spanning fewer docids of a range than this reads their sort times as one string (8 bytes each). */
const DENSE_SPAN = 4096;
/** Stories one request reads to check phrases at most; a page may then come back short, with a cursor to go on. */
const PHRASE_CHECKS_PER_REQUEST = 200;
/** Postings are fetched for segments expected to give this many times the matches still needed. */
const FETCH_MARGIN = 2;

/**
 * Search evaluated in the query service over segment postings fetched bucket by bucket: per shard, the newest
 * segments first, rarest list driving the intersection, until a candidate window is full; the window is ranked by
 * BM25 (or time), shards' windows are merged, and a cursor resumes where the page ended.
 */
export class RedisStorySearch extends StorySearch {
  private readonly redis: IndexClient;
  private readonly window: number;
  private readonly maxExpansions: number;

  constructor(
    redis: RedisClient,
    private readonly store: RedisStoryStore,
    options: StorySearchOptions = {},
  ) {
    super();
    this.redis = withIndexCommands(redis);
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

    const { views, weights } = await this.statistics(generation, groups, query.excluded);
    const rank = sort === 'newest' ? byTime : byRelevance;
    let windows = position?.windows ?? Array.from({ length: shards }, (): number | null => null);
    let after = position?.after ?? null;
    let total = position ? { count: position.total, estimated: position.totalIsEstimate } : null;
    // Each result remembers the windows it was ranked in: a cursor resumes within them.
    const page: Array<{ candidate: Candidate; hit: StoryHit; windows: Array<number | null> }> = [];
    let next: SearchPosition | null = null;
    let checkBudget = PHRASE_CHECKS_PER_REQUEST;

    for (let round = 0; round < MAX_WINDOWS_PER_REQUEST; round++) {
      const evaluated = await Promise.all(
        windows.map((bound, shard) =>
          bound === -1
            ? Promise.resolve(null)
            : this.evaluateShard(generation, shard, views[shard] as ShardView, weights, bound, groups, query, request),
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
      stories: shown.map(({ candidate, hit }) => searchHit(hit, candidate.score, query)),
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
  ): Promise<TermGroup[] | null> {
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
   * Per shard: its highest docid, its story count, its segments and how many stories of each hold each term (two
   * round trips: the registry, then every segment's count fields of the query's buckets). Term weights use the IDF over
   * all shards, so a story scores the same in any shard.
   */
  private async statistics(
    generation: number,
    groups: readonly TermGroup[],
    excluded: readonly string[],
  ): Promise<{ views: ShardView[]; weights: Map<string, number> }> {
    const keys = generationKeys(this.store.prefix, generation);
    const terms = [...new Set([...groups.flatMap((group) => group.terms), ...excluded])];
    const termKeys = terms.map(termKey);
    const views = await Promise.all(
      Array.from({ length: this.store.shards }, async (_, shard): Promise<ShardView> => {
        const sk = keys.shard(shard);
        const [meta, registry] = (await execPipeline(
          'reading shard statistics',
          this.redis.pipeline().hmget(sk.meta, 'seq', 'count').hgetall(sk.segments),
        )) as [Array<string | null>, Record<string, string>];
        const segments = parseSegmentRegistry(registry).reverse();
        const fields = segments.map((segment) => [
          ...new Set(termKeys.map((key) => countsField(bucketOf(key.high, segment.bits)))),
        ]);
        const replies = await this.readFields(
          sk,
          segments.map((segment) => segment.id),
          fields,
        );
        const viewsOf = segments.map((segment, index): SegmentView => {
          const byField = new Map((fields[index] ?? []).map((field, f) => [field, replies[index]?.[f] ?? null]));
          const counts = new Map<string, number>();
          terms.forEach((term, t) => {
            const key = termKeys[t] as TermKey;
            const field = byField.get(countsField(bucketOf(key.high, segment.bits)));
            counts.set(term, field ? findCount(field, key) : 0);
          });
          return { ...segment, counts };
        });
        return { seq: Number(meta[0] ?? 0), count: Number(meta[1] ?? 0), segments: viewsOf };
      }),
    );
    const stories = views.reduce((sum, view) => sum + view.count, 0);
    const weights = new Map<string, number>();
    for (const group of groups) {
      for (const term of group.terms) {
        let df = 0;
        for (const view of views) for (const segment of view.segments) df += segment.counts.get(term) ?? 0;
        weights.set(term, group.scored ? (idf(stories, df) * MAX_TERM_WEIGHT) / MAX_IMPACT : 0);
      }
    }
    return { views, weights };
  }

  /** Evaluates one shard below `bound` (null: from its newest docid) until a candidate window is full. */
  private async evaluateShard(
    generation: number,
    shard: number,
    view: ShardView,
    weights: ReadonlyMap<string, number>,
    bound: number | null,
    groups: readonly TermGroup[],
    query: SearchQuery,
    request: SearchRequest,
  ): Promise<ShardWindow> {
    const sk = generationKeys(this.store.prefix, generation).shard(shard);
    const top = Math.min(bound ?? Infinity, view.seq + 1);
    const none: ShardWindow = { candidates: [], nextBound: -1, total: 0, estimated: false };
    if (top <= 0 || view.count === 0) return none;
    // Segments that may hold matches below `top`: every group has a term in them.
    const segments = view.segments.filter(
      (segment) =>
        segment.lo < top && groups.every((group) => group.terms.some((term) => (segment.counts.get(term) ?? 0) > 0)),
    );

    const matches: ScoredDocs[] = [];
    let matched = 0;
    let nextBound = -1;
    for (let s = 0; s < segments.length && nextBound === -1;) {
      // Fetch postings for as many segments as should fill what is left of the window, newest first.
      const batch: SegmentView[] = [];
      let expected = 0;
      while (s < segments.length && (batch.length === 0 || expected < (this.window - matched) * FETCH_MARGIN)) {
        const segment = segments[s++] as SegmentView;
        batch.push(segment);
        expected += expectedMatches(segment, groups);
      }
      const postings = await this.readPostings(sk, batch, groups, query.excluded);
      for (const [index, segment] of batch.entries()) {
        if (nextBound !== -1) break;
        const lists = postings[index] as Map<string, Uint8Array>;
        const decoded = (term: string): ScoredDocs => {
          const chunk = lists.get(term);
          return scorePostings(
            chunk ? decodePostings(chunk, segment.lo) : { docs: new Int32Array(0), impacts: new Uint8Array(0) },
            weights.get(term) ?? 0,
          );
        };
        const groupLists = groups.map((group) => unionDocs(group.terms.map(decoded)));
        const minus = query.excluded.map((term) => decoded(term).docs);
        let found = below(subtractDocs(intersectDocs(groupLists), minus), top);
        if (found.docs.length === 0) continue;
        const room = this.window - matched;
        if (found.docs.length > room) {
          // Keep the newest `room` matches of this segment; the next window starts below the oldest kept.
          const from = found.docs.length - room;
          found = { docs: found.docs.subarray(from), scores: found.scores.subarray(from) };
          nextBound = found.docs[0] ?? -1;
        }
        matches.push(found);
        matched += found.docs.length;
        const older = segments.indexOf(segment) < segments.length - 1;
        if (matched >= this.window && nextBound === -1 && older) nextBound = found.docs[0] ?? -1;
      }
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

  /** Per segment, the postings chunk of each query term it holds (group terms and exclusions). */
  private async readPostings(
    sk: ShardKeys,
    segments: readonly SegmentView[],
    groups: readonly TermGroup[],
    excluded: readonly string[],
  ): Promise<Array<Map<string, Uint8Array>>> {
    const terms = [...new Set([...groups.flatMap((group) => group.terms), ...excluded])];
    const wanted = segments.map((segment) =>
      terms
        .filter((term) => (segment.counts.get(term) ?? 0) > 0)
        .map((term) => {
          const key = termKey(term);
          return { term, key, field: postingsField(bucketOf(key.high, segment.bits)) };
        }),
    );
    const fields = wanted.map((list) => [...new Set(list.map(({ field }) => field))]);
    const replies = await this.readFields(
      sk,
      segments.map((segment) => segment.id),
      fields,
    );
    return wanted.map((list, index) => {
      const byField = new Map((fields[index] ?? []).map((field, f) => [field, replies[index]?.[f] ?? null]));
      const chunks = new Map<string, Uint8Array>();
      for (const { term, key, field } of list) {
        const bytes = byField.get(field);
        const chunk = bytes ? findPostings(bytes, key) : null;
        if (chunk) chunks.set(term, chunk);
      }
      return chunks;
    });
  }

  /** Fields of several segments of a shard in one call. */
  private async readFields(
    sk: ShardKeys,
    segments: readonly string[],
    fields: ReadonlyArray<readonly string[]>,
  ): Promise<Array<Array<Buffer | null>>> {
    return readFieldsBuffer(
      this.redis,
      'reading segments',
      segments.map((id) => sk.segment(id)),
      fields,
    );
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
    docs.sort((a, b) => a.docid - b.docid);
    // Per range: a dense window (the usual case for common words) is one GETRANGE of its span; a sparse one is read
    // docid by docid with BITFIELD_RO, in pieces.
    const reads = this.redis.pipeline();
    const decoders: Array<(reply: unknown) => number[]> = [];
    for (let i = 0; i < docs.length;) {
      const range = (docs[i]?.docid ?? 0) >> RANGE_BITS;
      let end = i;
      while (end < docs.length && (docs[end]?.docid ?? 0) >> RANGE_BITS === range) end++;
      const group = docs.slice(i, end).map(({ docid }) => docid % RANGE_SIZE);
      const first = group[0] as number;
      const last = group[group.length - 1] as number;
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
    found: Array<{ candidate: Candidate; hit: StoryHit }>;
    checked: number;
    passRate: number;
    phrases: boolean;
  }> {
    const phrases = query.phrases.length > 0 || query.excludedPhrases.length > 0;
    const found: Array<{ candidate: Candidate; hit: StoryHit }> = [];
    let checked = 0;
    let passed = 0;
    while (found.length < wanted && checked < ranked.length && (!phrases || checked < budget)) {
      const size = phrases ? Math.min(Math.max(wanted * 2, 50), budget - checked) : wanted - found.length;
      const batch = ranked.slice(checked, checked + size);
      // Phrases may sit in captions, which results do not carry: they are checked on the whole story.
      const hits = phrases
        ? (await this.store.records(generation, batch)).map((story) => (story ? phraseHit(story, query) : null))
        : await this.store.hits(generation, batch);
      batch.forEach((candidate, index) => {
        const hit = hits[index];
        if (!hit) return;
        passed++;
        if (found.length < wanted) found.push({ candidate, hit });
      });
      checked += batch.length;
    }
    return { found, checked, passRate: phrases && checked > 0 ? passed / checked : 1, phrases };
  }
}

/** The story as a result when it passes the query's phrase checks, else null. */
function phraseHit(story: CleanStory, query: SearchQuery): StoryHit | null {
  const parts = [story.headline, ...story.captions, ...story.body];
  const has = (sequence: readonly string[]): boolean => parts.some((part) => textContainsPhrase(part, sequence));
  if (!query.phrases.every(has) || query.excludedPhrases.some(has)) return null;
  const { id, source, url, headline, wordCount, publishedAt, receivedAt, duplicateOf, text } = story;
  return { fields: { id, source, url, headline, wordCount, publishedAt, receivedAt, duplicateOf }, text };
}

/** How many matches a segment should give: its stories times each clause's share of them. */
function expectedMatches(segment: SegmentView, groups: readonly TermGroup[]): number {
  let expected = segment.stories;
  for (const group of groups) {
    const holding = group.terms.reduce((sum, term) => sum + (segment.counts.get(term) ?? 0), 0);
    expected *= Math.min(1, holding / Math.max(1, segment.stories));
  }
  return expected;
}

function searchHit(hit: StoryHit, score: number, query: SearchQuery): SearchHit {
  const fields = Object.fromEntries(Object.entries(hit.fields).filter(([, value]) => value !== undefined));
  return {
    ...(fields as StoryHit['fields']),
    score,
    snippet: highlightSnippet(hit.text || hit.fields.headline, query),
  };
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
