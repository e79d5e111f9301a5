import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidInputError, TooLargeError, UnsupportedFormatError } from '@cleanwire/contracts';

export interface BodyRules {
  /** Media types whose bodies reach controllers as whole Buffers; any type not listed here or below is a 415. */
  mediaTypes: readonly string[];
  /** Largest body of those types, on the wire and after decompression. */
  bodyLimit: number;
  /** Media types whose decoded bodies reach controllers as a Readable, read as they arrive. */
  streamedMediaTypes?: readonly string[];
  /** Largest streamed body, on the wire and after decompression. */
  streamLimit?: number;
  /** Told of each chunk of a buffered (not streamed) body as it is decoded; throwing refuses the body with that error. */
  holdBytes?: (request: FastifyRequest, bytes: number) => void;
}

/** What a request's body weighed, and the SHA-256 of its decoded bytes once it was read to the end. */
export interface BodyMeter {
  encodedBytes: number;
  decodedBytes: number;
  sha256?: string;
}

/** Request body codings the service decodes; `identity` is the absence of one. */
export const CONTENT_CODINGS = ['gzip', 'deflate', 'br'] as const;

const meters = new WeakMap<IncomingMessage, BodyMeter>();

/** The meter of a request's body; its sha256 is set once the body has been read whole. */
export function bodyMeter(request: FastifyRequest): BodyMeter {
  let meter = meters.get(request.raw);
  if (!meter) {
    meter = { encodedBytes: 0, decodedBytes: 0 };
    meters.set(request.raw, meter);
  }
  return meter;
}

/**
 * Makes the listed media types arrive as raw Buffers (the domain decodes and validates them) or, for streamed types,
 * as a Readable; every other type is a 415. Bodies in gzip, deflate or br are decompressed on the way in, through a
 * byte counter that stops at the limit: a decompression bomb is a 413 after at most `limit` bytes, never a whole
 * inflated body in memory. Fastify also enforces `bodyLimit` while buffering, so an oversized body is a 413 before
 * it is buffered whole.
 */
export function acceptRawBodies(fastify: FastifyInstance, rules: BodyRules): void {
  const streamed = new Set(rules.streamedMediaTypes ?? []);
  const streamLimit = rules.streamLimit ?? rules.bodyLimit;
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    try {
      const isStreamed = streamed.has(mediaTypeOf(request.headers['content-type']) ?? '');
      const limit = isStreamed ? streamLimit : rules.bodyLimit;
      const hold = isStreamed || !rules.holdBytes ? undefined : rules.holdBytes.bind(undefined, request);
      done(null, decodeBody(payload, request.headers['content-encoding'], limit, bodyMeter(request), hold));
    } catch (error) {
      done(error as Error);
    }
  });
  // An answer sent after the body began to be decoded but before its end (a stream refused midway, a limit passed)
  // closes the connection: the rest is never drained through the decoder, and no client may queue its next request
  // behind it. A body refused before it was touched (no key, rate or capacity limits) is drained by Node as usual,
  // so the client reads its answer instead of a broken pipe.
  fastify.addHook('onSend', async (request, reply) => {
    if (!request.raw.complete && meters.has(request.raw)) void reply.header('connection', 'close');
  });
  fastify.removeAllContentTypeParsers();
  const buffered = rules.mediaTypes.filter((type) => !streamed.has(type));
  if (buffered.length > 0) {
    fastify.addContentTypeParser(
      buffered,
      { parseAs: 'buffer', bodyLimit: rules.bodyLimit },
      (_request, body, done) => {
        done(null, body);
      },
    );
  }
  if (streamed.size > 0) {
    fastify.addContentTypeParser([...streamed], (_request, payload, done) => {
      done(null, payload);
    });
  }
  // Any other type is refused before its body is read, with the list of what would have been accepted. A request for
  // no route is not read either: its answer is the 404 (or the method's 405), whatever its body.
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    if (request.is404) {
      done(null, undefined);
      return;
    }
    const type = mediaTypeOf(request.headers['content-type']) ?? '(none)';
    const accepted = rules.mediaTypes.length > 0 ? `; send one of ${rules.mediaTypes.join(', ')}` : '';
    done(new UnsupportedFormatError(`unsupported content type ${type}${accepted}`), undefined);
  });
}

/** The media type of a Content-Type header, without parameters, lower case. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

/** The charset parameter of a Content-Type header, lower case and unquoted. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return match?.[2]?.toLowerCase();
}

type Decoded = Transform & { receivedEncodedLength: number };

function decodeBody(
  payload: Readable,
  contentEncoding: string | undefined,
  limit: number,
  meter: BodyMeter,
  hold?: (bytes: number) => void,
): Readable {
  const coding = contentCoding(contentEncoding);
  const hash = createHash('sha256');
  const decoded: Decoded = Object.assign(
    new Transform({
      transform(chunk: Buffer, _encoding, callback: TransformCallback) {
        meter.decodedBytes += chunk.length;
        if (meter.decodedBytes > limit) {
          const what = coding === 'identity' ? 'request body' : `decompressed (${coding}) request body`;
          callback(new TooLargeError(`the ${what} exceeds the limit of ${limit} bytes`));
          return;
        }
        try {
          hold?.(chunk.length);
        } catch (error) {
          callback(error as Error);
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
      flush(callback: TransformCallback) {
        meter.sha256 = hash.digest('hex');
        callback();
      },
    }),
    { receivedEncodedLength: 0 },
  );
  // Counts wire bytes: a body over the limit is refused even before it is decompressed.
  const wire = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      meter.encodedBytes += chunk.length;
      decoded.receivedEncodedLength = meter.encodedBytes;
      if (meter.encodedBytes > limit) {
        callback(new TooLargeError(`the request body exceeds the limit of ${limit} bytes`));
        return;
      }
      callback(null, chunk);
    },
  });
  const decompressor = coding === 'identity' ? undefined : createDecompressor(coding);
  const stages: Transform[] = [wire, ...(decompressor ? [decompressor] : []), decoded];
  // Not stream.pipeline: it would destroy the request, and with it the socket the 413 or 400 must go out on.
  const fail = (error: Error): void => {
    payload.unpipe();
    for (const stage of stages) stage.unpipe();
    decompressor?.destroy();
    if (!decoded.destroyed) decoded.destroy(error);
  };
  payload.on('error', fail);
  wire.on('error', fail);
  decompressor?.on('error', (error) =>
    fail(
      error instanceof TooLargeError
        ? error
        : new InvalidInputError(`the ${coding} request body cannot be decompressed: ${error.message}`),
    ),
  );
  decoded.on('error', fail);
  let upstream: Readable = payload;
  for (const stage of stages) upstream = upstream.pipe(stage);
  return decoded;
}

type ContentCoding = (typeof CONTENT_CODINGS)[number] | 'identity';

function contentCoding(header: string | undefined): ContentCoding {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length === 0) return 'identity';
  const [coding] = codings;
  if (codings.length === 1 && coding === 'x-gzip') return 'gzip';
  if (codings.length === 1 && (CONTENT_CODINGS as readonly string[]).includes(coding ?? '')) {
    return coding as ContentCoding;
  }
  throw new UnsupportedFormatError(
    `unsupported content encoding ${header ?? ''}; send one of ${CONTENT_CODINGS.join(', ')} or none`,
  );
}

function createDecompressor(coding: (typeof CONTENT_CODINGS)[number]): Transform {
  switch (coding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      // RFC 9110's deflate is the zlib format; some clients send raw deflate, which createUnzip does not read either.
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
  }
}
