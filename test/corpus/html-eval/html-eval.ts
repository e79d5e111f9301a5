// The html-eval development set (trafilatura's evaluation pages) and its metric: snippets that must and must not be in
// the extracted main text. Shared by the score script; the pages themselves stay outside the repository.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One page of the set: its file, the snippets its main text holds, and the boilerplate snippets it must not. */
export interface EvalPage {
  key: string;
  file: string;
  with: string[];
  without: string[];
}

/** Counts over snippets, summed over pages, as trafilatura's evaluation counts them. */
export interface SnippetCounts {
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  trueNegatives: number;
}

export interface Metrics {
  precision: number;
  recall: number;
  accuracy: number;
  f: number;
}

/** The figures trafilatura's evaluation page publishes for this set (August 2026). */
export const PUBLISHED: ReadonlyArray<{ extractor: string } & Metrics> = [
  { extractor: 'trafilatura 2.2.0 (standard)', precision: 0.906, recall: 0.943, accuracy: 0.923, f: 0.924 },
  { extractor: 'trafilatura 2.2.0 (precision)', precision: 0.925, recall: 0.915, accuracy: 0.921, f: 0.92 },
  { extractor: 'magic-html 0.1.8', precision: 0.887, recall: 0.891, accuracy: 0.889, f: 0.889 },
  { extractor: 'justext 3.0.2 (custom)', precision: 0.864, recall: 0.859, accuracy: 0.862, f: 0.862 },
  { extractor: 'news-please 1.6.16', precision: 0.932, recall: 0.758, accuracy: 0.852, f: 0.836 },
  { extractor: 'readability-lxml 0.8.4.1', precision: 0.898, recall: 0.764, accuracy: 0.839, f: 0.826 },
  { extractor: 'goose3 3.1.22', precision: 0.936, recall: 0.714, accuracy: 0.833, f: 0.81 },
  { extractor: 'newspaper4k 0.9.6', precision: 0.878, recall: 0.736, accuracy: 0.817, f: 0.801 },
];

/** Reads evaldata.json: one entry per page, in the file's order. */
export function loadEvalPages(corpusDir: string): EvalPage[] {
  const data = JSON.parse(readFileSync(path.join(corpusDir, 'evaldata.json'), 'utf8')) as Record<
    string,
    { file: string; with?: string[]; without?: string[] }
  >;
  return Object.entries(data).map(([key, entry]) => ({
    key,
    file: entry.file,
    with: entry.with ?? [],
    without: entry.without ?? [],
  }));
}

/** Unpacks pages.tar.gz into `into` once (it holds eval/ and cache/ afterwards); returns `into`. */
export function unpackPages(corpusDir: string, into: string): string {
  if (!existsSync(path.join(into, 'eval'))) {
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(corpusDir, 'pages.tar.gz'), '-C', into]);
  }
  return into;
}

/** A page's bytes: looked up in cache/ first, then eval/, as the set's README says; undefined when in neither. */
export function pageBytes(pagesDir: string, page: EvalPage): Buffer | undefined {
  for (const folder of ['cache', 'eval']) {
    const file = path.join(pagesDir, folder, page.file);
    if (existsSync(file)) return readFileSync(file);
  }
  return undefined;
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Scores one page's extracted text (undefined when extraction failed) against its snippets. */
export function scorePage(page: EvalPage, text: string | undefined): SnippetCounts {
  const counts = { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
  if (text === undefined) {
    counts.falseNegatives = page.with.length;
    counts.trueNegatives = page.without.length;
    return counts;
  }
  const haystack = collapse(text);
  for (const snippet of page.with) {
    if (haystack.includes(collapse(snippet))) counts.truePositives++;
    else counts.falseNegatives++;
  }
  for (const snippet of page.without) {
    if (haystack.includes(collapse(snippet))) counts.falsePositives++;
    else counts.trueNegatives++;
  }
  return counts;
}

/** Adds page counts together. */
export function sumCounts(all: readonly SnippetCounts[]): SnippetCounts {
  const total = { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
  for (const counts of all) {
    total.truePositives += counts.truePositives;
    total.falseNegatives += counts.falseNegatives;
    total.falsePositives += counts.falsePositives;
    total.trueNegatives += counts.trueNegatives;
  }
  return total;
}

/** Precision, recall, accuracy and F from summed counts. */
export function metrics(counts: SnippetCounts): Metrics {
  const { truePositives: tp, falseNegatives: fn, falsePositives: fp, trueNegatives: tn } = counts;
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  const accuracy = (tp + tn) / (tp + tn + fp + fn || 1);
  const f = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, accuracy, f };
}
