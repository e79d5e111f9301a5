import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type CleanStory, CleanStorySchema, STORIES_CLEAN_V1 } from '@cleanwire/contracts';
import type { BatchHandlerExtras } from '@cleanwire/kafka';
import { StoryStore } from '@cleanwire/redis';

@Controller()
export class CleanStoryConsumer {
  constructor(@Inject(StoryStore) private readonly store: StoryStore) {}

  /** Writes a batch of stories and their indexes in one Redis pipeline; the offsets advance only after Redis acknowledged. */
  @EventPattern(STORIES_CLEAN_V1, { schema: CleanStorySchema } satisfies BatchHandlerExtras)
  async index(@Payload() stories: CleanStory[]): Promise<void> {
    // The store reports Redis outages as retriable: the transport waits them out instead of dead-lettering.
    await this.store.saveBatch(stories);
  }
}
