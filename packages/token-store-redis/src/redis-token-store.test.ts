import { createClient } from "@redis/client";
import { type CachedToken, tokenCacheKey } from "@scope/auth-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort, type RedisServer, startRedisServer } from "../test/redis-server.js";
import { RedisTokenStoreError } from "./errors.js";
import { createRedisTokenStore, type RedisTokenStore } from "./redis-token-store.js";

let server: RedisServer;
let raw: ReturnType<typeof createClient>;
const stores: RedisTokenStore[] = [];
let prefixCounter = 0;

/** A store with a prefix of its own, so tests never see each other's keys. */
function newStore(options: Parameters<typeof createRedisTokenStore>[0] = {}): {
  store: RedisTokenStore;
  prefix: string;
} {
  prefixCounter += 1;
  const prefix = `t${prefixCounter}`;
  // A generous deadline: a loaded CI machine can stall a process for longer than the 500 ms default.
  const store = createRedisTokenStore({ url: server.url, prefix, commandTimeoutMs: 5_000, ...options });
  stores.push(store);
  return { store, prefix };
}

const token = (accessToken: string, lifetimeMs = 60_000): CachedToken => {
  const receivedAt = Date.now();
  return { accessToken, receivedAt, expiresAt: receivedAt + lifetimeMs, tokenType: "Bearer" };
};

/** Polls `check` until it is true; fails after a generous bound instead of asserting exact timings. */
async function eventually(check: () => Promise<boolean>, boundMs = 10_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function rejection(promise: Promise<unknown>): Promise<RedisTokenStoreError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RedisTokenStoreError);
  return error as RedisTokenStoreError;
}

beforeAll(async () => {
  server = await startRedisServer();
  raw = createClient({ url: server.url });
  raw.on("error", () => {});
  await raw.connect();
}, 30_000);

afterEach(async () => {
  server.resume();
  await server.start();
  if (!raw.isReady) await eventually(async () => raw.isReady);
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  raw.destroy();
  await server?.dispose();
});

describe("entries", () => {
  it("round-trips a token under <prefix>:<key> as JSON of the token and its timing only", async () => {
    const { store, prefix } = newStore();
    const stored = { ...token("at-1"), clientSecret: "s3cret", refreshToken: "rt" } as CachedToken;
    await store.set("abc123", stored, 60_000);

    expect(await store.get("abc123")).toEqual({
      accessToken: "at-1",
      receivedAt: stored.receivedAt,
      expiresAt: stored.expiresAt,
      tokenType: "Bearer",
    });
    const value = await raw.get(`${prefix}:abc123`);
    expect(JSON.parse(value ?? "null")).toEqual({
      accessToken: "at-1",
      receivedAt: stored.receivedAt,
      expiresAt: stored.expiresAt,
      tokenType: "Bearer",
    });
    expect(value).not.toContain("s3cret");
    expect(value).not.toContain('rt"');
  });

  it("keeps a token without a token type without inventing one", async () => {
    const { store } = newStore();
    const { tokenType: _dropped, ...plain } = token("at-plain");
    await store.set("k", plain, 60_000);
    expect(await store.get("k")).toEqual(plain);
  });

  it("returns undefined for a key that was never set", async () => {
    const { store } = newStore();
    expect(await store.get("missing")).toBeUndefined();
  });

  it("gives the entry a TTL equal to ttlMs (PX) and lets Redis expire it", async () => {
    const { store, prefix } = newStore();
    await store.set("long", token("at-long"), 90_000);
    const pttl = await raw.pTTL(`${prefix}:long`);
    expect(pttl).toBeGreaterThan(80_000);
    expect(pttl).toBeLessThanOrEqual(90_000);

    await store.set("short", token("at-short"), 30);
    await eventually(async () => (await store.get("short")) === undefined);
  });

  it("does not store a token whose ttl is already over", async () => {
    const { store, prefix } = newStore();
    await store.set("over", token("at-over"), 0);
    expect(await raw.exists(`${prefix}:over`)).toBe(0);
  });

  it("stores under auth-core's real cache key, which holds a hash of the secret and never the secret", async () => {
    const { store, prefix } = newStore();
    const key = tokenCacheKey({
      provider: "turris",
      tokenUrl: "https://public.api.sandbox.turrisfi.com/v1/auth/jwt",
      clientId: "client id é",
      clientSecret: "top-secret-value",
    });
    await store.set(key, token("at-real-key"), 60_000);
    expect((await store.get(key))?.accessToken).toBe("at-real-key");
    const keys = await raw.keys(`${prefix}:*`);
    expect(keys).toEqual([`${prefix}:${key}`]);
    expect(keys.join(" ")).not.toContain("top-secret-value");
  });

  it("keeps prefixes apart", async () => {
    const a = newStore().store;
    const b = newStore().store;
    await a.set("same", token("at-a"), 60_000);
    expect(await b.get("same")).toBeUndefined();
  });
});

describe("corrupt values are a miss, never a crash", () => {
  const corrupt = [
    "not json",
    "null",
    "[]",
    '"at"',
    '{"accessToken":1,"receivedAt":1,"expiresAt":2}',
    '{"accessToken":"","receivedAt":1,"expiresAt":2}',
    '{"accessToken":"at","receivedAt":"1","expiresAt":2}',
    '{"accessToken":"at","receivedAt":5,"expiresAt":1}',
    '{"accessToken":"at","receivedAt":1}',
    '{"accessToken":"at","receivedAt":-5,"expiresAt":2}',
    '{"accessToken":"at","receivedAt":1,"expiresAt":2,"tokenType":7}',
  ];

  it.each(corrupt)("treats %s as a miss", async (value) => {
    const { store, prefix } = newStore();
    await raw.set(`${prefix}:bad`, value);
    expect(await store.get("bad")).toBeUndefined();
  });

  it("lets a later set repair a corrupt entry", async () => {
    const { store, prefix } = newStore();
    await raw.set(`${prefix}:fix`, "{{{");
    expect(await store.get("fix")).toBeUndefined();
    await store.set("fix", token("at-fixed"), 60_000);
    expect((await store.get("fix"))?.accessToken).toBe("at-fixed");
  });

  it("drops unknown properties of a stored value", async () => {
    const { store, prefix } = newStore();
    await raw.set(`${prefix}:extra`, JSON.stringify({ ...token("at-x"), secret: "nope" }));
    const read = await store.get("extra");
    expect(read?.accessToken).toBe("at-x");
    expect(read).not.toHaveProperty("secret");
  });

  it("rejects a key of the wrong Redis type with a typed error instead of returning garbage", async () => {
    const { store, prefix } = newStore();
    await raw.hSet(`${prefix}:hash`, "f", "v");
    const error = await rejection(store.get("hash"));
    expect(error.reason).toBe("command_failed");
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

  it("is a no-op on a missing entry and on a corrupt one", async () => {
    const { store, prefix } = newStore();
    await store.delete("none", "at-1");
    await raw.set(`${prefix}:bad`, "not json");
    await store.delete("bad", "at-1");
    expect(await raw.get(`${prefix}:bad`)).toBe("not json");
  });

  it("treats an expected token with Lua-pattern characters literally", async () => {
    const { store } = newStore();
    await store.set("k", token("a.b%c"), 60_000);
    await store.delete("k", "a_b%c");
    expect((await store.get("k"))?.accessToken).toBe("a.b%c");
    await store.delete("k", "a.b%c");
    expect(await store.get("k")).toBeUndefined();
  });
});

describe("lease lock", () => {
  it("grants the lease to one holder at a time and frees it on release", async () => {
    const { store } = newStore();
    const other = newStore().store;
    const first = await store.lock("k", 10_000);
    expect(first).toBeDefined();
    expect(await store.lock("k", 10_000)).toBeUndefined();
    await first?.release();
    const second = await store.lock("k", 10_000);
    expect(second).toBeDefined();
    await second?.release();
    // another prefix is another namespace
    const elsewhere = await other.lock("k", 10_000);
    expect(elsewhere).toBeDefined();
    await elsewhere?.release();
  });

  it("lets exactly one of many concurrent contenders win", async () => {
    const { prefix } = newStore();
    const contenders = Array.from({ length: 8 }, () => {
      const store = createRedisTokenStore({ url: server.url, prefix, commandTimeoutMs: 5_000 });
      stores.push(store);
      return store;
    });
    const results = await Promise.all(
      contenders.flatMap((store) => [store.lock("k", 10_000), store.lock("k", 10_000)]),
    );
    expect(results.filter((lock) => lock !== undefined)).toHaveLength(1);
  });

  it("extends the lease only for its owner: a lapsed lease taken by another process is not extended", async () => {
    const { store, prefix } = newStore();
    const lock = await store.lock("k", 200);
    expect(await lock?.extend?.(10_000)).toBe(true);
    expect(await raw.pTTL(`${prefix}:k:lock`)).toBeGreaterThan(5_000);
    // The lease lapses (simulated) and another holder takes it: the first holder can no longer extend it.
    await raw.del(`${prefix}:k:lock`);
    const other = await store.lock("k", 10_000);
    expect(other).toBeDefined();
    expect(await lock?.extend?.(60_000)).toBe(false);
    expect(await raw.pTTL(`${prefix}:k:lock`)).toBeLessThanOrEqual(10_000);
    await lock?.release();
    expect(await store.lock("k", 10_000)).toBeUndefined(); // the release did not free the other's lease
    await other?.release();
    expect(await lock?.extend?.(10_000)).toBe(false); // released: nothing to extend
  });

  it("stores a random owner id with a PX lease, clamped to maxLeaseMs", async () => {
    const { store, prefix } = newStore({ maxLeaseMs: 5_000 });
    const lock = await store.lock("k", 600_000);
    const pttl = await raw.pTTL(`${prefix}:k:lock`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(5_000);
    expect(await raw.get(`${prefix}:k:lock`)).toMatch(/^[0-9a-f-]{36}$/);
    await lock?.release();
  });

  it("expires a lease whose holder never releases it", async () => {
    const { store } = newStore();
    expect(await store.lock("k", 50)).toBeDefined();
    await eventually(async () => {
      const next = await store.lock("k", 10_000);
      await next?.release();
      return next !== undefined;
    });
  });

  it("releases only its own lease, never a successor's", async () => {
    const { store } = newStore();
    const stale = await store.lock("k", 30);
    expect(stale).toBeDefined();
    let successor: Awaited<ReturnType<typeof store.lock>>;
    await eventually(async () => {
      successor = await store.lock("k", 10_000);
      return successor !== undefined;
    });
    await stale?.release();
    expect(await store.lock("k", 10_000)).toBeUndefined();
    await successor?.release();
    expect(await store.lock("k", 10_000)).toBeDefined();
  });

  it("rejects a non-positive lease", async () => {
    const { store } = newStore();
    expect((await rejection(store.lock("k", 0))).reason).toBe("invalid_argument");
  });
});

describe("failures reject quickly and name no secret", () => {
  it("rejects at once when nothing listens on the port", async () => {
    const port = await freePort();
    const store = createRedisTokenStore({ url: `redis://user:pa55word@127.0.0.1:${port}`, commandTimeoutMs: 300 });
    stores.push(store);
    const started = Date.now();
    const error = await rejection(store.get("k"));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.reason).toBe("unavailable");
    expect(error.operation).toBe("get");
    expect(`${String(error)} ${error.message} ${JSON.stringify(error)}`).not.toContain("pa55word");
    // later calls do not wait for the connection either
    const again = Date.now();
    await rejection(store.lock("k", 1_000));
    expect(Date.now() - again).toBeLessThan(5_000);
  });

  it("rejects quickly while Redis is stopped and works again once it is back", async () => {
    const { store } = newStore({ commandTimeoutMs: 300, reconnectMaxDelayMs: 100 });
    // Connect first; on a loaded machine the first round trip may need more than one 300 ms try.
    await eventually(() =>
      store.set("k", token("at-before"), 60_000).then(
        () => true,
        () => false,
      ),
    );
    await server.stop();

    const started = Date.now();
    const error = await rejection(store.get("k"));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(["unavailable", "timeout"]).toContain(error.reason);
    await rejection(store.set("k", token("at-down"), 60_000));
    await rejection(store.lock("k", 1_000));

    await server.start();
    await eventually(async () => {
      try {
        await store.set("k", token("at-after"), 60_000);
        return true;
      } catch {
        return false;
      }
    });
    await eventually(() =>
      store.get("k").then(
        (got) => got?.accessToken === "at-after",
        () => false,
      ),
    );
  });

  it("times out instead of hanging when Redis stops answering", async () => {
    const { store } = newStore({ commandTimeoutMs: 500 });
    // Connect first; on a loaded machine the very first round trip may itself need a retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await store.get("k");
        break;
      } catch (error) {
        if (attempt >= 10) throw error;
      }
    }
    server.pause();
    const started = Date.now();
    const error = await rejection(store.get("k"));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.reason).toBe("timeout");
    server.resume();
  });

  it("rejects an empty or oversized key without echoing it", async () => {
    const { store } = newStore();
    expect((await rejection(store.get(""))).reason).toBe("invalid_argument");
    const error = await rejection(store.set(`secret${"x".repeat(2_000)}`, token("at"), 1_000));
    expect(error.reason).toBe("invalid_argument");
    expect(error.message).not.toContain("secret");
  });

  it("refuses bad options up front", () => {
    expect(() => createRedisTokenStore({ prefix: "" })).toThrow(TypeError);
    expect(() => createRedisTokenStore({ prefix: "a b" })).toThrow(TypeError);
    expect(() => createRedisTokenStore({ commandTimeoutMs: 0 })).toThrow(TypeError);
  });
});

describe("close", () => {
  it("closes the connection; later operations reject as closed; closing twice is fine", async () => {
    const { store } = newStore();
    await store.set("k", token("at-1"), 60_000);
    await store.close();
    await store.quit();
    expect((await rejection(store.get("k"))).reason).toBe("closed");
  });

  it("closes a store that never connected", async () => {
    const store = createRedisTokenStore({ url: server.url });
    await store.close();
    expect((await rejection(store.get("k"))).reason).toBe("closed");
  });
});
