import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DEAD_LETTER_HEADERS, deadLetterTopic, PermanentError, RetriableError } from '@cleanwire/contracts';
import { createKafka, KafkaBatchServer, RecordPublisher, RpcErrorPassthroughFilter } from '@cleanwire/kafka';
import { createLogger } from '@cleanwire/logging';
import { type RunningKafka, startKafka } from '../harness';
import { readTopic, testKafka } from './kafka-records';

const Dispatch = z.object({ n: z.number().int(), behaviour: z.enum(['ok', 'flaky', 'poison']).default('ok') });
type Dispatch = z.infer<typeof Dispatch>;

/** What the test handler saw, shared with the test through module scope. */
const seen = { batches: [] as number[][], flakyFailures: 0 };

function handlerFor(topic: string) {
  @Controller()
  class DispatchConsumer {
    @EventPattern(topic, { schema: Dispatch })
    async handle(@Payload() dispatches: Dispatch[]): Promise<void> {
      if (dispatches.some((dispatch) => dispatch.behaviour === 'flaky') && seen.flakyFailures < 2) {
        seen.flakyFailures += 1;
        throw new RetriableError('store briefly down');
      }
      if (dispatches.some((dispatch) => dispatch.behaviour === 'poison')) throw new PermanentError('cannot ever work');
      seen.batches.push(dispatches.map((dispatch) => dispatch.n));
    }
  }
  @Module({ controllers: [DispatchConsumer] })
  class DispatchModule {}
  return DispatchModule;
}

describe('the eachBatch transport', () => {
  let kafka: RunningKafka;
  let service: INestMicroservice;
  const topic = `dispatches.${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    kafka = await startKafka();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await kafka?.stop();
  }, 30_000);

  it('hands valid records to the handler in batches, dead-letters poison, and retries what is retriable', async () => {
    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    const good = (n: number, behaviour = 'ok') => ({ key: 'k', value: JSON.stringify({ n, behaviour }) });
    // One key: one partition, so the order of the records is the order sent.
    await producer.send({
      topic,
      messages: [
        good(1),
        { key: 'k', value: 'not json' },
        good(2),
        { key: 'k', value: '{"n":"three"}' },
        good(3, 'flaky'),
        good(4, 'poison'),
        good(5),
      ],
    });
    await producer.disconnect();

    const logger = createLogger('test', 'silent');
    const client = createKafka({ brokers: kafka.brokers, clientId: 'transport-test', logger });
    const server = new KafkaBatchServer({
      kafka: client,
      groupId: `group-${randomUUID()}`,
      publisher: new RecordPublisher(client, { idempotent: false, logger }),
      logger,
      retry: { initialMs: 50, maxMs: 200 },
    });
    service = await NestFactory.createMicroservice<MicroserviceOptions>(handlerFor(topic), {
      strategy: server,
      logger: false,
    });
    service.useGlobalFilters(new RpcErrorPassthroughFilter());
    await service.listen();

    const deadLetters = await readTopic(kafka.brokers, deadLetterTopic(topic), 3);
    const reasons = deadLetters.map((record) => [record.value, record.headers[DEAD_LETTER_HEADERS.reason]]);
    expect(reasons).toEqual([
      ['not json', 'invalid-json'],
      ['{"n":"three"}', 'schema-violation'],
      [JSON.stringify({ n: 4, behaviour: 'poison' }), 'handler-failed'],
    ]);
    expect(deadLetters[1]!.headers[DEAD_LETTER_HEADERS.error]).toContain('n');
    expect(deadLetters.every((record) => record.headers[DEAD_LETTER_HEADERS.topic] === topic)).toBe(true);

    const deadline = Date.now() + 20_000;
    while (server.stats.records < 7 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // Every good record was handled exactly once, in order, including the one that needed two retries.
    expect(seen.batches.flat()).toEqual([1, 2, 3, 5]);
    expect(seen.flakyFailures).toBe(2);
    expect(server.stats).toMatchObject({ deadLetters: 3, records: 7 });
  }, 60_000);
});
