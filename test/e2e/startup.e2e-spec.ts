import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const entry = (service: string) => join(__dirname, '..', '..', 'dist', 'apps', service, 'src', 'main.js');

describe('service start-up', () => {
  it.each([
    ['ingest', { INGEST_PORT: 'eighty', KAFKA_BROKERS: 'no-port' }, ['INGEST_PORT', 'KAFKA_BROKERS']],
    ['query', { REDIS_URL: 'localhost:6379' }, ['REDIS_URL']],
    ['normalizer', { KAFKA_IDEMPOTENT_PRODUCER: 'maybe' }, ['KAFKA_IDEMPOTENT_PRODUCER']],
    ['indexer', { INDEXER_HEALTH_PORT: '70000' }, ['INDEXER_HEALTH_PORT']],
    ['monitor', { MONITOR_SAMPLE_INTERVAL_MS: '0' }, ['MONITOR_SAMPLE_INTERVAL_MS', 'MONITOR_API_KEYS']],
  ])('stops %s on an invalid setting with a message naming the variable', (service, env, variables) => {
    const run = spawnSync(process.execPath, [entry(service)], {
      env: { PATH: process.env.PATH, ...env },
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    const output = run.stdout.toString() + run.stderr.toString();
    expect(output).toContain('invalid configuration');
    for (const variable of variables) expect(output).toContain(variable);
  });
});
