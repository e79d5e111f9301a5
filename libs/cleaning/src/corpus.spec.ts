import path from 'node:path';
import {
  corpusDir,
  describeMiss,
  fixtureDir,
  loadCorpus,
  scoreCorpus,
  writtenDir,
} from '../../../test/corpus/cleaning/corpus';

// The development corpus (test/corpus/cleaning/cases generated, .../written by hand) and the shared real-world fixture,
// scored story by story.
const REPO = path.resolve(__dirname, '../../..');
const generated = corpusDir(path.join(REPO, 'test/corpus/cleaning'));
const cases = loadCorpus(generated, writtenDir(generated), fixtureDir(REPO));

describe('the cleaning corpus', () => {
  it('holds at least a hundred inputs across the layout families', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((item) => item.layout)).size).toBeGreaterThanOrEqual(10);
  });

  it('is reproduced exactly, story by story', () => {
    const score = scoreCorpus(cases);
    const misses = score.stories.filter((story) => !story.exact).map((story) => describeMiss(story).join('\n'));
    expect(misses).toEqual([]);
    expect(score.precision).toBe(1);
    expect(score.recall).toBe(1);
  });
});
