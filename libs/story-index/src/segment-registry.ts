/** A registered segment: the postings of one docid interval (see `encodeSegment`). */
export interface SegmentInfo {
  id: string;
  /** First and last docid the segment may hold. */
  lo: number;
  hi: number;
  /** Stories with postings in it when it was written. */
  stories: number;
  /** Distinct terms in it. */
  terms: number;
  /** Its terms are spread over 2^bits buckets. */
  bits: number;
  /** When it was registered (ms). */
  createdMs: number;
}

/** The registry value of a segment: `lo,hi,stories,terms,bits,createdMs`, base 36. */
export function encodeSegmentInfo(info: Omit<SegmentInfo, 'id'>): string {
  return [info.lo, info.hi, info.stories, info.terms, info.bits, info.createdMs].map((n) => n.toString(36)).join(',');
}

/** The segments of a registry hash (HGETALL reply), in docid order. */
export function parseSegmentRegistry(registry: Record<string, string>): SegmentInfo[] {
  return Object.entries(registry)
    .map(([id, value]) => {
      const [lo = 0, hi = 0, stories = 0, terms = 0, bits = 0, createdMs = 0] = value
        .split(',')
        .map((n) => parseInt(n, 36));
      return { id, lo, hi, stories, terms, bits, createdMs };
    })
    .sort((a, b) => a.lo - b.lo);
}
