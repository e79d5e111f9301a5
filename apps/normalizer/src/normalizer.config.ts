import { z } from 'zod';
import {
  serviceEnv,
  consumerEnv,
  kafkaEnv,
  logLevelVar,
  portVar,
  positiveIntVar,
  redisUrlVar,
} from '@cleanwire/config';

export const NormalizerConfigSchema = z.object({
  NORMALIZER_GROUP_ID: z.string().min(1).default('cleanwire-normalizer'),
  /** Health endpoint port (0 picks a free one). */
  NORMALIZER_HEALTH_PORT: portVar(3010),
  /** Where learned site noise is shared by every normalizer instance. */
  REDIS_URL: redisUrlVar('redis://127.0.0.1:6379'),
  /** Distinct articles of a source a top or bottom line must recur in to be learned as its noise (at least 2). */
  SITE_NOISE_MIN_ARTICLES: z.coerce.number().int().min(2).default(5),
  /** Share of the source's articles (0 to 1) the line must recur in as well. */
  SITE_NOISE_MIN_SHARE: z.coerce.number().min(0).max(1).default(0.2),
  /** Days a candidate line is remembered after it was last seen. */
  SITE_NOISE_RETENTION_DAYS: positiveIntVar(14),
  LOG_LEVEL: logLevelVar,
  ...serviceEnv,
  ...kafkaEnv,
  ...consumerEnv,
});

export type NormalizerConfig = z.infer<typeof NormalizerConfigSchema>;
