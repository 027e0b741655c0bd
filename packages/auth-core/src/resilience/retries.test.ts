import { describe, expect, it } from "vitest";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { oauthPaymentsClient, tokenEndpoint } from "../testing/oauth-payments.js";
import { paymentsApi, paymentsClient } from "../testing/payments-api.js";
import { settle } from "../testing/time.js";
import { backoffMs, mayRepeat, resolvePolicy, serverDelayMs } from "./policy.js";

const server = mswWithFakeTime();

describe("retries of safe methods", () => {
  it("retries a GET after a 503 and a dropped connection, then returns the success", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    api.faults.failNext(1, { kind: "drop" });
    const { client, events } = paymentsClient();
    const outcome = await settle(client.GET("/v1/charges"));
    expect(outcome.ok && outcome.value.response.status).toBe(200);
    expect(api.seen).toHaveLength(3);
    expect(events.map((e) => e.type)).toEqual(["retry", "retry"]);
    expect(events[0]).toMatchObject({ type: "retry", method: "GET", path: "/v1/charges", attempt: 1, status: 503 });
    expect(events[1]).toMatchObject({ type: "retry", attempt: 2, error: "TypeError" });
  });

  it("makes 1 + 2 attempts by default, then returns the last response and reports retry_exhausted", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(5, { kind: "status", status: 502 });
    const { client, events } = paymentsClient();
    const outcome = await settle(client.GET("/v1/charges"));
    expect(outcome.ok && outcome.value.response.status).toBe(502);
    expect(api.seen).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: "retry_exhausted", attempts: 3, status: 502, reason: "max_retries" });
  });

  it.each([408, 425, 429, 500, 502, 503, 504])("retries status %i by default", async (status) => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status });
    const { client } = paymentsClient();
    const outcome = await settle(client.GET("/v1/charges"));
    expect(outcome.ok && outcome.value.response.status).toBe(200);
    expect(api.seen).toHaveLength(2);
  });

  it.each([400, 404, 409, 422, 501])("does not retry status %i by default", async (status) => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status });
    const { client, events } = paymentsClient();
    const outcome = await settle(client.GET("/v1/charges"));
    expect(outcome.ok && outcome.value.response.status).toBe(status);
    expect(api.seen).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it("retries the statuses configured in retryStatuses, and only those", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 409 });
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client } = paymentsClient({ retryStatuses: [409] });
    const outcome = await settle(client.GET("/v1/charges"));
    expect(outcome.ok && outcome.value.response.status).toBe(503);
    expect(api.seen).toHaveLength(2);
  });

  it("retries PUT and DELETE, which cannot cause a second effect", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "commit_then_drop" });
    const { client } = paymentsClient();
    const outcome = await settle(client.DELETE("/v1/charges/{charge_id}", { params: { path: { charge_id: "ch_1" } } }));
    expect(outcome.ok && outcome.value.response.status).toBe(200);
    expect(api.seen.map((s) => s.method)).toEqual(["DELETE", "DELETE"]);
  });
});

describe("backoff", () => {
  it("waits at least what the server asks (Retry-After seconds, an HTTP date, or retry-after-ms), plus jitter", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 429, retryAfterSeconds: 3 });
    api.faults.failNext(1, {
      kind: "status",
      status: 503,
      headers: { "retry-after": "Thu, 01 Jan 2026 00:00:13 GMT" },
    });
    api.faults.failNext(1, { kind: "status", status: 503, headers: { "retry-after-ms": "250", "retry-after": "9" } });
    const { client, events } = paymentsClient({ maxRetries: 3 });
    const started = Date.now();
    const outcome = await settle(client.GET("/v1/charges"), 50);
    expect(outcome.ok && outcome.value.response.status).toBe(200);
    // random() = 1: each wait is the server's plus the backoff ceiling of that retry (500, 1000, 2000 ms);
    // the HTTP date is 13 s after the start, read 3.5 s in.
    expect(events.map((e) => (e.type === "retry" ? e.waitMs : -1))).toEqual([3500, 10_500, 2250]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(16_250);
  });

  it("spreads 100 callers told Retry-After: 1 over 1250-1500 ms instead of one wave at 1000 ms", async () => {
    tokenEndpoint(server);
    const api = paymentsApi(server);
    api.faults.failNext(100, { kind: "status", status: 429, retryAfterSeconds: 1 });
    // The client's own jitter source (Math.random), as every provider client has it.
    const { client, events } = oauthPaymentsClient();
    const outcomes = await settle(Promise.all(Array.from({ length: 100 }, () => client.GET("/v1/charges"))), 10);
    expect(outcomes.ok && outcomes.value.every((result) => result.response.status === 200)).toBe(true);
    const waits = events.flatMap((e) => (e.type === "retry" ? [e.waitMs] : []));
    expect(waits).toHaveLength(100);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1250);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1500);
    expect(new Set(waits).size).toBeGreaterThan(50);
  });

  it("still backs off after Retry-After: 0", async () => {
    tokenEndpoint(server);
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503, headers: { "retry-after": "0" } });
    const { client, events } = oauthPaymentsClient();
    const started = Date.now();
    const outcome = await settle(client.GET("/v1/charges"), 10);
    expect(outcome.ok && outcome.value.response.status).toBe(200);
    const [retry] = events;
    expect(retry?.type === "retry" && retry.waitMs).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("gives up at once when Retry-After exceeds maxRetryAfterMs, returning that response", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 429, retryAfterSeconds: 120 });
    const { client, events } = paymentsClient();
    const outcome = await settle(client.GET("/v1/charges"));
    expect(outcome.ok && outcome.value.response.status).toBe(429);
    expect(api.seen).toHaveLength(1);
    expect(events).toEqual([expect.objectContaining({ type: "retry_exhausted", reason: "retry_after_too_long" })]);
  });

  it("uses capped exponential backoff with full jitter", () => {
    const policy = resolvePolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(policy, 3, () => 0)).toBe(0);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(200);
  });

  it("reads no delay from a missing or malformed header", () => {
    expect(serverDelayMs(new Headers(), 0)).toBeUndefined();
    expect(serverDelayMs(new Headers({ "retry-after": "soon" }), 0)).toBeUndefined();
    expect(serverDelayMs(new Headers({ "retry-after": "1.5" }), 0)).toBe(1500);
  });

  it("waits the jittered backoff between attempts when the server names no delay", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(2, { kind: "status", status: 503 });
    const { client, events } = paymentsClient({ baseDelayMs: 400 });
    await settle(client.GET("/v1/charges"), 50);
    expect(events.map((e) => (e.type === "retry" ? e.waitMs : -1))).toEqual([400, 800]);
  });
});

describe("options", () => {
  it("maxRetries: 0 on the client turns retries off", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client } = paymentsClient({ maxRetries: 0 });
    const outcome = await settle(client.GET("/v1/charges"));
    expect(outcome.ok && outcome.value.response.status).toBe(503);
    expect(api.seen).toHaveLength(1);
  });
});

describe("which methods may be repeated", () => {
  it.each(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])("%s, with or without a key", (method) => {
    expect(mayRepeat(method, false)).toBe(true);
  });

  it.each(["POST", "PATCH"])("%s only with a key", (method) => {
    expect(mayRepeat(method, false)).toBe(false);
    expect(mayRepeat(method, true)).toBe(true);
  });
});
