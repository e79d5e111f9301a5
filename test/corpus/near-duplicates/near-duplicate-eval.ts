// Scores the near-duplicate functions of @cleanwire/search on the labelled pairs, the way the index links stories:
// a pair is linked when the two signatures share MIN_SHARED_BUCKETS LSH buckets and the exact containment check agrees.
import { isNearDuplicate, lshBuckets, MIN_SHARED_BUCKETS, minhashSignature } from '@cleanwire/search';
import { type LabelledPair, labelledPairs } from './pairs';

export interface NearDuplicateScore {
  pairs: number;
  precision: number;
  recall: number;
  /** Duplicates whose signatures shared no bucket: lost before verification. */
  missedByLsh: number;
  byKind: Record<string, { pairs: number; linked: number }>;
}

/** Whether the index would link b to a. */
export function linked(pair: Pick<LabelledPair, 'a' | 'b'>): boolean {
  const left = minhashSignature(pair.a);
  const right = minhashSignature(pair.b);
  if (left === undefined || right === undefined) return false;
  const buckets = new Set(lshBuckets(left));
  if (lshBuckets(right).filter((bucket) => buckets.has(bucket)).length < MIN_SHARED_BUCKETS) return false;
  return isNearDuplicate(pair.a, pair.b);
}

export function scoreNearDuplicates(pairs: readonly LabelledPair[] = labelledPairs()): NearDuplicateScore {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let missedByLsh = 0;
  const byKind: NearDuplicateScore['byKind'] = {};
  for (const pair of pairs) {
    const link = linked(pair);
    const kind = (byKind[pair.kind] ??= { pairs: 0, linked: 0 });
    kind.pairs++;
    if (link) kind.linked++;
    if (link && pair.duplicate) truePositives++;
    else if (link) falsePositives++;
    else if (pair.duplicate) {
      falseNegatives++;
      if (isNearDuplicate(pair.a, pair.b)) missedByLsh++;
    }
  }
  return {
    pairs: pairs.length,
    precision: truePositives / (truePositives + falsePositives || 1),
    recall: truePositives / (truePositives + falseNegatives || 1),
    missedByLsh,
    byKind,
  };
}
