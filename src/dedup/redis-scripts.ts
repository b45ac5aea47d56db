// Lua scripts of the Redis duplicate index (layout: redis-layout.ts). KEYS[1] is always the `seq` key:
// it routes the script to the prefix's Cluster slot; the other keys are built from the same prefix and
// hash tag, so they live in that slot too.
//
// Protocol (optimistic, serialisable): LOOKUP reads the current seq and the candidates' records; the caller decides
// in TypeScript (decision.ts); COMMIT re-checks idempotency and, for a new canonical, that no canonical
// newer than the snapshot landed in any bucket the decision read. If one did, the caller retries.
import { FAMILY } from './redis-layout.js';

const GENERATIONS = `
local prefix = ARGV[1]
local retention = tonumber(ARGV[2])
local gens
local cur
local expireAt = nil
if retention > 0 then
  local g = math.floor(tonumber(redis.call('TIME')[1]) / retention)
  cur = tostring(g)
  gens = { cur, tostring(g - 1) }
  expireAt = (g + 2) * retention
else
  cur = '0'
  gens = { '0' }
end
local function hgetAny(kind, group, field)
  for _, g in ipairs(gens) do
    local v = redis.call('HGET', prefix .. kind .. ':' .. g .. ':' .. group, field)
    if v then return v end
  end
  return nil
end
`;

/**
 * ARGV: prefix, retention, verdictGroup, verdictField, exactGroup, exactField, sketchGroupSize, candidate
 * limit, then (group, h1) per query shingle. Returns {'V', verdict} for an article already decided, else
 * {'S', seq, exactRef|'', exactRecord|'', ref, record, ref, record...}: the exact owner's record and those
 * of the near candidates, ranked as decision.ts's rankCandidates ranks them (most shared anchors, then
 * lowest ref; at most `limit`), read with the snapshot: no second round trip fetches them.
 */
export const LOOKUP_SCRIPT = `${GENERATIONS}
local seq = redis.call('GET', KEYS[1]) or '0'
local v = hgetAny('v', ARGV[3], ARGV[4])
if v then return { 'V', v } end
local size = tonumber(ARGV[7])
local function record(ref)
  return hgetAny('${FAMILY.sketch}', tostring(math.floor(tonumber(ref) / size)), ref) or ''
end
local exact = hgetAny('${FAMILY.exact}', ARGV[5], ARGV[6]) or ''
local hits = {}
local order = {}
for i = 9, #ARGV, 2 do
  local seen = {}
  for _, g in ipairs(gens) do
    local refs = redis.call('HGET', prefix .. '${FAMILY.anchor}:' .. g .. ':' .. ARGV[i], ARGV[i + 1])
    if refs then
      for r in string.gmatch(refs, '[^,]+') do
        if not seen[r] then
          seen[r] = true
          if hits[r] then hits[r] = hits[r] + 1 else hits[r] = 1; order[#order + 1] = r end
        end
      end
    end
  end
end
table.sort(order, function(a, b)
  if hits[a] ~= hits[b] then return hits[a] > hits[b] end
  return tonumber(a) < tonumber(b)
end)
local out = { 'S', seq, exact, exact ~= '' and record(exact) or '' }
for i = 1, math.min(#order, tonumber(ARGV[8])) do
  out[#out + 1] = order[i]
  out[#out + 1] = record(order[i])
end
return out
`;

/**
 * ARGV: prefix, retention, snapshotSeq, verdictGroup, verdictField, mode ('d' duplicate | 'c' canonical),
 * payload (duplicate verdict | canonical record), exactGroup, exactField, sketchGroupSize, bucketCap,
 * nIndexAnchors, (group, h1) * nIndexAnchors, (group, h1) per query shingle.
 * Returns {'V', verdict} (decided before), {'D'} (duplicate recorded), {'C', ref} or {'RETRY'}.
 */
export const COMMIT_SCRIPT = `${GENERATIONS}
local snapshot = tonumber(ARGV[3])
local function touch(key)
  if expireAt then redis.call('EXPIREAT', key, expireAt) end
end
local v = hgetAny('v', ARGV[4], ARGV[5])
if v then return { 'V', v } end
local verdictKey = prefix .. 'v:' .. cur .. ':' .. ARGV[4]
if ARGV[6] == 'd' then
  redis.call('HSET', verdictKey, ARGV[5], ARGV[7])
  touch(verdictKey)
  return { 'D' }
end
-- A canonical is only valid if nothing the decision could have seen changed since the snapshot. Every
-- canonical takes the next seq, so an unchanged seq proves it (no re-read of the exact entry and anchors).
local nIndex = tonumber(ARGV[12])
local queryFrom = 13 + 2 * nIndex
if tonumber(redis.call('GET', KEYS[1]) or '0') ~= snapshot then
  -- An exact entry whose canonical was retracted (its record gone) is no owner.
  local owner = hgetAny('${FAMILY.exact}', ARGV[8], ARGV[9])
  if owner and hgetAny('${FAMILY.sketch}', tostring(math.floor(tonumber(owner) / tonumber(ARGV[10]))), owner) then
    return { 'RETRY' }
  end
  for i = queryFrom, #ARGV, 2 do
    for _, g in ipairs(gens) do
      local refs = redis.call('HGET', prefix .. '${FAMILY.anchor}:' .. g .. ':' .. ARGV[i], ARGV[i + 1])
      if refs then
        for r in string.gmatch(refs, '[^,]+') do
          if tonumber(r) > snapshot then return { 'RETRY' } end
        end
      end
    end
  end
end
local ref = redis.call('INCR', KEYS[1])
local sketchKey = prefix .. '${FAMILY.sketch}:' .. cur .. ':' .. tostring(math.floor(ref / tonumber(ARGV[10])))
redis.call('HSET', sketchKey, ref, ARGV[7])
touch(sketchKey)
local exactKey = prefix .. '${FAMILY.exact}:' .. cur .. ':' .. ARGV[8]
redis.call('HSET', exactKey, ARGV[9], ref)
touch(exactKey)
local cap = tonumber(ARGV[11])
for i = 13, queryFrom - 1, 2 do
  local key = prefix .. '${FAMILY.anchor}:' .. cur .. ':' .. ARGV[i]
  local refs = redis.call('HGET', key, ARGV[i + 1])
  if not refs then
    redis.call('HSET', key, ARGV[i + 1], ref)
  else
    local n = 1
    for _ in string.gmatch(refs, ',') do n = n + 1 end
    if n < cap then redis.call('HSET', key, ARGV[i + 1], refs .. ',' .. ref) end
  end
  touch(key)
end
redis.call('HSET', verdictKey, ARGV[5], ref)
touch(verdictKey)
return { 'C', tostring(ref) }
`;

/**
 * ARGV: prefix, retention, sketchGroupSize, then (verdictGroup, verdictField) per retracted article. A
 * canonical's verdict is its ref; deleting its record in every live generation takes it out of the
 * candidates (lookups skip refs without a record, as they skip expired ones). Returns the count removed.
 */
export const RETRACT_SCRIPT = `${GENERATIONS}
local size = tonumber(ARGV[3])
local removed = 0
for i = 4, #ARGV, 2 do
  local v = hgetAny('v', ARGV[i], ARGV[i + 1])
  if v and string.match(v, '^%d+$') and v ~= '0' then
    for _, g in ipairs(gens) do
      removed = removed + redis.call('HDEL', prefix .. '${FAMILY.sketch}:' .. g .. ':' .. tostring(math.floor(tonumber(v) / size)), v)
    end
  end
end
return removed
`;
