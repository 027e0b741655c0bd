import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenCache, createTokenFetcher, TokenRequestError } from "./index.js";
import { formEndpoint } from "./testing/endpoint.js";

// A real HTTP server on 127.0.0.1 (port 0) for the faults msw cannot produce: a reset socket and a hang.
let mode: "reset" | "hang" | "good" = "good";
let requests = 0;
let server: Server;
let tokenUrl: string;

function handle(request: IncomingMessage, response: ServerResponse): void {
  requests++;
  request.resume();
  if (mode === "reset") {
    request.socket.destroy();
    return;
  }
  if (mode === "hang") return;
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ access_token: "from-http", expires_in: 3600 }));
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("createTokenFetcher against a real HTTP server", () => {
  it("turns a connection reset into a retried, typed network error, then recovers", async () => {
    mode = "reset";
    requests = 0;
    const fetchToken = createTokenFetcher(formEndpoint(tokenUrl), { maxRetries: 1, baseDelayMs: 1 });
    const cache = createTokenCache({ key: "acme|reset", fetchToken, negativeCacheMs: 0 });
    const error = await cache.getToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ provider: "acme", retryable: true });
    expect((error as Error).message).toMatch(/network error/);
    expect(requests).toBe(2);
    mode = "good";
    expect((await cache.getToken()).accessToken).toBe("from-http");
  });

  it("aborts a hanging request at the per-attempt timeout, then recovers", async () => {
    mode = "hang";
    requests = 0;
    // A short timeout for the hang; the recovery gets a generous one (a loaded machine can be slow to answer).
    let fetchToken = createTokenFetcher(formEndpoint(tokenUrl), { timeoutMs: 1_000, maxRetries: 0 });
    const cache = createTokenCache({
      key: "acme|hang",
      fetchToken: (context) => fetchToken(context),
      negativeCacheMs: 0,
    });
    const error = await cache.getToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as Error).message).toMatch(/timed out after 1000 ms/);
    // On a heavily loaded machine the timeout can win before the server even sees the request.
    expect(requests).toBeLessThanOrEqual(1);
    mode = "good";
    fetchToken = createTokenFetcher(formEndpoint(tokenUrl), { timeoutMs: 20_000 });
    expect((await cache.getToken()).accessToken).toBe("from-http");
  });
});
