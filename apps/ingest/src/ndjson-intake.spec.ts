import { InvalidInputError, RetriableError, TooLargeError } from '@cleanwire/contracts';
import type { AcceptedItem, ItemVerdict } from '@cleanwire/feeds';
import { ingestNdjson, type NdjsonIntakeOptions } from './ndjson-intake';
import type { NdjsonLine } from './ndjson-lines';

const admit = (text: string, index: number): ItemVerdict =>
  text.startsWith('bad')
    ? { rejected: { index, reason: 'body: must not be empty' } }
    : { accepted: { index, article: { id: `id-${index}` } as AcceptedItem['article'] } };

async function* source(texts: string[], failAt?: number): AsyncGenerator<NdjsonLine> {
  for (const [index, text] of texts.entries()) {
    if (index === failAt) throw new TooLargeError('the decompressed request body exceeds the limit');
    yield { index, text };
  }
}

function options(overrides: Partial<NdjsonIntakeOptions> = {}): NdjsonIntakeOptions & { batches: number[][] } {
  const batches: number[][] = [];
  return {
    maxLines: 100,
    maxRejectedLines: 10,
    batchSize: 2,
    batchBytes: 1_000_000,
    admit,
    publish: async (batch) => {
      batches.push(batch.map((item) => item.index));
    },
    batches,
    ...overrides,
  };
}

describe('ingestNdjson', () => {
  it('publishes accepted lines in batches and lists rejected and skipped blank lines by index', async () => {
    const opts = options();
    const outcome = await ingestNdjson(source(['a', 'bad', '', 'b', 'c', 'd', 'e']), opts);
    expect(opts.batches).toEqual([[0, 3], [4, 5], [6]]);
    expect(outcome).toMatchObject({ complete: true, resumeFromLine: 7, rejected: [{ index: 1 }] });
    expect(outcome.accepted.map((item) => item.id)).toEqual(['id-0', 'id-3', 'id-4', 'id-5', 'id-6']);
  });

  it('publishes a batch early once its lines add up to the byte bound', async () => {
    const opts = options({ batchSize: 500, batchBytes: 10 });
    await ingestNdjson(source(['aaaa', 'bbbb', 'cccc', 'd', 'eeeeeeeeeeee', 'f']), opts);
    expect(opts.batches).toEqual([[0, 1, 2], [3, 4], [5]]);
  });

  it('stops at the line limit after publishing the lines before it', async () => {
    const opts = options({ maxLines: 3 });
    const outcome = await ingestNdjson(source(['a', 'b', 'c', 'd', 'e']), opts);
    expect(outcome.complete).toBe(false);
    expect(outcome).toMatchObject({ resumeFromLine: 3, error: expect.any(TooLargeError) });
    expect(outcome.accepted.map((item) => item.index)).toEqual([0, 1, 2]);
  });

  it('refuses a stream past its rejected-line bound without reading on, after publishing what it accepted', async () => {
    const opts = options({ maxRejectedLines: 2 });
    const outcome = await ingestNdjson(source(['a', 'bad 1', '', 'bad 2', 'b', 'bad 3', 'c', 'bad 4']), opts);
    expect(opts.batches).toEqual([[0, 4]]);
    expect(outcome).toMatchObject({ complete: false, resumeFromLine: 5, rejected: [{ index: 1 }, { index: 3 }] });
    expect(outcome.accepted.map((item) => item.index)).toEqual([0, 4]);
    if (outcome.complete) throw new Error('expected an incomplete outcome');
    expect(outcome.error).toBeInstanceOf(InvalidInputError);
    expect(String(outcome.error)).toContain('more than 2 lines of the stream were rejected (the first, line 1: ');
  });

  it('on a broken stream publishes the whole lines received and names where to resume', async () => {
    const opts = options({ batchSize: 10 });
    const outcome = await ingestNdjson(source(['a', 'bad', 'b', 'c'], 3), opts);
    expect(opts.batches).toEqual([[0, 2]]);
    expect(outcome).toMatchObject({ complete: false, resumeFromLine: 3, rejected: [{ index: 1 }] });
  });

  it('never counts a batch the broker did not acknowledge', async () => {
    let calls = 0;
    const opts = options({
      publish: async () => {
        if (++calls === 2) throw new RetriableError('broker down');
      },
    });
    const outcome = await ingestNdjson(source(['a', 'b', 'bad', 'c', 'd', 'e']), opts);
    expect(outcome).toMatchObject({ complete: false, resumeFromLine: 3, rejected: [{ index: 2 }] });
    expect(outcome.accepted.map((item) => item.index)).toEqual([0, 1]);
  });
});
