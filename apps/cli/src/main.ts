import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { normalizeFeed } from './normalize.command';

const USAGE = `usage: cleanwire normalize [--source NAME] [--full] [FILE|-]

Prints the clean stories of a feed file (a scraped plain-text dump or JSON articles) as JSON.
Reads standard input when FILE is - or missing.

  --source NAME   the source the articles come from
  --full          print every field of each story (id, text, wordCount, cuts, ...)
`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'normalize') {
    process.stderr.write(`cleanwire: unknown command ${command}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      full: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    process.stderr.write(`cleanwire: normalize takes one file, got ${positionals.length}\n`);
    return 2;
  }
  const file = positionals[0] ?? '-';
  const input = readFileSync(file === '-' ? 0 : file);
  const output = normalizeFeed(input, { source: values.source, full: values.full ?? false });
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`cleanwire: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
