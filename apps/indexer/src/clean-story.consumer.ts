import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type CleanStory, CleanStoryRecordSchema, STORIES_CLEAN_V1 } from '@cleanwire/contracts';
import { type BatchHandlerExtras, KafkaBatchContext } from '@cleanwire/kafka';
import { StoryTrail } from '@cleanwire/metrics';
import { NearDuplicateStore, StoryStore } from '@cleanwire/story-index';
import { withSimhash } from '@cleanwire/search';

@Controller()
export class CleanStoryConsumer {
  constructor(
    @Inject(StoryStore) private readonly store: StoryStore,
    @Inject(NearDuplicateStore) private readonly nearDuplicates: NearDuplicateStore,
    @Inject(StoryTrail) private readonly trail: StoryTrail,
  ) {}

  /** Links near-duplicates, then writes the batch and its indexes in one Redis pipeline; offsets advance only after Redis acknowledged. */
  @EventPattern(STORIES_CLEAN_V1, { schema: CleanStoryRecordSchema } satisfies BatchHandlerExtras)
  async index(@Payload() batch: CleanStory[], @Ctx() context?: KafkaBatchContext): Promise<void> {
    // The stores report Redis outages as retriable: the transport waits them out instead of dead-lettering.
    // Records written before the normalizer computed SimHashes get theirs here.
    const stories = batch.map(withSimhash);
    const links = await this.nearDuplicates.link(stories);
    await this.store.saveBatch(stories.map((story) => withDuplicateOf(story, links.duplicateOf.get(story.id))));
    this.trail.stored(stories, context);
    // Another partition's batch may have re-linked these stories since: the link hashes are the truth. Only the
    // stories whose link moved since the save (and the ones re-linked) need their JSON rewritten.
    const ids = [...stories.map((story) => story.id), ...links.relinked];
    const current = await this.nearDuplicates.duplicateOf(ids);
    const moved = new Map(
      [...current].filter(([id, duplicateOf]) => links.relinked.has(id) || duplicateOf !== links.duplicateOf.get(id)),
    );
    await this.store.setDuplicateOf(moved);
  }
}

function withDuplicateOf(story: CleanStory, duplicateOf: string | undefined): CleanStory {
  const { duplicateOf: _ignored, ...rest } = story;
  return duplicateOf === undefined ? rest : { ...rest, duplicateOf };
}
