import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { storyFromArticle } from '@cleanwire/cleaning';
import type { CleanStory } from '@cleanwire/contracts';
import { readFeed, type RejectedItem } from '@cleanwire/feeds';
import type { CliCommand } from './cli-command';

export interface NormalizeOptions {
  source?: string;
  /** Print every field of the clean story (id, text, wordCount, cuts...) instead of headline, captions and body. */
  full: boolean;
}

export interface NormalizeOutput {
  source?: string;
  stories: Array<Pick<CleanStory, 'headline' | 'captions' | 'body'> | CleanStory>;
  rejected?: RejectedItem[];
}

// Without --source the stories still need one for their ids; it is not printed.
const UNNAMED_SOURCE = 'unnamed';

/** Cleans a feed file's articles with the same library the normalizer service uses; no Kafka or Redis. */
export function normalizeFeed(input: Buffer, options: NormalizeOptions): NormalizeOutput {
  const mediaType = looksLikeJson(input) ? 'application/json' : 'text/plain';
  const now = new Date();
  const intake = readFeed(
    { mediaType, body: input, source: options.source ?? UNNAMED_SOURCE, receivedAt: now },
    { maxItems: Number.MAX_SAFE_INTEGER, maxArticleBytes: Number.MAX_SAFE_INTEGER },
  );
  const stories = intake.accepted.map(({ article }) => storyFromArticle(article, now));
  return {
    ...(options.source ? { source: options.source } : {}),
    stories: options.full ? stories : stories.map(({ headline, captions, body }) => ({ headline, captions, body })),
    ...(intake.rejected.length > 0 ? { rejected: intake.rejected } : {}),
  };
}

function looksLikeJson(input: Buffer): boolean {
  const start = input
    .toString('utf8', 0, Math.min(input.length, 64))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('{') || start.startsWith('[');
}

const USAGE = `usage: cleanwire normalize [--source NAME] [--full] [FILE|-]

Prints the clean stories of a feed file (a scraped plain-text dump or JSON articles) as JSON.
Reads standard input when FILE is - or missing.

  --source NAME   the source the articles come from
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
    const file = positionals[0] ?? '-';
    const input = readFileSync(file === '-' ? 0 : file);
    const output = normalizeFeed(input, { source: values.source, full: values.full ?? false });
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return Promise.resolve(0);
  },
};
