import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { cleanArticle } from '@cleanwire/cleaning';
import { splitTextDump } from './text-dump';

// The repository lives at <x>/main and the shared fixtures at <x>/shared.
const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');

interface ExpectedStory {
  headline: string;
  captions: string[];
  body: string[];
}

describe('splitTextDump', () => {
  it('splits articles on runs of two or more blank lines and keeps single blank lines inside an article', () => {
    const dump = 'Headline one\n\nFirst paragraph.\n\nSecond paragraph.\n\n\nHeadline two\n\nOnly paragraph.';
    expect(splitTextDump(dump)).toEqual([
      'Headline one\n\nFirst paragraph.\n\nSecond paragraph.',
      'Headline two\n\nOnly paragraph.',
    ]);
  });

  it('handles CRLF and lone CR line breaks', () => {
    expect(splitTextDump('One\r\n\r\nbody\r\n\r\n\r\nTwo\r\rbody')).toEqual(['One\n\nbody', 'Two\n\nbody']);
  });

  it('treats lines of spaces and NBSP as blank', () => {
    expect(splitTextDump('One\n \u00A0\n\t\nTwo')).toEqual(['One', 'Two']);
  });

  it('reads lines of invisible characters as paragraph breaks, never as article breaks', () => {
    const spaced = 'Headline\n\n\u200B\n\nFirst paragraph.\n\n\u200B\n\nSecond.\n\u2060\u200B\nThird.';
    expect(splitTextDump(spaced)).toEqual(['Headline\n\nFirst paragraph.\n\nSecond.\n\nThird.']);
    // Two truly blank lines still part articles, spacer lines around them or not.
    expect(splitTextDump('One\n\u200B\n\n\n\u200B\nTwo')).toEqual(['One', 'Two']);
  });

  it('trims the dump and drops empty chunks', () => {
    expect(splitTextDump('\n\n\n  One  \n\n\n\n\n\n\nTwo\n\n\n\n')).toEqual(['One', 'Two']);
    expect(splitTextDump('')).toEqual([]);
    expect(splitTextDump(' \n\n\r\n\t')).toEqual([]);
  });

  it('keeps every non-blank line, in order, without rewriting it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b c', ' ', '', '\u00A0', 'TT\u00A0 '), { maxLength: 30 }), (lines) => {
        const dump = lines.join('\n');
        const kept = splitTextDump(dump).flatMap((article) => article.split('\n'));
        const nonBlank = (line: string): boolean => line.trim() !== '';
        expect(kept.filter(nonBlank).map((line) => line.trim())).toEqual(
          lines.filter(nonBlank).map((line) => line.trim()),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('the Asharq Al-Awsat two-story dump', () => {
  const dump = readFileSync(path.join(FIXTURES, 'asharq-two-stories.txt'), 'utf8');
  const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'asharq-two-stories.expected.json'), 'utf8')) as {
    stories: ExpectedStory[];
  };

  it('is found beside the repository', () => {
    expect(existsSync(path.join(FIXTURES, 'asharq-two-stories.txt'))).toBe(true);
  });

  it('splits into the two stories', () => {
    expect(splitTextDump(dump)).toHaveLength(expected.stories.length);
  });

  it.each([0, 1])('cleans story %i to the expected headline, captions and body', (index) => {
    const article = splitTextDump(dump)[index] ?? '';
    const cleaned = cleanArticle({ body: article });
    expect({ headline: cleaned.headline, captions: cleaned.captions, body: cleaned.body }).toEqual(
      expected.stories[index],
    );
  });

  it('records every removed line of the first story with its line number in the article', () => {
    const cleaned = cleanArticle({ body: splitTextDump(dump)[0] ?? '' });
    expect(cleaned.cuts.map((cut) => [cut.line, cut.reason])).toEqual([
      [4, 'repeated-caption'],
      [5, 'widget-noise'],
      [6, 'widget-noise'],
      [8, 'repeated-headline'],
      [10, 'repeated-caption'],
      [11, 'repeated-caption'],
    ]);
  });
});
