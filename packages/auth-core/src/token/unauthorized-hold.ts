import type { CacheClock } from "./clock.js";

/** How long a token that also got 401 right after a refresh is kept on further 401s: 60 s. */
export const UNAUTHORIZED_HOLD_MS = 60_000;

/**
 * 401 bookkeeping: tokens a replay right after a refresh saw rejected (a permission problem, not an expired
 * token), kept for {@link UNAUTHORIZED_HOLD_MS} on the monotonic clock so further 401s cost no token request.
 */
export interface UnauthorizedHold {
  /** Marks `accessToken` as rejected by the API although it was fresh. */
  reject(accessToken: string): void;
  /** True while `accessToken` is held (a 401 with it must not drop it). */
  isHeld(accessToken: string): boolean;
  clear(): void;
}

/** Creates the hold list, timed on `clock.elapsed()`. */
export function createUnauthorizedHold(clock: CacheClock): UnauthorizedHold {
  const held = new Map<string, number>();
  return {
    reject(accessToken) {
      const now = clock.elapsed();
      for (const [token, until] of held) if (until <= now) held.delete(token);
      held.set(accessToken, now + UNAUTHORIZED_HOLD_MS);
    },
    isHeld(accessToken) {
      const until = held.get(accessToken);
      if (until === undefined) return false;
      if (clock.elapsed() < until) return true;
      held.delete(accessToken);
      return false;
    },
    clear() {
      held.clear();
    },
  };
}
