/**
 * Turris' token endpoint as a framework-free mock: camelCase body, **201** with a `data` envelope
 * (optionally also `statusCode`), `expiresIn` in seconds, `ErrorResponseDto` errors, and a token
 * rate limit of 10 requests a minute reported in `X-RateLimit-*` headers (no `Retry-After`).
 * The msw handlers (../testing.ts) and the loopback emulator both drive it.
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
} from "@scope/auth-core/testing";
import type { components, operations } from "../generated/openapi.gen.js";

/** Turris' 201 body as the spec types it, plus the `statusCode` the live API also sends. */
export type TurrisTokenBody =
  operations["AuthController_getToken_v1"]["responses"][201]["content"]["application/json"] & {
    statusCode?: number;
  };
/** Turris' error body. */
export type TurrisErrorBody = components["schemas"]["ErrorResponseDto"];

/** Knobs of the Turris mock; all optional. */
export interface TurrisMockOptions {
  /** `expiresIn` of issued tokens, in seconds. Default 3600. */
  expiresIn?: number;
  /** Accepted credentials; when omitted any non-empty pair is accepted. */
  clientId?: string;
  clientSecret?: string;
  /** Token-request rate limit. Default 10 per 60 s, as Turris documents; `false` turns it off. */
  rateLimit?: MockRateLimit | false;
  /** Also send `statusCode: 201` in the success envelope. Default true. */
  includeStatusCode?: boolean;
  /** Static `x-restricted-access-token` values the API accepts instead of a bearer token. */
  restrictedAccessTokens?: readonly string[];
  /** Clock deciding token expiry and the rate-limit window. Default `Date.now`. */
  clock?: MockClock;
}

/** A Turris token-endpoint mock with its counters and knobs. */
export interface TurrisTokenMock {
  readonly provider: "turris";
  /** Milliseconds per `expiresIn` unit: 1,000 (seconds). */
  readonly expiresInUnitMs: number;
  readonly stats: Readonly<MockStats>;
  /** The last token request's headers (lower-case names) and parsed body. */
  readonly lastTokenRequest: { headers: Record<string, string>; body: unknown } | undefined;
  /** Answers one token request. */
  tokenRequest(request: { headers: Headers; body: unknown }): MockReply<TurrisTokenBody | TurrisErrorBody>;
  /** Checks an API request's credentials: `undefined` when authorized, else the 401 reply. */
  authorize(headers: Headers): MockReply<TurrisErrorBody> | undefined;
  /** Makes the next `count` token requests fail (default: HTTP 503). */
  failNextTokenRequests(count: number, failure?: MockFailure<TurrisErrorBody>): void;
  /** Invalidates every issued token. */
  revokeTokens(): void;
  /** Changes knobs at run time. */
  configure(options: Pick<TurrisMockOptions, "expiresIn" | "rateLimit" | "includeStatusCode">): void;
  /** Clears counters, tokens, queued failures and the rate-limit window. */
  reset(): void;
}

/** The token path as routed on a Turris base URL. */
export const TURRIS_MOCK_TOKEN_PATH = "/v1/auth/jwt";

const SECOND_MS = 1000;
const DEFAULT_RATE_LIMIT: MockRateLimit = { limit: 10, windowMs: 60_000 };

/** Creates a framework-free mock of Turris' token endpoint. */
export function createTurrisTokenMock(options: TurrisMockOptions = {}): TurrisTokenMock {
  const authority = new MockTokenAuthority("turris", options.clock);
  let expiresIn = options.expiresIn ?? 3600;
  let rateLimit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit;
  let includeStatusCode = options.includeStatusCode ?? true;
  const restricted = new Set(options.restrictedAccessTokens ?? []);
  let last: TurrisTokenMock["lastTokenRequest"];
  let requestSerial = 0;
  const nextRequestId = (): string => {
    requestSerial += 1;
    return `turris-req-${requestSerial}`;
  };
  const error = (status: number, errorType: string, messages: string[], headers: Record<string, string> = {}) => {
    const requestId = nextRequestId();
    const body: TurrisErrorBody = {
      statusCode: status,
      requestId,
      errorType,
      errorMessage: messages,
      timestamp: new Date(authority.now()).toISOString(),
    };
    return { status, headers: { "x-request-id": requestId, ...headers }, body };
  };

  return {
    provider: "turris",
    expiresInUnitMs: SECOND_MS,
    get stats() {
      return authority.stats;
    },
    get lastTokenRequest() {
      return last;
    },
    tokenRequest({ headers, body }) {
      authority.stats.tokenRequests += 1;
      last = { headers: Object.fromEntries(headers), body };
      const limit = authority.checkRateLimit(rateLimit || undefined);
      const limitHeaders: Record<string, string> = limit
        ? {
            "x-ratelimit-limit": String(limit.limit),
            "x-ratelimit-remaining": String(limit.remaining),
            "x-ratelimit-reset": String(limit.resetAtSeconds),
          }
        : {};
      if (limit?.limited) return error(429, "RATE_LIMIT_EXCEEDED", ["Too many token requests"], limitHeaders);
      const failure = authority.takeFailure();
      if (failure) {
        const extra = failureHeaders(failure);
        if (failure.body !== undefined) {
          return {
            status: failure.status,
            headers: { ...limitHeaders, ...extra },
            body: failure.body as TurrisErrorBody,
          };
        }
        return error(failure.status, "INJECTED_FAILURE", [`Injected failure (HTTP ${failure.status})`], {
          ...limitHeaders,
          ...extra,
        });
      }
      const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
      const missing = ["clientId", "clientSecret"].filter((f) => typeof record[f] !== "string" || record[f] === "");
      if (missing.length > 0) {
        return error(
          400,
          "VALIDATION_ERROR",
          missing.map((field) => `${field} must be a non-empty string`),
          limitHeaders,
        );
      }
      const wrongId = options.clientId !== undefined && record.clientId !== options.clientId;
      const wrongSecret = options.clientSecret !== undefined && record.clientSecret !== options.clientSecret;
      if (wrongId || wrongSecret) return error(401, "UNAUTHORIZED", ["Invalid client credentials"], limitHeaders);
      const requestId = nextRequestId();
      const envelope: TurrisTokenBody = {
        data: { accessToken: authority.issue(expiresIn * SECOND_MS), expiresIn, tokenType: "Bearer" },
        requestId,
        timestamp: new Date(authority.now()).toISOString(),
      };
      if (includeStatusCode) envelope.statusCode = 201;
      return { status: 201, headers: { "x-request-id": requestId, ...limitHeaders }, body: envelope };
    },
    authorize(headers) {
      authority.stats.apiRequests += 1;
      const token = bearerToken(headers);
      if (token !== undefined && authority.isValid(token)) return undefined;
      const restrictedToken = headers.get("x-restricted-access-token");
      if (restrictedToken !== null && restricted.has(restrictedToken)) return undefined;
      authority.stats.unauthorized += 1;
      return error(401, "UNAUTHORIZED", ["Invalid or expired access token"]);
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
      if (changes.includeStatusCode !== undefined) includeStatusCode = changes.includeStatusCode;
    },
    reset() {
      authority.reset();
      last = undefined;
    },
  };
}
