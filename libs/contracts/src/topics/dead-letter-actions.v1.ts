import { z } from 'zod';

/**
 * What operators did with dead letters, keyed by the dead letter's id (`<dlq topic>:<partition>:<offset>`). Meant to
 * be compacted: the latest action per dead letter is its state, shared by every monitor replica and kept across
 * restarts.
 */
export const DEAD_LETTER_ACTIONS_V1 = 'dead-letters.actions.v1';

export const DeadLetterActionSchema = z.object({
  deadLetter: z.string().min(1),
  action: z.enum(['replayed', 'discarded']),
  at: z.iso.datetime({ offset: true }),
  /** The name of the API key that asked. */
  by: z.string(),
  /** For a replay: the topic the record was put back on. */
  replayedTo: z.string().optional(),
});

export type DeadLetterAction = z.infer<typeof DeadLetterActionSchema>;

/** The id of a dead letter: where it sits on its dead-letter topic. */
export function deadLetterId(topic: string, partition: number, offset: number | string): string {
  return `${topic}:${partition}:${offset}`;
}

/** Where a dead letter id points, or null when it is not one. */
export function parseDeadLetterId(id: string): { topic: string; partition: number; offset: number } | null {
  const match = /^(.+\.dlq):(\d+):(\d+)$/.exec(id);
  if (!match) return null;
  return { topic: match[1] ?? '', partition: Number(match[2]), offset: Number(match[3]) };
}
