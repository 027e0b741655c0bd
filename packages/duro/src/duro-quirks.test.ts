import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import type { Client } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../scripts/lib/emulator/server.ts";
import { createDuroClient, DURO_ENVIRONMENTS, resetSharedTokenCaches } from "./index.js";
import { createDuroMock } from "./testing.js";

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
const echo = (client: unknown, baseUrl?: string) =>
  (client as Client<EchoPaths>).GET("/v1/echo", baseUrl ? { baseUrl } : {});

// Clients with the same credentials share one token per process: every test starts cold.
beforeEach(() => resetSharedTokenCaches());

describe("Duro quirks over msw", () => {
  const sandbox = createDuroMock({ baseUrl: DURO_ENVIRONMENTS.sandbox, echoApi: true, apiKeys: ["sk_test_abc123"] });
  const production = createDuroMock({ echoApi: true, apiKeys: ["sk_live_xyz789"] });
  const seenElsewhere: (string | null)[] = [];
  const server = setupServer(
    ...sandbox.handlers,
    ...production.handlers,
    http.get("https://elsewhere.test/*", ({ request }) => {
      seenElsewhere.push(request.headers.get("authorization"));
      return HttpResponse.json({ path: "/elsewhere" });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    sandbox.reset();
    production.reset();
    seenElsewhere.length = 0;
  });
  afterAll(() => server.close());

  it("sends an sk_test_ key as the bearer to the sandbox, with no token request", async () => {
    const client = createDuroClient({ apiKey: "sk_test_abc123" });
    expect((await echo(client)).response.status).toBe(200);
    expect(sandbox.stats.apiRequests).toBe(1);
    expect(sandbox.stats.tokenRequests + production.stats.tokenRequests).toBe(0);
  });

  it("accepts the token exchange's knobs beside a secret key (one configuration for both kinds of credentials), which change nothing", async () => {
    const client = createDuroClient({ apiKey: "sk_test_abc123", token: { maxRetries: 0, timeoutMs: 1 } });
    expect((await echo(client)).response.status).toBe(200);
    expect(sandbox.stats.tokenRequests + production.stats.tokenRequests).toBe(0);
  });

  it("sends an sk_live_ key to production (an explicit matching environment is fine)", async () => {
    const client = createDuroClient({ apiKey: "sk_live_xyz789", environment: "production" });
    expect((await echo(client)).response.status).toBe(200);
    expect(production.stats.apiRequests).toBe(1);
  });

  it("never sends the secret key to another origin", async () => {
    const client = createDuroClient({ apiKey: "sk_test_abc123" });
    await echo(client, "https://elsewhere.test");
    expect(seenElsewhere).toEqual([null]);
  });

  it("fetches OAuth tokens from the chosen environment", async () => {
    const client = createDuroClient({ clientId: "cid_test_1", clientSecret: "s3cret-value", environment: "sandbox" });
    expect((await echo(client)).response.status).toBe(200);
    expect(sandbox.stats.tokenRequests).toBe(1);
    expect(production.stats.tokenRequests).toBe(0);
  });

  it("rejects a token request without grant_type client_credentials", () => {
    const reply = createDuroMock().tokenRequest({
      headers: new Headers(),
      body: { grant_type: "password", client_id: "a", client_secret: "b" },
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: { code: "unsupported_grant_type", message: 'grant_type must be "client_credentials"' },
    });
  });
});

describe("Duro secret keys over a real HTTP server (emulator)", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("authenticates with an sk_test_ key against an explicit baseUrl", async () => {
    const client = createDuroClient({ apiKey: "sk_test_local", baseUrl: emulator.baseUrl("duro") });
    expect((await echo(client)).response.status).toBe(200);
    expect(emulator.statsOf("duro").tokenRequests).toBe(0);
    expect(emulator.statsOf("duro").unauthorized).toBe(0);
  });
});
