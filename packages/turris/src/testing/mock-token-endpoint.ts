/**
 * Turris' token endpoint dialect for auth-core's generic mock: camelCase body, **201** with a `data`
 * envelope (optionally also `statusCode`), `expiresIn` in seconds, `ErrorResponseDto` errors, and a
 * token rate limit of 10 requests a minute reported in `X-RateLimit-*` headers (no `Retry-After`).
 * The API side also accepts static `x-restricted-access-token` values.
 * The msw handlers (../testing.ts) and the loopback emulator both drive it.
 */

import {
  bodyRecord,
  createTokenMock,
  defineProviderMock,
  type MockRateLimit,
  missingStringFields,
  type ProviderTokenMock,
  type TokenMockDialect,
  type TokenMockOptions,
} from "@scope/auth-core/testing/core";
import type { components, operations } from "../generated/openapi.gen.js";
import { TURRIS_DEFAULT_BASE_URL } from "../options.js";

/** Turris' 201 body as the spec types it, plus the `statusCode` the live API also sends. */
export type TurrisTokenBody =
  operations["AuthController_getToken_v1"]["responses"][201]["content"]["application/json"] & {
    statusCode?: number;
  };
/** Turris' error body. */
export type TurrisErrorBody = components["schemas"]["ErrorResponseDto"];

/** Turris' own run-time knob. */
interface TurrisMockConfig {
  /** Also send `statusCode: 201` in the success envelope. Default true. */
  includeStatusCode?: boolean;
}

/**
 * Knobs of the Turris mock; all optional. `expiresIn` is in seconds (default 3600); the rate limit
 * defaults to 10 per 60 s, as Turris documents (`false` turns it off).
 */
export interface TurrisMockOptions extends TokenMockOptions, TurrisMockConfig {
  /** Static `x-restricted-access-token` values the API accepts instead of a bearer token. */
  restrictedAccessTokens?: readonly string[];
}

/** A Turris token-endpoint mock with its counters and knobs (`expiresInUnitMs` is 1,000: seconds). */
export interface TurrisTokenMock
  extends ProviderTokenMock<"turris", TurrisTokenBody, TurrisErrorBody, TurrisMockConfig> {}

/** The token path as routed on a Turris base URL. */
export const TURRIS_MOCK_TOKEN_PATH = "/v1/auth/jwt";

const DEFAULT_RATE_LIMIT: MockRateLimit = { limit: 10, windowMs: 60_000 };

const ERRORS = {
  rate_limited: ["RATE_LIMIT_EXCEEDED", "Too many token requests"],
  invalid_client: ["UNAUTHORIZED", "Invalid client credentials"],
  unauthorized: ["UNAUTHORIZED", "Invalid or expired access token"],
} as const;

function turrisDialect(
  options: TurrisMockOptions,
): TokenMockDialect<"turris", TurrisTokenBody, TurrisErrorBody, TurrisMockConfig> {
  let includeStatusCode = options.includeStatusCode ?? true;
  const restricted = new Set(options.restrictedAccessTokens ?? []);
  const errorBody = (status: number, errorType: string, messages: string[], requestId: string, now: number) => ({
    status,
    body: { statusCode: status, requestId, errorType, errorMessage: messages, timestamp: new Date(now).toISOString() },
  });
  return {
    provider: "turris",
    tokenPath: TURRIS_MOCK_TOKEN_PATH,
    expiresInUnitMs: 1000,
    defaultExpiresIn: 3600,
    defaultRateLimit: DEFAULT_RATE_LIMIT,
    readCredentials({ body }, { requestId, now }) {
      const record = bodyRecord(body);
      const missing = missingStringFields(record, ["clientId", "clientSecret"]);
      if (missing.length === 0)
        return { clientId: record.clientId as string, clientSecret: record.clientSecret as string };
      const messages = missing.map((field) => `${field} must be a non-empty string`);
      return errorBody(400, "VALIDATION_ERROR", messages, requestId, now());
    },
    success({ accessToken, expiresIn }, { requestId, now }) {
      const envelope: TurrisTokenBody = {
        data: { accessToken, expiresIn, tokenType: "Bearer" },
        requestId,
        timestamp: new Date(now()).toISOString(),
      };
      if (includeStatusCode) envelope.statusCode = 201;
      return { status: 201, body: envelope };
    },
    error({ kind, status }, { requestId, now }) {
      const [errorType, message] =
        kind === "injected_failure" ? ["INJECTED_FAILURE", `Injected failure (HTTP ${status})`] : ERRORS[kind];
      return errorBody(status, errorType, [message], requestId, now());
    },
    rateLimitHeaders: (limit) => ({
      "x-ratelimit-limit": String(limit.limit),
      "x-ratelimit-remaining": String(limit.remaining),
      "x-ratelimit-reset": String(limit.resetAtSeconds),
    }),
    acceptsApiCredentials(headers) {
      const token = headers.get("x-restricted-access-token");
      return token !== null && restricted.has(token);
    },
    configure(changes) {
      if (changes.includeStatusCode !== undefined) includeStatusCode = changes.includeStatusCode;
    },
  };
}

/** Creates a framework-free mock of Turris' token endpoint. */
export function createTurrisTokenMock(options: TurrisMockOptions = {}): TurrisTokenMock {
  return createTokenMock(turrisDialect(options), options);
}

/** Turris' mock as the generic factory and the loopback emulator read it. */
export const mockDefinition = defineProviderMock<TurrisTokenMock, TurrisMockOptions>({
  provider: "turris",
  tokenPath: TURRIS_MOCK_TOKEN_PATH,
  defaultBaseUrl: TURRIS_DEFAULT_BASE_URL,
  apiFaults: {
    idempotencyHeader: "idempotency-key",
    errorBody: (status) => ({
      statusCode: status,
      requestId: "turris-injected",
      errorType: "INJECTED_FAILURE",
      errorMessage: [`Injected failure (HTTP ${status})`],
      timestamp: new Date(0).toISOString(),
    }),
  },
  createTokenMock: createTurrisTokenMock,
});
