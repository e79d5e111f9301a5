import {
  type CleanStory,
  CleanStorySchema,
  type Cut,
  CutSchema,
  InvalidInputError,
  RetriableError,
} from '@cleanwire/contracts';
import { redisCall } from '@cleanwire/redis';
import { parseSearchQuery, termWeights } from '@cleanwire/search';
import type { ChainableCommander, Redis } from 'ioredis';
import {
  decodeListCursor,
  decodeSearchCursor,
  encodeListCursor,
  encodeSearchCursor,
  searchFingerprint,
} from './story-cursor';
import { SORT_MEMBER_ID_OFFSET, sortMember, storyKeys, type StoryKeys } from './story-keys';
import { INDEX_FORMAT, LIST_STORIES_LUA, SAVE_STORY_LUA, SEARCH_STORIES_LUA } from './story-store.scripts';

export { InvalidCursorError } from './story-cursor';

/** One page of stories and the cursor of the next page (null on the last page). */
export interface StoryPage<T = CleanStory> {
  stories: T[];
  nextCursor: string | null;
}

export type ScoredStory = CleanStory & { score: number };

export interface StoryStoreOptions {
  /** Prepended to every key; default `cw:`. */
  keyPrefix?: string;
}

export const MAX_PAGE_SIZE = 100;

type RedisArg = string | number;

// Commands registered with defineCommand; ioredis adds them at run time, so they are typed here.
interface StoryCommands {
  cwSaveStory(numKeys: number, ...keysAndArgs: RedisArg[]): Promise<number>;
  cwListStories(key: string, ...args: RedisArg[]): Promise<(string | null)[]>;
  cwSearchStories(numKeys: number, ...keysAndArgs: RedisArg[]): Promise<(string | number)[]>;
  cwReplaceStoryJson(key: string, expected: string, json: string): Promise<number>;
}
type StoryPipeline = ChainableCommander & {
  cwSaveStory(numKeys: number, ...keysAndArgs: RedisArg[]): ChainableCommander;
  cwReplaceStoryJson(key: string, expected: string, json: string): ChainableCommander;
};

// Compare-and-set of a story's JSON, for changes that touch no index entry.
const REPLACE_STORY_JSON_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;

/** Stories in Redis with a recency index per source and term postings for ranked search. */
export class StoryStore {
  private readonly keys: StoryKeys;
  private readonly commands: StoryCommands;

  constructor(
    private readonly redis: Redis,
    options: StoryStoreOptions = {},
  ) {
    this.keys = storyKeys(options.keyPrefix ?? 'cw:');
    redis.defineCommand('cwSaveStory', { lua: SAVE_STORY_LUA });
    redis.defineCommand('cwListStories', { lua: LIST_STORIES_LUA, numberOfKeys: 1 });
    redis.defineCommand('cwSearchStories', { lua: SEARCH_STORIES_LUA });
    redis.defineCommand('cwReplaceStoryJson', { lua: REPLACE_STORY_JSON_LUA, numberOfKeys: 1 });
    this.commands = redis as unknown as StoryCommands;
  }

  /** Saves stories in one round trip; each story atomically, replays leave identical state, the last duplicate id wins. */
  async saveBatch(stories: readonly CleanStory[]): Promise<void> {
    const latest = new Map<string, CleanStory>();
    for (const story of stories) {
      latest.delete(story.id);
      latest.set(story.id, story);
    }
    if (latest.size === 0) return;

    const pipeline = this.redis.pipeline() as StoryPipeline;
    for (const story of latest.values()) {
      const { keys, args } = this.saveCommand(story);
      pipeline.cwSaveStory(keys.length, ...keys, ...args);
    }
    await redisCall('saving stories', async () => {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error !== null);
      if (failed?.[0]) throw failed[0];
    });
  }

  /**
   * Points stored stories at the story they duplicate (undefined: at none), leaving stories already so and unknown ids
   * alone. Only the JSON changes (duplicateOf is in no index); a story re-saved meanwhile is read again.
   */
  async setDuplicateOf(links: ReadonlyMap<string, string | undefined>): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const ids = [...links.keys()];
      if (ids.length === 0) return;
      const jsons = await redisCall('reading stories', () => this.redis.mget(ids.map((id) => this.keys.story(id))));
      const pipeline = this.redis.pipeline() as StoryPipeline;
      let pending = 0;
      ids.forEach((id, index) => {
        const json = jsons[index];
        if (!json) return;
        const story = JSON.parse(json) as CleanStory;
        const duplicateOf = links.get(id);
        if (story.duplicateOf === duplicateOf) return;
        pipeline.cwReplaceStoryJson(this.keys.story(id), json, storyJson({ ...story, duplicateOf }));
        pending++;
      });
      if (pending === 0) return;
      const results = await redisCall('linking duplicate stories', async () => (await pipeline.exec()) ?? []);
      if (results.every(([error, replaced]) => error === null && replaced === 1)) return;
    }
    throw new RetriableError('stories kept changing while linking duplicates');
  }

  /** The story with this id, or null. */
  async get(id: string): Promise<CleanStory | null> {
    const json = await redisCall('reading a story', () => this.redis.get(this.keys.story(id)));
    return json === null ? null : (JSON.parse(json) as CleanStory);
  }

  /** Newest first (sort time desc, then id), optionally one source only; the cursor is exact under concurrent writes. */
  async list(q: { source?: string; limit: number; cursor?: string }): Promise<StoryPage> {
    checkLimit(q.limit);
    const min = q.cursor === undefined ? '-' : `(${decodeListCursor(q.cursor)}`;
    const index = q.source === undefined ? this.keys.all : this.keys.source(q.source);
    const reply = await redisCall('listing stories', () =>
      this.commands.cwListStories(index, min, q.limit + 1, this.keys.storyPrefix, SORT_MEMBER_ID_OFFSET + 1),
    );

    const stories: CleanStory[] = [];
    let lastMember: string | undefined;
    for (let i = 0; i < reply.length && i < 2 * q.limit; i += 2) {
      lastMember = reply[i] ?? undefined;
      const json = reply[i + 1];
      if (json) stories.push(JSON.parse(json) as CleanStory);
    }
    const hasMore = reply.length > 2 * q.limit;
    return {
      stories,
      nextCursor: hasMore && lastMember !== undefined ? encodeListCursor(lastMember) : null,
    };
  }

  /** Stories containing every query term, most relevant first, then newest, then id; optionally one source only. */
  async search(q: {
    q: string;
    source?: string;
    limit: number;
    cursor?: string;
  }): Promise<StoryPage<ScoredStory> & { total: number }> {
    checkLimit(q.limit);
    const terms = parseSearchQuery(q.q);
    const fingerprint = searchFingerprint(terms, q.source);
    const offset = q.cursor === undefined ? 0 : decodeSearchCursor(q.cursor, fingerprint);
    if (terms.length === 0) return { stories: [], nextCursor: null, total: 0 };

    const filtered = q.source !== undefined;
    const keys = [
      this.keys.all,
      this.keys.searchScratch,
      filtered ? this.keys.source(q.source ?? '') : this.keys.all,
      ...terms.map((term) => this.keys.term(term)),
    ];
    const reply = await redisCall('searching stories', () =>
      this.commands.cwSearchStories(
        keys.length,
        ...keys,
        filtered ? '1' : '0',
        offset,
        q.limit,
        this.keys.storyPrefix,
        SORT_MEMBER_ID_OFFSET + 1,
      ),
    );

    const total = Number(reply[0] ?? 0);
    const stories: ScoredStory[] = [];
    for (let i = 1; i + 1 < reply.length; i += 2) {
      const story = JSON.parse(String(reply[i + 1])) as CleanStory;
      // Postings hold minus the weight; rounding hides float noise from the summation order.
      stories.push({ ...story, score: Math.round(-Number(reply[i]) * 1e6) / 1e6 });
    }
    const next = offset + q.limit;
    return {
      stories,
      nextCursor: next < total ? encodeSearchCursor(next, fingerprint) : null,
      total,
    };
  }

  /** How many stories are stored. */
  async count(): Promise<number> {
    return redisCall('counting stories', () => this.redis.zcard(this.keys.all));
  }

  /** Every source with at least one story, in byte order. */
  async sources(): Promise<string[]> {
    return redisCall('listing sources', () => this.redis.zrange(this.keys.sources, 0, -1));
  }

  private saveCommand(story: CleanStory): { keys: string[]; args: RedisArg[] } {
    const weights = termWeights(story);
    const keys = [
      this.keys.story(story.id),
      this.keys.meta(story.id),
      this.keys.all,
      this.keys.source(story.source),
      this.keys.sources,
    ];
    const args: RedisArg[] = [
      storyJson(story),
      sortMember(story),
      story.source,
      INDEX_FORMAT,
      this.keys.sourcePrefix,
      this.keys.termPrefix,
    ];
    for (const [term, weight] of weights) {
      keys.push(this.keys.term(term));
      args.push(String(-weight));
    }
    return { keys, args };
  }
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`must be an integer from 1 to ${MAX_PAGE_SIZE}`, 'limit');
  }
}

/** The story's JSON with fields in schema order and nothing else, so equal stories store equal bytes. */
function storyJson(story: CleanStory): string {
  const canonical = pick(story, STORY_FIELDS) as Record<string, unknown>;
  canonical.cuts = story.cuts.map((cut) => pick(cut, CUT_FIELDS));
  return JSON.stringify(canonical);
}

const STORY_FIELDS = Object.keys(CleanStorySchema.shape) as ReadonlyArray<keyof CleanStory>;
const CUT_FIELDS = Object.keys(CutSchema.shape) as ReadonlyArray<keyof Cut>;

function pick<T extends object>(value: T, fields: ReadonlyArray<keyof T>): Partial<T> {
  const picked: Partial<T> = {};
  for (const field of fields) {
    if (value[field] !== undefined) picked[field] = value[field];
  }
  return picked;
}
