import { MAX_SEGMENT_STORIES, MERGE_FANOUT, planMerge, sizeClass } from './segment-merger';
import type { SegmentInfo } from './segment-registry';

const NOW = 1_000_000;
const OLD = NOW - 120_000;

/** Adjacent segments of these sizes, from docid 1, all written long ago unless `createdMs` says otherwise. */
function segments(sizes: readonly number[], createdMs: (index: number) => number = () => OLD): SegmentInfo[] {
  let lo = 1;
  return sizes.map((stories, index) => {
    const segment = {
      id: String(index),
      lo,
      hi: lo + stories - 1,
      stories,
      terms: 100,
      bits: 3,
      createdMs: createdMs(index),
    };
    lo += stories;
    return segment;
  });
}

const ids = (run: SegmentInfo[] | null) => run?.map((segment) => segment.id) ?? null;

describe('planMerge', () => {
  it('merges the oldest run of MERGE_FANOUT adjacent segments of one size class', () => {
    const written = segments([...Array<number>(MERGE_FANOUT + 2).fill(500)]);
    expect(ids(planMerge(written, NOW))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(planMerge(written.slice(0, MERGE_FANOUT - 1), NOW)).toBeNull();
  });

  it('never merges across another size class, or a segment too young to be committed', () => {
    const sizes = [500, 500, 500, 5000, ...Array<number>(MERGE_FANOUT).fill(500)];
    expect(ids(planMerge(segments(sizes), NOW))).toEqual(['4', '5', '6', '7', '8', '9', '10', '11']);
    const young = segments([...Array<number>(MERGE_FANOUT).fill(500)], (index) => (index === 3 ? NOW : OLD));
    expect(planMerge(young, NOW)).toBeNull();
  });

  it('spans a docid gap only once no writer can still fill it', () => {
    const written = segments([...Array<number>(MERGE_FANOUT).fill(500)]).map((segment, index) =>
      index >= 4 ? { ...segment, lo: segment.lo + 10, hi: segment.hi + 10 } : segment,
    );
    expect(ids(planMerge(written, NOW))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    const recent = written.map((segment) => ({ ...segment, createdMs: NOW - 10_000 }));
    expect(planMerge(recent, NOW)).toBeNull();
  });

  it('stops a run at MAX_SEGMENT_STORIES, since a search decodes a segment term whole', () => {
    const big = Math.floor(MAX_SEGMENT_STORIES / 3);
    expect(sizeClass(big)).toBe(sizeClass(big + 1));
    expect(ids(planMerge(segments([big, big, big, big]), NOW))).toEqual(['0', '1', '2']);
  });
});
