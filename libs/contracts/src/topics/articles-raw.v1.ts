import { z } from 'zod';

/** Raw articles as ingest received them, keyed by story id. */
export const ARTICLES_RAW_V1 = 'articles.raw.v1';

/** Every feed format ingest reads. */
export const FEED_FORMATS = ['text', 'json', 'ndjson', 'html', 'rss', 'rdf', 'atom', 'jsonfeed'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const RawArticleSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  url: z.string().optional(),
  headline: z.string().optional(),
  /** The article as received: scraped text with its repeated blocks and widget noise, or HTML (see bodyFormat). */
  body: z.string(),
  /** 'text': lines and blank-line paragraphs; 'html': a whole page or an HTML fragment (a feed's content field). */
  bodyFormat: z.enum(['text', 'html']).default('text'),
  captions: z.array(z.string()).optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  receivedAt: z.iso.datetime({ offset: true }),
  /** The feed format the article came in. */
  format: z.enum(FEED_FORMATS),
  /** The encoding guessed from the bytes when the body declared none and was not UTF-8 (or did not fit its own). */
  detectedCharset: z.string().optional(),
  /** What intake guessed or dropped without refusing the article (an unreadable date, a guessed encoding). */
  notes: z.array(z.string()).optional(),
});

export type RawArticle = z.infer<typeof RawArticleSchema>;
/** A raw article as producers write it: bodyFormat may be left out for text. */
export type RawArticleInput = z.input<typeof RawArticleSchema>;
