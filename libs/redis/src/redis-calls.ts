import { type ChainableCommander, Cluster, type Redis } from 'ioredis';
import { RetriableError } from '@cleanwire/contracts';

// A failing Redis (down, restarting, loading, out of memory) is a wait-and-retry condition for every caller:
// a worker keeps its offset and the transport retries, the query service answers 503.

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

/** Runs Redis work, reporting any failure as retriable. */
export async function redisCall<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  let failed = false;
  try {
    return await work();
  } catch (error) {
    failed = true;
    throw new RetriableError(`Redis failed while ${what}`, { cause: error });
  } finally {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    for (const listener of callListeners) listener({ what, seconds, failed });
  }
}

/** Runs a pipeline and returns its replies; the first failed command fails the whole call, as retriable. */
export function execPipeline(what: string, pipeline: ChainableCommander): Promise<unknown[]> {
  return redisCall(what, async () => {
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error !== null);
    if (failed?.[0]) throw failed[0];
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
        commands.map(([name, ...args]) => (buffers ? redis.callBuffer(name, ...args) : redis.call(name, ...args))),
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
