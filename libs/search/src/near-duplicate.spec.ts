import { labelledPairs } from '../../../test/corpus/near-duplicates/pairs';
import { scoreNearDuplicates } from '../../../test/corpus/near-duplicates/near-duplicate-eval';
import {
  isNearDuplicate,
  LSH_BANDS,
  lshBuckets,
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

describe('the labelled near-duplicate pairs', () => {
  it('are linked with recall >= 0.95 at precision >= 0.99, through LSH buckets and verification', () => {
    const score = scoreNearDuplicates(labelledPairs());
    expect(score.pairs).toBeGreaterThanOrEqual(900);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
  });
});
