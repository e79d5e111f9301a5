import fc from 'fast-check';
import { cleanArticle } from './clean-article';
import {
  cleanArticleWithSiteNoise,
  DEFAULT_SITE_NOISE_POLICY,
  isSiteNoise,
  learnedSiteNoise,
  siteNoiseCandidates,
  siteNoiseKey,
} from './site-noise';

const FOOTER = 'All rights reserved © 2025 Example News';
const TELEGRAM = 'Follow us on Telegram';

function article(n: number): { headline: string; body: string } {
  return {
    headline: `Headline number ${n}`,
    body: [
      TELEGRAM,
      '',
      `The first paragraph of story ${n} says what happened and where it happened.`,
      '',
      `The second paragraph of story ${n} adds a quote from an official.`,
      '',
      FOOTER,
    ].join('\n'),
  };
}

describe('siteNoiseCandidates', () => {
  it('places short lines by the end they are nearest to', () => {
    const keys = siteNoiseCandidates(article(1));
    expect(keys).toContain(siteNoiseKey('top', TELEGRAM));
    expect(keys).toContain(siteNoiseKey('bottom', FOOTER));
  });

  it('never offers the headline, given or taken from the first line, nor prose or letterless lines', () => {
    const given = siteNoiseCandidates({ headline: 'Storm hits coast', body: 'Storm hits coast\n20\nA short line.' });
    expect(given).toEqual([siteNoiseKey('bottom', 'A short line.')]);
    const taken = siteNoiseCandidates({ body: 'Storm hits coast\nMenu\n' + 'word '.repeat(60) + '\nFooter' });
    expect(taken).toEqual([siteNoiseKey('top', 'Menu'), siteNoiseKey('bottom', 'Footer')]);
  });

  it('looks only at the regions near the ends, so a long story offers a bounded number of lines', () => {
    const body = Array.from({ length: 200 }, (_, i) => `Line ${i}`).join('\n');
    const keys = siteNoiseCandidates({ headline: 'H', body });
    expect(keys).toHaveLength(12);
    expect(keys).not.toContain(siteNoiseKey('top', 'Line 100'));
  });
});

describe('isSiteNoise', () => {
  it('needs the minimum number of distinct articles and the share of the source', () => {
    const policy = { minArticles: 5, minShare: 0.2 };
    expect(isSiteNoise(4, 10, policy)).toBe(false);
    expect(isSiteNoise(5, 10, policy)).toBe(true);
    expect(isSiteNoise(19, 100, policy)).toBe(false);
    expect(isSiteNoise(20, 100, policy)).toBe(true);
  });

  it('never makes a line of a single article noise, whatever the policy', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: -5, max: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (sourceArticles, minArticles, minShare) => {
          expect(isSiteNoise(1, sourceArticles, { minArticles, minShare })).toBe(false);
          expect(isSiteNoise(0, sourceArticles, { minArticles, minShare })).toBe(false);
        },
      ),
    );
  });

  it('learns only the lines over the threshold', () => {
    const learned = learnedSiteNoise(
      [
        ['b:footer', 9],
        ['t:lede', 1],
      ],
      10,
      DEFAULT_SITE_NOISE_POLICY,
    );
    expect([...learned]).toEqual(['b:footer']);
  });
});

describe('cleanArticleWithSiteNoise', () => {
  const learned = new Set([siteNoiseKey('top', TELEGRAM), siteNoiseKey('bottom', FOOTER)]);

  it('cuts learned lines with their reason and raw line number, and keeps the story', () => {
    const cleaned = cleanArticleWithSiteNoise(article(1), learned);
    expect(cleaned.body).toEqual([
      'The first paragraph of story 1 says what happened and where it happened.',
      'The second paragraph of story 1 adds a quote from an official.',
    ]);
    expect(cleaned.cuts).toEqual([
      { reason: 'learned-site-noise', line: 1, text: TELEGRAM },
      { reason: 'learned-site-noise', line: 7, text: FOOTER },
    ]);
  });

  it('is plain cleanArticle without learned noise', () => {
    expect(cleanArticleWithSiteNoise(article(2))).toEqual(cleanArticle(article(2)));
    expect(cleanArticleWithSiteNoise(article(2), new Set())).toEqual(cleanArticle(article(2)));
  });

  it('cuts a learned line only in the region it was learned in', () => {
    const body = ['Intro line.', FOOTER, 'a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10), 'd'.repeat(10)].join('\n');
    const topOnly = new Set([siteNoiseKey('bottom', 'Intro line.'), siteNoiseKey('top', 'dddddddddd')]);
    expect(cleanArticleWithSiteNoise({ headline: 'H', body }, topOnly).cuts).toEqual([]);
  });

  it('never cuts the headline and never empties the body', () => {
    const onlyNoise = { body: `${TELEGRAM}\n${FOOTER}` };
    const all = new Set([siteNoiseKey('top', TELEGRAM), siteNoiseKey('bottom', FOOTER)]);
    const cleaned = cleanArticleWithSiteNoise(onlyNoise, all);
    expect(cleaned.headline).toBe(TELEGRAM);
    expect(cleaned.body).toEqual([FOOTER]);
    expect(cleaned.cuts).toEqual([]);
  });

  it('never invents text: every body line and cut comes from the raw article', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(TELEGRAM, FOOTER, '', 'Real words here.', 'More text.'), { maxLength: 20 }),
        (lines) => {
          const draft = { headline: 'H', body: lines.join('\n') };
          const cleaned = cleanArticleWithSiteNoise(draft, learned);
          for (const paragraph of cleaned.body) expect(lines).toContain(paragraph);
          for (const cut of cleaned.cuts) expect(lines[cut.line - 1]).toBe(cut.text);
          if (cleanArticle(draft).body.length > 0) expect(cleaned.body.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
