/** The retry budget (a token bucket per origin, as in the AWS SDKs' standard retry mode), through a client. */
import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { oauthPaymentsClient, tokenEndpoint } from "../testing/oauth-payments.js";
import { BASE } from "../testing/payments-api.js";
import { settle } from "../testing/time.js";
import { RequestTimeoutError } from "./errors.js";
import type { ResilienceEvent } from "./types.js";

const server = mswWithFakeTime();

/** GET /v1/charges on `base`: 503 while `down()` says so, else 200; counts the requests. */
function switchableApi(base = BASE) {
  let down = true;
  let requests = 0;
  server.use(
    http.get(`${base}/v1/charges`, () => {
      requests += 1;
      return down ? HttpResponse.json({ error: "unavailable" }, { status: 503 }) : HttpResponse.json({ data: [] });
    }),
  );
  return {
    requests: () => requests,
    up: () => {
      down = false;
    },
    down: () => {
      down = true;
    },
  };
}

const types = (events: ResilienceEvent[]) => events.map((e) => (e.type === "retry_exhausted" ? e.reason : e.type));

describe("the retry budget", () => {
  it("stops retrying when the API is down and the bucket is empty: calls fail fast with the last response", async () => {
    tokenEndpoint(server);
    const api = switchableApi();
    const { client, events } = oauthPaymentsClient({ retryBudget: { capacity: 20, retryCost: 5 } });
    const statuses: number[] = [];
    for (let call = 0; call < 4; call++) {
      const outcome = await settle(client.GET("/v1/charges"), 10);
      statuses.push(outcome.ok ? outcome.value.response.status : 0);
    }
    expect(statuses).toEqual([503, 503, 503, 503]);
    // 2 calls x 3 attempts spend the 20 tokens; the next two get one attempt each.
    expect(api.requests()).toBe(8);
    expect(types(events)).toEqual([
      ...["retry", "retry", "max_retries", "retry", "retry", "max_retries"],
      ...["retry_budget_empty", "retry_budget"],
      "retry_budget",
    ]);
    const empty = events.find((e) => e.type === "retry_budget_empty");
    expect(empty).toMatchObject({ origin: BASE, capacity: 20, method: "GET", path: "/v1/charges" });
  });

  it("is on by default: 500 tokens, 5 per retry, so at most 100 retries while the API is down", async () => {
    tokenEndpoint(server);
    const api = switchableApi();
    const { client, events } = oauthPaymentsClient();
    const calls = 80;
    const outcome = await settle(Promise.all(Array.from({ length: calls }, () => client.GET("/v1/charges"))), 10);
    expect(outcome.ok && outcome.value.every((result) => result.response.status === 503)).toBe(true);
    expect(api.requests()).toBe(calls + 100);
    expect(events.filter((e) => e.type === "retry_budget_empty")).toHaveLength(1);
  });

  it("retryBudget: false retries every call maxRetries times", async () => {
    tokenEndpoint(server);
    const api = switchableApi();
    const { client, events } = oauthPaymentsClient({ retryBudget: false });
    const calls = 80;
    await settle(Promise.all(Array.from({ length: calls }, () => client.GET("/v1/charges"))), 10);
    expect(api.requests()).toBe(calls * 3);
    expect(events.some((e) => e.type === "retry_budget_empty")).toBe(false);
  });

  it("successes refill it: one token per call that did not retry, the retry's cost for one that did", async () => {
    tokenEndpoint(server);
    const api = switchableApi();
    const { client, events } = oauthPaymentsClient({ retryBudget: { capacity: 10, retryCost: 5 }, maxRetries: 1 });
    await settle(client.GET("/v1/charges"), 10); // 2 attempts: 5 tokens left
    await settle(client.GET("/v1/charges"), 10); // 2 attempts: 0 left
    await settle(client.GET("/v1/charges"), 10); // 1 attempt: refused
    expect(api.requests()).toBe(5);
    api.up();
    for (let call = 0; call < 5; call++) await settle(client.GET("/v1/charges"), 10); // +5
    api.down();
    await settle(client.GET("/v1/charges"), 10); // may retry once again: 2 attempts, 0 left
    expect(api.requests()).toBe(5 + 5 + 2);
    await settle(client.GET("/v1/charges"), 10); // refused: 1 attempt
    expect(api.requests()).toBe(13);
    expect(events.filter((e) => e.type === "retry_budget_empty")).toHaveLength(2);
  });

  it("a call that succeeds after a retry gives the retry's cost back", async () => {
    tokenEndpoint(server);
    let requests = 0;
    server.use(
      http.get(`${BASE}/v1/charges`, () => {
        requests += 1;
        // Every odd request fails, the retry succeeds.
        return requests % 2 === 1
          ? HttpResponse.json({ error: "unavailable" }, { status: 503 })
          : HttpResponse.json({ data: [] });
      }),
    );
    const { client, events } = oauthPaymentsClient({ retryBudget: { capacity: 5, retryCost: 5 } });
    for (let call = 0; call < 4; call++) {
      const outcome = await settle(client.GET("/v1/charges"), 10);
      expect(outcome.ok && outcome.value.response.status).toBe(200);
    }
    expect(requests).toBe(8);
    expect(events.every((e) => e.type === "retry")).toBe(true);
  });

  it("a retry after a timed-out attempt costs timeoutRetryCost", async () => {
    tokenEndpoint(server);
    let requests = 0;
    server.use(
      http.get(`${BASE}/v1/charges`, async () => {
        requests += 1;
        await delay("infinite");
        return HttpResponse.json({ data: [] });
      }),
    );
    const { client, events } = oauthPaymentsClient({
      timeoutMs: 100,
      retryBudget: { capacity: 10, retryCost: 1, timeoutRetryCost: 10 },
    });
    const outcome = await settle(client.GET("/v1/charges"), 10);
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(RequestTimeoutError);
    expect(requests).toBe(2);
    expect(types(events)).toEqual(["retry", "retry_budget_empty", "retry_budget"]);
  });

  it("keeps one bucket per origin: another origin still retries when the base URL's bucket is empty", async () => {
    tokenEndpoint(server);
    const other = "https://eu.payments.test";
    const api = switchableApi();
    const elsewhere = switchableApi(other);
    const { client } = oauthPaymentsClient({ retryBudget: { capacity: 5, retryCost: 5 }, maxRetries: 1 });
    await settle(client.GET("/v1/charges"), 10); // the base URL's 5 tokens spent
    await settle(client.GET("/v1/charges"), 10); // refused
    expect(api.requests()).toBe(3);
    await settle(client.GET("/v1/charges", { baseUrl: other }), 10);
    expect(elsewhere.requests()).toBe(2);
  });

  it("is shared by the clients of a process: a client built per request does not get a fresh budget each time", async () => {
    tokenEndpoint(server);
    const api = switchableApi();
    const calls = 60;
    const dry: ResilienceEvent[] = [];
    for (let call = 0; call < calls; call++) {
      const { client, events } = oauthPaymentsClient({ retryBudget: { capacity: 20, retryCost: 5 } });
      await settle(client.GET("/v1/charges"), 10);
      dry.push(...events.filter((e) => e.type === "retry_budget_empty"));
    }
    // 4 retries' worth of tokens in all: 60 calls send 60 + 4 requests, not 60 x 3.
    expect(api.requests()).toBe(calls + 4);
    expect(dry).toHaveLength(1);
  });
});
