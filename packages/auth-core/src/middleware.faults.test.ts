import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthEvent,
  createAuthMiddleware,
  createClientCredentialsClient,
  createTokenCache,
  createTokenFetcher,
  disposeClient,
  resetSharedTokenCaches,
  TokenRequestError,
} from "./index.js";
import type { ClientEventListener } from "./telemetry/events.js";
import type { paths } from "./testing/api-paths.js";
import { formEndpoint } from "./testing/endpoint.js";

const BASE = "https://api.acme.test/v1";
const TOKEN_URL = "https://auth.acme.test/oauth/token";
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => resetSharedTokenCaches());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen {
  authorization: string | null;
  trace: string | null;
  body: string;
}

/** A token endpoint issuing numbered tokens, and an API accepting the tokens `accept` says yes to. */
function provider(accept: (token: string, path: string) => boolean = () => true) {
  let issued = 0;
  const seen: Seen[] = [];
  server.use(
    http.post(TOKEN_URL, () => {
      issued++;
      return HttpResponse.json({ access_token: `token-${issued}`, expires_in: 3600 });
    }),
    http.all(`${BASE}/*`, async ({ request }) => {
      const authorization = request.headers.get("authorization");
      seen.push({ authorization, trace: request.headers.get("x-trace"), body: await request.text() });
      const token = authorization?.replace(/^Bearer /, "") ?? "";
      if (!accept(token, new URL(request.url).pathname))
        return HttpResponse.json({ error: "unauthorized" }, { status: 401 });
      return HttpResponse.json({ items: [] }, { status: request.method === "POST" ? 201 : 200 });
    }),
  );
  return { seen, issued: () => issued };
}

/** One fetch object for every client, so clients with the same credentials share a cache (as with the default). */
const sharedFetch = (request: Request): Promise<Response> => globalThis.fetch(request);

function newClient(
  options: {
    fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
    onEvent?: (e: AuthEvent) => void;
  } = {},
) {
  return createClientCredentialsClient<paths, unknown>({
    baseUrl: BASE,
    tokenUrl: TOKEN_URL,
    clientId: "client-1",
    clientSecret: "secret-1",
    fetch: options.fetch ?? sharedFetch,
    tuning: options.onEvent ? { onEvent: options.onEvent as ClientEventListener } : {},
    endpoint: formEndpoint(TOKEN_URL, { clientId: "client-1", clientSecret: "secret-1" }) as never,
    publicOperations: [],
  }) as Client<paths>;
}

describe("401 replay goes through the same path as the first attempt", () => {
  it("keeps a later middleware's header changes and openapi-fetch's requestInitExt on the replay", async () => {
    const { seen } = provider((token) => token !== "token-1");
    const inits: (RequestInit | undefined)[] = [];
    const tokenCache = createTokenCache({
      key: "acme|k",
      fetchToken: createTokenFetcher(formEndpoint(TOKEN_URL, { clientId: "client-1", clientSecret: "secret-1" })),
    });
    const auth = createAuthMiddleware({ tokenCache, baseUrl: BASE });
    const dispatcher = { name: "my-dispatcher" };
    const client = createClient<paths>({
      baseUrl: BASE,
      fetch: auth.wrapFetch((request, init) => {
        inits.push(init);
        return globalThis.fetch(request);
      }),
      // openapi-fetch passes this as the second argument of every fetch (e.g. an undici dispatcher).
      requestInitExt: { dispatcher },
    });
    const later: Middleware = {
      onRequest({ request }) {
        request.headers.set("x-trace", "trace-42");
        return undefined;
      },
    };
    client.use(auth, later);
    const body = { name: "replayed ✓", tags: ["a"] };
    const { response } = await client.POST("/things", { body });
    expect(response.status).toBe(201);
    const api = seen.filter((s) => s.authorization !== null);
    expect(api.map((s) => [s.authorization, s.trace])).toEqual([
      ["Bearer token-1", "trace-42"],
      ["Bearer token-2", "trace-42"],
    ]);
    expect(api[1]?.body).toBe(JSON.stringify(body));
    expect(
      inits.filter((init) => (init as { dispatcher?: unknown } | undefined)?.dispatcher === dispatcher),
    ).toHaveLength(2);
  });

  it("holds no clone after a later middleware throws in onResponse or in onRequest", async () => {
    provider((token) => token !== "token-1");
    const tokenCache = createTokenCache({
      key: "acme|k",
      fetchToken: createTokenFetcher(formEndpoint(TOKEN_URL, { clientId: "client-1", clientSecret: "secret-1" })),
    });
    const auth = createAuthMiddleware({ tokenCache, baseUrl: BASE });
    const throwingAfter = createClient<paths>({ baseUrl: BASE, fetch: auth.wrapFetch((r) => globalThis.fetch(r)) });
    throwingAfter.use(auth, {
      onResponse() {
        throw new Error("later middleware failed");
      },
    });
    // A 401 and a replay happen, then the later middleware throws: the clone is already released.
    await expect(throwingAfter.POST("/things", { body: { name: "x", tags: [] } })).rejects.toThrow(
      "later middleware failed",
    );
    expect(auth.pendingReplays).toBe(0);
    const throwingBefore = createClient<paths>({ baseUrl: BASE, fetch: auth.wrapFetch((r) => globalThis.fetch(r)) });
    throwingBefore.use(auth, {
      onRequest() {
        throw new Error("later onRequest failed");
      },
    });
    await expect(throwingBefore.POST("/things", { body: { name: "x", tags: [] } })).rejects.toThrow(
      "later onRequest failed",
    );
    expect(auth.pendingReplays).toBe(0);
  });
});

describe("permission 401s do not thrash the token endpoint", () => {
  it("a path that answers 401 to every token costs one refetch, then none per call", async () => {
    const endpoint = provider((_token, path) => !path.endsWith("/forbidden"));
    const events: AuthEvent[] = [];
    const client = newClient({ onEvent: (event) => events.push(event) });
    expect((await client.GET("/things")).response.status).toBe(200);
    expect(endpoint.issued()).toBe(1);
    for (let call = 0; call < 10; call++) {
      const { response } = await client.GET("/forbidden" as "/things");
      expect(response.status).toBe(401);
    }
    // The first 401 refetched once (token-2 also refused: a permission problem); the next nine cost nothing.
    expect(endpoint.issued()).toBe(2);
    expect(events.filter((e) => e.type === "invalidate" && e.kept === "permission_denied")).toHaveLength(9);
    // The kept token still works where the client has permission.
    expect((await client.GET("/things")).response.status).toBe(200);
    expect(endpoint.issued()).toBe(2);
  });

  it("a storm of concurrent 401s for a revoked token still costs exactly one refetch", async () => {
    let revoked = false;
    const endpoint = provider((token) => !(revoked && token === "token-1"));
    const client = newClient();
    expect((await client.GET("/things")).response.status).toBe(200);
    revoked = true;
    const results = await Promise.all(Array.from({ length: 200 }, () => client.GET("/things")));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(endpoint.issued()).toBe(2);
  });
});

describe("disposeClient", () => {
  it("a disposed client fails with a TokenRequestError; a client sharing its cache keeps working until it is disposed too", async () => {
    const endpoint = provider();
    const first = newClient();
    const second = newClient();
    expect((await first.GET("/things")).response.status).toBe(200);
    expect((await second.GET("/things")).response.status).toBe(200);
    expect(endpoint.issued()).toBe(1); // shared
    await disposeClient(first);
    await disposeClient(first); // idempotent
    expect((await second.GET("/things")).response.status).toBe(200);
    await disposeClient(second);
    const error = await second.GET("/things").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as Error).message).toMatch(/disposed/);
    // A new client after the last one was disposed starts cold.
    expect((await newClient().GET("/things")).response.status).toBe(200);
    expect(endpoint.issued()).toBe(2);
  });
});
