import { delay, HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { oauthPaymentsClient, tokenEndpoint } from "../testing/oauth-payments.js";
import { BASE, paymentsApi, paymentsClient } from "../testing/payments-api.js";
import { settle } from "../testing/time.js";
import { DeadlineExceededError, RequestAbortedError, RequestTimeoutError } from "./errors.js";
import { withResilience } from "./request-options.js";

const server = mswWithFakeTime();

/** An endpoint that sends its headers and the start of a JSON body, then stalls (never sends the rest). */
function stallingBodyApi() {
  let hits = 0;
  server.use(
    http.get(`${BASE}/v1/charges`, () => {
      hits += 1;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"data":['));
        },
      });
      return new HttpResponse(body, { status: 200, headers: { "content-type": "application/json" } });
    }),
  );
  return { hits: () => hits };
}

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
    // A fetch that cannot be aborted (it drops the signal): the call learns of the abort (at 200 ms) only
    // when the 503 arrives (at 300 ms), after the deadline (250 ms) passed too. The abort came first.
    tokenEndpoint(server);
    server.use(
      http.get(`${BASE}/v1/charges`, async () => {
        await delay(300);
        return HttpResponse.json({ error: "unavailable" }, { status: 503 });
      }),
    );
    const unabortable = (request: Request) =>
      globalThis.fetch(request.url, { method: request.method, headers: request.headers });
    const { client, events } = oauthPaymentsClient({ deadlineMs: 250 }, { fetch: unabortable });
    const controller = new AbortController();
    const call = client.GET("/v1/charges", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user navigated away")), 200);
    const outcome = await settle(call, 10);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as RequestAbortedError).cause).toEqual(new Error("user navigated away"));
    // The deadline did pass before the call noticed the abort: the race was real.
    expect(events.map((e) => e.type)).toEqual(["deadline"]);
  });

  it("rejects with RequestAbortedError when it comes during the token fetch", async () => {
    tokenEndpoint(server, [5000]);
    const api = paymentsApi(server);
    const { client } = oauthPaymentsClient();
    const controller = new AbortController();
    const call = client.GET("/v1/charges", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user navigated away")), 200);
    const outcome = await settle(call, 50);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ method: "GET", path: "/v1/charges", attempts: 0 });
    expect((error as RequestAbortedError).cause).toEqual(new Error("user navigated away"));
    expect(api.seen).toHaveLength(0);
  });
});

describe("the deadline through the 401 replay", () => {
  it("keeps running while the replay's token is fetched", async () => {
    // The first token comes at once, the one for the replay after 5 s.
    tokenEndpoint(server, [0, 5000]);
    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/charges`, () => {
        calls += 1;
        // A 401 without a body, as many APIs send it (only a WWW-Authenticate header).
        return new HttpResponse(null, { status: 401, headers: { "www-authenticate": "Bearer" } });
      }),
    );
    const { client, events } = oauthPaymentsClient({ deadlineMs: 1000 });
    const started = Date.now();
    const outcome = await settle(client.GET("/v1/charges"), 10);
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThanOrEqual(1010);
    expect(events.at(-1)).toMatchObject({ type: "deadline", deadlineMs: 1000 });
    expect(calls).toBe(1);
  });

  it("keeps running through the replayed request", async () => {
    tokenEndpoint(server);
    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/charges`, async () => {
        calls += 1;
        if (calls === 1) return new HttpResponse(null, { status: 401 });
        await delay("infinite");
        return HttpResponse.json({ data: [] });
      }),
    );
    const { client } = oauthPaymentsClient({ deadlineMs: 1000 });
    const started = Date.now();
    const outcome = await settle(client.GET("/v1/charges"), 10);
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThanOrEqual(1010);
    expect(calls).toBe(2);
  });
});

describe("the response body", () => {
  it("a body that stalls after the headers ends the call with DeadlineExceededError at the deadline", async () => {
    stallingBodyApi();
    const { client, events } = oauthPaymentsClient({ deadlineMs: 1000 });
    tokenEndpoint(server);
    const started = Date.now();
    const outcome = await settle(client.GET("/v1/charges"), 10);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).toMatchObject({ deadlineMs: 1000, method: "GET", path: "/v1/charges", attempts: 1 });
    expect(Date.now() - started).toBeLessThanOrEqual(1010);
    expect(events.map((e) => e.type)).toEqual(["deadline"]);
  });

  it("a body that stalls past the attempt timeout ends the call with RequestTimeoutError", async () => {
    const api = stallingBodyApi();
    tokenEndpoint(server);
    const { client } = oauthPaymentsClient({ timeoutMs: 500, deadlineMs: 1000 });
    const started = Date.now();
    const outcome = await settle(client.GET("/v1/charges"), 10);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 500, attempts: 1 });
    expect(Date.now() - started).toBeLessThanOrEqual(510);
    // The caller was already reading the body: the call is not repeated.
    expect(api.hits()).toBe(1);
  });

  it("a body read in time settles the call and stops its timers: no deadline event later", async () => {
    tokenEndpoint(server);
    paymentsApi(server);
    const { client, events } = oauthPaymentsClient({ timeoutMs: 500, deadlineMs: 1000 });
    const { data } = await client.GET("/v1/charges");
    expect(data).toEqual({ data: [] });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(events).toEqual([]);
  });

  it("a call with neither deadline nor timeout gets the fetch's own response; one with a deadline a copy with its url", async () => {
    tokenEndpoint(server);
    paymentsApi(server);
    const returned: Response[] = [];
    const recording = async (request: Request) => {
      const response = await globalThis.fetch(request);
      returned.push(response);
      return response;
    };
    const plain = oauthPaymentsClient({}, { fetch: recording }).client;
    expect((await plain.GET("/v1/charges")).response).toBe(returned[0]);
    const timed = oauthPaymentsClient({ deadlineMs: 5000 }, { fetch: recording }).client;
    const { response, data } = await timed.GET("/v1/charges");
    expect(response).not.toBe(returned[1]);
    expect(response.url).toBe(returned[1]?.url);
    expect(response.url).toBe(`${BASE}/v1/charges`);
    expect(data).toEqual({ data: [] });
  });

  it("a body the caller cancels stops the call's timers", async () => {
    stallingBodyApi();
    tokenEndpoint(server);
    const { client, events } = oauthPaymentsClient({ timeoutMs: 500, deadlineMs: 1000 });
    const { response } = await client.GET("/v1/charges", { parseAs: "stream" });
    expect(response.status).toBe(200);
    expect(vi.getTimerCount()).toBe(2);
    await response.body?.cancel();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(events).toEqual([]);
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
