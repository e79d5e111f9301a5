import type { CleanStory } from '@cleanwire/contracts';

/** One page of stories and the cursor of the next page (null on the last page). */
export interface StoryPage<T = CleanStory> {
  stories: T[];
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;

/** Which stories a list or a search is limited to. */
export interface StoryFilter {
  /** Any of these sources (none: every source). */
  sources?: readonly string[];
  /** Sort time (publishedAt, else receivedAt) at or after this, in ms since the epoch. */
  from?: number;
  /** Sort time at or before this, in ms since the epoch. */
  to?: number;
}

export interface ListRequest extends StoryFilter {
  limit: number;
  cursor?: string;
}

export type SearchSort = 'relevance' | 'newest';

export interface SearchRequest extends StoryFilter {
  q: string;
  sort?: SearchSort;
  limit: number;
  cursor?: string;
}

/**
 * A search hit: what a result list shows of the story (the whole story is at `GET /v1/stories/:id`), its score, and
 * its best passage with the query's words in `<mark>`.
 */
export type SearchHit = Pick<
  CleanStory,
  'id' | 'source' | 'url' | 'headline' | 'wordCount' | 'publishedAt' | 'receivedAt' | 'duplicateOf'
> & { score: number; snippet: string };

export interface SearchPage extends StoryPage<SearchHit> {
  /** Stories matching; exact unless `totalIsEstimate`. */
  total: number;
  /** True when the total was extrapolated from the candidates evaluated rather than counted. */
  totalIsEstimate: boolean;
}

/** A story removed from the index. */
export type RemovedStory = Pick<CleanStory, 'id'>;

/** Where stories are kept and read back: the indexer writes, the query service reads. */
export abstract class StoryStore {
  /**
   * Saves stories, each atomically, and links near-duplicates; a replay or an older version of a stored story changes
   * nothing. Without `generations`, into every generation being written.
   */
  abstract saveBatch(stories: readonly CleanStory[], generations?: readonly number[]): Promise<void>;
  /** The story with this id, or null. */
  abstract get(id: string): Promise<CleanStory | null>;
  /** Newest first (sort time desc), filtered; the cursor is exact under concurrent writes. */
  abstract list(request: ListRequest): Promise<StoryPage>;
  /** How many stories are stored. */
  abstract count(): Promise<number>;
  /** Every source with at least one story, in code-unit order. */
  abstract sources(): Promise<string[]>;
  /** Removes up to `max` stories sorted before `cutoffMs`, with every index entry and link; returns what it removed. */
  abstract removeOlderThan(cutoffMs: number, max: number): Promise<RemovedStory[]>;
}

/** Full-text search over the stored stories. */
export abstract class StorySearch {
  abstract search(request: SearchRequest): Promise<SearchPage>;
}
