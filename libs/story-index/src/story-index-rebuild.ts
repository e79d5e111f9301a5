import type { CleanStory } from '@cleanwire/contracts';
import type { RedisStoryStore } from './redis-story-store';
import type { StoryIndexer } from './story-indexer';

/**
 * A rebuild of the story index into a fresh generation: the live indexer keeps writing the current generation and
 * the new one, queries keep reading the current one, and `finish` switches them over in one step.
 */
export class StoryIndexRebuild {
  private constructor(
    private readonly store: RedisStoryStore,
    private readonly indexer: StoryIndexer,
    /** The generation queries read until the switch. */
    readonly previous: number,
    /** The generation being filled. */
    readonly generation: number,
  ) {}

  /** Starts filling a generation never used before. */
  static async begin(store: RedisStoryStore, indexer: StoryIndexer): Promise<StoryIndexRebuild> {
    const { current, building } = await store.generations.beginRebuild();
    return new StoryIndexRebuild(store, indexer, current, building);
  }

  /** Indexes stories read from the topic into the new generation only. */
  async write(batch: readonly CleanStory[]): Promise<void> {
    await this.indexer.index(batch, [this.generation]);
  }

  /**
   * Merges the new generation's segments, makes it the one queries read, then deletes the previous one; returns the
   * keys deleted.
   */
  async finish(): Promise<number> {
    await this.store.merger.compact(this.generation);
    await this.store.generations.switchTo(this.generation);
    return this.store.dropGeneration(this.previous);
  }

  /** Gives the rebuild up: writers stop filling the new generation, and its keys are deleted. */
  async abort(): Promise<void> {
    await this.store.generations.abandonRebuild();
    await this.store.dropGeneration(this.generation);
  }
}
