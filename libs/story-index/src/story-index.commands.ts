import { execPipeline, type RedisClient } from '@cleanwire/redis';
import type { ChainableCommander } from 'ioredis';
import {
  COMMIT_STORIES_LUA,
  EXTEND_LOCK_LUA,
  READ_FIELDS_LUA,
  REGISTER_SEGMENT_LUA,
  RELEASE_LOCK_LUA,
  REMOVE_STORIES_LUA,
  SWAP_SEGMENTS_LUA,
} from './story-index.scripts';
import { FORGET_NEAR_LUA, LINK_BUCKETS_LUA } from './near-duplicate.scripts';

type Arg = string | number | Buffer;

/** The index's scripts as client commands (see story-index.scripts.ts for what each takes and returns). */
export interface IndexCommands {
  cwRegisterSegment(registry: string, id: string, lo: number, hi: number, value: string): Promise<number>;
  cwCommitStories(numKeys: number, ...keysAndArgs: Arg[]): Promise<number[]>;
  cwRemoveStories(numKeys: number, ...keysAndArgs: Arg[]): Promise<number[]>;
  cwSwapSegments(
    registry: string,
    retired: string,
    id: string,
    value: string,
    now: number,
    ...old: string[]
  ): Promise<number>;
  cwReadFieldsBuffer(numKeys: number, ...keysAndArgs: Arg[]): Promise<Array<Array<Buffer | null>>>;
  cwExtendLock(lock: string, token: string, ms: number): Promise<number>;
  cwReleaseLock(lock: string, token: string): Promise<number>;
  cwLinkBucketsBuffer(buckets: string, pairs: Buffer, maxPerBucket: number): Promise<Array<Buffer | number>>;
  cwForgetNear(buckets: string, pairs: Buffer): Promise<number>;
}

/** The same commands queued on a pipeline. */
export type IndexPipeline = ChainableCommander & {
  [K in keyof IndexCommands]: (...args: Parameters<IndexCommands[K]>) => IndexPipeline;
};

export type IndexClient = RedisClient & IndexCommands;

/** A pipeline that can queue the index's scripts. */
export function indexPipeline(redis: IndexClient): IndexPipeline {
  return redis.pipeline() as IndexPipeline;
}

/** Registers the index's scripts on a client once; returns it typed with them. */
export function withIndexCommands(redis: RedisClient): IndexClient {
  const defined = redis as RedisClient & { cwIndexCommands?: true };
  if (!defined.cwIndexCommands) {
    redis.defineCommand('cwRegisterSegment', { lua: REGISTER_SEGMENT_LUA, numberOfKeys: 1 });
    redis.defineCommand('cwCommitStories', { lua: COMMIT_STORIES_LUA });
    redis.defineCommand('cwRemoveStories', { lua: REMOVE_STORIES_LUA });
    redis.defineCommand('cwSwapSegments', { lua: SWAP_SEGMENTS_LUA, numberOfKeys: 2 });
    redis.defineCommand('cwReadFields', { lua: READ_FIELDS_LUA, readOnly: true });
    redis.defineCommand('cwExtendLock', { lua: EXTEND_LOCK_LUA, numberOfKeys: 1 });
    redis.defineCommand('cwReleaseLock', { lua: RELEASE_LOCK_LUA, numberOfKeys: 1 });
    redis.defineCommand('cwLinkBuckets', { lua: LINK_BUCKETS_LUA, numberOfKeys: 1 });
    redis.defineCommand('cwForgetNear', { lua: FORGET_NEAR_LUA, numberOfKeys: 1 });
    defined.cwIndexCommands = true;
  }
  return redis as IndexClient;
}

/**
 * Reads fields of several hashes of one shard in one call (READ_FIELDS_LUA). Through a pipeline, never as a bare
 * command: on a Cluster, automatic pipelining routes a script whose key count is an argument by its first argument
 * (the count), while a pipeline routes it by its declared keys.
 */
export async function readFieldsBuffer(
  redis: IndexClient,
  what: string,
  keys: readonly string[],
  fields: ReadonlyArray<readonly string[]>,
): Promise<Array<Array<Buffer | null>>> {
  if (keys.length === 0) return [];
  const args = fields.flatMap((list) => [list.length, ...list]);
  const [reply] = await execPipeline(what, indexPipeline(redis).cwReadFieldsBuffer(keys.length, ...keys, ...args));
  return reply as Array<Array<Buffer | null>>;
}
