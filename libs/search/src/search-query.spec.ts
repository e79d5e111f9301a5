import { parseSearchQuery } from './search-query';

describe('parseSearchQuery', () => {
  it('returns distinct terms in first-seen order', () => {
    expect(parseSearchQuery('Gaza ceasefire, gaza TALKS')).toEqual(['gaza', 'ceasefire', 'talks']);
  });

  it('returns [] for blank or punctuation-only queries', () => {
    expect(parseSearchQuery('')).toEqual([]);
    expect(parseSearchQuery('   ?! ')).toEqual([]);
  });

  it('keeps a query made only of stopwords', () => {
    expect(parseSearchQuery('to be or not to be')).toEqual(['to', 'be', 'or', 'not']);
  });

  it('tokenizes like the indexer: possessives dropped', () => {
    expect(parseSearchQuery("Reuters's report")).toEqual(['reuters', 'report']);
  });
});
