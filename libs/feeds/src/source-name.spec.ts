import { InvalidInputError } from '@cleanwire/contracts';
import { feedTitleSourceName, requestSourceName } from './source-name';

describe('source names', () => {
  it('normalizes a request source and refuses one that cannot be stored, naming the parameter', () => {
    expect(requestSourceName('  Asharq\tAl-Awsat ')).toBe('Asharq Al-Awsat');
    for (const bad of [
      '',
      '   ',
      'x'.repeat(201),
      'Wire\u0000',
      'Wire\u001b[31mred',
      'Wire\u0085\u009b',
      'evil\u202Eeliw',
    ]) {
      let thrown: unknown;
      try {
        requestSourceName(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidInputError);
      expect((thrown as InvalidInputError).field).toBe('source');
    }
    expect(() => requestSourceName('Wire\u001b[2J')).toThrow(/control characters/);
  });

  it('keeps right-to-left names and marks whole', () => {
    expect(requestSourceName('الشرق الأوسط')).toBe('الشرق الأوسط');
    expect(requestSourceName('Haaretz \u200Fהארץ\u200F')).toBe('Haaretz \u200Fהארץ\u200F');
  });

  it('drops control characters from a feed title used as the source', () => {
    expect(feedTitleSourceName('Daily\u0007 News\u001b[0m')).toBe('Daily News[0m');
    expect(feedTitleSourceName('\u0000\u0001')).toBeUndefined();
    expect(feedTitleSourceName(undefined)).toBeUndefined();
  });
});
