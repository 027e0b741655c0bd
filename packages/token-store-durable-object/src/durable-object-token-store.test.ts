import { type CachedToken, createTokenCache, tokenCacheKey } from "@scope/auth-core";
import { createDollrClient } from "@scope/dollr";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { answeringNamespace, FakeNamespace } from "../test/fake-namespace.ts";
import { createDurableObjectTokenStore, DurableObjectTokenStoreError } from "./index.ts";

const T0 = Date.UTC(2026, 0, 1);

function token(accessToken: string, lifetimeMs = 3_600_000): CachedToken {
  const receivedAt = Date.now();
  return { accessToken, receivedAt, expiresAt: receivedAt + lifetimeMs, tokenType: "Bearer" };
}

async function rejection(promise: Promise<unknown>): Promise<DurableObjectTokenStoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DurableObjectTokenStoreError);
  return error as DurableObjectTokenStoreError;
}

function newStore(options?: Parameters<typeof createDurableObjectTokenStore>[1]) {
  const namespace = new FakeNamespace();
  return { namespace, store: createDurableObjectTokenStore(namespace, options) };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("get, set and TTL", () => {
  it("misses on a new key and returns what was set, value and timing only", async () => {
    const { store } = newStore();
    expect(await store.get("k")).toBeUndefined();
    const stored = { ...token("at-1"), secret: "must not travel" } as CachedToken;
    await store.set("k", stored, 60_000);
    const read = await store.get("k");
    expect(read).toEqual(token("at-1"));
    expect(read).not.toHaveProperty("secret");
  });

  it("sends the object the token's value and timing only", async () => {
    const bodies: unknown[] = [];
    const store = createDurableObjectTokenStore({
      idFromName: (name: string) => name,
      get: () => ({
        fetch: async (_input: string, init: RequestInit) => {
          bodies.push(JSON.parse(String(init.body)));
          return Response.json({ stored: true });
        },
      }),
    });
    await store.set("k", { ...token("at-1"), secret: "must not travel" } as CachedToken, 60_000);
    expect(bodies).toEqual([{ v: 1, token: token("at-1"), ttlMs: 60_000 }]);
  });

  it("keeps a token without tokenType without inventing one", async () => {
    const { store } = newStore();
    const { tokenType: _dropped, ...plain } = token("at-plain");
    await store.set("k", plain, 60_000);
    expect(await store.get("k")).toStrictEqual(plain);
  });

  it("serves the token until its TTL has passed, then misses", async () => {
    const { store } = newStore();
    await store.set("k", token("at-1"), 60_000);
    vi.setSystemTime(T0 + 59_999);
    expect((await store.get("k"))?.accessToken).toBe("at-1");
    vi.setSystemTime(T0 + 60_000);
    expect(await store.get("k")).toBeUndefined();
  });

  it("stores nothing for an already expired token and refuses a non-finite TTL", async () => {
    const { store } = newStore();
    await store.set("k", token("at-old"), 0);
    expect(await store.get("k")).toBeUndefined();
    expect((await rejection(store.set("k", token("at"), Number.NaN))).reason).toBe("invalid_argument");
  });

  it("addresses one object per cache key, named by the key, which never holds the secret", async () => {
    const { store, namespace } = newStore();
    const key = tokenCacheKey({
      provider: "dollr",
      tokenUrl: "https://api.example/v1/jwt/client/obtain/token",
      clientId: "client-1",
      clientSecret: "s3cret-value",
    });
    const other = tokenCacheKey({
      provider: "dollr",
      tokenUrl: "https://api.example/v1/jwt/client/obtain/token",
      clientId: "client-1",
      clientSecret: "another-secret",
    });
    await store.set(key, token("at-a"), 60_000);
    expect(await store.get(other)).toBeUndefined();
    expect(new Set(namespace.names)).toEqual(new Set([key, other]));
    expect([...namespace.objects.keys()].join()).not.toContain("s3cret");
    expect(JSON.stringify([...namespace.storage(key).data])).not.toContain("s3cret");
  });
});

describe("compare-and-delete", () => {
  it("deletes unconditionally without an expected token", async () => {
    const { store } = newStore();
    await store.set("k", token("at-1"), 60_000);
    await store.delete("k");
    expect(await store.get("k")).toBeUndefined();
  });

  it("deletes when the entry still holds the expected token", async () => {
    const { store } = newStore();
    await store.set("k", token("at-1"), 60_000);
    await store.delete("k", "at-1");
    expect(await store.get("k")).toBeUndefined();
  });

  it("keeps a newer token when the expected one was already replaced", async () => {
    const { store } = newStore();
    await store.set("k", token("at-2"), 60_000);
    await store.delete("k", "at-1");
    expect((await store.get("k"))?.accessToken).toBe("at-2");
  });

  it("is a no-op on a missing entry", async () => {
    const { store } = newStore();
    await store.delete("none", "at-1");
    expect(await store.get("none")).toBeUndefined();
  });
});

describe("lease lock", () => {
  it("grants the lease to one holder at a time and frees it on release", async () => {
    const { store } = newStore();
    const first = await store.lock("k", 10_000);
    expect(first).toBeDefined();
    expect(await store.lock("k", 10_000)).toBeUndefined();
    expect(await store.lock("other-key", 10_000)).toBeDefined();
    await first?.release();
    await first?.release(); // twice is fine
    const second = await store.lock("k", 10_000);
    expect(second).toBeDefined();
  });

  it("lets exactly one of many concurrent contenders win, across stores on the same namespace", async () => {
    const namespace = new FakeNamespace();
    const stores = Array.from({ length: 8 }, () => createDurableObjectTokenStore(namespace));
    const results = await Promise.all(stores.flatMap((store) => [store.lock("k", 10_000), store.lock("k", 10_000)]));
    expect(results.filter((lock) => lock !== undefined)).toHaveLength(1);
  });

  it("expires a lease whose holder neither renews nor releases it", async () => {
    const { store } = newStore();
    expect(await store.lock("k", 5_000)).toBeDefined();
    vi.setSystemTime(T0 + 4_999);
    expect(await store.lock("k", 5_000)).toBeUndefined();
    vi.setSystemTime(T0 + 5_000);
    expect(await store.lock("k", 5_000)).toBeDefined();
  });

  it("extends the lease for its owner, so it outlives its first term", async () => {
    const { store } = newStore();
    const lock = await store.lock("k", 5_000);
    vi.setSystemTime(T0 + 4_000);
    expect(await lock?.extend?.(5_000)).toBe(true);
    vi.setSystemTime(T0 + 8_999);
    expect(await store.lock("k", 5_000)).toBeUndefined();
    vi.setSystemTime(T0 + 9_000);
    expect(await store.lock("k", 5_000)).toBeDefined();
  });

  it("does not extend or release a lapsed lease that another holder took", async () => {
    const { store } = newStore();
    const stale = await store.lock("k", 1_000);
    vi.setSystemTime(T0 + 1_000);
    const successor = await store.lock("k", 10_000);
    expect(successor).toBeDefined();
    expect(await stale?.extend?.(60_000)).toBe(false);
    await stale?.release();
    expect(await store.lock("k", 10_000)).toBeUndefined(); // the stale release freed nothing
    await successor?.release();
    expect(await successor?.extend?.(10_000)).toBe(false); // released: nothing to extend
    expect(await store.lock("k", 10_000)).toBeDefined();
  });

  it("clamps a lease to maxLeaseMs", async () => {
    const { store } = newStore({ maxLeaseMs: 5_000 });
    const lock = await store.lock("k", 600_000);
    vi.setSystemTime(T0 + 5_000);
    expect(await store.lock("k", 1_000)).toBeDefined();
    expect(await lock?.extend?.(600_000)).toBe(false);
  });

  it("refuses a non-positive lease and answers false to a bad extension", async () => {
    const { store } = newStore();
    expect((await rejection(store.lock("k", 0))).reason).toBe("invalid_argument");
    expect((await rejection(store.lock("k", Number.POSITIVE_INFINITY))).reason).toBe("invalid_argument");
    const lock = await store.lock("k", 1_000);
    expect(await lock?.extend?.(-1)).toBe(false);
    expect(await lock?.extend?.(Number.NaN)).toBe(false);
  });
});

describe("the object's answers are checked like any I/O", () => {
  const stored = token("at-in-answer");

  it("maps a throwing object call to 'unavailable', keeping the cause but not its message", async () => {
    const failure = new Error(`storage reset while holding ${stored.accessToken}`);
    const store = createDurableObjectTokenStore(
      answeringNamespace(() => {
        throw failure;
      }),
    );
    const error = await rejection(store.get("k"));
    expect(error.reason).toBe("unavailable");
    expect(error.operation).toBe("get");
    expect(error.cause).toBe(failure);
    expect(error.message).not.toContain("at-in-answer");
  });

  it("maps an error status to 'rejected' with the status, never the answer's body", async () => {
    const store = createDurableObjectTokenStore(
      answeringNamespace(() => Response.json({ error: stored.accessToken }, { status: 400 })),
    );
    const error = await rejection(store.lock("k", 1_000));
    expect(error).toMatchObject({ reason: "rejected", operation: "lock", status: 400 });
    expect(error.message).not.toContain("at-in-answer");
  });

  it.each([
    ["no JSON", () => new Response("<html>oops</html>")],
    ["a token without a value", () => Response.json({ token: { ...stored, accessToken: "" } })],
    ["a token with a string expiry", () => Response.json({ token: { ...stored, expiresAt: "soon" } })],
    ["a token expiring before it was received", () => Response.json({ token: { ...stored, receivedAt: 9e12 } })],
    ["no token field", () => Response.json({ value: stored })],
    ["an array", () => Response.json([stored])],
  ])("maps an answer with %s to 'invalid_response', naming no value", async (_name, answer) => {
    const store = createDurableObjectTokenStore(answeringNamespace(answer));
    const error = await rejection(store.get("k"));
    expect(error.reason).toBe("invalid_response");
    expect(error.message).not.toContain("at-in-answer");
    expect(error.message).not.toContain("soon");
  });

  it("checks the answer of every operation", async () => {
    const store = createDurableObjectTokenStore(answeringNamespace(() => Response.json({ unexpected: true })));
    expect((await rejection(store.set("k", stored, 1_000))).operation).toBe("set");
    expect((await rejection(store.delete("k", "at"))).operation).toBe("delete");
    expect((await rejection(store.lock("k", 1_000))).operation).toBe("lock");
  });

  it("drops unknown fields of a valid answer", async () => {
    const store = createDurableObjectTokenStore(
      answeringNamespace(() => Response.json({ token: { ...stored, leaked: "x" } })),
    );
    const read = await store.get("k");
    expect(read).toEqual(stored);
    expect(read).not.toHaveProperty("leaked");
  });
});

describe("bad input", () => {
  it("refuses an empty or oversized key without echoing it", async () => {
    const { store, namespace } = newStore();
    expect((await rejection(store.get(""))).reason).toBe("invalid_argument");
    const error = await rejection(store.set(`secret${"x".repeat(2_000)}`, token("at"), 1_000));
    expect(error.reason).toBe("invalid_argument");
    expect(error.message).not.toContain("secret");
    expect(namespace.names).toEqual([]);
  });

  it("refuses a missing namespace and a bad maxLeaseMs at construction", () => {
    expect(() => createDurableObjectTokenStore(undefined as never)).toThrow(TypeError);
    expect(() => createDurableObjectTokenStore({} as never)).toThrow(/namespace binding/);
    const namespace = new FakeNamespace();
    expect(() => createDurableObjectTokenStore(namespace, { maxLeaseMs: 0 })).toThrow(TypeError);
    expect(() => createDurableObjectTokenStore(namespace, { maxLeaseMs: 11 * 60_000 })).toThrow(TypeError);
  });
});

describe("as a client's tokenStore", () => {
  it("carries auth-core's store coordination, so a provider factory accepts it", () => {
    const tokenStore = createDurableObjectTokenStore(new FakeNamespace());
    expect(() =>
      createDollrClient({
        clientId: "client-1",
        clientSecret: "s3cret-value",
        tokenStore,
        baseUrl: "https://api.example",
      }),
    ).not.toThrow();
  });
});

describe("one store per binding", () => {
  it("returns the same store for the same binding and options, so per-request clients share a cache", () => {
    const namespace = new FakeNamespace();
    const store = createDurableObjectTokenStore(namespace);
    expect(createDurableObjectTokenStore(namespace)).toBe(store);
    expect(createDurableObjectTokenStore(namespace, { maxLeaseMs: 30_000 })).toBe(store);
    expect(createDurableObjectTokenStore(namespace, { maxLeaseMs: 5_000 })).not.toBe(store);
    expect(createDurableObjectTokenStore(new FakeNamespace())).not.toBe(store);
  });
});

describe("with auth-core's token cache", () => {
  it("falls back to fetching for itself when the object fails, and says so in a store_unavailable event", async () => {
    vi.useRealTimers();
    const failures: Error[] = [];
    const cache = createTokenCache({
      key: "dollr|https://api.example/token|client-1|sha256:00",
      store: createDurableObjectTokenStore(
        answeringNamespace(() => {
          throw new Error("object reset");
        }),
      ),
      fetchToken: async () => ({ accessToken: "at-own", expiresInMs: 3_600_000 }),
      onEvent: (event) => {
        if (event.type === "store_unavailable" && event.operation === "get") failures.push(event.error);
      },
    });
    expect((await cache.getToken()).accessToken).toBe("at-own");
    expect(failures.length).toBeGreaterThan(0);
    // auth-core passes listeners the store error's name only.
    expect(failures[0]?.message).toBe("token store get failed (DurableObjectTokenStoreError)");
    await cache.dispose();
  });

  it("gives many caches (one per isolate) on one namespace one token request for a cold start", async () => {
    vi.useRealTimers();
    const namespace = new FakeNamespace();
    let fetches = 0;
    let releaseFetch: () => void = () => undefined;
    const fetched = new Promise<void>((resolve) => {
      releaseFetch = resolve;
    });
    const caches = Array.from({ length: 10 }, () =>
      createTokenCache({
        key: "dollr|https://api.example/token|client-1|sha256:00",
        store: createDurableObjectTokenStore(namespace),
        fetchToken: async () => {
          fetches++;
          await fetched;
          return { accessToken: "at-fleet", expiresInMs: 3_600_000 };
        },
      }),
    );
    const tokens = Promise.all(caches.flatMap((cache) => [cache.getToken(), cache.getToken()]));
    releaseFetch();
    expect(new Set((await tokens).map((t) => t.accessToken))).toEqual(new Set(["at-fleet"]));
    expect(fetches).toBe(1);
    await Promise.all(caches.map((cache) => cache.dispose()));
  });
});
