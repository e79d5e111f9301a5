/** The shard (0..shards-1) a story id belongs to: FNV-1a over its UTF-16 code units, the same in every process. */
export function storyShard(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}
