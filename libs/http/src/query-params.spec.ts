import { z } from 'zod';
import { InvalidInputError } from '@cleanwire/contracts';
import { parseJsonBody, parseQuery } from './query-params';

const Params = z.object({
  url: z.string().optional(),
  source: z
    .preprocess(
      (value) => (typeof value === 'string' ? [value] : value),
      z.array(z.string()).max(2, 'at most 2 sources'),
    )
    .optional(),
});

function problem(work: () => unknown): { message: string; field?: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof InvalidInputError) return { message: error.message, field: error.field };
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('parseQuery', () => {
  it('refuses a parameter given twice that the schema takes once, naming it', () => {
    expect(problem(() => parseQuery(Params, { url: ['a', 'b'] }))).toEqual({
      message: 'url: must be given once',
      field: 'url',
    });
  });

  it('takes a repeated parameter whose schema takes a list', () => {
    expect(parseQuery(Params, { source: ['a', 'b'] })).toEqual({ source: ['a', 'b'] });
  });

  it("reports a bad list as the list's problem, not as a repeat", () => {
    expect(problem(() => parseQuery(Params, { source: ['a', 'b', 'c'] }))).toEqual({
      message: 'source: at most 2 sources',
      field: 'source',
    });
  });
});

describe('parseJsonBody', () => {
  it('takes arrays in a JSON body', () => {
    const Selection = z.object({ ids: z.array(z.string()) });
    expect(parseJsonBody(Selection, Buffer.from('{"ids":["a","b"]}'))).toEqual({ ids: ['a', 'b'] });
  });

  it('refuses a body that is not JSON', () => {
    expect(problem(() => parseJsonBody(Params, Buffer.from('{')))).toEqual({
      message: 'the body is not valid JSON',
      field: undefined,
    });
  });
});
