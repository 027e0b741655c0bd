/**
 * Logging through the public client factory: `logger` + `logLevel` (default `warn`), the `SCOPE_LOG` /
 * `<PROVIDER>_LOG` environment switch (provider wins over SCOPE_LOG, the option wins over both), one
 * debug line per attempt without query values, tokens or the secret, and `console` as the default logger.
 */
import { HttpResponse, http } from "msw";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createClientCredentialsClient, type Logger, type LogLevel } from "../index.js";
import { formEndpoint } from "../testing/endpoint.js";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { TOKEN_URL, tokenEndpoint } from "../testing/oauth-payments.js";
import { BASE, paymentsApi } from "../testing/payments-api.js";
import { type paths, paymentsIdempotentOperations } from "../testing/payments-paths.js";
import { settle } from "../testing/time.js";

const server = mswWithFakeTime();
const SECRET = "log-secret-123";

/** A fake logger recording each line with its level. */
function fakeLogger() {
  const lines: { level: string; text: string }[] = [];
  const at =
    (level: string) =>
    (text: string): void => {
      lines.push({ level, text });
    };
  const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, lines };
}

function client(options: { logger?: Logger; logLevel?: LogLevel; maxRetries?: number } = {}) {
  return createClientCredentialsClient<paths, unknown>({
    baseUrl: BASE,
    tokenUrl: TOKEN_URL,
    clientId: "client-1",
    clientSecret: SECRET,
    fetch: (request) => globalThis.fetch(request),
    tuning: {
      tokenCacheScope: "client",
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      resilience: { maxRetries: options.maxRetries ?? 2 },
    },
    endpoint: formEndpoint(TOKEN_URL, { clientId: "client-1", clientSecret: SECRET }) as never,
    publicOperations: [],
    idempotentOperations: paymentsIdempotentOperations,
  });
}

const env = (globalThis as { process: { env: Record<string, string | undefined> } }).process.env;
// The test config sets SCOPE_LOG=off so other tests print no log lines; these tests prove the default
// level and the switch, so each starts without it (and the file leaves it as it found it).
const configured = env.SCOPE_LOG;
const clearLogEnv = () => {
  delete env.SCOPE_LOG;
  delete env.ACME_LOG;
};
beforeEach(clearLogEnv);
afterEach(() => {
  clearLogEnv();
  vi.restoreAllMocks();
});
afterAll(() => {
  if (configured !== undefined) env.SCOPE_LOG = configured;
});

describe("logging", () => {
  it("debug: one line per attempt with method, URL without query values, status, duration and attempt; no token, no secret", async () => {
    tokenEndpoint(server);
    server.use(
      http.get(`${BASE}/v1/charges`, () => HttpResponse.json({ data: [] }, { headers: { "x-request-id": "r-1" } })),
    );
    const { logger, lines } = fakeLogger();
    await client({ logger, logLevel: "debug" }).GET("/v1/charges", {
      params: { query: { cursor: "c-secret" } } as never,
    });
    const attempt = lines.find((line) => line.text.includes("GET "));
    expect(attempt).toEqual({
      level: "debug",
      text: `[acme] GET ${BASE}/v1/charges?cursor=*** attempt 1 -> HTTP 200 in 0 ms request-id=r-1`,
    });
    const all = lines.map((line) => line.text).join("\n");
    expect(all).not.toContain("c-secret");
    expect(all).not.toContain("token-1");
    expect(all).not.toContain(SECRET);
    expect(all).toContain("[acme] refresh_success credential=acme:client-1 durationMs=0");
  });

  it("warn (the default): no debug or info line, a warning when retries are exhausted", async () => {
    tokenEndpoint(server);
    const api = paymentsApi(server);
    api.faults.failNext(3, { kind: "status", status: 503 });
    const { logger, lines } = fakeLogger();
    await settle(client({ logger, maxRetries: 1 }).GET("/v1/charges"), 10);
    expect(lines).toEqual([
      { level: "warn", text: "[acme] retry_exhausted GET /v1/charges attempts=2 status=503 reason=max_retries" },
    ]);
  });

  it("off: nothing, even for an error", async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({ detail: "no" }, { status: 400 })));
    const { logger, lines } = fakeLogger();
    await settle(client({ logger, logLevel: "off" }).GET("/v1/charges"), 10);
    expect(lines).toEqual([]);
  });

  it("a token failure is logged at error level by default, redacted", async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({ detail: `bad secret ${SECRET}` }, { status: 400 })));
    const { logger, lines } = fakeLogger();
    await settle(client({ logger }).GET("/v1/charges"), 10);
    expect(lines.map((line) => line.level)).toEqual(["error"]);
    expect(lines[0]?.text).toContain(
      "[acme] refresh_failure credential=acme:client-1 durationMs=0 error=acme token request failed with HTTP 400",
    );
    expect(lines[0]?.text).not.toContain(SECRET);
  });

  it("a request id echoing the secret reaches neither the event nor the log line (redacted as ***)", async () => {
    tokenEndpoint(server);
    server.use(
      http.get(`${BASE}/v1/charges`, () =>
        HttpResponse.json({ data: [] }, { headers: { "x-request-id": `rid-${SECRET}` } }),
      ),
    );
    const { logger, lines } = fakeLogger();
    const events: unknown[] = [];
    const api = createClientCredentialsClient<paths, unknown>({
      baseUrl: BASE,
      tokenUrl: TOKEN_URL,
      clientId: "client-1",
      clientSecret: SECRET,
      fetch: (request) => globalThis.fetch(request),
      tuning: { tokenCacheScope: "client", logger, logLevel: "debug", onEvent: (event) => events.push(event) },
      endpoint: formEndpoint(TOKEN_URL, { clientId: "client-1", clientSecret: SECRET }) as never,
      publicOperations: [],
    });
    await api.GET("/v1/charges");
    expect(JSON.stringify(events)).toContain("rid-***");
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(lines.map((line) => line.text).join("\n")).not.toContain(SECRET);
  });

  it("SCOPE_LOG=debug turns debug on; <PROVIDER>_LOG wins over it; the logLevel option wins over both", async () => {
    tokenEndpoint(server);
    server.use(http.get(`${BASE}/v1/charges`, () => HttpResponse.json({ data: [] })));
    const run = async (options: { logLevel?: LogLevel } = {}) => {
      const { logger, lines } = fakeLogger();
      await client({ logger, ...options }).GET("/v1/charges");
      return lines.some((line) => line.level === "debug");
    };
    env.SCOPE_LOG = "debug";
    expect(await run()).toBe(true);
    env.ACME_LOG = "warn";
    expect(await run()).toBe(false);
    env.ACME_LOG = "debug";
    expect(await run({ logLevel: "error" })).toBe(false);
    env.ACME_LOG = "loud"; // not a level: ignored, SCOPE_LOG applies
    expect(await run()).toBe(true);
  });

  it("console is the default logger and works as it is", async () => {
    const api = paymentsApi(server);
    tokenEndpoint(server);
    api.faults.failNext(3, { kind: "status", status: 503 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await settle(client({ maxRetries: 0 }).GET("/v1/charges"), 10);
    await settle(client({ maxRetries: 1 }).GET("/v1/charges"), 10);
    expect(warn).toHaveBeenCalledWith(
      "[acme] retry_exhausted GET /v1/charges attempts=2 status=503 reason=max_retries",
    );
  });
});
