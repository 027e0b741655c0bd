/**
 * The token cache in a request-scoped runtime (Cloudflare Workers): a refresh started by one request is never
 * something another request depends on forever, and refresh-ahead runs in the background only through
 * waitUntil. Modelled with testing/request-contexts.ts (timers die with their request).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type AuthEvent, createTokenCache } from "./index.js";
import { manualFetch } from "./testing/fakes.js";
import { installRequestContexts, type RequestContexts } from "./testing/request-contexts.js";
import { settle } from "./testing/time.js";

const KEY = "acme|https://auth.acme.test/token|client-1|sha256:00";
const HOUR = 3_600_000;
let contexts: RequestContexts;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
  contexts = installRequestContexts();
});
afterEach(() => {
  contexts.uninstall();
  vi.useRealTimers();
});

describe("a refresh whose request was cancelled mid-fetch", () => {
  it("a waiting request takes over after the starter's heartbeat falls silent, and gets a token of its own", async () => {
    const fetch = manualFetch();
    const events: AuthEvent[] = [];
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, requestScopedRuntime: true });
    const a = contexts.open("A");
    const first = contexts.within(a, () => cache.getToken());
    first.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(100);
    expect(fetch.calls()).toBe(1);
    // Request A ends (the client went away): its token fetch never answers, its timers never fire again.
    contexts.end(a);
    const b = contexts.open("B");
    const second = contexts.within(b, () => cache.getToken({ onEvent: (event) => events.push(event) }));
    const outcome = settle(second, 50);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(fetch.calls()).toBe(2); // B fetched for itself: it did not wait on A forever
    fetch.pending[1]?.resolve({ accessToken: "from-b", expiresInMs: HOUR });
    const result = await outcome;
    expect(result.ok && result.value.accessToken).toBe("from-b");
    const abandoned = events.find((event) => event.type === "refresh_abandoned");
    expect(abandoned).toMatchObject({ type: "refresh_abandoned", credential: "acme:client-1" });
    expect((abandoned as { silentMs: number }).silentMs).toBeGreaterThanOrEqual(1_500);
    // The value is shared: a third request gets B's token without a fetch.
    const c = contexts.open("C");
    expect((await contexts.within(c, () => cache.getToken())).accessToken).toBe("from-b");
    expect(fetch.calls()).toBe(2);
  });

  it("a live starter is never abandoned, however slow its fetch: 10 s of waiting costs one token request", async () => {
    const fetch = manualFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, requestScopedRuntime: true });
    const a = contexts.open("A");
    const first = contexts.within(a, () => cache.getToken());
    const b = contexts.open("B");
    const second = contexts.within(b, () => cache.getToken());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetch.calls()).toBe(1);
    fetch.pending[0]?.resolve({ accessToken: "slow", expiresInMs: HOUR });
    expect((await first).accessToken).toBe("slow");
    expect((await second).accessToken).toBe("slow");
    expect(fetch.calls()).toBe(1);
  });

  it("a waiter whose own timer was late (a blocked event loop) does not take a live refresh for a dead one", async () => {
    const fetch = manualFetch();
    let blocked = 0;
    // The monotonic clock jumps while no timer runs: what a loop blocked for 5 s looks like to every timer.
    const clock = { now: () => Date.now(), monotonicNow: () => performance.now() + blocked };
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, clock, requestScopedRuntime: true });
    const first = cache.getToken();
    await vi.advanceTimersByTimeAsync(100);
    const second = cache.getToken(); // its first check is due at 350 ms, between the heartbeats at 250 and 500
    await vi.advanceTimersByTimeAsync(160);
    blocked = 5_000;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fetch.calls()).toBe(1);
    fetch.pending[0]?.resolve({ accessToken: "t", expiresInMs: HOUR });
    expect((await first).accessToken).toBe("t");
    expect((await second).accessToken).toBe("t");
  });
});

describe("refresh-ahead in a request-scoped runtime", () => {
  async function warmCache(waitUntil?: (promise: Promise<unknown>) => void) {
    const fetch = manualFetch();
    const cache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken, requestScopedRuntime: true });
    const first = cache.getToken();
    await vi.advanceTimersByTimeAsync(0);
    fetch.pending[0]?.resolve({ accessToken: "old", expiresInMs: HOUR });
    await first;
    vi.advanceTimersByTime(HOUR - 60_000); // inside the 5-minute window
    return { fetch, cache, context: waitUntil ? { waitUntil } : {} };
  }

  it("with waitUntil, runs in the background and hands the refresh to waitUntil; callers keep the old token", async () => {
    const kept: Promise<unknown>[] = [];
    const { fetch, cache, context } = await warmCache((promise) => kept.push(promise));
    expect((await cache.getToken(context)).accessToken).toBe("old");
    expect(fetch.calls()).toBe(2);
    expect(kept).toHaveLength(1);
    fetch.pending[1]?.resolve({ accessToken: "new", expiresInMs: HOUR });
    await kept[0];
    expect((await cache.getToken(context)).accessToken).toBe("new");
  });

  it("without waitUntil, the first caller in the window refreshes in the foreground; a concurrent caller keeps the old token", async () => {
    const { fetch, cache } = await warmCache();
    const starter = cache.getToken();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch.calls()).toBe(2);
    expect(cache.peekToken?.()?.accessToken).toBe("old");
    expect((await cache.getToken()).accessToken).toBe("old");
    fetch.pending[1]?.resolve({ accessToken: "new", expiresInMs: HOUR });
    expect((await starter).accessToken).toBe("new");
  });

  it("a failed foreground refresh inside the window still returns the old, valid token", async () => {
    const { fetch, cache } = await warmCache();
    const starter = cache.getToken();
    await vi.advanceTimersByTimeAsync(0);
    fetch.pending[1]?.reject(new Error("token endpoint down"));
    expect((await starter).accessToken).toBe("old");
  });
});

describe("construction in a Worker's global scope", () => {
  it("creates no timer, AbortController or random value until the first call", () => {
    const timers = vi.spyOn(globalThis, "setTimeout");
    const controllers = vi.spyOn(globalThis, "AbortController");
    const random = vi.spyOn(globalThis.crypto, "getRandomValues");
    const cache = createTokenCache({ key: KEY, fetchToken: manualFetch().fetchToken, requestScopedRuntime: true });
    expect(cache.key).toBe(KEY);
    expect(timers).not.toHaveBeenCalled();
    expect(controllers).not.toHaveBeenCalled();
    expect(random).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
