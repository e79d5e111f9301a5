import { z } from 'zod';
import {
  consumerEnv,
  serviceEnv,
  kafkaEnv,
  logLevelVar,
  portVar,
  positiveIntVar,
  redisUrlVar,
  storyIndexEnv,
} from '@cleanwire/config';

export const IndexerConfigSchema = z.object({
  INDEXER_GROUP_ID: z.string().min(1).default('cleanwire-indexer'),
  /** Health endpoint port (0 picks a free one). */
  INDEXER_HEALTH_PORT: portVar(3011),
  REDIS_URL: redisUrlVar('redis://127.0.0.1:6379'),
  ...storyIndexEnv,
  /** Stories sorted (publishedAt, else receivedAt) more than this many days ago are removed; 0 keeps everything. */
  STORY_RETENTION_DAYS: z.coerce.number().min(0).default(0),
  /** How often the retention sweep runs. */
  STORY_RETENTION_INTERVAL_MS: positiveIntVar(10 * 60 * 1000),
  LOG_LEVEL: logLevelVar,
  ...serviceEnv,
  ...kafkaEnv,
  ...consumerEnv,
});

export type IndexerConfig = z.infer<typeof IndexerConfigSchema>;
