import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { siteNoiseCandidates, storyFromArticle } from '@cleanwire/cleaning';
import {
  ARTICLES_RAW_V1,
  encodeCleanStoryRecord,
  type RawArticle,
  RawArticleSchema,
  STORIES_CLEAN_V1,
} from '@cleanwire/contracts';
import { type BatchHandlerExtras, KafkaBatchContext, RecordPublisher } from '@cleanwire/kafka';
import { StoryTrail } from '@cleanwire/metrics';
import { SiteNoiseStore } from '@cleanwire/site-noise';

@Controller()
export class RawArticleConsumer {
  constructor(
    @Inject(RecordPublisher) private readonly publisher: RecordPublisher,
    @Inject(SiteNoiseStore) private readonly siteNoise: SiteNoiseStore,
    @Inject(StoryTrail) private readonly trail: StoryTrail,
  ) {}

  /** Cleans a batch of raw articles with their sources' learned noise, publishes the stories in one produce call, then counts the batch's candidate noise lines. */
  @EventPattern(ARTICLES_RAW_V1, { schema: RawArticleSchema } satisfies BatchHandlerExtras)
  async clean(@Payload() articles: RawArticle[], @Ctx() batch: KafkaBatchContext): Promise<void> {
    const now = new Date();
    // Redis failures are RetriableError: the transport retries the batch instead of dead-lettering it.
    const learned = await this.siteNoise.learned(articles.map((article) => article.source));
    const stories = articles.map((article) => storyFromArticle(article, now, learned.get(article.source)));
    await this.publisher.publish(
      STORIES_CLEAN_V1,
      stories.map((story, index) => ({
        key: story.id,
        value: encodeCleanStoryRecord(story),
        headers: batch.traceHeaders(index),
      })),
    );
    this.trail.cleaned(stories, batch);
    // Learned from raw text only: an HTML page's lines are markup until it is extracted.
    const textArticles = articles.filter((article) => article.bodyFormat === 'text');
    await this.siteNoise.record(
      textArticles.map((article) => ({
        source: article.source,
        storyId: article.id,
        candidates: siteNoiseCandidates(article),
      })),
    );
  }
}
