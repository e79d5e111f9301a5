import { createHash } from 'node:crypto';
import { type CleanStory, CleanStorySchema, type Cut, CutSchema } from '@cleanwire/contracts';

// The stored record keeps each text once: `text` is the body joined, so it is left out and derived on read.
// `duplicateOf` is owned by the near-duplicate store, which may re-link a story without the story changing.
const STORY_FIELDS = (Object.keys(CleanStorySchema.shape) as Array<keyof CleanStory>).filter(
  (field) => field !== 'text' && field !== 'duplicateOf',
);
const CUT_FIELDS = Object.keys(CutSchema.shape) as ReadonlyArray<keyof Cut>;

/** The text of a story: its body paragraphs joined by blank lines. */
export function storyText(story: Pick<CleanStory, 'body'>): string {
  return story.body.join('\n\n');
}

/** The stored form of a story: JSON with fields in schema order and without `text`, so equal stories store equal bytes. */
export function encodeStoryRecord(story: CleanStory): string {
  const record: Record<string, unknown> = {};
  for (const field of STORY_FIELDS) {
    if (story[field] === undefined) continue;
    record[field] = field === 'cuts' ? story.cuts.map((cut) => pick(cut, CUT_FIELDS)) : story[field];
  }
  return JSON.stringify(record);
}

/** The story a record holds, `text` derived from its body, with the near-duplicate link it has now. */
export function decodeStoryRecord(record: string, duplicateOf?: string): CleanStory {
  const stored = JSON.parse(record) as Omit<CleanStory, 'text'>;
  const story: Record<string, unknown> = {};
  // Schema order, `text` in its place after `body`.
  for (const field of Object.keys(CleanStorySchema.shape)) {
    const value =
      field === 'text'
        ? storyText(stored)
        : field === 'duplicateOf'
          ? duplicateOf
          : stored[field as keyof typeof stored];
    if (value !== undefined) story[field] = value;
  }
  return story as CleanStory;
}

/** Digest of a story's record (`encodeStoryRecord`): equal digests, nothing to rewrite. */
export function recordHash(record: string): string {
  return createHash('sha256').update(record).digest('base64url').slice(0, 11);
}

function pick<T extends object>(value: T, fields: ReadonlyArray<keyof T>): Partial<T> {
  const picked: Partial<T> = {};
  for (const field of fields) if (value[field] !== undefined) picked[field] = value[field];
  return picked;
}
