import { createHash } from 'node:crypto';
import { type CleanStory, CleanStorySchema, type Cut, CutSchema, storyText } from '@cleanwire/contracts';

// A stored record is three lines: the fields a result list shows (JSON), the other fields (JSON, with the lengths of
// the body's paragraphs), then the text. The text is kept once and raw: `body` is cut back out of it by those lengths,
// and a search result reads the first line and the text without parsing the rest. `duplicateOf` is owned by the
// near-duplicate store, which may re-link a story without the story changing; `simhash` is no longer kept.

/** The fields of a search result besides its score and snippet: what a result list shows. */
export const HIT_FIELDS = ['id', 'source', 'url', 'headline', 'wordCount', 'publishedAt', 'receivedAt'] as const;
export type StoryHitFields = Pick<CleanStory, (typeof HIT_FIELDS)[number]>;

const SCHEMA_FIELDS = Object.keys(CleanStorySchema.shape) as Array<keyof CleanStory>;
const HIT_FIELD_SET = new Set<keyof CleanStory>(HIT_FIELDS);
const NOT_STORED = new Set<keyof CleanStory>(['text', 'body', 'duplicateOf', 'simhash']);
const OTHER_FIELDS = SCHEMA_FIELDS.filter((field) => !HIT_FIELD_SET.has(field) && !NOT_STORED.has(field));
const CUT_FIELDS = Object.keys(CutSchema.shape) as ReadonlyArray<keyof Cut>;
const PARAGRAPH_SEPARATOR = '\n\n';

/** The stored form of a story; fields in schema order, so equal stories store equal bytes. */
export function encodeStoryRecord(story: CleanStory): string {
  const hit: Record<string, unknown> = {};
  for (const field of HIT_FIELDS) if (story[field] !== undefined) hit[field] = story[field];
  const other: Record<string, unknown> = {};
  for (const field of OTHER_FIELDS) {
    if (story[field] === undefined) continue;
    other[field] = field === 'cuts' ? story.cuts.map((cut) => pick(cut, CUT_FIELDS)) : story[field];
  }
  other.p = story.body.map((paragraph) => paragraph.length);
  return `${JSON.stringify(hit)}\n${JSON.stringify(other)}\n${storyText(story.body)}`;
}

/** The story a record holds, with the near-duplicate link it has now. */
export function decodeStoryRecord(record: string, duplicateOf?: string): CleanStory {
  const first = record.indexOf('\n');
  const second = record.indexOf('\n', first + 1);
  const hit = JSON.parse(record.slice(0, first)) as Record<string, unknown>;
  const { p: lengths, ...other } = JSON.parse(record.slice(first + 1, second)) as { p: number[] } & Record<
    string,
    unknown
  >;
  const text = record.slice(second + 1);
  const body: string[] = [];
  let at = 0;
  for (const length of lengths) {
    body.push(text.slice(at, at + length));
    at += length + PARAGRAPH_SEPARATOR.length;
  }
  const fields: Record<string, unknown> = { ...hit, ...other, body, text, duplicateOf };
  const story: Record<string, unknown> = {};
  for (const field of SCHEMA_FIELDS) if (fields[field] !== undefined) story[field] = fields[field];
  return story as CleanStory;
}

/** The result-list fields and the text of a record, without reading the rest. */
export function decodeStoryHit(record: string): { fields: StoryHitFields; text: string } {
  const first = record.indexOf('\n');
  const second = record.indexOf('\n', first + 1);
  return { fields: JSON.parse(record.slice(0, first)) as StoryHitFields, text: record.slice(second + 1) };
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
