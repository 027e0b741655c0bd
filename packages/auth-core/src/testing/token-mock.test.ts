import { describe, expect, it } from "vitest";
import { createTokenMock, type TokenMockDialect } from "./token-mock.js";

interface Success {
  token: string;
  ttl: number;
}
interface Failure {
  problem: string;
  id: string;
}

/** A minimal dialect: `{id, secret}` bodies, `{token, ttl}` successes, `{problem}` errors, one knob. */
function testDialect(): TokenMockDialect<"acme", Success, Failure, { loud?: boolean }> & { loud: boolean } {
  const dialect = {
    loud: false,
    provider: "acme" as const,
    tokenPath: "/token",
    expiresInUnitMs: 1000,
    defaultExpiresIn: 60,
    readCredentials({ body }: { body: unknown }, { requestId }: { requestId: string }) {
      const record = body as { id?: string; secret?: string };
      if (!record?.id || !record.secret) return { status: 400, body: { problem: "missing", id: requestId } };
      return { clientId: record.id, clientSecret: record.secret };
    },
    success: ({ accessToken, expiresIn }: { accessToken: string; expiresIn: number }) => ({
      status: 201,
      body: { token: accessToken, ttl: expiresIn },
    }),
    error: ({ kind, status }: { kind: string; status: number }, { requestId }: { requestId: string }) => ({
      status,
      body: { problem: dialect.loud ? kind.toUpperCase() : kind, id: requestId },
    }),
    rateLimitHeaders: (state: { remaining: number }) => ({ "x-left": String(state.remaining) }),
    acceptsApiCredentials: (headers: Headers) => headers.get("x-static") === "static-ok",
    configure(changes: { loud?: boolean }) {
      if (changes.loud !== undefined) dialect.loud = changes.loud;
    },
  };
  return dialect;
}

const tokenRequest = (body: unknown) => ({ headers: new Headers({ "content-type": "application/json" }), body });
const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

describe("createTokenMock", () => {
  it("issues a token in the dialect's success shape, with a fresh x-request-id per reply, and records the request", () => {
    const mock = createTokenMock(testDialect());
    const first = mock.tokenRequest(tokenRequest({ id: "a", secret: "b" }));
    expect(first).toMatchObject({ status: 201, headers: { "x-request-id": "acme-req-1" }, body: { ttl: 60 } });
    expect(mock.tokenRequest(tokenRequest({ id: "a" }))).toMatchObject({
      status: 400,
      headers: { "x-request-id": "acme-req-2" },
      body: { problem: "missing", id: "acme-req-2" },
    });
    expect(mock.lastTokenRequest?.body).toEqual({ id: "a" });
    expect(mock.stats).toMatchObject({ tokenRequests: 2, tokensIssued: 1 });
    const token = (first.body as Success).token;
    expect(mock.authorize(bearer(token))).toBeUndefined();
  });

  it("refuses credentials other than the configured pair with the dialect's invalid_client error and issues nothing", () => {
    const mock = createTokenMock(testDialect(), { clientId: "a", clientSecret: "right" });
    const reply = mock.tokenRequest(tokenRequest({ id: "a", secret: "wrong" }));
    expect(reply).toMatchObject({ status: 401, body: { problem: "invalid_client" } });
    expect(mock.stats.tokensIssued).toBe(0);
    expect(mock.tokenRequest(tokenRequest({ id: "a", secret: "right" })).status).toBe(201);
  });

  it("answers 429 past the rate limit and puts the dialect's rate-limit headers on every token reply", () => {
    const mock = createTokenMock(testDialect(), { rateLimit: { limit: 1, windowMs: 60_000 } });
    const ok = mock.tokenRequest(tokenRequest({ id: "a", secret: "b" }));
    expect(ok.headers["x-left"]).toBe("0");
    const limited = mock.tokenRequest(tokenRequest({ id: "a", secret: "b" }));
    expect(limited).toMatchObject({ status: 429, body: { problem: "rate_limited" }, headers: { "x-left": "0" } });
    expect(mock.stats.rateLimited).toBe(1);
  });

  it("answers queued failures first: the given body as is, else the dialect's error, with Retry-After", () => {
    const mock = createTokenMock(testDialect());
    mock.failNextTokenRequests(1, { status: 502, body: { problem: "exact", id: "x" }, retryAfterSeconds: 3 });
    mock.failNextTokenRequests(1);
    const exact = mock.tokenRequest(tokenRequest({ id: "a", secret: "b" }));
    expect(exact).toMatchObject({ status: 502, body: { problem: "exact", id: "x" }, headers: { "retry-after": "3" } });
    expect(mock.tokenRequest(tokenRequest({ id: "a", secret: "b" }))).toMatchObject({
      status: 503,
      body: { problem: "injected_failure" },
    });
    expect(mock.tokenRequest(tokenRequest({ id: "a", secret: "b" })).status).toBe(201);
    expect(mock.stats.injectedFailures).toBe(2);
  });

  it("expires tokens by the mock's clock in the dialect's unit, and revokes them all on demand", () => {
    let now = 0;
    const mock = createTokenMock(testDialect(), { clock: { now: () => now }, expiresIn: 10 });
    const token = (mock.tokenRequest(tokenRequest({ id: "a", secret: "b" })).body as Success).token;
    now = 9_999;
    expect(mock.authorize(bearer(token))).toBeUndefined();
    now = 10_000;
    expect(mock.authorize(bearer(token))).toMatchObject({ status: 401, body: { problem: "unauthorized" } });
    now = 0;
    mock.revokeTokens();
    expect(mock.authorize(bearer(token))?.status).toBe(401);
    expect(mock.stats).toMatchObject({ apiRequests: 3, unauthorized: 2 });
  });

  it("accepts the dialect's own API credentials and passes its knobs through configure", () => {
    const mock = createTokenMock(testDialect());
    expect(mock.authorize(new Headers({ "x-static": "static-ok" }))).toBeUndefined();
    mock.configure({ loud: true, expiresIn: 5 });
    expect(mock.authorize(new Headers())?.body.problem).toBe("UNAUTHORIZED");
    expect((mock.tokenRequest(tokenRequest({ id: "a", secret: "b" })).body as Success).ttl).toBe(5);
  });
});
