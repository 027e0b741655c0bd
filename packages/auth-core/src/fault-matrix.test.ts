import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { createTokenCache, createTokenFetcher, TokenRequestError } from "./index.js";
import { formEndpoint } from "./testing/endpoint.js";
import { mswWithFakeTime } from "./testing/msw-fake-time.js";
import { rejectionOf, settle } from "./testing/time.js";

const TOKEN_URL = "https://auth.acme.test/oauth/token";
const server = mswWithFakeTime();

const json = (body: Record<string, unknown> | unknown[], init?: ResponseInit) => () =>
  HttpResponse.json(body as Record<string, string>, init);
const text = (body: string, init?: ResponseInit) => () => new HttpResponse(body, init);
const html = (status: number) => () =>
  new HttpResponse("<!doctype html><html><body><h1>Bad Gateway</h1></body></html>", {
    status,
    headers: { "content-type": "text/html" },
  });
const oauthError = (status: number, headers: Record<string, string> = {}) =>
  json(
    { error: `e${status}`, error_description: `failure ${status}`, request_id: `rq-${status}` },
    { status, headers },
  );

interface FaultCase {
  name: string;
  respond: () => Response | Promise<Response>;
  expected: { [K in keyof TokenRequestError]?: TokenRequestError[K] | undefined };
  message: RegExp;
  attempts: number;
}

const retryAfterDate = () => new Date(Date.now() + 2_000).toUTCString();

const cases: FaultCase[] = [
  {
    name: "400",
    respond: oauthError(400),
    expected: { status: 400, code: "e400", requestId: "rq-400" },
    message: /HTTP 400: e400 - failure 400/,
    attempts: 1,
  },
  { name: "401", respond: oauthError(401), expected: { status: 401, code: "e401" }, message: /HTTP 401/, attempts: 1 },
  { name: "403", respond: oauthError(403), expected: { status: 403, code: "e403" }, message: /HTTP 403/, attempts: 1 },
  { name: "422", respond: oauthError(422), expected: { status: 422, code: "e422" }, message: /HTTP 422/, attempts: 1 },
  { name: "429", respond: oauthError(429), expected: { status: 429 }, message: /HTTP 429/, attempts: 3 },
  {
    name: "429 + Retry-After seconds",
    respond: oauthError(429, { "Retry-After": "2" }),
    expected: { status: 429, retryAfterMs: 2000 },
    message: /HTTP 429/,
    attempts: 3,
  },
  {
    name: "429 + Retry-After HTTP date",
    respond: () => oauthError(429, { "Retry-After": retryAfterDate() })(),
    expected: { status: 429 },
    message: /HTTP 429/,
    attempts: 3,
  },
  {
    name: "429 + X-RateLimit-Reset",
    respond: () => oauthError(429, { "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 3) })(),
    expected: { status: 429 },
    message: /HTTP 429/,
    attempts: 3,
  },
  {
    name: "503 with Turris' rate headers (remaining 7, reset in 60 s): transient, retried with backoff",
    respond: () =>
      oauthError(503, {
        "X-RateLimit-Limit": "10",
        "X-RateLimit-Remaining": "7",
        "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 60),
      })(),
    expected: { status: 503, retryAfterMs: undefined },
    message: /HTTP 503/,
    attempts: 3,
  },
  {
    name: "503 + Retry-After seconds (honoured: HTTP gives 503 a Retry-After)",
    respond: oauthError(503, { "Retry-After": "2" }),
    expected: { status: 503, retryAfterMs: 2000 },
    message: /HTTP 503/,
    attempts: 3,
  },
  {
    name: "500 + Retry-After (not a status Retry-After applies to: backoff instead)",
    respond: oauthError(500, { "Retry-After": "3600" }),
    expected: { status: 500, retryAfterMs: undefined },
    message: /HTTP 500/,
    attempts: 3,
  },
  {
    name: "502 with X-RateLimit-Remaining 0 (the reset counts: the quota is spent)",
    respond: () =>
      oauthError(502, {
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 2),
      })(),
    expected: { status: 502 },
    message: /HTTP 502/,
    attempts: 3,
  },
  {
    name: "500",
    respond: text("internal", { status: 500 }),
    expected: { status: 500 },
    message: /HTTP 500/,
    attempts: 3,
  },
  {
    name: "502 with an HTML body",
    respond: html(502),
    expected: { status: 502 },
    message: /HTTP 502 \(HTML body\)/,
    attempts: 3,
  },
  { name: "network error", respond: () => HttpResponse.error(), expected: {}, message: /network error/, attempts: 3 },
  {
    name: "200 with an HTML body",
    respond: html(200),
    expected: { status: 200 },
    message: /is HTML, not JSON/,
    attempts: 1,
  },
  {
    name: "malformed JSON",
    respond: text('{"access_token": "abc", ', { status: 200 }),
    expected: { status: 200 },
    message: /not valid JSON/,
    attempts: 1,
  },
  {
    name: "empty body",
    respond: text("", { status: 200 }),
    expected: { status: 200 },
    message: /not valid JSON/,
    attempts: 1,
  },
  {
    name: "non-string token",
    respond: json({ access_token: 42, expires_in: 3600 }),
    expected: { status: 200 },
    message: /access_token: invalid_type \(expected string\)/,
    attempts: 1,
  },
  {
    name: "missing token",
    respond: json({ expires_in: 3600 }),
    expected: { status: 200 },
    message: /access_token/,
    attempts: 1,
  },
  {
    name: "empty token",
    respond: json({ access_token: "", expires_in: 3600 }),
    expected: { status: 200 },
    message: /no access token/,
    attempts: 1,
  },
  {
    name: "missing lifetime",
    respond: json({ access_token: "abc" }),
    expected: { status: 200 },
    message: /expires_in/,
    attempts: 1,
  },
  {
    name: "string lifetime",
    respond: json({ access_token: "abc", expires_in: "3600" }),
    expected: { status: 200 },
    message: /expires_in/,
    attempts: 1,
  },
  {
    name: "non-finite lifetime",
    respond: text('{"access_token":"abc","expires_in":1e400}', { status: 200 }),
    expected: { status: 200 },
    message: /expires_in: invalid_type/,
    attempts: 1,
  },
  {
    name: "zero lifetime",
    respond: json({ access_token: "abc", expires_in: 0 }),
    expected: { status: 200 },
    message: /non-positive lifetime/,
    attempts: 1,
  },
  {
    name: "negative lifetime",
    respond: json({ access_token: "abc", expires_in: -60 }),
    expected: { status: 200 },
    message: /non-positive lifetime/,
    attempts: 1,
  },
  {
    name: "absurd lifetime (> 1 year)",
    respond: json({ access_token: "abc", expires_in: 366 * 86_400 }),
    expected: { status: 200 },
    message: /absurd lifetime/,
    attempts: 1,
  },
  { name: "JSON array body", respond: json([1, 2]), expected: { status: 200 }, message: /is invalid/, attempts: 1 },
];

describe("fault matrix: every token endpoint failure ends typed, then a good response recovers", () => {
  it.each(cases)("$name", async ({ respond, expected, message, attempts }) => {
    let mode: "fault" | "good" = "fault";
    let requests = 0;
    server.use(
      http.post(TOKEN_URL, () => {
        requests++;
        return mode === "fault" ? respond() : HttpResponse.json({ access_token: "recovered", expires_in: 3600 });
      }),
    );
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), {
      maxRetries: 2,
      baseDelayMs: 100,
      maxDelayMs: 400,
    });
    const cache = createTokenCache({ key: "acme|k", fetchToken, negativeCacheMs: 1000 });

    const error = await rejectionOf(cache.getToken());
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ name: "TokenRequestError", provider: "acme", ...expected });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^acme /);
    expect(requests).toBe(attempts);

    // The failure is remembered briefly: no new request, same error.
    expect(await rejectionOf(cache.getToken())).toBe(error);
    expect(requests).toBe(attempts);

    mode = "good";
    await vi.advanceTimersByTimeAsync(5_000);
    const outcome = await settle(cache.getToken());
    expect(outcome).toMatchObject({ ok: true, value: { accessToken: "recovered" } });
  });

  it("one Turris-style 503 (rate headers with a reset a minute away) is retried at once, not waited out or negative-cached", async () => {
    let requests = 0;
    server.use(
      http.post(TOKEN_URL, () => {
        requests++;
        if (requests > 1) return HttpResponse.json({ access_token: "after-503", expires_in: 3600 });
        return HttpResponse.json(
          { error: "unavailable" },
          {
            status: 503,
            headers: {
              "X-RateLimit-Limit": "10",
              "X-RateLimit-Remaining": "9",
              "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 60),
            },
          },
        );
      }),
    );
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), { baseDelayMs: 100, maxDelayMs: 400 });
    const cache = createTokenCache({ key: "acme|k", fetchToken });
    const started = Date.now();
    expect(await settle(cache.getToken(), 10)).toMatchObject({ ok: true, value: { accessToken: "after-503" } });
    expect(requests).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("a hang past the per-attempt timeout ends typed and recovers", async () => {
    let mode: "hang" | "good" = "hang";
    server.use(
      http.post(TOKEN_URL, async () => {
        if (mode === "hang") await new Promise(() => undefined);
        return HttpResponse.json({ access_token: "recovered", expires_in: 3600 });
      }),
    );
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), { timeoutMs: 1_000, maxRetries: 1 });
    const cache = createTokenCache({ key: "acme|k", fetchToken });
    const error = await rejectionOf(cache.getToken());
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as Error).message).toMatch(/timed out after 1000 ms/);
    mode = "good";
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await settle(cache.getToken())).toMatchObject({ ok: true, value: { accessToken: "recovered" } });
  });
});
