import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generators } from './generators';

/** One entry of cases.json: a hostile request and the answer it must get. */
export interface HostileCase {
  name: string;
  contentType?: string;
  contentEncoding?: 'gzip' | 'deflate' | 'br';
  /** A file beside the manifest. */
  file?: string;
  /** The name of a generator exported by generators.ts, for inputs too large or too odd to keep as files. */
  generate?: string;
  /** A small body written in the manifest itself. */
  text?: string;
  status: number;
  /** A part of the error message (case-insensitive). */
  message: string;
  /** "http" when the service decides the answer, not readFeed: before the feed parsers, or ingest's NDJSON stream reader. */
  layer?: 'http';
  /** The API key to send instead of the test key; null sends none. */
  apiKey?: string | null;
  /** The source, sent as ?source= (default Wire). */
  source?: string;
  /** The page address, sent as ?url=. */
  url?: string;
  /** The whole query string instead of ?source=...&url=... */
  query?: string;
  /** ingest (default) or query. */
  service?: 'ingest' | 'query';
  method?: string;
  /** Default /v1/feeds. */
  path?: string;
  /** The body is a whole HTTP request, sent as it is. */
  raw?: boolean;
}

/** The directory of cases.json, from the sources or from their compiled copy under dist/. */
export const HOSTILE_DIR = [__dirname, join(__dirname, '..', '..', '..', '..', 'test', 'corpus', 'hostile')].find(
  (dir) => {
    try {
      readFileSync(join(dir, 'cases.json'));
      return true;
    } catch {
      return false;
    }
  },
)!;

/** Every case of the manifest. */
export function hostileCases(): HostileCase[] {
  return JSON.parse(readFileSync(join(HOSTILE_DIR, 'cases.json'), 'utf8')) as HostileCase[];
}

/** The body a case sends: its file, its text or its generator's output. */
export function hostileBody(hostile: HostileCase): Buffer {
  if (hostile.file !== undefined) return readFileSync(join(HOSTILE_DIR, hostile.file));
  if (hostile.text !== undefined) return Buffer.from(hostile.text);
  const generate = generators[hostile.generate ?? ''];
  if (!generate) throw new Error(`${hostile.name}: generators.ts has no generator ${hostile.generate}`);
  return generate();
}

/** The query string a case sends to /v1/feeds. */
export function hostileQuery(hostile: HostileCase): string {
  if (hostile.query !== undefined) return hostile.query;
  const url = hostile.url === undefined ? '' : `&url=${encodeURIComponent(hostile.url)}`;
  return `?source=${encodeURIComponent(hostile.source ?? 'Wire')}${url}`;
}
