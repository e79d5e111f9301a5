import { z } from 'zod';
import { serviceEnv, consumerEnv, kafkaEnv, logLevelVar, portVar, redisUrlVar } from '@cleanwire/config';

export const IndexerConfigSchema = z.object({
  INDEXER_GROUP_ID: z.string().min(1).default('cleanwire-indexer'),
  /** Health endpoint port (0 picks a free one). */
  INDEXER_HEALTH_PORT: portVar(3011),
  REDIS_URL: redisUrlVar('redis://127.0.0.1:6379'),
  LOG_LEVEL: logLevelVar,
  ...serviceEnv,
  ...kafkaEnv,
  ...consumerEnv,
});

export type IndexerConfig = z.infer<typeof IndexerConfigSchema>;
