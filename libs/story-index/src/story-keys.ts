import type { CleanStory } from '@cleanwire/contracts';

/** Key names of the story store under one prefix. Each family has its own namespace, so no id, source or term can collide with another family's key. */
export interface StoryKeys {
  /** Story JSON, a string. */
  story(id: string): string;
  /** Hash remembering what the story's index entries are (sort member, source, terms), so a re-save can remove stale ones. */
  meta(id: string): string;
  /** Recency index of every story: ZSET, all scores 0, members from `sortMember`. */
  readonly all: string;
  /** Recency index of one source, same members as `all`. */
  source(source: string): string;
  /** ZSET (scores 0) of every source that has at least one story. */
  readonly sources: string;
  /** Postings of one term: ZSET, member from `sortMember`, score minus the story's term weight. */
  term(term: string): string;
  /** Intersection results live here only for the duration of one search script. */
  readonly searchScratch: string;
  readonly storyPrefix: string;
  readonly sourcePrefix: string;
  readonly termPrefix: string;
}

/** Key layout of the story store under a prefix such as `cw:`. */
export function storyKeys(prefix: string): StoryKeys {
  const storyPrefix = `${prefix}story:`;
  const sourcePrefix = `${prefix}idx:source:`;
  const termPrefix = `${prefix}term:`;
  return {
    story: (id) => storyPrefix + id,
    meta: (id) => `${prefix}meta:${id}`,
    all: `${prefix}idx:all`,
    source: (source) => sourcePrefix + source,
    sources: `${prefix}sources`,
    term: (term) => termPrefix + term,
    searchScratch: `${prefix}tmp:search`,
    storyPrefix,
    sourcePrefix,
    termPrefix,
  };
}

const MAX_SORT_MS = 9_999_999_999_999;
const TIME_DIGITS = 13;

/** Length of the `<13 digits>:` head of a sort member; the story id follows it. */
export const SORT_MEMBER_ID_OFFSET = TIME_DIGITS + 1;

/** Milliseconds a story sorts by: when it was published, or when we received it if the feed gave no date. */
export function storySortTime(story: Pick<CleanStory, 'id' | 'publishedAt' | 'receivedAt'>): number {
  const published = story.publishedAt === undefined ? NaN : Date.parse(story.publishedAt);
  const ms = Number.isNaN(published) ? Date.parse(story.receivedAt) : published;
  if (Number.isNaN(ms)) {
    throw new RangeError(`story ${story.id} has no parsable publishedAt or receivedAt`);
  }
  return ms;
}

/** Index member whose byte order is newest first, then id: `<13-digit (max - sortMs)>:<id>`. */
export function sortMember(story: Pick<CleanStory, 'id' | 'publishedAt' | 'receivedAt'>): string {
  // Clamped so a pre-1970 or far-future date still yields exactly 13 digits and sorts at an end.
  const ms = Math.min(Math.max(storySortTime(story), 0), MAX_SORT_MS);
  return `${String(MAX_SORT_MS - ms).padStart(TIME_DIGITS, '0')}:${story.id}`;
}

/** Story id carried by a sort member. */
export function idFromSortMember(member: string): string {
  return member.slice(SORT_MEMBER_ID_OFFSET);
}

/** True when the string has the shape of a sort member. */
export function isSortMember(value: string): boolean {
  return /^\d{13}:[\s\S]+$/.test(value);
}
