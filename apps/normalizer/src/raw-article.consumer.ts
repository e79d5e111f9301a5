import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { storyFromArticle } from '@cleanwire/cleaning';
import { ARTICLES_RAW_V1, type RawArticle, RawArticleSchema, STORIES_CLEAN_V1 } from '@cleanwire/contracts';
import { type BatchHandlerExtras, RecordPublisher } from '@cleanwire/kafka';

@Controller()
export class RawArticleConsumer {
  constructor(@Inject(RecordPublisher) private readonly publisher: RecordPublisher) {}

  /** Cleans a batch of raw articles and publishes the stories in one produce call. */
  @EventPattern(ARTICLES_RAW_V1, { schema: RawArticleSchema } satisfies BatchHandlerExtras)
  async clean(@Payload() articles: RawArticle[]): Promise<void> {
    const now = new Date();
    const stories = articles.map((article) => storyFromArticle(article, now));
    await this.publisher.publish(
      STORIES_CLEAN_V1,
      stories.map((story) => ({ key: story.id, value: story })),
    );
  }
}
