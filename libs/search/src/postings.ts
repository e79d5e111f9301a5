/**
 * Compressed postings. A posting list of one term within one docid range is a byte string of chunks, appended one per
 * write batch: `varint(count)`, then per story `varint(gap)` and one impact byte (1..255). The first gap of a chunk is
 * the docid's offset in the range, later gaps the difference to the previous docid. Chunks are self-contained, so two
 * writers may append concurrently and a reader sorts what arrives out of order.
 */

/** A decoded posting list: docids ascending, each with its impact. */
export interface PostingList {
  docs: Int32Array;
  impacts: Uint8Array;
}

export const EMPTY_POSTINGS: PostingList = { docs: new Int32Array(0), impacts: new Uint8Array(0) };

/** One chunk for postings given as docid offsets (ascending, distinct) and impacts (1..255). */
export function encodePostingChunk(offsets: readonly number[], impacts: readonly number[]): Uint8Array {
  const out = new Uint8Array(5 + offsets.length * 6);
  let at = writeVarint(out, 0, offsets.length);
  let previous = 0;
  offsets.forEach((offset, index) => {
    if (index > 0 && offset <= previous) throw new RangeError('posting offsets must ascend');
    at = writeVarint(out, at, index === 0 ? offset : offset - previous);
    out[at++] = impacts[index] ?? 1;
    previous = offset;
  });
  return out.subarray(0, at);
}

/** Decodes a posting string whose offsets count from `base`; truncated trailing bytes are ignored. */
export function decodePostings(bytes: Uint8Array, base = 0): PostingList {
  // Every posting takes at least two bytes: a capacity that never needs to grow.
  const docs = new Int32Array(bytes.length >> 1);
  const impacts = new Uint8Array(bytes.length >> 1);
  let n = 0;
  let at = 0;
  let sorted = true;
  while (at < bytes.length) {
    let count = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++] ?? 0;
      count += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80 || at >= bytes.length) break;
    }
    let doc = base;
    for (let i = 0; i < count && at < bytes.length; i++) {
      let gap = 0;
      shift = 0;
      for (;;) {
        const byte = bytes[at++] ?? 0;
        gap += (byte & 0x7f) * 2 ** shift;
        shift += 7;
        if (byte < 0x80 || at >= bytes.length) break;
      }
      if (at >= bytes.length) break;
      doc += gap;
      if (n > 0 && doc <= (docs[n - 1] ?? 0)) sorted = false;
      docs[n] = doc;
      impacts[n++] = bytes[at++] ?? 1;
    }
  }
  const list = { docs: docs.subarray(0, n), impacts: impacts.subarray(0, n) };
  return sorted ? list : sortPostings(list);
}

export interface ScoredDocs {
  docs: Int32Array;
  scores: Float64Array;
}

/** A posting list as scored docids, each impact times `weight`. */
export function scorePostings(list: PostingList, weight: number): ScoredDocs {
  const scores = new Float64Array(list.docs.length);
  list.impacts.forEach((impact, index) => (scores[index] = impact * weight));
  return { docs: list.docs, scores };
}

/** Docids in any of the lists (for a prefix's expansions or several sources), scores summed. */
export function unionDocs(lists: readonly ScoredDocs[]): ScoredDocs {
  if (lists.length === 1) return lists[0] as ScoredDocs;
  const sums = new Map<number, number>();
  for (const list of lists) {
    list.docs.forEach((doc, index) => sums.set(doc, (sums.get(doc) ?? 0) + (list.scores[index] ?? 0)));
  }
  const docs = Int32Array.from(sums.keys()).sort();
  return { docs, scores: Float64Array.from(docs, (doc) => sums.get(doc) ?? 0) };
}

/** Docids in every list, scores summed; the shortest list drives, the others are searched by galloping. */
export function intersectDocs(lists: readonly ScoredDocs[]): ScoredDocs {
  if (lists.length === 0) return { docs: new Int32Array(0), scores: new Float64Array(0) };
  const ordered = [...lists].sort((a, b) => a.docs.length - b.docs.length);
  const [driver, ...others] = ordered as [ScoredDocs, ...ScoredDocs[]];
  const docs = new Int32Array(driver.docs.length);
  const scores = new Float64Array(driver.docs.length);
  const cursors = others.map(() => 0);
  let n = 0;
  outer: for (let i = 0; i < driver.docs.length; i++) {
    const doc = driver.docs[i] as number;
    let score = driver.scores[i] ?? 0;
    for (let k = 0; k < others.length; k++) {
      const other = others[k] as ScoredDocs;
      const at = gallop(other.docs, doc, cursors[k] as number);
      cursors[k] = at;
      if (at >= other.docs.length) break outer;
      if (other.docs[at] !== doc) continue outer;
      score += other.scores[at] ?? 0;
    }
    docs[n] = doc;
    scores[n++] = score;
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
}

/** The docids of `from` that are in none of `minus`. */
export function subtractDocs(from: ScoredDocs, minus: readonly Int32Array[]): ScoredDocs {
  if (minus.every((list) => list.length === 0)) return from;
  const docs = new Int32Array(from.docs.length);
  const scores = new Float64Array(from.docs.length);
  const cursors = minus.map(() => 0);
  let n = 0;
  for (let i = 0; i < from.docs.length; i++) {
    const doc = from.docs[i] as number;
    const excluded = minus.some((list, k) => {
      const at = gallop(list, doc, cursors[k] as number);
      cursors[k] = at;
      return list[at] === doc;
    });
    if (excluded) continue;
    docs[n] = doc;
    scores[n++] = from.scores[i] ?? 0;
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Index of the first element >= target at or after `from`, by exponential then binary search. */
function gallop(list: Int32Array, target: number, from: number): number {
  let low = from;
  let step = 1;
  let high = from;
  while (high < list.length && (list[high] as number) < target) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, list.length);
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as number) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

function sortPostings(list: PostingList): PostingList {
  const order = Array.from(list.docs.keys()).sort((a, b) => (list.docs[a] as number) - (list.docs[b] as number));
  const docs: number[] = [];
  const impacts: number[] = [];
  for (const index of order) {
    const doc = list.docs[index] as number;
    // A docid appended twice keeps its later impact.
    if (docs.length > 0 && docs[docs.length - 1] === doc) impacts[impacts.length - 1] = list.impacts[index] ?? 1;
    else {
      docs.push(doc);
      impacts.push(list.impacts[index] ?? 1);
    }
  }
  return { docs: Int32Array.from(docs), impacts: Uint8Array.from(impacts) };
}

/** Writes `value` as a varint (7 bits a byte, low first) at `at`; returns the offset after it. */
export function writeVarint(out: Uint8Array, at: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  out[at++] = v;
  return at;
}
