// The same story index suite against a Redis Cluster of three masters: every script declares its keys, and each call
// stays within one shard's slot.
import { startRedisCluster } from '../harness/redis-cluster';
import { storyIndexSuite } from './story-index-suite';

storyIndexSuite('a Redis Cluster', async () => {
  const cluster = await startRedisCluster();
  return { url: cluster.url, cluster: true, stop: () => cluster.stop() };
});
