/**
 * The alternatives our auth middleware is measured against. None of this is product code: each
 * baseline reproduces a well-known pattern as plainly as possible so the comparison is fair.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

/** The one API route every benchmark calls (the vendored documents only describe token operations). */
export interface BenchPaths {
  "/v1/items": {
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": { ok: boolean } } };
        401: { headers: Record<string, unknown>; content: { "application/json": unknown } };
      };
    };
  };
}

/** A client the benchmarks drive. */
export type BenchClient = Client<BenchPaths>;

/** Token path of the bench server's seconds-based dialect (Duro's). */
export const TOKEN_PATH = "/v1/oauth/token";

/** Fetches one token from the bench server (client credentials in the body, no Authorization header). */
export async function requestToken(
  baseUrl: string,
  fetchImpl: typeof fetch,
): Promise<{ accessToken: string; expiresAt: number }> {
  const response = await fetchImpl(`${baseUrl}${TOKEN_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", client_id: "cid_bench", client_secret: "bench" }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const body = (await response.json()) as { access_token: string; expires_in: number };
  return { accessToken: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}

/** (a) Plain openapi-fetch with a static Authorization header: the floor every variant is compared to. */
export function createStaticClient(baseUrl: string, fetchImpl: typeof fetch = globalThis.fetch): BenchClient {
  return createClient<BenchPaths>({ baseUrl, fetch: fetchImpl, headers: { Authorization: "Bearer static-token" } });
}

/**
 * (b) The token middleware from openapi-fetch's "Middleware & Auth" docs: one variable holds the
 * token; a request that finds it empty fetches one. No single-flight, no expiry, no refresh, no 401 handling.
 */
export function createNaiveClient(baseUrl: string, fetchImpl: typeof fetch = globalThis.fetch): BenchClient {
  let accessToken: string | undefined;
  const middleware: Middleware = {
    async onRequest({ request }) {
      if (!accessToken) {
        const fetched = await requestToken(baseUrl, fetchImpl);
        accessToken = fetched.accessToken;
      }
      request.headers.set("Authorization", `Bearer ${accessToken}`);
      return request;
    },
  };
  const client = createClient<BenchPaths>({ baseUrl, fetch: fetchImpl });
  client.use(middleware);
  return client;
}

/** How a hand-rolled cache behaves; the combinations model the SDK patterns we compare against. */
export interface BaselineCacheOptions {
  /** Share one in-flight token request between concurrent callers. */
  singleFlight: boolean;
  /** Refresh this many ms before expiry (synchronously: callers wait). */
  leewayMs: number;
}

/** A hand-rolled token cache whose `invalidate()` always drops the current token (no compare). */
interface BaselineCache {
  getToken(): Promise<string>;
  invalidate(): void;
}

function createBaselineCache(baseUrl: string, fetchImpl: typeof fetch, options: BaselineCacheOptions): BaselineCache {
  let current: { accessToken: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const refresh = async (): Promise<string> => {
    current = await requestToken(baseUrl, fetchImpl);
    return current.accessToken;
  };
  return {
    getToken() {
      if (current && current.expiresAt - options.leewayMs > Date.now()) return Promise.resolve(current.accessToken);
      if (!options.singleFlight) return refresh();
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate() {
      current = undefined;
    },
  };
}

/**
 * A client whose middleware caches the token; on a 401 it invalidates unconditionally and replays once.
 * `singleFlight: false` is what Speakeasy's client-credentials hook does (a session map checked
 * before each request, filled by whoever finds it empty); `singleFlight: true` isolates the
 * effect of compare-and-invalidate in the 401 storm.
 */
export function createBaselineCacheClient(
  baseUrl: string,
  options: BaselineCacheOptions,
  fetchImpl: typeof fetch = globalThis.fetch,
): BenchClient {
  const cache = createBaselineCache(baseUrl, fetchImpl, options);
  const middleware: Middleware = {
    async onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${await cache.getToken()}`);
      return request;
    },
    async onResponse({ request, response }) {
      if (response.status !== 401) return response;
      await response.body?.cancel();
      cache.invalidate();
      const retry = new Request(request);
      retry.headers.set("Authorization", `Bearer ${await cache.getToken()}`);
      return fetchImpl(retry);
    },
  };
  const client = createClient<BenchPaths>({ baseUrl, fetch: fetchImpl });
  client.use(middleware);
  return client;
}

/** One GET of the bench route through a client; true on a 2xx. */
export async function callItems(client: BenchClient): Promise<boolean> {
  const { response } = await client.GET("/v1/items");
  return response.ok;
}
