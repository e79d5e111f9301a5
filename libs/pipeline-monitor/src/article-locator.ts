import { Partitioners } from 'kafkajs';
import { ARTICLES_RAW_V1, NotFoundError, REQUEST_ID_RECORD_HEADER, STORIES_CLEAN_V1 } from '@cleanwire/contracts';
import type { DeadLetter, DeadLetterDesk } from './dead-letter-desk';
import type { LazyAdmin } from './kafka-admin';
import type { Snapshot } from './offset-sampler';
import type { PartitionReader, TopicRecord } from './partition-reader';

/** Where an accepted article is now, furthest step first. */
export type ArticleStage = 'dead-lettered' | 'stored' | 'cleaned' | 'published';

export interface RecordPlace {
  topic: string;
  partition: number;
  offset: number;
  at: string;
  /** Whether every group reading the topic has read past it (for the clean record: the index has the story). */
  consumed: boolean;
}

export interface ArticleTrail {
  id: string;
  stage: ArticleStage;
  /** The request id ingest received it with. */
  requestId?: string;
  raw: RecordPlace;
  clean: RecordPlace | null;
  deadLetters: Array<Pick<DeadLetter, 'id' | 'topic' | 'reason' | 'error' | 'failedAt' | 'status'>>;
}

export interface LocatorOptions {
  /** Records read back from a partition's end when looking for an article. */
  scanLimit: number;
}

const partitionOf = Partitioners.DefaultPartitioner();

/**
 * Follows an article by its id through the pipeline: its newest raw record (found on the partition its key hashes
 * to), the clean story made from that record, whether the groups reading each topic have read past them, and any dead
 * letter of either.
 */
export class ArticleLocator {
  constructor(
    private readonly admin: LazyAdmin,
    private readonly reader: PartitionReader,
    private readonly desk: DeadLetterDesk,
    private readonly latest: () => Promise<Snapshot>,
    private readonly options: LocatorOptions,
  ) {}

  /** The newest articles published, each with where it is now. */
  async recent(limit: number): Promise<ArticleTrail[]> {
    let partitions: Array<{ partition: number; start: number; end: number }>;
    try {
      partitions = await this.admin.offsets(ARTICLES_RAW_V1);
    } catch {
      return [];
    }
    const newest = await Promise.all(
      partitions.map((range) =>
        this.reader.readBackward(ARTICLES_RAW_V1, range.partition, range, { want: limit, budget: limit }),
      ),
    );
    const ids = [
      ...new Set(
        newest
          .flat()
          .sort((a, b) => b.timestamp - a.timestamp || b.offset - a.offset)
          .map((record) => record.key)
          .filter((key): key is string => key !== null),
      ),
    ].slice(0, limit);
    return Promise.all(ids.map((id) => this.locate(id)));
  }

  async locate(id: string): Promise<ArticleTrail> {
    const snapshot = await this.latest();
    const raw = await this.newest(ARTICLES_RAW_V1, id);
    if (!raw)
      throw new NotFoundError(`no article ${id} among the newest ${this.options.scanLimit} records of its partition`);
    const receivedAt = receivedAtOf(raw);
    const candidate = await this.newest(STORIES_CLEAN_V1, id);
    const clean = candidate && receivedAtOf(candidate) === receivedAt ? candidate : null;
    const deadLetters = (await this.desk.list({ status: 'all', key: id }))
      .filter((letter) => isFrom(letter, raw) || (clean !== null && isFrom(letter, clean)))
      .map(({ id: letterId, topic, reason, error, failedAt, status }) => ({
        id: letterId,
        topic,
        reason,
        error,
        failedAt,
        status,
      }));
    const rawPlace = await this.place(raw, snapshot);
    const cleanPlace = clean ? await this.place(clean, snapshot) : null;
    const pending = deadLetters.some((letter) => letter.status === 'pending');
    const stage: ArticleStage = pending
      ? 'dead-lettered'
      : cleanPlace?.consumed
        ? 'stored'
        : cleanPlace
          ? 'cleaned'
          : 'published';
    const requestId = raw.headers[REQUEST_ID_RECORD_HEADER];
    return { id, stage, ...(requestId ? { requestId } : {}), raw: rawPlace, clean: cleanPlace, deadLetters };
  }

  /** Where the record is, and whether every group reading its topic has committed past it, asked of the broker now. */
  private async place(record: TopicRecord, snapshot: Snapshot): Promise<RecordPlace> {
    const admin = await this.admin.get();
    const readers = snapshot.groups.filter((group) => group.topics.includes(record.topic)).map((group) => group.group);
    const committed = await Promise.all(
      readers.map(async (groupId) => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [record.topic] });
        return Number(offsets?.partitions.find((p) => p.partition === record.partition)?.offset ?? -1);
      }),
    );
    return {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      at: new Date(record.timestamp).toISOString(),
      consumed: committed.length > 0 && committed.every((offset) => offset > record.offset),
    };
  }

  private async newest(topic: string, key: string): Promise<TopicRecord | null> {
    let partitions: Array<{ partition: number; start: number; end: number }>;
    try {
      partitions = await this.admin.offsets(topic);
    } catch {
      return null;
    }
    const partition = partitionOf({
      topic,
      partitionMetadata: partitions.map((p) => ({
        partitionId: p.partition,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
      })),
      message: { key, value: null },
    });
    const range = partitions.find((p) => p.partition === partition);
    if (!range) return null;
    const [record] = await this.reader.readBackward(topic, partition, range, {
      want: 1,
      budget: this.options.scanLimit,
      match: (candidate) => candidate.key === key,
    });
    return record ?? null;
  }
}

function receivedAtOf(record: TopicRecord): string | undefined {
  try {
    return (JSON.parse(record.value ?? 'null') as { receivedAt?: string } | null)?.receivedAt;
  } catch {
    return undefined;
  }
}

function isFrom(letter: DeadLetter, record: TopicRecord): boolean {
  return (
    letter.originalTopic === record.topic &&
    letter.originalPartition === record.partition &&
    letter.originalOffset === record.offset
  );
}
