import { z } from 'zod';

/** A TCP port number from an environment variable. */
export const portVar = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A positive integer from an environment variable. */
export const positiveIntVar = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A boolean from an environment variable: true/false, 1/0, yes/no. */
export const booleanVar = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A comma-separated list, each item trimmed, empty items dropped. */
export const listVar = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** A comma-separated list of host:port Kafka brokers. */
export const kafkaBrokersVar = (fallback: string) =>
  listVar(fallback).refine(
    (brokers) => brokers.length > 0 && brokers.every((broker) => /^[^\s:]+:\d{1,5}$/.test(broker)),
    {
      message: 'expected a comma-separated list of host:port',
    },
  );

/** A redis:// or rediss:// URL. */
export const redisUrlVar = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((value) => /^rediss?:\/\/[^\s]+$/.test(value), { message: 'expected a redis:// or rediss:// URL' });

export const logLevelVar = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** The settings every service that talks to Kafka shares. */
export const kafkaEnv = {
  KAFKA_BROKERS: kafkaBrokersVar('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).default('cleanwire'),
  /** Real Kafka supports the idempotent producer; brokers that lack it (librdkafka's mock) need it off, explicitly. */
  KAFKA_IDEMPOTENT_PRODUCER: booleanVar(true),
  /** Partitions for topics cleanwire creates itself; brokers without CreateTopics auto-create instead. */
  KAFKA_TOPIC_PARTITIONS: positiveIntVar(4),
  KAFKA_REPLICATION_FACTOR: positiveIntVar(1),
  /**
   * How produce calls are compressed: LZ4 costs the least CPU per record (README, Performance); every Kafka client
   * reads gzip too.
   */
  KAFKA_COMPRESSION: z.enum(['lz4', 'gzip', 'none'], { message: 'expected lz4, gzip or none' }).default('lz4'),
  /** Bytes of records one produce call carries (before compression): below the broker's max.message.bytes (1 MiB by default). */
  KAFKA_MAX_BATCH_BYTES: positiveIntVar(1_000_000),
  /** How long one request to a broker may take before it is retried (a frozen broker answers nothing). */
  KAFKA_REQUEST_TIMEOUT_MS: positiveIntVar(10_000),
  /** How long connecting to a broker may take. */
  KAFKA_CONNECTION_TIMEOUT_MS: positiveIntVar(3_000),
};

/** The Kafka settings of a service, as validated. */
export type KafkaEnv = z.infer<z.ZodObject<typeof kafkaEnv>>;

/** Settings every service shares. */
export const serviceEnv = {
  /** How long a service may take to stop after SIGTERM or SIGINT (finish or abandon its work) before it exits anyway. */
  SHUTDOWN_TIMEOUT_MS: positiveIntVar(10_000),
};

/** One API key as configured: a name for logs and limits, and the SHA-256 of the key (never the key itself). */
export interface ConfiguredApiKey {
  name: string;
  sha256: string;
}

/** Comma-separated `name:sha256hex` API key entries; names are unique, digests are 64 hex characters. */
export const apiKeysVar = z
  .string()
  .optional()
  .transform((value, context): ConfiguredApiKey[] => {
    const entries = (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const keys: ConfiguredApiKey[] = [];
    for (const entry of entries) {
      const match = /^([A-Za-z0-9._-]{1,64}):([0-9a-fA-F]{64})$/.exec(entry);
      if (!match) {
        // Never echo the entry: it may be a key pasted where its hash belongs.
        context.addIssue({ code: 'custom', message: `entry ${keys.length + 1} is not name:sha256hex` });
        return z.NEVER;
      }
      const [, name = '', digest = ''] = match;
      if (keys.some((key) => key.name === name)) {
        context.addIssue({ code: 'custom', message: `the name ${name} appears twice` });
        return z.NEVER;
      }
      keys.push({ name, sha256: digest.toLowerCase() });
    }
    return keys;
  });

/** Whether a service's writes need an API key: `disabled` is for a trusted network only. */
export const authModeVar = z
  .enum(['required', 'disabled'], { message: 'expected required or disabled' })
  .default('required');

/** A refinement requiring API keys in `keysVariable` unless `authVariable` is `disabled`. */
export function keysRequiredUnlessDisabled<K extends string, A extends string>(keysVariable: K, authVariable: A) {
  return (config: Record<K, ConfiguredApiKey[]> & Record<A, 'required' | 'disabled'>, context: z.RefinementCtx) => {
    if (config[authVariable] === 'required' && config[keysVariable].length === 0) {
      context.addIssue({
        code: 'custom',
        path: [keysVariable],
        message: `required (name:sha256hex entries) unless ${authVariable}=disabled`,
      });
    }
  };
}

/** The story index's settings, shared by the indexer, the query service and the CLI's reindex. */
export const storyIndexEnv = {
  /** `true`: REDIS_URL lists the comma-separated seed nodes of a Redis Cluster. */
  REDIS_CLUSTER: booleanVar(false),
  /** Shards the story index is partitioned into by story id (on a Cluster, a few per master); changing it needs a reindex. */
  STORY_INDEX_SHARDS: z.coerce.number().int().min(1).max(1024).default(1),
};
