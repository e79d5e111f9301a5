import { z } from 'zod';

const MAX_SOURCES = 20;

/** `source` given once, repeated, or as a comma-separated list: the distinct source names. */
const sourcesParam = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value])
      .flatMap((entry) => entry.split(','))
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .refine((sources) => sources.length <= MAX_SOURCES, `at most ${MAX_SOURCES} sources`)
  .refine((sources) => sources.every((source) => source.length <= 200), 'a source name is at most 200 characters');

/** An ISO 8601 date or date-time, as ms since the epoch. */
const instantParam = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
    'must be an ISO 8601 date or date-time',
  )
  .transform((value, context) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      context.addIssue({ code: 'custom', message: 'must be an ISO 8601 date or date-time' });
      return z.NEVER;
    }
    return ms;
  })
  .optional();

/** Query parameters shared by every paged listing: page size, cursor, and which stories (sources, time range). */
export const pageParams = {
  limit: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(20),
  cursor: z.string().min(1).max(2048).optional(),
  source: sourcesParam,
  from: instantParam,
  to: instantParam,
};

/** The store's view of the shared parameters. */
export function storyFilter(params: { source: string[]; from?: number; to?: number }) {
  return { sources: params.source, from: params.from, to: params.to };
}
