import { type HealthCheck, runChecks } from './health.controller';

const check = (name: string, scope: HealthCheck['scope'], run: HealthCheck['check']): HealthCheck => ({
  name,
  scope,
  check: run,
});

describe('runChecks', () => {
  it("reports ok or each failing check's own words, never stopping at the first failure", async () => {
    const results = await runChecks([
      check('redis', 'ready', async () => undefined),
      check('consumer', 'live', () => {
        throw new Error('the consumer crashed and will not restart');
      }),
      check('kafka', 'ready', () => Promise.reject(new Error('connection refused'))),
    ]);
    expect(results).toEqual({
      redis: 'ok',
      consumer: 'the consumer crashed and will not restart',
      kafka: 'connection refused',
    });
  });

  it('names a check that does not answer in time', async () => {
    const results = await runChecks([check('redis', 'ready', () => new Promise<void>(() => undefined))], 20);
    expect(results).toEqual({ redis: 'no answer within 20 ms' });
  });
});
