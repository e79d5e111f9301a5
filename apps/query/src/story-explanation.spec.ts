import { explainStory } from './story-explanation';

describe('explainStory', () => {
  it('lists every cut in line order with its reason, and counts every reason', () => {
    const explanation = explainStory({
      id: 's1',
      headline: 'Storm hits coast',
      cuts: [
        { reason: 'learned-site-noise', line: 9, text: 'Follow us on Telegram' },
        { reason: 'repeated-headline', line: 1, text: 'Storm hits coast' },
        { reason: 'widget-noise', line: 2, text: 'Share' },
        { reason: 'html-boilerplate', line: 3, text: 'Related', element: 'aside.related' },
      ],
    });
    expect(explanation).toEqual({
      id: 's1',
      headline: 'Storm hits coast',
      cuts: [
        { reason: 'repeated-headline', line: 1, text: 'Storm hits coast' },
        { reason: 'widget-noise', line: 2, text: 'Share' },
        { reason: 'html-boilerplate', line: 3, text: 'Related', element: 'aside.related' },
        { reason: 'learned-site-noise', line: 9, text: 'Follow us on Telegram' },
      ],
      counts: {
        'repeated-headline': 1,
        'repeated-caption': 0,
        'widget-noise': 1,
        'learned-site-noise': 1,
        'html-boilerplate': 1,
      },
    });
  });
});
