import type { Kafka } from 'kafkajs';
import type { Logger } from '@cleanwire/logging';

export interface TopicLayout {
  partitions: number;
  replicationFactor: number;
  /** Topic configuration, e.g. `cleanup.policy: compact`. */
  config?: Record<string, string>;
}

/**
 * Creates the topics a service uses. Brokers without CreateTopics (librdkafka's mock cluster) make this fail;
 * the service then relies on auto-creation and says so, since partition counts are then the broker's choice.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  layout: TopicLayout,
  logger: Logger,
): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: layout.partitions,
        replicationFactor: layout.replicationFactor,
        configEntries: Object.entries(layout.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    logger.info({ topics: missing, ...layout }, 'created topics');
  } catch (error) {
    logger.warn(
      { topics, err: error },
      'could not create topics; relying on the broker to auto-create them on first use, with its default configs (no compaction)',
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
