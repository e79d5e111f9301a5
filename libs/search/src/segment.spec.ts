import fc from 'fast-check';
import { decodePostings } from './postings';
import {
  bucketBitsFor,
  bucketOf,
  bucketTerms,
  countsField,
  encodeSegment,
  findCount,
  findPostings,
  mergeSegmentTerms,
  postingsField,
  SegmentBuilder,
  termKey,
  TERMS_PER_BUCKET,
} from './segment';

/** A write batch: per story (docids from `base` up), its terms and impacts. */
const batch = fc.array(
  fc.uniqueArray(
    fc.tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), fc.integer({ min: 1, max: 255 })),
    {
      selector: ([term]) => term,
      maxLength: 12,
    },
  ),
  { minLength: 1, maxLength: 60 },
);

function build(base: number, stories: ReadonlyArray<ReadonlyArray<[string, number]>>) {
  const builder = new SegmentBuilder(base);
  stories.forEach((terms, index) => {
    for (const [term, impact] of terms) builder.add(term, base + index, impact);
  });
  return builder.build();
}

/** The postings each term should have: docid → impact, in docid order. */
function expected(base: number, stories: ReadonlyArray<ReadonlyArray<[string, number]>>, live = (_: number) => true) {
  const byTerm = new Map<string, Array<[number, number]>>();
  stories.forEach((terms, index) => {
    if (!live(base + index)) return;
    for (const [term, impact] of terms) byTerm.set(term, [...(byTerm.get(term) ?? []), [base + index, impact]]);
  });
  return byTerm;
}

/** What a search reads of a term in a stored segment: its count, and its postings as [docid, impact]. */
function read(fields: ReadonlyMap<string, Buffer>, bits: number, base: number, term: string) {
  const key = termKey(term);
  const bucket = bucketOf(key.high, bits);
  const counts = fields.get(countsField(bucket));
  const postings = fields.get(postingsField(bucket));
  const chunk = postings ? findPostings(postings, key) : null;
  const list = chunk ? decodePostings(chunk, base) : null;
  return {
    count: counts ? findCount(counts, key) : 0,
    postings: list ? Array.from(list.docs, (docid, i): [number, number] => [docid, list.impacts[i] as number]) : null,
  };
}

describe('index segments', () => {
  it("give back every term's postings and story count from its bucket, and nothing for an absent term", () => {
    fc.assert(
      fc.property(
        batch,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        (stories, base, atLeast) => {
          const terms = build(base, stories);
          const segment = encodeSegment(terms, bucketBitsFor(terms.length, atLeast));
          const fields = new Map(segment.fields);
          expect(segment.terms).toBe(terms.length);
          for (const [term, postings] of expected(base, stories)) {
            expect(read(fields, segment.bits, base, term)).toEqual({ count: postings.length, postings });
          }
          expect(read(fields, segment.bits, base, 'absent term')).toEqual({ count: 0, postings: null });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('spread terms over more buckets as they grow, about TERMS_PER_BUCKET each', () => {
    expect(bucketBitsFor(0)).toBe(0);
    expect(bucketBitsFor(TERMS_PER_BUCKET)).toBe(0);
    expect(bucketBitsFor(TERMS_PER_BUCKET + 1)).toBe(1);
    expect(bucketBitsFor(TERMS_PER_BUCKET * 1000)).toBe(10);
    expect(bucketBitsFor(10, 4)).toBe(4);
    const terms = Array.from({ length: 5000 }, (_, i) => `term${i}`);
    const segment = encodeSegment(build(0, [terms.map((term): [string, number] => [term, 1])]));
    // Two fields (postings and counts) per non-empty bucket.
    expect(segment.fields.length / 2).toBeGreaterThan(5000 / TERMS_PER_BUCKET / 2);
    expect(segment.fields.length / 2).toBeLessThanOrEqual(2 ** segment.bits);
  });

  it('merge into one segment holding the live postings of all, even across bucket sizes', () => {
    fc.assert(
      fc.property(
        batch,
        batch,
        fc.integer({ min: 0, max: 3 }),
        fc.func(fc.boolean()),
        fc.boolean(),
        (older, newer, extraBits, keep, olderLive) => {
          // The older segment's stories all live (its chunks are copied) or some removed (decoded and filtered).
          const live = (docid: number) => (olderLive && docid < secondBase) || keep(docid);
          const firstBase = 100;
          const secondBase = firstBase + older.length;
          const first = encodeSegment(build(firstBase, older));
          const second = encodeSegment(build(secondBase, newer), bucketBitsFor(0, first.bits + extraBits));
          const postingsOf = (segment: ReturnType<typeof encodeSegment>) =>
            segment.fields.filter(([name]) => !name.startsWith('#')).map(([, value]) => value);
          const merged = mergeSegmentTerms(
            [
              { base: secondBase, fields: postingsOf(second) },
              { base: firstBase, fields: postingsOf(first), allLive: olderLive },
            ],
            firstBase,
            live,
          );
          const segment = encodeSegment(merged);
          const fields = new Map(segment.fields);
          const want = expected(firstBase, [...older, ...newer], live);
          expect(merged).toHaveLength(want.size);
          for (const [term, postings] of want) {
            expect(read(fields, segment.bits, firstBase, term)).toEqual({ count: postings.length, postings });
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('copy the several chunks of an already merged segment again, each moved to the new base', () => {
    const stories = (from: number) =>
      Array.from({ length: 5 }, (_, i): Array<[string, number]> => [
        ['common', from + i + 1],
        ...(i % 2 === 0 ? [['even', 9] as [string, number]] : []),
      ]);
    const postingsOf = (segment: ReturnType<typeof encodeSegment>) =>
      segment.fields.filter(([name]) => !name.startsWith('#')).map(([, value]) => value);
    const all = () => true;
    const once = mergeSegmentTerms(
      [
        { base: 10, fields: postingsOf(encodeSegment(build(10, stories(0)))), allLive: true },
        { base: 15, fields: postingsOf(encodeSegment(build(15, stories(5)))), allLive: true },
      ],
      10,
      all,
    );
    const twice = encodeSegment(
      mergeSegmentTerms(
        [
          { base: 10, fields: postingsOf(encodeSegment(once)), allLive: true },
          { base: 20, fields: postingsOf(encodeSegment(build(20, stories(10)))), allLive: true },
        ],
        10,
        all,
      ),
    );
    const fields = new Map(twice.fields);
    for (const [term, postings] of expected(10, [...stories(0), ...stories(5), ...stories(10)])) {
      expect(read(fields, twice.bits, 10, term)).toEqual({ count: postings.length, postings });
    }
  });

  it('list every term of a postings field in stored order', () => {
    const terms = build(0, [
      [
        ['alpha', 3],
        ['beta', 4],
      ],
      [['alpha', 5]],
    ]);
    const segment = encodeSegment(terms, 0);
    const [, field] = segment.fields.find(([name]) => name === postingsField(0)) as [string, Buffer];
    const listed = [...bucketTerms(field)].map(({ key, chunk }) => ({ key, docs: [...decodePostings(chunk).docs] }));
    expect(listed).toEqual([
      { key: termKey('alpha'), docs: [0, 1] },
      { key: termKey('beta'), docs: [0] },
    ]);
  });
});
