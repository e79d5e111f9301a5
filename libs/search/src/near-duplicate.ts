import { textWordHashes } from './analyze';
import { mix32, mixWord } from './hash';

// Near-duplicates a newsroom calls the same story: the same wire copy trimmed by a paragraph or two, with other
// boilerplate, or lightly edited. Candidates come from MinHash with LSH over word shingles; each candidate is then
// verified exactly by containment, which a trimmed copy keeps high while two stories on one topic never reach it.

/** Words per shingle: four make two stories that share names and places still share almost no shingle. */
export const NEAR_DUPLICATE_SHINGLE_WORDS = 4;
/** Minima in a signature (bins of one-permutation hashing). A power of two. */
export const MINHASH_PERMUTATIONS = 128;
/** LSH bands; rows per band = permutations / bands. 32 bands of 4 rows find pairs of Jaccard 0.5 87 times in 100. */
export const LSH_BANDS = 32;
/**
 * Buckets two signatures must share to be candidates. One shared bucket is mostly a chance collision of common phrases
 * (95% of the candidate pairs of realistic bench articles; 1 of the 600 labelled duplicates shares only one), and every
 * candidate costs reading and shingling a text.
 */
export const MIN_SHARED_BUCKETS = 2;
/** Texts with fewer words get no signature: a handful of shingles make unrelated short texts look alike. */
export const MIN_NEAR_DUPLICATE_WORDS = 20;
/** Share of the shorter text's shingles the longer must hold for the two to be the same story. */
export const MIN_CONTAINMENT = 0.7;

const ROWS = MINHASH_PERMUTATIONS / LSH_BANDS;
const BIN_BITS = Math.log2(MINHASH_PERMUTATIONS);

/** The 32-bit hash of the shingle that starts at word `at` (hashes of the text's words in reading order). */
function shingleAt(words: Uint32Array, at: number): number {
  let hash = 0x2545f491;
  for (let i = at; i < at + NEAR_DUPLICATE_SHINGLE_WORDS; i++) hash = mixWord(hash, words[i] as number);
  return mix32(hash ^ NEAR_DUPLICATE_SHINGLE_WORDS);
}

/** The distinct hashes of the shingles of a word sequence (word hashes, `count` of them). */
export function shinglesOfWords(words: Uint32Array, count: number): Set<number> {
  const shingles = new Set<number>();
  for (let i = 0; i + NEAR_DUPLICATE_SHINGLE_WORDS <= count; i++) shingles.add(shingleAt(words, i));
  return shingles;
}

/** The distinct 32-bit hashes of a text's word shingles (tokenized as search tokenizes). */
export function shingleSet(text: string): Set<number> {
  const words = textWordHashes(text);
  return shinglesOfWords(words, words.length);
}

/**
 * The MinHash signature of a word sequence (word hashes, `count` of them), or undefined when it has fewer than
 * MIN_NEAR_DUPLICATE_WORDS words. One-permutation hashing: each shingle hash falls in one of MINHASH_PERMUTATIONS bins
 * and each bin keeps its minimum, so a signature costs one hash per shingle instead of one per shingle and
 * permutation; empty bins borrow from a bin chosen by a fixed hash sequence (optimal densification, Shrivastava 2017),
 * which keeps two texts' bins agreeing with probability about their Jaccard similarity.
 */
export function signatureOfWords(words: Uint32Array, count: number): Uint32Array | undefined {
  if (count < MIN_NEAR_DUPLICATE_WORDS) return undefined;
  const signature = new Uint32Array(MINHASH_PERMUTATIONS).fill(0xffffffff);
  const filled = new Uint8Array(MINHASH_PERMUTATIONS);
  for (let i = 0; i + NEAR_DUPLICATE_SHINGLE_WORDS <= count; i++) {
    const shingle = shingleAt(words, i);
    const bin = shingle >>> (32 - BIN_BITS);
    const value = mix32(shingle ^ 0x9e3779b9);
    filled[bin] = 1;
    if (value < (signature[bin] as number)) signature[bin] = value;
  }
  for (let bin = 0; bin < MINHASH_PERMUTATIONS; bin++) {
    if (filled[bin]) continue;
    for (let attempt = 1; ; attempt++) {
      const from = mix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) >>> (32 - BIN_BITS);
      if (filled[from]) {
        signature[bin] = signature[from] as number;
        break;
      }
    }
  }
  return signature;
}

/** The MinHash signature of a text (MINHASH_PERMUTATIONS unsigned 32-bit minima), or undefined when it is too short. */
export function minhashSignature(text: string): Uint32Array | undefined {
  const words = textWordHashes(text);
  return signatureOfWords(words, words.length);
}

/** One 32-bit hash per LSH band of a signature; the band is part of the hash, so bands never share a bucket. */
export function lshBandHashes(signature: Uint32Array): Uint32Array {
  if (signature.length !== MINHASH_PERMUTATIONS) throw new RangeError(`a signature has ${MINHASH_PERMUTATIONS} values`);
  const bands = new Uint32Array(LSH_BANDS);
  for (let band = 0; band < LSH_BANDS; band++) {
    let hash = mixWord(0x5bd1e995, band);
    for (let row = band * ROWS; row < (band + 1) * ROWS; row++) hash = mixWord(hash, signature[row] as number);
    bands[band] = mix32(hash ^ (ROWS * 4));
  }
  return bands;
}

/**
 * The LSH bucket ids of a signature, one per band: two stories that share any bucket are candidates. Ids are short
 * hex strings prefixed by the band ("b07:3fa9c2d1"), fit for a key name.
 */
export function lshBuckets(signature: Uint32Array): string[] {
  return Array.from(
    lshBandHashes(signature),
    (hash, band) => `b${String(band).padStart(2, '0')}:${hash.toString(16).padStart(8, '0')}`,
  );
}

/** How much two texts overlap, by their exact shingle sets. */
export interface TextOverlap {
  /** Shared shingles over all shingles of both. */
  jaccard: number;
  /** Shared shingles over the shingles of the shorter text: 1 for a copy trimmed of whole paragraphs. */
  containment: number;
}

/** The exact overlap of two shingle sets. */
export function shingleOverlap(left: ReadonlySet<number>, right: ReadonlySet<number>): TextOverlap {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  const union = left.size + right.size - shared;
  return { jaccard: union === 0 ? 0 : shared / union, containment: small.size === 0 ? 0 : shared / small.size };
}

/** The exact overlap of two texts' shingles. */
export function textOverlap(a: string, b: string): TextOverlap {
  return shingleOverlap(shingleSet(a), shingleSet(b));
}

/** The shingles a candidate is verified by, or undefined for a text too short to judge (fewer than MIN words). */
export function verifiableShingles(words: Uint32Array, count: number): Set<number> | undefined {
  return count < MIN_NEAR_DUPLICATE_WORDS ? undefined : shinglesOfWords(words, count);
}

/** Whether two texts' shingles are the same story: the shorter mostly held in the longer. */
export function isSameStory(left: ReadonlySet<number>, right: ReadonlySet<number>): boolean {
  return shingleOverlap(left, right).containment >= MIN_CONTAINMENT;
}

/** Whether a candidate pair is the same story: long enough to judge, and the shorter mostly held in the longer. */
export function isNearDuplicate(a: string, b: string): boolean {
  const left = textWordHashes(a);
  const right = textWordHashes(b);
  const leftShingles = verifiableShingles(left, left.length);
  const rightShingles = verifiableShingles(right, right.length);
  return leftShingles !== undefined && rightShingles !== undefined && isSameStory(leftShingles, rightShingles);
}
