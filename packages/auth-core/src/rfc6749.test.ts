import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOidcProvider, quietProviderSettings } from "../../../scripts/lib/testing/oidc-provider.ts";
import { type ClientCredentialsEndpointOptions, createClientCredentialsEndpoint, parseOAuth2Error } from "./rfc6749.js";

// A real OAuth 2 authorization server (oidc-provider) on 127.0.0.1, with the client_credentials grant
// enabled for one client per authentication method.
const BASIC = { client_id: "basic-client", client_secret: "basic secret:with/odd+chars" };
const POST = { client_id: "post-client", client_secret: "post-secret" };

let server: Server;
let provider: Provider;
let tokenUrl: string;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const OidcProvider = await importOidcProvider();
  provider = new OidcProvider(issuer, {
    ...quietProviderSettings(),
    clients: [
      {
        ...BASIC,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: "client_secret_basic",
        scope: "api:read api:write",
      },
      {
        ...POST,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: "client_secret_post",
        scope: "api:read",
      },
    ],
    scopes: ["api:read", "api:write"],
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
    ttl: { ClientCredentials: 600 },
    routes: { token: "/oauth2/token" },
  });
  server.on("request", provider.callback());
  tokenUrl = `${issuer}/oauth2/token`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function endpoint(options: Partial<ClientCredentialsEndpointOptions> & { client: typeof BASIC }) {
  const { client, ...rest } = options;
  return createClientCredentialsEndpoint({
    provider: "oidc",
    tokenUrl,
    clientId: client.client_id,
    clientSecret: client.client_secret,
    ...rest,
  });
}

async function request(options: Parameters<typeof endpoint>[0]) {
  const tokenEndpoint = endpoint(options);
  const response = await tokenEndpoint.send({ signal: AbortSignal.timeout(10_000) });
  const body: unknown = await response.json();
  return { tokenEndpoint, response, body };
}

describe("createClientCredentialsEndpoint against oidc-provider", () => {
  it("obtains a real token with client_secret_basic (the default), url-encoding the credentials", async () => {
    const { tokenEndpoint, response, body } = await request({ client: BASIC, scope: ["api:read", "api:write"] });
    expect(response.status).toBe(200);
    expect(tokenEndpoint.successStatus).toContain(response.status);
    const parsed = tokenEndpoint.schema.safeParse(body);
    if (!parsed.success) throw new Error("schema rejected a valid token response");
    const token = tokenEndpoint.toToken(parsed.data);
    expect(token.tokenType).toBe("Bearer");
    expect(token.expiresInMs).toBe(600_000);
    const stored = await provider.ClientCredentials.find(token.accessToken);
    expect(stored?.clientId).toBe(BASIC.client_id);
    expect(stored?.scope).toBe("api:read api:write");
  });

  it("obtains a real token with client_secret_post and no scope", async () => {
    const { response, body } = await request({ client: POST, authMethod: "client_secret_post" });
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 600 });
    const stored = await provider.ClientCredentials.find((body as { access_token: string }).access_token);
    expect(stored?.clientId).toBe(POST.client_id);
  });

  it("reads invalid_client for a wrong secret (RFC 6749 section 5.2)", async () => {
    const { tokenEndpoint, response, body } = await request({
      client: { ...BASIC, client_secret: "wrong" },
    });
    expect(response.status).toBe(401);
    expect(tokenEndpoint.parseError?.(body, response)).toMatchObject({
      code: "invalid_client",
      message: expect.any(String),
    });
  });

  it("reads invalid_client for an unknown client sent with client_secret_post", async () => {
    const { tokenEndpoint, response, body } = await request({
      client: { client_id: "nobody", client_secret: "x" },
      authMethod: "client_secret_post",
    });
    expect(response.status).toBe(401);
    expect(tokenEndpoint.parseError?.(body, response).code).toBe("invalid_client");
  });

  it("reads invalid_scope for a scope the client may not request", async () => {
    const { tokenEndpoint, response, body } = await request({
      client: POST,
      authMethod: "client_secret_post",
      scope: "api:write",
    });
    expect(response.status).toBe(400);
    expect(tokenEndpoint.parseError?.(body, response).code).toBe("invalid_scope");
  });
});

describe("createClientCredentialsEndpoint request shape", () => {
  async function capture(options: Partial<ClientCredentialsEndpointOptions>) {
    let seen: Request | undefined;
    const tokenEndpoint = createClientCredentialsEndpoint({
      provider: "acme",
      tokenUrl: "https://auth.example.test/token",
      clientId: "id",
      clientSecret: "s3cr3t",
      fetch: async (input, init) => {
        seen = new Request(input, init);
        return new Response("{}", { status: 200 });
      },
      ...options,
    });
    await tokenEndpoint.send({ signal: new AbortController().signal });
    if (!seen) throw new Error("fetch was not called");
    return { request: seen, form: new URLSearchParams(await seen.text()) };
  }

  it("posts a form with grant_type, scope and extra params, secret in the body only for client_secret_post", async () => {
    const { request, form } = await capture({
      authMethod: "client_secret_post",
      scope: " a b ",
      extraParams: { audience: "api" },
    });
    expect(request.method).toBe("POST");
    expect(request.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(request.headers.get("authorization")).toBeNull();
    expect(Object.fromEntries(form)).toEqual({
      grant_type: "client_credentials",
      scope: "a b",
      audience: "api",
      client_id: "id",
      client_secret: "s3cr3t",
    });
  });

  it("keeps the secret out of the body with client_secret_basic", async () => {
    const { request, form } = await capture({});
    expect(request.headers.get("authorization")).toBe(`Basic ${btoa("id:s3cr3t")}`);
    expect(form.has("client_secret")).toBe(false);
    expect(form.has("scope")).toBe(false);
  });

  it("rejects a reserved extra parameter and a missing secret at construction", () => {
    const base = { provider: "acme", tokenUrl: "https://auth.example.test/token", clientId: "id" };
    expect(() => createClientCredentialsEndpoint({ ...base, clientSecret: "" })).toThrow(/clientSecret is required/);
    expect(() =>
      createClientCredentialsEndpoint({ ...base, clientSecret: "x", extraParams: { client_secret: "y" } }),
    ).toThrow(/may not set "client_secret"/);
  });

  it("requires expires_in unless a default lifetime is configured, and only accepts Bearer tokens", () => {
    const base = { provider: "acme", tokenUrl: "https://auth.example.test/token", clientId: "id", clientSecret: "x" };
    const strict = createClientCredentialsEndpoint(base);
    const lenient = createClientCredentialsEndpoint({ ...base, defaultExpiresInSeconds: 300 });
    const body = { access_token: "t", token_type: "bearer" };
    expect(strict.schema.safeParse(body).success).toBe(false);
    const ok = lenient.schema.safeParse(body);
    if (!ok.success) throw new Error("lenient schema rejected a body without expires_in");
    expect(lenient.toToken(ok.data).expiresInMs).toBe(300_000);
    expect(lenient.schema.safeParse({ ...body, token_type: "mac" }).success).toBe(false);
  });
});

describe("parseOAuth2Error", () => {
  it("maps error and error_description and picks up a request id header", () => {
    const response = new Response(null, { status: 400, headers: { "x-request-id": "req-1" } });
    expect(parseOAuth2Error({ error: "invalid_scope", error_description: "nope" }, response)).toEqual({
      code: "invalid_scope",
      message: "nope",
      requestId: "req-1",
    });
  });

  it("falls back to a short text message for non-JSON bodies", () => {
    expect(parseOAuth2Error("  Bad Gateway  ")).toEqual({ message: "Bad Gateway" });
    expect(parseOAuth2Error(null)).toEqual({});
  });
});
