import { idFromSortMember, isSortMember, sortMember, storyKeys } from './story-keys';

const at = (publishedAt: string | undefined, id = 'a', receivedAt = '2024-01-01T00:00:00Z') => ({
  id,
  publishedAt,
  receivedAt,
});

describe('sortMember', () => {
  it('orders newer stories first in byte order', () => {
    const newer = sortMember(at('2024-05-02T10:00:00Z'));
    const older = sortMember(at('2024-05-01T10:00:00Z'));
    expect(newer < older).toBe(true);
  });

  it('breaks equal times by id', () => {
    expect(sortMember(at('2024-05-02T10:00:00Z', 'a')) < sortMember(at('2024-05-02T10:00:00Z', 'b'))).toBe(true);
  });

  it('falls back to receivedAt when there is no publishedAt', () => {
    expect(sortMember(at(undefined, 'a', '2024-05-02T10:00:00Z'))).toBe(sortMember(at('2024-05-02T10:00:00Z')));
  });

  it('honours time zone offsets', () => {
    expect(sortMember(at('2024-05-02T12:00:00+02:00'))).toBe(sortMember(at('2024-05-02T10:00:00Z')));
  });

  it('always has 13 digits, even for dates before 1970 or after 2286', () => {
    for (const date of ['1960-01-01T00:00:00Z', '2400-01-01T00:00:00Z', '1970-01-01T00:00:00Z']) {
      const member = sortMember(at(date, 'id:with:colons'));
      expect(isSortMember(member)).toBe(true);
      expect(idFromSortMember(member)).toBe('id:with:colons');
    }
  });

  it('rejects a story without any parsable time', () => {
    expect(() => sortMember(at(undefined, 'a', 'yesterday'))).toThrow(RangeError);
  });
});

describe('storyKeys', () => {
  it('keeps story JSON and meta in separate namespaces, whatever the id', () => {
    const keys = storyKeys('cw:');
    expect(keys.story('x:meta')).not.toBe(keys.meta('x'));
    expect(keys.meta('x')).not.toBe(keys.story('x'));
    expect(keys.source('all')).not.toBe(keys.all);
  });
});
