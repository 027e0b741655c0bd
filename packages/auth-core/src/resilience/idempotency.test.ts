import { describe, expect, it } from "vitest";
import { ClientOptionsError } from "../option-schemas.js";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { paymentsApi, paymentsClient } from "../testing/payments-api.js";
import { settle } from "../testing/time.js";
import { hashIdempotencyKey } from "./idempotency.js";
import { withResilience } from "./request-options.js";
import type { RequestResilienceOptions } from "./types.js";

const server = mswWithFakeTime();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const charge = { amount: 1200, currency: "EUR" };

describe("never a double effect", () => {
  it("sends one generated key on every attempt of a create, so commit-then-drop executes it once", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "commit_then_drop" });
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client, events } = paymentsClient();
    const outcome = await settle(client.POST("/v1/charges", { body: charge }));
    expect(outcome.ok && outcome.value.data).toEqual({ id: "ch_1", ...charge });
    const keys = api.seen.map((s) => s.key);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);
    expect(api.faults.executions(keys[0] as string)).toBe(1);
    expect(api.charges()).toBe(1);
    expect(api.seen.every((s) => s.body === JSON.stringify(charge))).toBe(true);
    expect(events.map((e) => e.type)).toEqual(["retry", "retry"]);
  });

  it("creates a new key per logical call", async () => {
    const api = paymentsApi(server);
    const { client } = paymentsClient();
    await settle(client.POST("/v1/charges", { body: charge }));
    await settle(client.POST("/v1/charges", { body: charge }));
    expect(api.seen[0]?.key).not.toBe(api.seen[1]?.key);
  });

  it("keeps the key the caller passed as the declared header parameter", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "drop" });
    const { client } = paymentsClient();
    await settle(client.POST("/v1/charges", { body: charge, params: { header: { "Idempotency-Key": "order-42" } } }));
    expect(api.seen.map((s) => s.key)).toEqual(["order-42", "order-42"]);
  });

  it("keeps the key the caller passed with withResilience({ idempotencyKey })", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 500 });
    const { client } = paymentsClient();
    await settle(client.POST("/v1/charges", { body: charge, ...withResilience({ idempotencyKey: "order-43" }) }));
    expect(api.seen.map((s) => s.key)).toEqual(["order-43", "order-43"]);
  });

  it("never retries a POST/PATCH without a key, and says so in an event", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client, events } = paymentsClient();
    const outcome = await settle(
      client.PATCH("/v1/charges/{charge_id}", { params: { path: { charge_id: "ch_1" } }, body: { amount: 5 } }),
    );
    expect(outcome.ok && outcome.value.response.status).toBe(503);
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]?.key).toBeNull();
    expect(events).toEqual([
      {
        type: "retry_skipped",
        method: "PATCH",
        path: "/v1/charges/{charge_id}",
        attempt: 1,
        status: 503,
        reason: "no_idempotency_key",
      },
    ]);
  });

  it("does not retry a dropped connection of a POST without a key: the error reaches the caller", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "commit_then_drop" });
    const { client, events } = paymentsClient();
    const outcome = await settle(
      client.PATCH("/v1/charges/{charge_id}", { params: { path: { charge_id: "ch_1" } }, body: { amount: 5 } }),
    );
    expect(outcome.ok).toBe(false);
    expect(api.seen).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "retry_skipped", error: "TypeError" });
  });

  it("retries a PATCH when the caller gives it a key", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client } = paymentsClient();
    const outcome = await settle(
      client.PATCH("/v1/charges/{charge_id}", {
        params: { path: { charge_id: "ch_1" } },
        body: { amount: 5 },
        ...withResilience({ idempotencyKey: "patch-1" }),
      }),
    );
    expect(outcome.ok && outcome.value.response.status).toBe(200);
    expect(api.seen.map((s) => s.key)).toEqual(["patch-1", "patch-1"]);
  });

  it("reports a hash of the key in events, never the key", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client, events } = paymentsClient();
    await settle(client.POST("/v1/charges", { body: charge, ...withResilience({ idempotencyKey: "secret-order-7" }) }));
    expect(events[0]?.idempotencyKeyHash).toBe(await hashIdempotencyKey("secret-order-7"));
    expect(events[0]?.idempotencyKeyHash).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(events)).not.toContain("secret-order-7");
  });
});

describe("per-request overrides", () => {
  it("maxRetries on one request overrides the client's", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(10, { kind: "status", status: 503 });
    const { client } = paymentsClient();
    await settle(client.GET("/v1/charges", withResilience({ maxRetries: 4 })));
    expect(api.seen).toHaveLength(5);
    await settle(client.GET("/v1/charges", withResilience({ maxRetries: 0 })));
    expect(api.seen).toHaveLength(6);
  });

  it("rejects a bad per-request option with a ClientOptionsError naming it, before any request", async () => {
    const api = paymentsApi(server);
    const { client } = paymentsClient();
    const outcome = await settle(client.GET("/v1/charges", withResilience({ maxRetries: -1 })));
    expect(outcome.ok).toBe(false);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(ClientOptionsError);
    expect((error as ClientOptionsError).option).toBe("resilience.maxRetries");
    expect(api.seen).toHaveLength(0);
  });

  it("names every bad per-request option, and the keys a request may set for an unknown one", async () => {
    const api = paymentsApi(server);
    const { client } = paymentsClient();
    const overrides = { maxRetries: 11, timeout: 100, idempotencyKey: "has spaces" } as RequestResilienceOptions;
    const outcome = await settle(client.GET("/v1/charges", withResilience(overrides)));
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(ClientOptionsError);
    expect((error as ClientOptionsError).options).toEqual([
      "resilience.maxRetries",
      "resilience.idempotencyKey",
      "resilience.timeout",
    ]);
    expect((error as Error).message).toContain(
      'unknown request option "resilience.timeout" (known: maxRetries, retryStatuses, timeoutMs, deadlineMs, idempotencyKey)',
    );
    expect((error as Error).message).not.toContain("has spaces");
    expect(api.seen).toHaveLength(0);
  });
});
