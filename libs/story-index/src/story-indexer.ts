import type { CleanStory } from '@cleanwire/contracts';
import type { StoryStore } from './story-ports';

export interface StoryIndexerOptions {
  /** Most stories written together when batches queue up behind a write; default 4000. */
  maxStoriesPerWrite?: number;
}

interface Queued {
  batch: readonly CleanStory[];
  generations: readonly number[] | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Indexing as the indexer does it. Batches that arrive while a write is in flight (the consumer works on several
 * partitions at once) are written together when it ends: one write's cost per batch (a segment, a few script calls)
 * is then shared by more stories, and nothing waits longer than the write before it.
 */
export class StoryIndexer {
  private readonly queue: Queued[] = [];
  private writing = false;
  private readonly maxStoriesPerWrite: number;

  constructor(
    private readonly store: StoryStore,
    options: StoryIndexerOptions = {},
  ) {
    this.maxStoriesPerWrite = options.maxStoriesPerWrite ?? 4000;
  }

  /**
   * Indexes a batch into every generation being written (or into `generations`), near-duplicate links included;
   * replaying it changes nothing. Redis failures surface as retriable errors.
   */
  index(batch: readonly CleanStory[], generations?: readonly number[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, generations, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  /** Removes up to `max` stories sorted before `cutoffMs`, with their index entries and links; returns how many. */
  async removeOlderThan(cutoffMs: number, max: number): Promise<number> {
    return (await this.store.removeOlderThan(cutoffMs, max)).length;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      try {
        await this.store.saveBatch(
          group.flatMap((queued) => queued.batch),
          group[0]?.generations,
        );
        for (const queued of group) queued.resolve();
      } catch (error) {
        if (group.length === 1) group[0]?.reject(error);
        // A batch written with others is tried again alone, so one batch's failure is never another's.
        else for (const queued of group) await this.writeAlone(queued);
      }
    }
    this.writing = false;
  }

  /** The first queued batch and those after it that go to the same generations, up to the size limit. */
  private takeGroup(): Queued[] {
    const first = this.queue.shift() as Queued;
    const group = [first];
    let stories = first.batch.length;
    const target = String(first.generations ?? '');
    for (let i = 0; i < this.queue.length;) {
      const queued = this.queue[i] as Queued;
      if (String(queued.generations ?? '') !== target || stories + queued.batch.length > this.maxStoriesPerWrite) {
        i++;
        continue;
      }
      group.push(queued);
      stories += queued.batch.length;
      this.queue.splice(i, 1);
    }
    return group;
  }

  private async writeAlone(queued: Queued): Promise<void> {
    try {
      await this.store.saveBatch(queued.batch, queued.generations);
      queued.resolve();
    } catch (error) {
      queued.reject(error);
    }
  }
}
