import { setupServer } from "msw/node";
import type { Client } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createDollrClient, type ResilienceEvent } from "./index.js";
import { createDollrMock } from "./testing.js";

/** A payout as the mock's echo API answers it; Dollr's idempotency key is the body's reference_id. */
type PayoutPaths = {
  "/v1/payouts": {
    get: { parameters: object; responses: { 200: { content: { "application/json": { path: string } } } } };
    post: {
      parameters: object;
      requestBody: { content: { "application/json": { amount: number; reference_id: string } } };
      responses: { 200: { content: { "application/json": { body: unknown } } } };
    };
  };
};

const mock = createDollrMock({ echoApi: true });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.reset();
  mock.api.reset();
});
afterAll(() => server.close());

function dollr() {
  const events: ResilienceEvent[] = [];
  const client = createDollrClient({
    clientId: "cid",
    clientSecret: "secret",
    onEvent: (event) => {
      if (event.type !== "api_attempt" && "method" in event) events.push(event);
    },
    resilience: { baseDelayMs: 1 },
  }) as unknown as Client<PayoutPaths>;
  return { client, events };
}

it("retries a GET through a 503 by default", async () => {
  mock.api.failNext(1, { kind: "status", status: 503 });
  const { client, events } = dollr();
  expect((await client.GET("/v1/payouts")).response.status).toBe(200);
  expect(events).toEqual([expect.objectContaining({ type: "retry", status: 503, method: "GET" })]);
});

it("never retries a POST that has no idempotency header; the mock shows the caller's reference_id replay is safe", async () => {
  mock.api.failNext(1, { kind: "commit_then_drop" });
  const { client, events } = dollr();
  const body = { amount: 700, reference_id: "2f0c7a0e-payout-1" };
  await expect(client.POST("/v1/payouts", { body })).rejects.toThrow(TypeError);
  expect(events).toEqual([expect.objectContaining({ type: "retry_skipped", reason: "no_idempotency_key" })]);
  expect(mock.api.executions(body.reference_id)).toBe(1);
  // The caller's own recovery: the same reference_id again is answered from the stored result.
  expect((await client.POST("/v1/payouts", { body })).data?.body).toEqual(body);
  expect(mock.api.executions(body.reference_id)).toBe(1);
  expect(mock.api.stats.idempotentReplays).toBe(1);
});
