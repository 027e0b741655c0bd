import { getEventListeners } from "node:events";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { type AuthEvent, createTokenFetcher, TokenRequestError } from "./index.js";
import { formEndpoint } from "./testing/endpoint.js";
import { mswWithFakeTime } from "./testing/msw-fake-time.js";
import { rejectionOf, settle } from "./testing/time.js";

const TOKEN_URL = "https://auth.acme.test/oauth/token";
const server = mswWithFakeTime();
const signal = new AbortController().signal;

/** Answers the token URL with each response in turn (the last one repeats); counts requests. */
function respondInTurn(...responses: (() => Response | Promise<Response>)[]): { count: () => number } {
  let calls = 0;
  server.use(
    http.post(TOKEN_URL, () => {
      const next = responses[Math.min(calls, responses.length - 1)];
      calls++;
      return next?.() ?? HttpResponse.error();
    }),
  );
  return { count: () => calls };
}

const good = () => HttpResponse.json({ access_token: "tok-good", expires_in: 3600 });

describe("createTokenFetcher", () => {
  it("returns the parsed token with its lifetime in milliseconds", async () => {
    respondInTurn(good);
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL));
    const outcome = await settle(fetchToken({ signal }));
    expect(outcome).toEqual({
      ok: true,
      value: { accessToken: "tok-good", expiresInMs: 3_600_000, sentAt: expect.any(Number) },
    });
  });

  it("retries a 503 with capped full-jitter backoff and reports each retry", async () => {
    const events: AuthEvent[] = [];
    const hits = respondInTurn(
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 503 }),
      good,
    );
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), {
      baseDelayMs: 1000,
      maxDelayMs: 1500,
      random: () => 0.999,
      onEvent: (event) => events.push(event),
      credential: "k",
    });
    const outcome = await settle(fetchToken({ signal }), 50);
    expect(outcome.ok).toBe(true);
    expect(hits.count()).toBe(3);
    expect(events).toEqual([
      { type: "token_retry", credential: "k", attempt: 1, delayMs: 999, status: 503, reason: "HTTP 503" },
      { type: "token_retry", credential: "k", attempt: 2, delayMs: 1498, status: 503, reason: "HTTP 503" },
    ]);
  });

  it("dates the token from the send of the attempt that succeeded, not from the first attempt", async () => {
    respondInTurn(() => new HttpResponse(null, { status: 503 }), good);
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), {
      baseDelayMs: 2000,
      maxDelayMs: 2000,
      random: () => 0.999,
    });
    const firstSend = Date.now();
    const outcome = await settle(fetchToken({ signal }), 50);
    if (!outcome.ok) throw outcome.error;
    // The retry went out after the 1,998 ms backoff: the lifetime starts there.
    const sentAt = outcome.value.sentAt ?? Number.NaN;
    expect(sentAt - firstSend).toBeGreaterThanOrEqual(1998);
    expect(sentAt - firstSend).toBeLessThan(2100);
  });

  it("leaves no abort listener on the caller's signal once a fetch is over, retries and failures included", async () => {
    // One long-lived signal (an app's shutdown signal) passed to many fetches must not collect one
    // listener per attempt: each would keep its attempt's controller alive until the signal aborts.
    const caller = new AbortController().signal;
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), { random: () => 0 });
    respondInTurn(() => new HttpResponse(null, { status: 503 }), good);
    expect((await settle(fetchToken({ signal: caller }), 50)).ok).toBe(true);
    expect(getEventListeners(caller, "abort")).toHaveLength(0);
    respondInTurn(() => HttpResponse.json({ error: "invalid_client" }, { status: 401 }));
    expect(await rejectionOf(fetchToken({ signal: caller }))).toBeInstanceOf(TokenRequestError);
    expect(getEventListeners(caller, "abort")).toHaveLength(0);
  });

  it("stops after maxRetries and throws the last failure, typed", async () => {
    const hits = respondInTurn(() => new HttpResponse("oops", { status: 500 }));
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), { maxRetries: 2 });
    const error = await rejectionOf(fetchToken({ signal }));
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ status: 500, provider: "acme" });
    expect(hits.count()).toBe(3);
  });

  it.each([400, 401, 403, 422])("never retries HTTP %i", async (status) => {
    const hits = respondInTurn(() =>
      HttpResponse.json({ error: "invalid_client", error_description: "bad client", request_id: "rq-1" }, { status }),
    );
    const error = await rejectionOf(createTokenFetcher(formEndpoint(TOKEN_URL))({ signal }));
    expect(error).toMatchObject({ name: "TokenRequestError", status, code: "invalid_client", requestId: "rq-1" });
    expect((error as Error).message).toContain("acme");
    expect(hits.count()).toBe(1);
  });

  it("waits exactly Retry-After seconds before retrying a 429", async () => {
    const events: AuthEvent[] = [];
    respondInTurn(() => new HttpResponse(null, { status: 429, headers: { "Retry-After": "7" } }), good);
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), { onEvent: (event) => events.push(event) });
    expect((await settle(fetchToken({ signal }))).ok).toBe(true);
    expect(events).toMatchObject([{ type: "token_retry", delayMs: 7000, status: 429 }]);
  });

  it("waits until a Retry-After HTTP date", async () => {
    const events: AuthEvent[] = [];
    const at = new Date(Date.now() + 12_000).toUTCString();
    respondInTurn(() => new HttpResponse(null, { status: 429, headers: { "Retry-After": at } }), good);
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), { onEvent: (event) => events.push(event) });
    expect((await settle(fetchToken({ signal }))).ok).toBe(true);
    expect(events).toMatchObject([{ type: "token_retry", delayMs: 12_000 }]);
  });

  it("waits until X-RateLimit-Reset (unix seconds)", async () => {
    const events: AuthEvent[] = [];
    const reset = String(Math.floor(Date.now() / 1000) + 5);
    respondInTurn(() => new HttpResponse(null, { status: 429, headers: { "X-RateLimit-Reset": reset } }), good);
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), { onEvent: (event) => events.push(event) });
    expect((await settle(fetchToken({ signal }))).ok).toBe(true);
    expect(events).toMatchObject([{ type: "token_retry", delayMs: 5000 }]);
  });

  it("gives up at once when Retry-After exceeds maxRetryAfterMs, keeping retryAfterMs on the error", async () => {
    const hits = respondInTurn(() => new HttpResponse(null, { status: 429, headers: { "Retry-After": "3600" } }));
    const error = await rejectionOf(createTokenFetcher(formEndpoint(TOKEN_URL))({ signal }));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect(hits.count()).toBe(1);
  });

  it("times out a hanging attempt and retries it", async () => {
    let calls = 0;
    server.use(
      http.post(TOKEN_URL, async () => {
        calls++;
        if (calls === 1) await new Promise(() => undefined);
        return good();
      }),
    );
    const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), { timeoutMs: 2000 });
    const outcome = await settle(fetchToken({ signal }));
    expect(outcome.ok).toBe(true);
    expect(calls).toBe(2);
  });

  it.each([
    ["NaN", Number.NaN, /non-finite/],
    ["Infinity", Number.POSITIVE_INFINITY, /non-finite/],
    ["zero", 0, /non-positive/],
    ["more than a year", 366 * 86_400_000, /absurd/],
  ])("rejects a %s lifetime produced by the provider's mapping", async (_name, expiresInMs, message) => {
    respondInTurn(good);
    const endpoint = { ...formEndpoint(TOKEN_URL), toToken: () => ({ accessToken: "abc", expiresInMs }) };
    const error = await rejectionOf(createTokenFetcher(endpoint)({ signal }));
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as Error).message).toMatch(message);
  });

  it("rejects with a typed error when the caller aborts during backoff", async () => {
    respondInTurn(() => new HttpResponse(null, { status: 503 }));
    const controller = new AbortController();
    const pending = createTokenFetcher(formEndpoint(TOKEN_URL), { baseDelayMs: 10_000, random: () => 0.5 })({
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 1000);
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as Error).message).toMatch(/aborted/);
  });
});
