import { type HealthCheck, HealthController, runChecks } from './health.controller';

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

describe('HealthController', () => {
  const reply = () => {
    const sent: { status?: number; body?: unknown } = {};
    const fake = {
      status(code: number) {
        sent.status = code;
        return fake;
      },
      send(body: unknown) {
        sent.body = body;
        return Promise.resolve();
      },
    };
    return { sent, fake: fake as unknown as Parameters<HealthController['ready']>[0] };
  };
  const controller = new HealthController(undefined, [
    check('consumer', 'live', () => undefined),
    check('redis', 'ready', () => Promise.reject(new Error('the connection is reconnecting'))),
  ]);

  it('is live while only a readiness check fails', async () => {
    const { sent, fake } = reply();
    await controller.live(fake);
    expect(sent).toEqual({ status: 200, body: { status: 'live', checks: { consumer: 'ok' } } });
  });

  it('answers 503 naming the failing check when not ready', async () => {
    const { sent, fake } = reply();
    await controller.ready(fake);
    expect(sent).toEqual({
      status: 503,
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'not ready: redis: the connection is reconnecting',
        checks: { consumer: 'ok', redis: 'the connection is reconnecting' },
      },
    });
  });
});
