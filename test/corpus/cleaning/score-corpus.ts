/* eslint-disable no-console -- a developer script: printing the score is its job */
// Scores cleanArticle against the corpus: `npm run build && node dist/test/corpus/cleaning/score-corpus.js [dir...]`.
// Exits 1 when a story is not reproduced exactly, so it can gate a change.
import path from 'node:path';
import { corpusDir, describeMiss, fixtureDir, loadCorpus, scoreCorpus, writtenDir } from './corpus';

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

function main(): void {
  const given = process.argv.slice(2);
  const repoRoot = path.resolve(corpusDir(__dirname), '../../../..');
  const generated = corpusDir(__dirname);
  const dirs = given.length > 0 ? given : [generated, writtenDir(generated), fixtureDir(repoRoot)];
  const corpus = loadCorpus(...dirs);
  const score = scoreCorpus(corpus);
  const misses = score.stories.filter((story) => !story.exact);
  for (const miss of misses) console.log(`${describeMiss(miss).join('\n')}\n`);

  const layouts = new Map<string, { stories: number; exact: number }>();
  for (const story of score.stories) {
    const entry = layouts.get(story.layout) ?? { stories: 0, exact: 0 };
    entry.stories++;
    if (story.exact) entry.exact++;
    layouts.set(story.layout, entry);
  }
  for (const [layout, entry] of [...layouts].sort())
    console.log(`${layout.padEnd(16)} ${entry.exact}/${entry.stories}`);
  console.log(
    `\n${corpus.length} inputs, ${score.stories.length} stories: exact ${percent(score.exactShare)}, ` +
      `paragraph precision ${percent(score.precision)}, recall ${percent(score.recall)}, ${misses.length} missed`,
  );
  process.exitCode = misses.length === 0 ? 0 : 1;
}

main();
