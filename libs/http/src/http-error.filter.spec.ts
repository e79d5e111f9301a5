import { NotFoundException } from '@nestjs/common';
import {
  InvalidInputError,
  NotFoundError,
  PermanentError,
  RetriableError,
  TooLargeError,
  UnsupportedFormatError,
} from '@cleanwire/contracts';
import { toErrorResponse } from './http-error.filter';

describe('toErrorResponse', () => {
  it.each([
    [new InvalidInputError('limit: must be at most 100', 'limit'), 400],
    [new UnsupportedFormatError('unsupported content type application/xml'), 415],
    [new TooLargeError('too many items'), 413],
    [new NotFoundError('no story with id x'), 404],
    [new NotFoundException('no route'), 404],
    [Object.assign(new Error('Request body is too large'), { statusCode: 413 }), 413],
  ])('maps %s to %i with its message', (error, status) => {
    const { body } = toErrorResponse(error);
    expect(body.statusCode).toBe(status);
    expect(body.message).toContain((error as Error).message);
  });

  it('keeps the field of an input error', () => {
    expect(toErrorResponse(new InvalidInputError('bad', 'limit')).body.field).toBe('limit');
  });

  it('answers 503 with Retry-After for a retriable failure', () => {
    const { body, headers } = toErrorResponse(new RetriableError('the broker is down'));
    expect(body.statusCode).toBe(503);
    expect(headers['retry-after']).toMatch(/^\d+$/);
  });

  it('never leaks the message or stack of an unexpected error', () => {
    const { body } = toErrorResponse(new PermanentError('SELECT secret FROM internals'));
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  });
});
