import type { StoreCoordinator } from "./store-coordination.js";

/**
 * The coordination of a cache without a shared store: every refresh fetches directly. This is all a
 * default client carries; the store coordination (adopt, lock, wait, renew, skip a failing store) comes
 * with a store (see coordinatedTokenStore), so a bundle without a store pays nothing for it.
 */
export const NO_STORE: StoreCoordinator = {
  obtain: (fetchAndPublish) => fetchAndPublish(),
  publish: async () => undefined,
  revoke: async () => undefined,
};
