// Lua that runs inside Redis. Every key a script touches is passed in KEYS, and all of one call's keys belong to one
// shard (one hash tag) or one near-duplicate partition, so each call runs on one Cluster node. Calls are bounded (50
// stories, 200 bucket entries or 250 fields), so none holds Redis for more than a millisecond or two. Per-story work is
// gathered into one multi-argument command per key (one HSET, one ZADD, one BITFIELD), which costs Redis far less than
// a command per story.

/** Most stories one commit or removal call carries. */
export const STORIES_PER_CALL = 50;

// Shared helpers: a key's pending arguments, flushed as one command per key.
const GATHER = `
local gathered, order = {}, {}
local function add(command, key, ...)
  local id = command .. '\\0' .. key
  local list = gathered[id]
  if not list then
    list = {command, key}
    gathered[id] = list
    order[#order + 1] = id
  end
  for _, value in ipairs({...}) do list[#list + 1] = value end
end
local function flush()
  for _, id in ipairs(order) do
    local list = gathered[id]
    redis.call(unpack(list))
  end
end
-- A script that fails half way keeps what it wrote: every key is checked before anything is written, so a story
-- whose keys hold another type (WRONGTYPE) is refused unwritten, fails the same on every retry, and is dead-lettered.
local checked = {}
local function wrongType(index, wanted)
  local key = KEYS[index]
  if checked[key] then return nil end
  checked[key] = true
  local found = redis.call('TYPE', key).ok
  if found ~= 'none' and found ~= wanted then
    return redis.error_reply('WRONGTYPE ' .. key .. ' holds a ' .. found .. ', not a ' .. wanted)
  end
end
`;

/**
 * Registers a written segment unless its docid interval overlaps a registered one (a merge may have spanned docids
 * whose writer stalled). KEYS: 1 segment registry. ARGV: id, lo, hi, registry value. Returns 1, or 0 when refused.
 */
export const REGISTER_SEGMENT_LUA = `
local lo, hi = tonumber(ARGV[2]), tonumber(ARGV[3])
local registry = redis.call('HGETALL', KEYS[1])
for i = 2, #registry, 2 do
  local a, b = string.match(registry[i], '^(%w+),(%w+)')
  if tonumber(a, 36) <= hi and tonumber(b, 36) >= lo then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return 1
`;

/**
 * Commits stories whose postings are in a registered segment: record, id entry, recency members, source counts and
 * the doc value that makes a story visible to search; replaces the previous version's entries (its postings stay in
 * their segment until a merge drops them). Each story commits only if its id entry is still what the writer read
 * (compare-and-set), and only while the segment is registered (a merge may have dropped its uncommitted docids).
 * KEYS: 1 meta, 2 ids, 3 recency, 4 sources, 5 segment registry, then the keys ARGV refers to by number.
 * ARGV: 1 segment id, then per story 7: id, expected id entry ('' for none), new entry, record, source, old source,
 * numbers "member sourceKey recordKey docid docValuesKey offset ms [oldMember oldSourceKey oldRecordKey oldDocid
 * oldDocValuesKey oldOffset]" (docids base 36, keys as KEYS indexes).
 * Returns one 1 (committed) or 0 (not) per story.
 */
export const COMMIT_STORIES_LUA = `${GATHER}
local stories = (#ARGV - 1) / 7
local out = {}
local problem = wrongType(1, 'hash') or wrongType(2, 'hash') or wrongType(3, 'zset') or wrongType(4, 'hash')
  or wrongType(5, 'hash')
if problem then return problem end
if redis.call('HEXISTS', KEYS[5], ARGV[1]) == 0 then
  for i = 1, stories do out[i] = 0 end
  return out
end
local ids = {}
for i = 1, stories do ids[i] = ARGV[2 + (i - 1) * 7] end
local current = redis.call('HMGET', KEYS[2], unpack(ids))
local added, replaced, sources = 0, 0, {}
for i = 1, stories do
  local a = 2 + (i - 1) * 7
  local id, expected, entry, record, source, oldSource = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  local n = {}
  for word in string.gmatch(ARGV[a + 6], '%S+') do n[#n + 1] = word end
  problem = wrongType(tonumber(n[2]), 'zset') or wrongType(tonumber(n[3]), 'hash') or wrongType(tonumber(n[5]), 'string')
  if not problem and expected ~= '' then
    problem = wrongType(tonumber(n[9]), 'zset') or wrongType(tonumber(n[10]), 'hash')
      or wrongType(tonumber(n[12]), 'string')
  end
  if problem then return problem end
  if (current[i] or '') ~= expected then
    out[i] = 0
  else
    if expected ~= '' then
      add('ZREM', KEYS[3], n[8])
      add('ZREM', KEYS[tonumber(n[9])], n[8])
      add('HDEL', KEYS[tonumber(n[10])], n[11])
      add('BITFIELD', KEYS[tonumber(n[12])], 'SET', 'i64', '#' .. n[13], 0)
      sources[oldSource] = (sources[oldSource] or 0) - 1
      replaced = replaced + 1
    else
      added = added + 1
    end
    add('HSET', KEYS[2], id, entry)
    add('ZADD', KEYS[3], 0, n[1])
    add('ZADD', KEYS[tonumber(n[2])], 0, n[1])
    add('HSET', KEYS[tonumber(n[3])], n[4], record)
    add('BITFIELD', KEYS[tonumber(n[5])], 'SET', 'i64', '#' .. n[6], n[7])
    sources[source] = (sources[source] or 0) + 1
    out[i] = 1
  end
end
flush()
for source, delta in pairs(sources) do
  if delta ~= 0 and redis.call('HINCRBY', KEYS[4], source, delta) <= 0 then redis.call('HDEL', KEYS[4], source) end
end
if added ~= 0 then redis.call('HINCRBY', KEYS[1], 'count', added) end
if replaced ~= 0 then redis.call('HINCRBY', KEYS[1], 'removed', replaced) end
return out
`;

/**
 * Removes stories (retention) if their id entry is still the one read: record, id entry, recency members, source
 * count, doc value and near-duplicate link; their postings stay in their segments until a merge drops them.
 * KEYS: 1 meta, 2 ids, 3 recency, 4 sources, 5 duplicates, then the keys ARGV refers to by number.
 * ARGV per story 4: id, expected id entry, source, numbers "member sourceKey recordKey docid docValuesKey offset".
 * Returns one 1 or 0 per story.
 */
export const REMOVE_STORIES_LUA = `${GATHER}
local stories = #ARGV / 4
local ids = {}
for i = 1, stories do ids[i] = ARGV[1 + (i - 1) * 4] end
local current = redis.call('HMGET', KEYS[2], unpack(ids))
local out, removed, sources = {}, 0, {}
for i = 1, stories do
  local a = 1 + (i - 1) * 4
  local id, expected, source = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  local n = {}
  for word in string.gmatch(ARGV[a + 3], '%S+') do n[#n + 1] = word end
  if (current[i] or '') == expected then
    add('HDEL', KEYS[2], id)
    add('HDEL', KEYS[5], id)
    add('ZREM', KEYS[3], n[1])
    add('ZREM', KEYS[tonumber(n[2])], n[1])
    add('HDEL', KEYS[tonumber(n[3])], n[4])
    add('BITFIELD', KEYS[tonumber(n[5])], 'SET', 'i64', '#' .. n[6], 0)
    sources[source] = (sources[source] or 0) - 1
    removed = removed + 1
    out[i] = 1
  else
    out[i] = 0
  end
end
flush()
for source, delta in pairs(sources) do
  if redis.call('HINCRBY', KEYS[4], source, delta) <= 0 then redis.call('HDEL', KEYS[4], source) end
end
if removed ~= 0 then
  redis.call('HINCRBY', KEYS[1], 'count', -removed)
  redis.call('HINCRBY', KEYS[1], 'removed', removed)
end
return out
`;

/**
 * Replaces merged segments by their merge in one step, if they are all still registered: the new segment is registered
 * (unless it came out empty) and the old ones move to the retired set, to be deleted once no search can still read
 * them. KEYS: 1 segment registry, 2 retired set. ARGV: new id ('' for none), its registry value, now (ms), old ids.
 * Returns 1, or 0 when an old segment was no longer registered.
 */
export const SWAP_SEGMENTS_LUA = `
for i = 4, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then return 0 end
end
for i = 4, #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[i])
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[i])
end
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1
`;

/**
 * Reads fields of several hashes in one call. KEYS: the hashes. ARGV: per key, the number of fields, then the fields.
 * Returns per key the list of values (false for a missing field).
 */
export const READ_FIELDS_LUA = `
local out, a = {}, 1
for k = 1, #KEYS do
  local count = tonumber(ARGV[a])
  if count == 0 then
    out[k] = {}
  else
    out[k] = redis.call('HMGET', KEYS[k], unpack(ARGV, a + 1, a + count))
  end
  a = a + count + 1
end
return out
`;

/** Extends a lock's lease if it is still held with this token. KEYS: 1 lock. ARGV: token, ms. Returns 1 or 0. */
export const EXTEND_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** Releases a lock if it is still held with this token. KEYS: 1 lock. ARGV: token. */
export const RELEASE_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
