import 'reflect-metadata';
import { loadConfig } from '@cleanwire/config';
import { DEAD_LETTER_ACTIONS_V1 } from '@cleanwire/contracts';
import { createKafka, ensureTopics } from '@cleanwire/kafka';
import { createHttpService, stopOnSignals } from '@cleanwire/http';
import { createLogger, exitOnStartupFailure } from '@cleanwire/logging';
import { MonitorConfigSchema } from './monitor.config';
import { MonitorModule } from './monitor.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(MonitorConfigSchema, process.env);
  const logger = createLogger('monitor', config.LOG_LEVEL);
  if (config.MONITOR_AUTH === 'disabled') {
    logger.warn('MONITOR_AUTH=disabled: anyone who reaches this port can replay and discard dead letters');
  }
  // Compacted: the latest action per dead letter is its state, kept as long as the topic lives.
  await ensureTopics(
    createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger }),
    [DEAD_LETTER_ACTIONS_V1],
    {
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      config: { 'cleanup.policy': 'compact' },
    },
    logger,
  );
  const app = await createHttpService({
    module: MonitorModule.register(config, logger),
    logger,
    mediaTypes: ['application/json'],
    api: {
      title: 'cleanwire monitor',
      version: '1',
      description: 'Topics, consumer lag, dead letters, records and where an article is; the dashboard is at /.',
    },
  });
  stopOnSignals(app, { logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  await app.listen(config.MONITOR_PORT, config.MONITOR_HOST);
  logger.info({ url: await app.getUrl() }, 'monitor listening');
}

bootstrap().catch(exitOnStartupFailure('monitor'));
