import fc from 'fast-check';
import { type DeadLetter, dlqTopicOf, pageOfDeadLetters } from './dead-letter-desk';

const letter = (offset: number, failedAt: string): DeadLetter => ({
  id: `articles.raw.v1.dlq:0:${offset}`,
  topic: 'articles.raw.v1.dlq',
  partition: 0,
  offset,
  key: `k${offset}`,
  reason: 'schema-violation',
  error: 'body: required',
  originalTopic: 'articles.raw.v1',
  originalPartition: 0,
  originalOffset: offset,
  failedAt,
  headers: {},
  value: '{}',
  status: 'pending',
});

const newestFirst = (letters: DeadLetter[]) =>
  [...letters].sort((a, b) => b.failedAt.localeCompare(a.failedAt) || b.id.localeCompare(a.id));

describe('pageOfDeadLetters', () => {
  it('walks every dead letter exactly once, in order, whatever the page size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (seconds, limit) => {
          const letters = newestFirst(seconds.map((s, offset) => letter(offset, new Date(s * 1000).toISOString())));
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let pages = 0; pages <= letters.length; pages++) {
            const page = pageOfDeadLetters(letters, limit, cursor);
            seen.push(...page.deadLetters.map((l) => l.id));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(seen).toEqual(letters.map((l) => l.id));
        },
      ),
    );
  });

  it('does not repeat a letter on the next page when one before the cursor was handled meanwhile', () => {
    const letters = newestFirst([0, 1, 2, 3].map((offset) => letter(offset, `2026-01-01T00:00:0${offset}.000Z`)));
    const first = pageOfDeadLetters(letters, 2);
    const second = pageOfDeadLetters(letters.slice(1), 2, first.nextCursor!);
    expect(second.deadLetters.map((l) => l.offset)).toEqual([1, 0]);
    expect(second.nextCursor).toBeNull();
  });

  it('answers 400 for a cursor it did not give out', () => {
    expect(() => pageOfDeadLetters([], 2, 'not-a-cursor')).toThrow(/cursor/);
  });
});

describe('dlqTopicOf', () => {
  it('names the dead-letter topic of a topic given either way', () => {
    expect(dlqTopicOf('articles.raw.v1')).toBe('articles.raw.v1.dlq');
    expect(dlqTopicOf('articles.raw.v1.dlq')).toBe('articles.raw.v1.dlq');
  });
});
