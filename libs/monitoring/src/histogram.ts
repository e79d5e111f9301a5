/** A Prometheus histogram as cumulative bucket counts by upper bound (the last bound is Infinity), plus its count. */
export interface Histogram {
  buckets: Array<{ le: number; count: number }>;
  count: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;

/**
 * Reads one histogram from Prometheus text exposition, summing the series of every label set (several services or
 * replicas scraped into one text); null when the text holds none of it.
 */
export function parseHistogram(text: string, name: string): Histogram | null {
  const byBound = new Map<number, number>();
  let count = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const [, metric, labels = '', raw = ''] = match;
    const value = Number(raw);
    if (!Number.isFinite(value)) continue;
    if (metric === `${name}_bucket`) {
      const le = /(?:^|,)le="([^"]+)"/.exec(labels)?.[1];
      if (le === undefined) continue;
      const bound = le === '+Inf' ? Infinity : Number(le);
      byBound.set(bound, (byBound.get(bound) ?? 0) + value);
      found = true;
    } else if (metric === `${name}_count`) {
      count += value;
      found = true;
    }
  }
  if (!found) return null;
  const buckets = [...byBound.entries()]
    .sort(([a], [b]) => a - b)
    .map(([le, bucketCount]) => ({ le, count: bucketCount }));
  return { buckets, count };
}

/** What was observed between two readings of the same histogram (a restarted target starts again from zero). */
export function histogramIncrease(later: Histogram, earlier: Histogram | null): Histogram {
  if (!earlier || earlier.count > later.count) return later;
  const before = new Map(earlier.buckets.map((bucket) => [bucket.le, bucket.count]));
  return {
    buckets: later.buckets.map(({ le, count }) => ({ le, count: Math.max(0, count - (before.get(le) ?? 0)) })),
    count: later.count - earlier.count,
  };
}

/**
 * The q-quantile (0..1) of a histogram, interpolated linearly inside its bucket as Prometheus' histogram_quantile
 * does; null when nothing was observed. A quantile in the +Inf bucket is reported as the largest finite bound.
 */
export function histogramQuantile(q: number, histogram: Histogram): number | null {
  const total = histogram.buckets[histogram.buckets.length - 1]?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of histogram.buckets) {
    if (count >= rank) {
      if (le === Infinity) return lowerBound;
      if (count === lowerCount) return le;
      return lowerBound + ((le - lowerBound) * (rank - lowerCount)) / (count - lowerCount);
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}
