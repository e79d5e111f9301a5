import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from './cli-command';

export interface PostOptions {
  /** The ingest service's base URL. */
  url: string;
  source?: string;
  apiKey?: string;
  /** Retries per file after a 429, a 503 or a dropped connection. */
  retries: number;
  /** Where progress goes; a bar when it is a TTY, plain lines otherwise. */
  progress: NodeJS.WriteStream | { isTTY?: boolean; write(text: string): boolean };
  /** Waits before a retry; tests shorten it. */
  sleep?: (ms: number) => Promise<void>;
}

export interface FileResult {
  file: string;
  status: number | 'error';
  accepted: number;
  rejected: Array<{ index: number; reason: string }>;
  retries: number;
  /** The error message when the file was refused as a whole. */
  error?: string;
}

export interface PostSummary {
  files: number;
  posted: number;
  failed: number;
  accepted: number;
  rejected: number;
  retries: number;
  results: FileResult[];
}

const EXTENSION_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.text': 'text/plain',
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.jsonl': 'application/x-ndjson',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.rdf': 'application/rdf+xml',
  '.html': 'text/html',
  '.htm': 'text/html',
};

/** The media type and content encoding of a file, from its extension, then from its first bytes. */
export function contentTypeOf(file: string, content: Buffer): { contentType: string; contentEncoding?: string } {
  let name = basename(file).toLowerCase();
  let contentEncoding: string | undefined;
  if (name.endsWith('.gz')) {
    contentEncoding = 'gzip';
    name = name.slice(0, -3);
  } else if (name.endsWith('.br')) {
    contentEncoding = 'br';
    name = name.slice(0, -3);
  }
  const byExtension = EXTENSION_TYPES[extname(name)];
  if (byExtension && byExtension !== 'application/json') return { contentType: byExtension, contentEncoding };
  // Compressed content is not sniffed: a compressed file should say what it holds in its name.
  const head = contentEncoding ? '' : content.toString('utf8', 0, Math.min(content.length, 512)).replace(/^\uFEFF/, '');
  const start = head.trimStart();
  if (/"version"\s*:\s*"https:\/\/jsonfeed\.org/.test(head)) return { contentType: 'application/feed+json' };
  if (byExtension) return { contentType: byExtension, contentEncoding };
  if (start.startsWith('{') || start.startsWith('[')) {
    const lines = start.split('\n').filter((line) => line.trim() !== '');
    const ndjson = start.startsWith('{') && lines.length > 1 && lines.every((line) => line.trimStart().startsWith('{'));
    return { contentType: ndjson ? 'application/x-ndjson' : 'application/json', contentEncoding };
  }
  if (start.startsWith('<')) {
    if (/<rss[\s>]/i.test(head)) return { contentType: 'application/rss+xml', contentEncoding };
    if (/<feed[\s>]/i.test(head)) return { contentType: 'application/atom+xml', contentEncoding };
    if (/<rdf:RDF[\s>]/i.test(head)) return { contentType: 'application/rdf+xml', contentEncoding };
    if (/<(!doctype html|html)[\s>]/i.test(head)) return { contentType: 'text/html', contentEncoding };
    return { contentType: 'application/xml', contentEncoding };
  }
  return { contentType: 'text/plain; charset=utf-8', contentEncoding };
}

/** Every regular file under the paths given, directories walked in name order, dotfiles skipped. */
export async function feedFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const entries = (await readdir(path)).filter((entry) => !entry.startsWith('.')).sort();
      files.push(...(await feedFiles(entries.map((entry) => join(path, entry)))));
    } else {
      files.push(path);
    }
  }
  return files;
}

/** Posts each file to ingest with its own Idempotency-Key, retrying 429 and 503 as Retry-After says. */
export async function postFiles(files: readonly string[], options: PostOptions): Promise<PostSummary> {
  const progress = new Progress(options.progress, files.length);
  const results: FileResult[] = [];
  for (const file of files) {
    const result = await postFile(file, options, (retries) => progress.retrying(file, retries));
    results.push(result);
    progress.done(result);
  }
  progress.finish();
  const ok = results.filter((result) => typeof result.status === 'number' && result.status < 300);
  return {
    files: files.length,
    posted: ok.length,
    failed: results.length - ok.length,
    accepted: sum(results.map((result) => result.accepted)),
    rejected: sum(results.map((result) => result.rejected.length)),
    retries: sum(results.map((result) => result.retries)),
    results,
  };
}

async function postFile(file: string, options: PostOptions, onRetry: (retries: number) => void): Promise<FileResult> {
  const content = await readFile(file);
  const { contentType, contentEncoding } = contentTypeOf(file, content);
  const query = options.source ? `?source=${encodeURIComponent(options.source)}` : '';
  const headers: Record<string, string> = {
    'content-type': contentType,
    // The same key on every attempt: a retry after a lost answer cannot publish the file twice.
    'idempotency-key': `cleanwire-post-${randomUUID()}`,
    ...(contentEncoding ? { 'content-encoding': contentEncoding } : {}),
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const result: FileResult = { file, status: 'error', accepted: 0, rejected: [], retries: 0 };
  for (let attempt = 0; ; attempt++) {
    let waitMs: number;
    try {
      const response = await fetch(`${options.url.replace(/\/+$/, '')}/v1/feeds${query}`, {
        method: 'POST',
        headers,
        body: content,
      });
      const body = (await response.json().catch(() => ({}))) as {
        accepted?: unknown[];
        rejected?: FileResult['rejected'];
        message?: string;
      };
      result.status = response.status;
      result.accepted = body.accepted?.length ?? 0;
      result.rejected = body.rejected ?? [];
      if (response.ok) return { ...result, error: undefined };
      result.error = body.message ?? response.statusText;
      // 409: the same key is still being worked on (an earlier attempt whose answer was lost).
      if (![409, 429, 503].includes(response.status)) return result;
      waitMs = retryAfterMs(response.headers.get('retry-after'), attempt);
    } catch (error) {
      result.status = 'error';
      result.error = error instanceof Error ? error.message : String(error);
      waitMs = retryAfterMs(null, attempt);
    }
    if (attempt >= options.retries) return result;
    result.retries++;
    onRetry(result.retries);
    await sleep(waitMs);
  }
}

function retryAfterMs(header: string | null, attempt: number): number {
  const seconds = Number(header);
  if (header !== null && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = header === null ? NaN : Date.parse(header);
  if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  return Math.min(30_000, 500 * 2 ** attempt);
}

/** A bar redrawn in place on a terminal; one line per file anywhere else (logs, CI). */
class Progress {
  private doneFiles = 0;
  private accepted = 0;
  private rejected = 0;
  private retries = 0;

  constructor(
    private readonly out: PostOptions['progress'],
    private readonly total: number,
  ) {}

  retrying(file: string, retries: number): void {
    this.retries++;
    if (this.out.isTTY) this.draw();
    else this.out.write(`retrying ${file} (attempt ${retries + 1})\n`);
  }

  done(result: FileResult): void {
    this.doneFiles++;
    this.accepted += result.accepted;
    this.rejected += result.rejected.length;
    if (this.out.isTTY) {
      this.draw();
      return;
    }
    const outcome = result.error
      ? `: ${result.error}`
      : `, ${result.accepted} accepted, ${result.rejected.length} rejected`;
    this.out.write(`[${this.doneFiles}/${this.total}] ${result.file} ${result.status}${outcome}\n`);
  }

  finish(): void {
    if (this.out.isTTY && this.total > 0) this.out.write('\n');
  }

  private draw(): void {
    const width = 24;
    const filled = this.total === 0 ? width : Math.round((this.doneFiles / this.total) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    this.out.write(
      `\r[${bar}] ${this.doneFiles}/${this.total} files, ${this.accepted} accepted, ${this.rejected} rejected, ${this.retries} retries`,
    );
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The summary printed after a run: totals, then every file that failed and every rejected item with its reason. */
export function formatSummary(summary: PostSummary): string {
  const lines = [
    `files: ${summary.files} (${summary.posted} posted, ${summary.failed} failed)`,
    `articles: ${summary.accepted} accepted, ${summary.rejected} rejected`,
    `retries: ${summary.retries}`,
  ];
  for (const result of summary.results) {
    if (result.error) lines.push(`failed ${result.file}: ${result.status} ${result.error}`);
    for (const item of result.rejected) lines.push(`rejected ${result.file} item ${item.index}: ${item.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

const USAGE = `usage: cleanwire post [--url URL] [--source NAME] [--api-key KEY] [--retries N] FILE|DIR...

Posts feed files to the ingest service, one request per file (directories are walked), and prints a summary.
The content type comes from the extension (.txt .json .ndjson .jsonl .rss .atom .rdf .html, optionally .gz or .br)
or from the first bytes. Each file carries its own Idempotency-Key, so a retry never publishes a file twice.
A 429 or 503 answer is retried after the Retry-After it names.

  --url URL         the ingest service (default http://127.0.0.1:3000)
  --source NAME     the source of the articles (?source=)
  --api-key KEY     the API key (default: the CLEANWIRE_API_KEY environment variable)
  --retries N       retries per file (default 5)
`;

export const postCommand: CliCommand = {
  name: 'post',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:3000' },
        source: { type: 'string' },
        'api-key': { type: 'string' },
        retries: { type: 'string', default: '5' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const retries = Number(values.retries);
    if (positionals.length === 0 || !Number.isInteger(retries) || retries < 0) {
      process.stderr.write(USAGE);
      return 2;
    }
    const summary = await postFiles(await feedFiles(positionals), {
      url: values.url ?? 'http://127.0.0.1:3000',
      source: values.source,
      apiKey: values['api-key'] ?? process.env.CLEANWIRE_API_KEY,
      retries,
      progress: process.stderr,
    });
    process.stdout.write(formatSummary(summary));
    return summary.failed === 0 ? 0 : 1;
  },
};

const HASH_USAGE = `usage: cleanwire hash-key KEY

Prints the SHA-256 of an API key in hex, for an INGEST_API_KEYS entry name:HASH (reads KEY from standard input
when it is -). The same as: printf %s KEY | sha256sum
`;

export const hashKeyCommand: CliCommand = {
  name: 'hash-key',
  usage: HASH_USAGE,
  run(args) {
    const [key] = args;
    if (key === undefined || key === '--help' || key === '-h' || args.length > 1) {
      process.stdout.write(HASH_USAGE);
      return Promise.resolve(key === undefined || args.length > 1 ? 2 : 0);
    }
    const value = key === '-' ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : key;
    process.stdout.write(`${createHash('sha256').update(value, 'utf8').digest('hex')}\n`);
    return Promise.resolve(0);
  },
};
