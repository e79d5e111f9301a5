import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type ErrorBody, errorBody } from './http-error.filter';

// Requests Node's HTTP server refuses before any route or hook runs (a malformed request line or header, headers too
// large, a slow client, an Expect it cannot meet) would otherwise get Node's or Fastify's own answer, with an empty or
// differently worded body. These answers keep the one error shape.

/** Node's parser error codes, as a reason a client can act on. */
function describeClientError(error: NodeJS.ErrnoException): { status: number; message: string } {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'the request did not arrive in time' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'the request headers are too large' };
    case 'HPE_INVALID_METHOD':
      return { status: 400, message: 'the request line is malformed: unknown method' };
    case 'HPE_INVALID_URL':
      return { status: 400, message: 'the request line is malformed: invalid target' };
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_CONSTANT':
      return { status: 400, message: 'the request line is malformed: not HTTP/1.x' };
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_HEADER_VALUE':
      return { status: 400, message: 'a request header is malformed' };
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return { status: 400, message: 'the request framing is malformed (Content-Length or Transfer-Encoding)' };
    default:
      return { status: 400, message: `the request is not valid HTTP/1.1 (${error.code ?? 'unreadable'})` };
  }
}

function rawResponse(body: ErrorBody): string {
  const json = JSON.stringify(body);
  return (
    `HTTP/1.1 ${body.statusCode} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`
  );
}

/** Fastify's `clientErrorHandler`: answers a request Node could not parse with the JSON error shape, then closes. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A connection reset or an already closed socket leaves nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = describeClientError(error);
  if (socket.writable) socket.write(rawResponse(errorBody(status, message)));
  socket.destroy();
}

/**
 * Answers in the JSON error shape what Node would otherwise refuse with an empty body: an HTTP/1.1 request without a
 * Host header (Node's own check is off, so this one answers) and an Expect header other than 100-continue (417).
 */
export function answerProtocolErrors(fastify: FastifyInstance, server: Server): void {
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const body = errorBody(
      417,
      `the Expect header ${JSON.stringify(request.headers.expect)} cannot be met; only 100-continue is`,
    );
    response.writeHead(417, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
    response.end(JSON.stringify(body));
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      await reply
        .status(400)
        .header('connection', 'close')
        .send(errorBody(400, 'the Host header is required in HTTP/1.1', 'Host'));
    }
  });
}
