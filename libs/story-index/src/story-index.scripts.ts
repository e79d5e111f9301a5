// Lua that runs inside Redis. Every key a script touches is passed in KEYS, and all of one call's keys belong to one
// shard (one hash tag), so each call runs on one Cluster node. Calls are kept small (bounded key counts per call), so
// none holds Redis for more than a few milliseconds.

/** Most keys one postings append or story commit call carries. */
export const MAX_KEYS_PER_CALL = 100;

/** Appends one chunk to each postings key. KEYS: postings keys. ARGV: chunk i for KEYS[i]. */
export const APPEND_POSTINGS_LUA = `
for i = 1, #KEYS do redis.call('APPEND', KEYS[i], ARGV[i]) end
return #KEYS
`;

/**
 * Commits stories whose postings are written: the record, the id entry, recency members, source counts and the doc
 * value that makes the story visible to search; replaces the previous version's entries. Each story commits only if
 * its id entry is still what the writer read (compare-and-set), so concurrent writers cannot interleave.
 * KEYS: 1 meta, 2 ids, 3 recency, 4 sources; per story 6 keys: record, source recency, doc values, and the old
 * version's record, source recency and doc values (the meta key when there is no old version).
 * ARGV per story (10): id, expected id entry ('' for none), new id entry, record, member, source, doc value offset,
 * sort ms, old member ('' for none), old source, old doc value offset (the last two only with an old member).
 * Returns one 1 (committed) or 0 (the id entry changed meanwhile) per story.
 */
export const COMMIT_STORIES_LUA = `
-- A script that fails half way keeps what it wrote: a story whose keys hold another type (WRONGTYPE) is refused
-- before anything of it is written, so a retry finds it unwritten and fails again, and the record is dead-lettered.
local function expectType(key, wanted)
  local t = redis.call('TYPE', key).ok
  if t ~= 'none' and t ~= wanted then
    return redis.error_reply('WRONGTYPE ' .. key .. ' holds a ' .. t .. ', not a ' .. wanted)
  end
end
local problem = expectType(KEYS[1], 'hash') or expectType(KEYS[2], 'hash') or expectType(KEYS[3], 'zset')
  or expectType(KEYS[4], 'hash')
if problem then return problem end
local out, added = {}, 0
local k, a = 5, 1
while k <= #KEYS do
  local id, expected, entry, record, member, source, offset, ms, oldMember, oldSource, oldOffset =
    ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7],
    ARGV[a + 8], ARGV[a + 9], ARGV[a + 10]
  problem = expectType(KEYS[k], 'string') or expectType(KEYS[k + 1], 'zset') or expectType(KEYS[k + 2], 'string')
  if problem then return problem end
  local current = redis.call('HGET', KEYS[2], id) or ''
  if current ~= expected then
    out[#out + 1] = 0
  else
    if oldMember ~= '' then
      redis.call('DEL', KEYS[k + 3])
      redis.call('ZREM', KEYS[3], oldMember)
      redis.call('ZREM', KEYS[k + 4], oldMember)
      if redis.call('HINCRBY', KEYS[4], oldSource, -1) <= 0 then redis.call('HDEL', KEYS[4], oldSource) end
      redis.call('BITFIELD', KEYS[k + 5], 'SET', 'i64', '#' .. oldOffset, 0)
      added = added - 1
    end
    redis.call('SET', KEYS[k], record)
    redis.call('HSET', KEYS[2], id, entry)
    redis.call('ZADD', KEYS[3], 0, member)
    redis.call('ZADD', KEYS[k + 1], 0, member)
    redis.call('HINCRBY', KEYS[4], source, 1)
    redis.call('BITFIELD', KEYS[k + 2], 'SET', 'i64', '#' .. offset, ms)
    added = added + 1
    out[#out + 1] = 1
  end
  k = k + 6
  a = a + 11
end
if added ~= 0 then redis.call('HINCRBY', KEYS[1], 'count', added) end
return out
`;

/**
 * Removes stories: record, id entry, recency members, source count and doc value, if the id entry is still the one
 * read. KEYS: 1 meta, 2 ids, 3 recency, 4 sources; per story 3 keys: record, source recency, doc values.
 * ARGV per story (5): id, expected id entry, member, source, doc value offset. Returns 1 or 0 per story.
 */
export const REMOVE_STORIES_LUA = `
local out, removed = {}, 0
local k, a = 5, 1
while k <= #KEYS do
  local id, expected, member, source, offset = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  if (redis.call('HGET', KEYS[2], id) or '') == expected then
    redis.call('DEL', KEYS[k])
    redis.call('HDEL', KEYS[2], id)
    redis.call('ZREM', KEYS[3], member)
    redis.call('ZREM', KEYS[k + 1], member)
    if redis.call('HINCRBY', KEYS[4], source, -1) <= 0 then redis.call('HDEL', KEYS[4], source) end
    redis.call('BITFIELD', KEYS[k + 2], 'SET', 'i64', '#' .. offset, 0)
    removed = removed + 1
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
  k = k + 3
  a = a + 5
end
if removed ~= 0 then redis.call('HINCRBY', KEYS[1], 'count', -removed) end
return out
`;

/**
 * Replaces the start of a postings string that was read as ARGV[1] by ARGV[2], keeping whatever was appended since;
 * deletes the key when nothing remains. KEYS: 1 postings key. Returns 0 when the start changed since it was read.
 */
export const REWRITE_POSTINGS_LUA = `
local read, replacement = ARGV[1], ARGV[2]
if redis.call('GETRANGE', KEYS[1], 0, #read - 1) ~= read then return 0 end
local appended = redis.call('GETRANGE', KEYS[1], #read, -1)
if #replacement + #appended == 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], replacement .. appended)
end
return 1
`;
