import type { z } from 'zod';
import { InvalidInputError } from '@cleanwire/contracts';

/** Validates query parameters against a schema; the first problem becomes a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const parsed = schema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? 'query';
  throw new InvalidInputError(`${field}: ${issue?.message ?? 'invalid'}`, field);
}
