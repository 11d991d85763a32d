import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'

/**
 * The Lua scripts of the Redis driver. Redis runs a script atomically, so each read is one
 * consistent snapshot and each write checks every precondition before it changes anything:
 * a failed check returns a reason and leaves the data untouched (DRV-WRITE-006, DRV-BULK-002).
 *
 * Scripts derive record keys from the object namespace and the id members they are given (the
 * layout is in redis-keys.ts), so the driver targets a standalone Redis or a primary, not Redis
 * Cluster. Replies never hold Lua `false`/`nil` inside tables (that would truncate them).
 */

/** A script and its SHA1, the name EVALSHA runs it by. */
export interface LuaScript {
  readonly name: string
  readonly source: string
  readonly sha: string
}

function script(name: string, source: string): LuaScript {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') }
}

/** ARGV: ns. Reply: `[version, json...]` in creation order. */
export const LOAD_ALL = script(
  'load-all',
  `local ns = ARGV[1]
local out = { redis.call('GET', ns .. ':seq') or '' }
for _, m in ipairs(redis.call('ZRANGE', ns .. ':ids', 0, -1)) do
  local v = redis.call('GET', ns .. ':rec:' .. m)
  if v then out[#out + 1] = v end
end
return out`,
)

const PAIRS = `local function pairs_of(ns, members, out)
  local ids = ns .. ':ids'
  for _, m in ipairs(members) do
    local v = redis.call('GET', ns .. ':rec:' .. m)
    if v then
      out[#out + 1] = redis.call('ZSCORE', ids, m) or '0'
      out[#out + 1] = v
    end
  end
  return out
end
`

/** ARGV: ns, member... Reply: `[score, json, ...]` for the members that exist. */
export const LOAD_MEMBERS = script(
  'load-members',
  `${PAIRS}local members = {}
for i = 2, #ARGV do members[#members + 1] = ARGV[i] end
return pairs_of(ARGV[1], members, {})`,
)

/**
 * ARGV: ns, expected index definition, encoded field, min, max (ZRANGEBYSCORE syntax).
 * Reply: `['schema']` when the index definition changed, else `['ok', score, json, ...]`.
 */
export const LOAD_RANGE = script(
  'load-range',
  `${PAIRS}local ns = ARGV[1]
if (redis.call('GET', ns .. ':idxdef') or '') ~= ARGV[2] then return { 'schema' } end
local members = redis.call('ZRANGEBYSCORE', ns .. ':idx:' .. ARGV[3], ARGV[4], ARGV[5])
return pairs_of(ns, members, { 'ok' })`,
)

/**
 * Applies a batch of record writes atomically, possibly over several objects.
 *
 * ARGV: one group per write: `ns, member, pre, old, effect, json, indexdef, k` then `k` pairs
 * `encoded field, score` (score '' = not a number: not in that index). `pre` is `absent`,
 * `equals` (the stored text must be `old`) or `any`; `effect` is `set`, `del` or `none`.
 *
 * Every check runs first (index definition, key types, preconditions); the first failure is
 * returned as `[reason, n]` (1-based write number; reason `schema`, `wrongtype`, `exists` or
 * `changed`) with nothing written. Then each object's `seq` is bumped once (its version) and the
 * writes are applied; the reply is `['ok', existed...]` with 1/0 per write.
 */
export const APPLY = script(
  'apply',
  `local starts = {}
local i = 1
while i <= #ARGV do
  starts[#starts + 1] = i
  i = i + 8 + 2 * tonumber(ARGV[i + 7])
end
local function bad_type(key, wanted)
  local t = redis.call('TYPE', key)['ok']
  return t ~= 'none' and t ~= wanted
end
for n, b in ipairs(starts) do
  local ns = ARGV[b]
  if (redis.call('GET', ns .. ':idxdef') or '') ~= ARGV[b + 6] then return { 'schema', n } end
  if bad_type(ns .. ':ids', 'zset') or bad_type(ns .. ':seq', 'string') then
    return { 'wrongtype', n }
  end
  for j = 1, tonumber(ARGV[b + 7]) do
    if bad_type(ns .. ':idx:' .. ARGV[b + 6 + 2 * j], 'zset') then return { 'wrongtype', n } end
  end
  local pre = ARGV[b + 2]
  if pre ~= 'any' then
    local current = redis.call('GET', ns .. ':rec:' .. ARGV[b + 1])
    if pre == 'absent' then
      if current then return { 'exists', n } end
    elseif current ~= ARGV[b + 3] then
      return { 'changed', n }
    end
  end
end
local bumped = {}
for _, b in ipairs(starts) do
  if not bumped[ARGV[b]] then
    bumped[ARGV[b]] = true
    redis.call('INCR', ARGV[b] .. ':seq')
  end
end
local out = { 'ok' }
for _, b in ipairs(starts) do
  local ns, member, effect = ARGV[b], ARGV[b + 1], ARGV[b + 4]
  local rec = ns .. ':rec:' .. member
  out[#out + 1] = redis.call('EXISTS', rec)
  if effect == 'set' then
    redis.call('SET', rec, ARGV[b + 5])
    if not redis.call('ZSCORE', ns .. ':ids', member) then
      redis.call('ZADD', ns .. ':ids', redis.call('INCR', ns .. ':seq'), member)
    end
  elseif effect == 'del' then
    redis.call('DEL', rec)
    redis.call('ZREM', ns .. ':ids', member)
  end
  if effect ~= 'none' then
    for j = 1, tonumber(ARGV[b + 7]) do
      local idx = ns .. ':idx:' .. ARGV[b + 6 + 2 * j]
      local score = ARGV[b + 7 + 2 * j]
      if effect == 'set' and score ~= '' then
        redis.call('ZADD', idx, score, member)
      else
        redis.call('ZREM', idx, member)
      end
    end
  end
end
return out`,
)

/**
 * Replaces the numeric indexes of one object, if nothing was written since the snapshot the
 * entries were computed from. ARGV: ns, version, old definition, new definition, d, then `d`
 * encoded fields whose sets are dropped, then triples `encoded field, member, score`.
 * Reply: `ok`, or `changed` (nothing done; the caller takes a new snapshot).
 */
export const REINDEX = script(
  'reindex',
  `local ns = ARGV[1]
if (redis.call('GET', ns .. ':seq') or '') ~= ARGV[2] then return 'changed' end
if (redis.call('GET', ns .. ':idxdef') or '') ~= ARGV[3] then return 'changed' end
local drop = tonumber(ARGV[5])
for i = 6, 5 + drop do redis.call('DEL', ns .. ':idx:' .. ARGV[i]) end
local i = 6 + drop
while i <= #ARGV do
  redis.call('ZADD', ns .. ':idx:' .. ARGV[i], ARGV[i + 2], ARGV[i + 1])
  i = i + 3
end
if ARGV[4] == '' then
  redis.call('DEL', ns .. ':idxdef')
else
  redis.call('SET', ns .. ':idxdef', ARGV[4])
end
return 'ok'`,
)

/**
 * Runs a script by SHA and loads it with EVAL only when the server does not have it yet
 * (`NOSCRIPT`, e.g. after a restart or SCRIPT FLUSH). Arguments travel as one array, which
 * ioredis flattens, so a bulk write of thousands of records never spreads into a JS call.
 */
export async function runScript(
  client: Redis,
  lua: LuaScript,
  args: readonly string[],
): Promise<unknown> {
  try {
    return await client.evalsha(lua.sha, 0, args as string[])
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
    return client.eval(lua.source, 0, args as string[])
  }
}
