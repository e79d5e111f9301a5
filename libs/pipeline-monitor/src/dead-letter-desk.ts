import {
  DEAD_LETTER_ACTIONS_V1,
  DEAD_LETTER_HEADERS,
  type DeadLetterAction,
  DeadLetterActionSchema,
  deadLetterId,
  InvalidInputError,
  NotFoundError,
  parseDeadLetterId,
  REPLAYED_FROM_HEADER,
} from '@cleanwire/contracts';
import type { OutgoingRecord, RecordPublisher } from '@cleanwire/kafka';
import type { Logger } from '@cleanwire/logging';
import type { LazyAdmin } from './kafka-admin';
import type { PartitionReader, TopicRecord } from './partition-reader';

export type DeadLetterStatus = 'pending' | 'replayed' | 'discarded';

export interface DeadLetter {
  id: string;
  /** The dead-letter topic and where the record sits on it. */
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  reason: string;
  error: string;
  originalTopic: string;
  originalPartition: number | null;
  originalOffset: number | null;
  failedAt: string;
  headers: Record<string, string>;
  value: string | null;
  status: DeadLetterStatus;
  /** The latest action taken on it. */
  action?: DeadLetterAction;
}

export interface DeadLetterFilter {
  /** The original topic (`articles.raw.v1`) or its dead-letter topic (`articles.raw.v1.dlq`). */
  topic?: string;
  reason?: string;
  status?: DeadLetterStatus | 'all';
  key?: string;
}

/** Either chosen dead letters by id, or every pending one matching a filter. */
export type DeadLetterSelection = { ids: string[] } | { filter: DeadLetterFilter };

export interface DeskOptions {
  /** The newest records read per dead-letter partition. */
  scanLimit: number;
}

interface PartitionCache<T> {
  next: number;
  items: T[];
}

const DLQ_SUFFIX = '.dlq';

/**
 * The dead letters of every `.dlq` topic with what operators did to them. Actions are records on a compacted topic
 * keyed by dead letter, so they outlive a restart and every replica sees them: each call first reads both the
 * dead-letter topics and the actions topic up to their ends (incrementally; records are immutable).
 */
export class DeadLetterDesk {
  private readonly letters = new Map<string, PartitionCache<DeadLetter>>();
  private readonly actionLog = new Map<number, number>();
  private readonly actions = new Map<string, DeadLetterAction>();

  constructor(
    private readonly admin: LazyAdmin,
    private readonly reader: PartitionReader,
    private readonly publisher: RecordPublisher,
    private readonly logger: Logger,
    private readonly options: DeskOptions,
  ) {}

  /** Dead letters matching the filter, newest first. */
  async list(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    const topics = (await this.admin.topics()).filter((topic) => topic.endsWith(DLQ_SUFFIX));
    const wanted = filter.topic === undefined ? undefined : dlqTopicOf(filter.topic);
    const chosen = topics.filter((topic) => wanted === undefined || topic === wanted);
    await this.readActions();
    const letters = (await Promise.all(chosen.map((topic) => this.readTopic(topic)))).flat();
    const status = filter.status ?? 'pending';
    return letters
      .map((letter) => this.withAction(letter))
      .filter(
        (letter) =>
          (status === 'all' || letter.status === status) &&
          (filter.reason === undefined || letter.reason === filter.reason) &&
          (filter.key === undefined || letter.key === filter.key),
      )
      .sort((a, b) => b.failedAt.localeCompare(a.failedAt) || b.id.localeCompare(a.id));
  }

  /** Puts the chosen dead letters back on their original topics, then records that they were replayed. */
  async replay(selection: DeadLetterSelection, by: string): Promise<{ replayed: string[] }> {
    const letters = await this.select(selection);
    const byTopic = new Map<string, DeadLetter[]>();
    for (const letter of letters)
      byTopic.set(letter.originalTopic, [...(byTopic.get(letter.originalTopic) ?? []), letter]);
    for (const [topic, group] of byTopic) {
      // At least once: a crash between the two publishes replays again later, and the pipeline is idempotent by id.
      await this.publisher.publish(topic, group.map(replayRecord));
      await this.record(group, { action: 'replayed', by, replayedTo: topic });
      this.logger.info({ topic, deadLetters: group.map((letter) => letter.id), by }, 'dead letters replayed');
    }
    return { replayed: letters.map((letter) => letter.id) };
  }

  /** Marks the chosen dead letters handled without replaying them. */
  async discard(selection: DeadLetterSelection, by: string): Promise<{ discarded: string[] }> {
    const letters = await this.select(selection);
    await this.record(letters, { action: 'discarded', by });
    if (letters.length > 0)
      this.logger.info({ deadLetters: letters.map((letter) => letter.id), by }, 'dead letters discarded');
    return { discarded: letters.map((letter) => letter.id) };
  }

  private async select(selection: DeadLetterSelection): Promise<DeadLetter[]> {
    if ('filter' in selection) return this.list({ ...selection.filter, status: 'pending' });
    const all = new Map((await this.list({ status: 'all' })).map((letter) => [letter.id, letter]));
    return selection.ids.map((id) => {
      if (!parseDeadLetterId(id))
        throw new InvalidInputError(`${id} is not a dead letter id (topic.dlq:partition:offset)`, 'ids');
      const letter = all.get(id);
      if (!letter) throw new NotFoundError(`no dead letter ${id}`);
      return letter;
    });
  }

  private async record(
    letters: readonly DeadLetter[],
    action: Omit<DeadLetterAction, 'deadLetter' | 'at'>,
  ): Promise<void> {
    const at = new Date().toISOString();
    const records = letters.map((letter) => ({ key: letter.id, value: { deadLetter: letter.id, at, ...action } }));
    await this.publisher.publish(DEAD_LETTER_ACTIONS_V1, records);
    for (const { value } of records) this.actions.set(value.deadLetter, value);
  }

  private withAction(letter: DeadLetter): DeadLetter {
    const action = this.actions.get(letter.id);
    return action ? { ...letter, status: action.action, action } : letter;
  }

  private async readTopic(topic: string): Promise<DeadLetter[]> {
    const partitions = await this.admin.offsets(topic);
    const lists = await Promise.all(
      partitions.map(async ({ partition, start, end }) => {
        const key = `${topic}:${partition}`;
        const cache = this.letters.get(key) ?? { next: 0, items: [] };
        const from = Math.max(cache.next, start, end - this.options.scanLimit);
        const fresh = await this.reader.read(topic, partition, from, end);
        const kept = cache.items.filter((letter) => letter.offset >= Math.max(start, end - this.options.scanLimit));
        const updated = { next: Math.max(from, end), items: [...kept, ...fresh.map(toDeadLetter)] };
        this.letters.set(key, updated);
        return updated.items;
      }),
    );
    return lists.flat();
  }

  private async readActions(): Promise<void> {
    let partitions: Array<{ partition: number; start: number; end: number }>;
    try {
      partitions = await this.admin.offsets(DEAD_LETTER_ACTIONS_V1);
    } catch {
      return; // No action was ever taken: the topic does not exist yet.
    }
    await Promise.all(
      partitions.map(async ({ partition, start, end }) => {
        const from = Math.max(this.actionLog.get(partition) ?? 0, start);
        for (const record of await this.reader.read(DEAD_LETTER_ACTIONS_V1, partition, from, end)) {
          const parsed = DeadLetterActionSchema.safeParse(JSON.parse(record.value ?? 'null'));
          if (parsed.success) this.actions.set(parsed.data.deadLetter, parsed.data);
        }
        this.actionLog.set(partition, Math.max(from, end));
      }),
    );
  }
}

/** The dead-letter topic of a topic name given either way. */
export function dlqTopicOf(topic: string): string {
  return topic.endsWith(DLQ_SUFFIX) ? topic : `${topic}${DLQ_SUFFIX}`;
}

function toDeadLetter(record: TopicRecord): DeadLetter {
  const header = (name: string): string | undefined => record.headers[name];
  const number = (name: string): number | null => {
    const value = Number(header(name));
    return header(name) === undefined || !Number.isFinite(value) ? null : value;
  };
  return {
    id: deadLetterId(record.topic, record.partition, record.offset),
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key,
    reason: header(DEAD_LETTER_HEADERS.reason) ?? 'unknown',
    error: header(DEAD_LETTER_HEADERS.error) ?? '',
    originalTopic: header(DEAD_LETTER_HEADERS.topic) ?? record.topic.slice(0, -DLQ_SUFFIX.length),
    originalPartition: number(DEAD_LETTER_HEADERS.partition),
    originalOffset: number(DEAD_LETTER_HEADERS.offset),
    failedAt: header(DEAD_LETTER_HEADERS.failedAt) ?? new Date(record.timestamp).toISOString(),
    headers: record.headers,
    value: record.value,
    status: 'pending',
  };
}

/** The original record again: its key, value and headers, without the dead-letter headers, marked as a replay. */
function replayRecord(letter: DeadLetter): OutgoingRecord {
  const deadLetterHeaders = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !deadLetterHeaders.has(name)));
  return {
    key: letter.key ?? '',
    value: letter.value ?? '',
    headers: { ...headers, [REPLAYED_FROM_HEADER]: letter.id },
  };
}

/**
 * One page of dead letters (sorted newest first, as `list` returns them) after the cursor; the cursor names the last
 * letter shown, so letters replayed or arriving meanwhile neither repeat nor shift the next page.
 */
export function pageOfDeadLetters(
  letters: readonly DeadLetter[],
  limit: number,
  cursor?: string,
): { deadLetters: DeadLetter[]; nextCursor: string | null } {
  let start = 0;
  if (cursor !== undefined) {
    const after = decodeCursor(cursor);
    start = letters.findIndex((l) => l.failedAt < after.failedAt || (l.failedAt === after.failedAt && l.id < after.id));
    if (start < 0) start = letters.length;
  }
  const page = letters.slice(start, start + limit);
  const last = page[page.length - 1];
  const more = start + limit < letters.length;
  return {
    deadLetters: page,
    nextCursor: more && last ? Buffer.from(JSON.stringify([last.failedAt, last.id])).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): { failedAt: string; id: string } {
  try {
    const [failedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof failedAt === 'string' && typeof id === 'string') return { failedAt, id };
  } catch {
    // reported below
  }
  throw new InvalidInputError('cursor: not a cursor this service gave out', 'cursor');
}
