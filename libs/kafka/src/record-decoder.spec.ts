import type { KafkaMessage } from 'kafkajs';
import { z } from 'zod';
import { decodeBatch } from './record-decoder';

const message = (value: string | null, offset: string): KafkaMessage => ({
  key: Buffer.from('k'),
  value: value === null ? null : Buffer.from(value),
  offset,
  timestamp: '0',
  attributes: 0,
  headers: {},
});

describe('decodeBatch', () => {
  it('keeps valid records in order and rejects each poison record with its reason', () => {
    const schema = z.object({ n: z.number() });
    const { records, rejects } = decodeBatch(
      [
        message('{"n":1}', '0'),
        message(null, '1'),
        message('{oops', '2'),
        message('{"n":"x"}', '3'),
        message('{"n":2}', '4'),
      ],
      schema,
    );
    expect(records.map((record) => [record.message.offset, record.value])).toEqual([
      ['0', { n: 1 }],
      ['4', { n: 2 }],
    ]);
    expect(rejects.map((reject) => [reject.message.offset, reject.reason])).toEqual([
      ['1', 'empty-value'],
      ['2', 'invalid-json'],
      ['3', 'schema-violation'],
    ]);
    expect(rejects[2]!.detail).toMatch(/^n: /);
  });
});
