import type { CliCommand } from './cli-command';
import { dlqCommand, lagCommand, tailCommand, topicsCommand } from './monitor.command';
import { normalizeCommand } from './normalize.command';
import { hashKeyCommand, postCommand } from './post.command';
import { reindexCommand } from './reindex.command';

const COMMANDS: readonly CliCommand[] = [
  normalizeCommand,
  postCommand,
  hashKeyCommand,
  topicsCommand,
  lagCommand,
  tailCommand,
  dlqCommand,
  reindexCommand,
];

const USAGE = `usage: cleanwire <command> [options]

commands:
${COMMANDS.map((command) => `  ${command.usage.split('\n')[0]?.replace('usage: cleanwire ', '')}`).join('\n')}

cleanwire <command> --help tells more.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`cleanwire: unknown command ${name}\n\n${USAGE}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cleanwire: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
