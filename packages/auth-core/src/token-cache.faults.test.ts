import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type AuthEvent,
  createTokenCache,
  type FetchToken,
  InMemoryTokenStore,
  TokenRequestError,
  type TokenStore,
  UNAUTHORIZED_HOLD_MS,
} from "./index.js";
import { countingFetch, FlakyStore, manualFetch } from "./testing/fakes.js";
import { settle } from "./testing/time.js";

const KEY = "acme|https://auth.acme.test/token|client-1|sha256:00";
const HOUR = 3_600_000;
const T0 = new Date("2026-01-01T00:00:00Z").getTime();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A token fetch that takes `ms` of (fake) time, counting calls. */
function slowFetch(ms: number): { fetchToken: FetchToken; calls: () => number } {
  let calls = 0;
  return {
    fetchToken: async () => {
      calls++;
      const n = calls;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { accessToken: `slow-${n}`, expiresInMs: HOUR };
    },
    calls: () => calls,
  };
}

describe("fleet lock: the lease outlives a slow token endpoint", () => {
  it("3 processes on one store make ONE request when the fetch takes 5x the lease (the holder renews it)", async () => {
    const store = new InMemoryTokenStore();
    const fetch = slowFetch(5_000);
    const events: AuthEvent[] = [];
    const caches = Array.from({ length: 3 }, () =>
      createTokenCache({
        key: KEY,
        fetchToken: fetch.fetchToken,
        store,
        lockLeaseMs: 1_000,
        onEvent: (event) => events.push(event),
      }),
    );
    const outcomes = await settle(Promise.all(caches.map((cache) => cache.getToken())), 50);
    expect(outcomes.ok).toBe(true);
    expect(fetch.calls()).toBe(1);
    if (outcomes.ok) expect(new Set(outcomes.value.map((token) => token.accessToken))).toEqual(new Set(["slow-1"]));
    expect(
      events.filter((event) => event.type === "store_wait").map((event) => (event as { outcome: string }).outcome),
    ).toEqual(["token", "token"]);
  });

  it("a holder that dies stops renewing: one waiter takes over within about one lease and says so (store_wait: lock)", async () => {
    const store = new InMemoryTokenStore();
    await store.lock(KEY, 1_000); // a process that took the lease and crashed (nobody renews it)
    const fetch = countingFetch();
    const events: AuthEvent[] = [];
    const caches = Array.from({ length: 3 }, () =>
      createTokenCache({
        key: KEY,
        fetchToken: fetch.fetchToken,
        store,
        lockLeaseMs: 1_000,
        onEvent: (e) => events.push(e),
      }),
    );
    const outcomes = await settle(Promise.all(caches.map((cache) => cache.getToken())), 25);
    expect(outcomes.ok).toBe(true);
    expect(fetch.calls()).toBe(1);
    expect(Date.now() - T0).toBeLessThan(2_500);
    const waits = events
      .filter((event) => event.type === "store_wait")
      .map((event) => (event as { outcome: string }).outcome);
    expect(waits.filter((outcome) => outcome === "lock")).toHaveLength(1);
    expect(waits.filter((outcome) => outcome === "token")).toHaveLength(2);
  });

  it("a waiter whose holder renews forever without delivering gives up after lockWaitMs, measured in the time it slept", async () => {
    const store: TokenStore = {
      get: async () => undefined,
      set: async () => undefined,
      delete: async () => undefined,
      lock: async () => undefined, // always held by someone else
    };
    const fetch = countingFetch();
    const events: AuthEvent[] = [];
    // An injected clock that never moves: the wait bound must still hold (it counts slept time).
    const cache = createTokenCache({
      key: KEY,
      fetchToken: fetch.fetchToken,
      store,
      lockLeaseMs: 1_000,
      lockWaitMs: 8_000,
      clock: { now: () => T0 },
      onEvent: (event) => events.push(event),
    });
    const outcome = await settle(cache.getToken(), 50);
    expect(outcome).toMatchObject({ ok: true, value: { accessToken: "token-1" } });
    const waited = Date.now() - T0;
    expect(waited).toBeGreaterThanOrEqual(8_000);
    expect(waited).toBeLessThan(9_500);
    expect(events.find((event) => event.type === "store_wait")).toMatchObject({ outcome: "timeout", waitedMs: 8_000 });
  });
});

describe("background refresh honours the server's wait", () => {
  it("a background failure with Retry-After 120 s makes no new attempt for 120 s (callers keep the old token)", async () => {
    let calls = 0;
    const events: AuthEvent[] = [];
    const cache = createTokenCache({
      key: KEY,
      onEvent: (event) => events.push(event),
      fetchToken: async () => {
        calls++;
        if (calls === 1) return { accessToken: "old", expiresInMs: HOUR };
        throw new TokenRequestError("acme token request failed with HTTP 429", {
          status: 429,
          provider: "acme",
          retryAfterMs: 120_000,
          retryable: true,
        });
      },
    });
    await cache.getToken();
    vi.advanceTimersByTime(HOUR - 4 * 60_000); // inside the 5-minute window
    expect((await cache.getToken()).accessToken).toBe("old");
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(2);
    expect(events.find((event) => event.type === "refresh_failure")).toMatchObject({ willRetryInMs: 120_000 });
    for (let second = 10; second < 120; second += 10) {
      vi.advanceTimersByTime(10_000);
      expect((await cache.getToken()).accessToken).toBe("old");
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(calls).toBe(2);
    vi.advanceTimersByTime(10_000);
    await cache.getToken();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(3);
  });
});

describe("lifetime counts from the successful attempt's send", () => {
  it("a token fetched after 30 s of retries expires 30 s later than the first attempt's start would say", async () => {
    const cache = createTokenCache({
      key: KEY,
      fetchToken: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30_000)); // failed attempts and backoff
        const sentAt = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 200)); // the successful attempt's round trip
        return { accessToken: "late", expiresInMs: 60_000, sentAt };
      },
    });
    const outcome = await settle(cache.getToken(), 100);
    expect(outcome).toMatchObject({ ok: true, value: { receivedAt: T0 + 30_000, expiresAt: T0 + 90_000 } });
  });
});

describe("a store known to be down is skipped", () => {
  it("a hanging store costs one storeTimeoutMs, then the next refresh inside the skip window asks it nothing", async () => {
    const store = new FlakyStore(new InMemoryTokenStore());
    store.mode = "hang";
    const events: AuthEvent[] = [];
    const fetch = countingFetch(60_000);
    const cache = createTokenCache({
      key: KEY,
      fetchToken: fetch.fetchToken,
      store,
      storeTimeoutMs: 500,
      onEvent: (e) => events.push(e),
    });
    const first = await settle(cache.getToken(), 50);
    expect(first).toMatchObject({ ok: true, value: { accessToken: "token-1" } });
    // One hanging read (500 ms); the set after the fetch is skipped, not another 500 ms.
    expect(Date.now() - T0).toBeLessThanOrEqual(550);
    expect(store.operations).toEqual(["get"]);
    await cache.invalidate("token-1");
    const before = Date.now();
    const second = await settle(cache.getToken(), 50);
    expect(second).toMatchObject({ ok: true, value: { accessToken: "token-2" } });
    expect(Date.now() - before).toBeLessThanOrEqual(100);
    expect(store.operations).toEqual(["get"]);
    expect(events.filter((event) => event.type === "store_unavailable")).toHaveLength(1);
  });
});

describe("permission 401s", () => {
  it("a token reported rejected right after a refresh is kept on further 401s for UNAUTHORIZED_HOLD_MS, then dropped again", async () => {
    const fetch = countingFetch();
    const events: AuthEvent[] = [];
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, onEvent: (e) => events.push(e) });
    await cache.getToken();
    cache.reportRejected("token-1");
    for (let i = 0; i < 5; i++) expect(await cache.invalidate("token-1", { reason: "unauthorized" })).toBe(false);
    expect((await cache.getToken()).accessToken).toBe("token-1");
    expect(fetch.calls()).toBe(1);
    expect(events.filter((event) => event.type === "invalidate")).toEqual(
      Array.from({ length: 5 }, () => ({
        type: "invalidate",
        credential: "acme:client-1",
        reason: "unauthorized",
        dropped: false,
        kept: "permission_denied",
      })),
    );
    // A manual invalidate still drops it.
    vi.advanceTimersByTime(UNAUTHORIZED_HOLD_MS);
    expect(await cache.invalidate("token-1", { reason: "unauthorized" })).toBe(true);
    expect((await cache.getToken()).accessToken).toBe("token-2");
  });

  it("a manual invalidate is never held back", async () => {
    const fetch = countingFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken });
    await cache.getToken();
    cache.reportRejected("token-1");
    expect(await cache.invalidate("token-1")).toBe(true);
  });
});

describe("dispose", () => {
  it("aborts the in-flight refresh through its signal, releases the held lease, and rejects later calls", async () => {
    const store = new InMemoryTokenStore();
    let signalSeen: AbortSignal | undefined;
    const cache = createTokenCache({
      key: KEY,
      store,
      fetchToken: ({ signal }) => {
        signalSeen = signal;
        return new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      },
    });
    const waiting = cache.getToken().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    expect(await store.lock(KEY, 1_000)).toBeUndefined(); // held by the cache
    await cache.dispose();
    expect(signalSeen?.aborted).toBe(true);
    expect(await waiting).toBeInstanceOf(TokenRequestError);
    const lease = await store.lock(KEY, 1_000);
    expect(lease).toBeDefined(); // released
    await expect(cache.getToken()).rejects.toThrow(/disposed/);
  });

  it("a manual fetch still pending at dispose does not resurrect the cache", async () => {
    const fetch = manualFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken });
    const waiting = cache.getToken().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(0);
    const disposed = cache.dispose();
    fetch.pending[0]?.resolve({ accessToken: "late", expiresInMs: HOUR });
    await disposed;
    await waiting;
    await expect(cache.getToken()).rejects.toThrow(/disposed/);
  });
});

describe("a store whose lock methods throw synchronously", () => {
  it("an extend() that throws from the renewal timer is contained: the holder's fetch completes, the process lives", async () => {
    const inner = new InMemoryTokenStore();
    let extendCalls = 0;
    const store: TokenStore = {
      get: (key) => inner.get(key),
      set: (key, token, ttl) => inner.set(key, token, ttl),
      delete: (key, expected) => inner.delete(key, expected),
      async lock(key, leaseMs) {
        const held = await inner.lock(key, leaseMs);
        if (!held) return undefined;
        return {
          release: () => held.release(),
          extend(): Promise<boolean> {
            extendCalls++;
            throw new Error("driver bug: extend is not a function of this connection");
          },
        };
      },
    };
    const fetch = slowFetch(5_000);
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, store, lockLeaseMs: 1_500 });
    const outcome = await settle(cache.getToken());
    expect(outcome.ok && outcome.value.accessToken).toBe("slow-1");
    expect(extendCalls).toBeGreaterThanOrEqual(3);
  });
});
