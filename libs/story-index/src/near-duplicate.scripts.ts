// Near-duplicate buckets: fields of one hash per LSH partition, a 4-byte band hash → the 6-byte near ids of the stories
// in that bucket, in arrival order. One call registers a batch's entries of one partition and returns what each
// bucket held before, so candidates are found in the same step as they are registered, atomically: of two writers
// registering near-duplicates at once, the second always sees the first.

/** Bytes of a (bucket, near id) pair in a packed ARGV. */
export const PAIR_BYTES = 10;
/** Most pairs one call carries. */
export const PAIRS_PER_CALL = 200;

/**
 * Adds near ids to buckets (a full bucket, `maxPerBucket` entries, takes no more: its earliest stories stay).
 * KEYS: 1 bucket hash. ARGV: 1 packed pairs (4-byte bucket, 6-byte near id), 2 max entries per bucket.
 * Returns [pair number (1-based), the bucket's entries before the pair was added, ...] for the pairs whose bucket was
 * not empty.
 */
export const LINK_BUCKETS_LUA = `
local packed, max = ARGV[1], tonumber(ARGV[2])
local n = #packed / ${PAIR_BYTES}
local fields = {}
for i = 1, n do fields[i] = string.sub(packed, (i - 1) * ${PAIR_BYTES} + 1, (i - 1) * ${PAIR_BYTES} + 4) end
local stored = redis.call('HMGET', KEYS[1], unpack(fields))
local current, changed, out = {}, {}, {}
for i = 1, n do
  local field = fields[i]
  local id = string.sub(packed, (i - 1) * ${PAIR_BYTES} + 5, i * ${PAIR_BYTES})
  local value = current[field] or stored[i] or ''
  local present = false
  for k = 1, #value, 6 do
    if string.sub(value, k, k + 5) == id then present = true break end
  end
  if #value > 0 then
    out[#out + 1] = i
    out[#out + 1] = value
  end
  if not present and #value < max * 6 then
    value = value .. id
    if not changed[field] then changed[#changed + 1] = field; changed[field] = true end
  end
  current[field] = value
end
if #changed > 0 then
  local args = {}
  for _, field in ipairs(changed) do
    args[#args + 1] = field
    args[#args + 1] = current[field]
  end
  redis.call('HSET', KEYS[1], unpack(args))
end
return out
`;

/**
 * Removes near ids from buckets; an emptied bucket is deleted. KEYS: 1 bucket hash. ARGV: 1 packed pairs as above.
 * Returns how many entries were removed.
 */
export const FORGET_NEAR_LUA = `
local packed = ARGV[1]
local removed = 0
for i = 1, #packed / ${PAIR_BYTES} do
  local field = string.sub(packed, (i - 1) * ${PAIR_BYTES} + 1, (i - 1) * ${PAIR_BYTES} + 4)
  local id = string.sub(packed, (i - 1) * ${PAIR_BYTES} + 5, i * ${PAIR_BYTES})
  local value = redis.call('HGET', KEYS[1], field)
  if value then
    local kept = {}
    for k = 1, #value, 6 do
      local entry = string.sub(value, k, k + 5)
      if entry == id then removed = removed + 1 else kept[#kept + 1] = entry end
    end
    if #kept == 0 then redis.call('HDEL', KEYS[1], field) else redis.call('HSET', KEYS[1], field, table.concat(kept)) end
  end
end
return removed
`;
