import type { Middleware } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import {
  type AuthEvent,
  type AuthTuningOptions,
  type CachedToken,
  createAuthMiddleware,
  createTokenCache,
  createTokenFetcher,
  type FetchToken,
  InMemoryTokenStore,
  type ResilienceOptions,
  type TokenCache,
  type TokenEndpoint,
  type TokenOptions,
  TokenRequestError,
  type TokenRequestOptions,
  type TokenStore,
  tokenCacheKey,
} from "./index.js";
import { tokenBody } from "./testing/endpoint.js";

describe("public types", () => {
  it("createTokenFetcher infers the body type from the endpoint schema and returns a FetchToken", () => {
    const endpoint: TokenEndpoint<{ access_token: string; expires_in: number; token_type?: string | undefined }> = {
      provider: "acme",
      send: async () => new Response(),
      successStatus: [200],
      schema: tokenBody,
      toToken: (body) => {
        expectTypeOf(body.access_token).toEqualTypeOf<string>();
        return { accessToken: body.access_token, expiresInMs: body.expires_in * 1000 };
      },
    };
    expectTypeOf(createTokenFetcher(endpoint)).toEqualTypeOf<FetchToken>();
  });

  it("the cache returns CachedToken and invalidate answers whether it dropped the token", () => {
    const cache = createTokenCache({ key: "k", fetchToken: async () => ({ accessToken: "a", expiresInMs: 1 }) });
    expectTypeOf(cache).toExtend<TokenCache>();
    expectTypeOf(cache.getToken).returns.toEqualTypeOf<Promise<CachedToken>>();
    expectTypeOf(cache.invalidate).returns.toEqualTypeOf<Promise<boolean>>();
    // @ts-expect-error key and fetchToken are required
    createTokenCache({ key: "k" });
  });

  it("the middleware is an openapi-fetch Middleware", () => {
    const cache = createTokenCache({ key: "k", fetchToken: async () => ({ accessToken: "a", expiresInMs: 1 }) });
    expectTypeOf(createAuthMiddleware({ tokenCache: cache, baseUrl: "https://x.test" })).toExtend<Middleware>();
  });

  it("TokenRequestError carries the pinned optional fields", () => {
    const error = new TokenRequestError("m", { status: 500 });
    expectTypeOf(error).toExtend<Error>();
    expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(error.code).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>();
    expectTypeOf(error.provider).toEqualTypeOf<string | undefined>();
  });

  it("no member of the event union has a field that could hold a token or a secret", () => {
    expectTypeOf<Extract<AuthEvent, { type: "token_retry" }>>().toHaveProperty("delayMs");
    expectTypeOf<Extract<AuthEvent, { type: "refresh_failure" }>["error"]>().toEqualTypeOf<Error>();
    // Distributes over the union: every member's keys, not only the keys all members share.
    type EventKeys = AuthEvent extends infer E ? (E extends unknown ? keyof E : never) : never;
    expectTypeOf<
      Extract<EventKeys, "accessToken" | "token" | "clientSecret" | "secret" | "authorization">
    >().toEqualTypeOf<never>();
    expectTypeOf<AuthEvent["type"]>().toEqualTypeOf<
      | "cache_hit"
      | "cache_miss"
      | "refresh_start"
      | "refresh_success"
      | "refresh_failure"
      | "invalidate"
      | "refresh_abandoned"
      | "cache_shared"
      | "token_retry"
      | "store_unavailable"
      | "store_recovered"
      | "store_wait"
    >();
  });

  it("InMemoryTokenStore implements TokenStore with a lock; every tuning option is optional", () => {
    expectTypeOf(new InMemoryTokenStore()).toExtend<Required<TokenStore>>();
    // An empty object is valid tuning: no option is required.
    expectTypeOf<Record<never, never>>().toExtend<AuthTuningOptions>();
    expectTypeOf<AuthTuningOptions["token"]>().toEqualTypeOf<TokenOptions | undefined>();
    expectTypeOf<AuthTuningOptions["tokenCacheScope"]>().toEqualTypeOf<"process" | "client" | undefined>();
    expectTypeOf(tokenCacheKey).returns.toEqualTypeOf<string>();
  });

  it("gives the token request and the API calls one vocabulary: the same knob, the same name and type", () => {
    type Shared = "maxRetries" | "timeoutMs" | "baseDelayMs" | "maxDelayMs" | "maxRetryAfterMs";
    expectTypeOf<keyof TokenRequestOptions>().toEqualTypeOf<Shared>();
    expectTypeOf<Pick<ResilienceOptions, Shared>>().toEqualTypeOf<TokenRequestOptions>();
    expectTypeOf<TokenOptions>().toExtend<TokenRequestOptions>();
    // The 0.x names are gone from the tuning options (a leftover is a compile error, not a silent no-op).
    expectTypeOf<AuthTuningOptions>().not.toHaveProperty("retry");
    expectTypeOf<AuthTuningOptions>().not.toHaveProperty("timeoutMs");
    expectTypeOf<AuthTuningOptions>().not.toHaveProperty("refreshWindow");
    expectTypeOf<AuthTuningOptions>().not.toHaveProperty("negativeCacheMs");
    expectTypeOf<AuthTuningOptions>().not.toHaveProperty("lockLeaseMs");
  });
});
