/* eslint-disable no-console -- a benchmark: printing its figures is its job */
// Throughput of the pure normalizer (cleanArticle, line normalization included) on the cleaning corpus's ~3 KB
// articles, beside a baseline pass over the same text that only splits lines and counts them in a Map.
//   npm run build && npm run bench:normalizer
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanArticle } from '@cleanwire/cleaning';
import { splitTextDump } from '@cleanwire/feeds';
import { loadCorpus } from '../test/corpus/cleaning/corpus';

const TARGET_BYTES = 8 * 1024 * 1024;
const WARMUP_ROUNDS = 3;
const ROUNDS = 15;
const TARGET_RATIO = 0.25;

function corpusArticles(): string[] {
  const candidates = [
    path.resolve(__dirname, '../test/corpus/cleaning/cases'),
    path.resolve(__dirname, '../../test/corpus/cleaning/cases'),
  ];
  const dir = candidates.find((candidate) => existsSync(candidate));
  if (dir === undefined) throw new Error(`no corpus in ${candidates.join(' or ')}`);
  return loadCorpus(dir).flatMap((item) => splitTextDump(item.input));
}

/** The baseline: the least any line-level cleaner must do, split the text into lines and count each line. */
function baseline(articles: readonly string[]): number {
  let distinct = 0;
  for (const article of articles) {
    const counts = new Map<string, number>();
    for (const line of article.split(/\r\n|\r|\n/)) counts.set(line, (counts.get(line) ?? 0) + 1);
    distinct += counts.size;
  }
  return distinct;
}

function normalizer(articles: readonly string[]): number {
  let paragraphs = 0;
  for (const body of articles) paragraphs += cleanArticle({ body }).body.length;
  return paragraphs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs both passes alternately, so drift in the machine's load hits both alike; returns median seconds per pass. */
function measure(articles: readonly string[]): { baseline: number; normalizer: number } {
  const times = { baseline: [] as number[], normalizer: [] as number[] };
  let sink = 0;
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const t0 = performance.now();
    sink += baseline(articles);
    const t1 = performance.now();
    sink += normalizer(articles);
    const t2 = performance.now();
    if (round >= WARMUP_ROUNDS) {
      times.baseline.push((t1 - t0) / 1000);
      times.normalizer.push((t2 - t1) / 1000);
    }
  }
  if (sink === 0) throw new Error('the passes produced nothing');
  return { baseline: median(times.baseline), normalizer: median(times.normalizer) };
}

function main(): void {
  const corpus = corpusArticles();
  const articles: string[] = [];
  let bytes = 0;
  for (let index = 0; bytes < TARGET_BYTES; index++) {
    const article = corpus[index % corpus.length] as string;
    articles.push(article);
    bytes += Buffer.byteLength(article, 'utf8');
  }
  const mb = bytes / (1024 * 1024);
  console.log(
    `${articles.length} articles (${corpus.length} distinct, mean ${(bytes / articles.length / 1024).toFixed(1)} KB), ` +
      `${mb.toFixed(1)} MB; ${WARMUP_ROUNDS} warm-up rounds, median of ${ROUNDS}`,
  );
  const seconds = measure(articles);
  const row = (name: string, s: number): string =>
    `${name.padEnd(34)} ${(articles.length / s).toFixed(0).padStart(9)} articles/s ${(mb / s).toFixed(1).padStart(8)} MB/s`;
  console.log(row('baseline (split lines + Map count)', seconds.baseline));
  console.log(row('normalizer (cleanArticle)', seconds.normalizer));
  const ratio = seconds.baseline / seconds.normalizer;
  console.log(`ratio normalizer/baseline: ${ratio.toFixed(2)} (target >= ${TARGET_RATIO})`);
}

main();
