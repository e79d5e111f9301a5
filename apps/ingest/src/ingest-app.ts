import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SUPPORTED_MEDIA_TYPES } from '@cleanwire/feeds';
import { createHttpService, mediaTypeOf } from '@cleanwire/http';
import { RecordPublisher } from '@cleanwire/kafka';
import type { Logger } from '@cleanwire/logging';
import { NDJSON_MEDIA_TYPE } from './feed-ingestion.service';
import type { IngestConfig } from './ingest.config';
import { IngestLoad } from './ingest-load';
import { IngestModule } from './ingest.module';
import { admitCaller } from './request-caller';
import { WriteGate } from './write-gate';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The ingest HTTP service, not yet listening. Writes pass the API key and rate-limit checks when the request arrives,
 * before their body is read or decompressed, then the load bound (requests in flight, bytes held).
 */
export async function createIngestApp(config: IngestConfig, logger: Logger): Promise<NestFastifyApplication> {
  if (config.INGEST_AUTH === 'disabled') {
    logger.warn('INGEST_AUTH=disabled: anyone who reaches this port can publish articles; never do this in production');
  }
  const load = new IngestLoad(
    { maxRequests: config.INGEST_MAX_REQUESTS_IN_FLIGHT, maxBytes: config.INGEST_MAX_HELD_BYTES },
    () => app.get(RecordPublisher).unsettledBytes,
  );
  const app = await createHttpService({
    module: IngestModule.register(config, logger),
    logger,
    bodyLimit: config.INGEST_MAX_BODY_BYTES,
    mediaTypes: [...new Set<string>([...SUPPORTED_MEDIA_TYPES, NDJSON_MEDIA_TYPE])],
    streamedMediaTypes: [NDJSON_MEDIA_TYPE],
    streamLimit: config.INGEST_NDJSON_MAX_BYTES,
    api: { title: 'cleanwire ingest', version: '1', description: 'Post scraped feeds; each article becomes a story.' },
    holdBytes: (request, bytes) => load.hold(request.raw, bytes),
  });
  const gate = app.get(WriteGate);
  // A stream holds one batch and one line at a time, whatever its length.
  const streamBytes = config.INGEST_NDJSON_BATCH_BYTES + config.INGEST_NDJSON_MAX_LINE_BYTES;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      if (!WRITE_METHODS.has(request.method)) return;
      admitCaller(request, await gate.admit(request.headers.authorization));
      const streamed = mediaTypeOf(request.headers['content-type']) === NDJSON_MEDIA_TYPE;
      const declared = Math.min(Number(request.headers['content-length']) || 0, config.INGEST_MAX_BODY_BYTES);
      load.admit(request.raw, streamed ? streamBytes : declared);
      reply.raw.once('close', () => load.release(request.raw));
    });
  return app;
}
