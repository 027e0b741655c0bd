/**
 * @scope/token-store-redis: a Redis TokenStore for @scope/auth-core, with a lease lock so a fleet of
 * processes shares one token and makes one token request per refresh.
 */
export { RedisTokenStoreError, type RedisTokenStoreErrorReason, type RedisTokenStoreOperation } from "./errors.js";
export { createRedisTokenStore, type RedisTokenStore, type RedisTokenStoreOptions } from "./redis-token-store.js";
