/**
 * The one event stream, through the public client factory: token lifecycle, an `api_attempt` per HTTP
 * attempt (the 401 replay included) and the resilience decisions reach the client's `onEvent`; every
 * event names the credentials by provider and client id, never the cache key or the secret's hash.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { type ClientEvent, createClientCredentialsClient } from "../index.js";
import { sha256Hex } from "../sha256.js";
import { formEndpoint } from "../testing/endpoint.js";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { TOKEN_URL, tokenEndpoint } from "../testing/oauth-payments.js";
import { BASE, paymentsApi } from "../testing/payments-api.js";
import { type paths, paymentsIdempotentOperations } from "../testing/payments-paths.js";
import { settle } from "../testing/time.js";

const server = mswWithFakeTime();
const SECRET = "s3cret-value";

function client(tuning: { resilience?: { maxRetries?: number } } = {}) {
  const events: ClientEvent[] = [];
  const api = createClientCredentialsClient<paths, unknown>({
    baseUrl: BASE,
    tokenUrl: TOKEN_URL,
    clientId: "client-1",
    clientSecret: SECRET,
    fetch: (request) => globalThis.fetch(request),
    tuning: { tokenCacheScope: "client", onEvent: (event) => events.push(event), logLevel: "off", ...tuning },
    endpoint: formEndpoint(TOKEN_URL, { clientId: "client-1", clientSecret: SECRET }) as never,
    publicOperations: [],
    idempotentOperations: paymentsIdempotentOperations,
  });
  return { api, events };
}

const attempts = (events: ClientEvent[]) => events.filter((event) => event.type === "api_attempt");

describe("one event stream per client", () => {
  it("a plain GET: token lifecycle then one api_attempt with method, path template, origin, status, request id and duration", async () => {
    tokenEndpoint(server);
    server.use(
      http.get(`${BASE}/v1/charges/:id`, () =>
        HttpResponse.json({ id: "ch_1" }, { headers: { "x-request-id": "req-42" } }),
      ),
    );
    const { api, events } = client();
    await api.GET("/v1/charges/{charge_id}", { params: { path: { charge_id: "ch_1" } } });
    expect(events.map((event) => event.type)).toEqual([
      "cache_miss",
      "refresh_start",
      "refresh_success",
      "api_attempt",
    ]);
    expect(attempts(events)).toEqual([
      {
        type: "api_attempt",
        method: "GET",
        path: "/v1/charges/{charge_id}",
        origin: BASE,
        url: `${BASE}/v1/charges/ch_1`,
        attempt: 1,
        durationMs: 0,
        status: 200,
        requestId: "req-42",
      },
    ]);
    await api.GET("/v1/charges/{charge_id}", { params: { path: { charge_id: "ch_1" } } });
    expect(events.at(-2)).toMatchObject({ type: "cache_hit", credential: "acme:client-1" });
  });

  it("a GET retried after a 503: the first attempt says why and how long until the retry, the resilience retry event is on the same stream", async () => {
    tokenEndpoint(server);
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { api: payments, events } = client();
    const outcome = await settle(payments.GET("/v1/charges"), 10);
    expect(outcome.ok).toBe(true);
    const [first, second] = attempts(events);
    expect(first).toMatchObject({ attempt: 1, status: 503, retryReason: "HTTP 503" });
    expect(first?.retryWaitMs).toBeGreaterThanOrEqual(0);
    expect(second).toMatchObject({ attempt: 2, status: 200 });
    expect(second).not.toHaveProperty("retryReason");
    expect(events).toContainEqual(expect.objectContaining({ type: "retry", status: 503, method: "GET" }));
  });

  it("a 401 replay is an attempt of its own, flagged, after the invalidate and the refresh", async () => {
    tokenEndpoint(server);
    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/charges`, () => {
        calls += 1;
        return calls === 1 ? new HttpResponse(null, { status: 401 }) : HttpResponse.json({ data: [] });
      }),
    );
    const { api, events } = client();
    await api.GET("/v1/charges");
    expect(attempts(events).map(({ attempt, status, replay }) => ({ attempt, status, replay }))).toEqual([
      { attempt: 1, status: 401, replay: undefined },
      { attempt: 2, status: 200, replay: true },
    ]);
    const types = events.map((event) => event.type);
    expect(types.indexOf("invalidate")).toBeLessThan(types.lastIndexOf("api_attempt"));
  });

  it("query values never reach an event: the url keeps the names with *** values", async () => {
    tokenEndpoint(server);
    server.use(http.get(`${BASE}/v1/charges`, () => HttpResponse.json({ data: [] })));
    const { api, events } = client();
    await api.GET("/v1/charges", { params: { query: { cursor: "secret-cursor" } } as never });
    expect(attempts(events)[0]?.url).toBe(`${BASE}/v1/charges?cursor=***`);
    expect(JSON.stringify(events)).not.toContain("secret-cursor");
  });

  it("a token request retried then failing: token_retry and refresh_failure, naming the credential only", async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({ detail: "down" }, { status: 503 })));
    const { api, events } = client();
    const outcome = await settle(api.GET("/v1/charges"), 100);
    expect(outcome.ok).toBe(false);
    const types = events.map((event) => event.type);
    expect(types).toContain("token_retry");
    expect(types).toContain("refresh_failure");
    for (const event of events) {
      if ("credential" in event) expect(event.credential).toBe("acme:client-1");
      expect(event).not.toHaveProperty("key");
    }
    const text = JSON.stringify(events);
    expect(text).not.toContain(sha256Hex(SECRET));
    expect(text).not.toContain("sha256");
  });

  it("a PATCH (no idempotency key) is not retried: retry_skipped and the attempt without a retry reason", async () => {
    tokenEndpoint(server);
    server.use(http.patch(`${BASE}/v1/charges/:id`, () => new HttpResponse(null, { status: 503 })));
    const { api, events } = client();
    await api.PATCH("/v1/charges/{charge_id}", { params: { path: { charge_id: "ch_1" } }, body: { amount: 1 } });
    expect(events).toContainEqual(expect.objectContaining({ type: "retry_skipped", method: "PATCH" }));
    expect(attempts(events)).toHaveLength(1);
    expect(attempts(events)[0]).not.toHaveProperty("retryReason");
  });
});
