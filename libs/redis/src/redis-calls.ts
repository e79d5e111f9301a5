import { type ChainableCommander, Cluster, Command, type Redis } from 'ioredis';
import { PermanentError, PipelineError, RetriableError } from '@cleanwire/contracts';

// A Redis that is down, restarting, loading, busy or failing over is a wait-and-retry condition for every caller: a
// worker keeps its offset and the transport retries, the query service answers 503. A reply that refuses the command
// itself (a key of the wrong type, a script that fails on this data) fails the same way on every retry: a worker
// dead-letters the record, the query service answers 500.

/** One finished Redis call: what it did (a fixed phrase, so label values stay few), how long it took, whether it failed. */
export interface RedisCallEvent {
  what: string;
  seconds: number;
  failed: boolean;
}

const callListeners = new Set<(call: RedisCallEvent) => void>();

/** Tells the listener of every Redis call from now on (metrics hang here); returns the function that stops it. */
export function observeRedisCalls(listener: (call: RedisCallEvent) => void): () => void {
  callListeners.add(listener);
  return () => callListeners.delete(listener);
}

// Error replies, by their first word, that a later retry can get past without anyone changing the command.
const RETRIABLE_REPLIES = new Set([
  'LOADING', // restarting and reading its data set
  'BUSY', // a script runs too long; SCRIPT KILL or its end frees the server
  'MASTERDOWN',
  'CLUSTERDOWN',
  'TRYAGAIN', // a multi-key command during resharding
  'MOVED', // a cluster redirect the client did not follow (slots moved under it)
  'ASK',
  'READONLY', // a replica promoted or demoted under a failover
  'NOREPLICAS',
  'OOM', // maxmemory: writes succeed again once memory is freed
  'NOSCRIPT', // the script cache was flushed; ioredis sends the script again on the retry
  // Credentials and ACLs are the operator's to fix; every record would fail alike meanwhile, so none is dead-lettered.
  'NOAUTH',
  'WRONGPASS',
  'NOPERM',
]);

/** Whether a failure of a Redis call can succeed when retried: connection trouble and transient server states can. */
export function isRetriableRedisError(error: unknown): boolean {
  if (error instanceof PipelineError) return error.retriable;
  // Anything but an error reply (refused or lost connections, command timeouts, ioredis giving up on a queued
  // command) is the connection's trouble, not the command's.
  if (!(error instanceof Error) || error.name !== 'ReplyError') return true;
  const code = /^[A-Z]+/.exec(error.message)?.[0] ?? '';
  if (RETRIABLE_REPLIES.has(code)) return true;
  return code === 'ERR' && /max(imum)? number of clients/i.test(error.message);
}

/** Runs Redis work; a failure is reported as retriable or permanent by what Redis answered. */
export async function redisCall<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  let failed = false;
  try {
    return await work();
  } catch (error) {
    failed = true;
    if (error instanceof PipelineError) throw error;
    const message = `Redis failed while ${what}`;
    throw isRetriableRedisError(error)
      ? new RetriableError(message, { cause: error })
      : new PermanentError(`${message}: ${(error as Error).message.slice(0, 200)}`, { cause: error });
  } finally {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    for (const listener of callListeners) listener({ what, seconds, failed });
  }
}

/** Runs a pipeline and returns its replies; the first failed command fails the whole call, classified as above. */
export function execPipeline(what: string, pipeline: ChainableCommander): Promise<unknown[]> {
  return redisCall(what, async () => {
    const results = (await pipeline.exec()) ?? [];
    // A retriable failure anywhere decides: retrying the batch can then still succeed as a whole.
    const errors = results.map(([error]) => error).filter((error): error is Error => error !== null);
    const failed = errors.find(isRetriableRedisError) ?? errors[0];
    if (failed) throw failed;
    return results.map(([, value]) => value);
  });
}

/** One Redis command: its name, then its arguments. */
export type RedisCommand = [string, ...Array<string | number | Buffer>];

/**
 * Runs commands whose keys may live in different Cluster slots, in one round trip where the client allows: a
 * pipeline on a single Redis, per-node automatic pipelining on a Cluster. Returns the replies in order, as Buffers
 * when `buffers` is set.
 */
export function execCommands(
  what: string,
  redis: Redis | Cluster,
  commands: readonly RedisCommand[],
  buffers = false,
): Promise<unknown[]> {
  if (commands.length === 0) return Promise.resolve([]);
  if (redis instanceof Cluster) {
    return redisCall(what, () =>
      Promise.all(
        commands.map(([name, ...args]) => (buffers ? clusterCallBuffer(redis, name, args) : redis.call(name, ...args))),
      ),
    );
  }
  const pipeline = redis.pipeline();
  for (const [name, ...args] of commands) {
    if (buffers) pipeline.callBuffer(name, ...args);
    else pipeline.call(name, ...args);
  }
  return execPipeline(what, pipeline);
}

/**
 * One command on a Cluster with its reply as Buffers, routed by its key. Not `callBuffer`: ioredis's automatic
 * pipelining drops the command name of a `callBuffer` (it restores it for `call` only).
 */
export function clusterCallBuffer(
  redis: Cluster,
  name: string,
  args: ReadonlyArray<string | number | Buffer>,
): Promise<unknown> {
  return redis.sendCommand(new Command(name, [...args], { replyEncoding: null })) as Promise<unknown>;
}
