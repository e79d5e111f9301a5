// The story index suite against a single Redis.
import { startRedis } from '../harness/redis';
import { storyIndexSuite } from './story-index-suite';

storyIndexSuite(
  'a single Redis',
  async () => {
    const server = await startRedis();
    return { url: server.url, cluster: false, stop: () => server.stop(), restart: () => server.restart() };
  },
  true,
);
