// Starts a throw-away Redis Cluster for a suite: three masters (local/redis:test, or CLEANWIRE_TEST_REDIS_IMAGE) with
// --cluster-enabled on free ports, host networking, bound to 127.0.0.1. The slots are split in three and the nodes
// introduced to each other through CLUSTER ADDSLOTSRANGE and CLUSTER MEET, which is what
// `redis-cli --cluster create ... --cluster-replicas 0` does, without needing redis-cli.
import Redis from 'ioredis';
import { GenericContainer, Wait } from 'testcontainers';
import type { StartedTestContainer } from 'testcontainers';
import { LOCAL_REDIS_IMAGE, freePort, harnessLabels } from './docker';

export interface RunningRedisCluster {
  /** Comma-separated redis://127.0.0.1:PORT seed URLs. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

const MASTERS = 3;
const SLOTS = 16384;

export async function startRedisCluster(): Promise<RunningRedisCluster> {
  const containers: StartedTestContainer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(containers.map((container) => container.stop()));
  };
  try {
    const ports: number[] = [];
    for (let i = 0; i < MASTERS; i++) {
      const port = await freePort();
      containers.push(await startNode(port));
      ports.push(port);
    }
    await formCluster(ports);
    return { url: ports.map((port) => `redis://127.0.0.1:${port}`).join(','), ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startNode(port: number): Promise<StartedTestContainer> {
  const officialImage = process.env.CLEANWIRE_TEST_REDIS_IMAGE;
  const binary = officialImage ? 'redis-server' : '/usr/bin/redis-server';
  return new GenericContainer(officialImage || LOCAL_REDIS_IMAGE)
    .withNetworkMode('host')
    .withCommand([
      binary,
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--cluster-node-timeout',
      '5000',
    ])
    .withLabels(harnessLabels('redis-cluster'))
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .withStartupTimeout(30_000)
    .start();
}

async function formCluster(ports: readonly number[]): Promise<void> {
  const clients = ports.map((port) => new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 3 }));
  try {
    const share = Math.ceil(SLOTS / ports.length);
    await Promise.all(
      clients.map((client, index) =>
        client.call('CLUSTER', 'ADDSLOTSRANGE', index * share, Math.min(SLOTS, (index + 1) * share) - 1),
      ),
    );
    for (const port of ports.slice(1)) await clients[0]?.call('CLUSTER', 'MEET', '127.0.0.1', port);
    // Gossip spreads the slot map; the cluster is usable once every node says so.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const states = await Promise.all(clients.map((client) => client.call('CLUSTER', 'INFO') as Promise<string>));
      if (
        states.every(
          (info) => info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${ports.length}`),
        )
      ) {
        return;
      }
      if (Date.now() > deadline) throw new Error(`the Redis cluster did not form: ${states.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    for (const client of clients) client.disconnect();
  }
}
