import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Logger, NestPinoLogger } from '@cleanwire/logging';
import { acceptRawBodies } from './fastify-setup';
import { HttpErrorFilter } from './http-error.filter';

export interface HttpServiceOptions {
  module: DynamicModule;
  logger: Logger;
  /** Largest request body in bytes. */
  bodyLimit?: number;
  /** Media types whose bodies reach the controllers as raw Buffers; any other is a 415. */
  mediaTypes?: readonly string[];
  /** Media types whose bodies reach the controllers as a Readable of decoded bytes, read as they arrive. */
  streamedMediaTypes?: readonly string[];
  /** Largest streamed body in bytes, on the wire and decompressed; default `bodyLimit`. */
  streamLimit?: number;
}

/** Creates a Fastify-backed Nest application with the service's logger, error format and body rules. */
export async function createHttpService(options: HttpServiceOptions): Promise<NestFastifyApplication> {
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const app = await NestFactory.create<NestFastifyApplication>(options.module, new FastifyAdapter({ bodyLimit }), {
    logger: new NestPinoLogger(options.logger),
    // The domain parses bodies itself; Nest's JSON parser would also refuse to coexist with ours.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  acceptRawBodies(fastify, {
    mediaTypes: options.mediaTypes ?? [],
    bodyLimit,
    streamedMediaTypes: options.streamedMediaTypes,
    streamLimit: options.streamLimit,
  });
  app.useGlobalFilters(new HttpErrorFilter(options.logger, bodyLimit));
  return app;
}
