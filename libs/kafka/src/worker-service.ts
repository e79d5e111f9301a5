import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpService, stopOnSignals } from '@cleanwire/http';
import type { Logger } from '@cleanwire/logging';
import { KafkaBatchServer } from './batch-consumer.server';

export interface WorkerServiceOptions {
  module: DynamicModule;
  logger: Logger;
  healthHost: string;
  healthPort: number;
  /** How long a SIGTERM or SIGINT may take to stop the worker before it exits anyway. */
  shutdownTimeoutMs: number;
}

/**
 * Starts a Kafka worker: its batch consumer (provided by the module as KafkaBatchServer) plus a small HTTP port for
 * health now and metrics later.
 */
export async function startWorkerService(options: WorkerServiceOptions): Promise<NestFastifyApplication> {
  const app = await createHttpService({ module: options.module, logger: options.logger });
  stopOnSignals(app, { logger: options.logger, timeoutMs: options.shutdownTimeoutMs });
  // The service's filter hands Kafka handler errors through untouched, so the transport can classify them.
  app.connectMicroservice({ strategy: app.get(KafkaBatchServer) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(options.healthPort, options.healthHost);
  options.logger.info({ healthUrl: await app.getUrl() }, 'worker running');
  return app;
}
