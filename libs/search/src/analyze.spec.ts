import fc from 'fast-check';
import { detectLatinLanguage, isStopword, phraseTerms, stem, textContainsPhrase } from './analyze';
import { tokenize } from './tokenize';

/** The index terms of a text in reading order, as stories are analyzed. */
function analyzeText(text: string): string[] {
  const words = tokenize(text);
  const language = detectLatinLanguage(words);
  return words.filter((word) => !isStopword(word, language)).map(stem);
}

describe('analyzeText', () => {
  it('stems English so that inflected forms meet', () => {
    expect(analyzeText('election')).toEqual(analyzeText('elections'));
    expect(analyzeText('running')).toEqual(analyzeText('runs'));
  });

  it("drops the text's language's stopwords only", () => {
    expect(analyzeText('the war in the north')).toEqual(['war', 'north']);
    // "war" is a German stopword, but not in an English text.
    expect(analyzeText('Der Krieg war lang und die Nacht war kalt')).not.toContain('war');
  });

  it('stems Arabic after folding its spelling variants', () => {
    expect(analyzeText('الانتخابات')).toEqual(analyzeText('الإنتخابات'));
  });

  it('leaves digits and short words unstemmed', () => {
    expect(analyzeText('2024 g7 uk')).toEqual(['2024', 'g7', 'uk']);
  });
});

describe('detectLatinLanguage', () => {
  it('picks the language whose stopwords occur most, English by default', () => {
    expect(detectLatinLanguage(tokenize('le président de la République et les ministres'))).toBe('fra');
    expect(detectLatinLanguage(tokenize('el presidente de la república y los ministros'))).toBe('spa');
    expect(detectLatinLanguage(tokenize('xyz qqq'))).toBe('eng');
    expect(isStopword('the', 'eng')).toBe(true);
    expect(isStopword('في', 'eng')).toBe(true);
  });
});

/** The definition: the phrase's stems, consecutive, somewhere in the text's stems. */
function containsPhrase(words: readonly string[], sequence: readonly string[]): boolean {
  return words.some((_, i) => sequence.every((term, k) => words[i + k] === term)) || sequence.length === 0;
}

describe('textContainsPhrase', () => {
  it('finds a phrase exactly where the stemmed words of the text hold it', () => {
    const vocabulary = [
      'Bank',
      'of',
      'England',
      'banks',
      "England's",
      'rates',
      'Rate',
      'élection',
      'Elections',
      'x1',
      'X1',
      'the',
      'مصرف',
      '银行利率',
      'İzmir',
      'yes',
      'Ugly',
    ];
    const text = fc.array(fc.constantFrom(...vocabulary), { maxLength: 30 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(text, text, fc.nat(), fc.integer({ min: 1, max: 4 }), (haystack, other, at, length) => {
        const terms = phraseTerms(haystack);
        // A phrase taken from the text itself (found) and one from another text (found or not).
        const own = terms.slice(at % Math.max(1, terms.length), (at % Math.max(1, terms.length)) + length);
        for (const phrase of [own, phraseTerms(other).slice(0, length)]) {
          expect(textContainsPhrase(haystack, phrase)).toBe(containsPhrase(terms, phrase));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
