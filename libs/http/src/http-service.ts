import type { IncomingMessage } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Logger, NestPinoLogger } from '@cleanwire/logging';
import { docsPage } from './docs-page';
import { acceptRawBodies, type BodyRules } from './fastify-setup';
import { HttpErrorFilter } from './http-error.filter';
import { type ApiInfo, controllersOf, openApiDocument } from './openapi';
import { answerClientError, answerProtocolErrors } from './protocol-errors';
import { requestIdFrom, REQUEST_ID_HEADER } from './request-id';
import { type HttpObserver, logRequests } from './request-log';

/** The injection token of the service's HttpObserver (its metrics), when it has one. */
export const HTTP_OBSERVER = Symbol('HTTP_OBSERVER');

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
  /** Serve `/openapi.json` and `/docs`, generated from the controllers' `@ApiRoute` docs. */
  api?: ApiInfo;
  /** Told of each chunk of a buffered body as it arrives; throwing refuses the body (see BodyRules). */
  holdBytes?: BodyRules['holdBytes'];
}

/**
 * Creates a Fastify-backed Nest application with the service's logger, error format and body rules. Every request
 * gets an id (the caller's `x-request-id` when well formed), returned in `x-request-id` and logged with the request.
 */
export async function createHttpService(options: HttpServiceOptions): Promise<NestFastifyApplication> {
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const adapter = new FastifyAdapter({
    bodyLimit,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => requestIdFrom(request.headers[REQUEST_ID_HEADER]),
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
  logRequests(fastify, options.logger, optionalProvider<HttpObserver>(app, HTTP_OBSERVER));
  answerProtocolErrors(fastify, app.getHttpServer());
  acceptRawBodies(fastify, {
    mediaTypes: options.mediaTypes ?? [],
    bodyLimit,
    streamedMediaTypes: options.streamedMediaTypes,
    streamLimit: options.streamLimit,
    holdBytes: options.holdBytes,
  });
  if (options.api) {
    const info = options.api;
    let document: Record<string, unknown> | undefined;
    fastify.get('/openapi.json', (_request, reply) => {
      document ??= openApiDocument(controllersOf(app.get(ModulesContainer)), info);
      return reply.send(document);
    });
    fastify.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage(info.title)));
  }
  app.useGlobalFilters(new HttpErrorFilter(options.logger, bodyLimit));
  return app;
}

function optionalProvider<T>(app: NestFastifyApplication, token: symbol): T | undefined {
  try {
    return app.get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}
