// `cleanwire reindex` against a real Kafka-protocol broker and Redis: the index is rebuilt from stories.clean.v1 into
// a new generation, queries switch to it, and what the topic does not hold is gone with the old generation.
import { encodeCleanStoryRecord, STORIES_CLEAN_V1 } from '@cleanwire/contracts';
import { createRedisStoreClient, type RedisClient } from '@cleanwire/redis';
import { RedisStorySearch, RedisStoryStore, StoryIndexer } from '@cleanwire/story-index';
import { reindexCommand } from '../../apps/cli/src/reindex.command';
import { type RunningKafka, type RunningRedis, startKafka, startRedis } from '../harness';
import { testKafka } from './kafka-records';
import { story } from './story-index-suite';

describe('cleanwire reindex (real broker and Redis)', () => {
  let kafka: RunningKafka;
  let redis: RunningRedis;
  let client: RedisClient;
  const saved = { ...process.env };

  beforeAll(async () => {
    [kafka, redis] = await Promise.all([startKafka(), startRedis()]);
    client = createRedisStoreClient(redis.url);
  }, 90_000);

  afterAll(async () => {
    process.env = saved;
    client?.disconnect();
    await Promise.all([kafka?.stop(), redis?.stop()]);
  });

  it('rebuilds the index from the topic and switches queries over to it', async () => {
    const onTopic = Array.from({ length: 40 }, (_, i) =>
      story({ id: `topic-${i}`, body: [`Harbour report number ${i}.`] }),
    );
    const producer = testKafka(kafka.brokers).producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({
      topic: STORIES_CLEAN_V1,
      acks: -1,
      // Records of both forms: the earlier one (the story as JSON) and the one the normalizer writes now.
      messages: [
        ...onTopic.map((s, i) => ({ key: s.id, value: i % 2 === 0 ? JSON.stringify(s) : encodeCleanStoryRecord(s) })),
        { key: 'bad', value: 'not json' },
      ],
    });
    await producer.disconnect();

    const store = new RedisStoryStore(client);
    const search = new RedisStorySearch(client, store);
    // A story only Redis has (say, its topic records were lost): a rebuild from the topic drops it.
    const stray = story({ id: 'stray', body: ['Harbour rumour.'] });
    await new StoryIndexer(store).index([stray]);
    expect((await search.search({ q: 'harbour', limit: 100 })).total).toBe(1);

    Object.assign(process.env, { KAFKA_BROKERS: kafka.brokers.join(','), REDIS_URL: redis.url });
    const output: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (text: string) => output.push(text) > 0;
    try {
      expect(await reindexCommand.run([])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(output.join('')).toMatch(/reindexed 40 stories into generation 2 \(1 invalid records skipped\)/);

    const after = new RedisStoryStore(client);
    const result = await new RedisStorySearch(client, after).search({ q: 'harbour', limit: 100 });
    expect(result.total).toBe(40);
    expect(await after.get('stray')).toBeNull();
    expect(await after.get('topic-7')).toEqual(onTopic[7]);
    expect(await client.hget('cw:generation', 'current')).toBe('2');
  }, 120_000);
});
