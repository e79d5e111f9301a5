import { isWidgetNoise } from './widget-noise';

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
