import fc from 'fast-check';
import {
  type CleanStory,
  CleanStoryRecordSchema,
  type Cut,
  CUT_REASONS,
  encodeCleanStoryRecord,
} from './stories-clean.v1';

const story = (overrides: Partial<CleanStory> = {}): CleanStory => ({
  id: 'story-1',
  source: 'Wire',
  headline: 'Port Calder votes on night flights',
  captions: ['Workers inspect the site. (Reuters)'],
  body: ['The council voted 8 to 2.', 'Work starts in spring.'],
  text: 'The council voted 8 to 2.\n\nWork starts in spring.',
  wordCount: 10,
  receivedAt: '2025-05-05T10:00:00.000Z',
  normalizedAt: '2025-05-05T10:00:01.000Z',
  cuts: [
    { reason: 'repeated-caption', line: 3, text: 'Workers inspect the site. (Reuters)' },
    { reason: 'widget-noise', line: 4, text: 'TT' },
    { reason: 'repeated-headline', line: 6, text: 'Port Calder votes on night flights' },
    { reason: 'repeated-caption', line: 8, text: 'Workers inspect the site. (Reuters)' },
    { reason: 'repeated-caption', line: 9, text: 'Workers inspect the site. (Reuters)' },
  ],
  format: 'text',
  simhash: '0123456789abcdef',
  ...overrides,
});

const read = (record: string): CleanStory => {
  const parsed = CleanStoryRecordSchema.safeParse(JSON.parse(record));
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
};

describe('the stories.clean.v1 record', () => {
  it('carries each text once: no text beside the body, a repeated cut once with its lines', () => {
    const record = JSON.parse(encodeCleanStoryRecord(story())) as Record<string, unknown>;
    expect(record).not.toHaveProperty('text');
    expect(record.cuts).toEqual([
      { reason: 'repeated-caption', lines: [3, 8, 9], text: 'Workers inspect the site. (Reuters)' },
      { reason: 'widget-noise', line: 4, text: 'TT' },
      { reason: 'repeated-headline', line: 6, text: 'Port Calder votes on night flights' },
    ]);
  });

  it('reads back into the story it was written from', () => {
    expect(read(encodeCleanStoryRecord(story()))).toEqual(story());
  });

  it('reads records of the earlier form (with text, one cut per line) as the same story', () => {
    expect(read(JSON.stringify(story()))).toEqual(story());
  });

  it('derives the text from the body, whatever an earlier record carried', () => {
    expect(read(JSON.stringify({ ...story(), text: 'stale' })).text).toBe(story().text);
  });

  it('keeps cuts that are not in ascending line order as they are', () => {
    const cuts: Cut[] = [
      { reason: 'html-boilerplate', line: 5, text: 'Share', element: 'aside' },
      { reason: 'html-boilerplate', line: 2, text: 'Share', element: 'aside' },
    ];
    expect(read(encodeCleanStoryRecord(story({ cuts }))).cuts).toEqual(cuts);
  });

  it('still refuses what is not a clean story', () => {
    const { body: _missing, ...record } = JSON.parse(encodeCleanStoryRecord(story())) as Record<string, unknown>;
    expect(CleanStoryRecordSchema.safeParse(record).success).toBe(false);
    const emptyGroup = { ...record, body: [], cuts: [{ reason: 'widget-noise', lines: [], text: 'TT' }] };
    expect(CleanStoryRecordSchema.safeParse(emptyGroup).success).toBe(false);
  });

  it('round-trips any story exactly', () => {
    const cut = fc.record(
      {
        reason: fc.constantFrom(...CUT_REASONS),
        line: fc.integer({ min: 1, max: 40 }),
        text: fc.constantFrom('TT', 'Share', 'A caption', ''),
        element: fc.constantFrom('nav', 'aside.related'),
      },
      { requiredKeys: ['reason', 'line', 'text'] },
    );
    fc.assert(
      fc.property(
        fc.array(cut, { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.string(), { maxLength: 4 }),
        (cuts, sorted, body) => {
          const ordered = sorted
            ? [...new Map(cuts.map((c) => [c.line, c])).values()].sort((a, b) => a.line - b.line)
            : cuts;
          const original = story({ cuts: ordered, body, text: body.join('\n\n') });
          expect(read(encodeCleanStoryRecord(original))).toEqual(original);
        },
      ),
    );
  });
});
