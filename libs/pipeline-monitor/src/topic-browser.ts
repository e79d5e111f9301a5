import { NotFoundError } from '@cleanwire/contracts';
import type { LazyAdmin } from './kafka-admin';
import type { PartitionReader, TopicRecord } from './partition-reader';

export interface BrowseQuery {
  partition?: number;
  /** Read forward from this offset (of `partition`, or of every partition), oldest first. */
  offset?: number;
  /** Read forward from the first record at or after this time, oldest first. */
  from?: Date;
  limit: number;
  key?: string;
}

export interface BrowsedRecord {
  partition: number;
  offset: number;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  /** The value parsed as JSON when it is JSON, else the text. */
  value: unknown;
  bytes: number;
  /** Set when the value was cut to the display limit. */
  truncated?: true;
}

export interface BrowserOptions {
  /** Records read back per partition looking for a key, newest first. */
  scanLimit: number;
  /** Longest value shown whole. */
  maxValueBytes: number;
}

/** Browses a topic's records: newest first by default, or forward from an offset or a time. */
export class TopicBrowser {
  constructor(
    private readonly admin: LazyAdmin,
    private readonly reader: PartitionReader,
    private readonly options: BrowserOptions,
  ) {}

  async browse(topic: string, query: BrowseQuery): Promise<BrowsedRecord[]> {
    const topics = await this.admin.topics();
    if (!topics.includes(topic)) throw new NotFoundError(`no topic ${topic}`);
    const partitions = (await this.admin.offsets(topic)).filter(
      (p) => query.partition === undefined || p.partition === query.partition,
    );
    if (partitions.length === 0) throw new NotFoundError(`${topic} has no partition ${query.partition}`);
    const match = query.key === undefined ? undefined : (record: TopicRecord) => record.key === query.key;
    const forward = query.offset !== undefined || query.from !== undefined;
    const starts = query.from ? await this.offsetsAt(topic, query.from) : undefined;
    const lists = await Promise.all(
      partitions.map(async (range) => {
        if (!forward) {
          return this.reader.readBackward(topic, range.partition, range, {
            want: query.limit,
            budget: match ? this.options.scanLimit : query.limit,
            match,
          });
        }
        const from = Math.max(range.start, query.offset ?? starts?.get(range.partition) ?? range.end);
        const records = await this.reader.read(topic, range.partition, from, range.end, match ? Infinity : query.limit);
        return (match ? records.filter(match) : records).slice(0, query.limit);
      }),
    );
    const records = lists.flat();
    records.sort((a, b) => (forward ? 1 : -1) * (a.timestamp - b.timestamp || a.offset - b.offset));
    return records.slice(0, query.limit).map((record) => this.show(record));
  }

  private async offsetsAt(topic: string, time: Date): Promise<Map<number, number>> {
    const admin = await this.admin.get();
    const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, time.getTime());
    return new Map(offsets.map(({ partition, offset }) => [partition, Number(offset)]));
  }

  private show(record: TopicRecord): BrowsedRecord {
    const text = record.value ?? '';
    const bytes = Buffer.byteLength(text);
    const truncated = bytes > this.options.maxValueBytes;
    const shown = truncated ? Buffer.from(text).subarray(0, this.options.maxValueBytes).toString('utf8') : text;
    let value: unknown = record.value === null ? null : shown;
    if (!truncated && record.value !== null) {
      try {
        value = JSON.parse(text);
      } catch {
        value = text;
      }
    }
    return {
      partition: record.partition,
      offset: record.offset,
      timestamp: new Date(record.timestamp).toISOString(),
      key: record.key,
      headers: record.headers,
      value,
      bytes,
      ...(truncated ? { truncated: true as const } : {}),
    };
  }
}
