import { z } from 'zod';
import { CONSUMER_STATUSES } from '@cleanwire/monitoring';

// Request parameters and bodies (validated) and answer shapes (documented) of the monitor's HTTP API.

const offsetParam = z.coerce.number().int().min(0);

export const TopicMessagesParams = z
  .object({
    partition: offsetParam.optional().describe('One partition; all when left out'),
    offset: offsetParam.optional().describe('Read forward from this offset, oldest first'),
    from: z.iso.datetime({ offset: true }).optional().describe('Read forward from this time, oldest first'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    key: z.string().min(1).max(512).optional().describe('Only records with this key'),
  })
  .strict();

export const DEAD_LETTER_STATUSES = ['pending', 'replayed', 'discarded', 'all'] as const;

const DeadLetterFilterSchema = z
  .object({
    topic: z.string().min(1).max(249).optional().describe('The original topic, or its .dlq topic'),
    reason: z.string().min(1).max(100).optional(),
    key: z.string().min(1).max(512).optional(),
  })
  .strict();

export const DeadLetterParams = DeadLetterFilterSchema.extend({
  status: z.enum(DEAD_LETTER_STATUSES).default('pending'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(512).optional(),
}).strict();

export const DeadLetterSelectionSchema = z.union([
  z.object({ ids: z.array(z.string().min(1)).min(1).max(1000) }).strict(),
  z.object({ filter: DeadLetterFilterSchema }).strict(),
]);

const PartitionRange = z.object({ partition: z.number(), start: z.number(), end: z.number(), messages: z.number() });

export const TopicsAnswer = z.object({
  sampledAt: z.string(),
  topics: z.array(
    z.object({
      topic: z.string(),
      partitions: z.array(PartitionRange),
      messages: z.number(),
      producedPerSecond: z.number(),
    }),
  ),
});

export const GroupsAnswer = z.object({
  sampledAt: z.string(),
  groups: z.array(
    z.object({
      group: z.string(),
      state: z.string(),
      members: z.union([z.array(z.string()), z.literal('unknown')]),
      topics: z.array(z.string()),
      status: z.enum(CONSUMER_STATUSES),
      lag: z.number(),
      lagSeconds: z.number(),
      partitions: z.array(
        z.object({
          topic: z.string(),
          partition: z.number(),
          committed: z.number(),
          end: z.number(),
          lag: z.number(),
          lagSeconds: z.number(),
          status: z.enum(CONSUMER_STATUSES),
        }),
      ),
    }),
  ),
});

const DeadLetterAnswer = z.object({
  id: z.string(),
  topic: z.string(),
  partition: z.number(),
  offset: z.number(),
  key: z.string().nullable(),
  reason: z.string(),
  error: z.string(),
  originalTopic: z.string(),
  originalPartition: z.number().nullable(),
  originalOffset: z.number().nullable(),
  failedAt: z.string(),
  headers: z.record(z.string(), z.string()),
  value: z.string().nullable(),
  status: z.enum(['pending', 'replayed', 'discarded']),
});

export const DeadLettersAnswer = z.object({
  deadLetters: z.array(DeadLetterAnswer),
  nextCursor: z.string().nullable(),
});

export const MessagesAnswer = z.object({
  topic: z.string(),
  records: z.array(
    z.object({
      partition: z.number(),
      offset: z.number(),
      timestamp: z.string(),
      key: z.string().nullable(),
      headers: z.record(z.string(), z.string()),
      value: z.unknown(),
      bytes: z.number(),
      truncated: z.literal(true).optional(),
    }),
  ),
});

const Place = z.object({
  topic: z.string(),
  partition: z.number(),
  offset: z.number(),
  at: z.string(),
  consumed: z.boolean(),
});

export const ArticleAnswer = z.object({
  id: z.string(),
  stage: z.enum(['dead-lettered', 'stored', 'cleaned', 'published']),
  requestId: z.string().optional(),
  raw: Place,
  clean: Place.nullable(),
  deadLetters: z.array(
    DeadLetterAnswer.pick({ id: true, topic: true, reason: true, error: true, failedAt: true, status: true }),
  ),
});
