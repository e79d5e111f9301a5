import type { ConsumerState } from './batch-consumer.server';
import { consumerHealthChecks } from './kafka-health';

describe('consumerHealthChecks', () => {
  const verdicts = async (state: ConsumerState) => {
    const checks = consumerHealthChecks({ state });
    return Promise.all(
      checks.map(async (check) => {
        try {
          await check.check();
          return [check.scope, 'ok'];
        } catch (error) {
          return [check.scope, (error as Error).message];
        }
      }),
    );
  };

  it('is live and ready only while the consumer runs in its group', async () => {
    expect(await verdicts('running')).toEqual([
      ['live', 'ok'],
      ['ready', 'ok'],
    ]);
  });

  it.each<ConsumerState>(['starting', 'restarting', 'stopped'])('is live but not ready while %s', async (state) => {
    expect(await verdicts(state)).toEqual([
      ['live', 'ok'],
      ['ready', `the consumer is ${state}`],
    ]);
  });

  it('is not live once the consumer crashed for good, so a supervisor restarts the process', async () => {
    expect((await verdicts('failed'))[0]).toEqual(['live', 'the consumer crashed and will not restart']);
  });
});
