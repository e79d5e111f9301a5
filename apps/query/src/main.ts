import 'reflect-metadata';
import { loadConfig } from '@cleanwire/config';
import { createHttpService, stopOnSignals } from '@cleanwire/http';
import { createLogger, exitOnStartupFailure } from '@cleanwire/logging';
import { QueryConfigSchema } from './query.config';
import { QueryModule } from './query.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(QueryConfigSchema, process.env);
  const logger = createLogger('query', config.LOG_LEVEL);
  const app = await createHttpService({
    module: QueryModule.register(config, logger),
    logger,
    api: {
      title: 'cleanwire query',
      version: '1',
      description: 'Clean stories: by id, newest first, full-text search.',
    },
  });
  stopOnSignals(app, { logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  await app.listen(config.QUERY_PORT, config.QUERY_HOST);
  logger.info({ url: await app.getUrl() }, 'query listening');
}

bootstrap().catch(exitOnStartupFailure('query'));
