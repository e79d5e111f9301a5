import { MAX_TERMS_PER_STORY, termWeights } from './term-weights';

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
    expect(weights.get('bridge')).toBe(weights.get('river'));
  });

  it('saturates: repeating a term helps less each time', () => {
    const w = (n: number) => termWeights(story('', ['word '.repeat(n) + 'other'])).get('word') ?? 0;
    expect(w(2) - w(1)).toBeGreaterThan(w(3) - w(2));
    expect(w(100)).toBeLessThan(2.2);
  });

  it('gives a term in a long story less weight than in a short one', () => {
    const filler = 'filler '.repeat(2000);
    const short = termWeights(story('', ['quake struck'])).get('quake') ?? 0;
    const long = termWeights(story('', ['quake struck ' + filler])).get('quake') ?? 0;
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
    expect(first.has('headline')).toBe(true);
    expect(first.has('term')).toBe(true);
  });
});
