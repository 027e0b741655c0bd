import { setupServer } from "msw/node";
import type { Client } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import {
  ClientOptionsError,
  createDuroClient,
  DURO_ENVIRONMENTS,
  type ResilienceEvent,
  withResilience,
} from "./index.js";
import { createDuroMock } from "./testing.js";

/** The mock's echo API answers any path; these are the two this test calls. */
type ChargePaths = {
  "/v1/charges": {
    get: { parameters: object; responses: { 200: { content: { "application/json": { path: string } } } } };
    post: {
      parameters: object;
      requestBody: { content: { "application/json": { amount: number } } };
      responses: { 200: { content: { "application/json": { path: string; body: unknown } } } };
    };
  };
};

// An sk_test_ key implies the sandbox: wherever the vendored document puts it (a spec update may move it).
const mock = createDuroMock({ baseUrl: DURO_ENVIRONMENTS.sandbox, echoApi: true, apiKeys: ["sk_test_abc123"] });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.reset();
  mock.api.reset();
});
afterAll(() => server.close());

const duro = (options: Parameters<typeof createDuroClient>[0]) =>
  createDuroClient(options) as unknown as Client<ChargePaths>;

it("retries a GET after a 429 with Retry-After and a dropped connection (API-key client)", async () => {
  mock.api.failNext(1, { kind: "status", status: 429, retryAfterSeconds: 0 });
  mock.api.failNext(1, { kind: "drop" });
  const events: ResilienceEvent[] = [];
  const client = duro({
    apiKey: "sk_test_abc123",
    onEvent: (e) => {
      if (e.type !== "api_attempt" && "method" in e) events.push(e);
    },
    resilience: { baseDelayMs: 1 },
  });
  const { response } = await client.GET("/v1/charges");
  expect(response.status).toBe(200);
  expect(mock.api.stats.calls).toBe(3);
  expect(events.map((e) => (e.type === "retry" ? (e.status ?? e.error) : e.type))).toEqual([429, "TypeError"]);
});

it("replays a create whose connection dropped after commit with the caller's key: executed once", async () => {
  mock.api.failNext(1, { kind: "commit_then_drop" });
  const client = duro({ apiKey: "sk_test_abc123", resilience: { baseDelayMs: 1 } });
  const { data } = await client.POST("/v1/charges", {
    body: { amount: 500 },
    ...withResilience({ idempotencyKey: "order-9" }),
  });
  expect(data?.body).toEqual({ amount: 500 });
  expect(mock.api.attempts("order-9")).toBe(2);
  expect(mock.api.executions("order-9")).toBe(1);
});

it("rejects a bad resilience option at construction, naming it", () => {
  expect(() => duro({ apiKey: "sk_test_abc123", resilience: { maxRetries: 11 } })).toThrow(ClientOptionsError);
  expect(() => duro({ apiKey: "sk_test_abc123", resilience: { retryStatuses: [99] } })).toThrow(
    /option "resilience\.retryStatuses\.0"/,
  );
});
