import fc from 'fast-check';
import { MAX_TERM_LENGTH, normalizeForSearch, RawWords, tokenize } from './tokenize';

describe('tokenize', () => {
  it('lowercases and splits on punctuation and whitespace', () => {
    expect(tokenize('Storm hits COAST; 3,000 flee — officials')).toEqual([
      'storm',
      'hits',
      'coast',
      '3',
      '000',
      'flee',
      'officials',
    ]);
  });

  it('keeps stopwords and does not stem', () => {
    expect(tokenize('The running of the bulls')).toEqual(['the', 'running', 'of', 'the', 'bulls']);
  });

  it('drops possessive suffixes with straight and curly apostrophes', () => {
    expect(tokenize("Britain's PM and Paris’s mayor")).toEqual(['britain', 'pm', 'and', 'paris', 'mayor']);
  });

  it('applies compatibility normalization: full-width letters and ligatures', () => {
    expect(tokenize('ＮＡＴＯ ﬁnance')).toEqual(['nato', 'finance']);
  });

  it('treats composed and decomposed accents as the same term', () => {
    expect(tokenize('Café')).toEqual(tokenize('Cafe\u0301'));
  });

  it('keeps Arabic words whole, diacritics and tatweel removed, letter variants unified', () => {
    expect(tokenize('الشَّرق الأوسط: مقتل ٣ أشخاص')).toEqual(['الشرق', 'الاوسط', 'مقتل', '٣', 'اشخاص']);
    expect(tokenize('إنتخابات آمنة مصطفى')).toEqual(tokenize('انتخابات امنه مصطفي'));
    expect(tokenize('الســلام')).toEqual(['السلام']);
  });

  it('folds Latin accents and special letters', () => {
    expect(tokenize('Élections à São Paulo, Straße, Łódź, Æsir')).toEqual([
      'elections',
      'a',
      'sao',
      'paulo',
      'strasse',
      'lodz',
      'aesir',
    ]);
  });

  it('cuts CJK runs into overlapping bigrams, a single character alone', () => {
    expect(tokenize('广州地铁 东')).toEqual(['广州', '州地', '地铁', '东']);
    expect(tokenize('iphone手机')).toEqual(['iphone', '手机']);
  });

  it('keeps Devanagari vowel signs inside the word', () => {
    expect(tokenize('भारत में चुनाव')).toEqual(['भारत', 'में', 'चुनाव']);
  });

  it('joins words split only by zero-width joiners or soft hyphens', () => {
    expect(tokenize('می‌خواهم')).toEqual(tokenize('میخواهم'));
    expect(tokenize('news\u00adroom')).toEqual(['newsroom']);
  });

  it('reads raw words as the regular expressions that define them do', () => {
    // The definition: possessive suffixes cut off, then a letter or digit followed by letters, digits, marks, joiners.
    const possessive = /(?<=[\p{L}\p{N}\p{M}])['\u2019]s(?![\p{L}\p{N}\p{M}])/gu;
    const rawWord = /[\p{L}\p{N}][\p{L}\p{N}\p{M}\u00ad\u200b-\u200d\u2060\ufeff]*/gu;
    const pieces = fc.constantFrom(
      "'s",
      '\u2019s',
      's',
      ' ',
      '\u00ad',
      '\u200d',
      '\u0301',
      'é',
      'ß',
      'ي',
      '字',
      '😀',
      '\ud800',
      '1',
    );
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc
        .array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 60 })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (input) => {
        const read: string[] = [];
        const scanner = new RawWords(input);
        while (scanner.next()) {
          expect(scanner.word()).toBe(input.slice(scanner.start, scanner.end));
          read.push(scanner.word());
        }
        const defined = [...input.replace(possessive, ' ').matchAll(rawWord)].map((match) => match[0]);
        expect(read).toEqual(defined);
      }),
      { numRuns: 3000 },
    );
  });

  it('folds Greek final sigma, so a word reads the same alone and in a sentence', () => {
    expect(tokenize('ΟΔΟΣ')).toEqual(tokenize('οδός'));
    expect(tokenize('Σ')).toEqual(['σ']);
    expect(normalizeForSearch('℅𝛴')).toBe('c/oσ');
  });

  it('lowercases Turkish dotted capital I to a plain i', () => {
    expect(tokenize('İSTANBUL İzmir')).toEqual(['istanbul', 'izmir']);
  });

  it('truncates very long runs', () => {
    const [token] = tokenize('x'.repeat(500));
    expect(token).toHaveLength(MAX_TERM_LENGTH);
  });

  it('returns nothing for blank or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  — … !!! ')).toEqual([]);
  });

  it('never throws and only yields lowercase substrings of the normalized input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 50 }),
        (a, b) => {
          const input = a + b;
          const normalized = normalizeForSearch(input);
          for (const token of tokenize(input)) {
            expect(token.length).toBeGreaterThan(0);
            expect(token).toBe(token.toLowerCase());
            expect(normalized.includes(token)).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('tokenizes the same after re-tokenizing its own output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (input) => {
        const tokens = tokenize(input);
        expect(tokenize(tokens.join(' '))).toEqual(tokens);
      }),
      { numRuns: 1000 },
    );
  });
});
