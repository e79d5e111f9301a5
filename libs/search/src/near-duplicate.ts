import { hash64 } from './simhash';
import { tokenize } from './tokenize';

// Near-duplicates a newsroom calls the same story: the same wire copy trimmed by a paragraph or two, with other
// boilerplate, or lightly edited. Candidates come from MinHash with LSH over word shingles; each candidate is then
// verified exactly by containment, which a trimmed copy keeps high while two stories on one topic never reach it.

/** Words per shingle: four make two stories that share names and places still share almost no shingle. */
export const NEAR_DUPLICATE_SHINGLE_WORDS = 4;
/** MinHash permutations in a signature. */
export const MINHASH_PERMUTATIONS = 128;
/** LSH bands; rows per band = permutations / bands. 32 bands of 4 rows find pairs of Jaccard 0.4 nine times in ten. */
export const LSH_BANDS = 32;
/** Texts with fewer words get no signature: a handful of shingles make unrelated short texts look alike. */
export const MIN_NEAR_DUPLICATE_WORDS = 20;
/** Share of the shorter text's shingles the longer must hold for the two to be the same story. */
export const MIN_CONTAINMENT = 0.7;

const ROWS = MINHASH_PERMUTATIONS / LSH_BANDS;
// One odd multiplier and one offset per permutation, fixed so signatures are comparable across processes and releases.
const SEEDS = Array.from({ length: MINHASH_PERMUTATIONS }, (_, index) => hash64(`minhash-permutation-${index}`));

/** The distinct 32-bit hashes of a text's word shingles (tokenized as search tokenizes). */
export function shingleSet(text: string): Set<number> {
  const words = tokenize(text);
  const shingles = new Set<number>();
  for (let i = 0; i + NEAR_DUPLICATE_SHINGLE_WORDS <= words.length; i++) {
    shingles.add(hash64(words.slice(i, i + NEAR_DUPLICATE_SHINGLE_WORDS).join(' '))[0]);
  }
  return shingles;
}

/** The MinHash signature of a text (MINHASH_PERMUTATIONS unsigned 32-bit minima), or undefined when it is too short. */
export function minhashSignature(text: string): Uint32Array | undefined {
  if (tokenize(text).length < MIN_NEAR_DUPLICATE_WORDS) return undefined;
  const signature = new Uint32Array(MINHASH_PERMUTATIONS).fill(0xffffffff);
  for (const shingle of shingleSet(text)) {
    for (let index = 0; index < MINHASH_PERMUTATIONS; index++) {
      const [multiplier, offset] = SEEDS[index]!;
      const permuted = mix32((Math.imul(shingle, multiplier | 1) + offset) >>> 0);
      if (permuted < signature[index]!) signature[index] = permuted;
    }
  }
  return signature;
}

/**
 * The LSH bucket ids of a signature, one per band: two stories that share any bucket are candidates. Ids are short
 * hex strings prefixed by the band ("b07:3fa9c2d1"), fit for a key name.
 */
export function lshBuckets(signature: Uint32Array): string[] {
  if (signature.length !== MINHASH_PERMUTATIONS) throw new RangeError(`a signature has ${MINHASH_PERMUTATIONS} values`);
  return Array.from({ length: LSH_BANDS }, (_, band) => {
    const rows = Array.from(signature.subarray(band * ROWS, (band + 1) * ROWS), (value) => value.toString(16));
    return `b${String(band).padStart(2, '0')}:${hash64(rows.join(','))[0].toString(16).padStart(8, '0')}`;
  });
}

/** How much two texts overlap, by their exact shingle sets. */
export interface TextOverlap {
  /** Shared shingles over all shingles of both. */
  jaccard: number;
  /** Shared shingles over the shingles of the shorter text: 1 for a copy trimmed of whole paragraphs. */
  containment: number;
}

/** The exact overlap of two texts' shingles. */
export function textOverlap(a: string, b: string): TextOverlap {
  const left = shingleSet(a);
  const right = shingleSet(b);
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  const union = left.size + right.size - shared;
  return { jaccard: union === 0 ? 0 : shared / union, containment: small.size === 0 ? 0 : shared / small.size };
}

/** Whether a candidate pair is the same story: long enough to judge, and the shorter mostly held in the longer. */
export function isNearDuplicate(a: string, b: string): boolean {
  if (tokenize(a).length < MIN_NEAR_DUPLICATE_WORDS || tokenize(b).length < MIN_NEAR_DUPLICATE_WORDS) return false;
  return textOverlap(a, b).containment >= MIN_CONTAINMENT;
}

// murmur3's finalizer: spreads the multiply-add's low-entropy high bits over the word.
function mix32(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
