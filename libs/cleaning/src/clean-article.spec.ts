import { cleanArticle, countWords } from './clean-article';

const HEADLINE = 'Russian Guarantees Facilitate Implementation of Daraa Truce in S. Syria';
const CAPTION =
  'Russian military police and a Syrian regime security committee met with members of the central negotiations committee in the southern Daraa city on Monday. (Asharq Al-Awsat)';
const LEDE =
  'Russian military police and a Syrian regime security committee met with members of the central negotiations committee in the southern Daraa city on Monday to ensure the implementation of the truce there.';
const SECOND =
  'The central committee and residents agreed to resume the implementation of the true after its sudden collapse.';

/** Joins lines with '\n'; use '' for a blank line. */
const text = (...lines: string[]): string => lines.join('\n');

describe('cleanArticle', () => {
  describe('the headline', () => {
    it('is the first line when none is given; that line is not a cut, later copies are', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', LEDE, '', HEADLINE, '', SECOND) });
      expect(cleaned.headline).toBe(HEADLINE);
      expect(cleaned.body).toEqual([LEDE, SECOND]);
      expect(cleaned.cuts).toEqual([{ reason: 'repeated-headline', line: 5, text: HEADLINE }]);
    });

    it('is the given headline, normalized; every copy in the body is a cut, compared case-insensitively', () => {
      const cleaned = cleanArticle({
        headline: `  ${HEADLINE}\u00A0`,
        body: text(HEADLINE, '', HEADLINE.toUpperCase(), '', LEDE),
      });
      expect(cleaned.headline).toBe(HEADLINE);
      expect(cleaned.body).toEqual([LEDE]);
      expect(cleaned.cuts.map((cut) => [cut.line, cut.reason])).toEqual([
        [1, 'repeated-headline'],
        [3, 'repeated-headline'],
      ]);
    });

    it('falls back to the first line when the given headline is blank', () => {
      expect(cleanArticle({ headline: ' \u200B ', body: text(HEADLINE, '', LEDE) }).headline).toBe(HEADLINE);
    });

    it('may appear once only', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', LEDE, '', SECOND) });
      expect(cleaned).toEqual({ headline: HEADLINE, captions: [], body: [LEDE, SECOND], cuts: [] });
    });

    it('may be absent from a body given with a headline', () => {
      const cleaned = cleanArticle({ headline: HEADLINE, body: text(LEDE, '', SECOND) });
      expect(cleaned).toEqual({ headline: HEADLINE, captions: [], body: [LEDE, SECOND], cuts: [] });
    });

    it('is matched through invisible characters and Unicode spaces', () => {
      const cleaned = cleanArticle({
        body: text(HEADLINE, '', `\uFEFF${HEADLINE.replace(' ', '\u00A0\u200B ')}`, '', LEDE),
      });
      expect(cleaned.body).toEqual([LEDE]);
      expect(cleaned.cuts).toEqual([{ reason: 'repeated-headline', line: 3, text: HEADLINE }]);
    });
  });

  describe('captions', () => {
    it('takes a back-to-back repeated line once and cuts each further copy, anywhere', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', CAPTION, CAPTION, '', LEDE, '', CAPTION, '', SECOND) });
      expect(cleaned.captions).toEqual([CAPTION]);
      expect(cleaned.body).toEqual([LEDE, SECOND]);
      expect(cleaned.cuts.map((cut) => [cut.line, cut.reason])).toEqual([
        [4, 'repeated-caption'],
        [8, 'repeated-caption'],
      ]);
    });

    it('takes a caption repeated four times once', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, CAPTION, CAPTION, CAPTION, CAPTION, '', LEDE) });
      expect(cleaned.captions).toEqual([CAPTION]);
      expect(cleaned.body).toEqual([LEDE]);
      expect(cleaned.cuts).toHaveLength(3);
    });

    it('matches copies of a credited caption whatever their trailing NBSP', () => {
      const caption = 'Protesters march through central Paris on Monday. (Reuters)';
      const cleaned = cleanArticle({
        body: text(
          HEADLINE,
          '',
          `${caption}\u00A0 `,
          caption,
          '',
          HEADLINE,
          '',
          `${caption} `,
          `${caption}\u00A0`,
          '',
          LEDE,
        ),
      });
      expect(cleaned.captions).toEqual([caption]);
      expect(cleaned.body).toEqual([LEDE]);
    });

    it('keeps whole a lede that starts with the caption words', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', CAPTION, CAPTION, '', LEDE) });
      expect(cleaned.body).toEqual([LEDE]);
      expect(cleaned.body[0]).toContain('on Monday to ensure');
    });

    it('takes a line seen twice in the header zone, across a headline copy', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', CAPTION, 'TT', '', HEADLINE, '', CAPTION, '', LEDE) });
      expect(cleaned.captions).toEqual([CAPTION]);
      expect(cleaned.body).toEqual([LEDE]);
    });

    it('takes a line repeated across the share bar at the top of a body without headline copies', () => {
      const cleaned = cleanArticle({
        headline: HEADLINE,
        body: text(CAPTION, '', 'Share', 'Tweet', '', CAPTION, '', LEDE),
      });
      expect(cleaned.captions).toEqual([CAPTION]);
      expect(cleaned.body).toEqual([LEDE]);
      expect(cleaned.cuts.map((cut) => cut.reason)).toEqual(['widget-noise', 'widget-noise', 'repeated-caption']);
    });

    it('leaves a paragraph repeated after a blank line with nothing between (it may be a doubled lede)', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', LEDE, '', LEDE, '', SECOND) });
      expect(cleaned.captions).toEqual([]);
      expect(cleaned.body).toEqual([LEDE, LEDE, SECOND]);
    });

    it('uses given captions first and cuts every copy of them in the body', () => {
      const other = 'A second photo caption that the page shows twice.';
      const cleaned = cleanArticle({
        headline: HEADLINE,
        captions: [`${CAPTION}\u00A0`, CAPTION, ' '],
        body: text(other, other, '', CAPTION, '', LEDE),
      });
      expect(cleaned.captions).toEqual([CAPTION, other]);
      expect(cleaned.body).toEqual([LEDE]);
      expect(cleaned.cuts.map((cut) => [cut.line, cut.reason])).toEqual([
        [2, 'repeated-caption'],
        [4, 'repeated-caption'],
      ]);
    });

    it('handles an article with no caption', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', 'TT', '20', '', HEADLINE, '', LEDE, '', SECOND) });
      expect(cleaned.captions).toEqual([]);
      expect(cleaned.body).toEqual([LEDE, SECOND]);
      expect(cleaned.cuts.map((cut) => cut.reason)).toEqual(['widget-noise', 'widget-noise', 'repeated-headline']);
    });

    it('leaves back-to-back short repeats in the body, such as table cells', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', LEDE, '', 'Points', '20', '20', '___', '___') });
      expect(cleaned.body).toEqual([LEDE, 'Points', '20', '20', '___', '___']);
      expect(cleaned.captions).toEqual([]);
    });
  });

  describe('widget noise', () => {
    it('is cut in the header zone only, with its line numbers', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', 'A+ A-', 'Share', '1.2K', '', LEDE) });
      expect(cleaned.body).toEqual([LEDE]);
      expect(cleaned.cuts).toEqual([
        { reason: 'widget-noise', line: 3, text: 'A+ A-' },
        { reason: 'widget-noise', line: 4, text: 'Share' },
        { reason: 'widget-noise', line: 5, text: '1.2K' },
      ]);
    });

    it('keeps short real lines below the header', () => {
      const short = ['John Smith', '9.30 A.M. / 7.00 P.M.', 'GPS', 'HL7', '___', '20', 'X', 'Share', 'TT'];
      const cleaned = cleanArticle({
        body: text(HEADLINE, '', 'TT', '', LEDE, '', ...short.flatMap((line) => [line, ''])),
      });
      expect(cleaned.body).toEqual([LEDE, ...short]);
    });

    it('does not stretch the header zone to a headline quoted far down the story', () => {
      const paragraphs = Array.from({ length: 8 }, (_, index) => `Paragraph number ${index + 1} of the story.`);
      const cleaned = cleanArticle({ body: text(HEADLINE, '', ...paragraphs, '20', HEADLINE, SECOND) });
      expect(cleaned.body).toEqual([...paragraphs, '20', SECOND]);
      expect(cleaned.cuts).toEqual([{ reason: 'repeated-headline', line: 12, text: HEADLINE }]);
    });
  });

  describe('bylines and datelines', () => {
    const BYLINE = 'By Jane Doe';
    const STAMP = 'Monday, 5 May, 2025 - 10:31';

    it('keeps the first copy in the body and cuts the repeats in the header zone as widget noise', () => {
      const cleaned = cleanArticle({
        body: text(HEADLINE, '', BYLINE, STAMP, 'Share', 'Tweet', '', HEADLINE, BYLINE, STAMP, BYLINE, '', LEDE),
      });
      expect(cleaned.body).toEqual([BYLINE, STAMP, LEDE]);
      expect(cleaned.captions).toEqual([]);
      expect(cleaned.cuts.map((cut) => [cut.line, cut.reason])).toEqual([
        [5, 'widget-noise'],
        [6, 'widget-noise'],
        [8, 'repeated-headline'],
        [9, 'widget-noise'],
        [10, 'widget-noise'],
        [11, 'widget-noise'],
      ]);
    });

    it('never takes a doubled byline for a caption', () => {
      const byline = 'By Jonathan Whitcombe';
      const cleaned = cleanArticle({ body: text(HEADLINE, '', byline, byline, '', CAPTION, CAPTION, '', LEDE) });
      expect(cleaned.captions).toEqual([CAPTION]);
      expect(cleaned.body).toEqual([byline, LEDE]);
    });

    it('keeps every copy below the lede', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', BYLINE, '', LEDE, '', STAMP, '', SECOND, '', BYLINE) });
      expect(cleaned.body).toEqual([BYLINE, LEDE, STAMP, SECOND, BYLINE]);
    });
  });

  describe('a caption shown once', () => {
    const credited = 'Workers inspect the site in central Daraa on Monday (Reuters)';

    it('is a caption when it carries a credit and the share bar follows it', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', credited, 'Share', 'Print', '', LEDE) });
      expect(cleaned.captions).toEqual([credited]);
      expect(cleaned.body).toEqual([LEDE]);
    });

    it('is a caption when it carries a credit and the lede opens with its words; the lede stays whole', () => {
      const caption = `${CAPTION.slice(0, CAPTION.indexOf('. (Asharq'))}. (AFP)`;
      const cleaned = cleanArticle({ body: text(HEADLINE, '', caption, '', LEDE, '', SECOND) });
      expect(cleaned.captions).toEqual([caption]);
      expect(cleaned.body).toEqual([LEDE, SECOND]);
    });

    it('stays in the body without a credit (a standfirst), while the share bar under it is cut', () => {
      const dek = 'Residents will decide what the new ferry schedule should look like.';
      const cleaned = cleanArticle({ body: text(HEADLINE, '', dek, 'Share', 'TT', '', LEDE) });
      expect(cleaned.captions).toEqual([]);
      expect(cleaned.body).toEqual([dek, LEDE]);
      expect(cleaned.cuts.map((cut) => cut.reason)).toEqual(['widget-noise', 'widget-noise']);
    });

    it('stays in the body when it is a credited paragraph followed by more story', () => {
      const paragraph = 'The minister told reporters the vote would go ahead as planned (AFP)';
      const cleaned = cleanArticle({ body: text(HEADLINE, '', paragraph, '', SECOND) });
      expect(cleaned.body).toEqual([paragraph, SECOND]);
    });

    it('leaves counters under a real line alone: they may be a table', () => {
      const cleaned = cleanArticle({ body: text(HEADLINE, '', 'Standings after round 4', '20', '18', '5', '', LEDE) });
      expect(cleaned.body).toEqual(['Standings after round 4', '20', '18', '5', LEDE]);
    });
  });

  describe('precision', () => {
    it('keeps a legitimately repeated line that is not back-to-back', () => {
      const body = text(
        HEADLINE,
        '',
        'Q: What did you see that night?',
        '',
        'A: Nothing at first.',
        '',
        'Q: What did you see that night?',
        '',
        'A: Lights over the river.',
        '',
        'Also at Walmart',
        '',
        'Batteries are cheaper.',
        '',
        'Also at Walmart',
        '',
        'Fans are sold out.',
      );
      expect(cleanArticle({ body }).body).toEqual([
        'Q: What did you see that night?',
        'A: Nothing at first.',
        'Q: What did you see that night?',
        'A: Lights over the river.',
        'Also at Walmart',
        'Batteries are cheaper.',
        'Also at Walmart',
        'Fans are sold out.',
      ]);
    });

    it('never rewrites words, typos included', () => {
      expect(cleanArticle({ body: text(HEADLINE, '', SECOND) }).body).toEqual([SECOND]);
    });
  });

  describe('input', () => {
    it('reads CRLF and CR line breaks and counts lines for the cuts', () => {
      const cleaned = cleanArticle({ body: [HEADLINE, '', CAPTION, CAPTION, 'TT', '', LEDE].join('\r\n') });
      expect(cleaned.body).toEqual([LEDE]);
      expect(cleaned.cuts.map((cut) => cut.line)).toEqual([4, 5]);
      expect(cleanArticle({ body: [HEADLINE, '', LEDE].join('\r') }).body).toEqual([LEDE]);
    });

    it('returns an empty story for an empty or blank body', () => {
      expect(cleanArticle({ body: '' })).toEqual({ headline: '', captions: [], body: [], cuts: [] });
      expect(cleanArticle({ body: ' \n\u00A0\n\u200B' })).toEqual({ headline: '', captions: [], body: [], cuts: [] });
    });

    it('is idempotent on its own output', () => {
      const first = cleanArticle({
        body: text(HEADLINE, '', CAPTION, CAPTION, 'TT', '20', '', HEADLINE, '', LEDE, '', SECOND),
      });
      const second = cleanArticle({ headline: first.headline, body: first.body.join('\n\n') });
      expect(second).toEqual({ headline: first.headline, captions: [], body: first.body, cuts: [] });
    });
  });
});

describe('countWords', () => {
  it('counts whitespace-separated words across paragraphs', () => {
    expect(countWords(['One two  three', '\u00A0four\tfive ', '', 'al-Sadr\u2019s six'])).toBe(7);
    expect(countWords([])).toBe(0);
  });
});
