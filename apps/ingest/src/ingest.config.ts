import { z } from 'zod';
import { kafkaEnv, logLevelVar, portVar, positiveIntVar } from '@cleanwire/config';

export const IngestConfigSchema = z.object({
  INGEST_HOST: z.string().min(1).default('127.0.0.1'),
  INGEST_PORT: portVar(3000),
  /** Largest request body; larger is a 413. */
  INGEST_MAX_BODY_BYTES: positiveIntVar(5 * 1024 * 1024),
  /** Most articles one post may carry. */
  INGEST_MAX_ITEMS: positiveIntVar(1000),
  /** Largest single article body; Kafka's default record limit is 1 MB. */
  INGEST_MAX_ARTICLE_BYTES: positiveIntVar(512 * 1024),
  /** How long a post waits for the broker before answering 503. */
  INGEST_PUBLISH_TIMEOUT_MS: positiveIntVar(5000),
  LOG_LEVEL: logLevelVar,
  ...kafkaEnv,
});

export type IngestConfig = z.infer<typeof IngestConfigSchema>;

export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
