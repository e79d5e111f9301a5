import { z } from 'zod';
import { logLevelVar, portVar, positiveIntVar, redisUrlVar, serviceEnv, storyIndexEnv } from '@cleanwire/config';

export const QueryConfigSchema = z.object({
  QUERY_HOST: z.string().min(1).default('127.0.0.1'),
  QUERY_PORT: portVar(3001),
  REDIS_URL: redisUrlVar('redis://127.0.0.1:6379'),
  ...storyIndexEnv,
  /** Each Redis command of a request fails after this long; the request then answers 503 with Retry-After. */
  QUERY_REDIS_TIMEOUT_MS: positiveIntVar(800),
  /** A whole request's Redis work fails after this long: a hung Redis gets a 503 within it, never a hang. */
  QUERY_DEADLINE_MS: positiveIntVar(1500),
  /** Matches per search candidate window, ranked together (see README, "The story index"). */
  SEARCH_CANDIDATE_WINDOW: positiveIntVar(1000),
  LOG_LEVEL: logLevelVar,
  ...serviceEnv,
});

export type QueryConfig = z.infer<typeof QueryConfigSchema>;
