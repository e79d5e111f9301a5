import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CleanStory } from '@cleanwire/contracts';
import type { FinishedRequest, HttpObserver } from '@cleanwire/http';
import type { ConsumerObserver, PublisherObserver } from '@cleanwire/kafka';
import type { RedisCallEvent } from '@cleanwire/redis';

const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
/** From ingest's receipt to queryable: sub-second when the pipeline keeps up, minutes when it is behind. */
export const FRESHNESS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 5, 10, 30, 60, 120, 300, 600];
export const FRESHNESS_METRIC = 'cleanwire_story_freshness_seconds';

/**
 * A service's Prometheus registry: process and event-loop metrics (prefixed `cleanwire_`) and every instrument the
 * service's parts report to, each labelled with the service's name.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'cleanwire_' });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect?: (gauge: Gauge<L>) => void,
  ): Gauge<L> {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect
        ? {
            collect(this: Gauge<L>) {
              collect(this);
            },
          }
        : {}),
    });
  }
}

/** HTTP requests by route and status, and their latency. */
export function httpMetrics(metrics: ServiceMetrics): HttpObserver {
  const requests = metrics.counter('cleanwire_http_requests_total', 'HTTP requests answered', [
    'method',
    'route',
    'status',
  ]);
  const duration = metrics.histogram(
    'cleanwire_http_request_duration_seconds',
    'Time from receiving an HTTP request to sending its answer',
    ['method', 'route', 'status'],
    SECONDS_BUCKETS,
  );
  return {
    requestFinished({ method, route, status, seconds }: FinishedRequest) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}

/** Records consumed, batch sizes and handling time, retries and dead letters, per topic. */
export function consumerMetrics(metrics: ServiceMetrics): ConsumerObserver {
  const consumed = metrics.counter('cleanwire_records_consumed_total', 'Records handled by the consumer', ['topic']);
  const batchSize = metrics.histogram('cleanwire_batch_records', 'Records per handled batch', ['topic'], BATCH_BUCKETS);
  const batchTime = metrics.histogram(
    'cleanwire_batch_duration_seconds',
    'Time to handle a batch, retries included',
    ['topic'],
    SECONDS_BUCKETS,
  );
  const retries = metrics.counter('cleanwire_batch_retries_total', 'Retriable failures of a batch or record', [
    'topic',
  ]);
  const deadLetters = metrics.counter('cleanwire_dead_letters_total', 'Records parked on a dead-letter topic', [
    'topic',
    'reason',
  ]);
  return {
    batchHandled({ topic, records, seconds }) {
      consumed.inc({ topic }, records);
      batchSize.observe({ topic }, records);
      batchTime.observe({ topic }, seconds);
    },
    retried({ topic }) {
      retries.inc({ topic });
    },
    deadLettered({ topic, reason }) {
      deadLetters.inc({ topic, reason });
    },
  };
}

/** Records the broker acknowledged, per topic, and how long the acknowledgement took. */
export function publisherMetrics(metrics: ServiceMetrics): PublisherObserver {
  const produced = metrics.counter('cleanwire_records_produced_total', 'Records the broker acknowledged', ['topic']);
  const latency = metrics.histogram(
    'cleanwire_produce_duration_seconds',
    'Time from sending records to their acknowledgement by all in-sync replicas',
    ['topic'],
    SECONDS_BUCKETS,
  );
  return {
    published({ topic, records, seconds }) {
      produced.inc({ topic }, records);
      latency.observe({ topic }, seconds);
    },
  };
}

/** Redis call latency by what the call did, and whether it failed. */
export function redisMetrics(metrics: ServiceMetrics): (call: RedisCallEvent) => void {
  const latency = metrics.histogram(
    'cleanwire_redis_call_duration_seconds',
    'Time of one Redis call or pipeline',
    ['operation', 'outcome'],
    SECONDS_BUCKETS,
  );
  return ({ what, seconds, failed }) => latency.observe({ operation: what, outcome: failed ? 'error' : 'ok' }, seconds);
}

/** Consumer offsets the broker reset because it no longer held them: data loss on real Kafka. */
export function offsetResetMetrics(metrics: ServiceMetrics, resets: () => number): void {
  new Counter({
    name: 'cleanwire_consumer_offset_resets_total',
    help: 'Consumer offsets the broker reset because it no longer held them (data loss on real Kafka)',
    registers: [metrics.registry],
    collect(this: Counter) {
      this.reset();
      this.inc(resets());
    },
  });
}

/**
 * What the pipeline did to stories: cuts by reason (normalizer), stories stored and their freshness (indexer). The
 * instruments are made on first use, so a service shows only the ones it reports to.
 */
export class PipelineMetrics {
  private cleanedMetrics?: { cleaned: Counter; cuts: Counter<'reason'> };
  private storedMetrics?: { stored: Counter; freshness: Histogram };

  constructor(private readonly metrics: ServiceMetrics) {}

  storiesCleaned(stories: readonly Pick<CleanStory, 'cuts'>[]): void {
    this.cleanedMetrics ??= {
      cleaned: this.metrics.counter('cleanwire_stories_cleaned_total', 'Stories the normalizer cleaned and published'),
      cuts: this.metrics.counter('cleanwire_cuts_total', 'Lines cut from raw articles, by reason', ['reason']),
    };
    this.cleanedMetrics.cleaned.inc(stories.length);
    for (const story of stories) for (const cut of story.cuts) this.cleanedMetrics.cuts.inc({ reason: cut.reason });
  }

  /** Call after the index acknowledged the write: each story is queryable from `now`. */
  storiesStored(stories: readonly Pick<CleanStory, 'receivedAt'>[], now = Date.now()): void {
    this.storedMetrics ??= {
      stored: this.metrics.counter('cleanwire_stories_stored_total', 'Stories written to the index'),
      freshness: this.metrics.histogram(
        FRESHNESS_METRIC,
        "Time from ingest receiving an article to its story being queryable (observed after the index's write)",
        [],
        FRESHNESS_BUCKETS,
      ),
    };
    this.storedMetrics.stored.inc(stories.length);
    for (const story of stories) {
      this.storedMetrics.freshness.observe(Math.max(0, (now - Date.parse(story.receivedAt)) / 1000));
    }
  }
}
