import { RetriableError } from '@cleanwire/contracts';
import type { Logger } from '@cleanwire/logging';
import {
  type ConsumerStatus,
  groupCommits,
  type Histogram,
  lagOf,
  type OffsetObservation,
  parseHistogram,
  partitionStatus,
  worstStatus,
} from '@cleanwire/monitoring';
import type { LazyAdmin } from './kafka-admin';
import type { PartitionReader } from './partition-reader';

export interface PartitionOffsets {
  partition: number;
  /** The oldest offset the partition still holds. */
  start: number;
  /** The high watermark: the offset the next record will get. */
  end: number;
}

export interface TopicOffsets {
  topic: string;
  partitions: PartitionOffsets[];
}

export interface GroupPartition {
  topic: string;
  partition: number;
  /** The next offset the group will read; -1 when it committed none here. */
  committed: number;
  end: number;
  lag: number;
  /** Age of the oldest record the group has not read; 0 without lag. */
  lagSeconds: number;
  status: ConsumerStatus;
}

export interface GroupSnapshot {
  group: string;
  /** The group's state as the broker says (Stable, Empty...), or `unknown` where it cannot say (no DescribeGroups). */
  state: string;
  /** Member client ids, or `unknown`. */
  members: string[] | 'unknown';
  topics: string[];
  partitions: GroupPartition[];
  lag: number;
  lagSeconds: number;
  status: ConsumerStatus;
}

export interface Snapshot {
  at: number;
  topics: TopicOffsets[];
  groups: GroupSnapshot[];
  /** The freshness histogram summed over the scraped services, null when none answered with it. */
  freshness: Histogram | null;
}

export interface SamplerOptions {
  /** Groups watched even where the broker cannot list groups (librdkafka's mock cluster). */
  groups: readonly string[];
  intervalMs: number;
  /** Observations per partition the status is judged over (Burrow's window). */
  windowSamples: number;
  /** How long snapshots are kept for the charts. */
  historyMs: number;
  /** Prometheus endpoints to read the freshness histogram from (the indexers). */
  metricsUrls: readonly string[];
  freshnessMetric: string;
}

/** Topics a person did not make: the broker's own (`__consumer_offsets`) and the mock cluster's keepalive. */
const isInternal = (topic: string): boolean => topic.startsWith('_');

/**
 * Samples every topic's offsets and every group's committed offsets at a fixed interval, keeps the snapshots for the
 * charts, and judges each group over a sliding window of them, as Burrow does.
 */
export class OffsetSampler {
  private readonly snapshots: Snapshot[] = [];
  private readonly timestamps = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private first: Promise<Snapshot> | null = null;
  private canListGroups = true;
  private canDescribeGroups = true;

  constructor(
    private readonly admin: LazyAdmin,
    private readonly reader: PartitionReader,
    private readonly options: SamplerOptions,
    private readonly logger: Logger,
  ) {}

  /** Starts sampling; the first snapshot is taken at once, each next one an interval after the previous ended. */
  start(): void {
    this.running = true;
    const next = (): void => {
      if (!this.running) return;
      this.timer = setTimeout(() => {
        this.tick().then(next, next);
      }, this.options.intervalMs);
    };
    this.first ??= this.tick();
    this.first.then(next, next);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The newest snapshot; waits for the first one, or takes one when sampling has not started. */
  async latest(): Promise<Snapshot> {
    const newest = this.snapshots[this.snapshots.length - 1];
    if (newest) return newest;
    this.first ??= this.tick();
    try {
      return await this.first;
    } catch (error) {
      // The next caller tries again rather than getting the same old failure.
      this.first = null;
      throw error;
    }
  }

  /** The newest snapshot if there is one yet. */
  peek(): Snapshot | undefined {
    return this.snapshots[this.snapshots.length - 1];
  }

  /** Every kept snapshot, oldest first. */
  history(): readonly Snapshot[] {
    return this.snapshots;
  }

  /** Takes one snapshot now and keeps it. */
  async tick(): Promise<Snapshot> {
    try {
      const snapshot = await this.sample();
      this.snapshots.push(snapshot);
      while (this.snapshots.length > 1 && snapshot.at - this.snapshots[0]!.at > this.options.historyMs) {
        this.snapshots.shift();
      }
      return snapshot;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not sample offsets');
      throw new RetriableError('the Kafka brokers did not answer the monitor', { cause: error });
    }
  }

  private async sample(): Promise<Snapshot> {
    const admin = await this.admin.get();
    const at = Date.now();
    const names = (await admin.listTopics()).filter((topic) => !isInternal(topic)).sort();
    const topics = await Promise.all(names.map((topic) => this.topicOffsets(topic)));
    const [groups, freshness] = await Promise.all([this.groups(topics, at), this.freshness()]);
    return { at, topics, groups, freshness };
  }

  private async topicOffsets(topic: string): Promise<TopicOffsets> {
    return { topic, partitions: await this.admin.offsets(topic) };
  }

  private async groups(topics: readonly TopicOffsets[], at: number): Promise<GroupSnapshot[]> {
    const ids = new Set(this.options.groups);
    for (const id of await this.listGroups()) ids.add(id);
    const descriptions = await this.describeGroups([...ids]);
    const snapshots = await Promise.all(
      [...ids].sort().map((group) => this.group(group, topics, at, descriptions.get(group))),
    );
    return snapshots;
  }

  private async group(
    group: string,
    topics: readonly TopicOffsets[],
    at: number,
    description: { state: string; members: string[] } | undefined,
  ): Promise<GroupSnapshot> {
    const ends = new Map(topics.map((topic) => [topic.topic, topic]));
    const committed =
      topics.length === 0
        ? []
        : await (await this.admin.get()).fetchOffsets({ groupId: group, topics: topics.map((t) => t.topic) });
    // A group reads the topics it has committed on; OffsetFetch answers -1 for the others.
    const read = committed.filter((topic) => topic.partitions.some((partition) => Number(partition.offset) >= 0));
    const observed: Array<Omit<GroupPartition, 'status'>> = [];
    for (const { topic, partitions } of read) {
      for (const { partition, offset } of partitions) {
        const range = ends.get(topic)?.partitions.find((candidate) => candidate.partition === partition);
        if (!range) continue;
        const position = Number(offset) < 0 ? range.start : Math.max(Number(offset), range.start);
        const lag = lagOf({ at, committed: Number(offset), end: range.end }, range.start);
        const lagSeconds = lag > 0 ? await this.ageOfRecord(topic, partition, position, at) : 0;
        observed.push({ topic, partition, committed: Number(offset), end: range.end, lag, lagSeconds });
      }
    }
    const windows = new Map(observed.map((p) => [`${p.topic}/${p.partition}`, this.window(group, p, at)]));
    const moving = groupCommits(windows.values());
    const partitions = observed.map((p) => ({
      ...p,
      status: partitionStatus(windows.get(`${p.topic}/${p.partition}`) ?? [], moving),
    }));
    return {
      group,
      state: description?.state ?? 'unknown',
      members: description?.members ?? 'unknown',
      topics: read.map((topic) => topic.topic),
      partitions,
      lag: partitions.reduce((sum, p) => sum + p.lag, 0),
      lagSeconds: Math.max(0, ...partitions.map((p) => p.lagSeconds)),
      status: worstStatus(partitions.map((p) => p.status)),
    };
  }

  /** The partition's observations in the last `windowSamples` snapshots, this one included, oldest first. */
  private window(group: string, current: Omit<GroupPartition, 'status'>, at: number): OffsetObservation[] {
    const earlier = this.snapshots.slice(-(this.options.windowSamples - 1)).flatMap((snapshot) => {
      const partition = snapshot.groups
        .find((candidate) => candidate.group === group)
        ?.partitions.find((p) => p.topic === current.topic && p.partition === current.partition);
      return partition ? [{ at: snapshot.at, committed: partition.committed, end: partition.end }] : [];
    });
    return [...earlier, { at, committed: current.committed, end: current.end }];
  }

  /** Seconds since the record at this offset was written: the age of the group's oldest unread record. */
  private async ageOfRecord(topic: string, partition: number, offset: number, now: number): Promise<number> {
    const key = `${topic}/${partition}/${offset}`;
    let timestamp = this.timestamps.get(key);
    if (timestamp === undefined) {
      const record = await this.reader.recordAt(topic, partition, offset).catch(() => null);
      if (!record) return 0;
      timestamp = record.timestamp;
      if (this.timestamps.size > 10_000) this.timestamps.clear();
      this.timestamps.set(key, timestamp);
    }
    return Math.max(0, (now - timestamp) / 1000);
  }

  private async listGroups(): Promise<string[]> {
    if (!this.canListGroups) return [];
    try {
      const { groups } = await (await this.admin.get()).listGroups();
      return groups
        .filter((group) => group.protocolType === 'consumer' || group.protocolType === '')
        .map((g) => g.groupId);
    } catch (error) {
      this.canListGroups = false;
      this.logger.warn(
        { err: error, groups: this.options.groups },
        'the broker cannot list consumer groups (ListGroups); watching the configured groups only',
      );
      return [];
    }
  }

  private async describeGroups(groups: string[]): Promise<Map<string, { state: string; members: string[] }>> {
    const described = new Map<string, { state: string; members: string[] }>();
    if (!this.canDescribeGroups || groups.length === 0) return described;
    try {
      const { groups: descriptions } = await (await this.admin.get()).describeGroups(groups);
      for (const { groupId, state, members } of descriptions) {
        described.set(groupId, { state, members: members.map((member) => member.clientId) });
      }
    } catch (error) {
      this.canDescribeGroups = false;
      this.logger.warn(
        { err: error },
        'the broker cannot describe consumer groups (DescribeGroups); group state and members are shown as unknown',
      );
    }
    return described;
  }

  private async freshness(): Promise<Histogram | null> {
    const texts = await Promise.all(
      this.options.metricsUrls.map(async (url) => {
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
          return response.ok ? await response.text() : '';
        } catch {
          return '';
        }
      }),
    );
    return parseHistogram(texts.join('\n'), this.options.freshnessMetric);
  }
}
