import 'reflect-metadata';
import { loadConfig } from '@cleanwire/config';
import { startWorkerService } from '@cleanwire/kafka';
import { createLogger, exitOnStartupFailure } from '@cleanwire/logging';
import { NormalizerConfigSchema } from './normalizer.config';
import { NormalizerModule } from './normalizer.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(NormalizerConfigSchema, process.env);
  const logger = createLogger('normalizer', config.LOG_LEVEL);
  await startWorkerService({
    module: NormalizerModule.register(config, logger),
    logger,
    healthHost: config.HEALTH_HOST,
    healthPort: config.NORMALIZER_HEALTH_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
}

bootstrap().catch(exitOnStartupFailure('normalizer'));
