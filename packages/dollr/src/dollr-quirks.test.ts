import { setupServer } from "msw/node";
import type { Client } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createDollrClient, DOLLR_DEFAULT_BASE_URL, resetSharedTokenCaches } from "./index.js";
import { createDollrMock } from "./testing.js";

const credentials = { clientId: "dollr-client", clientSecret: "dollr-secret-value" };

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

describe("Dollr quirks over msw", () => {
  const mock = createDollrMock({ echoApi: true });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    mock.reset();
    mock.configure({ expiresIn: 60, rateLimit: false });
    vi.restoreAllMocks();
  });
  afterAll(() => server.close());

  it("defaults to https://api.heydollr.app, which the spec does not list", async () => {
    expect(DOLLR_DEFAULT_BASE_URL).toBe("https://api.heydollr.app");
    const { response } = await echo(createDollrClient(credentials));
    expect(response.status).toBe(200);
    expect(mock.stats.tokenRequests).toBe(1);
  });

  it("looks up globalThis.fetch at call time when no fetch is given", async () => {
    const client = createDollrClient(credentials);
    const spy = vi.spyOn(globalThis, "fetch");
    await echo(client);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("uses a given fetch for both the token and the API request", async () => {
    const urls: string[] = [];
    const fetch = (request: Request) => {
      urls.push(`${request.method} ${new URL(request.url).pathname}`);
      return globalThis.fetch(request);
    };
    await echo(createDollrClient({ ...credentials, fetch }));
    expect(urls).toEqual(["POST /v1/jwt/client/obtain/token", "GET /v1/echo"]);
  });

  it("reads expires_in as minutes, so a lifetime over a year is refused rather than cached", async () => {
    mock.configure({ expiresIn: 600_000 }); // ~417 days in minutes (a week if it were seconds)
    const error = await echo(createDollrClient({ ...credentials, token: { maxRetries: 0 } })).catch((e: unknown) => e);
    expect((error as Error).name).toBe("TokenRequestError");
    expect((error as Error).message).toContain("absurd");
  });

  it("answers 429 with Retry-After in seconds when its rate limit is on", () => {
    const limited = createDollrMock({ rateLimit: { limit: 1, windowMs: 30_000 }, clock: { now: () => 0 } });
    const body = { client_id: "a", client_secret: "b" };
    expect(limited.tokenRequest({ headers: new Headers(), body }).status).toBe(200);
    const reply = limited.tokenRequest({ headers: new Headers(), body });
    expect(reply.status).toBe(429);
    expect(reply.headers["retry-after"]).toBe("30");
  });

  it("answers a missing field with the FastAPI 422 detail list", () => {
    const reply = createDollrMock().tokenRequest({
      headers: new Headers(),
      body: { clientId: "camel", clientSecret: "x" },
    });
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      detail: [
        { loc: ["body", "client_id"], msg: "Field required", type: "missing" },
        { loc: ["body", "client_secret"], msg: "Field required", type: "missing" },
      ],
    });
  });
});
