import type { CleanStory } from '@cleanwire/contracts';
import type { KafkaBatchContext } from '@cleanwire/kafka';
import type { Logger } from '@cleanwire/logging';
import type { PipelineMetrics } from './service-metrics';

/**
 * What the workers tell about each story they handled: one log line per story with its record's topic, partition,
 * offset and request id (so an article can be followed from ingest's request log on), and the pipeline metrics.
 */
export class StoryTrail {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: PipelineMetrics,
  ) {}

  /** The normalizer published these stories, cleaned from the batch's records in the same order. */
  cleaned(stories: readonly CleanStory[], batch: KafkaBatchContext): void {
    this.metrics.storiesCleaned(stories);
    stories.forEach((story, index) =>
      this.logger.info({ ...batch.recordContext(index), storyId: story.id, cuts: story.cuts.length }, 'story cleaned'),
    );
  }

  /** The indexer's write of these stories, from the batch's records in the same order, was acknowledged. */
  stored(stories: readonly CleanStory[], batch?: KafkaBatchContext): void {
    const now = Date.now();
    this.metrics.storiesStored(stories, now);
    stories.forEach((story, index) =>
      this.logger.info(
        { ...batch?.recordContext(index), storyId: story.id, freshnessMs: now - Date.parse(story.receivedAt) },
        'story stored',
      ),
    );
  }
}
