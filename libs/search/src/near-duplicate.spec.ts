import { labelledPairs } from '../../../test/corpus/near-duplicates/pairs';
import { scoreNearDuplicates } from '../../../test/corpus/near-duplicates/near-duplicate-eval';
import { analyzeStory } from './term-weights';
import {
  isNearDuplicate,
  LSH_BANDS,
  lshBandHashes,
  lshBuckets,
  MIN_NEAR_DUPLICATE_WORDS,
  MINHASH_PERMUTATIONS,
  minhashSignature,
  textOverlap,
} from './near-duplicate';

const paragraphs = [
  'The Port Calder council voted on Tuesday to approve a ban on night flights at the airfield after a year of debate.',
  'Opponents argued that the cost, estimated at 30 million, was too high for a town of 9,000 residents.',
  '“We listened to every comment,” Renée Dubé told a packed meeting hall on the edge of the harbour.',
  'Samuel Okafor, who runs a bakery near the square, said the council should have asked traders first.',
  'A final report will be published once the work is complete, officials said in a statement.',
];
const story = paragraphs.join('\n\n');

describe('near-duplicate signatures', () => {
  it('gives the same signature and buckets to the same text, and one bucket per band', () => {
    const signature = minhashSignature(story)!;
    expect(signature).toHaveLength(MINHASH_PERMUTATIONS);
    expect(minhashSignature(story)).toEqual(signature);
    expect(lshBuckets(signature)).toHaveLength(LSH_BANDS);
    expect(lshBuckets(signature)[0]).toMatch(/^b00:[0-9a-f]{8}$/);
  });

  it('gives no signature to a text too short to compare', () => {
    expect(minhashSignature('Floods close the coast road')).toBeUndefined();
  });

  it('links a copy trimmed by a paragraph, with other boilerplate, and not a story on the same topic', () => {
    const trimmed = ['Share this story', ...paragraphs.slice(0, 4), 'Advertisement'].join('\n\n');
    expect(textOverlap(story, trimmed).containment).toBeGreaterThan(0.9);
    expect(isNearDuplicate(story, trimmed)).toBe(true);
    const sameTopic = [
      'Renée Dubé said on Friday that the Port Calder airfield would reopen for cargo flights next spring.',
      'Samuel Okafor and other traders near the square welcomed the news but asked about noise at night.',
      'The council expects the first cargo flight in April, according to a timetable published on its website.',
    ].join('\n\n');
    expect(isNearDuplicate(story, sameTopic)).toBe(false);
  });
});

/** A text of `count` distinct made-up words, `from` on. */
function words(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `w${(from + i).toString(36)}x`);
}

describe('one-permutation MinHash', () => {
  it('fills every bin, also of a text with fewer shingles than bins', () => {
    const signature = minhashSignature(words(0, MIN_NEAR_DUPLICATE_WORDS).join(' '))!;
    expect(signature).toHaveLength(MINHASH_PERMUTATIONS);
    expect(signature.every((value) => value !== 0xffffffff)).toBe(true);
  });

  it('agrees with another text in about as many bins as their Jaccard similarity', () => {
    // Texts of 400 words sharing a run of `shared` words: their shingle Jaccard is known, the bins must follow it.
    for (const shared of [100, 200, 300, 380]) {
      const a = words(0, 400);
      const b = [...words(0, shared), ...words(10_000, 400 - shared)];
      const { jaccard } = textOverlap(a.join(' '), b.join(' '));
      const left = minhashSignature(a.join(' '))!;
      const right = minhashSignature(b.join(' '))!;
      const agreeing = left.filter((value, bin) => value === right[bin]).length / MINHASH_PERMUTATIONS;
      expect(Math.abs(agreeing - jaccard)).toBeLessThan(0.15);
    }
  });

  it('puts each band in a bucket of its own: equal rows in different bands never share a bucket', () => {
    const signature = new Uint32Array(MINHASH_PERMUTATIONS).fill(7);
    expect(new Set(lshBandHashes(signature)).size).toBe(LSH_BANDS);
    expect(() => lshBandHashes(new Uint32Array(3))).toThrow(RangeError);
  });

  it('is the signature the indexer computes while analysing a story', () => {
    const analysed = analyzeStory({ headline: 'Night flights banned', captions: ['The airfield'], body: paragraphs });
    expect(analysed.signature).toEqual(minhashSignature(story));
  });
});

describe('the labelled near-duplicate pairs', () => {
  it('are linked with recall >= 0.95 at precision >= 0.99, through LSH buckets and verification', () => {
    const score = scoreNearDuplicates(labelledPairs());
    expect(score.pairs).toBeGreaterThanOrEqual(900);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
  });
});
