import { isBareCounter, isByline, isTimestamp, isWidgetNoise } from './widget-noise';

describe('isWidgetNoise', () => {
  it.each([
    'TT',
    '20',
    'Share',
    'Tweet',
    'Print',
    'A+',
    'A-',
    'A+ A-',
    'Email',
    'WhatsApp',
    'Facebook',
    'Twitter',
    'X',
  ])('knows %p as widget noise', (line) => {
    expect(isWidgetNoise(line)).toBe(true);
  });

  it.each([
    'Telegram',
    'Copy link',
    'Comments',
    'Save',
    'Font size',
    '1,204',
    '1.2K',
    '20 Comments',
    'Share | Tweet | Email',
  ])('knows %p as widget noise', (line) => {
    expect(isWidgetNoise(line)).toBe(true);
  });

  it.each(['GPS', 'HL7', '___', '9.30 A.M. / 7.00 P.M.', 'John Smith', 'Share prices fell', '15-20', '2017-09-01', ''])(
    'does not take %p for widget noise',
    (line) => {
      expect(isWidgetNoise(line)).toBe(false);
    },
  );

  it('never takes a long line for noise, whatever its words', () => {
    expect(isWidgetNoise(Array.from({ length: 20 }, () => 'Share').join(' '))).toBe(false);
  });
});

describe('isTimestamp', () => {
  it.each([
    'Monday, 5 May, 2025 - 10:31',
    'Updated 3 hours ago',
    'Published 12 May 2025, 08:15',
    'May 5, 2025 | 10:31 PM',
    'Last updated: Tuesday, 6 May 2025 14:02 GMT',
    '2025-05-05',
  ])('knows %p as a dateline', (line) => {
    expect(isTimestamp(line)).toBe(true);
  });

  it.each([
    '9.30 A.M. / 7.00 P.M.',
    '20',
    '2025',
    'Monday',
    'The vote is on Monday, 5 May',
    'May the best team win 3-0',
  ])('does not take %p for a dateline', (line) => {
    expect(isTimestamp(line)).toBe(false);
  });
});

describe('isByline', () => {
  it.each([
    'By Jane Doe',
    'BY JANE DOE',
    'By Jane Doe and Omar al-Said',
    'By Renée Dubé, Reuters',
    'By Ines van der Berg',
  ])('knows %p as a byline', (line) => {
    expect(isByline(line)).toBe(true);
  });

  it.each(['By Monday the council had voted twice.', 'By the way', 'Bypass Road', 'John Smith', 'By'])(
    'does not take %p for a byline',
    (line) => {
      expect(isByline(line)).toBe(false);
    },
  );
});

describe('isBareCounter', () => {
  it('tells share counts from labelled buttons', () => {
    expect(isBareCounter('20')).toBe(true);
    expect(isBareCounter('1.2K')).toBe(true);
    expect(isBareCounter('Share 20')).toBe(false);
  });
});
