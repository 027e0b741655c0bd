/**
 * @scope/otel with the real OpenTelemetry SDK (BasicTracerProvider + InMemorySpanExporter, MeterProvider +
 * a MetricReader): spans per call, per attempt and per token refresh, and the metrics, for a plain GET, a GET
 * retried after 503, a POST with an idempotency key retried, a 401 replay and a failed token fetch. No span
 * attribute holds the token, the secret or the secret's hash.
 */
import { createHash } from "node:crypto";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { createClientCredentialsClient, createClientCredentialsEndpoint, withResilience } from "@scope/auth-core";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { otelInstrumentation } from "./index.js";

const BASE = "https://api.shop.test";
const TOKEN_URL = "https://auth.shop.test/token";
const SECRET = "otel-secret-value-1";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface paths {
  "/v1/orders/{id}": {
    get: {
      parameters: { path: { id: string } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
  "/v1/orders": {
    post: {
      parameters: { header?: { "Idempotency-Key"?: string } };
      requestBody: { content: { "application/json": { amount: number } } };
      responses: { 201: { content: { "application/json": { id: string } } } };
    };
  };
}

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

let issued = 0;
function tokens(status = 200) {
  server.use(
    http.post(TOKEN_URL, () => {
      if (status !== 200) return HttpResponse.json({ error: "invalid_client" }, { status });
      issued += 1;
      return HttpResponse.json({ access_token: `tok-${issued}-value`, token_type: "Bearer", expires_in: 3600 });
    }),
  );
}

function setup() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const client = createClientCredentialsClient<paths, unknown>({
    baseUrl: BASE,
    tokenUrl: TOKEN_URL,
    clientId: "shop-client",
    clientSecret: SECRET,
    fetch: (request) => globalThis.fetch(request),
    tuning: {
      tokenCacheScope: "client",
      logLevel: "off",
      token: { maxRetries: 0 },
      resilience: { baseDelayMs: 1, maxDelayMs: 2 },
      instrumentation: otelInstrumentation({ tracerProvider, meterProvider }),
    },
    endpoint: createClientCredentialsEndpoint({
      provider: "shop",
      tokenUrl: TOKEN_URL,
      clientId: "shop-client",
      clientSecret: SECRET,
    }) as never,
    publicOperations: [],
    idempotentOperations: [{ method: "POST", path: "/v1/orders", header: "Idempotency-Key" }],
  });
  const spans = () => exporter.getFinishedSpans();
  const metric = async (name: string) => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
  };
  return { client, spans, metric };
}

const calls = (spans: ReadableSpan[]) => spans.filter((span) => span.name.includes(" /v1/"));
const attemptsOf = (spans: ReadableSpan[], call: ReadableSpan) =>
  spans.filter((span) => span.parentSpanContext?.spanId === call.spanContext().spanId);
const tokenSpans = (spans: ReadableSpan[]) => spans.filter((span) => span.name === "token refresh");

/** No attribute of any span holds the secret, a token, or the secret's SHA-256. */
function expectNothingSecret(spans: ReadableSpan[]) {
  const hash = createHash("sha256").update(SECRET).digest("hex");
  const text = JSON.stringify(spans.map((span) => [span.name, span.attributes, span.status]));
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain("-value");
  expect(text).not.toContain(hash);
}

describe("@scope/otel with the OpenTelemetry SDK", () => {
  it("a plain GET: a CLIENT call span with one attempt span, a token span, and the metrics", async () => {
    tokens();
    server.use(
      http.get(`${BASE}/v1/orders/:id`, () => HttpResponse.json({ id: "o1" }, { headers: { "x-request-id": "r-9" } })),
    );
    const { client, spans, metric } = setup();
    await client.GET("/v1/orders/{id}", { params: { path: { id: "o1" } } });
    const [call] = calls(spans());
    expect(call?.name).toBe("GET /v1/orders/{id}");
    expect(call?.kind).toBe(SpanKind.CLIENT);
    expect(call?.attributes).toEqual({
      "http.request.method": "GET",
      "url.template": "/v1/orders/{id}",
      "server.address": "api.shop.test",
      "server.port": 443,
      "http.response.status_code": 200,
    });
    const attempts = attemptsOf(spans(), call as ReadableSpan);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.kind).toBe(SpanKind.CLIENT);
    expect(attempts[0]?.attributes).toMatchObject({ "http.response.status_code": 200, "scope.request.id": "r-9" });
    expect(attempts[0]?.attributes).not.toHaveProperty("http.request.resend_count");
    expect(tokenSpans(spans())).toHaveLength(1);
    const duration = await metric("http.client.request.duration");
    expect(duration?.descriptor.unit).toBe("s");
    expect(duration?.dataPoints).toHaveLength(1);
    expect((await metric("scope.auth.token.requests"))?.dataPoints[0]?.attributes).toMatchObject({
      outcome: "success",
    });
    expect((await metric("scope.auth.token.cache.lookups"))?.dataPoints[0]?.attributes).toMatchObject({
      result: "miss",
    });
    expectNothingSecret(spans());
  });

  it("a GET retried after a 503: two attempt spans, the first failed with error.type 503, the second a resend", async () => {
    tokens();
    let n = 0;
    server.use(
      http.get(`${BASE}/v1/orders/:id`, () =>
        ++n === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ id: "o1" }),
      ),
    );
    const { client, spans, metric } = setup();
    await client.GET("/v1/orders/{id}", { params: { path: { id: "o1" } } });
    const [call] = calls(spans());
    const attempts = attemptsOf(spans(), call as ReadableSpan);
    expect(attempts.map((span) => span.attributes["http.response.status_code"])).toEqual([503, 200]);
    expect(attempts[0]?.attributes["error.type"]).toBe("503");
    expect(attempts[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(attempts[1]?.attributes["http.request.resend_count"]).toBe(1);
    expect(call?.attributes["http.request.resend_count"]).toBe(1);
    expect(call?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect((await metric("scope.client.retries"))?.dataPoints[0]?.value).toBe(1);
    expect((await metric("http.client.request.duration"))?.dataPoints).toHaveLength(2);
    expectNothingSecret(spans());
  });

  it("a POST with an idempotency key retried: one call span, two attempts; the key is in no attribute", async () => {
    tokens();
    let n = 0;
    server.use(
      http.post(`${BASE}/v1/orders`, () =>
        ++n === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ id: "o2" }, { status: 201 }),
      ),
    );
    const { client, spans } = setup();
    await client.POST("/v1/orders", { body: { amount: 5 }, ...withResilience({ idempotencyKey: "idem-key-77" }) });
    const [call] = calls(spans());
    expect(call?.name).toBe("POST /v1/orders");
    const attempts = attemptsOf(spans(), call as ReadableSpan);
    expect(attempts.map((span) => span.attributes["http.response.status_code"])).toEqual([503, 201]);
    expect(attempts[1]?.attributes["http.request.resend_count"]).toBe(1);
    expect(JSON.stringify(spans().map((span) => span.attributes))).not.toContain("idem-key-77");
    expectNothingSecret(spans());
  });

  it("a 401 replay: the replayed attempt is a resend (the conventions' authorization retry) after a second token span", async () => {
    tokens();
    let n = 0;
    server.use(
      http.get(`${BASE}/v1/orders/:id`, () =>
        ++n === 1 ? new HttpResponse(null, { status: 401 }) : HttpResponse.json({ id: "o1" }),
      ),
    );
    const { client, spans } = setup();
    await client.GET("/v1/orders/{id}", { params: { path: { id: "o1" } } });
    const [call] = calls(spans());
    const attempts = attemptsOf(spans(), call as ReadableSpan);
    expect(attempts.map((span) => span.attributes)).toEqual([
      expect.objectContaining({ "http.response.status_code": 401, "error.type": "401" }),
      expect.objectContaining({
        "http.response.status_code": 200,
        "http.request.resend_count": 1,
        "scope.request.replay_reason": "unauthorized",
      }),
    ]);
    expect(tokenSpans(spans())).toHaveLength(2);
    expect(call?.attributes["http.response.status_code"]).toBe(200);
    expectNothingSecret(spans());
  });

  it("a token fetch that fails: a failed token span (error.type, status) and a failed call span with no attempt", async () => {
    tokens(401);
    const { client, spans, metric } = setup();
    await expect(client.GET("/v1/orders/{id}", { params: { path: { id: "o1" } } })).rejects.toThrow();
    const [token] = tokenSpans(spans());
    expect(token?.status.code).toBe(SpanStatusCode.ERROR);
    expect(token?.attributes).toMatchObject({ "error.type": "TokenRequestError", "http.response.status_code": 401 });
    const [call] = calls(spans());
    expect(call?.attributes["error.type"]).toBe("TokenRequestError");
    expect(call?.status.code).toBe(SpanStatusCode.ERROR);
    expect(attemptsOf(spans(), call as ReadableSpan)).toHaveLength(0);
    expect((await metric("scope.auth.token.requests"))?.dataPoints[0]?.attributes).toMatchObject({
      outcome: "failure",
    });
    expectNothingSecret(spans());
  });
});
