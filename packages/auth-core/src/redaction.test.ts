import { inspect } from "node:util";
import fc from "fast-check";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createClientCredentialsClient,
  createClientCredentialsEndpoint,
  type TokenEndpoint,
  TokenRequestError,
} from "./index.js";
import { sha256Hex } from "./sha256.js";
import type { ClientEvent } from "./telemetry/events.js";
import type { paths } from "./testing/api-paths.js";
import { formEndpoint, type TokenBody } from "./testing/endpoint.js";

const TOKEN_URL = "https://auth.acme.test/oauth/token";
const BASE = "https://api.acme.test/v1";
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Random credential-like values (URL-, JSON- and Base64-significant characters included). */
const credential = fc.stringMatching(/^[A-Za-z0-9_~.+/="\\ -]{16,48}$/);

/** Every way an error or event can be shown: String(), util.inspect (hidden fields too), JSON, message, stack, cause. */
function renderings(value: unknown): string[] {
  const shown = [String(value), inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? ""];
  if (value instanceof Error) {
    shown.push(value.message, value.stack ?? "");
    if (value.cause !== undefined) shown.push(...renderings(value.cause));
  }
  return shown;
}

type Fault =
  | "echo-secret-description"
  | "echo-url-encoded-secret"
  | "echo-json-escaped-secret"
  | "echo-basic-credential"
  | "echo-secret-in-code-and-request-id"
  | "secret-across-the-300-char-cut"
  | "token-in-wrong-field"
  | "token-with-bad-lifetime"
  | "html-with-token"
  | "ok-then-401";

const faults: Fault[] = [
  "echo-secret-description",
  "echo-url-encoded-secret",
  "echo-json-escaped-secret",
  "echo-basic-credential",
  "echo-secret-in-code-and-request-id",
  "secret-across-the-300-char-cut",
  "token-in-wrong-field",
  "token-with-bad-lifetime",
  "html-with-token",
  "ok-then-401",
];

function tokenReply(fault: Fault, clientId: string, secret: string, token: string): Response {
  const basic = btoa(
    `${new URLSearchParams({ v: clientId }).toString().slice(2)}:${new URLSearchParams({ v: secret }).toString().slice(2)}`,
  );
  const oauthError = (description: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    HttpResponse.json({ error: "invalid_client", error_description: description, ...extra }, { status: 400, headers });
  switch (fault) {
    case "echo-secret-description":
      return oauthError(`client_secret ${secret} is not valid`);
    case "echo-url-encoded-secret":
      return oauthError(`body was client_secret=${new URLSearchParams({ v: secret }).toString().slice(2)}`);
    case "echo-json-escaped-secret":
      return oauthError(`got ${JSON.stringify({ client_secret: secret })}`);
    case "echo-basic-credential":
      return oauthError(`Authorization: Basic ${basic} rejected`);
    case "echo-secret-in-code-and-request-id":
      return HttpResponse.json(
        { error: `bad_${secret}`, error_description: "no", request_id: secret },
        { status: 400, headers: { "x-request-id": secret } },
      );
    case "secret-across-the-300-char-cut":
      return oauthError(`${"x".repeat(300 - Math.floor(secret.length / 2))}${secret} trailing`);
    case "token-in-wrong-field":
      return HttpResponse.json({ access_token: { value: token }, token_type: "Bearer", expires_in: 3600 });
    case "token-with-bad-lifetime":
      return HttpResponse.json({ access_token: token, token_type: "Bearer", expires_in: -1 });
    case "html-with-token":
      return new HttpResponse(`<html>${token}</html>`, { headers: { "content-type": "text/html" } });
    case "ok-then-401":
      return HttpResponse.json({ access_token: token, token_type: "Bearer", expires_in: 3600 });
  }
}

type EndpointKind = "rfc6749-basic" | "rfc6749-post" | "dialect-without-redact-list";

function endpointOf(kind: EndpointKind, clientId: string, clientSecret: string): TokenEndpoint<unknown> {
  if (kind === "dialect-without-redact-list") {
    // A dialect that forgot to opt in: the shared client path must scrub the secret anyway.
    const { redact: _omitted, ...endpoint } = formEndpoint(TOKEN_URL, { clientId, clientSecret });
    return endpoint as TokenEndpoint<TokenBody> as TokenEndpoint<unknown>;
  }
  return createClientCredentialsEndpoint({
    provider: "acme",
    tokenUrl: TOKEN_URL,
    clientId,
    clientSecret,
    authMethod: kind === "rfc6749-basic" ? "client_secret_basic" : "client_secret_post",
  }) as TokenEndpoint<unknown>;
}

describe("redaction through the shared client path (fast-check)", () => {
  it("no secret or token in any error, event, String(), inspect or JSON: RFC 6749 (both auth methods) and a dialect with no redact list", async () => {
    await fc.assert(
      fc.asyncProperty(
        credential,
        credential,
        fc.constantFrom<EndpointKind>("rfc6749-basic", "rfc6749-post", "dialect-without-redact-list"),
        fc.constantFrom(...faults),
        async (secret, token, kind, fault) => {
          fc.pre(!secret.includes(token) && !token.includes(secret) && secret.trim().length > 0);
          const clientId = "client-1";
          server.use(
            http.post(TOKEN_URL, () => tokenReply(fault, clientId, secret, token)),
            http.get(`${BASE}/things`, () => HttpResponse.json({ error: "unauthorized" }, { status: 401 })),
          );
          const events: ClientEvent[] = [];
          const lines: string[] = [];
          const line = (message: string) => lines.push(message);
          const logger = { debug: line, info: line, warn: line, error: line };
          const client = createClientCredentialsClient<paths, unknown>({
            baseUrl: BASE,
            tokenUrl: TOKEN_URL,
            clientId,
            clientSecret: secret,
            fetch: (request) => fetch(request),
            tuning: {
              token: { maxRetries: 0 },
              onEvent: (event) => events.push(event),
              tokenCacheScope: "client",
              logger,
              logLevel: "debug",
            },
            endpoint: endpointOf(kind, clientId, secret),
            publicOperations: [],
          });

          const outcome = await client.GET("/things").catch((error: unknown) => error);
          const shown: unknown[] = [events, lines];
          // Every kind of step this call takes is reported and logged (so the check below sees them).
          expect(events.some((event) => event.type === "api_attempt") || fault !== "ok-then-401").toBe(true);
          expect(lines.length).toBeGreaterThan(0);
          if (fault === "ok-then-401") {
            expect(outcome).toMatchObject({ response: { status: 401 } });
          } else {
            expect(outcome).toBeInstanceOf(TokenRequestError);
            shown.push(outcome);
          }
          for (const event of events) if ("error" in event) shown.push(event.error);
          const secretHash = sha256Hex(secret);
          const basic = btoa(
            `${new URLSearchParams({ v: clientId }).toString().slice(2)}:${new URLSearchParams({ v: secret }).toString().slice(2)}`,
          );
          for (const value of shown) {
            for (const text of renderings(value)) {
              expect(text).not.toContain(secret);
              expect(text).not.toContain(basic);
              expect(text).not.toContain(token);
              // Nor the secret's hash, which a guessed secret could be tested against.
              expect(text).not.toContain(secretHash);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it("scrubs an encoded form of a secret with surrounding spaces that a header echoes trimmed", async () => {
    const secret = ' sp\\ace"d\\ ';
    const jsonEscaped = JSON.stringify(secret).slice(1, -1);
    server.use(
      http.post(TOKEN_URL, () =>
        // Headers trim the value: the server's echo arrives as the trimmed JSON-escaped secret.
        HttpResponse.json({ error: "invalid_client" }, { status: 400, headers: { "x-request-id": jsonEscaped } }),
      ),
    );
    const client = createClientCredentialsClient<paths, unknown>({
      baseUrl: BASE,
      tokenUrl: TOKEN_URL,
      clientId: "c",
      clientSecret: secret,
      fetch: (request) => fetch(request),
      tuning: { tokenCacheScope: "client", token: { maxRetries: 0 } },
      endpoint: endpointOf("rfc6749-post", "c", secret),
      publicOperations: [],
    });
    const error = await client.GET("/things").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    for (const text of renderings(error)) expect(text).not.toContain(jsonEscaped.trim());
    expect((error as TokenRequestError).requestId).toBe("***");
  });

  it("the error still says what the server said, with the secret as ***", async () => {
    server.use(
      http.post(TOKEN_URL, () =>
        HttpResponse.json(
          { error: "invalid_client", error_description: "secret hunter2-abc is wrong" },
          { status: 401 },
        ),
      ),
    );
    const client = createClientCredentialsClient<paths, unknown>({
      baseUrl: BASE,
      tokenUrl: TOKEN_URL,
      clientId: "c",
      clientSecret: "hunter2-abc",
      fetch: (request) => fetch(request),
      tuning: { tokenCacheScope: "client" },
      endpoint: endpointOf("dialect-without-redact-list", "c", "hunter2-abc"),
      publicOperations: [],
    });
    const error = await client.GET("/things").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as Error).message).toBe(
      `acme token request failed with HTTP 401: invalid_client - secret *** is wrong (token URL ${TOKEN_URL})`,
    );
  });
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
