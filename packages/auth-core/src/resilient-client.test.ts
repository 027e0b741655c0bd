/** The resilience layer as every provider client gets it: through the shared client assembly. */
import { HttpResponse, http } from "msw";
import createClient, { type Middleware } from "openapi-fetch";
import { beforeEach, describe, expect, it } from "vitest";
import {
  createAuthMiddleware,
  createClientCredentialsClient,
  createResilience,
  createStaticHeaderClient,
  createTokenCache,
  type ResilienceEvent,
  resetSharedTokenCaches,
} from "./index.js";
import type { ResilienceOptions } from "./resilience/types.js";
import { formEndpoint } from "./testing/endpoint.js";
import { countingFetch } from "./testing/fakes.js";
import { mswWithFakeTime } from "./testing/msw-fake-time.js";
import { resilienceEventsInto } from "./testing/oauth-payments.js";
import { BASE, paymentsApi } from "./testing/payments-api.js";
import { type paths, paymentsIdempotentOperations } from "./testing/payments-paths.js";
import { settle } from "./testing/time.js";

const TOKEN_URL = "https://auth.payments.test/oauth/token";
const server = mswWithFakeTime();
// Clients with the same credentials share one token process-wide (whatever their fetch): start each test cold.
beforeEach(() => resetSharedTokenCaches());

/** A token endpoint issuing token-1, token-2, ... */
function tokenEndpoint() {
  let issued = 0;
  server.use(
    http.post(TOKEN_URL, () => {
      issued += 1;
      return HttpResponse.json({ access_token: `token-${issued}`, expires_in: 3600 });
    }),
  );
  return { issued: () => issued };
}

function oauthClient(resilience?: ResilienceOptions | false) {
  const events: ResilienceEvent[] = [];
  const client = createClientCredentialsClient<paths, unknown>({
    baseUrl: BASE,
    tokenUrl: TOKEN_URL,
    clientId: "client-1",
    clientSecret: "s3cret",
    fetch: (request) => globalThis.fetch(request),
    tuning:
      resilience === false
        ? { resilience: false }
        : { onEvent: resilienceEventsInto(events), resilience: { ...resilience } },
    endpoint: formEndpoint(TOKEN_URL) as never,
    publicOperations: [],
    idempotentOperations: paymentsIdempotentOperations,
  });
  return { client, events };
}

describe("installed by default by the shared client assembly", () => {
  it("retries an authenticated create with one generated key, and executes it once", async () => {
    tokenEndpoint();
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "commit_then_drop" });
    api.faults.failNext(1, { kind: "status", status: 429, retryAfterSeconds: 1 });
    const { client, events } = oauthClient();
    const outcome = await settle(client.POST("/v1/charges", { body: { amount: 5, currency: "EUR" } }));
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    expect(api.seen).toHaveLength(3);
    expect(api.seen.every((s) => s.authorization === "Bearer token-1")).toBe(true);
    expect(new Set(api.seen.map((s) => s.key)).size).toBe(1);
    expect(api.faults.executions(api.seen[0]?.key as string)).toBe(1);
    expect(events.map((e) => e.type)).toEqual(["retry", "retry"]);
  });

  it("keeps the idempotency key and the body on the 401 replay", async () => {
    const tokens = tokenEndpoint();
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 401 });
    const { client } = oauthClient();
    const outcome = await settle(client.POST("/v1/charges", { body: { amount: 7, currency: "EUR" } }));
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    expect(tokens.issued()).toBe(2);
    expect(api.seen.map((s) => s.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(api.seen[0]?.key).toBe(api.seen[1]?.key);
    expect(api.seen[1]?.body).toBe(JSON.stringify({ amount: 7, currency: "EUR" }));
  });

  it("a call with a deadline (sent as a new Request) carries the token, from a cold and from a warm cache", async () => {
    const tokens = tokenEndpoint();
    const api = paymentsApi(server);
    const { client } = oauthClient({ deadlineMs: 5_000 });
    expect((await client.GET("/v1/charges")).response.status).toBe(200);
    expect((await client.GET("/v1/charges")).response.status).toBe(200);
    expect(api.seen.map((call) => call.authorization)).toEqual(["Bearer token-1", "Bearer token-1"]);
    expect(tokens.issued()).toBe(1);
  });

  it("is off with resilience: false", async () => {
    tokenEndpoint();
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client } = oauthClient(false);
    const outcome = await settle(client.GET("/v1/charges"));
    expect(outcome.ok && outcome.value.response.status).toBe(503);
    expect(api.seen).toHaveLength(1);
  });

  it("is installed on the static-header (API key) client too", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "drop" });
    const client = createStaticHeaderClient<paths>({
      baseUrl: BASE,
      fetch: (request) => globalThis.fetch(request),
      header: "Authorization",
      value: "Bearer sk_test_1",
      idempotentOperations: paymentsIdempotentOperations,
    });
    const outcome = await settle(client.POST("/v1/charges", { body: { amount: 5, currency: "EUR" } }));
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    expect(api.seen).toHaveLength(2);
    expect(api.seen[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.seen[0]?.key).toBe(api.seen[1]?.key);
  });
});

describe("one body copy for the retries and the 401 replay", () => {
  it("the auth middleware takes no clone of its own; replay and retries send the same body and key", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    api.faults.failNext(1, { kind: "status", status: 401 });
    api.faults.failNext(1, { kind: "drop" });
    const { fetchToken, calls } = countingFetch();
    const auth = createAuthMiddleware({ tokenCache: createTokenCache({ key: "payments", fetchToken }), baseUrl: BASE });
    const clonesHeld: number[] = [];
    const layer = createResilience({
      random: () => 0,
      idempotentOperations: paymentsIdempotentOperations,
      fetch: (request) => {
        clonesHeld.push(auth.pendingReplays);
        return globalThis.fetch(request);
      },
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: auth.wrapFetch(layer.fetch) });
    client.use(layer.middleware, auth);
    const outcome = await settle(client.POST("/v1/charges", { body: { amount: 9, currency: "EUR" } }));
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    expect(calls()).toBe(2);
    expect(api.seen.map((s) => s.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-1",
      "Bearer token-2",
      "Bearer token-2",
    ]);
    expect(new Set(api.seen.map((s) => s.key)).size).toBe(1);
    expect(new Set(api.seen.map((s) => s.body))).toEqual(new Set([JSON.stringify({ amount: 9, currency: "EUR" })]));
    expect(clonesHeld).toEqual([0, 0, 0, 0]);
    expect(auth.pendingReplays).toBe(0);
  });

  it("holds nothing after a later middleware throws", async () => {
    const api = paymentsApi(server);
    const { fetchToken } = countingFetch();
    const auth = createAuthMiddleware({ tokenCache: createTokenCache({ key: "payments", fetchToken }), baseUrl: BASE });
    const layer = createResilience({ fetch: (request) => globalThis.fetch(request) });
    const client = createClient<paths>({ baseUrl: BASE, fetch: auth.wrapFetch(layer.fetch) });
    const boom: Middleware = {
      onRequest() {
        throw new Error("later middleware failed");
      },
    };
    client.use(layer.middleware, auth, boom);
    const outcome = await settle(client.POST("/v1/charges", { body: { amount: 1, currency: "EUR" } }));
    expect(outcome.ok ? undefined : (outcome.error as Error).message).toBe("later middleware failed");
    expect(auth.pendingReplays).toBe(0);
    expect(api.seen).toHaveLength(0);
  });
});
