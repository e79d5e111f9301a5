import { histogramIncrease, histogramQuantile, parseHistogram } from './histogram';

const exposition = (service: string, counts: number[]) => `# HELP x_seconds help
# TYPE x_seconds histogram
x_seconds_bucket{le="0.5",service="${service}"} ${counts[0]}
x_seconds_bucket{le="1",service="${service}"} ${counts[1]}
x_seconds_bucket{le="2",service="${service}"} ${counts[2]}
x_seconds_bucket{le="+Inf",service="${service}"} ${counts[3]}
x_seconds_sum{service="${service}"} 12.5
x_seconds_count{service="${service}"} ${counts[3]}
other_total 4
`;

describe('parseHistogram', () => {
  it('sums the series of several targets by bound', () => {
    const histogram = parseHistogram(exposition('a', [1, 2, 3, 4]) + exposition('b', [0, 10, 10, 10]), 'x_seconds');
    expect(histogram).toEqual({
      buckets: [
        { le: 0.5, count: 1 },
        { le: 1, count: 12 },
        { le: 2, count: 13 },
        { le: Infinity, count: 14 },
      ],
      count: 14,
    });
  });

  it('is null when the text does not hold the histogram', () => {
    expect(parseHistogram('other_total 4\n', 'x_seconds')).toBeNull();
  });
});

describe('histogramQuantile', () => {
  const histogram = parseHistogram(exposition('a', [50, 90, 99, 100]), 'x_seconds')!;

  it('interpolates inside the bucket holding the rank', () => {
    expect(histogramQuantile(0.5, histogram)).toBe(0.5);
    expect(histogramQuantile(0.7, histogram)).toBeCloseTo(0.75);
    expect(histogramQuantile(0.99, histogram)).toBeCloseTo(2);
  });

  it('reports the largest finite bound for ranks in +Inf, and null for an empty histogram', () => {
    expect(histogramQuantile(1, histogram)).toBe(2);
    expect(histogramQuantile(0.5, { buckets: [{ le: Infinity, count: 0 }], count: 0 })).toBeNull();
  });

  it('measures only what was observed between two readings', () => {
    const earlier = parseHistogram(exposition('a', [40, 40, 40, 40]), 'x_seconds');
    const increase = histogramIncrease(histogram, earlier);
    expect(increase.count).toBe(60);
    // Ranks 30 of 60: 20 into the (0.5, 1] bucket's 40.
    expect(histogramQuantile(0.5, increase)).toBeCloseTo(0.75, 5);
    // A target that restarted counts from zero again.
    expect(histogramIncrease(earlier!, histogram)).toBe(earlier);
  });
});
