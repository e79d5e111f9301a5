import { stem } from './analyze';
import fc from 'fast-check';
import { analyzeStory, impactOf, idf, MAX_IMPACT, MAX_TERMS_PER_STORY, MAX_TERM_WEIGHT } from './term-weights';

/** Each term's weight in the story. */
function termWeights(story: Parameters<typeof analyzeStory>[0]): Map<string, number> {
  const { terms, weights } = analyzeStory(story);
  return new Map(terms.map((term, index) => [term, weights[index] as number]));
}

const story = (headline: string, body: string[] = [], captions: string[] = []) => ({
  headline,
  captions,
  body,
});

describe('termWeights', () => {
  it('weights a headline occurrence above a single body occurrence', () => {
    const weights = termWeights(story('Flood warning', ['Rain fell on the valley overnight.']));
    expect(weights.get('flood')).toBeGreaterThan(weights.get('rain') ?? Infinity);
  });

  it('counts captions like body text', () => {
    const weights = termWeights(story('', ['river'], ['bridge']));
    expect(weights.get(stem('bridge'))).toBe(weights.get(stem('river')));
  });

  it('saturates: repeating a term helps less each time', () => {
    const w = (n: number) => termWeights(story('', ['word '.repeat(n) + 'other'])).get(stem('word')) ?? 0;
    expect(w(2) - w(1)).toBeGreaterThan(w(3) - w(2));
    expect(w(100)).toBeLessThan(2.2);
  });

  it('gives a term in a long story less weight than in a short one', () => {
    const filler = 'filler '.repeat(2000);
    const short = termWeights(story('', ['quake struck'])).get(stem('quake')) ?? 0;
    const long = termWeights(story('', ['quake struck ' + filler])).get(stem('quake')) ?? 0;
    expect(long).toBeLessThan(short);
    expect(long).toBeGreaterThan(0);
  });

  it('returns only positive finite weights and nothing for an empty story', () => {
    expect(termWeights(story('')).size).toBe(0);
    for (const weight of termWeights(story('A b c', ['a a d'])).values()) {
      expect(Number.isFinite(weight) && weight > 0).toBe(true);
    }
  });

  it('caps distinct terms deterministically, keeping the highest weighted', () => {
    const body = Array.from({ length: MAX_TERMS_PER_STORY + 500 }, (_, i) => `t${i}`).join(' ');
    const first = termWeights(story('headline term', [body]));
    const second = termWeights(story('headline term', [body]));
    expect(first.size).toBe(MAX_TERMS_PER_STORY);
    expect([...first]).toEqual([...second]);
    expect(first.has(stem('headline'))).toBe(true);
    expect(first.has(stem('term'))).toBe(true);
  });
});

describe('analyzeStory', () => {
  it('drops stopwords, stems, and keeps each indexed word with its stem for prefix queries', () => {
    const elections = story('The elections', ['Voters elected the president.']);
    const analysis = analyzeStory(elections);
    const weights = termWeights(elections);
    const words = new Map(analysis.words.map((word) => [word.word, word.term.term]));
    expect([...weights.keys()].sort()).toEqual(['elect', 'presid', 'voter']);
    expect(words.get('elections')).toBe('elect');
    expect(words.get('president')).toBe('presid');
    expect(words.has('the')).toBe(false);
  });

  it('gives a story the same analysis whatever was analysed before it', () => {
    // Counts live on cached word objects between analyses: one story's counts must never leak into another's.
    const words = fc.constantFrom(
      'flood',
      'floods',
      'the',
      'harbour',
      'Élection',
      'انتخابات',
      '广州地铁',
      'Minister',
      'x1',
    );
    const text = fc.array(words, { maxLength: 30 }).map((list) => list.join(' '));
    const storyOf = fc.record({
      headline: text,
      captions: fc.array(text, { maxLength: 2 }),
      body: fc.array(text, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(storyOf, storyOf, (first, other) => {
        const alone = analyzeStory(first);
        analyzeStory(other);
        const again = analyzeStory(first);
        expect(again.terms).toEqual(alone.terms);
        expect(again.weights).toEqual(alone.weights);
        expect(again.words.map((word) => word.word)).toEqual(alone.words.map((word) => word.word));
      }),
      { numRuns: 300 },
    );
  });
});

describe('impacts and idf', () => {
  it('quantizes every weight to 1..255 monotonically, and back to about the weight', () => {
    let previous = 0;
    for (let weight = 0; weight <= 2.2; weight += 0.01) {
      const impact = impactOf(weight);
      expect(impact).toBeGreaterThanOrEqual(Math.max(1, previous));
      expect(impact).toBeLessThanOrEqual(MAX_IMPACT);
      if (impact > 1) expect(Math.abs((impact / MAX_IMPACT) * MAX_TERM_WEIGHT - weight)).toBeLessThan(0.01);
      previous = impact;
    }
  });

  it('gives rarer terms a higher idf, never a negative one', () => {
    expect(idf(1000, 1)).toBeGreaterThan(idf(1000, 100));
    expect(idf(1000, 5000)).toBeGreaterThanOrEqual(0);
  });
});
