import { z } from 'zod';
import {
  apiKeysVar,
  authModeVar,
  kafkaEnv,
  keysRequiredUnlessDisabled,
  listVar,
  logLevelVar,
  portVar,
  positiveIntVar,
  serviceEnv,
} from '@cleanwire/config';

export const MonitorConfigSchema = z
  .object({
    MONITOR_HOST: z.string().min(1).default('127.0.0.1'),
    MONITOR_PORT: portVar(3002),
    /** `name:sha256hex` entries allowed to replay and discard dead letters; hash a key with `npx cleanwire hash-key`. */
    MONITOR_API_KEYS: apiKeysVar,
    /** `disabled` lets anyone replay and discard: for a trusted network only, and logged loudly at start-up. */
    MONITOR_AUTH: authModeVar,
    /** Consumer groups always watched; groups the broker lists are watched too where it can list them. */
    MONITOR_GROUPS: listVar('cleanwire-normalizer,cleanwire-indexer'),
    /** How often offsets are sampled. */
    MONITOR_SAMPLE_INTERVAL_MS: positiveIntVar(5000),
    /** Samples a group's status is judged over (Burrow's window): 12 samples of 5 s is a minute. */
    MONITOR_WINDOW_SAMPLES: z.coerce.number().int().min(2).default(12),
    /** Minutes of samples kept for the charts. */
    MONITOR_HISTORY_MINUTES: positiveIntVar(10),
    /** Prometheus endpoints of the indexers, read for the freshness histogram. */
    MONITOR_METRICS_URLS: listVar('http://127.0.0.1:3011/metrics'),
    /** Newest records read per partition when looking for an article, a key or dead letters. */
    MONITOR_SCAN_LIMIT: positiveIntVar(20_000),
    LOG_LEVEL: logLevelVar,
    ...serviceEnv,
    ...kafkaEnv,
  })
  .superRefine(keysRequiredUnlessDisabled('MONITOR_API_KEYS', 'MONITOR_AUTH'));

export type MonitorConfig = z.infer<typeof MonitorConfigSchema>;

export const MONITOR_CONFIG = Symbol('MONITOR_CONFIG');
