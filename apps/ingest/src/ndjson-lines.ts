/** One line of an NDJSON stream: its text, or why it cannot be read (too long, not UTF-8). */
export type NdjsonLine = { index: number; text: string } | { index: number; reason: string };

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a byte stream into lines as the chunks arrive, holding at most `maxLineBytes` of one line: the rest of a
 * longer line is skipped, and the line is reported with its reason. A final line without a newline counts; CRLF is
 * read as LF. Lines are numbered from 0, blank ones included.
 */
export async function* ndjsonLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let overflow = false;
  let index = 0;
  const finish = (): NdjsonLine => {
    const line = finishLine(parts, length, overflow, index++, maxLineBytes);
    parts = [];
    length = 0;
    overflow = false;
    return line;
  };
  for await (const chunk of chunks) {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      if (!overflow) {
        if (length + (end - start) > maxLineBytes) {
          overflow = true;
          parts = [];
        } else if (end > start) {
          parts.push(chunk.subarray(start, end));
        }
      }
      length += end - start;
      if (newline === -1) break;
      yield finish();
      start = newline + 1;
    }
  }
  if (length > 0) yield finish();
}

function finishLine(parts: Buffer[], length: number, overflow: boolean, index: number, max: number): NdjsonLine {
  if (overflow) return { index, reason: `line: ${length} bytes exceeds the limit of ${max}` };
  let bytes = Buffer.concat(parts);
  if (bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
  try {
    return { index, text: utf8.decode(bytes) };
  } catch {
    return { index, reason: 'line: not valid UTF-8' };
  }
}
