import { z } from 'zod';
import {
  apiKeysVar,
  authModeVar,
  kafkaEnv,
  keysRequiredUnlessDisabled,
  logLevelVar,
  portVar,
  positiveIntVar,
  redisUrlVar,
  serviceEnv,
} from '@cleanwire/config';

export const IngestConfigSchema = z
  .object({
    INGEST_HOST: z.string().min(1).default('127.0.0.1'),
    INGEST_PORT: portVar(3000),
    /** Largest request body, on the wire and after decompression; larger is a 413. */
    INGEST_MAX_BODY_BYTES: positiveIntVar(5 * 1024 * 1024),
    /** Most articles one post may carry. */
    INGEST_MAX_ITEMS: positiveIntVar(1000),
    /** Largest single article body; Kafka's default record limit is 1 MB. */
    INGEST_MAX_ARTICLE_BYTES: positiveIntVar(512 * 1024),
    /** The longest a post's publish may take, connecting included, before it is answered 503. */
    INGEST_PUBLISH_TIMEOUT_MS: positiveIntVar(2000),
    /** Most lines (blank ones included) one NDJSON stream may carry; the rest is a 413. */
    INGEST_NDJSON_MAX_LINES: positiveIntVar(100_000),
    /** Most rejected lines one NDJSON stream may carry before it is refused (400): a broken export fails fast. */
    INGEST_NDJSON_MAX_REJECTED_LINES: positiveIntVar(1000),
    /** Longest NDJSON line; a longer line is rejected on its own. */
    INGEST_NDJSON_MAX_LINE_BYTES: positiveIntVar(1024 * 1024),
    /** Largest NDJSON stream, on the wire and after decompression. */
    INGEST_NDJSON_MAX_BYTES: positiveIntVar(256 * 1024 * 1024),
    /** Most accepted NDJSON lines published at once. */
    INGEST_NDJSON_BATCH_SIZE: positiveIntVar(500),
    /** Most bytes of accepted NDJSON lines published at once: large articles are published in smaller batches. */
    INGEST_NDJSON_BATCH_BYTES: positiveIntVar(4 * 1024 * 1024),
    /** Write requests worked on at once; more are answered 503 with Retry-After. */
    INGEST_MAX_REQUESTS_IN_FLIGHT: positiveIntVar(64),
    /**
     * Bytes held at once: request bodies being read or parsed (an NDJSON stream counts one batch and one line) and
     * records the broker has not acknowledged. A request that would pass it is answered 503 with Retry-After.
     */
    INGEST_MAX_HELD_BYTES: positiveIntVar(16 * 1024 * 1024),
    /** `name:sha256hex` entries, comma-separated; hash a key with `npx cleanwire hash-key KEY`. */
    INGEST_API_KEYS: apiKeysVar,
    /** `disabled` lets anyone write: for a trusted network only, and logged loudly at start-up. */
    INGEST_AUTH: authModeVar,
    /** Write requests per minute per API key, counted in Redis across replicas (a burst of this many is allowed). */
    INGEST_RATE_LIMIT_PER_MINUTE: positiveIntVar(600),
    /** How long a response is kept for retries with the same Idempotency-Key. */
    INGEST_IDEMPOTENCY_TTL_SECONDS: positiveIntVar(24 * 60 * 60),
    REDIS_URL: redisUrlVar('redis://127.0.0.1:6379'),
    LOG_LEVEL: logLevelVar,
    ...serviceEnv,
    ...kafkaEnv,
  })
  .superRefine(keysRequiredUnlessDisabled('INGEST_API_KEYS', 'INGEST_AUTH'))
  .superRefine((config, context) => {
    const largestHold = Math.max(
      config.INGEST_MAX_BODY_BYTES,
      config.INGEST_NDJSON_BATCH_BYTES + config.INGEST_NDJSON_MAX_LINE_BYTES,
    );
    if (config.INGEST_MAX_HELD_BYTES < largestHold) {
      context.addIssue({
        code: 'custom',
        path: ['INGEST_MAX_HELD_BYTES'],
        message: `must hold at least one largest request (${largestHold} bytes)`,
      });
    }
  });

export type IngestConfig = z.infer<typeof IngestConfigSchema>;

export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
