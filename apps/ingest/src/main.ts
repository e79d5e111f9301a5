import 'reflect-metadata';
import { loadConfig } from '@cleanwire/config';
import { ARTICLES_RAW_V1, deadLetterTopic, STORIES_CLEAN_V1, STORIES_CLEAN_V1_CONFIG } from '@cleanwire/contracts';
import { stopOnSignals } from '@cleanwire/http';
import { createKafka, ensureTopics } from '@cleanwire/kafka';
import { createLogger, exitOnStartupFailure } from '@cleanwire/logging';
import { IngestConfigSchema } from './ingest.config';
import { createIngestApp } from './ingest-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig(IngestConfigSchema, process.env);
  const logger = createLogger('ingest', config.LOG_LEVEL);
  const app = await createIngestApp(config, logger);
  stopOnSignals(app, { logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  // Ingest is the first writer, so it lays out every pipeline topic where the broker lets it.
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
  const layout = { partitions: config.KAFKA_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR };
  const topics = [ARTICLES_RAW_V1, deadLetterTopic(ARTICLES_RAW_V1), deadLetterTopic(STORIES_CLEAN_V1)];
  await ensureTopics(kafka, topics, layout, logger);
  // The story index is rebuilt from this topic (`cleanwire reindex`): compacted, it keeps every story's latest version.
  await ensureTopics(kafka, [STORIES_CLEAN_V1], { ...layout, config: STORIES_CLEAN_V1_CONFIG }, logger);
  await app.listen(config.INGEST_PORT, config.INGEST_HOST);
  logger.info({ url: await app.getUrl() }, 'ingest listening');
}

bootstrap().catch(exitOnStartupFailure('ingest'));
