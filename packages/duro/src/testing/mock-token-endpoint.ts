/**
 * Duro's token endpoint as a framework-free mock: `grant_type: "client_credentials"` with a
 * snake_case body, 200 `{access_token, token_type, expires_in}` in seconds, `{error: {code, message}}`
 * errors and a bare 429 `rate_limited` (no rate-limit headers). The API side also accepts secret keys.
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
import type { operations } from "../generated/openapi.gen.js";

/** Duro's success body, as the spec types it. */
export type DuroTokenBody = operations["oauthToken"]["responses"][200]["content"]["application/json"];
/** Duro's error body (documented, not in the spec). */
export interface DuroErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Knobs of the Duro mock; all optional. */
export interface DuroMockOptions {
  /** `expires_in` of issued tokens, in seconds. Default 3600 (60-minute tokens). */
  expiresIn?: number;
  /** Accepted credentials; when omitted any non-empty pair is accepted. */
  clientId?: string;
  clientSecret?: string;
  /** Secret keys the API accepts as bearer tokens. Default: any `sk_test_` / `sk_live_` key. */
  apiKeys?: readonly string[];
  /** Token-request rate limit (bare 429 `rate_limited`); off (`false`) by default. */
  rateLimit?: MockRateLimit | false;
  /** Clock deciding token expiry. Default `Date.now`. */
  clock?: MockClock;
}

/** A Duro token-endpoint mock with its counters and knobs. */
export interface DuroTokenMock {
  readonly provider: "duro";
  /** Milliseconds per `expires_in` unit: 1,000 (seconds). */
  readonly expiresInUnitMs: number;
  readonly stats: Readonly<MockStats>;
  /** The last token request's headers (lower-case names) and parsed body. */
  readonly lastTokenRequest: { headers: Record<string, string>; body: unknown } | undefined;
  /** Answers one token request. */
  tokenRequest(request: { headers: Headers; body: unknown }): MockReply<DuroTokenBody | DuroErrorBody>;
  /** Checks an API request's bearer token or secret key: `undefined` when authorized, else the 401 reply. */
  authorize(headers: Headers): MockReply<DuroErrorBody> | undefined;
  /** Makes the next `count` token requests fail (default: HTTP 503). */
  failNextTokenRequests(count: number, failure?: MockFailure<DuroErrorBody>): void;
  /** Invalidates every issued token (secret keys stay valid). */
  revokeTokens(): void;
  /** Changes knobs at run time. */
  configure(options: Pick<DuroMockOptions, "expiresIn" | "rateLimit">): void;
  /** Clears counters, tokens and queued failures. */
  reset(): void;
}

/** The token path as routed on a Duro base URL. */
export const DURO_MOCK_TOKEN_PATH = "/v1/oauth/token";

const SECOND_MS = 1000;
const SECRET_KEY = /^sk_(test|live)_\S+$/;

/** Creates a framework-free mock of Duro's token endpoint. */
export function createDuroTokenMock(options: DuroMockOptions = {}): DuroTokenMock {
  const authority = new MockTokenAuthority("duro", options.clock);
  let expiresIn = options.expiresIn ?? 3600;
  let rateLimit = options.rateLimit ?? false;
  const apiKeys = options.apiKeys ? new Set(options.apiKeys) : undefined;
  let last: DuroTokenMock["lastTokenRequest"];
  let requestSerial = 0;
  const error = (status: number, code: string, message: string): MockReply<DuroErrorBody> => {
    requestSerial += 1;
    return { status, headers: { "x-request-id": `duro-req-${requestSerial}` }, body: { error: { code, message } } };
  };

  return {
    provider: "duro",
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
      if (authority.checkRateLimit(rateLimit || undefined)?.limited) {
        return error(429, "rate_limited", "Too many requests");
      }
      const failure = authority.takeFailure();
      if (failure) {
        const reply = error(failure.status, "injected_failure", `Injected failure (HTTP ${failure.status})`);
        const body = failure.body === undefined ? reply.body : (failure.body as DuroErrorBody);
        return { status: failure.status, headers: { ...reply.headers, ...failureHeaders(failure) }, body };
      }
      const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
      if (record.grant_type !== "client_credentials") {
        return error(400, "unsupported_grant_type", 'grant_type must be "client_credentials"');
      }
      const missing = ["client_id", "client_secret"].filter((f) => typeof record[f] !== "string" || record[f] === "");
      if (missing.length > 0) return error(400, "invalid_request", `missing ${missing.join(", ")}`);
      const wrongId = options.clientId !== undefined && record.client_id !== options.clientId;
      const wrongSecret = options.clientSecret !== undefined && record.client_secret !== options.clientSecret;
      if (wrongId || wrongSecret) return error(401, "invalid_client", "Client authentication failed");
      requestSerial += 1;
      return {
        status: 200,
        headers: { "x-request-id": `duro-req-${requestSerial}` },
        body: { access_token: authority.issue(expiresIn * SECOND_MS), token_type: "Bearer", expires_in: expiresIn },
      };
    },
    authorize(headers) {
      authority.stats.apiRequests += 1;
      const token = bearerToken(headers);
      if (token !== undefined) {
        if (authority.isValid(token)) return undefined;
        if (apiKeys ? apiKeys.has(token) : SECRET_KEY.test(token)) return undefined;
      }
      authority.stats.unauthorized += 1;
      return error(401, "unauthorized", "Invalid or expired credentials");
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
