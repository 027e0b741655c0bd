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
  type RetryOptions,
  type TokenCache,
  type TokenEndpoint,
  TokenRequestError,
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

  it("events are a discriminated union without token fields", () => {
    expectTypeOf<Extract<AuthEvent, { type: "retry" }>>().toHaveProperty("delayMs");
    expectTypeOf<Extract<AuthEvent, { type: "refresh_failure" }>["error"]>().toEqualTypeOf<Error>();
    expectTypeOf<AuthEvent>().not.toHaveProperty("accessToken");
  });

  it("InMemoryTokenStore implements TokenStore with a lock; tuning options are all optional", () => {
    expectTypeOf(new InMemoryTokenStore()).toExtend<Required<TokenStore>>();
    expectTypeOf<AuthTuningOptions>().toExtend<Partial<AuthTuningOptions>>();
    expectTypeOf<AuthTuningOptions["retry"]>().toEqualTypeOf<RetryOptions | undefined>();
    expectTypeOf(tokenCacheKey).returns.toEqualTypeOf<string>();
  });
});
