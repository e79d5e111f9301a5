import { z } from 'zod';
import { positiveIntVar } from './env-pieces';

/** The settings every Kafka consumer service shares. */
export const consumerEnv = {
  /**
   * Partitions one instance works on at once; more instances share partitions through the consumer group. A batch
   * mostly waits on Redis and the brokers, so every partition of a topic (4 by default) is worked on at once.
   */
  KAFKA_PARTITIONS_CONCURRENCY: positiveIntVar(4),
  /**
   * How long the group waits for a silent member: a restarted worker gets its dead predecessor's partitions after this.
   * Heartbeats go out every third of it; Kafka's group.min.session.timeout.ms is 6000 by default.
   */
  KAFKA_SESSION_TIMEOUT_MS: positiveIntVar(6000),
  /** Longest a fetch waits for new records; bounds freshness on brokers that hold fetches to the limit. */
  KAFKA_FETCH_MAX_WAIT_MS: positiveIntVar(500),
  /** The longest wait between retries of a failing batch. */
  RETRY_MAX_DELAY_MS: positiveIntVar(30000),
  HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
};
