import { z } from 'zod';
import { booleanVar, kafkaBrokersVar, portVar, redisUrlVar } from './env-pieces';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object({
  PORT: portVar(3000),
  KAFKA_BROKERS: kafkaBrokersVar('127.0.0.1:9092'),
  REDIS_URL: redisUrlVar('redis://127.0.0.1:6379'),
  VERBOSE: booleanVar(false),
});

describe('loadConfig', () => {
  it('gives every setting its default when the environment is empty', () => {
    expect(loadConfig(schema, {})).toEqual({
      PORT: 3000,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      REDIS_URL: 'redis://127.0.0.1:6379',
      VERBOSE: false,
    });
  });

  it('parses values from the environment and treats empty strings as unset', () => {
    const config = loadConfig(schema, { PORT: '8080', KAFKA_BROKERS: 'a:1, b:2', VERBOSE: 'yes', REDIS_URL: '' });
    expect(config).toMatchObject({ PORT: 8080, KAFKA_BROKERS: ['a:1', 'b:2'], VERBOSE: true });
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('names every invalid variable in one error', () => {
    const attempt = () => loadConfig(schema, { PORT: 'eighty', KAFKA_BROKERS: 'no-port', VERBOSE: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/KAFKA_BROKERS: expected a comma-separated list of host:port/);
    expect(attempt).toThrow(/VERBOSE/);
  });

  it('rejects a redis URL without a scheme', () => {
    expect(() => loadConfig(schema, { REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
  });
});
