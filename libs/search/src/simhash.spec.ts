import fc from 'fast-check';
import { hammingDistance, MIN_SIMHASH_WORDS, NEAR_DUPLICATE_MAX_DISTANCE, simhash, simhashBands } from './simhash';

// A news story of ordinary length: SimHash is meant for hundreds of words, not a sentence.
const story = [
  'Russian military police and a Syrian regime security committee met with members of the central negotiations committee in the southern Daraa city on Monday to ensure the implementation of the truce there.',
  'The central committee and residents agreed to resume the implementation of the true after its sudden collapse on September 1.',
  'The meeting was held after a Russian military delegation, headed by the deputy defense minister and commander of Russian forces in Syria, made a surprise visit to Daraa on Sunday.',
  'A source from the negotiations committee told Asharq Al-Awsat that the Russian delegation held a series of meetings with all negotiating parties.',
  'The Russian deputy defense minister ordered regime forces to cease the attacks on Daraa al-Balad. He gave the central committee until Monday morning to agree to truce that was announced last week and implement its stipulations with the guarantee of Russian forces.',
  'Failure to agree to the truce would force the army, with Russian support, to resort to a military operation in Daraa al-Balad to resolve the crisis.',
  'The source said the negotiations committee agreed to return to the talks and work with Russian officials over the required elements that would ensure the establishment of nine military posts in Daraa al-Balad.',
  'Each point would include 15-20 personnel that are chosen by the military security branch in Daraa. Light weapons would be handed over and security forces would be allowed into Daraa al-Balad and to search houses, escorted by Russian military police and senior Daraa officials. The identities of residents would be verified to ensure that no outsiders are in the area and root out defectors and others who have shirked military conscription.',
  'Buses would be brought in to transport people who are opposed to the settlement so that they can be displaced to other regions in Syria.',
  'All displays of opposition to the regime would be removed, while Daraa al-Balad, al-Sad and the al-Moukhayyam areas would be declared safe zones that are devoid of weapons.',
  'Russian officials pledged that the forces besieging Daraa al-Balad would withdraw and return to their bases. All roads leading to the city would be reopened after the direct implementation of the truce.',
].join('\n\n');

const unrelated = [
  'Heavy rain flooded coastal towns in southern Spain overnight, forcing hundreds of residents',
  'to leave their homes as rivers burst their banks and roads were closed across the region.',
  'Emergency services said no one had been hurt, but power was cut to thousands of households',
  'and schools will stay shut tomorrow while engineers inspect bridges damaged by the water.',
].join(' ');

describe('simhash', () => {
  it('is 16 lowercase hex digits and the same for the same text', () => {
    const hash = simhash(story);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash(story)).toBe(hash);
    expect(hammingDistance(hash!, simhash(story)!)).toBe(0);
  });

  it('ignores case, punctuation and spacing: they are not words', () => {
    expect(simhash(story.toUpperCase().replace(/,/g, ' ,  '))).toBe(simhash(story));
  });

  it('moves few bits for a small edit or leftover noise, and many for an unrelated text', () => {
    const hash = simhash(story)!;
    const edited = simhash(story.replace('on Monday to ensure', 'on Monday, to make sure of'))!;
    const noisy = simhash(`All rights reserved © 2025\n\n${story}\n\nFollow us on Telegram`)!;
    expect(hammingDistance(hash, edited)).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE);
    expect(hammingDistance(hash, noisy)).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE);
    expect(hammingDistance(hash, simhash(unrelated)!)).toBeGreaterThan(16);
  });

  it('gives no hash to a text too short to compare', () => {
    expect(simhash('Share this')).toBeUndefined();
    expect(simhash('one two three four five six seven')).toBeUndefined();
    expect(simhash(Array.from({ length: MIN_SIMHASH_WORDS }, (_, i) => `w${i}`).join(' '))).toBeDefined();
  });
});

describe('hammingDistance', () => {
  it('is a metric on 64 bits', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{16}$/);
    fc.assert(
      fc.property(hex, hex, hex, (a, b, c) => {
        const ab = hammingDistance(a, b);
        expect(ab).toBe(hammingDistance(b, a));
        expect(ab >= 0 && ab <= 64).toBe(true);
        expect(hammingDistance(a, a)).toBe(0);
        expect(hammingDistance(a, c)).toBeLessThanOrEqual(ab + hammingDistance(b, c));
      }),
    );
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
  });

  it('rejects what is not a SimHash', () => {
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(RangeError);
  });
});

describe('simhashBands', () => {
  it('cuts the hash into four 16-bit pieces; hashes within 3 bits share one', () => {
    expect(simhashBands('0123456789abcdef')).toEqual(['0123', '4567', '89ab', 'cdef']);
    const a = '0123456789abcdef';
    const b = '1123c56789abcdee'; // 3 bits flipped, in three different bands
    expect(hammingDistance(a, b)).toBe(3);
    expect(simhashBands(a).some((band, i) => simhashBands(b)[i] === band)).toBe(true);
  });
});
