import { inspect } from "node:util";
import fc from "fast-check";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import createClient from "openapi-fetch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type AuthEvent,
  createAuthMiddleware,
  createTokenCache,
  createTokenFetcher,
  InMemoryTokenStore,
  TokenRequestError,
  tokenCacheKey,
} from "./index.js";
import type { paths } from "./testing/api-paths.js";
import { formEndpoint } from "./testing/endpoint.js";

const TOKEN_URL = "https://auth.acme.test/oauth/token";
const BASE = "https://api.acme.test/v1";
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Random credential-like values, long enough that they cannot occur in our own wording by chance. */
const credential = fc.stringMatching(/^[A-Za-z0-9_~.+/=-]{16,48}$/);

/** Every way an object of ours can be shown: String(), util.inspect, JSON.stringify, message and stack. */
function renderings(value: unknown): string[] {
  const shown = [String(value), inspect(value, { depth: 10, showHidden: false }), JSON.stringify(value) ?? ""];
  if (value instanceof Error) shown.push(value.message, value.stack ?? "");
  return shown;
}

type Fault = "echo-secret-400" | "token-in-wrong-field" | "token-with-bad-lifetime" | "html-with-token" | "ok-then-401";

describe("redaction (fast-check): no secret or token in any error, event, String(), inspect or JSON", () => {
  it("holds for random secrets and tokens across every failure path", async () => {
    await fc.assert(
      fc.asyncProperty(
        credential,
        credential,
        fc.constantFrom<Fault>(
          "echo-secret-400",
          "token-in-wrong-field",
          "token-with-bad-lifetime",
          "html-with-token",
          "ok-then-401",
        ),
        async (secret, token, fault) => {
          fc.pre(!secret.includes(token) && !token.includes(secret));
          server.use(
            http.post(TOKEN_URL, () => {
              switch (fault) {
                case "echo-secret-400":
                  return HttpResponse.json(
                    { error: "invalid_client", error_description: `client_secret ${secret} is not valid` },
                    { status: 400 },
                  );
                case "token-in-wrong-field":
                  return HttpResponse.json({ access_token: { value: token }, expires_in: 3600 });
                case "token-with-bad-lifetime":
                  return HttpResponse.json({ access_token: token, expires_in: -1 });
                case "html-with-token":
                  return new HttpResponse(`<html>${token}</html>`, { headers: { "content-type": "text/html" } });
                case "ok-then-401":
                  return HttpResponse.json({ access_token: token, expires_in: 3600 });
              }
            }),
            http.get(`${BASE}/things`, () => HttpResponse.json({ error: "unauthorized" }, { status: 401 })),
          );
          const events: AuthEvent[] = [];
          const onEvent = (event: AuthEvent) => events.push(event);
          const key = tokenCacheKey({
            provider: "acme",
            tokenUrl: TOKEN_URL,
            clientId: "client-1",
            clientSecret: secret,
          });
          const endpoint = formEndpoint(TOKEN_URL, { clientId: "client-1", clientSecret: secret });
          const fetchToken = createTokenFetcher(endpoint, { retry: { maxAttempts: 1 }, onEvent, key });
          const store = new InMemoryTokenStore();
          const tokenCache = createTokenCache({ key, fetchToken, store, onEvent });
          const middleware = createAuthMiddleware({ tokenCache, baseUrl: BASE, onEvent });
          const client = createClient<paths>({ baseUrl: BASE });
          client.use(middleware);

          const shown: unknown[] = [key, events, tokenCache, store, middleware];
          const outcome = await client.GET("/things").catch((error: unknown) => error);
          if (fault === "ok-then-401") {
            expect(outcome).toMatchObject({ response: { status: 401 } });
          } else {
            expect(outcome).toBeInstanceOf(TokenRequestError);
            shown.push(outcome);
          }
          for (const event of events) if ("error" in event) shown.push(event.error);

          for (const value of shown) {
            for (const text of renderings(value)) {
              expect(text).not.toContain(secret);
              expect(text).not.toContain(token);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe("TokenRequestError rendering", () => {
  it("shows its safe fields and reduces the cause to name and message", () => {
    const error = new TokenRequestError("acme token request failed with HTTP 429", {
      status: 429,
      provider: "acme",
      code: "slow_down",
      requestId: "rq-1",
      retryAfterMs: 2000,
      retryable: true,
      cause: Object.assign(new Error("socket hang up"), { config: { headers: { authorization: "Bearer leak" } } }),
    });
    expect(error.name).toBe("TokenRequestError");
    expect(String(error)).toBe("TokenRequestError: acme token request failed with HTTP 429");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "TokenRequestError",
      message: "acme token request failed with HTTP 429",
      status: 429,
      provider: "acme",
      code: "slow_down",
      requestId: "rq-1",
      retryAfterMs: 2000,
      retryable: true,
      cause: { name: "Error", message: "socket hang up" },
    });
    expect(inspect(error)).toContain("slow_down");
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain("leak");
    expect((error.cause as Error).message).toBe("socket hang up");
  });
});
