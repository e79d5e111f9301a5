import type { CleanStory } from '@cleanwire/contracts';
import { parseRecencyMember, recencyBound, recencyMember } from './index-keys';
import { decodeStoryRecord, encodeStoryRecord, recordHash } from './story-record';

const story: CleanStory = {
  id: 's1',
  source: 'Wire',
  headline: 'Storm',
  captions: [],
  body: ['First paragraph.', 'Second paragraph.'],
  text: 'First paragraph.\n\nSecond paragraph.',
  wordCount: 4,
  receivedAt: '2024-03-01T12:00:00.000Z',
  normalizedAt: '2024-03-01T12:00:01.000Z',
  cuts: [{ reason: 'widget-noise', line: 2, text: 'Share' }],
  duplicateOf: 's0',
};

describe('story records', () => {
  it('store each text once and read back the story, with the link given on read', () => {
    const record = encodeStoryRecord(story);
    expect(record).not.toContain('First paragraph.\\n\\nSecond');
    expect(record).not.toContain('s0');
    expect(decodeStoryRecord(record, 's0')).toEqual(story);
    const { duplicateOf: _none, ...unlinked } = story;
    expect(decodeStoryRecord(record)).toEqual(unlinked);
  });

  it('are the same bytes whatever the field order, so a replay is recognised by its hash', () => {
    const reordered = Object.fromEntries(Object.entries(story).reverse()) as CleanStory;
    expect(encodeStoryRecord(reordered)).toBe(encodeStoryRecord(story));
    expect(recordHash(encodeStoryRecord(story))).not.toBe(
      recordHash(encodeStoryRecord({ ...story, headline: 'Rain' })),
    );
  });
});

describe('recency members', () => {
  it('sort newest first in byte order, then by docid, and read back', () => {
    const members = [recencyMember(2000, 5), recencyMember(2000, 7), recencyMember(1000, 1), recencyMember(3000, 9)];
    expect([...members].sort()).toEqual([members[3], members[0], members[1], members[2]]);
    expect(parseRecencyMember(recencyMember(1_700_000_000_123, 424242))).toEqual({
      sortMs: 1_700_000_000_123,
      docid: 424242,
    });
    expect(recencyMember(2000, 5) > recencyBound(2000)).toBe(true);
    expect(recencyMember(2001, 5) < recencyBound(2000)).toBe(true);
  });
});
