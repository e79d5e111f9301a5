import { chosenCandidates } from './near-duplicate.store';

const member = (n: number): string => `${String(n).padStart(13, '0')}:story-${n}`;
const states = new Map<string, { id: string; member: string }>(
  Array.from({ length: 100 }, (_, n) => [`near-${n}`, { id: `story-${n}`, member: member(n) }] as const),
);
const candidateOf = (near: string) => states.get(near);

describe('chosenCandidates', () => {
  it('verifies the candidates that shared two buckets or more, earliest first, never one that shared one', () => {
    const shared = new Map<string, number>([
      ['near-50', 1],
      ['near-9', 3],
      ['near-2', 1],
      ['near-70', 12],
      ['near-99', 2],
    ]);
    expect(chosenCandidates(shared, candidateOf).map((candidate) => candidate.id)).toEqual([
      'story-9',
      'story-70',
      'story-99',
    ]);
  });

  it('skips candidates whose state is gone and bounds the verifications', () => {
    const shared = new Map<string, number>([['near-gone', 5]]);
    for (let n = 99; n >= 0; n--) shared.set(`near-${n}`, 2);
    const chosen = chosenCandidates(shared, candidateOf);
    expect(chosen.map((candidate) => candidate.id)).toEqual(Array.from({ length: 64 }, (_, n) => `story-${n}`));
    expect(chosenCandidates(undefined, candidateOf)).toEqual([]);
  });
});
