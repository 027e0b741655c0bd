import { delay, HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { BASE, paymentsApi, paymentsClient } from "../testing/payments-api.js";
import { settle } from "../testing/time.js";
import { DeadlineExceededError, RequestAbortedError, RequestTimeoutError } from "./errors.js";
import { withResilience } from "./request-options.js";

const server = mswWithFakeTime();

/** An endpoint that never answers; counts the attempts that reached it. */
function hangingApi() {
  const hits: string[] = [];
  server.use(
    http.all(`${BASE}/*`, async ({ request }) => {
      hits.push(`${request.method} ${request.headers.get("idempotency-key") ?? "-"}`);
      await delay("infinite");
      return HttpResponse.json({});
    }),
  );
  return hits;
}

describe("per-attempt timeout", () => {
  it("times out each attempt, retries, and ends with a typed RequestTimeoutError", async () => {
    const hits = hangingApi();
    const { client, events } = paymentsClient({ timeoutMs: 1000 });
    const outcome = await settle(client.GET("/v1/charges"));
    expect(hits).toHaveLength(3);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({
      name: "RequestTimeoutError",
      method: "GET",
      path: "/v1/charges",
      attempts: 3,
      timeoutMs: 1000,
    });
    expect(events.map((e) => e.type)).toEqual(["retry", "retry", "retry_exhausted"]);
    expect(events[0]).toMatchObject({ error: "RequestTimeoutError" });
  });

  it("a per-request timeoutMs overrides the client's", async () => {
    const hits = hangingApi();
    const { client } = paymentsClient({ timeoutMs: 60_000, maxRetries: 0 });
    const started = Date.now();
    const outcome = await settle(client.GET("/v1/charges", withResilience({ timeoutMs: 300 })), 50);
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(RequestTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(hits).toHaveLength(1);
  });
});

describe("overall deadline", () => {
  it("stops the call when the deadline passes, whatever attempt it is in, and emits a deadline event", async () => {
    const hits = hangingApi();
    const { client, events } = paymentsClient({ timeoutMs: 1000, deadlineMs: 2500, baseDelayMs: 100 });
    const started = Date.now();
    const outcome = await settle(client.GET("/v1/charges"), 50);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).toMatchObject({
      name: "DeadlineExceededError",
      deadlineMs: 2500,
      method: "GET",
      path: "/v1/charges",
    });
    expect(Date.now() - started).toBeLessThan(2700);
    const attempts = hits.length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    // The deadline either fired mid-attempt, or left no room for another backoff.
    const last = events.at(-1);
    expect(last?.type === "deadline" || (last?.type === "retry_exhausted" && last.reason === "deadline")).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(hits).toHaveLength(attempts);
  });

  it("does not start a wait that would end past the deadline: returns the response it has", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503, retryAfterSeconds: 10 });
    const { client, events } = paymentsClient({ deadlineMs: 5000 });
    const started = Date.now();
    const outcome = await settle(client.GET("/v1/charges"), 10);
    expect(outcome.ok && outcome.value.response.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(100);
    expect(events).toEqual([expect.objectContaining({ type: "retry_exhausted", reason: "deadline" })]);
  });

  it("a per-request deadlineMs overrides the client's (none by default)", async () => {
    hangingApi();
    const { client } = paymentsClient({ timeoutMs: 100_000 });
    const outcome = await settle(client.GET("/v1/charges", withResilience({ deadlineMs: 700 })), 50);
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(DeadlineExceededError);
  });
});

describe("the caller's abort", () => {
  it("wins during an attempt and is never retried", async () => {
    const hits = hangingApi();
    const { client, events } = paymentsClient({ timeoutMs: 10_000 });
    const controller = new AbortController();
    const call = client.GET("/v1/charges", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user navigated away")), 500);
    const outcome = await settle(call, 50);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as RequestAbortedError).cause).toEqual(new Error("user navigated away"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hits).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it("wins during a backoff wait, before the next attempt", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 429, retryAfterSeconds: 30 });
    const { client } = paymentsClient();
    const controller = new AbortController();
    const call = client.GET("/v1/charges", { signal: controller.signal });
    setTimeout(() => controller.abort(), 1000);
    const outcome = await settle(call, 100);
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(RequestAbortedError);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.seen).toHaveLength(1);
  });

  it("wins over a deadline that passes later", async () => {
    hangingApi();
    const { client } = paymentsClient({ deadlineMs: 5000 });
    const controller = new AbortController();
    const call = client.GET("/v1/charges", { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const outcome = await settle(call, 50);
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(RequestAbortedError);
  });
});

describe("errors carry no secret", () => {
  it("names method and path template only: no token, key, query or body", async () => {
    hangingApi();
    const { client } = paymentsClient({ timeoutMs: 100, maxRetries: 0 });
    const outcome = await settle(
      client.POST("/v1/charges", {
        body: { amount: 1, currency: "BODY-MARKER" },
        headers: { Authorization: "Bearer tok-SECRET" },
        ...withResilience({ idempotencyKey: "KEY-MARKER" }),
      }),
      50,
    );
    const error = outcome.ok ? undefined : (outcome.error as Error);
    const shown = [String(error), error?.message, JSON.stringify(error), error?.stack].join("\n");
    for (const secret of ["tok-SECRET", "KEY-MARKER", "BODY-MARKER"]) expect(shown).not.toContain(secret);
    expect(error?.message).toBe("POST /v1/charges: attempt 1 timed out after 100 ms");
  });
});
