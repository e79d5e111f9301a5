// Loads the cleaning corpus and scores the cleaner against it; shared by the score script and the corpus spec.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanArticle } from '@cleanwire/cleaning';
import { splitTextDump } from '@cleanwire/feeds';

/** What an editor keeps of one article. */
export interface StoryParts {
  headline: string;
  captions: string[];
  body: string[];
}

/** One input dump (one or more articles) and the stories an editor makes of it. */
export interface CorpusCase {
  name: string;
  layout: string;
  input: string;
  expected: StoryParts[];
}

export interface StoryScore {
  case: string;
  layout: string;
  index: number;
  exact: boolean;
  expected: StoryParts | undefined;
  actual: StoryParts | undefined;
  /** Body paragraphs found in both, as multisets. */
  matched: number;
}

export interface CorpusScore {
  stories: StoryScore[];
  exactShare: number;
  precision: number;
  recall: number;
}

/** The corpus folder whether running from source (test/...) or compiled (dist/test/...). */
export function corpusDir(from: string): string {
  const candidates = [path.join(from, 'cases'), path.resolve(from, '../../../../test/corpus/cleaning/cases')];
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

/**
 * The hand-written cases beside the generated ones (the generator rewrites its own folder): zero-width spacer lines,
 * wire captions, bracketed headlines.
 */
export function writtenDir(casesDir: string): string {
  return path.join(path.dirname(casesDir), 'written');
}

/** The shared real-world fixtures beside the repository, when present. */
export function fixtureDir(repoRoot: string): string {
  return path.resolve(repoRoot, '../shared/fixtures');
}

/** Reads every `NNN-layout.txt` with its `.expected.json` from the given folders. */
export function loadCorpus(...dirs: string[]): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.txt')) continue;
      const name = file.slice(0, -'.txt'.length);
      const expectedPath = path.join(dir, `${name}.expected.json`);
      if (!existsSync(expectedPath)) continue;
      const parsed = JSON.parse(readFileSync(expectedPath, 'utf8')) as { layout?: string; stories: StoryParts[] };
      cases.push({
        name,
        layout: parsed.layout ?? name.replace(/^\d+-/, ''),
        input: readFileSync(path.join(dir, file), 'utf8'),
        expected: parsed.stories.map(({ headline, captions, body }) => ({ headline, captions, body })),
      });
    }
  }
  return cases;
}

/** Cleans one dump the way the pipeline does: split into articles, each article's first line its headline. */
export function cleanDump(input: string): StoryParts[] {
  return splitTextDump(input).map((article) => {
    const { headline, captions, body } = cleanArticle({ body: article });
    return { headline, captions, body };
  });
}

function multisetOverlap(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const item of a) counts.set(item, (counts.get(item) ?? 0) + 1);
  let overlap = 0;
  for (const item of b) {
    const left = counts.get(item) ?? 0;
    if (left > 0) {
      overlap++;
      counts.set(item, left - 1);
    }
  }
  return overlap;
}

const same = (a: StoryParts | undefined, b: StoryParts | undefined): boolean =>
  a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** Scores every story: exact reproductions, and paragraph precision and recall over body paragraphs. */
export function scoreCorpus(cases: readonly CorpusCase[]): CorpusScore {
  const stories: StoryScore[] = [];
  let kept = 0;
  let wanted = 0;
  let matched = 0;
  for (const item of cases) {
    const actual = cleanDump(item.input);
    for (let index = 0; index < Math.max(actual.length, item.expected.length); index++) {
      const expected = item.expected[index];
      const got = actual[index];
      const overlap = multisetOverlap(expected?.body ?? [], got?.body ?? []);
      kept += got?.body.length ?? 0;
      wanted += expected?.body.length ?? 0;
      matched += overlap;
      const exact = same(expected, got);
      stories.push({ case: item.name, layout: item.layout, index, exact, expected, actual: got, matched: overlap });
    }
  }
  return {
    stories,
    exactShare: stories.length === 0 ? 1 : stories.filter((story) => story.exact).length / stories.length,
    precision: kept === 0 ? 1 : matched / kept,
    recall: wanted === 0 ? 1 : matched / wanted,
  };
}

/** A line diff (longest common subsequence): '  ' both, '- ' expected only, '+ ' produced only. */
export function diffLines(expected: readonly string[], actual: readonly string[]): string[] {
  const rows = expected.length;
  const cols = actual.length;
  const table: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) {
      const row = table[i] as number[];
      row[j] =
        expected[i] === actual[j]
          ? (table[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < rows || j < cols) {
    if (i < rows && j < cols && expected[i] === actual[j]) {
      out.push(`  ${expected[i++]}`);
      j++;
    } else if (j < cols && (i === rows || (table[i]?.[j + 1] ?? 0) >= (table[i + 1]?.[j] ?? 0))) {
      out.push(`+ ${actual[j++]}`);
    } else {
      out.push(`- ${expected[i++]}`);
    }
  }
  return out;
}

/** The diff of one story as labelled lines: headline, captions, body. */
export function describeMiss(story: StoryScore): string[] {
  const e = story.expected ?? { headline: '(no story)', captions: [], body: [] };
  const a = story.actual ?? { headline: '(no story)', captions: [], body: [] };
  return [
    `${story.case} story ${story.index} [${story.layout}]`,
    '  headline:',
    ...diffLines([e.headline], [a.headline]).map((line) => `    ${line}`),
    '  captions:',
    ...diffLines(e.captions, a.captions).map((line) => `    ${line}`),
    '  body:',
    ...diffLines(e.body, a.body)
      .filter((line, index, all) => !line.startsWith('  ') || all[index - 1]?.startsWith('  ') === false)
      .map((line) => `    ${line.length > 140 ? `${line.slice(0, 137)}...` : line}`),
  ];
}
