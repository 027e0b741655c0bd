/**
 * Dollr's token endpoint as a framework-free mock: snake_case body, 200 `{access_token, expires_in}`
 * with `expires_in` in MINUTES, FastAPI-style `detail` error bodies and `Retry-After` on 429.
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
import type { components } from "../generated/openapi.gen.js";

/** Dollr's success body, as the spec types it. */
export type DollrTokenBody = components["schemas"]["ObtainTokenResponse"];
/** Dollr's error bodies: the 422 validation list, or a plain `detail` string. */
export type DollrErrorBody = components["schemas"]["HTTPValidationError"] | { detail: string };

/** Knobs of the Dollr mock; all optional. */
export interface DollrMockOptions {
  /** `expires_in` of issued tokens, in MINUTES (Dollr's unit). Default 60. */
  expiresIn?: number;
  /** Accepted credentials; when omitted any non-empty pair is accepted. */
  clientId?: string;
  clientSecret?: string;
  /** Token-request rate limit (answered 429 with `Retry-After`); off (`false`) by default. */
  rateLimit?: MockRateLimit | false;
  /** Clock deciding token expiry on the mock side. Default `Date.now`. */
  clock?: MockClock;
}

/** A Dollr token-endpoint mock with its counters and knobs. */
export interface DollrTokenMock {
  readonly provider: "dollr";
  /** Milliseconds per `expires_in` unit: 60,000 (minutes). */
  readonly expiresInUnitMs: number;
  readonly stats: Readonly<MockStats>;
  /** The last token request's headers (lower-case names) and parsed body. */
  readonly lastTokenRequest: { headers: Record<string, string>; body: unknown } | undefined;
  /** Answers one token request. */
  tokenRequest(request: { headers: Headers; body: unknown }): MockReply<DollrTokenBody | DollrErrorBody>;
  /** Checks an API request's bearer token: `undefined` when authorized, else the 401 reply. */
  authorize(headers: Headers): MockReply<DollrErrorBody> | undefined;
  /** Makes the next `count` token requests fail (default: HTTP 503). */
  failNextTokenRequests(count: number, failure?: MockFailure<DollrErrorBody>): void;
  /** Invalidates every issued token. */
  revokeTokens(): void;
  /** Changes knobs at run time. */
  configure(options: Pick<DollrMockOptions, "expiresIn" | "rateLimit">): void;
  /** Clears counters, tokens and queued failures. */
  reset(): void;
}

/** The token path as routed on a Dollr base URL. */
export const DOLLR_MOCK_TOKEN_PATH = "/v1/jwt/client/obtain/token";

const MINUTE_MS = 60_000;

/** Creates a framework-free mock of Dollr's token endpoint. */
export function createDollrTokenMock(options: DollrMockOptions = {}): DollrTokenMock {
  const authority = new MockTokenAuthority("dollr", options.clock);
  let expiresIn = options.expiresIn ?? 60;
  let rateLimit = options.rateLimit ?? false;
  let last: DollrTokenMock["lastTokenRequest"];
  let requestSerial = 0;
  const headersFor = (extra: Record<string, string> = {}): Record<string, string> => {
    requestSerial += 1;
    return { "x-request-id": `dollr-req-${requestSerial}`, ...extra };
  };

  return {
    provider: "dollr",
    expiresInUnitMs: MINUTE_MS,
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
      if (limit?.limited) {
        const retryAfter = String(Math.max(1, limit.resetAtSeconds - Math.floor(authority.now() / 1000)));
        return {
          status: 429,
          headers: headersFor({ "retry-after": retryAfter }),
          body: { detail: "Too many requests" },
        };
      }
      const failure = authority.takeFailure();
      if (failure) return failureReply(failure, headersFor);
      const missing = missingFields(body);
      if (missing.length > 0) {
        const detail = missing.map((field) => ({ loc: ["body", field], msg: "Field required", type: "missing" }));
        return { status: 422, headers: headersFor(), body: { detail } };
      }
      const { client_id, client_secret } = body as Record<string, string>;
      const wrongId = options.clientId !== undefined && client_id !== options.clientId;
      const wrongSecret = options.clientSecret !== undefined && client_secret !== options.clientSecret;
      if (wrongId || wrongSecret) {
        return { status: 401, headers: headersFor(), body: { detail: "Invalid client credentials" } };
      }
      const access_token = authority.issue(expiresIn * MINUTE_MS);
      return { status: 200, headers: headersFor(), body: { access_token, expires_in: expiresIn } };
    },
    authorize(headers) {
      authority.stats.apiRequests += 1;
      const token = bearerToken(headers);
      if (token !== undefined && authority.isValid(token)) return undefined;
      authority.stats.unauthorized += 1;
      return {
        status: 401,
        headers: headersFor({ "www-authenticate": "Bearer" }),
        body: { detail: "Could not validate credentials" },
      };
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
    },
    reset() {
      authority.reset();
      last = undefined;
    },
  };
}

function missingFields(body: unknown): string[] {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return ["client_id", "client_secret"].filter((field) => typeof record[field] !== "string" || record[field] === "");
}

function failureReply(
  failure: MockFailure,
  headersFor: (extra?: Record<string, string>) => Record<string, string>,
): MockReply<DollrErrorBody> {
  const extra = failureHeaders(failure);
  if (failure.body !== undefined)
    return { status: failure.status, headers: headersFor(extra), body: failure.body as DollrErrorBody };
  if (failure.status === 422) {
    const detail = [{ loc: ["body", "client_id"], msg: "Injected validation failure", type: "value_error" }];
    return { status: 422, headers: headersFor(extra), body: { detail } };
  }
  return {
    status: failure.status,
    headers: headersFor(extra),
    body: { detail: `Injected failure (HTTP ${failure.status})` },
  };
}
