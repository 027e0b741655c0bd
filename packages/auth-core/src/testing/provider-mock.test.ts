import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClientCredentialsEndpoint } from "../rfc6749.js";
import { createProviderMock, defineProviderMock } from "./provider-mock.js";
import { rfc6749MockDialect } from "./rfc6749-mock.js";
import { createTokenMock, type TokenMockOptions } from "./token-mock.js";

const BASE = "https://acme.api.test";
const acme = defineProviderMock({
  provider: "acme",
  tokenPath: "/oauth2/token",
  defaultBaseUrl: BASE,
  apiFaults: { idempotencyHeader: "Idempotency-Key" },
  createTokenMock: (options?: TokenMockOptions) =>
    createTokenMock(rfc6749MockDialect({ provider: "acme", tokenPath: "/oauth2/token" }), options),
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function endpoint(authMethod: "client_secret_basic" | "client_secret_post", clientSecret = "s3cret") {
  return createClientCredentialsEndpoint({
    provider: "acme",
    tokenUrl: `${BASE}/oauth2/token`,
    clientId: "acme id",
    clientSecret,
    authMethod,
  });
}

async function tokenFrom(authMethod: "client_secret_basic" | "client_secret_post", clientSecret?: string) {
  const response = await endpoint(authMethod, clientSecret).send({ signal: new AbortController().signal });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("createProviderMock on the RFC 6749 mock dialect", () => {
  it("issues tokens to auth-core's RFC 6749 endpoint with Basic and with form credentials, checking both", async () => {
    const mock = createProviderMock(acme, { clientId: "acme id", clientSecret: "s3cret" });
    server.use(...mock.handlers);
    const basic = await tokenFrom("client_secret_basic");
    expect(basic).toMatchObject({ status: 200, body: { token_type: "Bearer", expires_in: 3600 } });
    expect((await tokenFrom("client_secret_post")).status).toBe(200);
    const wrong = await tokenFrom("client_secret_basic", "nope");
    expect(wrong).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(mock.stats).toMatchObject({ tokenRequests: 3, tokensIssued: 2 });
    expect(mock.lastTokenRequest?.headers.authorization).toMatch(/^Basic /);
  });

  it("answers the echo API only with an issued token, and replays a repeated idempotency key", async () => {
    const mock = createProviderMock(acme, { echoApi: true });
    server.use(...mock.handlers);
    expect((await fetch(`${BASE}/v1/things`)).status).toBe(401);
    const { body } = await tokenFrom("client_secret_basic");
    const post = () =>
      fetch(`${BASE}/v1/things?x=1`, {
        method: "POST",
        headers: { authorization: `Bearer ${String(body.access_token)}`, "idempotency-key": "k1" },
        body: JSON.stringify({ n: 1 }),
      });
    const first = await post();
    expect(await first.json()).toEqual({ method: "POST", path: "/v1/things", query: { x: "1" }, body: { n: 1 } });
    expect((await post()).status).toBe(200);
    expect(mock.api.executions("k1")).toBe(1);
    expect(mock.stats.unauthorized).toBe(1);
  });

  it("listens on another base URL when asked, and keeps the token mock's live counters", async () => {
    const mock = createProviderMock(acme, { baseUrl: "http://127.0.0.1:9/prefix/" });
    server.use(...mock.handlers);
    const response = await fetch("http://127.0.0.1:9/prefix/oauth2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=a&client_secret=b",
    });
    expect(response.status).toBe(200);
    expect(mock.stats.tokensIssued).toBe(1);
    const refused = await fetch("http://127.0.0.1:9/prefix/oauth2/token", {
      method: "POST",
      body: "grant_type=password&client_id=a&client_secret=b",
    });
    expect(await refused.json()).toMatchObject({ error: "unsupported_grant_type" });
  });
});
