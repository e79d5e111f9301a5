import { parseArgs } from 'node:util';
import type { CliCommand } from './cli-command';
import { type DeadLetterSummary, type GroupSummary, MonitorClient, type TopicSummary } from './monitor-client';

const DEFAULT_MONITOR_URL = 'http://127.0.0.1:3002';
const WATCH_MS = 2000;
const TAIL_POLL_MS = 1000;

const URL_HELP = `  --url URL         the monitor (default: the MONITOR_URL environment variable, else ${DEFAULT_MONITOR_URL})`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function client(values: { url?: string; 'api-key'?: string }): MonitorClient {
  return new MonitorClient(
    values.url ?? process.env.MONITOR_URL ?? DEFAULT_MONITOR_URL,
    values['api-key'] ?? process.env.CLEANWIRE_API_KEY,
  );
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

export function formatTopics(topics: readonly TopicSummary[]): string {
  return table(
    ['TOPIC', 'PARTITIONS', 'MESSAGES', 'PER SECOND', 'OFFSETS'],
    topics.map((topic) => [
      topic.topic,
      topic.partitions.length,
      topic.messages,
      topic.producedPerSecond,
      topic.partitions.map((p) => `${p.partition}:${p.start}-${p.end}`).join(' '),
    ]),
  );
}

export function formatLag(groups: readonly GroupSummary[]): string {
  const rows = groups.flatMap((group) => [
    [group.group, group.status, '*', '*', group.lag, Math.round(group.lagSeconds * 10) / 10, group.state],
    ...group.partitions.map((p) => [
      '',
      p.status,
      p.topic,
      `${p.partition}`,
      p.lag,
      Math.round(p.lagSeconds * 10) / 10,
      `committed ${p.committed} of ${p.end}`,
    ]),
  ]);
  return table(['GROUP', 'STATUS', 'TOPIC', 'PARTITION', 'LAG', 'LAG SECONDS', 'DETAIL'], rows);
}

export function formatDeadLetters(letters: readonly DeadLetterSummary[]): string {
  return table(
    ['ID', 'STATUS', 'REASON', 'FAILED AT', 'KEY', 'ERROR'],
    letters.map((letter) => [
      letter.id,
      letter.status,
      letter.reason,
      letter.failedAt,
      letter.key ?? '',
      letter.error.slice(0, 80),
    ]),
  );
}

const TOPICS_USAGE = `usage: cleanwire topics [--url URL]

Lists every topic with its partitions, message count and produce rate over the last minute.

${URL_HELP}
`;

export const topicsCommand: CliCommand = {
  name: 'topics',
  usage: TOPICS_USAGE,
  async run(args) {
    const { values } = parseArgs({ args, options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) return help(TOPICS_USAGE);
    process.stdout.write(formatTopics(await client(values).topics()));
    return 0;
  },
};

const LAG_USAGE = `usage: cleanwire lag [--watch] [--url URL]

Shows every consumer group's lag in messages and seconds, and its status (OK, WARNING, STALLED, STOPPED), per partition.

  --watch           redraw every ${WATCH_MS / 1000} s until Ctrl-C
${URL_HELP}
`;

export const lagCommand: CliCommand = {
  name: 'lag',
  usage: LAG_USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        url: { type: 'string' },
        watch: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return help(LAG_USAGE);
    const monitor = client(values);
    for (;;) {
      const text = formatLag(await monitor.groups());
      // On a terminal the table is redrawn in place; elsewhere each round is appended with its time.
      if (values.watch && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
      else if (values.watch) process.stdout.write(`${new Date().toISOString()}\n`);
      process.stdout.write(text);
      if (!values.watch) return 0;
      await sleep(WATCH_MS);
    }
  },
};

const TAIL_USAGE = `usage: cleanwire tail TOPIC [--from-beginning] [--url URL]

Prints a topic's records as they arrive, one JSON line each ({partition, offset, timestamp, key, headers, value}),
until Ctrl-C.

  --from-beginning  start at the oldest record still held instead of the end
${URL_HELP}
`;

export const tailCommand: CliCommand = {
  name: 'tail',
  usage: TAIL_USAGE,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'from-beginning': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return help(TAIL_USAGE);
    const [topic] = positionals;
    if (topic === undefined || positionals.length > 1) {
      process.stderr.write(TAIL_USAGE);
      return 2;
    }
    const monitor = client(values);
    const found = (await monitor.topics()).find((candidate) => candidate.topic === topic);
    if (!found) throw new Error(`no topic ${topic}`);
    const next = new Map(found.partitions.map((p) => [p.partition, values['from-beginning'] ? p.start : p.end]));
    for (;;) {
      let printed = 0;
      for (const [partition, offset] of next) {
        const records = await monitor.records(topic, partition, offset);
        for (const record of records) process.stdout.write(`${JSON.stringify(record)}\n`);
        if (records.length > 0) next.set(partition, records[records.length - 1]!.offset + 1);
        printed += records.length;
      }
      if (printed === 0) await sleep(TAIL_POLL_MS);
    }
  },
};

const DLQ_USAGE = `usage: cleanwire dlq list [--topic TOPIC] [--reason REASON] [--status pending|replayed|discarded|all]
       cleanwire dlq replay|discard ID... | --all [--topic TOPIC] [--reason REASON]

Lists dead letters, or puts them back on their original topic (replay), or marks them handled (discard). --all acts
on every pending dead letter matching the filter. Replay and discard need an operator API key.

  --api-key KEY     the API key (default: the CLEANWIRE_API_KEY environment variable)
${URL_HELP}
`;

export const dlqCommand: CliCommand = {
  name: 'dlq',
  usage: DLQ_USAGE,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        topic: { type: 'string' },
        reason: { type: 'string' },
        status: { type: 'string' },
        all: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return help(DLQ_USAGE);
    const [action, ...ids] = positionals;
    const monitor = client(values);
    const filter = { topic: values.topic, reason: values.reason };
    if (action === 'list' && ids.length === 0) {
      process.stdout.write(formatDeadLetters(await monitor.deadLetters({ ...filter, status: values.status })));
      return 0;
    }
    if ((action === 'replay' || action === 'discard') && ids.length > 0 !== values.all) {
      const selection = values.all
        ? {
            filter: Object.fromEntries(
              Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined),
            ),
          }
        : { ids };
      const done = await monitor.act(action, selection);
      process.stdout.write(
        `${action === 'replay' ? 'replayed' : 'discarded'} ${done.length}\n${done.map((id) => `${id}\n`).join('')}`,
      );
      return 0;
    }
    process.stderr.write(DLQ_USAGE);
    return 2;
  },
};

function help(usage: string): number {
  process.stdout.write(usage);
  return 0;
}
