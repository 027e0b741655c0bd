/**
 * Durations run on a monotonic clock: a step of the wall clock (NTP, a VM resumed, a user changing the
 * time) changes no cooldown, hold, backoff or skip window. Only expiry is wall time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTokenCache, InMemoryTokenStore, TokenRequestError, UNAUTHORIZED_HOLD_MS } from "./index.js";
import { countingFetch, FlakyStore } from "./testing/fakes.js";
import { rejectionOf } from "./testing/time.js";

const KEY = "acme|https://auth.acme.test/token|client-1|sha256:00";
const HOUR = 3_600_000;
const MINUTE = 60_000;

beforeEach(() => {
  // performance.now() is faked but not moved by setSystemTime: a wall-clock step leaves it alone.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"] });
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

const stepWallClock = (ms: number): void => {
  vi.setSystemTime(Date.now() + ms);
};

describe("a backward step of the wall clock", () => {
  it("does not stretch the negative cache: 1.5 s after a failure the next call tries again", async () => {
    let calls = 0;
    const cache = createTokenCache({
      key: KEY,
      fetchToken: async () => {
        calls++;
        if (calls === 1) throw new TokenRequestError("acme token request failed with HTTP 500", { status: 500 });
        return { accessToken: "recovered", expiresInMs: HOUR };
      },
    });
    await rejectionOf(cache.getToken());
    stepWallClock(-HOUR);
    vi.advanceTimersByTime(1_500);
    expect((await cache.getToken()).accessToken).toBe("recovered");
    expect(calls).toBe(2);
  });

  it("does not stretch the 60 s permission hold", async () => {
    const fetch = countingFetch(HOUR);
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken });
    await cache.getToken();
    cache.reportRejected("token-1");
    stepWallClock(-HOUR);
    vi.advanceTimersByTime(UNAUTHORIZED_HOLD_MS);
    expect(await cache.invalidate("token-1", { reason: "unauthorized" })).toBe(true);
  });

  it("does not stretch the background retry backoff", async () => {
    let calls = 0;
    const cache = createTokenCache({
      key: KEY,
      fetchToken: async () => {
        calls++;
        if (calls === 2) throw new TokenRequestError("acme token request failed with HTTP 503", { status: 503 });
        return { accessToken: `token-${calls}`, expiresInMs: HOUR };
      },
    });
    await cache.getToken();
    vi.advanceTimersByTime(HOUR - 4 * MINUTE); // inside the 5-minute window: a background refresh starts and fails
    await cache.getToken();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(2);
    stepWallClock(-30_000); // still inside the window, 30 s "earlier"
    vi.advanceTimersByTime(1_000); // the first background backoff
    await cache.getToken();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(3);
  });

  it("does not stretch the window in which a failed store is skipped", async () => {
    const store = new FlakyStore(new InMemoryTokenStore());
    const fetch = countingFetch(HOUR);
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, store, storeTimeoutMs: 1_000 });
    store.mode = "down";
    await cache.getToken();
    const seenWhileDown = store.operations.length;
    store.mode = "up";
    stepWallClock(-HOUR);
    vi.advanceTimersByTime(2_000); // the skip window is twice the store timeout
    await cache.invalidate("token-1");
    expect(store.operations.length).toBeGreaterThan(seenWhileDown);
  });
});
