import { ReplyError } from 'ioredis';
import { PermanentError, RetriableError } from '@cleanwire/contracts';
import { execPipeline, isRetriableRedisError, redisCall } from './redis-calls';

const reply = (message: string): Error => new (ReplyError as new (message: string) => Error)(message);

describe('Redis error classification', () => {
  it.each([
    'LOADING Redis is loading the dataset in memory',
    'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.',
    'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no',
    'CLUSTERDOWN The cluster is down',
    'TRYAGAIN Multiple keys request during rehashing of slot',
    'MOVED 3999 127.0.0.1:6381',
    'ASK 3999 127.0.0.1:6381',
    "READONLY You can't write against a read only replica.",
    "OOM command not allowed when used memory > 'maxmemory'.",
    'NOSCRIPT No matching script. Please use EVAL.',
    'ERR max number of clients reached',
  ])('retries the reply %s', (message) => {
    expect(isRetriableRedisError(reply(message))).toBe(true);
  });

  it.each([
    'WRONGTYPE Operation against a key holding the wrong kind of value',
    'ERR Error running script (call to f_1234): @user_script:3: user_script:3: attempt to index a nil value',
    'ERR value is not an integer or out of range',
    'EXECABORT Transaction discarded because of previous errors.',
  ])('does not retry the reply %s', (message) => {
    expect(isRetriableRedisError(reply(message))).toBe(false);
  });

  it.each([
    ['a closed connection', new Error('Connection is closed.')],
    ['a command timeout', new Error('Command timed out')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })],
    [
      'ioredis giving up on a queued command',
      Object.assign(new Error('Reached the max retries per request limit (which is 3).'), {
        name: 'MaxRetriesPerRequestError',
      }),
    ],
  ])('retries %s', (_name, error) => {
    expect(isRetriableRedisError(error)).toBe(true);
  });

  it('reports a call that can succeed later as retriable and one that cannot as permanent, naming the work', async () => {
    await expect(redisCall('reading a story', () => Promise.reject(reply('LOADING loading')))).rejects.toBeInstanceOf(
      RetriableError,
    );
    const wrongType = redisCall('saving stories', () => Promise.reject(reply('WRONGTYPE Operation against a key')));
    await expect(wrongType).rejects.toBeInstanceOf(PermanentError);
    await expect(wrongType).rejects.toThrow(/saving stories: WRONGTYPE/);
  });

  it('lets a pipeline fail retriably when any of its commands did, so the whole batch is tried again', async () => {
    const pipeline = {
      exec: () =>
        Promise.resolve([
          [reply('WRONGTYPE Operation against a key'), null],
          [new Error('Connection is closed.'), null],
        ]),
    };
    await expect(execPipeline('writing', pipeline as never)).rejects.toBeInstanceOf(RetriableError);
    const permanent = {
      exec: () =>
        Promise.resolve([
          [null, 'OK'],
          [reply('WRONGTYPE wrong kind'), null],
        ]),
    };
    await expect(execPipeline('writing', permanent as never)).rejects.toBeInstanceOf(PermanentError);
    const fine = {
      exec: () =>
        Promise.resolve([
          [null, 'OK'],
          [null, 1],
        ]),
    };
    await expect(execPipeline('writing', fine as never)).resolves.toEqual(['OK', 1]);
  });
});
