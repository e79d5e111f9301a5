/** The dead-letter topic of a topic: where messages that can never succeed are parked, reason in headers. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Header names a dead-lettered message carries beside its original key and value. */
export const DEAD_LETTER_HEADERS = {
  reason: 'cleanwire-dlq-reason',
  error: 'cleanwire-dlq-error',
  topic: 'cleanwire-dlq-original-topic',
  partition: 'cleanwire-dlq-original-partition',
  offset: 'cleanwire-dlq-original-offset',
  failedAt: 'cleanwire-dlq-failed-at',
  /** Set when the record was too large to park whole: its size in bytes; the value then holds its first bytes only. */
  truncated: 'cleanwire-dlq-truncated',
} as const;

/** The header a replayed record carries: the id of the dead letter it was replayed from. */
export const REPLAYED_FROM_HEADER = 'cleanwire-replayed-from';
