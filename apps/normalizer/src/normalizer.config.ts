import { z } from 'zod';
import { consumerEnv, kafkaEnv, logLevelVar, portVar } from '@cleanwire/config';

export const NormalizerConfigSchema = z.object({
  NORMALIZER_GROUP_ID: z.string().min(1).default('cleanwire-normalizer'),
  /** Health endpoint port (0 picks a free one). */
  NORMALIZER_HEALTH_PORT: portVar(3010),
  LOG_LEVEL: logLevelVar,
  ...kafkaEnv,
  ...consumerEnv,
});

export type NormalizerConfig = z.infer<typeof NormalizerConfigSchema>;
