import { z } from 'zod';
import { InvalidInputError } from '@cleanwire/contracts';

/**
 * Validates query parameters against a schema; the first problem becomes a 400 naming the parameter. A parameter given
 * more than once (`?url=a&url=b`) is refused by name, since which one was meant cannot be told, unless the schema takes
 * a list for it (the story list's `source`).
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const params = (query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value) && !takesList(schema, name, value)) {
      throw new InvalidInputError(`${name}: must be given once`, name);
    }
  }
  return validate(schema, params);
}

/** Parses a JSON request body (raw bytes, as the body rules deliver it) against a schema; a 400 names the field. */
export function parseJsonBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '');
  } catch {
    throw new InvalidInputError('the body is not valid JSON');
  }
  return validate(schema, json);
}

function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? 'query';
  throw new InvalidInputError(`${field}: ${issue?.message ?? 'invalid'}`, field);
}

/** Whether the schema's field takes a list: then a bad list is the field's own problem, reported as such. */
function takesList(schema: z.ZodType, name: string, value: unknown[]): boolean {
  const field = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>)[name] : undefined;
  if (field === undefined) return false;
  return field.safeParse(value).success || field.safeParse(value.slice(0, 1)).success;
}
