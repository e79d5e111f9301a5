/* eslint-disable no-console -- a developer script: printing the score is its job */
// Scores HTML extraction on the html-eval development set, through the path a posted page takes (readFeed as
// text/html, then storyFromArticle), and prints precision, recall, accuracy and F beside the published figures.
//   npm run build && npm run corpus:html [-- --every N] [--details FILE]
// --every N scores every Nth page only (quick checks while iterating); --details writes one JSON line per page with
// the snippets it missed or wrongly kept. Pages unpack once to .cleanwire/html-eval (ignored by git).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { storyFromArticle } from '@cleanwire/cleaning';
import { readFeed } from '@cleanwire/feeds';
import {
  type EvalPage,
  loadEvalPages,
  metrics,
  type Metrics,
  pageBytes,
  PUBLISHED,
  scorePage,
  type SnippetCounts,
  sumCounts,
  unpackPages,
} from './html-eval';

const UNLIMITED = { maxItems: Number.MAX_SAFE_INTEGER, maxArticleBytes: Number.MAX_SAFE_INTEGER };

interface PageResult {
  page: EvalPage;
  counts: SnippetCounts;
  text?: string;
  error?: string;
}

function projectRoot(): string {
  // dist/test/corpus/html-eval when compiled, test/corpus/html-eval from source.
  const up = __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../..' : '../../..';
  return path.resolve(__dirname, up);
}

/** The page's main text as a posted page would yield it, or the error that refused it. */
function extract(page: EvalPage, body: Buffer): { text?: string; error?: string } {
  const receivedAt = new Date();
  try {
    const url = /^https?:\/\//.test(page.key) ? page.key : undefined;
    const intake = readFeed(
      { mediaType: 'text/html', body, source: 'html-eval', receivedAt, ...(url ? { url } : {}) },
      UNLIMITED,
    );
    const article = intake.accepted[0]?.article;
    if (article === undefined) return { error: 'no article' };
    return { text: storyFromArticle(article, receivedAt).body.join('\n') };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

const figure = (value: number): string => value.toFixed(3);
const row = (name: string, m: Metrics): string =>
  `${name.padEnd(34)} ${figure(m.precision)}     ${figure(m.recall)}  ${figure(m.accuracy)}    ${figure(m.f)}`;

function main(): void {
  const { values } = parseArgs({
    options: { every: { type: 'string', default: '1' }, details: { type: 'string' } },
  });
  const every = Math.max(1, Number(values.every));
  const root = projectRoot();
  const corpusDir = path.resolve(root, '../shared/corpora/html-eval');
  const pagesDir = unpackPages(corpusDir, path.join(root, '.cleanwire/html-eval'));
  const pages = loadEvalPages(corpusDir).filter((_, index) => index % every === 0);

  const results: PageResult[] = [];
  let elapsed = 0;
  let cpuMicros = 0;
  for (const page of pages) {
    const body = pageBytes(pagesDir, page);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const outcome = body === undefined ? { error: 'page file missing' } : extract(page, body);
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    elapsed += performance.now() - started;
    results.push({ page, counts: scorePage(page, outcome.text), ...outcome });
  }

  const failures = results.filter((result) => result.error !== undefined);
  for (const failure of failures) console.log(`FAILED ${failure.page.file}: ${failure.error?.slice(0, 160)}`);
  if (values.details !== undefined) {
    const lines = results.map(({ page, text, error }) => {
      const haystack = (text ?? '').replace(/\s+/g, ' ');
      const has = (snippet: string): boolean => haystack.includes(snippet.replace(/\s+/g, ' ').trim());
      return JSON.stringify({
        file: page.file,
        key: page.key,
        error,
        missed: page.with.filter((snippet) => !has(snippet)),
        kept: page.without.filter((snippet) => has(snippet)),
      });
    });
    writeFileSync(values.details, `${lines.join('\n')}\n`);
  }

  const ours = metrics(sumCounts(results.map((result) => result.counts)));
  console.log(`\n${'extractor'.padEnd(34)} precision recall accuracy F`);
  console.log(row(`cleanwire (${results.length} pages)`, ours));
  for (const published of PUBLISHED) console.log(row(published.extractor, published));
  // CPU time is the steadier figure on a shared machine; wall time includes waiting for a core.
  const perPage = (total: number): string => (total / Math.max(1, results.length)).toFixed(1);
  console.log(
    `\n${results.length} pages, ${failures.length} failed, ${perPage(cpuMicros / 1000)} ms CPU per page ` +
      `(${perPage(elapsed)} ms wall)`,
  );
}

main();
