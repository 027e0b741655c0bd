/**
 * Identification through the public factory: every API and token request names the SDK with the
 * package.json versions (a hand-typed or stale version fails here), token errors name the token URL
 * (a 404 hints at baseUrl), and the API request id is one call away (`requestIdOf`).
 */
import { readFileSync } from "node:fs";
import { requestIdOf } from "@scope/auth-core";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createDollrClient } from "./index.js";

const version = (path: string): string => (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
const EXPECTED = `scope-dollr/${version(new URL("../package.json", import.meta.url).pathname)} auth-core/${version(
  new URL("../../auth-core/package.json", import.meta.url).pathname,
)}`;

const BASE = "https://api.dollr.test";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const seen: Headers[] = [];
function api(tokenStatus = 200) {
  seen.length = 0;
  server.use(
    http.post(`${BASE}/v1/jwt/client/obtain/token`, ({ request }) => {
      seen.push(request.headers);
      return tokenStatus === 200
        ? HttpResponse.json({ access_token: "tok-ident", expires_in: 60 })
        : HttpResponse.json({ detail: "Not Found" }, { status: tokenStatus });
    }),
    http.get(`${BASE}/v1/payouts`, ({ request }) => {
      seen.push(request.headers);
      return HttpResponse.json([], { headers: { "x-request-id": "req-dollr-7" } });
    }),
  );
}

const client = () =>
  createDollrClient({
    clientId: "cid-ident",
    clientSecret: "secret-ident",
    baseUrl: BASE,
    logLevel: "off",
    tokenCacheScope: "client",
  });

it("token and API requests carry x-scope-sdk and User-Agent with the package.json versions", async () => {
  api();
  await client().GET("/v1/payouts" as never);
  expect(seen).toHaveLength(2);
  for (const headers of seen) {
    expect(headers.get("x-scope-sdk")).toBe(EXPECTED);
    expect(headers.get("user-agent")).toBe(EXPECTED);
  }
});

it("the API request id is one call away: requestIdOf(result)", async () => {
  api();
  const result = await client().GET("/v1/payouts" as never);
  expect(requestIdOf(result)).toBe("req-dollr-7");
});

it("a token 404 names the token URL and hints that baseUrl is the API root", async () => {
  api(404);
  await expect(client().GET("/v1/payouts" as never)).rejects.toThrow(
    `dollr token request failed with HTTP 404 - Not Found (token URL ${BASE}/v1/jwt/client/obtain/token; check that baseUrl is the API root (the token URL is built from it))`,
  );
});
