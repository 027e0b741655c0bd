/**
 * Lua scripts run atomically by Redis. Each takes exactly one key (cluster-safe) and returns 1 when it
 * deleted something, 0 otherwise.
 */

/** Deletes the token entry only if it still holds ARGV[1] as its access token (compare-and-delete). */
export const DELETE_IF_TOKEN_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local ok, entry = pcall(cjson.decode, raw)
if ok and type(entry) == 'table' and entry['accessToken'] == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** Releases a lease only if ARGV[1] (the holder's random owner id) still owns it. */
export const RELEASE_LEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** Extends a lease to ARGV[2] ms only if ARGV[1] (the holder's owner id) still owns it; 1 if it did. */
export const EXTEND_LEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;
