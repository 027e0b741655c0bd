import type { Clock } from "../types.js";

/** The two time sources of the token cache: wall time for expiry, a monotonic one for durations. */
export interface CacheClock {
  /** Epoch ms: only for `receivedAt` / `expiresAt`. */
  wall(): number;
  /** Monotonic ms: for cooldowns, holds, backoff, heartbeats and waits. */
  elapsed(): number;
}

/**
 * The default clock reads `Date.now()` and `performance.now()`; an injected clock without `monotonicNow`
 * measures durations on its own `now()` (test clocks do not step back).
 */
export function cacheClock(clock: Clock | undefined): CacheClock {
  if (clock === undefined) return { wall: () => Date.now(), elapsed: () => performance.now() };
  const monotonic = clock.monotonicNow;
  return {
    wall: () => clock.now(),
    elapsed: typeof monotonic === "function" ? () => monotonic.call(clock) : () => clock.now(),
  };
}
