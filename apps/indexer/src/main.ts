import 'reflect-metadata';
import { loadConfig } from '@cleanwire/config';
import { startWorkerService } from '@cleanwire/kafka';
import { createLogger, exitOnStartupFailure } from '@cleanwire/logging';
import { IndexerConfigSchema } from './indexer.config';
import { IndexerModule } from './indexer.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(IndexerConfigSchema, process.env);
  const logger = createLogger('indexer', config.LOG_LEVEL);
  await startWorkerService({
    module: IndexerModule.register(config, logger),
    logger,
    healthHost: config.HEALTH_HOST,
    healthPort: config.INDEXER_HEALTH_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
}

bootstrap().catch(exitOnStartupFailure('indexer'));
