import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ARTICLES_RAW_V1, InvalidInputError, type RawArticle, REQUEST_ID_RECORD_HEADER } from '@cleanwire/contracts';
import {
  admitItem,
  type AcceptedItem,
  ndjsonLineItem,
  readFeed,
  type RejectedItem,
  requestSourceName,
} from '@cleanwire/feeds';
import { toErrorResponse } from '@cleanwire/http';
import { RecordPublisher } from '@cleanwire/kafka';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { INGEST_CONFIG, type IngestConfig } from './ingest.config';
import { ingestNdjson, type NdjsonOutcome } from './ndjson-intake';
import { ndjsonLines } from './ndjson-lines';

/** The media type whose bodies are read line by line as they arrive instead of buffered whole. */
export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

/** A posted feed as the controller read it off the request. */
export interface FeedPost {
  mediaType: string | undefined;
  charset: string | undefined;
  /** A Buffer for buffered media types, a stream of decoded bytes for NDJSON. */
  body: Buffer | Readable;
  /** `?source=` or the X-Cleanwire-Source header. */
  source: string | undefined;
  /** `?url=`: where the feed was fetched from, for formats whose links are relative. */
  url: string | undefined;
  /** The HTTP request's id, carried in every published record's headers. */
  requestId?: string;
}

/** What the client gets: a status, a JSON body and any headers. */
export interface HttpOutcome {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface FeedReceipt {
  /** Ids of the accepted articles, in feed order: the stories they become carry the same ids. */
  ids: string[];
  accepted: Array<{ index: number; id: string }>;
  rejected: RejectedItem[];
}

// An answer listing a hundred thousand reasons helps nobody; the receipt has them all, per line.
const REASONS_IN_MESSAGE = 20;

/** Reads a posted feed and publishes its accepted articles; answers only with what the broker acknowledged. */
@Injectable()
export class FeedIngestion {
  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(RecordPublisher) private readonly publisher: RecordPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async receive(post: FeedPost): Promise<HttpOutcome> {
    if (Buffer.isBuffer(post.body)) return this.receiveWhole({ ...post, body: post.body });
    return this.receiveStream(post.body, post);
  }

  private async receiveWhole(post: FeedPost & { body: Buffer }): Promise<HttpOutcome> {
    // Built apart from the call: FeedRequest gains charset and url as the feed formats grow.
    const request = { ...post, receivedAt: new Date() };
    const intake = readFeed(request, {
      maxItems: this.config.INGEST_MAX_ITEMS,
      maxArticleBytes: this.config.INGEST_MAX_ARTICLE_BYTES,
    });
    await this.publish(intake.accepted, post.requestId);
    const accepted = intake.accepted.map(({ index, article }) => ({ index, id: article.id }));
    return accepted202({ ids: accepted.map(({ id }) => id), accepted, rejected: intake.rejected });
  }

  private async receiveStream(body: Readable, post: FeedPost): Promise<HttpOutcome> {
    const fallbackSource = post.source === undefined ? undefined : requestSourceName(post.source);
    const receivedAt = new Date();
    const limits = { maxArticleBytes: this.config.INGEST_MAX_ARTICLE_BYTES };
    const outcome = await ingestNdjson(ndjsonLines(body, this.config.INGEST_NDJSON_MAX_LINE_BYTES), {
      maxLines: this.config.INGEST_NDJSON_MAX_LINES,
      maxRejectedLines: this.config.INGEST_NDJSON_MAX_REJECTED_LINES,
      batchSize: this.config.INGEST_NDJSON_BATCH_SIZE,
      batchBytes: this.config.INGEST_NDJSON_BATCH_BYTES,
      admit: (text, index) => {
        const item = ndjsonLineItem(text);
        if ('reason' in item) return { rejected: { index, reason: item.reason } };
        return admitItem(item, index, { format: 'ndjson', fallbackSource, receivedAt, limits });
      },
      publish: (batch) => this.publish(batch, post.requestId),
    });
    if (!outcome.complete) return this.partialFailure(outcome);
    if (outcome.accepted.length === 0) {
      if (outcome.resumeFromLine === 0) throw new InvalidInputError('the request body is empty');
      if (outcome.rejected.length === 0) throw new InvalidInputError('the NDJSON body holds no line');
      throw new InvalidInputError(`the stream holds no valid article (${describe(outcome.rejected)})`);
    }
    const { accepted, rejected } = outcome;
    return accepted202({ ids: accepted.map(({ id }) => id), accepted, rejected, lines: outcome.resumeFromLine });
  }

  /** A stream that failed midway: the failure's status, and which lines were published before it. */
  private partialFailure(outcome: NdjsonOutcome & { complete: false }): HttpOutcome {
    if (outcome.accepted.length === 0) throw outcome.error;
    const { body, headers } = toErrorResponse(outcome.error);
    if (body.statusCode >= 500) this.logger.error({ err: outcome.error }, 'NDJSON stream failed midway');
    const { accepted, rejected, resumeFromLine } = outcome;
    return {
      status: body.statusCode,
      headers: { ...headers, connection: 'close' },
      body: {
        ...body,
        message: `${body.message}; lines before ${resumeFromLine} were published or rejected as listed, send the rest again from line ${resumeFromLine}`,
        ids: accepted.map(({ id }) => id),
        accepted,
        rejected,
        resumeFromLine,
      },
    };
  }

  private publish(items: readonly AcceptedItem[], requestId: string | undefined): Promise<void> {
    const headers = requestId === undefined ? undefined : { [REQUEST_ID_RECORD_HEADER]: requestId };
    return this.publisher.publish(
      ARTICLES_RAW_V1,
      items.map(({ article }): { key: string; value: RawArticle; headers?: typeof headers } => ({
        key: article.id,
        value: article,
        headers,
      })),
    );
  }
}

function accepted202(receipt: FeedReceipt & { lines?: number }): HttpOutcome {
  return { status: 202, body: receipt, headers: {} };
}

function describe(rejected: readonly RejectedItem[]): string {
  const shown = rejected.slice(0, REASONS_IN_MESSAGE).map((item) => `line ${item.index}: ${item.reason}`);
  const more = rejected.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
