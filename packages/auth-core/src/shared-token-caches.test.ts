/**
 * Process-wide token sharing between clients (tokenCacheScope "process"): keyed on what changes the token,
 * not on function identity; resetSharedTokenCaches never breaks a live client.
 */
import { HttpResponse, http } from "msw";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  type ClientEvent,
  coordinatedTokenStore,
  createClientCredentialsClient,
  disposeClient,
  InMemoryTokenStore,
  resetSharedTokenCaches,
  type TokenOptions,
  type TokenStore,
} from "./index.js";
import type { paths } from "./testing/api-paths.js";
import { formEndpoint } from "./testing/endpoint.js";
import { mswWithFakeTime } from "./testing/msw-fake-time.js";

const BASE = "https://api.acme.test/v1";
const TOKEN_URL = "https://auth.acme.test/oauth/token";
const server = mswWithFakeTime();

beforeEach(() => resetSharedTokenCaches());

function tokenAndApi() {
  let issued = 0;
  const seen: (string | null)[] = [];
  server.use(
    http.post(TOKEN_URL, () => {
      issued += 1;
      return HttpResponse.json({ access_token: `token-${issued}`, expires_in: 3600 });
    }),
    http.get(`${BASE}/things`, ({ request }) => {
      seen.push(request.headers.get("authorization"));
      return HttpResponse.json({ items: [] });
    }),
  );
  return { issued: () => issued, seen };
}

interface ClientSetup {
  clientSecret?: string;
  onEvent?: (event: ClientEvent) => unknown;
  tokenStore?: TokenStore;
  fetch?: (request: Request) => Promise<Response>;
  token?: TokenOptions;
}

/** A client as a request handler builds one: a fresh fetch wrapper and an inline listener unless given. */
function perRequestClient(setup: ClientSetup = {}) {
  return createClientCredentialsClient<paths, unknown>({
    baseUrl: BASE,
    tokenUrl: TOKEN_URL,
    clientId: "client-1",
    clientSecret: setup.clientSecret ?? "s3cret",
    fetch: setup.fetch ?? ((request) => globalThis.fetch(request)),
    tuning: {
      resilience: false,
      onEvent: setup.onEvent ?? (() => undefined),
      ...(setup.tokenStore ? { tokenStore: setup.tokenStore } : {}),
      ...(setup.token ? { token: setup.token } : {}),
    },
    endpoint: formEndpoint(TOKEN_URL) as never,
    publicOperations: [],
  });
}

describe("sharing one token between clients in a process", () => {
  it("20 clients, each with its own fetch wrapper and inline listener, cost ONE token request", async () => {
    const api = tokenAndApi();
    for (let i = 0; i < 20; i++) {
      expect((await perRequestClient().GET("/things")).response.status).toBe(200);
    }
    expect(api.issued()).toBe(1);
    expect(new Set(api.seen)).toEqual(new Set(["Bearer token-1"]));
  });

  it("20 concurrent cold clients cost one token request, and every client's listener sees the refresh it waited for", async () => {
    const api = tokenAndApi();
    const listeners = Array.from({ length: 20 }, () => [] as ClientEvent[]);
    const calls = listeners.map((events) =>
      perRequestClient({ onEvent: (event) => events.push(event) }).GET("/things"),
    );
    for (const result of await Promise.all(calls)) expect(result.response.status).toBe(200);
    expect(api.issued()).toBe(1);
    for (const events of listeners) expect(events.map((event) => event.type)).toContain("refresh_success");
  });

  it("a client that joins with a different fetch is told once (cache_shared), and its own refresh goes through its own fetch", async () => {
    const api = tokenAndApi();
    const firstEvents: ClientEvent[] = [];
    await perRequestClient({ onEvent: (event) => firstEvents.push(event) }).GET("/things");
    const joined: ClientEvent[][] = [[], []];
    const sent: string[] = [];
    const ownFetch = (request: Request) => {
      sent.push(request.url);
      return globalThis.fetch(request);
    };
    for (const events of joined)
      await perRequestClient({ onEvent: (e) => events.push(e), fetch: ownFetch }).GET("/things");
    const told = joined.flat().filter((event) => event.type === "cache_shared");
    expect(told).toEqual([expect.objectContaining({ type: "cache_shared", difference: "fetch" })]);
    expect(firstEvents.some((event) => event.type === "cache_shared")).toBe(false);
    expect(api.issued()).toBe(1);
    // The token the second client uses was fetched by the first; the API call went through its own fetch.
    expect(sent).toEqual([`${BASE}/things`, `${BASE}/things`]);
  });

  it("different credentials or a different token store never share", async () => {
    const api = tokenAndApi();
    await perRequestClient().GET("/things");
    await perRequestClient({ clientSecret: "other-secret" }).GET("/things");
    await perRequestClient({ tokenStore: new InMemoryTokenStore() }).GET("/things");
    expect(api.issued()).toBe(3);
  });

  it("the cache's own timing under token (refreshWindow, negativeCacheMs, lockLeaseMs) splits caches, written in any order", async () => {
    const api = tokenAndApi();
    const timing = { negativeCacheMs: 500, refreshWindow: { fraction: 0.2 } };
    await perRequestClient({ token: timing }).GET("/things");
    await perRequestClient({ token: { refreshWindow: { fraction: 0.2 }, negativeCacheMs: 500 } }).GET("/things");
    expect(api.issued()).toBe(1);
    await perRequestClient({ token: { ...timing, negativeCacheMs: 501 } }).GET("/things");
    await perRequestClient({ token: { ...timing, refreshWindow: { fraction: 0.3 } } }).GET("/things");
    await perRequestClient({ token: { ...timing, lockLeaseMs: 5_000 } }).GET("/things");
    expect(api.issued()).toBe(4);
  });
});

describe("resetSharedTokenCaches", () => {
  it("a client built before the reset (module scope) keeps working and starts cold after it", async () => {
    const api = tokenAndApi();
    const moduleLevel = perRequestClient();
    expect((await moduleLevel.GET("/things")).response.status).toBe(200);
    await resetSharedTokenCaches();
    const after = await moduleLevel.GET("/things");
    expect(after.response.status).toBe(200);
    expect(api.issued()).toBe(2);
    expect(api.seen).toEqual(["Bearer token-1", "Bearer token-2"]);
    // A client built after the reset shares nothing with the old cache: it fetches its own token.
    expect((await perRequestClient().GET("/things")).response.status).toBe(200);
    expect(api.issued()).toBe(3);
  });
});

describe("a custom TokenStore", () => {
  /** A plain object store, as a user writes one (no coordination attached). */
  function plainStore() {
    const inner = new InMemoryTokenStore();
    return {
      get: (key: string) => inner.get(key),
      set: (key: string, token: Parameters<InMemoryTokenStore["set"]>[1], ttl: number) => inner.set(key, token, ttl),
      delete: (key: string, expected?: string) => inner.delete(key, expected),
    };
  }

  it("is refused at construction with a message naming the fix, never a value", () => {
    expect(() => perRequestClient({ tokenStore: plainStore() as never })).toThrow(
      expect.objectContaining({
        name: "ClientOptionsError",
        option: "tokenStore",
        message: expect.stringContaining("coordinatedTokenStore(store)"),
      }),
    );
  });

  it("wrapped with coordinatedTokenStore, shares its token between two clients through the store", async () => {
    const api = tokenAndApi();
    const store = coordinatedTokenStore(plainStore());
    await perRequestClient({ tokenStore: store as never, clientSecret: "a" }).GET("/things");
    await resetSharedTokenCaches(); // a second process: nothing in memory, the token comes from the store
    await perRequestClient({ tokenStore: store as never, clientSecret: "a" }).GET("/things");
    expect(api.issued()).toBe(1);
  });
});

describe("resetSharedTokenCaches while a token request is in flight", () => {
  it("the next call is cold: the old request's token is not recorded, and no old failure is replayed", async () => {
    let issued = 0;
    let releaseFirst: () => void = () => undefined;
    const firstAnswered = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const seen: (string | null)[] = [];
    server.use(
      http.post(TOKEN_URL, async () => {
        issued += 1;
        const n = issued;
        if (n === 1) await firstAnswered;
        return HttpResponse.json({ access_token: `token-${n}`, expires_in: 3600 });
      }),
      http.get(`${BASE}/things`, ({ request }) => {
        seen.push(request.headers.get("authorization"));
        return HttpResponse.json({ items: [] });
      }),
    );
    const client = perRequestClient();
    const before = client.GET("/things");
    await vi.advanceTimersByTimeAsync(0);
    await resetSharedTokenCaches();
    releaseFirst();
    expect((await before).response.status).toBe(200); // the waiting call still gets its token
    expect((await client.GET("/things")).response.status).toBe(200);
    expect(issued).toBe(2);
    expect(seen).toEqual(["Bearer token-1", "Bearer token-2"]);
  });
});

describe("disposeClient in a Worker, from another request", () => {
  it("resolves even when aborting the refresh throws (its AbortController belongs to the request that started it)", async () => {
    server.use(http.post(TOKEN_URL, () => new Promise<never>(() => undefined)));
    const client = perRequestClient();
    const call = client.GET("/things");
    call.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    const abort = vi.spyOn(AbortController.prototype, "abort").mockImplementation(() => {
      throw new Error("Cannot perform I/O on behalf of a different request (I/O type: RefcountedCanceler)");
    });
    try {
      await expect(disposeClient(client)).resolves.toBeUndefined();
    } finally {
      abort.mockRestore();
    }
  });
});
