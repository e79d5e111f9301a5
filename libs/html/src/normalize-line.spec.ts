import fc from 'fast-check';
import { normalizeLine } from './normalize-line';

describe('normalizeLine', () => {
  it('leaves a clean ASCII line as it is', () => {
    expect(normalizeLine('Russian Guarantees Facilitate Implementation of Daraa Truce in S. Syria')).toBe(
      'Russian Guarantees Facilitate Implementation of Daraa Truce in S. Syria',
    );
  });

  it('turns NBSP and other Unicode spaces into a space, collapses runs and trims', () => {
    expect(normalizeLine('(Archive \u2013 Government Media)\u00A0 ')).toBe('(Archive \u2013 Government Media)');
    expect(normalizeLine('\t a\u2002\u2009b\u202F\u3000c  d \u00A0')).toBe('a b c d');
  });

  it('removes zero-width space, BOM, soft hyphen and word joiner', () => {
    expect(normalizeLine('\uFEFFcon\u00ADtent\u200B is\u2060 here')).toBe('content is here');
  });

  it('keeps ZWJ and ZWNJ, which shape Arabic and Indic words', () => {
    expect(normalizeLine('\u0645\u200C\u0627 \u0915\u094D\u200D\u0937')).toBe(
      '\u0645\u200C\u0627 \u0915\u094D\u200D\u0937',
    );
  });

  it('composes to NFC, also across a removed soft hyphen', () => {
    expect(normalizeLine('Cafe\u0301')).toBe('Caf\u00E9');
    expect(normalizeLine('e\u00AD\u0301t\u00E9')).toBe('\u00E9t\u00E9');
  });

  it('makes a line of only spaces and invisibles empty', () => {
    expect(normalizeLine(' \u00A0\u200B\uFEFF\t')).toBe('');
  });

  it('never rewrites words: typos and punctuation stay', () => {
    expect(normalizeLine('resume the implementation of the true after its collapse')).toBe(
      'resume the implementation of the true after its collapse',
    );
    expect(normalizeLine('\u201Cpolitical money\u201D \u2014 al-Sadr\u2019s')).toBe(
      '\u201Cpolitical money\u201D \u2014 al-Sadr\u2019s',
    );
  });

  it('is idempotent and never leaves edge or doubled whitespace, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (line) => {
        const once = normalizeLine(line);
        expect(normalizeLine(once)).toBe(once);
        expect(once).not.toMatch(/^\s|\s$|\s\s|[\u200B\uFEFF\u00AD\u2060]/);
        expect(once).toBe(once.normalize('NFC'));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the fast path only when the full normalization would change nothing', () => {
    const reference = (line: string): string =>
      line
        .replace(/[\u200B\uFEFF\u00AD\u2060]/g, '')
        .normalize('NFC')
        .replace(/\s+/g, ' ')
        .trim();
    const nearLatin = fc.oneof(
      fc.integer({ min: 0x00, max: 0x0370 }),
      fc.integer({ min: 0x2000, max: 0x2070 }),
      fc.constantFrom(0x20, 0x20, 0x61, 0x65, 0x0301, 0x0327, 0x212b, 0x1100, 0x1161, 0xfeff, 0x3000),
    );
    fc.assert(
      fc.property(fc.array(nearLatin, { maxLength: 24 }), (codes) => {
        const line = String.fromCharCode(...codes);
        expect(normalizeLine(line)).toBe(reference(line));
      }),
      { numRuns: 1000 },
    );
  });
});
