import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type AuthEvent, createTokenCache, InMemoryTokenStore, TokenRequestError } from "./index.js";
import { countingFetch, FlakyStore, manualFetch } from "./testing/fakes.js";
import { rejectionOf, settle } from "./testing/time.js";

const KEY = "acme|https://auth.acme.test/token|client-1|sha256:00";
const HOUR = 3_600_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

const flush = () => vi.advanceTimersByTimeAsync(0);

describe("createTokenCache", () => {
  it("serves 1,000 concurrent cold callers with exactly one fetch", async () => {
    const fetch = manualFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken });
    const callers = Array.from({ length: 1000 }, () => cache.getToken());
    await flush();
    expect(fetch.calls()).toBe(1);
    fetch.pending[0]?.resolve({ accessToken: "t1", expiresInMs: HOUR });
    const tokens = await Promise.all(callers);
    expect(new Set(tokens.map((token) => token.accessToken))).toEqual(new Set(["t1"]));
    expect(fetch.calls()).toBe(1);
  });

  it("counts a token's lifetime from when its request was sent, not when a slow answer arrived", async () => {
    const fetch = manualFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken });
    const sentAt = Date.now();
    const pending = cache.getToken();
    await flush();
    vi.advanceTimersByTime(20_000); // the answer takes 20 s to arrive
    fetch.pending[0]?.resolve({ accessToken: "slow", expiresInMs: HOUR });
    const token = await pending;
    expect(token.receivedAt).toBe(sentAt);
    expect(token.expiresAt).toBe(sentAt + HOUR);
  });

  it("computes expiry from the receive time and serves hits until the refresh window", async () => {
    const fetch = countingFetch(HOUR);
    const events: AuthEvent[] = [];
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, onEvent: (event) => events.push(event) });
    const first = await cache.getToken();
    expect(first.expiresAt - first.receivedAt).toBe(HOUR);
    expect(first.receivedAt).toBe(Date.now());
    vi.advanceTimersByTime(HOUR - 5 * 60_000 - 1);
    expect((await cache.getToken()).accessToken).toBe("token-1");
    expect(fetch.calls()).toBe(1);
    expect(events.map((event) => event.type)).toEqual(["cache_miss", "refresh_start", "refresh_success", "cache_hit"]);
  });

  it("peekToken answers a warm cache at once (hit event, refresh ahead) and undefined whenever getToken would wait", async () => {
    const fetch = countingFetch(HOUR);
    const events: AuthEvent[] = [];
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, onEvent: (event) => events.push(event) });
    expect(cache.peekToken?.()).toBeUndefined(); // cold: nothing fetched, nothing started
    expect(fetch.calls()).toBe(0);
    const first = await cache.getToken();
    events.length = 0;
    expect(cache.peekToken?.()).toBe(first);
    expect(events).toEqual([{ type: "cache_hit", credential: "acme:client-1", expiresInMs: HOUR }]);
    vi.advanceTimersByTime(HOUR - 60_000); // inside the refresh window: the peek starts the refresh ahead
    expect(cache.peekToken?.()?.accessToken).toBe("token-1");
    await flush();
    expect(fetch.calls()).toBe(2);
    expect(cache.peekToken?.()?.accessToken).toBe("token-2");
    vi.advanceTimersByTime(HOUR); // expired: a caller would have to wait
    expect(cache.peekToken?.()).toBeUndefined();
    expect(fetch.calls()).toBe(2);
    // A token endpoint that ignores the abort and answers after disposal: the late token is never served.
    const late = manualFetch();
    const closing = createTokenCache({ key: KEY, fetchToken: late.fetchToken });
    const waiting = closing.getToken().catch((error: unknown) => error);
    await flush();
    const disposed = closing.dispose();
    late.pending[0]?.resolve({ accessToken: "late", expiresInMs: HOUR });
    await disposed;
    await waiting;
    expect(closing.peekToken?.()).toBeUndefined();
  });

  it("scales the refresh window to 10% of a short lifetime", async () => {
    const fetch = countingFetch(60_000);
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken });
    await cache.getToken();
    vi.advanceTimersByTime(53_999);
    await cache.getToken();
    expect(fetch.calls()).toBe(1);
    vi.advanceTimersByTime(1);
    expect((await cache.getToken()).accessToken).toBe("token-1");
    await flush();
    expect(fetch.calls()).toBe(2);
    expect((await cache.getToken()).accessToken).toBe("token-2");
  });

  it("honours a configured refresh window", async () => {
    const fetch = countingFetch(HOUR);
    const cache = createTokenCache({
      key: KEY,
      fetchToken: fetch.fetchToken,
      refreshWindow: { maxMs: 60 * 60_000, fraction: 0.5 },
    });
    await cache.getToken();
    vi.advanceTimersByTime(HOUR / 2);
    await cache.getToken();
    await flush();
    expect(fetch.calls()).toBe(2);
  });

  it("keeps serving the old token during ONE background refresh (stale-while-revalidate)", async () => {
    const fetch = manualFetch();
    const events: AuthEvent[] = [];
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, onEvent: (event) => events.push(event) });
    const first = cache.getToken();
    await flush();
    fetch.pending[0]?.resolve({ accessToken: "old", expiresInMs: HOUR });
    await first;
    vi.advanceTimersByTime(HOUR - 60_000);
    const during = await Promise.all(Array.from({ length: 50 }, () => cache.getToken()));
    expect(during.every((token) => token.accessToken === "old")).toBe(true);
    expect(fetch.calls()).toBe(2);
    expect(events.filter((event) => event.type === "refresh_start").at(-1)).toMatchObject({
      reason: "refresh_ahead",
      background: true,
    });
    fetch.pending[1]?.resolve({ accessToken: "new", expiresInMs: HOUR });
    await flush();
    expect((await cache.getToken()).accessToken).toBe("new");
  });

  it("retries a failed background refresh with backoff until the old token expires, then surfaces the error", async () => {
    let calls = 0;
    const events: AuthEvent[] = [];
    const cache = createTokenCache({
      key: KEY,
      onEvent: (event) => events.push(event),
      fetchToken: async () => {
        calls++;
        if (calls === 1) return { accessToken: "old", expiresInMs: 100_000 };
        throw new TokenRequestError("acme token request failed with HTTP 503", { status: 503, provider: "acme" });
      },
    });
    await cache.getToken();
    vi.advanceTimersByTime(90_000); // window = 10 s
    expect((await cache.getToken()).accessToken).toBe("old");
    await flush();
    expect(calls).toBe(2);
    const failure = events.find((event) => event.type === "refresh_failure");
    expect(failure).toMatchObject({ willRetryInMs: 1000 });
    // Inside the backoff: no new attempt.
    await cache.getToken();
    await flush();
    expect(calls).toBe(2);
    vi.advanceTimersByTime(1000);
    await cache.getToken();
    await flush();
    expect(calls).toBe(3);
    vi.advanceTimersByTime(2000);
    await cache.getToken();
    await flush();
    expect(calls).toBe(4);
    // The old token expires: now callers see the error.
    vi.advanceTimersByTime(10_000);
    const error = await rejectionOf(cache.getToken());
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ status: 503 });
  });

  it("replays a failure from the negative cache briefly, then tries again", async () => {
    let calls = 0;
    const cache = createTokenCache({
      key: KEY,
      negativeCacheMs: 1000,
      fetchToken: async () => {
        calls++;
        if (calls === 1) throw new TokenRequestError("acme token request failed with HTTP 500", { status: 500 });
        return { accessToken: "recovered", expiresInMs: HOUR };
      },
    });
    const first = await rejectionOf(cache.getToken());
    const again = await rejectionOf(cache.getToken());
    expect(again).toBeInstanceOf(TokenRequestError);
    expect(again).toBe(first);
    expect(calls).toBe(1);
    vi.advanceTimersByTime(1000);
    expect((await cache.getToken()).accessToken).toBe("recovered");
    expect(calls).toBe(2);
  });

  it("wraps a non-typed fetch failure in a TokenRequestError", async () => {
    const cache = createTokenCache({
      key: KEY,
      fetchToken: async () => {
        throw new RangeError("boom");
      },
    });
    const error = await rejectionOf(cache.getToken());
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as Error).cause).toBeInstanceOf(RangeError);
  });

  it("compare-and-invalidate drops only the token that was rejected", async () => {
    const fetch = countingFetch(HOUR);
    const events: AuthEvent[] = [];
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, onEvent: (event) => events.push(event) });
    await cache.getToken();
    expect(await cache.invalidate("some-other-token")).toBe(false);
    expect(await cache.invalidate("token-1", { reason: "unauthorized" })).toBe(true);
    expect(await cache.invalidate("token-1")).toBe(false);
    expect((await cache.getToken()).accessToken).toBe("token-2");
    expect(fetch.calls()).toBe(2);
    expect(events.filter((event) => event.type === "invalidate")).toEqual([
      { type: "invalidate", credential: "acme:client-1", reason: "manual", dropped: false },
      { type: "invalidate", credential: "acme:client-1", reason: "unauthorized", dropped: true },
      { type: "invalidate", credential: "acme:client-1", reason: "manual", dropped: false },
    ]);
    expect(events.filter((event) => event.type === "refresh_start").at(-1)).toMatchObject({ reason: "invalidated" });
  });

  it("an aborted caller stops waiting while the shared refresh completes for the others", async () => {
    const fetch = manualFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken });
    const controller = new AbortController();
    const impatient = cache.getToken({ signal: controller.signal });
    const patient = cache.getToken();
    await flush();
    controller.abort(new Error("caller gave up"));
    await expect(impatient).rejects.toThrow("caller gave up");
    fetch.pending[0]?.resolve({ accessToken: "t1", expiresInMs: HOUR });
    expect((await patient).accessToken).toBe("t1");
    expect(fetch.calls()).toBe(1);
  });

  it("rejects at once for an already aborted signal", async () => {
    const fetch = countingFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken });
    await expect(cache.getToken({ signal: AbortSignal.abort(new Error("already")) })).rejects.toThrow("already");
    expect(fetch.calls()).toBe(0);
  });

  it("ignores a throwing event listener", async () => {
    const cache = createTokenCache({
      key: KEY,
      fetchToken: countingFetch().fetchToken,
      onEvent: () => {
        throw new Error("listener bug");
      },
    });
    expect((await cache.getToken()).accessToken).toBe("token-1");
  });
});

describe("createTokenCache with a shared store and lock", () => {
  it("two processes sharing a store make one token request", async () => {
    const store = new InMemoryTokenStore();
    const fetchA = manualFetch();
    const fetchB = countingFetch();
    const a = createTokenCache({ key: KEY, fetchToken: fetchA.fetchToken, store });
    const b = createTokenCache({ key: KEY, fetchToken: fetchB.fetchToken, store });
    const fromA = a.getToken();
    await flush();
    const fromB = b.getToken();
    await flush();
    expect(fetchA.calls()).toBe(1);
    fetchA.pending[0]?.resolve({ accessToken: "fleet", expiresInMs: HOUR });
    const outcomeB = await settle(fromB, 50);
    expect((await fromA).accessToken).toBe("fleet");
    expect(outcomeB).toMatchObject({ ok: true, value: { accessToken: "fleet" } });
    expect(fetchB.calls()).toBe(0);
  });

  it("re-reads the store after taking the lock, adopting what the previous holder just published", async () => {
    const store = new InMemoryTokenStore();
    const lock = store.lock.bind(store);
    // Another process publishes and releases between our store read and our lock.
    store.lock = async (key, leaseMs) => {
      const now = Date.now();
      await store.set(key, { accessToken: "from-holder", receivedAt: now, expiresAt: now + HOUR }, HOUR);
      return lock(key, leaseMs);
    };
    const fetch = countingFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, store });
    expect((await cache.getToken()).accessToken).toBe("from-holder");
    expect(fetch.calls()).toBe(0);
  });

  it("a fleet of 5 processes with 200 concurrent callers each makes exactly one token request", async () => {
    const store = new InMemoryTokenStore();
    let fetches = 0;
    const fetchToken = async () => {
      fetches++;
      await new Promise((resolve) => setTimeout(resolve, 400));
      return { accessToken: "fleet", expiresInMs: HOUR };
    };
    const fleet = Array.from({ length: 5 }, () => createTokenCache({ key: KEY, fetchToken, store }));
    const callers = fleet.flatMap((cache) => Array.from({ length: 200 }, () => cache.getToken()));
    const outcome = await settle(Promise.all(callers), 25);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(new Set(outcome.value.map((token) => token.accessToken))).toEqual(new Set(["fleet"]));
    expect(fetches).toBe(1);
  });

  it("when the lock holder's fetch fails, a waiting process takes the lock and fetches", async () => {
    const store = new InMemoryTokenStore();
    const failing = manualFetch();
    const backup = countingFetch();
    const holder = createTokenCache({ key: KEY, fetchToken: failing.fetchToken, store });
    const waiter = createTokenCache({ key: KEY, fetchToken: backup.fetchToken, store });
    const fromHolder = holder.getToken().catch((error: unknown) => error);
    await flush();
    const fromWaiter = waiter.getToken();
    await vi.advanceTimersByTimeAsync(200);
    expect(backup.calls()).toBe(0);
    failing.pending[0]?.reject(new TokenRequestError("acme token request failed with HTTP 503", { status: 503 }));
    expect(await fromHolder).toBeInstanceOf(TokenRequestError);
    const outcome = await settle(fromWaiter, 50);
    expect(outcome).toMatchObject({ ok: true, value: { accessToken: "token-1" } });
    expect(backup.calls()).toBe(1);
  });

  it("adopts a fresh token another process stored, without fetching", async () => {
    const store = new InMemoryTokenStore();
    const now = Date.now();
    await store.set(KEY, { accessToken: "from-store", receivedAt: now, expiresAt: now + HOUR }, HOUR);
    const fetch = countingFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, store });
    expect((await cache.getToken()).accessToken).toBe("from-store");
    expect(fetch.calls()).toBe(0);
  });

  it("fetches itself when the lease holder dies (the lease expires without a token)", async () => {
    const store = new InMemoryTokenStore();
    await store.lock(KEY, 5_000); // a process that took the lease and crashed
    const events: AuthEvent[] = [];
    const fetch = countingFetch();
    const cache = createTokenCache({
      key: KEY,
      fetchToken: fetch.fetchToken,
      store,
      lockLeaseMs: 5_000,
      onEvent: (event) => events.push(event),
    });
    const outcome = await settle(cache.getToken(), 100);
    expect(outcome).toMatchObject({ ok: true, value: { accessToken: "token-1" } });
    expect(fetch.calls()).toBe(1);
    expect(await store.get(KEY)).toMatchObject({ accessToken: "token-1" });
    expect(Date.now() - new Date("2026-01-01T00:00:00Z").getTime()).toBeLessThanOrEqual(6_000);
  });

  it("reports store_wait with the holder's token when it arrives", async () => {
    const store = new InMemoryTokenStore();
    const lease = await store.lock(KEY, 10_000);
    const events: AuthEvent[] = [];
    const fetch = countingFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, store, onEvent: (e) => events.push(e) });
    const waiting = cache.getToken();
    await vi.advanceTimersByTimeAsync(300);
    const now = Date.now();
    await store.set(KEY, { accessToken: "holder", receivedAt: now, expiresAt: now + HOUR }, HOUR);
    await lease?.release();
    const outcome = await settle(waiting, 50);
    expect(outcome).toMatchObject({ ok: true, value: { accessToken: "holder" } });
    expect(fetch.calls()).toBe(0);
    expect(events.find((event) => event.type === "store_wait")).toMatchObject({ outcome: "token" });
  });

  it("keeps working while the store is down, then uses it again when it recovers", async () => {
    const store = new FlakyStore(new InMemoryTokenStore());
    const events: AuthEvent[] = [];
    const fetch = countingFetch(60_000);
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, store, onEvent: (e) => events.push(e) });
    store.mode = "down";
    expect((await cache.getToken()).accessToken).toBe("token-1");
    const unavailable = events.filter((event) => event.type === "store_unavailable");
    expect(unavailable.length).toBeGreaterThan(0);
    expect(JSON.stringify(unavailable)).not.toContain("6379");
    // Hits never touch the store.
    const before = store.operations.length;
    await cache.getToken();
    expect(store.operations.length).toBe(before);
    store.mode = "up";
    vi.advanceTimersByTime(60_000);
    expect((await settle(cache.getToken())).ok).toBe(true);
    expect(events.some((event) => event.type === "store_recovered")).toBe(true);
    expect(await store.get(KEY)).toMatchObject({ accessToken: "token-2" });
  });

  it("treats a hanging store as unavailable after exactly storeTimeoutMs and says which operation hung", async () => {
    const store = new FlakyStore(new InMemoryTokenStore());
    store.mode = "hang";
    const events: AuthEvent[] = [];
    const cache = createTokenCache({
      key: KEY,
      fetchToken: countingFetch().fetchToken,
      store,
      storeTimeoutMs: 500,
      onEvent: (e) => events.push(e),
    });
    const started = Date.now();
    const outcome = await settle(cache.getToken(), 100);
    expect(outcome).toMatchObject({ ok: true, value: { accessToken: "token-1" } });
    // It waited for the store exactly storeTimeoutMs (one hanging read), not more and not forever.
    expect(Date.now() - started).toBe(500);
    expect(events.filter((event) => event.type === "store_unavailable")).toEqual([
      expect.objectContaining({ type: "store_unavailable", operation: "get" }),
    ]);
  });

  it("compare-and-deletes the rejected token in the store and never re-adopts it", async () => {
    const store = new FlakyStore(new InMemoryTokenStore());
    const fetch = countingFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, store });
    await settle(cache.getToken());
    expect(await store.get(KEY)).toMatchObject({ accessToken: "token-1" });
    expect(await cache.invalidate("token-1", { reason: "unauthorized" })).toBe(true);
    expect(await store.get(KEY)).toBeUndefined();
    expect((await settle(cache.getToken())).ok).toBe(true);
    expect(await store.get(KEY)).toMatchObject({ accessToken: "token-2" });
  });
});
