import type { z } from 'zod';
import { InvalidInputError } from '@cleanwire/contracts';

/**
 * Validates query parameters against a schema; the first problem becomes a 400 naming the parameter. A parameter given
 * more than once (`?source=a&source=b`) is refused by name: which one was meant cannot be told.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const repeated = Object.entries((query ?? {}) as Record<string, unknown>).find(([, value]) => Array.isArray(value));
  if (repeated) throw new InvalidInputError(`${repeated[0]}: must be given once`, repeated[0]);
  const parsed = schema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? 'query';
  throw new InvalidInputError(`${field}: ${issue?.message ?? 'invalid'}`, field);
}

/** Parses a JSON request body (raw bytes, as the body rules deliver it) against a schema; a 400 names the field. */
export function parseJsonBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '');
  } catch {
    throw new InvalidInputError('the body is not valid JSON');
  }
  return parseQuery(schema, json);
}
