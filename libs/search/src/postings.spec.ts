import fc from 'fast-check';
import { decodePostings, encodePostingChunk, intersectDocs, scorePostings, subtractDocs, unionDocs } from './postings';

const concat = (...chunks: Uint8Array[]) => Uint8Array.from(chunks.flatMap((chunk) => [...chunk]));
const sortedDistinct = fc
  .uniqueArray(fc.integer({ min: 0, max: 70_000 }), { maxLength: 200 })
  .map((a) => a.sort((x, y) => x - y));

describe('postings', () => {
  it('round-trips chunks appended in any order, docids ascending', () => {
    fc.assert(
      fc.property(fc.array(sortedDistinct, { maxLength: 5 }), (chunks) => {
        const bytes = concat(
          ...chunks.map((offsets) =>
            encodePostingChunk(
              offsets,
              offsets.map((o) => (o % 255) + 1),
            ),
          ),
        );
        const all = [...new Set(chunks.flat())].sort((a, b) => a - b);
        const decoded = decodePostings(bytes, 1000);
        expect([...decoded.docs]).toEqual(all.map((o) => o + 1000));
        decoded.docs.forEach((doc, i) => expect(decoded.impacts[i]).toBe(((doc - 1000) % 255) + 1));
      }),
    );
  });

  it('takes about two bytes per posting for dense lists', () => {
    const offsets = Array.from({ length: 1000 }, (_, i) => i * 3);
    expect(
      encodePostingChunk(
        offsets,
        offsets.map(() => 9),
      ).length,
    ).toBeLessThan(2010);
  });

  it('ignores a truncated tail and refuses descending offsets', () => {
    const bytes = encodePostingChunk([1, 300, 70_000], [5, 6, 7]);
    expect([...decodePostings(bytes.subarray(0, bytes.length - 1)).docs]).toEqual([1, 300]);
    expect(() => encodePostingChunk([5, 3], [1, 1])).toThrow(RangeError);
  });
});

describe('combining posting lists', () => {
  const list = (docs: number[], weight = 1) =>
    scorePostings({ docs: Int32Array.from(docs), impacts: Uint8Array.from(docs.map(() => 2)) }, weight);

  it('intersects with scores summed, unions with scores summed, subtracts exclusions', () => {
    const both = intersectDocs([list([1, 3, 5, 7, 9]), list([3, 4, 5, 10], 2)]);
    expect([...both.docs]).toEqual([3, 5]);
    expect([...both.scores]).toEqual([6, 6]);
    const either = unionDocs([list([1, 3]), list([3, 4])]);
    expect([...either.docs]).toEqual([1, 3, 4]);
    expect([...either.scores]).toEqual([2, 4, 2]);
    expect([...subtractDocs(list([1, 2, 3, 4]), [Int32Array.from([2, 4, 6])]).docs]).toEqual([1, 3]);
  });

  it('intersects like a set intersection', () => {
    fc.assert(
      fc.property(sortedDistinct, sortedDistinct, sortedDistinct, (a, b, c) => {
        const expected = a.filter((x) => b.includes(x) && c.includes(x));
        expect([...intersectDocs([list(a), list(b), list(c)]).docs]).toEqual(expected);
      }),
    );
  });
});
