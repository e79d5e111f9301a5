import { InvalidInputError } from '@cleanwire/contracts';
import { isSearchable, MAX_QUERY_CLAUSES, parseSearchQuery } from './search-query';

describe('parseSearchQuery', () => {
  it('returns distinct stemmed terms in first-seen order, stopwords dropped', () => {
    expect(parseSearchQuery('Gaza ceasefire, gaza TALKS and the elections').terms).toEqual([
      'gaza',
      'ceasefir',
      'talk',
      'elect',
    ]);
  });

  it('is not searchable when blank, punctuation-only or made only of stopwords', () => {
    for (const q of ['', '   ?! ', 'to be or the', '-storm']) expect(isSearchable(parseSearchQuery(q))).toBe(false);
  });

  it('tokenizes like the indexer: possessives dropped, accents folded', () => {
    expect(parseSearchQuery("Reuters's report").terms).toEqual(['reuter', 'report']);
    expect(parseSearchQuery('CAFÉ').terms).toEqual(parseSearchQuery('cafe').terms);
  });

  it('reads phrases, exclusions and prefixes', () => {
    expect(parseSearchQuery('"Bank of England" -rates presiden* -"interest rate"')).toEqual({
      terms: ['bank', 'england'],
      prefixes: ['presiden'],
      excluded: ['rate'],
      phrases: [['bank', 'of', 'england']],
      excludedPhrases: [['interest', 'rate']],
    });
  });

  it('treats a one-word phrase as the word, a too-short prefix as a word, and an unclosed quote as closed', () => {
    expect(parseSearchQuery('"storm"')).toMatchObject({ terms: ['storm'], phrases: [] });
    expect(parseSearchQuery('storm* 7*')).toMatchObject({ prefixes: ['storm'], terms: ['7'] });
    expect(parseSearchQuery('"storm surge').phrases).toEqual([['storm', 'surg']]);
  });

  it(`refuses more than ${MAX_QUERY_CLAUSES} clauses as an input error on q`, () => {
    const q = Array.from({ length: MAX_QUERY_CLAUSES + 1 }, (_, i) => `w${i}`).join(' ');
    expect(() => parseSearchQuery(q)).toThrow(InvalidInputError);
    expect(() => parseSearchQuery(q.split(' ').slice(1).join(' '))).not.toThrow();
  });
});
