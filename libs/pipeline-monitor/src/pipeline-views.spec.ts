import type { Snapshot } from './offset-sampler';
import { freshnessView, series, topicViews } from './pipeline-views';

const histogram = (counts: [number, number, number]) => ({
  buckets: [
    { le: 0.5, count: counts[0] },
    { le: 1, count: counts[1] },
    { le: Infinity, count: counts[2] },
  ],
  count: counts[2],
});

function snapshot(at: number, rawEnd: number, lag: number, freshness: [number, number, number] | null): Snapshot {
  return {
    at,
    topics: [
      {
        topic: 'articles.raw.v1',
        partitions: [
          { partition: 0, start: 0, end: rawEnd },
          { partition: 1, start: 2, end: 2 },
        ],
      },
    ],
    groups: [
      {
        group: 'cleanwire-normalizer',
        state: 'unknown',
        members: 'unknown',
        topics: ['articles.raw.v1'],
        partitions: [],
        lag,
        lagSeconds: lag / 10,
        status: 'OK',
      },
    ],
    freshness: freshness ? histogram(freshness) : null,
  };
}

describe('the pipeline views', () => {
  // Samples every 30 s: the minute's window runs from the second to the fourth.
  const history = [
    snapshot(0, 0, 0, null),
    snapshot(30_000, 100, 5, [10, 10, 10]),
    snapshot(60_000, 400, 20, [10, 30, 30]),
    snapshot(90_000, 700, 0, [60, 110, 110]),
  ];

  it('counts messages per topic and the produce rate over the last minute', () => {
    expect(topicViews(history)).toEqual([
      {
        topic: 'articles.raw.v1',
        partitions: [
          { partition: 0, start: 0, end: 700, messages: 700 },
          { partition: 1, start: 2, end: 2, messages: 0 },
        ],
        messages: 700,
        producedPerSecond: 10,
      },
    ]);
    expect(topicViews([])).toEqual([]);
  });

  it('gives the charts a throughput and lag point per sample', () => {
    expect(
      series(history).map((point) => [point.produced['articles.raw.v1'], point.lag['cleanwire-normalizer']]),
    ).toEqual([
      [0, { messages: 0, seconds: 0 }],
      [100 / 30, { messages: 5, seconds: 0.5 }].map((v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)),
      [10, { messages: 20, seconds: 2 }],
      [10, { messages: 0, seconds: 0 }],
    ]);
  });

  it('measures freshness over the stories stored in the last minute only', () => {
    // 100 stories in the minute: 50 under half a second, 50 between half a second and one.
    expect(freshnessView(history)).toEqual({ stories: 100, p50Seconds: 0.5, p99Seconds: 0.99, windowSeconds: 60 });
    expect(freshnessView(history.slice(0, 1))).toEqual({
      stories: 0,
      p50Seconds: null,
      p99Seconds: null,
      windowSeconds: 0,
    });
  });
});
