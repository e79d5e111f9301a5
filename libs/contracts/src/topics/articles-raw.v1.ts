import { z } from 'zod';

/** Raw articles as ingest received them, keyed by story id. */
export const ARTICLES_RAW_V1 = 'articles.raw.v1';

export const RawArticleSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  url: z.string().optional(),
  headline: z.string().optional(),
  /** The article text as scraped: repeated headline and caption blocks and widget noise included. */
  body: z.string(),
  captions: z.array(z.string()).optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  receivedAt: z.iso.datetime({ offset: true }),
  /** How the article reached ingest: a plain-text dump or a JSON article. */
  format: z.enum(['text', 'json']),
});

export type RawArticle = z.infer<typeof RawArticleSchema>;
