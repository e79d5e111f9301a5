import { parseArgs } from 'node:util';
import { z } from 'zod';
import { kafkaBrokersVar, loadConfig, redisUrlVar, storyIndexEnv } from '@cleanwire/config';
import { CleanStoryRecordSchema, STORIES_CLEAN_V1 } from '@cleanwire/contracts';
import { createKafka, type ReplayProgress, replayTopic } from '@cleanwire/kafka';
import { createLogger } from '@cleanwire/logging';
import { createRedisStoreClient } from '@cleanwire/redis';
import { RedisStoryStore, StoryIndexer, StoryIndexRebuild } from '@cleanwire/story-index';
import type { CliCommand } from './cli-command';

const ReindexConfigSchema = z.object({
  KAFKA_BROKERS: kafkaBrokersVar('127.0.0.1:9092'),
  REDIS_URL: redisUrlVar('redis://127.0.0.1:6379'),
  ...storyIndexEnv,
});

const USAGE = `usage: cleanwire reindex

Rebuilds the story index from the ${STORIES_CLEAN_V1} topic into a fresh Redis keyspace, then switches queries over
to it in one step and deletes the old one. Queries keep answering from the old index meanwhile, and the indexer
keeps writing both. Reads KAFKA_BROKERS, REDIS_URL, REDIS_CLUSTER and STORY_INDEX_SHARDS like the services.`;

export const reindexCommand: CliCommand = {
  name: 'reindex',
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const config = loadConfig(ReindexConfigSchema, process.env);
    const logger = createLogger('reindex', 'warn');
    const redis = createRedisStoreClient(config.REDIS_URL, { cluster: config.REDIS_CLUSTER, logger, name: 'reindex' });
    const store = new RedisStoryStore(redis, {
      shards: config.STORY_INDEX_SHARDS,
      onBackgroundError: (err) => logger.warn({ err }, 'merging index segments failed; retried later'),
    });
    const progress = new ReindexProgress(process.stderr);
    const rebuild = await StoryIndexRebuild.begin(store, new StoryIndexer(store));
    let invalid = 0;
    try {
      const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'cleanwire-reindex', logger });
      const read = await replayTopic(
        kafka,
        STORIES_CLEAN_V1,
        async (values) => {
          const stories = values.flatMap((value) => {
            const parsed = CleanStoryRecordSchema.safeParse(safeJson(value));
            if (!parsed.success) invalid++;
            return parsed.success ? [parsed.data] : [];
          });
          await rebuild.write(stories);
        },
        (state) => progress.update(state),
      );
      progress.finish();
      const dropped = await rebuild.finish();
      process.stdout.write(
        `reindexed ${read - invalid} stories into generation ${rebuild.generation} (${invalid} invalid records skipped); ` +
          `queries now read it; ${dropped} keys of generation ${rebuild.previous} deleted\n`,
      );
      return 0;
    } catch (error) {
      progress.finish();
      await rebuild.abort().catch(() => undefined);
      throw error;
    } finally {
      redis.disconnect();
    }
  },
};

function safeJson(value: Buffer | null): unknown {
  try {
    return value === null ? null : JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
}

/** A progress bar on a terminal, a line every few seconds otherwise. */
class ReindexProgress {
  private lastLine = 0;
  private readonly started = Date.now();

  constructor(private readonly out: NodeJS.WriteStream) {}

  update({ read, total }: ReplayProgress): void {
    const rate = read / Math.max(0.001, (Date.now() - this.started) / 1000);
    const text = `${read}/${total} stories, ${rate.toFixed(0)}/s`;
    if (this.out.isTTY) {
      const width = 30;
      const filled = total === 0 ? width : Math.min(width, Math.round((read / total) * width));
      this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}`);
    } else if (Date.now() - this.lastLine > 5000 || read === total) {
      this.lastLine = Date.now();
      this.out.write(`${text}\n`);
    }
  }

  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
