import { createHash } from 'node:crypto';
import { Controller, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SUPPORTED_MEDIA_TYPES } from '@cleanwire/feeds';
import { ApiRoute, bodyMeter, charsetOf, mediaTypeOf, parseQuery } from '@cleanwire/http';
import { type FeedPost, FeedIngestion } from './feed-ingestion.service';
import { IdempotentRequests } from './idempotent-requests';
import { callerOf } from './request-caller';

export type { FeedReceipt } from './feed-ingestion.service';

// Other parameters are ignored; each of these may be given once.
const FeedParams = z.object({
  source: z.string().optional().describe('The source the articles come from (or the X-Cleanwire-Source header)'),
  url: z.string().optional().describe("The feed's or page's address, for relative links and a single HTML page"),
});

const FeedReceiptSchema = z.object({
  ids: z.array(z.string()),
  accepted: z.array(z.object({ index: z.number().int(), id: z.string() })),
  rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })),
});

@Controller('v1/feeds')
export class FeedsController {
  constructor(
    @Inject(FeedIngestion) private readonly ingestion: FeedIngestion,
    @Inject(IdempotentRequests) private readonly idempotent: IdempotentRequests,
  ) {}

  /** Accepts a feed; answers 202 only after the broker acknowledged every accepted article. */
  @Post()
  @ApiRoute({
    summary: 'Publish the articles of a feed',
    description: 'The format follows Content-Type; generic types are sniffed. Send Idempotency-Key to retry safely.',
    query: FeedParams,
    auth: true,
    body: { content: Object.fromEntries(SUPPORTED_MEDIA_TYPES.map((type) => [type, null])) },
    responses: {
      202: { description: 'Every accepted article was acknowledged by the broker', schema: FeedReceiptSchema },
      400: { description: 'A malformed body, or no valid item' },
      401: { description: 'No API key' },
      403: { description: 'A wrong API key' },
      413: { description: 'Too large' },
      415: { description: 'An unsupported content type or encoding' },
      429: { description: 'Over the rate limit' },
      503: { description: 'The broker cannot be reached; retry after Retry-After' },
    },
  })
  async post(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: unknown): Promise<void> {
    const { source, url } = parseQuery(FeedParams, query);
    const contentType = request.headers['content-type'];
    const post: FeedPost = {
      mediaType: mediaTypeOf(contentType),
      charset: charsetOf(contentType),
      body: isBody(request.body) ? request.body : Buffer.alloc(0),
      source: source ?? headerValue(request.headers['x-cleanwire-source']),
      url,
      requestId: request.id,
    };
    const identity = { caller: callerOf(request), key: headerValue(request.headers['idempotency-key']) };
    const outcome = await this.idempotent.run({ ...identity, fingerprint: () => fingerprint(request, post) }, () =>
      this.ingestion.receive(post),
    );
    await reply.status(outcome.status).headers(outcome.headers).send(outcome.body);
  }
}

function isBody(body: unknown): body is FeedPost['body'] {
  return Buffer.isBuffer(body) || (typeof body === 'object' && body !== null && 'pipe' in body);
}

/** Identifies a request for idempotency: what was asked, and the hash of the decoded body (read to its end). */
async function fingerprint(request: FastifyRequest, post: FeedPost): Promise<string> {
  if (!Buffer.isBuffer(post.body) && !post.body.readableEnded) {
    // A retry of a finished stream: read it through (nothing is kept) to compare it with the first.
    for await (const _chunk of post.body) void _chunk;
  }
  const body = bodyMeter(request).sha256 ?? createHash('sha256').digest('hex');
  return createHash('sha256')
    .update([request.method, request.url, post.mediaType ?? '', post.charset ?? '', body].join('\n'))
    .digest('hex');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
