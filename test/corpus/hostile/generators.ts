import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';

/** Bodies too large to keep as files in the repository, built on demand by the hostile-corpus tests. */
export type HostileGenerator = () => Buffer;

// Far above the ingest body limit (5 MB) once inflated, a few kilobytes on the wire.
const BOMB_BYTES = 64 * 1024 * 1024;

function bombPayload(): Buffer {
  const head = Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><item><description>');
  return Buffer.concat([head, Buffer.alloc(BOMB_BYTES - head.length, 0x61)]);
}

export const generators: Record<string, HostileGenerator> = {
  gzipBomb: () => gzipSync(bombPayload(), { level: 9 }),
  deflateBomb: () => deflateSync(bombPayload(), { level: 9 }),
  brBomb: () => brotliCompressSync(bombPayload(), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  /** Just over the default 5 MB ingest body limit, uncompressed. */
  overLimitBody: () => {
    const item = '<item><title>t</title><description>' + 'x'.repeat(1000) + '</description></item>';
    return Buffer.from(
      `<rss version="2.0"><channel>${item.repeat(Math.ceil((5 * 1024 * 1024 + 1) / item.length))}</channel></rss>`,
    );
  },
  /** A page over the 512 KB article limit: refused before it is parsed. */
  overLimitHtmlPage: () => Buffer.from(`<html><body>${`<p>${'word '.repeat(200)}</p>`.repeat(600)}</body></html>`),
};
