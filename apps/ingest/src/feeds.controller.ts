import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ARTICLES_RAW_V1 } from '@cleanwire/contracts';
import { readFeed, type RejectedItem } from '@cleanwire/feeds';
import { RecordPublisher } from '@cleanwire/kafka';
import { INGEST_CONFIG, type IngestConfig } from './ingest.config';

export interface FeedReceipt {
  /** Ids of the accepted articles, in feed order: the stories they become carry the same ids. */
  ids: string[];
  accepted: Array<{ index: number; id: string }>;
  rejected: RejectedItem[];
}

@Controller('v1/feeds')
export class FeedsController {
  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(RecordPublisher) private readonly publisher: RecordPublisher,
  ) {}

  /** Accepts a feed; answers only after the broker acknowledged every accepted article. */
  @Post()
  @HttpCode(202)
  async post(@Req() request: FastifyRequest, @Query('source') source?: string): Promise<FeedReceipt> {
    const intake = readFeed(
      {
        mediaType: request.headers['content-type']?.split(';')[0]?.trim().toLowerCase(),
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        source: source ?? headerValue(request.headers['x-cleanwire-source']),
        receivedAt: new Date(),
      },
      { maxItems: this.config.INGEST_MAX_ITEMS, maxArticleBytes: this.config.INGEST_MAX_ARTICLE_BYTES },
    );
    await this.publisher.publish(
      ARTICLES_RAW_V1,
      intake.accepted.map(({ article }) => ({ key: article.id, value: article })),
    );
    const accepted = intake.accepted.map(({ index, article }) => ({ index, id: article.id }));
    return { ids: accepted.map(({ id }) => id), accepted, rejected: intake.rejected };
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
