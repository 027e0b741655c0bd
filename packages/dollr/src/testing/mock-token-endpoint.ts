/**
 * Dollr's token endpoint dialect for auth-core's generic mock: snake_case body, 200
 * `{access_token, expires_in}` with `expires_in` in MINUTES, FastAPI-style `detail` error bodies
 * (a 422 validation list for missing fields) and `Retry-After` on 429.
 * The msw handlers (../testing.ts) and the loopback emulator both drive it.
 */

import {
  bodyRecord,
  createTokenMock,
  defineProviderMock,
  missingStringFields,
  type ProviderTokenMock,
  type TokenMockDialect,
  type TokenMockOptions,
} from "@scope/auth-core/testing/core";
import type { components } from "../generated/openapi.gen.js";
import { DOLLR_DEFAULT_BASE_URL } from "../options.js";

/** Dollr's success body, as the spec types it. */
export type DollrTokenBody = components["schemas"]["ObtainTokenResponse"];
/** Dollr's error bodies: the 422 validation list, or a plain `detail` string. */
export type DollrErrorBody = components["schemas"]["HTTPValidationError"] | { detail: string };

/** Knobs of the Dollr mock; all optional. `expiresIn` is in MINUTES (Dollr's unit), default 60; no rate limit by default. */
export interface DollrMockOptions extends TokenMockOptions {}

/** A Dollr token-endpoint mock with its counters and knobs (`expiresInUnitMs` is 60,000: minutes). */
export interface DollrTokenMock extends ProviderTokenMock<"dollr", DollrTokenBody, DollrErrorBody> {}

/** The token path as routed on a Dollr base URL. */
export const DOLLR_MOCK_TOKEN_PATH = "/v1/jwt/client/obtain/token";

const MESSAGES = {
  rate_limited: "Too many requests",
  invalid_client: "Invalid client credentials",
  unauthorized: "Could not validate credentials",
} as const;

const dollrDialect: TokenMockDialect<"dollr", DollrTokenBody, DollrErrorBody> = {
  provider: "dollr",
  tokenPath: DOLLR_MOCK_TOKEN_PATH,
  expiresInUnitMs: 60_000,
  defaultExpiresIn: 60,
  readCredentials({ body }) {
    const record = bodyRecord(body);
    const missing = missingStringFields(record, ["client_id", "client_secret"]);
    if (missing.length === 0)
      return { clientId: record.client_id as string, clientSecret: record.client_secret as string };
    const detail = missing.map((field) => ({ loc: ["body", field], msg: "Field required", type: "missing" }));
    return { status: 422, body: { detail } };
  },
  success: ({ accessToken, expiresIn }) => ({
    status: 200,
    body: { access_token: accessToken, expires_in: expiresIn },
  }),
  error({ kind, status }) {
    if (kind === "injected_failure" && status === 422) {
      const detail = [{ loc: ["body", "client_id"], msg: "Injected validation failure", type: "value_error" }];
      return { status, body: { detail } };
    }
    if (kind === "injected_failure") return { status, body: { detail: `Injected failure (HTTP ${status})` } };
    const headers: Record<string, string> = kind === "unauthorized" ? { "www-authenticate": "Bearer" } : {};
    return { status, body: { detail: MESSAGES[kind] }, headers };
  },
  rateLimitHeaders: (limit, nowMs): Record<string, string> =>
    limit.limited ? { "retry-after": String(Math.max(1, limit.resetAtSeconds - Math.floor(nowMs / 1000))) } : {},
};

/** Creates a framework-free mock of Dollr's token endpoint. */
export function createDollrTokenMock(options: DollrMockOptions = {}): DollrTokenMock {
  return createTokenMock(dollrDialect, options);
}

/** Dollr's mock as the generic factory and the loopback emulator read it. */
export const mockDefinition = defineProviderMock<DollrTokenMock, DollrMockOptions>({
  provider: "dollr",
  tokenPath: DOLLR_MOCK_TOKEN_PATH,
  defaultBaseUrl: DOLLR_DEFAULT_BASE_URL,
  apiFaults: {
    idempotencyBodyField: "reference_id",
    errorBody: (status) => ({ detail: `Injected failure (HTTP ${status})` }),
  },
  createTokenMock: createDollrTokenMock,
});
