import { CONSUMER_STATUSES } from '@cleanwire/monitoring';
import type { ServiceMetrics } from '@cleanwire/metrics';
import type { Snapshot } from './offset-sampler';

/** Consumer lag as Prometheus gauges, read from the sampler's newest snapshot at each scrape. */
export function consumerLagMetrics(metrics: ServiceMetrics, latest: () => Snapshot | undefined): void {
  const partitions = (snapshot: Snapshot | undefined) =>
    (snapshot?.groups ?? []).flatMap((group) => group.partitions.map((p) => ({ group: group.group, ...p })));
  metrics.gauge(
    'cleanwire_consumer_lag_messages',
    'Records a group has not read yet',
    ['group', 'topic', 'partition'],
    (gauge) => {
      gauge.reset();
      for (const p of partitions(latest()))
        gauge.set({ group: p.group, topic: p.topic, partition: String(p.partition) }, p.lag);
    },
  );
  metrics.gauge(
    'cleanwire_consumer_lag_seconds',
    'Age of the oldest record a group has not read yet',
    ['group', 'topic', 'partition'],
    (gauge) => {
      gauge.reset();
      for (const p of partitions(latest())) {
        gauge.set({ group: p.group, topic: p.topic, partition: String(p.partition) }, p.lagSeconds);
      }
    },
  );
  metrics.gauge(
    'cleanwire_consumer_group_status',
    "A group's Burrow-style status: 1 for the status it is in, 0 for the others",
    ['group', 'status'],
    (gauge) => {
      gauge.reset();
      for (const group of latest()?.groups ?? []) {
        for (const status of CONSUMER_STATUSES)
          gauge.set({ group: group.group, status }, group.status === status ? 1 : 0);
      }
    },
  );
}
