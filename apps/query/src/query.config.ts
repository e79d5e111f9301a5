import { z } from 'zod';
import { serviceEnv, logLevelVar, portVar, redisUrlVar } from '@cleanwire/config';

export const QueryConfigSchema = z.object({
  QUERY_HOST: z.string().min(1).default('127.0.0.1'),
  QUERY_PORT: portVar(3001),
  REDIS_URL: redisUrlVar('redis://127.0.0.1:6379'),
  LOG_LEVEL: logLevelVar,
  ...serviceEnv,
});

export type QueryConfig = z.infer<typeof QueryConfigSchema>;
