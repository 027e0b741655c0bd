import { setupServer } from "msw/node";
import type { Client } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createTurrisClient, type TurrisClientOptions, withResilience } from "./index.js";
import { createTurrisMock } from "./testing.js";

/** A compliance-record create as the mock's echo API answers it. */
type RecordPaths = {
  "/v1/records": {
    post: {
      parameters: object;
      requestBody: { content: { "application/json": { licence: string } } };
      responses: { 200: { content: { "application/json": { body: unknown } } } };
    };
  };
};

const mock = createTurrisMock({ echoApi: true, restrictedAccessTokens: ["rat-static-1"] });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.reset();
  mock.api.reset();
});
afterAll(() => server.close());

const turris = (extra: Partial<TurrisClientOptions> = {}) =>
  createTurrisClient({
    clientId: "cid",
    clientSecret: "secret",
    resilience: { baseDelayMs: 1 },
    ...extra,
  } as TurrisClientOptions) as unknown as Client<RecordPaths>;

it("retries an authenticated create after a 503 with the same idempotency-key, one token for all attempts", async () => {
  mock.api.failNext(2, { kind: "status", status: 503 });
  const { data, response } = await turris().POST("/v1/records", {
    body: { licence: "L-1" },
    ...withResilience({ idempotencyKey: "rec-1" }),
  });
  expect(response.status).toBe(200);
  expect(data?.body).toEqual({ licence: "L-1" });
  expect(mock.api.attempts("rec-1")).toBe(3);
  expect(mock.api.executions("rec-1")).toBe(1);
  expect(mock.stats.tokenRequests).toBe(1);
});

it("turns retries off per request (maxRetries: 0) and per client (resilience: false)", async () => {
  mock.api.failNext(2, { kind: "status", status: 503 });
  const once = await turris().POST("/v1/records", {
    body: { licence: "L-2" },
    ...withResilience({ idempotencyKey: "rec-2", maxRetries: 0 }),
  });
  expect(once.response.status).toBe(503);
  const off = await turris({ resilience: false }).POST("/v1/records", {
    body: { licence: "L-3" },
    ...withResilience({ idempotencyKey: "rec-3" }),
  });
  expect(off.response.status).toBe(503);
  expect(mock.api.stats.calls).toBe(2);
});

it("retries on the restricted-access-token client too", async () => {
  mock.api.failNext(1, { kind: "drop" });
  const client = createTurrisClient({
    restrictedAccessToken: "rat-static-1",
    resilience: { baseDelayMs: 1 },
  } as TurrisClientOptions) as unknown as Client<RecordPaths>;
  const { response } = await client.POST("/v1/records", {
    body: { licence: "L-4" },
    ...withResilience({ idempotencyKey: "rec-4" }),
  });
  expect(response.status).toBe(200);
  expect(mock.api.attempts("rec-4")).toBe(2);
  expect(mock.stats.tokenRequests).toBe(0);
});
