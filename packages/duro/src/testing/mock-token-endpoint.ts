/**
 * Duro's token endpoint dialect for auth-core's generic mock: `grant_type: "client_credentials"` with
 * a snake_case body, 200 `{access_token, token_type, expires_in}` in seconds, `{error: {code, message}}`
 * errors and a bare 429 `rate_limited` (no rate-limit headers). The API side also accepts secret keys.
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
import type { operations } from "../generated/openapi.gen.js";
import { DURO_DEFAULT_BASE_URL } from "../options.js";

/** Duro's success body, as the spec types it. */
export type DuroTokenBody = operations["oauthToken"]["responses"][200]["content"]["application/json"];
/** Duro's error body (documented, not in the spec). */
export interface DuroErrorBody {
  /** The error: a machine-readable `code` (e.g. `invalid_client`), a human `message` and optional `details`. */
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Knobs of the Duro mock; all optional. `expiresIn` is in seconds (default 3600); no rate limit by default. */
export interface DuroMockOptions extends TokenMockOptions {
  /** Secret keys the API accepts as bearer tokens. Default: any `sk_test_` / `sk_live_` key. */
  apiKeys?: readonly string[];
}

/** A Duro token-endpoint mock (`expiresInUnitMs` is 1,000: seconds); revoking tokens leaves secret keys valid. */
export interface DuroTokenMock extends ProviderTokenMock<"duro", DuroTokenBody, DuroErrorBody> {}

/** The token path as routed on a Duro base URL. */
export const DURO_MOCK_TOKEN_PATH = "/v1/oauth/token";

const SECRET_KEY = /^sk_(test|live)_\S+$/;

const ERRORS = {
  rate_limited: ["rate_limited", "Too many requests"],
  invalid_client: ["invalid_client", "Client authentication failed"],
  unauthorized: ["unauthorized", "Invalid or expired credentials"],
} as const;

const fail = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

function duroDialect(options: DuroMockOptions): TokenMockDialect<"duro", DuroTokenBody, DuroErrorBody> {
  const apiKeys = options.apiKeys ? new Set(options.apiKeys) : undefined;
  return {
    provider: "duro",
    tokenPath: DURO_MOCK_TOKEN_PATH,
    expiresInUnitMs: 1000,
    defaultExpiresIn: 3600,
    readCredentials({ body }) {
      const record = bodyRecord(body);
      if (record.grant_type !== "client_credentials") {
        return fail(400, "unsupported_grant_type", 'grant_type must be "client_credentials"');
      }
      const missing = missingStringFields(record, ["client_id", "client_secret"]);
      if (missing.length > 0) return fail(400, "invalid_request", `missing ${missing.join(", ")}`);
      return { clientId: record.client_id as string, clientSecret: record.client_secret as string };
    },
    success: ({ accessToken, expiresIn }) => ({
      status: 200,
      body: { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn },
    }),
    error({ kind, status }) {
      if (kind === "injected_failure") return fail(status, "injected_failure", `Injected failure (HTTP ${status})`);
      const [code, message] = ERRORS[kind];
      return fail(status, code, message);
    },
    acceptsApiCredentials(headers) {
      const token = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
      return token !== undefined && (apiKeys ? apiKeys.has(token) : SECRET_KEY.test(token));
    },
  };
}

/** Creates a framework-free mock of Duro's token endpoint. */
export function createDuroTokenMock(options: DuroMockOptions = {}): DuroTokenMock {
  return createTokenMock(duroDialect(options), options);
}

/** Duro's mock as the generic factory and the loopback emulator read it. */
export const mockDefinition = defineProviderMock<DuroTokenMock, DuroMockOptions>({
  provider: "duro",
  tokenPath: DURO_MOCK_TOKEN_PATH,
  defaultBaseUrl: DURO_DEFAULT_BASE_URL,
  apiFaults: {
    idempotencyHeader: "Idempotency-Key",
    errorBody: (status) => ({ error: { code: "injected_failure", message: `Injected failure (HTTP ${status})` } }),
  },
  createTokenMock: createDuroTokenMock,
});
