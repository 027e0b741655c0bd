import { HttpResponse, http } from "msw";
import createClient from "openapi-fetch";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  type AuthEvent,
  type AuthMiddleware,
  type ClientFetch,
  createAuthMiddleware,
  createTokenCache,
  RequestAbortedError,
  TokenRequestError,
} from "./index.js";
import type { paths } from "./testing/api-paths.js";
import { countingFetch, manualFetch } from "./testing/fakes.js";
import { mswWithFakeTime } from "./testing/msw-fake-time.js";
import { settle } from "./testing/time.js";

const BASE = "https://api.acme.test/v1";
const KEY = "acme|https://api.acme.test/v1/oauth/token|client-1|sha256:00";
const HOUR = 3_600_000;
const server = mswWithFakeTime();

/** How the middleware is wired: with its fetch wrapper (as the provider clients are), or `client.use` alone. */
type Wiring = "wrapped fetch" | "middleware only";
let wiring: Wiring = "wrapped fetch";

function clientWith(middleware: AuthMiddleware, fetch: ClientFetch = (request) => globalThis.fetch(request)) {
  const client = createClient<paths>({
    baseUrl: BASE,
    fetch: wiring === "wrapped fetch" ? middleware.wrapFetch(fetch) : fetch,
  });
  client.use(middleware);
  return client;
}

function setup(fetchToken = countingFetch(HOUR).fetchToken) {
  const events: AuthEvent[] = [];
  const tokenCache = createTokenCache({ key: KEY, fetchToken, onEvent: (event) => events.push(event) });
  const middleware = createAuthMiddleware({
    tokenCache,
    baseUrl: BASE,
    publicOperations: [{ method: "post", path: "/oauth/token" }],
  });
  const client = clientWith(middleware);
  return { client, middleware, tokenCache, events };
}

/** An API that accepts only the listed bearer tokens and records what it saw. */
function api(accepted: readonly string[]) {
  const seen: { method: string; url: string; authorization: string | null; body: string }[] = [];
  const check = async ({ request }: { request: Request }) => {
    const authorization = request.headers.get("authorization");
    seen.push({ method: request.method, url: request.url, authorization, body: await request.text() });
    const token = authorization?.replace(/^Bearer /, "");
    if (!token || !accepted.includes(token)) return HttpResponse.json({ error: "unauthorized" }, { status: 401 });
    return undefined;
  };
  server.use(
    http.get(`${BASE}/things`, async (info) => (await check(info)) ?? HttpResponse.json({ items: ["a"] })),
    http.post(`${BASE}/things`, async (info) => {
      const denied = await check(info);
      if (denied) return denied;
      return HttpResponse.json({ echoed: JSON.parse(seen.at(-1)?.body ?? "null") }, { status: 201 });
    }),
    http.post(`${BASE}/oauth/token`, async ({ request }) => {
      seen.push({ method: "POST", url: request.url, authorization: request.headers.get("authorization"), body: "" });
      return HttpResponse.json({ access_token: "public", expires_in: 60 });
    }),
    http.get("https://elsewhere.test/v1/things", ({ request }) => {
      seen.push({ method: "GET", url: request.url, authorization: request.headers.get("authorization"), body: "" });
      return HttpResponse.json({ items: [] });
    }),
  );
  return seen;
}

describe.each<Wiring>(["wrapped fetch", "middleware only"])("createAuthMiddleware (%s)", (mode) => {
  beforeEach(() => {
    wiring = mode;
  });

  it("adds the bearer token to requests for the configured origin", async () => {
    const seen = api(["token-1"]);
    const { client } = setup();
    const { data } = await client.GET("/things");
    expect(data).toEqual({ items: ["a"] });
    expect(seen[0]?.authorization).toBe("Bearer token-1");
  });

  it("never sends the token to another origin", async () => {
    const seen = api(["token-1"]);
    const { client } = setup();
    await client.GET("/things", { baseUrl: "https://elsewhere.test/v1" });
    expect(seen[0]).toMatchObject({ url: "https://elsewhere.test/v1/things", authorization: null });
  });

  it("never sends the token on a public operation (the token request)", async () => {
    const seen = api(["token-1"]);
    const fetch = countingFetch();
    const { client } = setup(fetch.fetchToken);
    await client.POST("/oauth/token");
    expect(seen[0]?.authorization).toBeNull();
    expect(fetch.calls()).toBe(0);
  });

  it("replays a 401 once with a new token and the identical JSON body", async () => {
    const seen = api(["token-2"]);
    const { client, middleware, events } = setup();
    const body = { name: "züri ✓", tags: ["x", "y"] };
    const { data, response } = await client.POST("/things", { body });
    expect(response.status).toBe(201);
    expect(data).toEqual({ echoed: body });
    expect(seen.map((request) => request.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(seen[1]?.body).toBe(seen[0]?.body);
    expect(seen[1]?.body).toBe(JSON.stringify(body));
    expect(middleware.pendingReplays).toBe(0);
    expect(events).toContainEqual({
      type: "invalidate",
      credential: "acme:client-1",
      reason: "unauthorized",
      dropped: true,
    });
  });

  it("returns a second 401 as a normal error result, without looping", async () => {
    const seen = api([]);
    const { client, middleware } = setup();
    const result = await client.GET("/things");
    expect(result.error).toEqual({ error: "unauthorized" });
    expect(result.response.status).toBe(401);
    expect(seen).toHaveLength(2);
    expect(middleware.pendingReplays).toBe(0);
  });

  it.runIf(mode === "wrapped fetch")(
    "keeps no clone for bodiless requests and releases clones on success and on network errors",
    async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      server.use(
        http.get(`${BASE}/things`, async () => {
          await gate;
          return HttpResponse.json({ items: [] });
        }),
        http.post(`${BASE}/things`, () => HttpResponse.error()),
      );
      const { client, middleware } = setup();
      const pending = client.GET("/things");
      await vi.advanceTimersByTimeAsync(10);
      expect(middleware.pendingReplays).toBe(0);
      release();
      await pending;
      const failing = client.POST("/things", { body: { name: "n", tags: [] } }).then(
        () => "resolved",
        (error: unknown) => error,
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(await failing).toBeInstanceOf(TypeError);
      expect(middleware.pendingReplays).toBe(0);
      // While a POST is in flight its clone is held, and released once it answers.
      let answer: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        answer = resolve;
      });
      server.use(
        http.post(`${BASE}/things`, async () => {
          await held;
          return HttpResponse.json({ echoed: null }, { status: 201 });
        }),
      );
      const inFlight = client.POST("/things", { body: { name: "n", tags: [] } });
      await vi.advanceTimersByTimeAsync(10);
      expect(middleware.pendingReplays).toBe(1);
      answer();
      await inFlight;
      expect(middleware.pendingReplays).toBe(0);
    },
  );

  it("rejects the call with the TokenRequestError when no token can be had", async () => {
    api(["token-1"]);
    const { client } = setup(async () => {
      throw new TokenRequestError("acme token request failed with HTTP 400: invalid_client", { status: 400 });
    });
    await expect(client.GET("/things")).rejects.toBeInstanceOf(TokenRequestError);
  });

  it("passes the request's AbortSignal to getToken: an aborted call stops waiting (RequestAbortedError), the refresh goes on", async () => {
    api(["t1"]);
    const fetch = manualFetch();
    const { client, tokenCache } = setup(fetch.fetchToken);
    const controller = new AbortController();
    const aborted = client.GET("/things", { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(new Error("user cancelled"));
    const error = await aborted.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ method: "GET", path: "/things", cause: new Error("user cancelled") });
    fetch.pending[0]?.resolve({ accessToken: "t1", expiresInMs: HOUR });
    expect((await tokenCache.getToken()).accessToken).toBe("t1");
    expect(fetch.calls()).toBe(1);
  });

  it("with a warm cache, onRequest sets the token without returning a promise", async () => {
    const { tokenCache, middleware } = setup();
    const first = new Request(`${BASE}/things`);
    const params = (request: Request) =>
      ({ request, schemaPath: "/things", params: {}, id: "1", options: {} }) as Parameters<
        AuthMiddleware["onRequest"]
      >[0];
    const cold = middleware.onRequest(params(first));
    expect(cold).toBeInstanceOf(Promise); // the cache must fetch first
    await cold;
    expect(first.headers.get("authorization")).toBe("Bearer token-1");
    await tokenCache.getToken();
    const warm = new Request(`${BASE}/things`);
    expect(middleware.onRequest(params(warm))).toBeUndefined();
    expect(warm.headers.get("authorization")).toBe("Bearer token-1");
  });

  it("a warm cache still honours an aborted call: it rejects with RequestAbortedError (cause: the caller's reason), sending nothing", async () => {
    const { middleware, tokenCache } = setup();
    await tokenCache.getToken();
    const sent: Request[] = [];
    // A fetch that ignores the signal: only the middleware can stop the call.
    const client = clientWith(middleware, async (request) => {
      sent.push(request);
      return Response.json({ items: [] });
    });
    const controller = new AbortController();
    controller.abort(new Error("user cancelled"));
    const error = await client.GET("/things", { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as RequestAbortedError).cause).toEqual(new Error("user cancelled"));
    expect(sent).toHaveLength(0);
  });

  it("a wrapper that spreads the cache and replaces getToken sees every warm request", async () => {
    api(["token-1"]);
    const { tokenCache } = setup();
    await tokenCache.getToken();
    let calls = 0;
    const wrapped = {
      ...tokenCache,
      getToken: (options?: Parameters<typeof tokenCache.getToken>[0]) => {
        calls++;
        return tokenCache.getToken(options);
      },
    };
    const client = clientWith(createAuthMiddleware({ tokenCache: wrapped, baseUrl: BASE }));
    expect((await client.GET("/things")).response.status).toBe(200);
    expect((await client.GET("/things")).response.status).toBe(200);
    expect(calls).toBe(2);
  });

  it("a token cache without peekToken (a caller's own) authorizes through getToken", async () => {
    const seen = api(["own-token"]);
    const token = { accessToken: "own-token", receivedAt: Date.now(), expiresAt: Date.now() + HOUR };
    const middleware = createAuthMiddleware({
      tokenCache: {
        key: "own",
        getToken: async () => token,
        invalidate: async () => false,
        reportRejected: () => undefined,
        dispose: async () => undefined,
      },
      baseUrl: BASE,
    });
    const { response } = await clientWith(middleware).GET("/things");
    expect(response.status).toBe(200);
    expect(seen.map((request) => request.authorization)).toEqual(["Bearer own-token"]);
  });

  it("1,000 concurrent 401s for one token, arriving staggered over 300 ms, cause exactly one refetch", async () => {
    const fetch = countingFetch(HOUR);
    const tokenCache = createTokenCache({ key: KEY, fetchToken: fetch.fetchToken });
    const middleware = createAuthMiddleware({ tokenCache, baseUrl: BASE });
    let unauthorized = 0;
    let arrival = 0;
    // An in-process API (no msw: 2,000 requests through it would dominate the run time).
    const apiFetch = async (request: Request): Promise<Response> => {
      if (request.headers.get("authorization") === "Bearer token-2") return Response.json({ items: ["ok"] });
      const at = Math.floor((arrival++ * 300) / 1000);
      await new Promise((resolve) => setTimeout(resolve, at));
      unauthorized++;
      return Response.json({ error: "unauthorized" }, { status: 401 });
    };
    const client = clientWith(middleware, apiFetch);
    await tokenCache.getToken(); // warm: token-1 cached
    const calls = Array.from({ length: 1000 }, () => client.GET("/things"));
    const outcome = await settle(Promise.all(calls), 25);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(unauthorized).toBe(1000);
    expect(outcome.value.every((result) => result.response.status === 200)).toBe(true);
    expect(fetch.calls()).toBe(2);
    expect(middleware.pendingReplays).toBe(0);
  }, 180_000);
});
