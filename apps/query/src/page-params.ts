import { z } from 'zod';

/** Query parameters shared by every paged listing. */
export const pageParams = {
  limit: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(20),
  cursor: z.string().min(1).max(512).optional(),
  source: z.string().trim().min(1).max(200).optional(),
};
