import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import type { Client } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../scripts/lib/emulator/server.ts";
import { createTurrisClient, resetSharedTokenCaches, TURRIS_ENVIRONMENTS } from "./index.js";
import { createTurrisMock } from "./testing.js";

const credentials = { clientId: "m2m-client-abc123", clientSecret: "turris-secret-value" };

type EchoPaths = {
  "/v1/echo": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: Record<string, unknown>; content: { "application/json": { path: string } } } };
    };
  };
};
const echo = (client: unknown) => (client as Client<EchoPaths>).GET("/v1/echo");

// Clients with the same credentials share one token per process: every test starts cold.
beforeEach(() => resetSharedTokenCaches());

describe("Turris quirks over msw", () => {
  const sandbox = createTurrisMock({ baseUrl: TURRIS_ENVIRONMENTS.sandbox, echoApi: true });
  const production = createTurrisMock({ echoApi: true, restrictedAccessTokens: ["rat-static-1"] });
  const seenElsewhere: (string | null)[] = [];
  const server = setupServer(
    ...sandbox.handlers,
    ...production.handlers,
    http.get("https://elsewhere.test/*", ({ request }) => {
      seenElsewhere.push(request.headers.get("x-restricted-access-token"));
      return HttpResponse.json({ path: "/elsewhere" });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    sandbox.reset();
    production.reset();
    sandbox.configure({ includeStatusCode: true });
  });
  afterAll(() => server.close());

  for (const includeStatusCode of [true, false]) {
    it(`accepts the 201 data envelope ${includeStatusCode ? "with" : "without"} an extra statusCode`, async () => {
      sandbox.configure({ includeStatusCode });
      const client = createTurrisClient({ ...credentials, environment: "sandbox" });
      const { response } = await echo(client);
      expect(response.status).toBe(200);
      expect(sandbox.stats.tokenRequests).toBe(1);
      expect(production.stats.tokenRequests).toBe(0);
    });
  }

  it("defaults to the production server from the spec", async () => {
    const { response } = await echo(createTurrisClient(credentials));
    expect(response.status).toBe(200);
    expect(production.stats.tokenRequests).toBe(1);
  });

  it("sends restrictedAccessToken as x-restricted-access-token, asks for no token, and keeps it on its origin", async () => {
    const client = createTurrisClient({ restrictedAccessToken: "rat-static-1" });
    const { response } = await echo(client);
    expect(response.status).toBe(200);
    expect(production.stats.tokenRequests).toBe(0);
    await (client as unknown as Client<EchoPaths>).GET("/v1/echo", { baseUrl: "https://elsewhere.test" });
    expect(seenElsewhere).toEqual([null]);
  });

  it("accepts the token exchange's knobs beside restrictedAccessToken, which change nothing (no token request)", async () => {
    const client = createTurrisClient({
      restrictedAccessToken: "rat-static-1",
      token: { maxRetries: 0, timeoutMs: 1 },
    });
    expect((await echo(client)).response.status).toBe(200);
    expect(production.stats.tokenRequests + sandbox.stats.tokenRequests).toBe(0);
  });

  it("reports the token rate limit (10 a minute) as a 429 with X-RateLimit headers and no Retry-After", async () => {
    const mock = createTurrisMock({ clock: { now: () => 1_700_000_000_000 } });
    const replies = Array.from({ length: 11 }, () =>
      mock.tokenRequest({ headers: new Headers(), body: { clientId: "a", clientSecret: "b" } }),
    );
    expect(replies.slice(0, 10).every((reply) => reply.status === 201)).toBe(true);
    const limited = replies[10];
    expect(limited?.status).toBe(429);
    expect(limited?.headers["x-ratelimit-remaining"]).toBe("0");
    expect(limited?.headers["x-ratelimit-reset"]).toBe(String(1_700_000_000 + 60));
    expect(limited?.headers["retry-after"]).toBeUndefined();
    expect(mock.stats.rateLimited).toBe(1);
  });
});

describe("Turris quirks over a real HTTP server (emulator)", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ mockOptions: { turris: { restrictedAccessTokens: ["rat-static-2"] } } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  for (const includeStatusCode of [true, false]) {
    it(`accepts the 201 data envelope ${includeStatusCode ? "with" : "without"} an extra statusCode`, async () => {
      emulator.reset("turris");
      emulator.configure({ provider: "turris", mockConfig: { includeStatusCode } });
      const client = createTurrisClient({ ...credentials, baseUrl: emulator.baseUrl("turris") });
      expect((await echo(client)).response.status).toBe(200);
      expect(emulator.statsOf("turris").tokenRequests).toBe(1);
    });
  }

  it("authenticates with a restricted access token without any token request", async () => {
    emulator.reset("turris");
    const client = createTurrisClient({ restrictedAccessToken: "rat-static-2", baseUrl: emulator.baseUrl("turris") });
    expect((await echo(client)).response.status).toBe(200);
    expect(emulator.statsOf("turris").tokenRequests).toBe(0);
    const wrong = createTurrisClient({ restrictedAccessToken: "rat-wrong", baseUrl: emulator.baseUrl("turris") });
    expect((await echo(wrong)).response.status).toBe(401);
  });
});

describe("Turris server that follows its prose docs instead of its spec", () => {
  it("authenticates with a plain 200 {access_token, expires_in} body and still sends the spec's camelCase request", async () => {
    const tokenBodies: unknown[] = [];
    const seen: (string | null)[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      if (url.pathname === "/v1/auth/jwt") {
        tokenBodies.push(await request.json());
        return Response.json({ access_token: "docs-token", expires_in: 3600, token_type: "Bearer" }, { status: 200 });
      }
      seen.push(request.headers.get("authorization"));
      return Response.json({ path: url.pathname });
    };
    const client = createTurrisClient({ clientId: "docs-client", clientSecret: "docs-secret", fetch });
    const results = await Promise.all([echo(client), echo(client)]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200]);
    expect(tokenBodies).toEqual([{ clientId: "docs-client", clientSecret: "docs-secret" }]);
    expect(seen).toEqual(["Bearer docs-token", "Bearer docs-token"]);
  });
});
