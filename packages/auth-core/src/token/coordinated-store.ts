/**
 * How a TokenStore brings its coordination code along: the stores this project ships (InMemoryTokenStore,
 * the Redis and Durable Object stores) carry it under a well-known symbol; a custom store gets it from
 * coordinatedTokenStore(). A client without a store never references it, so its bundle does not grow.
 */
import type { TokenStore } from "../types.js";
import { createStoreCoordinator, type StoreCoordinationOptions, type StoreCoordinator } from "./store-coordination.js";

/** The symbol under which a store carries its coordination (global registry: works across package copies). */
export const STORE_COORDINATION: unique symbol = Symbol.for("@scope/auth-core/store-coordination") as never;

/** Builds the coordination of one cache over its store. */
export type StoreCoordinationFactory = (options: StoreCoordinationOptions) => StoreCoordinator;

/** A TokenStore that carries its coordination code. */
export type CoordinatedTokenStore = TokenStore & { readonly [STORE_COORDINATION]: StoreCoordinationFactory };

/**
 * Makes `store` usable as a client's `tokenStore`: attaches the fleet coordination (adopt a stored token,
 * refresh under the store's lock with lease renewal, wait for another holder, skip a failing store) to the
 * store object itself and returns it. The stores this project ships call it in their constructors; call it
 * once for a custom TokenStore.
 */
export function coordinatedTokenStore<T extends TokenStore>(store: T): T & CoordinatedTokenStore {
  if (!isCoordinated(store)) {
    Object.defineProperty(store, STORE_COORDINATION, { value: createStoreCoordinator, enumerable: false });
  }
  return store as T & CoordinatedTokenStore;
}

/** Whether `store` carries its coordination. */
export function isCoordinated(store: TokenStore): store is CoordinatedTokenStore {
  return typeof (store as Partial<CoordinatedTokenStore>)[STORE_COORDINATION] === "function";
}
