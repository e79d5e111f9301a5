import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SUPPORTED_MEDIA_TYPES } from '@cleanwire/feeds';
import { createHttpService } from '@cleanwire/http';
import type { Logger } from '@cleanwire/logging';
import { NDJSON_MEDIA_TYPE } from './feed-ingestion.service';
import type { IngestConfig } from './ingest.config';
import { IngestModule } from './ingest.module';
import { admitCaller } from './request-caller';
import { WriteGate } from './write-gate';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The ingest HTTP service, not yet listening. Writes pass the API key and rate-limit checks when the request arrives,
 * before their body is read or decompressed.
 */
export async function createIngestApp(config: IngestConfig, logger: Logger): Promise<NestFastifyApplication> {
  if (config.INGEST_AUTH === 'disabled') {
    logger.warn('INGEST_AUTH=disabled: anyone who reaches this port can publish articles; never do this in production');
  }
  const app = await createHttpService({
    module: IngestModule.register(config, logger),
    logger,
    bodyLimit: config.INGEST_MAX_BODY_BYTES,
    mediaTypes: [...new Set<string>([...SUPPORTED_MEDIA_TYPES, NDJSON_MEDIA_TYPE])],
    streamedMediaTypes: [NDJSON_MEDIA_TYPE],
    streamLimit: config.INGEST_NDJSON_MAX_BYTES,
    api: { title: 'cleanwire ingest', version: '1', description: 'Post scraped feeds; each article becomes a story.' },
  });
  const gate = app.get(WriteGate);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request) => {
      if (WRITE_METHODS.has(request.method)) admitCaller(request, await gate.admit(request.headers.authorization));
    });
  return app;
}
