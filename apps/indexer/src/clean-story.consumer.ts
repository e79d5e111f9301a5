import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type CleanStory, CleanStoryRecordSchema, STORIES_CLEAN_V1 } from '@cleanwire/contracts';
import { type BatchHandlerExtras, KafkaBatchContext } from '@cleanwire/kafka';
import { StoryTrail } from '@cleanwire/metrics';
import { StoryIndexer } from '@cleanwire/story-index';

@Controller()
export class CleanStoryConsumer {
  constructor(
    @Inject(StoryIndexer) private readonly indexer: StoryIndexer,
    @Inject(StoryTrail) private readonly trail: StoryTrail,
  ) {}

  /** Links near-duplicates, then writes the batch and its index entries; offsets advance only after Redis acknowledged. */
  @EventPattern(STORIES_CLEAN_V1, { schema: CleanStoryRecordSchema } satisfies BatchHandlerExtras)
  async index(@Payload() batch: CleanStory[], @Ctx() context?: KafkaBatchContext): Promise<void> {
    // The stores report Redis outages as retriable: the transport waits them out instead of dead-lettering.
    await this.indexer.index(batch);
    this.trail.stored(batch, context);
  }
}
