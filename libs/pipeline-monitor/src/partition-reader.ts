import type { IHeaders, Kafka } from 'kafkajs';

/** A record as the monitor shows it: where it is, when it was written, its key, headers and value as text. */
export interface TopicRecord {
  topic: string;
  partition: number;
  offset: number;
  /** Milliseconds since the epoch: the producer's create time or the broker's append time. */
  timestamp: number;
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
}

// The parts of kafkajs's internal cluster the reader uses. kafkajs's public API reads only through consumer groups,
// which cannot read one partition at an offset without joining a group (seconds) and committing; the fetch underneath
// its consumers can. Pinned here in one file, and covered by test/integration/pipeline-monitor.int-spec.ts.
interface FetchedMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[] | string | undefined>;
  isControlRecord?: boolean;
}
interface FetchResponse {
  responses: Array<{ partitions: Array<{ partition: number; errorCode: number; messages: FetchedMessage[] }> }>;
}
interface InternalBroker {
  fetch(request: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }> }>;
  }): Promise<FetchResponse>;
}
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(node: { nodeId: string }): Promise<InternalBroker>;
}

const CREATE_CLUSTER = 'private:Kafka:createCluster';
const READ_UNCOMMITTED = 0;
const FETCH_BYTES = 1024 * 1024;

/**
 * Reads records of one partition from an offset, without a consumer group: the record browser, the dead-letter list,
 * an article's trail and the age of a group's oldest unread record all read this way.
 */
export class PartitionReader {
  private cluster: InternalCluster | null = null;
  private connecting: Promise<InternalCluster> | null = null;

  constructor(private readonly kafka: Kafka) {}

  /**
   * Records of the partition from `from` (inclusive) up to `until` (exclusive), at most `max` of them, oldest first.
   * The caller bounds `until` by the partition's end (its high watermark).
   */
  async read(topic: string, partition: number, from: number, until: number, max = Infinity): Promise<TopicRecord[]> {
    const records: TopicRecord[] = [];
    let next = from;
    while (next < until && records.length < max) {
      const batch = await this.fetch(topic, partition, next);
      // A fetch answers whole batches, so it may start before the offset asked for.
      const fresh = batch.filter((record) => record.offset >= next && record.offset < until);
      if (fresh.length === 0) {
        // Compacted or transactional gaps: skip past the last offset seen, or stop when nothing came back.
        const last = batch[batch.length - 1];
        if (!last || last.offset < next) break;
        next = last.offset + 1;
        continue;
      }
      records.push(...fresh.slice(0, max - records.length));
      next = fresh[fresh.length - 1]!.offset + 1;
    }
    return records;
  }

  /**
   * Records matching `match`, newest first, read backwards from `end` in chunks: at most `want` of them, reading at
   * most `budget` records, never before `start`.
   */
  async readBackward(
    topic: string,
    partition: number,
    range: { start: number; end: number },
    options: { want: number; budget: number; match?: (record: TopicRecord) => boolean },
  ): Promise<TopicRecord[]> {
    const found: TopicRecord[] = [];
    const floor = Math.max(range.start, range.end - options.budget);
    // Without a filter the newest `want` records are all that is needed; looking for a key reads in larger steps.
    const chunk = options.match ? Math.max(500, options.want) : Math.max(1, options.want);
    for (let until = range.end; until > floor && found.length < options.want; until -= chunk) {
      const records = await this.read(topic, partition, Math.max(floor, until - chunk), until);
      const matching = options.match ? records.filter(options.match) : records;
      found.push(...matching.reverse().slice(0, options.want - found.length));
    }
    return found;
  }

  /** The record at this offset, or null when the partition no longer (or not yet) holds it. */
  async recordAt(topic: string, partition: number, offset: number): Promise<TopicRecord | null> {
    const [record] = await this.read(topic, partition, offset, offset + 1, 1);
    return record?.offset === offset ? record : null;
  }

  async disconnect(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = null;
    this.connecting = null;
    await cluster?.disconnect();
  }

  private async fetch(topic: string, partition: number, offset: number): Promise<TopicRecord[]> {
    const cluster = await this.connect();
    try {
      return await this.fetchOnce(cluster, topic, partition, offset);
    } catch {
      // Leadership moved or a connection dropped: learn the cluster again and try once more.
      await cluster.refreshMetadata();
      return this.fetchOnce(cluster, topic, partition, offset);
    }
  }

  private async fetchOnce(cluster: InternalCluster, topic: string, partition: number, offset: number) {
    await cluster.addTargetTopic(topic);
    const leaders = cluster.findLeaderForPartitions(topic, [partition]);
    const nodeId = Object.keys(leaders)[0];
    if (nodeId === undefined) throw new Error(`no leader for ${topic}/${partition}`);
    const broker = await cluster.findBroker({ nodeId });
    const response = await broker.fetch({
      replicaId: -1,
      isolationLevel: READ_UNCOMMITTED,
      maxWaitTime: 0,
      minBytes: 0,
      maxBytes: FETCH_BYTES,
      topics: [{ topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes: FETCH_BYTES }] }],
    });
    const answer = response.responses[0]?.partitions[0];
    return (answer?.messages ?? [])
      .filter((message) => !message.isControlRecord)
      .map((message) => toRecord(topic, partition, message));
  }

  private async connect(): Promise<InternalCluster> {
    if (this.cluster) return this.cluster;
    this.connecting ??= (async () => {
      const cluster = createCluster(this.kafka);
      await cluster.connect();
      this.cluster = cluster;
      return cluster;
    })().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }
}

function createCluster(kafka: Kafka): InternalCluster {
  const owner = kafka as unknown as Record<symbol, unknown>;
  const key = Object.getOwnPropertySymbols(owner).find((symbol) => symbol.description === CREATE_CLUSTER);
  const create = key === undefined ? undefined : owner[key];
  if (typeof create !== 'function') {
    throw new Error('this kafkajs version does not expose its cluster; the partition reader needs kafkajs 2.x');
  }
  return (create as (options: object) => InternalCluster)({ allowAutoTopicCreation: false });
}

function toRecord(topic: string, partition: number, message: FetchedMessage): TopicRecord {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    key: message.key?.toString('utf8') ?? null,
    headers: textHeaders(message.headers),
    value: message.value?.toString('utf8') ?? null,
  };
}

/** Kafka headers as text; a header sent more than once keeps its last value. */
export function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) text[name] = last.toString();
  }
  return text;
}
