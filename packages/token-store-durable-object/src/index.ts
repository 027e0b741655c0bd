/**
 * @scope/token-store-durable-object: a TokenStore for @scope/auth-core on Cloudflare Workers, served
 * by one Durable Object per cache key, so every isolate of a Worker fleet shares one token and the
 * fleet makes one token request per refresh.
 *
 * @packageDocumentation
 */
export {
  createDurableObjectTokenStore,
  type DurableObjectTokenStore,
  type DurableObjectTokenStoreOptions,
} from "./durable-object-token-store.js";
export type {
  DurableObjectNamespaceLike,
  DurableObjectRequestInit,
  DurableObjectResponseLike,
  DurableObjectStateLike,
  DurableObjectStorageLike,
  DurableObjectStubLike,
} from "./durable-object-types.js";
export {
  DurableObjectTokenStoreError,
  type DurableObjectTokenStoreErrorReason,
  type DurableObjectTokenStoreOperation,
} from "./errors.js";
export { TokenStoreObject } from "./token-store-object.js";
