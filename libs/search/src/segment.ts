import { hash64 } from './hash';
import { decodePostings, encodePostingChunk, writeVarint } from './postings';

/**
 * Index segments. A segment holds the postings of the stories of one docid interval: a write batch's stories when it is
 * written, more once segments are merged. Its terms are spread over 2^bits buckets by a 64-bit hash of the term (the
 * top bits of its first half), and it is stored as two fields per bucket:
 * - postings field: per term, `hash (8 bytes) varint(length) chunk`, the chunk being `encodePostingChunk` output with
 *   docid offsets from the segment's first docid;
 * - count field: per term, `hash (8 bytes) varint(stories)`: what a search reads first, for document frequencies.
 * A search reads the buckets of its terms only; a merge reads buckets in order and writes them in order.
 */

/** A term's 64-bit hash, as two unsigned halves. */
export interface TermKey {
  high: number;
  low: number;
}

/** About this many terms share a bucket: fields stay a few hundred bytes, and a segment has few fields. */
export const TERMS_PER_BUCKET = 16;
/** The most buckets a segment may have (2^16). */
export const MAX_BUCKET_BITS = 16;

/** The key a term is stored under in every segment. */
export function termKey(term: string): TermKey {
  const [high, low] = hash64(term);
  return { high, low };
}

/** The bucket of a term key in a segment of 2^bits buckets. */
export function bucketOf(high: number, bits: number): number {
  return bits === 0 ? 0 : high >>> (32 - bits);
}

/** The bucket bits of a segment of about `terms` distinct terms, at least `atLeast`. */
export function bucketBitsFor(terms: number, atLeast = 0): number {
  let bits = 0;
  while (bits < MAX_BUCKET_BITS && terms > TERMS_PER_BUCKET << bits) bits++;
  return Math.max(bits, atLeast);
}

/** The field name of a bucket's postings. */
export function postingsField(bucket: number): string {
  return bucket.toString(36);
}

/** The field name of a bucket's story counts. */
export function countsField(bucket: number): string {
  return `#${bucket.toString(36)}`;
}

/** A term's postings in one segment, as stored. */
export interface SegmentTerm {
  key: TermKey;
  /** Stories with the term in the segment. */
  stories: number;
  /** `encodePostingChunk` bytes, offsets from the segment's first docid. */
  chunk: Uint8Array;
}

/** The fields of a segment, ready to write, and its shape. */
export interface EncodedSegment {
  bits: number;
  terms: number;
  /** Field name, value: postings and count fields of every non-empty bucket. */
  fields: Array<[string, Buffer]>;
}

/** Encodes a segment's terms (any order) into bucket fields; within a bucket, terms keep their given order. */
export function encodeSegment(terms: readonly SegmentTerm[], bits = bucketBitsFor(terms.length)): EncodedSegment {
  const buckets = new Map<number, SegmentTerm[]>();
  for (const term of terms) {
    const bucket = bucketOf(term.key.high, bits);
    const list = buckets.get(bucket);
    if (list === undefined) buckets.set(bucket, [term]);
    else list.push(term);
  }
  const fields: Array<[string, Buffer]> = [];
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    const list = buckets.get(bucket) as SegmentTerm[];
    fields.push([postingsField(bucket), encodeBucket(list, true)], [countsField(bucket), encodeBucket(list, false)]);
  }
  return { bits, terms: terms.length, fields };
}

function encodeBucket(terms: readonly SegmentTerm[], withPostings: boolean): Buffer {
  let size = 0;
  for (const term of terms) size += 13 + (withPostings ? 5 + term.chunk.length : 0);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const term of terms) {
    at = out.writeUInt32BE(term.key.high, at);
    at = out.writeUInt32BE(term.key.low, at);
    if (withPostings) {
      at = writeVarint(out, at, term.chunk.length);
      out.set(term.chunk, at);
      at += term.chunk.length;
    } else {
      at = writeVarint(out, at, term.stories);
    }
  }
  return out.subarray(0, at);
}

/** The postings chunk of a term in a postings field, or null when the bucket does not hold the term. */
export function findPostings(field: Uint8Array, key: TermKey): Uint8Array | null {
  const view = new DataView(field.buffer, field.byteOffset, field.byteLength);
  let at = 0;
  while (at + 9 <= field.length) {
    const high = view.getUint32(at);
    const low = view.getUint32(at + 4);
    at += 8;
    const [length, next] = readVarint(field, at);
    if (high === key.high && low === key.low) return field.subarray(next, next + length);
    at = next + length;
  }
  return null;
}

/** The stories a count field gives a term, 0 when the bucket does not hold it. */
export function findCount(field: Uint8Array, key: TermKey): number {
  const view = new DataView(field.buffer, field.byteOffset, field.byteLength);
  let at = 0;
  while (at + 9 <= field.length) {
    const high = view.getUint32(at);
    const low = view.getUint32(at + 4);
    const [count, next] = readVarint(field, at + 8);
    if (high === key.high && low === key.low) return count;
    at = next;
  }
  return 0;
}

/** Every term of a postings field, in stored order: what a merge reads. */
export function* bucketTerms(field: Uint8Array): Generator<{ key: TermKey; chunk: Uint8Array }> {
  const view = new DataView(field.buffer, field.byteOffset, field.byteLength);
  let at = 0;
  while (at + 9 <= field.length) {
    const key = { high: view.getUint32(at), low: view.getUint32(at + 4) };
    const [length, next] = readVarint(field, at + 8);
    yield { key, chunk: field.subarray(next, next + length) };
    at = next + length;
  }
}

/**
 * Collects a write batch's postings, stories in ascending docid order, into the terms of a new segment starting at
 * `base`.
 */
export class SegmentBuilder {
  private readonly terms = new Map<string, { offsets: number[]; impacts: number[] }>();

  constructor(readonly base: number) {}

  /** Adds a story's posting for a term; each term's docids must ascend. */
  add(term: string, docid: number, impact: number): void {
    const postings = this.terms.get(term);
    if (postings === undefined) this.terms.set(term, { offsets: [docid - this.base], impacts: [impact] });
    else {
      postings.offsets.push(docid - this.base);
      postings.impacts.push(impact);
    }
  }

  get size(): number {
    return this.terms.size;
  }

  /** The segment's terms, encoded. */
  build(): SegmentTerm[] {
    const out: SegmentTerm[] = [];
    for (const [term, { offsets, impacts }] of this.terms) {
      out.push({ key: termKey(term), stories: offsets.length, chunk: encodePostingChunk(offsets, impacts) });
    }
    return out;
  }
}

/** A source of a merge: a segment's postings fields, its first docid, and whether every docid it spans is live. */
export interface MergeSource {
  base: number;
  fields: readonly Uint8Array[];
  /** Every story of the segment is still live: its chunks are copied, not decoded and filtered. */
  allLive?: boolean;
}

/**
 * Merges the terms of source segments' postings fields (sources in ascending docid order) into the terms of a segment
 * starting at `base`, keeping only the docids `live` accepts. Terms left without postings are dropped. The chunks of a
 * source whose stories are all live are copied with their first gap moved to the new base (a merged term's postings
 * are then several chunks, which `decodePostings` reads as one list); the others are decoded, filtered and re-encoded.
 */
export function mergeSegmentTerms(
  sources: readonly MergeSource[],
  base: number,
  live: (docid: number) => boolean,
): SegmentTerm[] {
  const merged = new Map<string, { key: TermKey; stories: number; pieces: Uint8Array[] }>();
  for (const source of [...sources].sort((a, b) => a.base - b.base)) {
    for (const field of source.fields) {
      for (const { key, chunk } of bucketTerms(field)) {
        const id = `${key.high.toString(36)}:${key.low.toString(36)}`;
        let term = merged.get(id);
        if (term === undefined) {
          term = { key, stories: 0, pieces: [] };
          merged.set(id, term);
        }
        if (source.allLive) {
          term.stories += rebaseChunks(chunk, source.base - base, term.pieces);
          continue;
        }
        const postings = decodePostings(chunk, source.base);
        const offsets: number[] = [];
        const impacts: number[] = [];
        for (let i = 0; i < postings.docs.length; i++) {
          const docid = postings.docs[i] as number;
          if (!live(docid)) continue;
          offsets.push(docid - base);
          impacts.push(postings.impacts[i] as number);
        }
        if (offsets.length === 0) continue;
        term.pieces.push(encodePostingChunk(offsets, impacts));
        term.stories += offsets.length;
      }
    }
  }
  const out: SegmentTerm[] = [];
  for (const { key, stories, pieces } of merged.values()) {
    if (stories > 0)
      out.push({ key, stories, chunk: pieces.length === 1 ? (pieces[0] as Uint8Array) : concat(pieces) });
  }
  return out;
}

/**
 * Appends the chunks of a posting string to `pieces`, each with its first gap (its offset from the segment's first
 * docid) moved by `shift`; the rest of each chunk is shared, not copied. Returns the postings they hold.
 */
function rebaseChunks(bytes: Uint8Array, shift: number, pieces: Uint8Array[]): number {
  let postings = 0;
  let at = 0;
  while (at < bytes.length) {
    const [count, afterCount] = readVarint(bytes, at);
    if (count === 0) {
      at = afterCount;
      continue;
    }
    const [first, afterFirst] = readVarint(bytes, afterCount);
    // Skip the first impact byte and the other postings: a varint gap and an impact byte each.
    let end = afterFirst + 1;
    for (let i = 1; i < count && end < bytes.length; i++) {
      while (end < bytes.length && (bytes[end] as number) >= 0x80) end++;
      end += 2;
    }
    end = Math.min(end, bytes.length);
    const header = new Uint8Array(10);
    const headerLength = writeVarint(header, writeVarint(header, 0, count), first + shift);
    pieces.push(header.subarray(0, headerLength), bytes.subarray(afterFirst, end));
    postings += count;
    at = end;
  }
  return postings;
}

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

function readVarint(bytes: Uint8Array, from: number): [number, number] {
  let value = 0;
  let shift = 0;
  let at = from;
  for (;;) {
    const byte = bytes[at++] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80 || at >= bytes.length) return [value, at];
  }
}
