import fc from 'fast-check';
import { type ArticleDraft, cleanArticle } from './clean-article';
import { normalizeLine } from '@cleanwire/html';

const RUNS = 300;

// Lines that exercise every rule: headline and caption copies, widget noise, legit short lines and repeats.
const HEADLINE = 'Truce Holds in Daraa';
const CAPTION = 'Police meet the committee in Daraa on Monday. (Reuters)';
const lineVocabulary = fc.oneof(
  fc.constantFrom(
    HEADLINE,
    HEADLINE.toUpperCase(),
    CAPTION,
    `${CAPTION}\u00A0 `,
    'Police meet the committee in Daraa on Monday to ensure calm.',
    'The committee agreed to resume the true after its collapse.',
    'TT',
    '20',
    'Share',
    'X',
    'GPS',
    'Also at Walmart',
    '___',
    'By Jane Doe',
    'Monday, 5 May, 2025 - 10:31',
    'Updated 3 hours ago',
    'Police meet the committee in Daraa (AFP)',
    'Police meet the committee in Daraa on Monday. Photo: Jane Doe',
    'Share | Tweet',
    'A+',
    '',
    '',
    ' \u00A0',
    '\u200B',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

const articleLike: fc.Arbitrary<ArticleDraft> = fc.record(
  {
    headline: fc.constantFrom(HEADLINE, 'Another headline', ' ', ''),
    body: fc
      .tuple(fc.array(lineVocabulary, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'))
      .map(([lines, breakChars]) => lines.join(breakChars)),
    captions: fc.array(fc.constantFrom(CAPTION, 'A caption never in the body', ''), { maxLength: 2 }),
  },
  { requiredKeys: ['body'] },
);

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);
const anyDraft: fc.Arbitrary<ArticleDraft> = fc.oneof(
  articleLike,
  fc.record(
    { headline: anyText, body: anyText, captions: fc.array(anyText, { maxLength: 3 }) },
    { requiredKeys: ['body'] },
  ),
);

const inputLines = (draft: ArticleDraft): string[] =>
  draft.body
    .split(/\r\n|\r|\n/)
    .map(normalizeLine)
    .filter((line) => line !== '');

const wordsOf = (lines: readonly string[]): string[] => lines.flatMap((line) => line.split(' ')).filter(Boolean);

function isSubsequence(items: readonly string[], of: readonly string[]): boolean {
  let next = 0;
  for (const item of items) {
    while (next < of.length && of[next] !== item) next++;
    if (next === of.length) return false;
    next++;
  }
  return true;
}

describe('cleanArticle properties', () => {
  it('never throws, on any text', () => {
    fc.assert(
      fc.property(anyDraft, (draft) => {
        cleanArticle(draft);
      }),
      { numRuns: RUNS },
    );
  });

  it('never invents text: every output word is an input word', () => {
    fc.assert(
      fc.property(anyDraft, (draft) => {
        const cleaned = cleanArticle(draft);
        const given = [draft.headline ?? '', ...(draft.captions ?? [])].map(normalizeLine);
        const known = new Set(wordsOf([...inputLines(draft), ...given]));
        const output = wordsOf([cleaned.headline, ...cleaned.captions, ...cleaned.body]);
        expect(output.filter((word) => !known.has(word))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps paragraph order: the body is a subsequence of the normalized input lines', () => {
    fc.assert(
      fc.property(anyDraft, (draft) => {
        expect(isSubsequence(cleanArticle(draft).body, inputLines(draft))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('accounts for every line: each becomes the headline, a caption, a paragraph or a recorded cut', () => {
    fc.assert(
      fc.property(anyDraft, (draft) => {
        const cleaned = cleanArticle(draft);
        const raw = draft.body.split(/\r\n|\r|\n/);
        for (const cut of cleaned.cuts) expect(normalizeLine(raw[cut.line - 1] ?? '')).toBe(cut.text);
        const cutLines = cleaned.cuts.map((cut) => cut.line);
        expect(cutLines).toEqual([...new Set(cutLines)].sort((a, b) => a - b));
        const headlineFromBody = normalizeLine(draft.headline ?? '') === '' && cleaned.headline !== '' ? 1 : 0;
        const givenCaptions = new Set((draft.captions ?? []).map(normalizeLine).filter(Boolean)).size;
        const captionsFromBody = cleaned.captions.length - givenCaptions;
        expect(cleaned.body.length + cleaned.cuts.length + headlineFromBody + captionsFromBody).toBe(
          inputLines(draft).length,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(anyDraft, (draft) => {
        const first = cleanArticle(draft);
        const second = cleanArticle({ headline: first.headline, body: first.body.join('\n\n') });
        expect(second.headline).toBe(first.headline);
        expect(second.body).toEqual(first.body);
      }),
      { numRuns: RUNS },
    );
  });
});
