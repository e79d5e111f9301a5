import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { storyFromArticle } from '@cleanwire/cleaning';
import type { CleanStory, Cut, FeedFormat } from '@cleanwire/contracts';
import { readFeed, type RejectedItem } from '@cleanwire/feeds';
import type { CliCommand } from './cli-command';

/** Media types the CLI posts to readFeed for each --format; auto lets readFeed sniff the bytes. */
const FORMAT_MEDIA_TYPES: Record<FeedFormat | 'auto', string> = {
  auto: 'application/octet-stream',
  text: 'text/plain',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  html: 'text/html',
  rss: 'application/rss+xml',
  rdf: 'application/rdf+xml',
  atom: 'application/atom+xml',
  jsonfeed: 'application/feed+json',
};

export interface NormalizeOptions {
  source?: string;
  /** The input's format; 'auto' (the default) sniffs it from the content. */
  format?: FeedFormat | 'auto';
  /** The page's address, for a single HTML page. */
  url?: string;
  /** Print each story's cuts (reason, line, text, element) beside headline, captions and body. */
  explain?: boolean;
  /** Print every field of the clean story (id, text, wordCount, cuts...) instead of headline, captions and body. */
  full: boolean;
}

export interface NormalizeOutput {
  source?: string;
  stories: Array<
    | Pick<CleanStory, 'headline' | 'captions' | 'body'>
    | (Pick<CleanStory, 'headline' | 'captions' | 'body'> & { cuts: Cut[] })
    | CleanStory
  >;
  rejected?: RejectedItem[];
}

// Without --source the stories still need one for their ids; it is not printed.
const UNNAMED_SOURCE = 'unnamed';

/** Cleans a feed file's articles with the same library the normalizer service uses; no Kafka or Redis. */
export function normalizeFeed(input: Buffer, options: NormalizeOptions): NormalizeOutput {
  const mediaType = FORMAT_MEDIA_TYPES[options.format ?? 'auto'];
  const now = new Date();
  const intake = readFeed(
    {
      mediaType,
      body: input,
      source: options.source ?? UNNAMED_SOURCE,
      receivedAt: now,
      ...(options.url === undefined ? {} : { url: options.url }),
    },
    { maxItems: Number.MAX_SAFE_INTEGER, maxArticleBytes: Number.MAX_SAFE_INTEGER },
  );
  const stories = intake.accepted.map(({ article }) => storyFromArticle(article, now));
  return {
    ...(options.source ? { source: options.source } : {}),
    stories: options.full
      ? stories
      : stories.map(({ headline, captions, body, cuts }) =>
          options.explain ? { headline, captions, body, cuts } : { headline, captions, body },
        ),
    ...(intake.rejected.length > 0 ? { rejected: intake.rejected } : {}),
  };
}

const USAGE = `usage: cleanwire normalize [--format FORMAT] [--source NAME] [--url URL] [--explain] [--full] [FILE|-]

Prints the clean stories of a feed file as JSON. Reads standard input when FILE is - or missing.

  --format FORMAT auto (default: sniffed from the content), text, json, ndjson, html, rss, rdf, atom or jsonfeed
  --source NAME   the source the articles come from
  --url URL       the address of a single HTML page
  --explain       print each story's cuts too: reason, line, text and, for HTML, the removed element
  --full          print every field of each story (id, text, wordCount, cuts, ...)
`;

export const normalizeCommand: CliCommand = {
  name: 'normalize',
  usage: USAGE,
  run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        source: { type: 'string' },
        full: { type: 'boolean', default: false },
        format: { type: 'string', default: 'auto' },
        url: { type: 'string' },
        explain: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return Promise.resolve(0);
    }
    if (positionals.length > 1) {
      process.stderr.write(`cleanwire: normalize takes one file, got ${positionals.length}\n`);
      return Promise.resolve(2);
    }
    const format = values.format ?? 'auto';
    if (!isFormat(format)) {
      process.stderr.write(
        `cleanwire: unknown format ${format}; one of ${Object.keys(FORMAT_MEDIA_TYPES).join(', ')}\n`,
      );
      return Promise.resolve(2);
    }
    const file = positionals[0] ?? '-';
    const input = readFileSync(file === '-' ? 0 : file);
    const output = normalizeFeed(input, {
      source: values.source,
      full: values.full ?? false,
      format,
      url: values.url,
      explain: values.explain ?? false,
    });
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return Promise.resolve(0);
  },
};

function isFormat(format: string): format is FeedFormat | 'auto' {
  return Object.hasOwn(FORMAT_MEDIA_TYPES, format);
}
