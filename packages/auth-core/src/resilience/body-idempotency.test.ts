/**
 * Idempotency keys in a JSON body field (Dollr's `reference_id`), through the public client assembly
 * with the generated-style `idempotentOperations` of the payouts fixture.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  createClientCredentialsClient,
  hashIdempotencyKey,
  type ResilienceEvent,
  resetSharedTokenCaches,
  withResilience,
} from "../index.js";
import { formEndpoint } from "../testing/endpoint.js";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { resilienceEventsInto } from "../testing/oauth-payments.js";
import {
  PAYOUTS_BASE,
  PAYOUTS_TOKEN_URL,
  type payoutPaths,
  payoutsApi,
  payoutsIdempotentOperations,
} from "../testing/payouts-api.js";
import { settle } from "../testing/time.js";
import type { ResilienceOptions } from "./types.js";

const server = mswWithFakeTime();
// Clients with the same credentials share one token process-wide (whatever their fetch): start each test cold.
beforeEach(() => resetSharedTokenCaches());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function payoutsClient(resilience: ResilienceOptions = {}) {
  const events: ResilienceEvent[] = [];
  const client = createClientCredentialsClient<payoutPaths, unknown>({
    baseUrl: PAYOUTS_BASE,
    tokenUrl: PAYOUTS_TOKEN_URL,
    clientId: "client-1",
    clientSecret: "s3cret",
    fetch: (request) => globalThis.fetch(request),
    tuning: { onEvent: resilienceEventsInto(events), resilience: { ...resilience } },
    endpoint: formEndpoint(PAYOUTS_TOKEN_URL) as never,
    publicOperations: [],
    idempotentOperations: payoutsIdempotentOperations,
  });
  return { client, events };
}

describe("an idempotency key in a JSON body field (reference_id)", () => {
  it("adds one generated reference_id to the body and resends it through a 503, a drop and commit-then-drop: one execution", async () => {
    const api = payoutsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    api.faults.failNext(1, { kind: "drop" });
    api.faults.failNext(1, { kind: "commit_then_drop" });
    const { client, events } = payoutsClient({ maxRetries: 3 });
    const outcome = await settle(client.POST("/v1/payouts", { body: { amount: 700 } }));
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    const [key] = api.references();
    expect(key).toMatch(UUID);
    expect(api.references()).toEqual([key, key, key, key]);
    expect(new Set(api.seen.map((s) => s.body))).toEqual(new Set([JSON.stringify({ amount: 700, reference_id: key })]));
    expect(api.faults.executions(key as string)).toBe(1);
    expect(api.payouts()).toBe(1);
    expect(outcome.ok && outcome.value.data).toEqual({ id: "po_1", amount: 700, reference_id: key });
    expect(events.map((e) => e.type)).toEqual(["retry", "retry", "retry"]);
  });

  it("reports only a hash of the generated reference_id in events, never its value", async () => {
    const api = payoutsApi(server);
    api.faults.failNext(2, { kind: "status", status: 503 });
    const { client, events } = payoutsClient();
    await settle(client.POST("/v1/payouts", { body: { amount: 5 } }));
    const key = api.references()[0] as string;
    expect(events).toHaveLength(2);
    for (const event of events) expect(event.idempotencyKeyHash).toBe(await hashIdempotencyKey(key));
    expect(JSON.stringify(events)).not.toContain(key);
  });

  it("keeps the generated reference_id on the 401 replay and the retries after it", async () => {
    const api = payoutsApi(server);
    api.faults.failNext(1, { kind: "status", status: 401 });
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client } = payoutsClient();
    const outcome = await settle(client.POST("/v1/payouts", { body: { amount: 9 } }));
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    expect(api.tokens()).toBe(2);
    expect(api.seen.map((s) => s.authorization)).toEqual(["Bearer token-1", "Bearer token-2", "Bearer token-2"]);
    const [key] = api.references();
    expect(key).toMatch(UUID);
    expect(api.references()).toEqual([key, key, key]);
    expect(api.faults.executions(key as string)).toBe(1);
  });

  it("creates a new reference_id per logical call", async () => {
    const api = payoutsApi(server);
    const { client } = payoutsClient();
    await settle(client.POST("/v1/payouts", { body: { amount: 1 } }));
    await settle(client.POST("/v1/payouts", { body: { amount: 1 } }));
    const [first, second] = api.references();
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });

  it("keeps the reference_id the caller put in the body, and sends the body as serialized", async () => {
    const api = payoutsApi(server);
    api.faults.failNext(1, { kind: "commit_then_drop" });
    const { client, events } = payoutsClient();
    const body = { reference_id: "order-42", amount: 3 };
    const outcome = await settle(client.POST("/v1/payouts", { body }));
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    expect(api.seen.map((s) => s.body)).toEqual([JSON.stringify(body), JSON.stringify(body)]);
    expect(api.faults.executions("order-42")).toBe(1);
    expect(events[0]?.idempotencyKeyHash).toBe(await hashIdempotencyKey("order-42"));
  });

  it("puts the caller's withResilience({ idempotencyKey }) in the body field, not in a header", async () => {
    const api = payoutsApi(server);
    api.faults.failNext(1, { kind: "status", status: 500 });
    const { client } = payoutsClient();
    let headerSeen: string | null = "unset";
    server.events.on("request:start", ({ request }) => {
      headerSeen = request.headers.get("idempotency-key");
    });
    await settle(
      client.POST("/v1/payouts", { body: { amount: 4 }, ...withResilience({ idempotencyKey: "order-43" }) }),
    );
    server.events.removeAllListeners();
    expect(api.references()).toEqual(["order-43", "order-43"]);
    expect(headerSeen).toBeNull();
  });

  it("does not retry a create whose body is not a JSON object, and says so in an event", async () => {
    const api = payoutsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client, events } = payoutsClient();
    const outcome = await settle(client.POST("/v1/payouts", { body: [700] as never }));
    expect(outcome.ok && outcome.value.response.status).toBe(503);
    expect(api.seen.map((s) => s.body)).toEqual(["[700]"]);
    expect(events).toEqual([
      {
        type: "retry_skipped",
        method: "POST",
        path: "/v1/payouts",
        attempt: 1,
        status: 503,
        reason: "no_idempotency_key",
      },
    ]);
  });

  it("leaves other operations' bodies alone: a PATCH the table does not mark is sent as is and not retried", async () => {
    const api = payoutsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client, events } = payoutsClient();
    const outcome = await settle(
      client.PATCH("/v1/payouts/{payout_id}", { params: { path: { payout_id: "po_1" } }, body: { note: "n" } }),
    );
    expect(outcome.ok && outcome.value.response.status).toBe(503);
    expect(api.seen.map((s) => s.body)).toEqual([JSON.stringify({ note: "n" })]);
    expect(events.map((e) => e.type)).toEqual(["retry_skipped"]);
  });
});
