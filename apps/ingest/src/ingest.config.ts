import { z } from 'zod';
import { serviceEnv, apiKeysVar, kafkaEnv, logLevelVar, portVar, positiveIntVar, redisUrlVar } from '@cleanwire/config';

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
    /** Longest NDJSON line; a longer line is rejected on its own. */
    INGEST_NDJSON_MAX_LINE_BYTES: positiveIntVar(1024 * 1024),
    /** Largest NDJSON stream, on the wire and after decompression. */
    INGEST_NDJSON_MAX_BYTES: positiveIntVar(256 * 1024 * 1024),
    /** Accepted NDJSON lines published per produce call. */
    INGEST_NDJSON_BATCH_SIZE: positiveIntVar(500),
    /** `name:sha256hex` entries, comma-separated; hash a key with `npx cleanwire hash-key KEY`. */
    INGEST_API_KEYS: apiKeysVar,
    /** `disabled` lets anyone write: for a trusted network only, and logged loudly at start-up. */
    INGEST_AUTH: z.enum(['required', 'disabled'], { message: 'expected required or disabled' }).default('required'),
    /** Write requests per minute per API key, counted in Redis across replicas (a burst of this many is allowed). */
    INGEST_RATE_LIMIT_PER_MINUTE: positiveIntVar(600),
    /** How long a response is kept for retries with the same Idempotency-Key. */
    INGEST_IDEMPOTENCY_TTL_SECONDS: positiveIntVar(24 * 60 * 60),
    REDIS_URL: redisUrlVar('redis://127.0.0.1:6379'),
    LOG_LEVEL: logLevelVar,
    ...serviceEnv,
    ...kafkaEnv,
  })
  .superRefine((config, context) => {
    if (config.INGEST_AUTH === 'required' && config.INGEST_API_KEYS.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['INGEST_API_KEYS'],
        message: 'required (name:sha256hex entries) unless INGEST_AUTH=disabled',
      });
    }
  });

export type IngestConfig = z.infer<typeof IngestConfigSchema>;

export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
