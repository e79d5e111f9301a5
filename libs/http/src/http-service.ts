import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Logger, NestPinoLogger } from '@cleanwire/logging';
import { acceptRawBodies, type BodyRules } from './fastify-setup';
import { HttpErrorFilter } from './http-error.filter';
import { answerClientError, answerProtocolErrors } from './protocol-errors';

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
  /** Told of each chunk of a buffered body as it arrives; throwing refuses the body (see BodyRules). */
  holdBytes?: BodyRules['holdBytes'];
}

/** Creates a Fastify-backed Nest application with the service's logger, error format and body rules. */
export async function createHttpService(options: HttpServiceOptions): Promise<NestFastifyApplication> {
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const adapter = new FastifyAdapter({
    bodyLimit,
    // Node's own refusal of a request without Host has an empty body; answerProtocolErrors answers it instead.
    http: { requireHostHeader: false },
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
    logger: new NestPinoLogger(options.logger),
    // The domain parses bodies itself; Nest's JSON parser would also refuse to coexist with ours.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  answerProtocolErrors(fastify, app.getHttpServer());
  acceptRawBodies(fastify, {
    mediaTypes: options.mediaTypes ?? [],
    bodyLimit,
    streamedMediaTypes: options.streamedMediaTypes,
    streamLimit: options.streamLimit,
    holdBytes: options.holdBytes,
  });
  app.useGlobalFilters(new HttpErrorFilter(options.logger, bodyLimit));
  return app;
}
