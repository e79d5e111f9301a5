import { formatLag, table } from './monitor.command';

describe('the monitor commands', () => {
  it('pads columns to their widest cell and right-aligns numbers', () => {
    expect(
      table(
        ['NAME', 'LAG'],
        [
          ['a', 5],
          ['longer', 1200],
        ],
      ),
    ).toBe('NAME     LAG\na          5\nlonger  1200\n');
  });

  it('shows each group, then its partitions', () => {
    const text = formatLag([
      {
        group: 'cleanwire-indexer',
        state: 'unknown',
        status: 'STALLED',
        lag: 12,
        lagSeconds: 42.25,
        partitions: [
          {
            topic: 'stories.clean.v1',
            partition: 2,
            committed: 30,
            end: 42,
            lag: 12,
            lagSeconds: 42.25,
            status: 'STALLED',
          },
        ],
      },
    ]);
    expect(text.split('\n')[1]).toMatch(/^cleanwire-indexer\s+STALLED\s+\*\s+\*\s+12\s+42\.3\s+unknown$/);
    expect(text.split('\n')[2]).toMatch(/^\s+STALLED\s+stories\.clean\.v1\s+2\s+12\s+42\.3\s+committed 30 of 42$/);
  });
});
