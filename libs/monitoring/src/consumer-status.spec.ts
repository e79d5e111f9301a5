import fc from 'fast-check';
import {
  CONSUMER_STATUSES,
  groupCommits,
  lagOf,
  type OffsetObservation,
  partitionStatus,
  worstStatus,
} from './consumer-status';

const window = (...points: Array<[committed: number, end: number]>): OffsetObservation[] =>
  points.map(([committed, end], index) => ({ at: index * 5000, committed, end }));

describe('partitionStatus', () => {
  it('is OK when the lag touched zero anywhere in the window', () => {
    expect(partitionStatus(window([5, 10], [6, 20], [20, 20], [20, 30]), true)).toBe('OK');
  });

  it('is OK while the consumer moves and the lag does not keep growing', () => {
    expect(partitionStatus(window([0, 10], [5, 20], [15, 22], [21, 25]), true)).toBe('OK');
  });

  it('is WARNING when the consumer moves but the lag grows at every step', () => {
    expect(partitionStatus(window([0, 10], [2, 20], [4, 30], [6, 40]), true)).toBe('WARNING');
  });

  it('is STALLED when the offset stands still with lag while the group commits elsewhere', () => {
    expect(partitionStatus(window([7, 10], [7, 12], [7, 12]), true)).toBe('STALLED');
  });

  it('is STOPPED when the offset stands still with lag and the group commits nowhere', () => {
    expect(partitionStatus(window([7, 10], [7, 12], [7, 12]), false)).toBe('STOPPED');
    expect(partitionStatus(window([-1, 3], [-1, 3]), false)).toBe('STOPPED');
  });

  it('does not judge a single observation', () => {
    expect(partitionStatus(window([0, 100]), false)).toBe('OK');
    expect(partitionStatus([], false)).toBe('OK');
  });

  it('is always OK for a consumer that is caught up at the end of its window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (points, moving) => {
          const caughtUp = [
            ...points.map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
            [2000, 2000] as [number, number],
          ];
          expect(partitionStatus(window(...caughtUp), moving)).toBe('OK');
        },
      ),
    );
  });
});

describe('lagOf, groupCommits and worstStatus', () => {
  it('counts a partition the group never committed on from its start', () => {
    expect(lagOf({ at: 0, committed: -1, end: 12 }, 4)).toBe(8);
    expect(lagOf({ at: 0, committed: 12, end: 12 })).toBe(0);
  });

  it('sees a group commit when any partition moved', () => {
    expect(groupCommits([window([3, 3], [3, 5]), window([1, 9], [2, 9])])).toBe(true);
    expect(groupCommits([window([3, 3], [3, 5]), window([1, 9])])).toBe(false);
  });

  it('takes the worst status', () => {
    expect(worstStatus(['OK', 'STALLED', 'WARNING'])).toBe('STALLED');
    expect(worstStatus([])).toBe('OK');
    expect(worstStatus(CONSUMER_STATUSES)).toBe('STOPPED');
  });
});
