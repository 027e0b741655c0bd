/**
 * One framework-free mock token endpoint for every provider: the request flow (count, record, rate
 * limit, queued failure, credential check, issue), the API-side bearer check and the knobs live here;
 * a provider hands in its dialect (wire format, status codes, error bodies, rate-limit headers).
 * The msw handlers (./provider-mock.ts) and the loopback emulator both drive it. Imports no msw.
 */
import {
  bearerToken,
  failureHeaders,
  type MockClock,
  type MockFailure,
  type MockRateLimit,
  type MockReply,
  type MockStats,
  MockTokenAuthority,
  type RateLimitState,
} from "./mock-authority.js";

/** Knobs every provider's token mock takes; all optional. */
export interface TokenMockOptions {
  /** `expires_in` of issued tokens, in the provider's unit. Default: the dialect's. */
  expiresIn?: number;
  /** Accepted client id; when omitted any non-empty client id is accepted. */
  clientId?: string;
  /** Accepted client secret; when omitted any non-empty secret is accepted. A wrong one gets the provider's 401. */
  clientSecret?: string;
  /** Token-request rate limit; `false` turns it off. Default: the dialect's (usually off). */
  rateLimit?: MockRateLimit | false;
  /** Clock deciding token expiry and the rate-limit window. Default `Date.now`. */
  clock?: MockClock;
}

/** Why the mock refuses a request; the dialect renders each in the provider's error shape. */
export type TokenMockErrorKind = "rate_limited" | "injected_failure" | "invalid_client" | "unauthorized";

/** What a dialect renders one reply with: a fresh request id and the mock's clock. */
export interface TokenMockReplyContext {
  /** This reply's id, also sent as `x-request-id` (`<provider>-req-<n>`). */
  readonly requestId: string;
  /** The mock clock's current time, in epoch milliseconds. */
  now(): number;
}

/** A status and body (plus extra headers) a dialect renders; the mock adds `x-request-id` and rate headers. */
export interface DialectReply<TBody> {
  /** HTTP status to answer with. */
  status: number;
  /** JSON body in the provider's shape. */
  body: TBody;
  /** Extra response headers (lower-case names); none by default. */
  headers?: Record<string, string>;
}

/** The provider-specific part of a mock token endpoint. */
export interface TokenMockDialect<P extends string, TSuccess, TError, TConfig extends object = object> {
  /** Provider name, e.g. "dollr"; prefixes request ids and issued tokens. */
  readonly provider: P;
  /** The token path as routed on the provider's base URL, e.g. `/v1/oauth/token`. */
  readonly tokenPath: string;
  /** Milliseconds per `expires_in` unit (60,000 for minutes). */
  readonly expiresInUnitMs: number;
  /** `expires_in` of issued tokens unless the options say otherwise. */
  readonly defaultExpiresIn: number;
  /** Rate limit unless the options say otherwise. Default off. */
  readonly defaultRateLimit?: MockRateLimit | false;
  /** Reads the client credentials out of a token request, or answers a malformed one. */
  readCredentials(
    request: { headers: Headers; body: unknown },
    context: TokenMockReplyContext,
  ): { clientId: string; clientSecret: string } | DialectReply<TError>;
  /** The provider's success reply for an issued token. */
  success(token: { accessToken: string; expiresIn: number }, context: TokenMockReplyContext): DialectReply<TSuccess>;
  /** The provider's error reply for a refusal with this status. */
  error(problem: { kind: TokenMockErrorKind; status: number }, context: TokenMockReplyContext): DialectReply<TError>;
  /** Headers every token reply carries for the rate-limit window (Turris' `X-RateLimit-*`, a 429's `Retry-After`). */
  rateLimitHeaders?(state: RateLimitState, nowMs: number): Record<string, string>;
  /** API credentials accepted besides issued tokens (secret keys, static tokens). */
  acceptsApiCredentials?(headers: Headers): boolean;
  /** Applies the dialect's own run-time knobs. */
  configure?(changes: TConfig): void;
}

/** A provider's token-endpoint mock with its counters and knobs. */
export interface ProviderTokenMock<P extends string, TSuccess, TError, TConfig extends object = object> {
  /** Provider name, e.g. "dollr". */
  readonly provider: P;
  /** Milliseconds per `expires_in` unit. */
  readonly expiresInUnitMs: number;
  /** Live token and API request counters; zeroed by `reset()`. */
  readonly stats: Readonly<MockStats>;
  /** The last token request's headers (lower-case names) and parsed body. */
  readonly lastTokenRequest: { headers: Record<string, string>; body: unknown } | undefined;
  /** Answers one token request. */
  tokenRequest(request: { headers: Headers; body: unknown }): MockReply<TSuccess | TError>;
  /** Checks an API request's credentials: `undefined` when authorized, else the 401 reply. */
  authorize(headers: Headers): MockReply<TError> | undefined;
  /** Makes the next `count` token requests fail (default: HTTP 503). */
  failNextTokenRequests(count: number, failure?: MockFailure<TError>): void;
  /** Invalidates every issued token. */
  revokeTokens(): void;
  /** Changes knobs at run time. */
  configure(options: { expiresIn?: number; rateLimit?: MockRateLimit | false } & TConfig): void;
  /** Clears counters, tokens, queued failures and the rate-limit window. */
  reset(): void;
}

/** Creates a framework-free mock token endpoint speaking `dialect`. */
export function createTokenMock<P extends string, TSuccess, TError, TConfig extends object = object>(
  dialect: TokenMockDialect<P, TSuccess, TError, TConfig>,
  options: TokenMockOptions = {},
): ProviderTokenMock<P, TSuccess, TError, TConfig> {
  const authority = new MockTokenAuthority(dialect.provider, options.clock);
  let expiresIn = options.expiresIn ?? dialect.defaultExpiresIn;
  let rateLimit = options.rateLimit === undefined ? (dialect.defaultRateLimit ?? false) : options.rateLimit;
  let last: { headers: Record<string, string>; body: unknown } | undefined;
  let serial = 0;
  const context = (): TokenMockReplyContext => {
    serial += 1;
    return { requestId: `${dialect.provider}-req-${serial}`, now: () => authority.now() };
  };
  const reply = <T>(ctx: TokenMockReplyContext, rendered: DialectReply<T>, headers: Record<string, string> = {}) => ({
    status: rendered.status,
    headers: { "x-request-id": ctx.requestId, ...rendered.headers, ...headers },
    body: rendered.body,
  });

  return {
    provider: dialect.provider,
    expiresInUnitMs: dialect.expiresInUnitMs,
    get stats() {
      return authority.stats;
    },
    get lastTokenRequest() {
      return last;
    },
    tokenRequest(request) {
      authority.stats.tokenRequests += 1;
      last = { headers: Object.fromEntries(request.headers), body: request.body };
      const ctx = context();
      const limit = authority.checkRateLimit(rateLimit || undefined);
      const limitHeaders = limit && dialect.rateLimitHeaders ? dialect.rateLimitHeaders(limit, authority.now()) : {};
      if (limit?.limited) return reply(ctx, dialect.error({ kind: "rate_limited", status: 429 }, ctx), limitHeaders);
      const failure = authority.takeFailure();
      if (failure) {
        const extra = { ...limitHeaders, ...failureHeaders(failure) };
        if (failure.body !== undefined)
          return reply(ctx, { status: failure.status, body: failure.body as TError }, extra);
        return reply(ctx, dialect.error({ kind: "injected_failure", status: failure.status }, ctx), extra);
      }
      const credentials = dialect.readCredentials(request, ctx);
      if ("status" in credentials) return reply(ctx, credentials, limitHeaders);
      const wrongId = options.clientId !== undefined && credentials.clientId !== options.clientId;
      const wrongSecret = options.clientSecret !== undefined && credentials.clientSecret !== options.clientSecret;
      if (wrongId || wrongSecret) {
        return reply(ctx, dialect.error({ kind: "invalid_client", status: 401 }, ctx), limitHeaders);
      }
      const accessToken = authority.issue(expiresIn * dialect.expiresInUnitMs);
      return reply(ctx, dialect.success({ accessToken, expiresIn }, ctx), limitHeaders);
    },
    authorize(headers) {
      authority.stats.apiRequests += 1;
      const token = bearerToken(headers);
      if (token !== undefined && authority.isValid(token)) return undefined;
      if (dialect.acceptsApiCredentials?.(headers)) return undefined;
      authority.stats.unauthorized += 1;
      const ctx = context();
      return reply(ctx, dialect.error({ kind: "unauthorized", status: 401 }, ctx));
    },
    failNextTokenRequests(count, failure = { status: 503 }) {
      authority.queueFailures(count, failure);
    },
    revokeTokens() {
      authority.revokeAll();
    },
    configure(changes) {
      if (changes.expiresIn !== undefined) expiresIn = changes.expiresIn;
      if (changes.rateLimit !== undefined) rateLimit = changes.rateLimit;
      dialect.configure?.(changes);
    },
    reset() {
      authority.reset();
      last = undefined;
    },
  };
}

/** Reads a JSON body as a record (empty when it is not an object). */
export function bodyRecord(body: unknown): Record<string, unknown> {
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** The named fields that are missing or not a non-empty string. */
export function missingStringFields(record: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.filter((field) => typeof record[field] !== "string" || record[field] === "");
}
