import {
  consumerMetrics,
  httpMetrics,
  PipelineMetrics,
  publisherMetrics,
  redisMetrics,
  ServiceMetrics,
} from './service-metrics';

describe('ServiceMetrics', () => {
  it('turns what the seams report into Prometheus series named cleanwire_<thing>_<unit>', async () => {
    const metrics = new ServiceMetrics('indexer');
    httpMetrics(metrics).requestFinished({ method: 'GET', route: '/v1/stories/:id', status: 404, seconds: 0.003 });
    const consumer = consumerMetrics(metrics);
    consumer.batchHandled?.({ topic: 'stories.clean.v1', partition: 1, records: 7, seconds: 0.02 });
    consumer.retried?.({ topic: 'stories.clean.v1', partition: 1, records: 7, attempt: 1 });
    consumer.deadLettered?.({ topic: 'stories.clean.v1', partition: 1, reason: 'schema-violation' });
    publisherMetrics(metrics).published?.({ topic: 'stories.clean.v1.dlq', records: 1, seconds: 0.004 });
    redisMetrics(metrics)({ what: 'saving stories', seconds: 0.001, failed: true });

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'cleanwire_http_requests_total{method="GET",route="/v1/stories/:id",status="404",service="indexer"} 1',
    );
    expect(text).toContain('cleanwire_records_consumed_total{topic="stories.clean.v1",service="indexer"} 7');
    expect(text).toContain('cleanwire_batch_records_sum{service="indexer",topic="stories.clean.v1"} 7');
    expect(text).toContain('cleanwire_batch_retries_total{topic="stories.clean.v1",service="indexer"} 1');
    expect(text).toContain(
      'cleanwire_dead_letters_total{topic="stories.clean.v1",reason="schema-violation",service="indexer"} 1',
    );
    expect(text).toContain('cleanwire_records_produced_total{topic="stories.clean.v1.dlq",service="indexer"} 1');
    expect(text).toContain(
      'cleanwire_redis_call_duration_seconds_count{service="indexer",operation="saving stories",outcome="error"} 1',
    );
    expect(text).toContain('cleanwire_nodejs_eventloop_lag_seconds');
    for (const name of text.match(/^cleanwire_[a-z_]+/gm) ?? []) expect(name).toMatch(/^cleanwire_[a-z0-9_]+$/);
  });

  it('observes freshness from receipt to storage, and shows pipeline series only where they are reported', async () => {
    const metrics = new ServiceMetrics('indexer');
    const pipeline = new PipelineMetrics(metrics);
    expect(await metrics.registry.metrics()).not.toContain('cleanwire_stories_stored_total');
    const now = Date.parse('2026-01-01T00:00:10.000Z');
    pipeline.storiesStored(
      [{ receivedAt: '2026-01-01T00:00:09.700Z' }, { receivedAt: '2026-01-01T00:00:07.000Z' }],
      now,
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain('cleanwire_stories_stored_total{service="indexer"} 2');
    expect(text).toContain('cleanwire_story_freshness_seconds_bucket{le="0.5",service="indexer"} 1');
    expect(text).toContain('cleanwire_story_freshness_seconds_bucket{le="5",service="indexer"} 2');
    expect(text).not.toContain('cleanwire_cuts_total');
  });
});
