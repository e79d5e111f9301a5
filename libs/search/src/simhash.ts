import type { CleanStory } from '@cleanwire/contracts';
import { tokenize } from './tokenize';

/** Words per shingle: three keep word order without making a one-word edit touch many shingles. */
export const SHINGLE_WORDS = 3;
/** Texts with fewer words get no SimHash: a handful of shingles make unrelated short texts look alike. */
export const MIN_SIMHASH_WORDS = 8;
/** Bands the 64 bits are cut into for lookup; two hashes within BANDS - 1 bits share at least one band exactly. */
export const SIMHASH_BANDS = 4;
/** Most differing bits for two stories to count as near-duplicates; must stay below SIMHASH_BANDS. */
export const NEAR_DUPLICATE_MAX_DISTANCE = 3;

const HEX = /^[0-9a-f]{16}$/;

/** 64-bit SimHash (16 hex digits) of a text's 3-word shingles, or undefined when the text is too short to compare. */
export function simhash(text: string): string | undefined {
  const words = tokenize(text);
  if (words.length < MIN_SIMHASH_WORDS) return undefined;
  // One signed tally per bit: each shingle votes +1 where its hash has a 1, -1 where it has a 0.
  const tally = new Int32Array(64);
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    const [high, low] = hash64(words.slice(i, i + SHINGLE_WORDS).join(' '));
    for (let bit = 0; bit < 32; bit++) {
      tally[bit] = (tally[bit] ?? 0) + ((high >>> (31 - bit)) & 1 ? 1 : -1);
      tally[32 + bit] = (tally[32 + bit] ?? 0) + ((low >>> (31 - bit)) & 1 ? 1 : -1);
    }
  }
  let high = 0;
  let low = 0;
  for (let bit = 0; bit < 32; bit++) {
    high = (high << 1) | ((tally[bit] ?? 0) > 0 ? 1 : 0);
    low = (low << 1) | ((tally[32 + bit] ?? 0) > 0 ? 1 : 0);
  }
  return hex32(high) + hex32(low);
}

/** Number of bits in which two SimHashes differ (0 to 64). */
export function hammingDistance(a: string, b: string): number {
  if (!HEX.test(a) || !HEX.test(b)) throw new RangeError('a SimHash is 16 lowercase hex digits');
  return (
    popcount32(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) +
    popcount32(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16))
  );
}

/** The SimHash cut into SIMHASH_BANDS hex pieces (16 bits each): the LSH buckets a near-duplicate is looked up by. */
export function simhashBands(hash: string): string[] {
  if (!HEX.test(hash)) throw new RangeError('a SimHash is 16 lowercase hex digits');
  const width = 16 / SIMHASH_BANDS;
  return Array.from({ length: SIMHASH_BANDS }, (_, band) => hash.slice(band * width, (band + 1) * width));
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** cyrb53's two 32-bit lanes, both kept: fast, well mixed, and the same on every platform (no crypto needed). */
export function hash64(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** The story with the SimHash of its cleaned text, unless it already carries one (or is too short for one). */
export function withSimhash<S extends Pick<CleanStory, 'text' | 'simhash'>>(story: S): S {
  if (story.simhash !== undefined) return story;
  const hash = simhash(story.text);
  return hash === undefined ? story : { ...story, simhash: hash };
}
