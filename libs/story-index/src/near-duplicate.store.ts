import {
  clusterCallBuffer,
  execCommands,
  execPipeline,
  redisCall,
  type RedisClient,
  type RedisCommand,
} from '@cleanwire/redis';
import { Cluster } from 'ioredis';
import {
  hash64,
  isSameStory,
  LSH_BANDS,
  lshBandHashes,
  MIN_SHARED_BUCKETS,
  storyShard,
  textWordHashes,
  verifiableShingles,
} from '@cleanwire/search';
import { generationKeys, type GenerationKeys } from './index-keys';
import { PAIR_BYTES, PAIRS_PER_CALL } from './near-duplicate.scripts';
import { indexPipeline, withIndexCommands } from './story-index.commands';
import type { StoryGenerations } from './story-generations';

/**
 * Near-duplicate links by MinHash and LSH. Per generation and LSH partition (`{g<n>.n<p>}`, one Cluster slot each):
 * - `lsh`  HASH: 4-byte band hash → the 6-byte near ids of the stories in that bucket (at most `maxPerBucket`);
 * - `near` HASH: a story's 6-byte near id → its state: first-sight sort time, its band hashes, its id;
 * and per story shard, `dup` (HASH: story id → member of the earliest story it nearly duplicates). A bucket lives in the
 * partition its hash picks, a story's state in the partition its near id picks; there are as many partitions as story
 * shards. Candidates sharing a bucket are verified exactly on their texts (shingle containment), in Node.
 */
export interface NearDuplicateStoreOptions {
  keyPrefix?: string;
  /** Story shards (as many LSH partitions, so buckets spread over a Cluster as stories do); default 1. */
  shards?: number;
  /** Stories a bucket keeps (the earliest to arrive); bounds memory and the work a crowded bucket costs. Default 100. */
  maxPerBucket?: number;
}

/** What linking a story needs. */
export interface LinkableStory {
  id: string;
  /** Its sort time (publishedAt, else receivedAt), in ms: the earliest of near-duplicates is the one linked to. */
  sortMs: number;
  /** Its MinHash signature; undefined for a text too short to compare. */
  signature: Uint32Array | undefined;
  /** Its text, to verify candidates against. */
  text: string;
}

/** Where verification reads the texts of stored stories. */
export interface StoryTexts {
  texts(generation: number, ids: readonly string[]): Promise<Map<string, string>>;
}

interface NearState {
  id: string;
  /** `<13-digit first-sight ms>:<id>`: orders near-duplicates, earliest first. */
  member: string;
  bands: Uint32Array;
}

/** Candidate verifications one story may cost at most. */
const MAX_VERIFIED = 64;
const MAX_SORT_MS = 9_999_999_999_999;

function memberOf(ms: number, id: string): string {
  return `${String(Math.min(Math.max(ms, 0), MAX_SORT_MS)).padStart(13, '0')}:${id}`;
}

function idOfMember(member: string): string {
  return member.slice(14);
}

/** A story's near id: 48 bits of a hash of its id (a collision only costs a candidate). */
function nearIdOf(id: string): Buffer {
  const [high, low] = hash64(id);
  const near = Buffer.allocUnsafe(6);
  near.writeUInt32BE(high, 0);
  near.writeUInt16BE(low & 0xffff, 4);
  return near;
}

/** The partition a near id's state lives in. */
function statePartition(near: Buffer, partitions: number): number {
  return near.readUInt32BE(0) % partitions;
}

function encodeState(state: NearState): Buffer {
  const id = Buffer.from(state.id, 'utf8');
  const out = Buffer.allocUnsafe(6 + state.bands.length * 4 + id.length);
  out.writeUIntBE(Number(state.member.slice(0, 13)), 0, 6);
  state.bands.forEach((band, index) => out.writeUInt32BE(band, 6 + index * 4));
  id.copy(out, 6 + state.bands.length * 4);
  return out;
}

function decodeState(bytes: Buffer): NearState {
  const ms = bytes.readUIntBE(0, 6);
  const bands = new Uint32Array(LSH_BANDS);
  for (let i = 0; i < LSH_BANDS; i++) bands[i] = bytes.readUInt32BE(6 + i * 4);
  const id = bytes.subarray(6 + LSH_BANDS * 4).toString('utf8');
  return { id, member: memberOf(ms, id), bands };
}

/** The shingles a text is verified by; undefined for no text or one too short to judge. */
function shinglesOfText(text: string | undefined): Set<number> | undefined {
  if (text === undefined) return undefined;
  const words = textWordHashes(text);
  return verifiableShingles(words, words.length);
}

function sameBands(a: Uint32Array | null, b: Uint32Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((band, index) => band === b[index]);
}

/** The script calls that take (bucket, near id) pairs out of their partitions' buckets. */
function forgetCalls(keys: GenerationKeys, forgets: ReadonlyMap<number, Buffer[]>): RedisCommand[] {
  const calls: RedisCommand[] = [];
  for (const [partition, pairs] of forgets) {
    for (let i = 0; i < pairs.length; i += PAIRS_PER_CALL) {
      calls.push([
        'EVALSHA_FORGET',
        keys.nearPartition(partition).buckets,
        Buffer.concat(pairs.slice(i, i + PAIRS_PER_CALL)),
      ]);
    }
  }
  return calls;
}

/** Links each story to the earliest stored story with nearly the same text, in Redis. */
export class NearDuplicateStore {
  private readonly prefix: string;
  private readonly partitions: number;
  private readonly maxPerBucket: number;
  private readonly redis: ReturnType<typeof withIndexCommands>;

  constructor(
    redis: RedisClient,
    private readonly generations: StoryGenerations,
    private readonly stories: StoryTexts,
    options: NearDuplicateStoreOptions = {},
  ) {
    this.redis = withIndexCommands(redis);
    this.prefix = options.keyPrefix ?? 'cw:';
    this.partitions = options.shards ?? 1;
    this.maxPerBucket = options.maxPerBucket ?? 100;
  }

  /**
   * Registers the stories' signatures in a generation and links them: each to the earliest stored near-duplicate, and
   * stored near-duplicates that came later to the story when it is earlier than what they point at. A story registered
   * with the same signature is left as it is, so a replay changes nothing; the links do not depend on arrival order.
   */
  async link(generation: number, batch: readonly LinkableStory[]): Promise<void> {
    if (batch.length === 0) return;
    const keys = generationKeys(this.prefix, generation);
    const states = await this.readStates(
      keys,
      batch.map((story) => story.id),
    );
    const forgets = new Map<number, Buffer[]>();
    const registers = new Map<number, Array<{ pair: Buffer; story: number }>>();
    const commands: RedisCommand[] = [];
    const linking: Array<{ story: LinkableStory; near: Buffer; member: string }> = [];
    const dups = new Map<string, string | null>();
    batch.forEach((story, index) => {
      const state = states.get(story.id) ?? null;
      const bands = story.signature ? lshBandHashes(story.signature) : null;
      if (sameBands(state?.bands ?? null, bands)) return;
      const near = nearIdOf(story.id);
      if (state) for (const band of state.bands) this.addPair(forgets, band, near);
      const stateKey = keys.nearPartition(statePartition(near, this.partitions)).stories;
      if (bands === null) {
        commands.push(['HDEL', stateKey, near]);
        dups.set(story.id, null);
        return;
      }
      const member = state?.member ?? memberOf(story.sortMs, story.id);
      for (const band of bands) this.addPair(registers, band, near, index);
      commands.push(['HSET', stateKey, near, encodeState({ id: story.id, member, bands })]);
      linking.push({ story, near, member });
    });
    // Forgets first: a story whose signature changed may land in a bucket it leaves.
    const calls = forgetCalls(keys, forgets);
    const linkCalls: Array<{ stories: number[] }> = [];
    for (const [partition, pairs] of registers) {
      for (let i = 0; i < pairs.length; i += PAIRS_PER_CALL) {
        const slice = pairs.slice(i, i + PAIRS_PER_CALL);
        calls.push([
          'EVALSHA_LINK',
          keys.nearPartition(partition).buckets,
          Buffer.concat(slice.map(({ pair }) => pair)),
          this.maxPerBucket,
        ]);
        linkCalls.push({ stories: slice.map(({ story }) => story) });
      }
    }
    const replies = await this.run(calls, commands);
    // Candidates: the near ids that shared a bucket with each story when it was registered, with how many buckets.
    const candidates = new Map<number, Map<string, number>>();
    replies.slice(calls.length - linkCalls.length).forEach((reply, call) => {
      const owners = linkCalls[call]?.stories ?? [];
      const list = reply as Array<number | Buffer>;
      for (let i = 0; i < list.length; i += 2) {
        const owner = owners[(list[i] as number) - 1] as number;
        const entries = list[i + 1] as Buffer;
        const own = nearIdOf((batch[owner] as LinkableStory).id).toString('hex');
        for (let k = 0; k + 6 <= entries.length; k += 6) {
          const near = entries.subarray(k, k + 6).toString('hex');
          if (near === own) continue;
          let shared = candidates.get(owner);
          if (shared === undefined) candidates.set(owner, (shared = new Map<string, number>()));
          shared.set(near, (shared.get(near) ?? 0) + 1);
        }
      }
    });
    await this.resolveLinks(keys, generation, batch, linking, candidates, dups);
    await this.writeLinks(keys, dups);
  }

  /** Decides each linking story's link, and relinks later stories to it, from verified candidates. */
  private async resolveLinks(
    keys: GenerationKeys,
    generation: number,
    batch: readonly LinkableStory[],
    linking: ReadonlyArray<{ story: LinkableStory; near: Buffer; member: string }>,
    candidates: ReadonlyMap<number, ReadonlyMap<string, number>>,
    dups: Map<string, string | null>,
  ): Promise<void> {
    const inBatch = new Map<string, { story: LinkableStory; member: string }>();
    for (const item of linking) inBatch.set(item.near.toString('hex'), item);
    const outside = [
      ...new Set([...candidates.values()].flatMap((shared) => [...shared].filter(isCandidate).map(([near]) => near))),
    ].filter((near) => !inBatch.has(near));
    const resolved = await this.statesByNear(keys, outside);
    const candidateOf = (near: string): { id: string; member: string } | undefined => {
      const item = inBatch.get(near);
      return item ? { id: item.story.id, member: item.member } : resolved.get(near);
    };
    const verifiedOf = new Map(
      batch.map((_story, index) => [index, chosenCandidates(candidates.get(index), candidateOf)] as const),
    );
    // Only the chosen candidates' texts are read: a text is the costly part of a verification.
    const linkingIds = new Set(linking.map((item) => item.story.id));
    const outsideIds = [...new Set([...verifiedOf.values()].flat().map((candidate) => candidate.id))].filter(
      (id) => !linkingIds.has(id),
    );
    const [texts, current] = await Promise.all([
      this.stories.texts(generation, outsideIds),
      this.readDups(keys, outsideIds),
    ]);
    for (const item of linking) texts.set(item.story.id, item.story.text);
    const shingles = new Map<string, Set<number> | undefined>();
    const shinglesOf = (id: string): Set<number> | undefined => {
      if (!shingles.has(id)) shingles.set(id, shinglesOfText(texts.get(id)));
      return shingles.get(id);
    };
    const same = (a: string, b: string): boolean => {
      const left = shinglesOf(a);
      const right = shinglesOf(b);
      return left !== undefined && right !== undefined && isSameStory(left, right);
    };
    const dupOf = (id: string): string | null => (dups.has(id) ? (dups.get(id) ?? null) : (current.get(id) ?? null));

    const linkingOf = new Map(linking.map((item) => [item.story, item]));
    batch.forEach((story, index) => {
      const item = linkingOf.get(story);
      if (!item) return;
      const found = verifiedOf.get(index) ?? [];
      const earlier = found.filter((candidate) => candidate.member < item.member);
      dups.set(item.story.id, earlier.find((candidate) => same(item.story.id, candidate.id))?.member ?? null);
      // Later near-duplicates were linked before this story arrived: the earliest story wins, whatever the order.
      for (const candidate of found) {
        if (candidate.member <= item.member) continue;
        const linked = dupOf(candidate.id);
        if ((linked === null || item.member < linked) && same(item.story.id, candidate.id)) {
          dups.set(candidate.id, item.member);
        }
      }
    });
  }

  private async writeLinks(keys: GenerationKeys, dups: ReadonlyMap<string, string | null>): Promise<void> {
    const commands: RedisCommand[] = [];
    for (const [id, member] of dups) {
      const key = keys.shard(storyShard(id, this.partitions)).duplicates;
      commands.push(member === null ? ['HDEL', key, id] : ['HSET', key, id, member]);
    }
    await execCommands('linking near-duplicate stories', this.redis, commands);
  }

  /** The id each story duplicates now (undefined for none), read from the generation queries use. */
  async duplicateOf(ids: Iterable<string>): Promise<Map<string, string | undefined>> {
    const unique = [...new Set(ids)];
    const keys = generationKeys(this.prefix, await this.generations.current());
    const current = await this.readDups(keys, unique);
    return new Map(unique.map((id) => [id, current.has(id) ? idOfMember(current.get(id) as string) : undefined]));
  }

  /** The story's stored near-duplicates, earliest first, and the one it duplicates; null if it has no signature here. */
  async nearDuplicates(id: string): Promise<{ duplicateOf: string | null; duplicates: string[] } | null> {
    const generation = await this.generations.current();
    const keys = generationKeys(this.prefix, generation);
    const state = (await this.readStates(keys, [id])).get(id);
    if (!state) return null;
    const near = nearIdOf(id).toString('hex');
    const commands: RedisCommand[] = [...state.bands].map((band) => {
      const field = Buffer.allocUnsafe(4);
      field.writeUInt32BE(band);
      return ['HGET', keys.nearPartition(band % this.partitions).buckets, field];
    });
    const buckets = (await execCommands(
      'reading near-duplicate buckets',
      this.redis,
      commands,
      true,
    )) as Array<Buffer | null>;
    const candidates = new Set<string>();
    for (const entries of buckets) {
      for (let k = 0; entries && k + 6 <= entries.length; k += 6)
        candidates.add(entries.subarray(k, k + 6).toString('hex'));
    }
    candidates.delete(near);
    const resolved = [...(await this.statesByNear(keys, [...candidates])).values()];
    const texts = await this.stories.texts(generation, [id, ...resolved.map((other) => other.id)]);
    const own = shinglesOfText(texts.get(id));
    const duplicates = resolved
      .filter((other) => {
        const shingles = shinglesOfText(texts.get(other.id));
        return own !== undefined && shingles !== undefined && isSameStory(own, shingles);
      })
      .sort((a, b) => (a.member < b.member ? -1 : 1))
      .map((other) => other.id);
    const dup = (await this.readDups(keys, [id])).get(id);
    return { duplicateOf: dup === undefined ? null : idOfMember(dup), duplicates };
  }

  /** Forgets removed stories in a generation: their bucket entries and their state. */
  async forget(generation: number, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const keys = generationKeys(this.prefix, generation);
    const states = await this.readStates(keys, ids);
    const forgets = new Map<number, Buffer[]>();
    const commands: RedisCommand[] = [];
    for (const id of ids) {
      const state = states.get(id);
      if (!state) continue;
      const near = nearIdOf(id);
      for (const band of state.bands) this.addPair(forgets, band, near);
      commands.push(['HDEL', keys.nearPartition(statePartition(near, this.partitions)).stories, near]);
    }
    await this.run(forgetCalls(keys, forgets), commands);
  }

  private addPair<T>(to: Map<number, T[]>, band: number, near: Buffer, story?: number): void {
    const pair = Buffer.allocUnsafe(PAIR_BYTES);
    pair.writeUInt32BE(band, 0);
    near.copy(pair, 4);
    const partition = band % this.partitions;
    let list = to.get(partition);
    if (list === undefined) to.set(partition, (list = []));
    list.push((story === undefined ? pair : { pair, story }) as T);
  }

  /** Runs the scripts (forgets, then links), then plain commands, in one round trip per node; returns the replies. */
  private async run(calls: readonly RedisCommand[], commands: readonly RedisCommand[]): Promise<unknown[]> {
    const redis = this.redis;
    if (redis instanceof Cluster) {
      // Keys of several slots: each command on its own, pipelined per node by the client, in issue order.
      return redisCall('linking near-duplicate stories', () =>
        Promise.all([
          ...calls.map(([name, key, pairs, max]) =>
            name === 'EVALSHA_FORGET'
              ? redis.cwForgetNear(key as string, pairs as Buffer)
              : redis.cwLinkBucketsBuffer(key as string, pairs as Buffer, max as number),
          ),
          ...commands.map(([name, ...args]) => clusterCallBuffer(redis, name, args)),
        ]),
      );
    }
    const pipeline = indexPipeline(redis);
    for (const [name, key, pairs, max] of calls) {
      if (name === 'EVALSHA_FORGET') pipeline.cwForgetNear(key as string, pairs as Buffer);
      else pipeline.cwLinkBucketsBuffer(key as string, pairs as Buffer, max as number);
    }
    for (const [name, ...args] of commands) pipeline.callBuffer(name, ...args);
    return execPipeline('linking near-duplicate stories', pipeline);
  }

  private async readStates(keys: GenerationKeys, ids: readonly string[]): Promise<Map<string, NearState>> {
    const replies = (await execCommands(
      'reading near-duplicate state',
      this.redis,
      ids.map((id): RedisCommand => {
        const near = nearIdOf(id);
        return ['HGET', keys.nearPartition(statePartition(near, this.partitions)).stories, near];
      }),
      true,
    )) as Array<Buffer | null>;
    const states = new Map<string, NearState>();
    ids.forEach((id, index) => {
      const reply = replies[index];
      if (reply) {
        const state = decodeState(reply);
        if (state.id === id) states.set(id, state);
      }
    });
    return states;
  }

  /** States by near id (hex); a near id whose story was forgotten has none. */
  private async statesByNear(keys: GenerationKeys, nears: readonly string[]): Promise<Map<string, NearState>> {
    const replies = (await execCommands(
      'reading near-duplicate state',
      this.redis,
      nears.map((hex): RedisCommand => {
        const near = Buffer.from(hex, 'hex');
        return ['HGET', keys.nearPartition(statePartition(near, this.partitions)).stories, near];
      }),
      true,
    )) as Array<Buffer | null>;
    const states = new Map<string, NearState>();
    nears.forEach((near, index) => {
      const reply = replies[index];
      if (reply) states.set(near, decodeState(reply));
    });
    return states;
  }

  private async readDups(keys: GenerationKeys, ids: readonly string[]): Promise<Map<string, string>> {
    const replies = (await execCommands(
      'reading near-duplicate links',
      this.redis,
      ids.map((id): RedisCommand => ['HGET', keys.shard(storyShard(id, this.partitions)).duplicates, id]),
    )) as Array<string | null>;
    const dups = new Map<string, string>();
    ids.forEach((id, index) => {
      const dup = replies[index];
      if (dup) dups.set(id, dup);
    });
    return dups;
  }
}

/** Whether a story that shared `buckets` buckets with another is verified against it. */
const isCandidate = ([, buckets]: readonly [string, number]): boolean => buckets >= MIN_SHARED_BUCKETS;

/** The candidates a story is verified against, earliest first: those that shared enough buckets, at most MAX_VERIFIED. */
export function chosenCandidates(
  shared: ReadonlyMap<string, number> | undefined,
  candidateOf: (near: string) => { id: string; member: string } | undefined,
): Array<{ id: string; member: string }> {
  return [...(shared ?? [])]
    .filter(isCandidate)
    .map(([near]) => candidateOf(near))
    .filter((candidate): candidate is { id: string; member: string } => candidate !== undefined)
    .sort((a, b) => (a.member < b.member ? -1 : 1))
    .slice(0, MAX_VERIFIED);
}
