import type { FastifyInstance } from 'fastify';

/**
 * Makes the listed media types arrive as raw Buffers (the domain decodes and validates them) and every other type a
 * 415. Fastify enforces `bodyLimit` while reading, so an oversized body is a 413 before it is buffered whole.
 */
export function acceptRawBodies(fastify: FastifyInstance, mediaTypes: readonly string[], bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser([...mediaTypes], { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
}
