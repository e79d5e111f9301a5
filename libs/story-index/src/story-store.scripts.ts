// Lua run inside Redis so that each story's JSON, meta and every index entry change together, and a
// page is read from one consistent snapshot. Keys built inside a script (stale terms, the old source
// index, story JSON of a page) are not declared in KEYS: fine on a single Redis, not on Cluster.

/** Bump when term weighting or the key layout changes, so re-saving an unchanged story re-indexes it. */
export const INDEX_FORMAT = '1';

/**
 * Saves one story and makes its index entries exactly those of its new version.
 * KEYS: 1 story JSON, 2 meta hash, 3 all index, 4 new source index, 5 sources, 6.. term postings.
 * ARGV: 1 JSON, 2 sort member, 3 source, 4 index format, 5 source index prefix, 6 term prefix,
 *       7.. posting score of KEYS[6..] (ARGV[i + 1] belongs to KEYS[i]).
 * Returns 1 when it wrote, 0 when the story was already stored exactly so.
 */
export const SAVE_STORY_LUA = `
local json, member, source, format = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local sourcePrefix, termPrefix = ARGV[5], ARGV[6]
local old = redis.call('HMGET', KEYS[2], 'member', 'source', 'terms', 'format')
local oldMember, oldSource, oldTerms, oldFormat = old[1], old[2], old[3], old[4]

-- A replayed batch is the common case: leave the keys untouched.
if oldMember and oldFormat == format and redis.call('GET', KEYS[1]) == json then
  return 0
end

if oldMember then
  if oldMember ~= member then
    redis.call('ZREM', KEYS[3], oldMember)
  end
  if oldSource and (oldMember ~= member or oldSource ~= source) then
    local oldSourceKey = sourcePrefix .. oldSource
    redis.call('ZREM', oldSourceKey, oldMember)
    if oldSource ~= source and redis.call('EXISTS', oldSourceKey) == 0 then
      redis.call('ZREM', KEYS[5], oldSource)
    end
  end
  -- Postings the new version keeps under the same member are overwritten below, not removed.
  local kept = {}
  if oldMember == member then
    for i = 6, #KEYS do kept[KEYS[i]] = true end
  end
  for term in string.gmatch(oldTerms or '', '[^\\n]+') do
    local key = termPrefix .. term
    if not kept[key] then redis.call('ZREM', key, oldMember) end
  end
end

redis.call('SET', KEYS[1], json)
redis.call('ZADD', KEYS[3], 0, member)
redis.call('ZADD', KEYS[4], 0, member)
redis.call('ZADD', KEYS[5], 0, source)
local terms = {}
local termOffset = #termPrefix + 1
for i = 6, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[i + 1], member)
  terms[#terms + 1] = string.sub(KEYS[i], termOffset)
end
redis.call('HSET', KEYS[2], 'member', member, 'source', source, 'terms', table.concat(terms, '\\n'), 'format', format)
return 1
`;

/**
 * One page of a recency index with the stories' JSON.
 * KEYS: 1 recency index. ARGV: 1 lex min ('-' or '(' .. member), 2 how many, 3 story key prefix,
 * 4 offset of the id in a member (1-based).
 * Returns member, JSON, member, JSON, ... (JSON is nil if the story vanished).
 */
export const LIST_STORIES_LUA = `
local members = redis.call('ZRANGE', KEYS[1], ARGV[1], '+', 'BYLEX', 'LIMIT', 0, ARGV[2])
local idOffset = tonumber(ARGV[4])
local out = {}
for i, member in ipairs(members) do
  out[2 * i - 1] = member
  out[2 * i] = redis.call('GET', ARGV[3] .. string.sub(member, idOffset))
end
return out
`;

/**
 * Ranks the stories matching every term: score = sum of idf(term) * weight, ties by recency then id
 * (postings hold minus the weight, so ascending ZSET order is best first and ties fall to member order).
 * KEYS: 1 all index, 2 scratch key, 3 source filter index (or the all index), 4.. term postings.
 * ARGV: 1 '1' when KEYS[3] filters, 2 offset, 3 count, 4 story key prefix, 5 id offset in a member.
 * Returns total, then (minus score, JSON) per story of the page.
 */
export const SEARCH_STORIES_LUA = `
local filtered = ARGV[1] == '1'
local offset, count = tonumber(ARGV[2]), tonumber(ARGV[3])
if filtered and redis.call('EXISTS', KEYS[3]) == 0 then return {0} end

local n = redis.call('ZCARD', KEYS[1])
local keys, weights = {}, {}
for i = 4, #KEYS do
  local df = redis.call('ZCARD', KEYS[i])
  if df == 0 then return {0} end
  keys[#keys + 1] = KEYS[i]
  weights[#weights + 1] = math.log(1 + (n - df + 0.5) / (df + 0.5))
end

local total, rows
if #keys == 1 and not filtered then
  -- One term needs no intersection: its postings are already in rank order.
  total = redis.call('ZCARD', keys[1])
  rows = redis.call('ZRANGE', keys[1], offset, offset + count - 1, 'WITHSCORES')
  for i = 2, #rows, 2 do
    rows[i] = string.format('%.17g', tonumber(rows[i]) * weights[1])
  end
else
  local args = {'ZINTERSTORE', KEYS[2], #keys + (filtered and 1 or 0)}
  for _, key in ipairs(keys) do args[#args + 1] = key end
  if filtered then args[#args + 1] = KEYS[3] end
  args[#args + 1] = 'WEIGHTS'
  for _, weight in ipairs(weights) do args[#args + 1] = string.format('%.17g', weight) end
  if filtered then args[#args + 1] = '0' end
  total = redis.call(unpack(args))
  rows = redis.call('ZRANGE', KEYS[2], offset, offset + count - 1, 'WITHSCORES')
  -- Deleted in the same script, so the scratch key is never visible and needs no TTL.
  redis.call('DEL', KEYS[2])
end

local idOffset = tonumber(ARGV[5])
local out = {total}
for i = 1, #rows, 2 do
  local json = redis.call('GET', ARGV[4] .. string.sub(rows[i], idOffset))
  if json then
    out[#out + 1] = rows[i + 1]
    out[#out + 1] = json
  end
end
return out
`;
