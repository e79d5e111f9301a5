// Starts a throw-away Kafka-protocol broker for a suite.
// - Default: local/kafka-mock:test, librdkafka's mock cluster (3 brokers) run by kcat. It picks its
//   own ports and advertises 127.0.0.1, so it needs host networking; the bootstrap servers are read
//   from its log. Limits (no CreateTopics, no idempotent producer, auto-created topics with 4
//   partitions, ~5 MB per partition): see shared ENVIRONMENT.md.
// - CLEANWIRE_TEST_KAFKA_IMAGE=apache/kafka:3.9.0 (where a registry is reachable): a single-node
//   KRaft broker+controller on two free ports, host networking, advertising 127.0.0.1, with
//   4 partitions per auto-created topic so suites see the same layout as on the mock.
import { GenericContainer, Wait } from 'testcontainers';
import type { StartedTestContainer } from 'testcontainers';
import { LOCAL_KAFKA_IMAGE, freePort, harnessLabels, signalContainer, waitForLogMatch } from './docker';

export interface RunningKafka {
  /** host:port list for kafkajs `brokers`, all on 127.0.0.1 */
  brokers: string[];
  stop(): Promise<void>;
  /** SIGSTOP: the broker keeps its sockets but answers nothing until resume(). */
  freeze(): Promise<void>;
  resume(): Promise<void>;
  /** SIGKILL: the broker is gone, connections are refused. */
  kill(): Promise<void>;
}

// librdkafka prints the notice "Mock cluster enabled: ... replaced with 127.0.0.1:P1,..." at start;
// with `-d mock` it also prints "Mock cluster <name> bootstrap.servers=127.0.0.1:P1,...".
const MOCK_BOOTSTRAP = /Mock cluster .*?(?:bootstrap\.servers=|replaced with )(127\.0\.0\.1:\d+(?:,127\.0\.0\.1:\d+)*)/;

export async function startKafka(): Promise<RunningKafka> {
  const officialImage = process.env.CLEANWIRE_TEST_KAFKA_IMAGE;
  return officialImage ? startApacheKafka(officialImage) : startMockCluster();
}

async function startMockCluster(): Promise<RunningKafka> {
  const container = await new GenericContainer(LOCAL_KAFKA_IMAGE)
    .withNetworkMode('host')
    // kcat's own keepalive consumer shares the process: socket.timeout.ms (its maximum) lets it outlive a freeze.
    .withCommand([
      '/usr/bin/kcat',
      '-C',
      '-b',
      'unused:9092',
      '-t',
      '_keepalive',
      '-X',
      'test.mock.num.brokers=3',
      '-X',
      'socket.timeout.ms=300000',
    ])
    .withLabels(harnessLabels('kafka'))
    .withWaitStrategy(Wait.forLogMessage(MOCK_BOOTSTRAP))
    .withStartupTimeout(30_000)
    .start();
  try {
    const match = await waitForLogMatch(container, MOCK_BOOTSTRAP, 10_000);
    return running(container, (match[1] ?? '').split(','));
  } catch (error) {
    await container.stop();
    throw error;
  }
}

async function startApacheKafka(image: string): Promise<RunningKafka> {
  const brokerPort = await freePort();
  const controllerPort = await freePort();
  // The apache/kafka image turns KAFKA_* variables into server.properties entries.
  const container = await new GenericContainer(image)
    .withNetworkMode('host')
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${brokerPort}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@127.0.0.1:${controllerPort}`,
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
      KAFKA_NUM_PARTITIONS: '4',
    })
    .withLabels(harnessLabels('kafka'))
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  return running(container, [`127.0.0.1:${brokerPort}`]);
}

function running(container: StartedTestContainer, brokers: string[]): RunningKafka {
  let killed = false;
  return {
    brokers,
    async stop() {
      // A frozen broker would not stop within the grace period.
      if (!killed) await signalContainer(container, 'SIGCONT').catch(() => undefined);
      await container.stop();
    },
    freeze: () => signalContainer(container, 'SIGSTOP'),
    resume: () => signalContainer(container, 'SIGCONT'),
    async kill() {
      killed = true;
      await signalContainer(container, 'SIGKILL');
    },
  };
}
