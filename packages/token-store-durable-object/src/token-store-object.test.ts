import type { CachedToken } from "@scope/auth-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeNamespace, FakeStorage } from "../test/fake-namespace.ts";
import { createDurableObjectTokenStore, TokenStoreObject } from "./index.ts";

const T0 = Date.UTC(2026, 0, 1);

function token(accessToken: string): CachedToken {
  return { accessToken, receivedAt: T0, expiresAt: T0 + 3_600_000 };
}

function newStore() {
  const namespace = new FakeNamespace();
  return { namespace, store: createDurableObjectTokenStore(namespace) };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("what the object stores", () => {
  it("keeps the token and its store expiry, and the lease with its random owner, nothing else", async () => {
    const { store, namespace } = newStore();
    await store.set("k", { ...token("at-1"), extra: "dropped" } as CachedToken, 60_000);
    await store.lock("k", 5_000);
    const data = Object.fromEntries(namespace.storage("k").data);
    expect(data).toEqual({
      token: { token: token("at-1"), until: T0 + 60_000 },
      lease: { owner: expect.stringMatching(/^[0-9a-f-]{36}$/), until: T0 + 5_000 },
    });
  });
});

describe("eviction", () => {
  it("loses neither the token nor a held lease when the runtime evicts the object", async () => {
    const { store, namespace } = newStore();
    await store.set("k", token("at-1"), 60_000);
    const lock = await store.lock("k", 5_000);
    namespace.evict("k");
    expect((await store.get("k"))?.accessToken).toBe("at-1");
    expect(await store.lock("k", 5_000)).toBeUndefined(); // the lease still holds after the restart
    namespace.evict("k");
    expect(await lock?.extend?.(5_000)).toBe(true); // and its owner still owns it
    await lock?.release();
    namespace.evict("k");
    expect(await store.lock("k", 5_000)).toBeDefined();
  });

  it("drops a stored value of an unexpected shape on load: a miss, never a crash; a later set repairs it", async () => {
    const { store, namespace } = newStore();
    const storage = namespace.storage("k");
    await storage.put("token", { token: { accessToken: 42 }, until: T0 + 60_000 });
    await storage.put("lease", "not a lease");
    expect(await store.get("k")).toBeUndefined();
    expect(storage.data.size).toBe(0);
    expect(await store.lock("k", 1_000)).toBeDefined();
    await store.set("k", token("at-fixed"), 60_000);
    expect((await store.get("k"))?.accessToken).toBe("at-fixed");
  });
});

describe("expiry alarm", () => {
  it("points the alarm at the earliest expiry and, when it fires, deletes what expired", async () => {
    const { store, namespace } = newStore();
    const storage = namespace.storage("k");
    await store.set("k", token("at-1"), 60_000);
    expect(storage.alarm).toBe(T0 + 60_000);
    await store.lock("k", 5_000);
    expect(storage.alarm).toBe(T0 + 5_000);

    vi.setSystemTime(T0 + 5_000);
    expect(await namespace.runDueAlarms(Date.now())).toBe(1);
    expect([...storage.data.keys()]).toEqual(["token"]); // the lease went, the token stays
    expect(storage.alarm).toBe(T0 + 60_000);

    vi.setSystemTime(T0 + 60_000);
    namespace.evict("k"); // the alarm also runs on a fresh instance
    expect(await namespace.runDueAlarms(Date.now())).toBe(1);
    expect(storage.data.size).toBe(0); // an expired token does not linger in storage
    expect(storage.alarm).toBeNull();
  });

  it("arms the alarm again when it fires before anything is due", async () => {
    const { store, namespace } = newStore();
    const storage = namespace.storage("k");
    await store.set("k", token("at-1"), 60_000);
    vi.setSystemTime(T0 + 59_999);
    storage.alarm = Date.now(); // the runtime fired it a little early
    expect(await namespace.runDueAlarms(Date.now())).toBe(1);
    expect(storage.alarm).toBe(T0 + 60_000);
    expect([...storage.data.keys()]).toEqual(["token"]);
  });

  it("empties the storage and clears the alarm when the last entry is deleted or released", async () => {
    const { store, namespace } = newStore();
    const storage = namespace.storage("k");
    await store.set("k", token("at-1"), 60_000);
    const lock = await store.lock("k", 5_000);
    await store.delete("k", "at-1");
    expect(storage.alarm).toBe(T0 + 5_000);
    await lock?.release();
    expect(storage.data.size).toBe(0);
    expect(storage.alarm).toBeNull();
  });
});

describe("requests the object refuses", () => {
  const object = () =>
    new TokenStoreObject({ storage: new FakeStorage(), blockConcurrencyWhile: (callback) => callback() });
  const post = (path: string, body: unknown, method = "POST") =>
    new Request(`https://token-store.invalid${path}`, {
      method,
      ...(method === "GET" ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });

  it.each([
    ["an unknown operation", post("/drop-table", { v: 1 }), 404, "unknown_operation"],
    ["a GET", post("/get", undefined, "GET"), 405, "method_not_allowed"],
    ["a body that is no JSON", post("/get", "{"), 400, "invalid_json"],
    ["another protocol version", post("/get", { v: 2 }), 400, "unsupported_version"],
    ["no version", post("/lock", { leaseMs: 1_000 }), 400, "unsupported_version"],
    ["a negative lease", post("/lock", { v: 1, leaseMs: -1 }), 400, "invalid_request"],
    ["a lease over 10 minutes", post("/lock", { v: 1, leaseMs: 600_001 }), 400, "invalid_request"],
    ["a set without TTL", post("/set", { v: 1, token: token("at") }), 400, "invalid_request"],
    [
      "a token expiring before it was received",
      post("/set", { v: 1, token: { ...token("at"), expiresAt: T0 - 1 }, ttlMs: 1_000 }),
      400,
      "invalid_request",
    ],
    ["an extend without owner", post("/extend", { v: 1, leaseMs: 1_000 }), 400, "invalid_request"],
  ])("refuses %s", async (_name, request, status, error) => {
    const target = object();
    expect(await answer(await target.fetch(request))).toEqual({ status, body: { error } });
  });

  it("stores nothing for a refused request", async () => {
    const storage = new FakeStorage();
    const target = new TokenStoreObject({ storage, blockConcurrencyWhile: (callback) => callback() });
    await target.fetch(post("/set", { v: 1, token: { accessToken: "" }, ttlMs: 1_000 }));
    expect(storage.data.size).toBe(0);
  });
});
