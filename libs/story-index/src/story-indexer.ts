import type { CleanStory } from '@cleanwire/contracts';
import { withSimhash } from '@cleanwire/search';
import type { NearDuplicateStore } from './near-duplicate.store';
import type { StoryStore } from './story-ports';

/** Indexing as the indexer does it: SimHash, near-duplicate links, then the stories and their index entries. */
export class StoryIndexer {
  constructor(
    private readonly store: StoryStore,
    private readonly nearDuplicates: NearDuplicateStore,
  ) {}

  /**
   * Indexes a batch into every generation being written (or into `generations`); replaying it changes nothing. Redis
   * failures surface as retriable errors.
   */
  async index(batch: readonly CleanStory[], generations?: readonly number[]): Promise<void> {
    // Records written before the normalizer computed SimHashes get theirs here.
    const stories = batch.map(withSimhash);
    await this.nearDuplicates.link(stories, generations);
    await this.store.saveBatch(stories, generations);
  }

  /** Removes up to `max` stories sorted before `cutoffMs`, with their index entries and links; returns how many. */
  async removeOlderThan(cutoffMs: number, max: number): Promise<number> {
    const removed = await this.store.removeOlderThan(cutoffMs, max);
    await this.nearDuplicates.forget(removed);
    return removed.length;
  }
}
