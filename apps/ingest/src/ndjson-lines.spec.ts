import { ndjsonLines, type NdjsonLine } from './ndjson-lines';

async function lines(chunks: Array<string | Buffer>, max = 100): Promise<NdjsonLine[]> {
  async function* source(): AsyncGenerator<Buffer> {
    for (const chunk of chunks) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
  }
  const out: NdjsonLine[] = [];
  for await (const line of ndjsonLines(source(), max)) out.push(line);
  return out;
}

describe('ndjsonLines', () => {
  it('splits lines across chunk boundaries, counts blank lines, reads CRLF and a last line without newline', async () => {
    expect(await lines(['{"a"', ':1}\r\n\n{"b":2}\n{"c', '":3}'])).toEqual([
      { index: 0, text: '{"a":1}' },
      { index: 1, text: '' },
      { index: 2, text: '{"b":2}' },
      { index: 3, text: '{"c":3}' },
    ]);
  });

  it('does not invent a line after a final newline', async () => {
    expect(await lines(['a\n'])).toEqual([{ index: 0, text: 'a' }]);
    expect(await lines([])).toEqual([]);
  });

  it('skips the rest of a line over the limit and reports it, keeping the lines after it', async () => {
    const result = await lines(['x'.repeat(8), 'y'.repeat(8), '\nok\n'], 10);
    expect(result).toEqual([
      { index: 0, reason: 'line: 16 bytes exceeds the limit of 10' },
      { index: 1, text: 'ok' },
    ]);
  });

  it('reports a line that is not UTF-8 and keeps multi-byte characters split across chunks', async () => {
    const euro = Buffer.from('€');
    expect(await lines([Buffer.from([0xff, 0x0a]), euro.subarray(0, 1), euro.subarray(1)])).toEqual([
      { index: 0, reason: 'line: not valid UTF-8' },
      { index: 1, text: '€' },
    ]);
  });
});
