// The baseline ingest: a bare Fastify route that takes the same JSON feed bodies and publishes each item with kafkajs
// in one send (acks -1), answering 202 once the broker acknowledged, in its own process as ingest runs.
//   node dist/bench/support/bare-ingest.js '{"brokers":[...],"port":1234,"topic":"t"}'
import Fastify from 'fastify';
import { Kafka, logLevel } from 'kafkajs';

interface BareIngestOptions {
  brokers: string[];
  port: number;
  topic: string;
}

async function serve(options: BareIngestOptions): Promise<void> {
  const kafka = new Kafka({ clientId: 'bare-ingest', brokers: options.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const app = Fastify({ bodyLimit: 5 * 1024 * 1024 });
  app.post('/v1/feeds', async (request, reply) => {
    const items = request.body as Array<{ url: string }>;
    await producer.send({
      topic: options.topic,
      acks: -1,
      messages: items.map((item) => ({ key: item.url, value: JSON.stringify(item) })),
    });
    return reply.status(202).send({ accepted: items.length });
  });
  await app.listen({ port: options.port, host: '127.0.0.1' });
  process.stdout.write('listening\n');
  process.once('SIGTERM', () => {
    void Promise.all([app.close(), producer.disconnect()]).finally(() => process.exit(0));
  });
}

if (require.main === module) {
  serve(JSON.parse(process.argv[2] ?? '{}') as BareIngestOptions).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
